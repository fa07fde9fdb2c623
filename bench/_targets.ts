/**
 * The speed targets of issue 5, evaluated on one run's JSON: each is met,
 * missed, or not measured (its cases were not in the run, or a peer was
 * missing), with the measured figure.
 *
 * @module
 */

import { perOp, ratio, type RunOutput } from "./_results.ts";
import type { ShiftFinding } from "./_shift_scan.ts";

/** A target's verdict. */
export type TargetStatus = "met" | "missed" | "not measured";

/** One evaluated target. */
export interface TargetResult {
  readonly id: string;
  /** The target as the issue words it. */
  readonly text: string;
  readonly status: TargetStatus;
  /** The measured figure (`"0.62×"`, `"412 B"`), or why there is none. */
  readonly measured: string;
}

interface RatioTarget {
  readonly id: string;
  readonly text: string;
  readonly subject: string;
  /** A case id, or `erlang:<id>` for the Erlang peer. */
  readonly reference: string;
  readonly min: number;
}

/** The ratio targets: subject throughput over reference throughput. */
export const RATIO_TARGETS: readonly RatioTarget[] = [
  {
    id: "counting-raw-ring",
    text: "counting (tell into one actor) ≥ 0.7 × raw ring",
    subject: "savina/counting/understudy",
    reference: "savina/counting/raw-ring",
    min: 0.7,
  },
  {
    id: "ping-pong-floor",
    text: "ping-pong ≥ 0.5 × minimal runtime floor",
    subject: "ping-pong/understudy",
    reference: "ping-pong/floor",
    min: 0.5,
  },
  {
    id: "thread-ring-floor",
    text: "thread ring ≥ 0.5 × minimal runtime floor",
    subject: "savina/thread-ring/understudy",
    reference: "savina/thread-ring/floor",
    min: 0.5,
  },
  {
    id: "fan-out-floor",
    text: "fan-out ≥ 0.5 × minimal runtime floor",
    subject: "fan-out/understudy",
    reference: "fan-out/floor",
    min: 0.5,
  },
  {
    id: "ask-promise",
    text: "ask ≥ 0.5 × bare promise round trip",
    subject: "ask/understudy",
    reference: "ask/promise",
    min: 0.5,
  },
  {
    id: "tell-xstate",
    text: "tell ≥ 30 × xstate v5 send (createMachine)",
    subject: "tell/understudy",
    reference: "tell/xstate",
    min: 30,
  },
  {
    id: "counting-erlang",
    text: "counting ≥ 5 × Erlang/OTP (erl +S 1)",
    subject: "savina/counting/understudy",
    reference: "erlang:counting",
    min: 5,
  },
  {
    id: "ping-pong-erlang",
    text: "ping-pong ≥ 5 × Erlang/OTP (erl +S 1)",
    subject: "ping-pong/understudy",
    reference: "erlang:ping-pong",
    min: 5,
  },
  {
    id: "spawn-erlang",
    text: "spawn+stop ≥ 2 × Erlang/OTP (erl +S 1)",
    subject: "spawn/understudy",
    reference: "erlang:spawn-stop",
    min: 2,
  },
];

/** The most heap an idle actor may cost, in bytes. */
export const MAX_BYTES_PER_ACTOR = 300;

/** How many time slices a timer may wait at p99 under a flood. */
export const FAIRNESS_SLICES = 2;

function reference(
  run: RunOutput,
  id: string,
): { p50: number; ops: number } | string {
  if (id.startsWith("erlang:")) {
    const erlang = run.erlang;
    if (erlang === undefined) return "Erlang not run";
    if (!erlang.available) return `Erlang not measured: ${erlang.reason}`;
    const bench = erlang.benchmarks.find((b) => b.id === id.slice(7));
    return bench ?? `no Erlang figure "${id.slice(7)}"`;
  }
  const found = run.cases.find((c) => c.id === id && c.error === undefined);
  return found ?? `"${id}" not in this run`;
}

/**
 * Evaluates every target on one run.
 *
 * @param run The run.
 * @param shifts The static check's findings, or `null` when not checked.
 * @returns One verdict per target, in the order.
 */
export function evaluateTargets(
  run: RunOutput,
  shifts: readonly ShiftFinding[] | null,
): TargetResult[] {
  const results: TargetResult[] = [];
  for (const target of RATIO_TARGETS) {
    const subject = reference(run, target.subject);
    const ref = reference(run, target.reference);
    if (typeof subject === "string" || typeof ref === "string") {
      const why = typeof subject === "string" ? subject : ref as string;
      results.push({ ...target, status: "not measured", measured: why });
      continue;
    }
    const r = ratio(subject, ref);
    results.push({
      id: target.id,
      text: target.text,
      status: r >= target.min ? "met" : "missed",
      measured: `${formatRatio(r)} (${formatNs(perOp(subject))} vs ${
        formatNs(perOp(ref))
      } per op)`,
    });
  }

  const memory = run.memory;
  const memoryText =
    `≤ ${MAX_BYTES_PER_ACTOR} bytes per idle actor (100,000 idle actors, GC forced)`;
  if (memory === undefined || !memory.measured) {
    results.push({
      id: "memory",
      text: memoryText,
      status: "not measured",
      measured: memory === undefined ? "not in this run" : memory.reason,
    });
  } else {
    const bytes = memory.understudy.bytesPerActor;
    results.push({
      id: "memory",
      text: memoryText,
      status: bytes <= MAX_BYTES_PER_ACTOR ? "met" : "missed",
      measured: `${Math.round(bytes)} B per actor`,
    });
  }

  const fairness = run.fairness;
  const fairText =
    "a setTimeout(0) fires within two time slices at p99 while one actor floods itself";
  if (fairness === undefined) {
    results.push({
      id: "fairness",
      text: fairText,
      status: "not measured",
      measured: "not in this run",
    });
  } else {
    const limit = FAIRNESS_SLICES * fairness.timeSliceMs;
    results.push({
      id: "fairness",
      text: fairText,
      status: fairness.flooded.p99 <= limit ? "met" : "missed",
      measured: `p99 ${
        fairness.flooded.p99.toFixed(2)
      } ms (limit ${limit} ms; idle p99 ${fairness.idle.p99.toFixed(2)} ms)`,
    });
  }

  const shiftText =
    "no Array.prototype.shift on the hot path (static check of src/core)";
  results.push(
    shifts === null
      ? {
        id: "no-array-shift",
        text: shiftText,
        status: "not measured",
        measured: "not checked",
      }
      : {
        id: "no-array-shift",
        text: shiftText,
        status: shifts.length === 0 ? "met" : "missed",
        measured: shifts.length === 0
          ? "no Array shift found"
          : shifts.map((s) => `${s.file}:${s.line} ${s.receiver}.shift()`).join(
            ", ",
          ),
      },
  );
  return results;
}

/**
 * Formats a ratio: `0.62×`, `3.4×`, `96×`.
 *
 * @param r The ratio.
 * @returns The text.
 */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return "n/a";
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2)}×`;
}

/**
 * Formats nanoseconds with a unit that keeps three significant digits.
 *
 * @param ns Nanoseconds.
 * @returns The text.
 */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return "n/a";
  if (ns < 1_000) return `${ns.toPrecision(3)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toPrecision(3)} µs`;
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toPrecision(3)} ms`;
  return `${(ns / 1_000_000_000).toPrecision(3)} s`;
}
