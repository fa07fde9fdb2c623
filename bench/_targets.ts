/**
 * The speed and memory targets, evaluated on a runtime's figures over
 * repeated runs: each is met, unstable or missed (see `_stats.ts`), or not
 * measured, with its median and range. Every ratio is taken per process
 * (subject and reference in the same process; against Erlang, the Erlang runs
 * on either side of it) and then summarised, so machine drift between
 * processes cancels out of each ratio.
 *
 * The targets of issue 13 apply to the realistic forms: a fresh message per
 * send, idle actors that have handled mail, actors that started before they
 * were stopped. The earlier targets of issue 5 are kept beside them.
 *
 * @module
 */

import {
  erlangRatios,
  pairedRatios,
  type RuntimeFigures,
  type SuiteEntry,
} from "./_suite.ts";
import type { ShiftFinding } from "./_shift_scan.ts";
import {
  formatNs,
  formatRatio,
  formatSpread,
  type Goal,
  judge,
  type Spread,
  spread,
  type Verdict,
} from "./_stats.ts";

export { formatNs, formatRatio } from "./_stats.ts";

/** One evaluated target. */
export interface TargetResult {
  readonly id: string;
  /** The issue that set the target. */
  readonly issue: number;
  /** The target in words. */
  readonly text: string;
  readonly status: Verdict;
  /** The figure over the runs. */
  readonly spread: Spread;
  /** The figure as text (`"0.62× (0.55×–0.70×)"`), or why there is none. */
  readonly measured: string;
  /** What the floor runtime reaches on the same measure, when it applies. */
  readonly floor?: string;
}

/** A ratio target: the subject's throughput over the reference's. */
export interface RatioTarget {
  readonly id: string;
  readonly issue: number;
  readonly text: string;
  readonly subject: string;
  /** A case id, or `erlang:<id>` for the Erlang peer. */
  readonly reference: string;
  readonly goal: Goal;
  /** The floor case to evaluate the same way, for context. */
  readonly floor?: string;
}

/** The ratio targets, issue 13's first. */
export const RATIO_TARGETS: readonly RatioTarget[] = [
  {
    id: "counting-erlang",
    issue: 13,
    text: "counting ≥ 5× Erlang/OTP (`erl +S 1`), fresh message per send",
    subject: "savina/counting/understudy",
    reference: "erlang:counting",
    goal: { value: 5, kind: "min" },
    floor: "savina/counting/floor",
  },
  ...(["ping-pong", "thread-ring", "fan-out"] as const).map((name) => {
    const prefix = name === "thread-ring" ? "savina/thread-ring" : name;
    return {
      id: `${name}-floor`,
      issue: 13,
      text: `${name} ≥ 0.6× the floor, every run ≥ 0.5×`,
      subject: `${prefix}/understudy`,
      reference: `${prefix}/floor`,
      goal: { value: 0.6, kind: "min", every: 0.5 } as const,
    };
  }),
  {
    id: "ask-promise",
    issue: 13,
    text: "ask ≥ 0.35× a bare promise round trip",
    subject: "ask/understudy",
    reference: "ask/promise",
    goal: { value: 0.35, kind: "min" },
    floor: "ask/floor",
  },
  {
    id: "tell-xstate",
    issue: 13,
    text: "tell, fresh message per send, ≥ 60× xstate v5 (createMachine)",
    subject: "tell/understudy",
    reference: "tell/xstate",
    goal: { value: 60, kind: "min" },
    floor: "tell/floor",
  },
  {
    id: "supervisor-scale",
    issue: 13,
    text:
      "startChild + terminateChild with 20,000 children ≥ 0.5× with none (no cost per child held)",
    subject: "spawn/start-child-held",
    reference: "spawn/start-child-empty",
    goal: { value: 0.5, kind: "min" },
  },
  {
    id: "publish-tell",
    issue: 10,
    text: "publish to 1000 subscribers ≥ 0.8× a loop of 1000 tells",
    subject: "pubsub/publish",
    reference: "pubsub/tell-loop",
    goal: { value: 0.8, kind: "min" },
  },
  {
    id: "counting-raw-ring",
    issue: 5,
    text: "counting ≥ 0.7× raw ring",
    subject: "savina/counting/understudy",
    reference: "savina/counting/raw-ring",
    goal: { value: 0.7, kind: "min" },
    floor: "savina/counting/floor",
  },
  {
    id: "ping-pong-erlang",
    issue: 5,
    text: "ping-pong ≥ 5× Erlang/OTP (`erl +S 1`)",
    subject: "ping-pong/understudy",
    reference: "erlang:ping-pong",
    goal: { value: 5, kind: "min" },
    floor: "ping-pong/floor",
  },
  {
    id: "spawn-erlang",
    issue: 5,
    text: "spawn, start, stop ≥ 2× Erlang/OTP (`erl +S 1`)",
    subject: "spawn/understudy",
    reference: "erlang:spawn-stop",
    goal: { value: 2, kind: "min" },
    floor: "spawn/floor",
  },
];

/** The most heap an idle actor that has handled mail may cost, in bytes. */
export const MAX_BYTES_PER_ACTOR = 300;

/** How many time slices a timer may wait at p99 under a flood. */
export const FAIRNESS_SLICES = 2;

/** The most the slowest counting process may take over the fastest. */
export const MAX_COUNTING_SPREAD = 1.3;

