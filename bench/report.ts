/**
 * Turns the JSON of a run (`bench/out/deno.json`, `bench/out/bun.json`,
 * whichever exist) into `bench/RESULTS.md`: runtimes and versions, the CPU,
 * every benchmark's median with its ratio to its baseline and to xstate, the
 * Erlang peer, memory, fairness, and each target of issue 5 marked met or
 * missed with the measured ratio.
 *
 * ```sh
 * deno run -A bench/report.ts          # bench/out/*.json -> bench/RESULTS.md
 * deno run -A bench/report.ts --quick  # bench/out/*-quick.json -> bench/out/RESULTS-quick.md
 * ```
 *
 * @module
 */

import { listFiles, readText, scriptArgs, writeText } from "./_host.ts";
import { type CaseResult, perOp, ratio, type RunOutput } from "./_results.ts";
import { findArrayShifts, type ShiftFinding } from "./_shift_scan.ts";
import {
  evaluateTargets,
  formatNs,
  formatRatio,
  type TargetResult,
} from "./_targets.ts";

const RUNTIMES = ["deno", "bun"] as const;

const GROUP_TITLES: Record<string, string> = {
  mailbox: "Mailbox alone (fill N, then take N)",
  tell: "Tell: one actor, N messages, then drained",
  "ping-pong": "Ping-pong: two actors bounce one message N times",
  "fan-out": "Fan-out: many actors, many messages each",
  ask: "Ask: N sequential asks to one actor",
  spawn: "Spawn: spawn N actors, stop them all, wait",
  savina: "Savina micro-benchmarks",
};

/** What a report is made from. */
export interface ReportInput {
  /** The runs, one per runtime that has one. */
  readonly runs: readonly RunOutput[];
  /** The static check's findings over `src/core`. */
  readonly shifts: readonly ShiftFinding[] | null;
  /** The command that made the runs, for the header. */
  readonly command: string;
}

function cell(result: TargetResult | undefined): string {
  if (result === undefined) return "—";
  const mark = result.status === "met"
    ? "**met**"
    : result.status === "missed"
    ? "**missed**"
    : "not measured";
  return `${mark}: ${result.measured}`;
}

function ratioTo(
  c: CaseResult,
  run: RunOutput,
  id: string | undefined,
): string {
  if (id === undefined) return "—";
  const ref = run.cases.find((r) => r.id === id && r.error === undefined);
  if (ref === undefined || c.error !== undefined) return "n/a";
  return formatRatio(ratio(c, ref));
}

function xstateCell(c: CaseResult, run: RunOutput): string {
  if (c.xstate === undefined) return "—";
  return c.xstate.map((id) => {
    const label = id.endsWith("-transition") ? "fromTransition" : "machine";
    return `${ratioTo(c, run, id)} (${label})`;
  }).join(", ");
}

function groupTable(group: string, runs: readonly RunOutput[]): string[] {
  const ids: string[] = [];
  for (const run of runs) {
    for (const c of run.cases) {
      if (c.group === group && !ids.includes(c.id)) ids.push(c.id);
    }
  }
  if (ids.length === 0) return [];
  const head = ["benchmark", "ops/iter"];
  for (const run of runs) {
    const n = run.runtime.name;
    head.push(`${n} median/op`, `${n} vs baseline`, `${n} vs xstate`);
  }
  const lines = [
    `### ${GROUP_TITLES[group] ?? group}`,
    "",
    `| ${head.join(" | ")} |`,
    `| ${head.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
  ];
  for (const id of ids) {
    const any = runs.map((r) => r.cases.find((c) => c.id === id)).find((c) =>
      c !== undefined
    )!;
    const baseline = runs.flatMap((r) => r.cases).find((c) =>
      c.id === any.baseline
    );
    const label = any.role === "subject" && baseline !== undefined
      ? `${any.name} (vs ${baseline.name.replace(/ \(baseline\)$/, "")})`
      : any.name;
    const row = [
      `\`${id}\`<br>${label}`,
      `${any.ops.toLocaleString("en-US")} ${any.unit}`,
    ];
    for (const run of runs) {
      const c = run.cases.find((x) => x.id === id);
      if (c === undefined) row.push("—", "—", "—");
      else if (c.error !== undefined) row.push("failed", "—", "—");
      else {row.push(
          formatNs(perOp(c)),
          ratioTo(c, run, c.baseline),
          xstateCell(c, run),
        );}
    }
    lines.push(`| ${row.join(" | ")} |`);
  }
  lines.push("");
  return lines;
}

function erlangTable(runs: readonly RunOutput[]): string[] {
  const pairs: [string, string][] = [
    ["counting", "savina/counting/understudy"],
    ["ping-pong", "ping-pong/understudy"],
    ["thread-ring", "savina/thread-ring/understudy"],
    ["spawn-stop", "spawn/understudy"],
  ];
  const withErlang = runs.filter((r) => r.erlang !== undefined);
  if (withErlang.length === 0) return [];
  const lines = ["### Erlang/OTP peer (`erl +S 1`, same run)", ""];
  for (const run of withErlang) {
    const erlang = run.erlang!;
    if (!erlang.available) {
      lines.push(
        `- ${run.runtime.name} run: Erlang **not measured**: ${erlang.reason}`,
      );
    }
  }
  const head = ["benchmark"];
  for (const run of withErlang) {
    head.push(
      `Erlang per op (${run.runtime.name} run)`,
      `understudy ${run.runtime.name} per op`,
      "understudy / Erlang",
    );
  }
  lines.push(
    `| ${head.join(" | ")} |`,
    `| ${head.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
  );
  for (const [erlangId, ourId] of pairs) {
    const row = [erlangId];
    for (const run of withErlang) {
      const erlang = run.erlang!;
      const e = erlang.available
        ? erlang.benchmarks.find((b) => b.id === erlangId)
        : undefined;
      const ours = run.cases.find((c) =>
        c.id === ourId && c.error === undefined
      );
      row.push(
        e === undefined ? "not measured" : formatNs(e.p50 / e.ops),
        ours === undefined ? "—" : formatNs(perOp(ours)),
        e === undefined || ours === undefined
          ? "—"
          : formatRatio(ratio(ours, e)),
      );
    }
    lines.push(`| ${row.join(" | ")} |`);
  }
  lines.push("");
  return lines;
}

function memoryTable(runs: readonly RunOutput[]): string[] {
  const measured = runs.filter((r) => r.memory !== undefined);
  if (measured.length === 0) return [];
  const lines = ["### Heap per idle actor (GC forced before each reading)", ""];
  const head = [
    "runtime",
    "actors",
    "understudy (never mailed)",
    "understudy (after one message)",
    "floor runtime",
    "xstate (machine)",
    "Erlang process_info",
  ];
  lines.push(
    `| ${head.join(" | ")} |`,
    `| ${head.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
  );
  for (const run of measured) {
    const memory = run.memory!;
    const erlang = run.erlang?.available
      ? `${run.erlang.idleProcessBytes} B`
      : "—";
    if (!memory.measured) {
      lines.push(
        `| ${run.runtime.name} | — | not measured: ${memory.reason} | — | — | — | ${erlang} |`,
      );
      continue;
    }
    const b = (n: number) => `${Math.round(n)} B`;
    lines.push(
      `| ${run.runtime.name} | ${
        memory.understudy.actors.toLocaleString("en-US")
      } | ${b(memory.understudy.bytesPerActor)} | ${
        b(memory.understudyAfterMail.bytesPerActor)
      } | ${b(memory.floor.bytesPerActor)} | ${
        b(memory.xstate.bytesPerActor)
      } | ${erlang} |`,
    );
  }
  lines.push(
    "",
    "The floor and xstate figures include the 8-byte array slot that keeps each actor alive; understudy's include the guardian's children entry.",
    "",
  );
  return lines;
}

function fairnessTable(runs: readonly RunOutput[]): string[] {
  const measured = runs.filter((r) => r.fairness !== undefined);
  if (measured.length === 0) return [];
  const lines = [
    "### Fairness: `setTimeout(0)` latency while one actor floods itself",
    "",
    "| runtime | time slice | idle p50 / p99 | flooded p50 / p99 / max | flood handled |",
    "| --- | ---: | ---: | ---: | ---: |",
  ];
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  for (const run of measured) {
    const f = run.fairness!;
    lines.push(
      `| ${run.runtime.name} | ${f.timeSliceMs} ms | ${ms(f.idle.p50)} / ${
        ms(f.idle.p99)
      } | ${ms(f.flooded.p50)} / ${ms(f.flooded.p99)} / ${
        ms(f.flooded.max)
      } | ${(f.floodMessages / 1e6).toFixed(1)} M msgs in ${
        f.floodMs.toFixed(0)
      } ms |`,
    );
  }
  lines.push("");
  return lines;
}

/** Same-run context for a missed ratio target: how far the floor gets. */
function context(target: TargetResult, run: RunOutput): string | null {
  const pairs: Record<string, [string, string]> = {
    "counting-raw-ring": ["savina/counting/floor", "savina/counting/raw-ring"],
    "ask-promise": ["ask/floor", "ask/promise"],
  };
  const pair = pairs[target.id];
  if (pair === undefined) return null;
  const floor = run.cases.find((c) => c.id === pair[0]);
  const base = run.cases.find((c) => c.id === pair[1]);
  if (floor === undefined || base === undefined) return null;
  return `the minimal floor runtime itself reaches ${
    formatRatio(ratio(floor, base))
  } of ${base.name.replace(/ \(baseline\)$/, "")} on ${run.runtime.name}`;
}

/**
 * Renders `RESULTS.md`.
 *
 * @param input The runs and the static check.
 * @returns The Markdown.
 */
export function renderReport(input: ReportInput): string {
  const { runs } = input;
  const lines: string[] = [
    "# Benchmark results",
    "",
    `Generated by \`bench/report.ts\` from \`bench/out/*.json\`. Made with \`${input.command}\`.`,
    "Every ratio compares medians measured in the same process, on the same runtime, in the same run;",
    "a ratio is the subject's throughput over the reference's (above 1 the subject is faster).",
    "",
    "## Machine and runtimes",
    "",
  ];
  if (runs.length === 0) {
    lines.push(
      "No run found: run `bench/run.ts` on Deno and on Bun first.",
      "",
    );
  }
  for (const run of runs) {
    const erlang = run.erlang === undefined
      ? "Erlang not run"
      : run.erlang.available
      ? `Erlang/OTP ${run.erlang.otp} (erts ${run.erlang.erts}, ${run.erlang.schedulers} scheduler)`
      : `Erlang not measured (${run.erlang.reason})`;
    lines.push(
      `- **${run.runtime.name} ${run.runtime.version}** (${run.runtime.engine}) on ${run.cpu.model}, ${run.cpu.cores} CPUs; ` +
        `${run.profile} run started ${run.startedAt}, ${
          run.seconds.toFixed(0)
        } s` +
        `${
          run.groups === null ? "" : ` (groups: ${run.groups.join(", ")})`
        }; ${erlang}.`,
    );
  }
  lines.push("", "## Targets (issue 5)", "");
  const verdicts = runs.map((run) => evaluateTargets(run, input.shifts));
  const head = [
    "target",
    ...runs.map((r) => `${r.runtime.name} ${r.runtime.version}`),
  ];
  lines.push(
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
  );
  const ids = verdicts[0]?.map((t) => t.id) ?? [];
  for (const id of ids) {
    const text = verdicts[0].find((t) => t.id === id)!.text;
    lines.push(
      `| ${text} | ${
        verdicts.map((v) => cell(v.find((t) => t.id === id))).join(" | ")
      } |`,
    );
  }
  const notes: string[] = [];
  runs.forEach((run, i) => {
    for (const t of verdicts[i]) {
      if (t.status !== "missed") continue;
      const extra = context(t, run);
      if (extra !== null) {
        notes.push(`- ${t.text}, ${run.runtime.name}: ${extra}.`);
      }
    }
  });
  if (notes.length > 0) lines.push("", ...notes);
  lines.push("", "## Benchmarks", "");
  for (const group of Object.keys(GROUP_TITLES)) {
    lines.push(...groupTable(group, runs));
  }
  lines.push("## Peers, memory, fairness", "");
  lines.push(
    ...erlangTable(runs),
    ...memoryTable(runs),
    ...fairnessTable(runs),
  );
  lines.push(
    "## Method",
    "",
    "- mitata `measure`: setup and teardown untimed, a few warm-up iterations, then at least 12 iterations and 400 ms; the median iteration divided by its operations is the figure.",
    "- Messages are immutable objects created once (Savina's Akka code does the same), so figures measure queueing and dispatch, not allocation.",
    "- Baselines are plain code in `bench/_baselines.ts`: raw ring, `Array` push/shift (in batches of at most 8,192: past about 16k queued elements V8 copies the array on every `shift`), direct calls, a bare promise round trip, and the floor runtime (ring mailbox + ring run queue, same 100-message turns, no supervision, events, stats or host yielding).",
    "- xstate v5 runs fewer messages per iteration (it is slower); ratios are per operation. The tell target uses the state machine form; the `fromTransition` reducer is shown beside it.",
    "- Erlang/OTP runs the same sizes on one scheduler (`erl +S 1`), timed inside the VM with `erlang:monotonic_time`, median of 11 runs after 2 warm-ups.",
    "",
  );
  return lines.join("\n");
}

function coreShifts(): ShiftFinding[] | null {
  const dir = new URL("../src/core/", import.meta.url).pathname;
  const files = listFiles(dir).filter((f) => f.endsWith(".ts"));
  if (files.length === 0) return null;
  return files.flatMap((file) =>
    findArrayShifts(file, readText(`${dir}${file}`) ?? "")
  );
}

if (import.meta.main) {
  const quick = scriptArgs().includes("--quick");
  const suffix = quick ? "-quick" : "";
  const runs: RunOutput[] = [];
  for (const name of RUNTIMES) {
    const text = readText(
      new URL(`./out/${name}${suffix}.json`, import.meta.url).pathname,
    );
    if (text !== undefined) runs.push(JSON.parse(text) as RunOutput);
  }
  const target =
    new URL(quick ? "./out/RESULTS-quick.md" : "./RESULTS.md", import.meta.url)
      .pathname;
  const markdown = renderReport({
    runs,
    shifts: coreShifts(),
    command: quick
      ? "deno task bench:quick"
      : "deno task bench (or bun run bench)",
  });
  writeText(target, markdown);
  console.log(
    `wrote ${target} from ${
      runs.map((r) => r.runtime.name).join(" and ") || "no runs"
    }`,
  );
}