const ratioText = (s: Spread) => formatSpread(s, formatRatio);

function ratios(
  figures: RuntimeFigures,
  entries: readonly SuiteEntry[],
  subject: string,
  reference: string,
): number[] {
  return reference.startsWith("erlang:")
    ? erlangRatios(figures, entries, subject, reference.slice(7))
    : pairedRatios(figures, subject, reference);
}

function whyNot(
  figures: RuntimeFigures,
  entries: readonly SuiteEntry[],
  t: RatioTarget,
): string {
  const failed = figures.cases.get(t.subject)?.errors[0];
  if (failed !== undefined) return `failed: ${failed.split("\n")[0]}`;
  if (t.reference.startsWith("erlang:")) {
    const e = entries.find((x) => x.kind === "erlang");
    if (e === undefined) return "Erlang not run";
    if (e.kind === "erlang" && !e.erlang.available) {
      return `Erlang not measured: ${e.erlang.reason}`;
    }
  }
  return "not in this run";
}

/**
 * Evaluates every target on one runtime's figures.
 *
 * @param figures The runtime's figures.
 * @param entries The run's entries (for the Erlang neighbours).
 * @param shifts The static check's findings, or `null` when not checked.
 * @returns One verdict per target, issue 13's first.
 */
export function evaluateTargets(
  figures: RuntimeFigures,
  entries: readonly SuiteEntry[],
  shifts: readonly ShiftFinding[] | null,
): TargetResult[] {
  const results: TargetResult[] = [];
  const push = (
    base: { id: string; issue: number; text: string },
    s: Spread,
    goal: Goal,
    format: (s: Spread) => string,
    why: string,
    floor?: string,
  ) =>
    results.push({
      ...base,
      status: judge(s, goal),
      spread: s,
      measured: s.n === 0 ? why : format(s),
      ...(floor === undefined ? {} : { floor }),
    });

  for (const t of RATIO_TARGETS) {
    const s = spread(ratios(figures, entries, t.subject, t.reference));
    const f = t.floor === undefined
      ? undefined
      : spread(ratios(figures, entries, t.floor, t.reference));
    push(
      t,
      s,
      t.goal,
      ratioText,
      whyNot(figures, entries, t),
      f === undefined || f.n === 0 ? undefined : ratioText(f),
    );
  }

  const m = figures.memory;
  const bytes = (s: Spread) => formatSpread(s, (x) => `${Math.round(x)} B`);
  push(
    {
      id: "memory",
      issue: 13,
      text:
        `≤ ${MAX_BYTES_PER_ACTOR} B per idle actor after it has handled mail (100,000 actors, GC forced)`,
    },
    spread(m.afterMail),
    { value: MAX_BYTES_PER_ACTOR, kind: "max" },
    bytes,
    m.reasons[0] ?? "not in this run",
    m.floor.length === 0 ? undefined : bytes(spread(m.floor)),
  );

  const counting = figures.cases.get("savina/counting/understudy")?.samples ??
    [];
  const perOps = counting.map((c) => c.perOp);
  // The same spread for the floor and a bare ring buffer, which allocate the
  // same fresh messages: what the engine's allocator and collector vary by.
  const baselineSpread = (id: string) => {
    const runs = figures.cases.get(id)?.samples ?? [];
    const ns = runs.map((c) => c.perOp);
    return ns.length < 2 ? undefined : Math.max(...ns) / Math.min(...ns);
  };
  const floorSpread = baselineSpread("savina/counting/floor");
  const ringSpread = baselineSpread("savina/counting/raw-ring");
  push(
    {
      id: "counting-stable",
      issue: 13,
      text:
        `no bimodal counting: slowest process ≤ ${MAX_COUNTING_SPREAD}× the fastest`,
    },
    spread(
      perOps.length < 2 ? [] : [Math.max(...perOps) / Math.min(...perOps)],
    ),
    { value: MAX_COUNTING_SPREAD, kind: "max" },
    (s) =>
      `${formatRatio(s.median)} (${
        counting.map((c) => formatNs(c.perOp)).join(", ")
      })`,
    "needs two counting runs",
    floorSpread === undefined
      ? undefined
      : `${formatRatio(floorSpread)}${
        ringSpread === undefined
          ? ""
          : ` (and a bare ring buffer of the same fresh messages ${
            formatRatio(ringSpread)
          })`
      }`,
  );

  const fair = figures.fairness;
  const limit = FAIRNESS_SLICES * fair.timeSliceMs;
  push(
    {
      id: "fairness",
      issue: 5,
      text:
        "a setTimeout(0) fires within two time slices at p99 while one actor floods itself",
    },
    spread(fair.floodedP99),
    { value: limit, kind: "max" },
    (s) =>
      `p99 ${formatSpread(s, (x) => `${x.toFixed(2)} ms`)}, limit ${limit} ms`,
    "not in this run",
  );

  const shiftText =
    "no Array.prototype.shift on the hot path (static check of src/core)";
  const shiftCount = shifts === null ? [] : [shifts.length];
  push(
    { id: "no-array-shift", issue: 5, text: shiftText },
    spread(shiftCount),
    { value: 0, kind: "max" },
    () =>
      shifts!.length === 0
        ? "no Array shift found"
        : shifts!.map((s) => `${s.file}:${s.line} ${s.receiver}.shift()`)
          .join(", "),
    "not checked",
  );
  return results;
}
