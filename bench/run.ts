/**
 * Runs the benchmarks on the current runtime and writes
 * `bench/out/<runtime>.json` (or `<runtime>-quick.json` with `--quick`).
 *
 * ```sh
 * deno run -A --v8-flags=--expose-gc bench/run.ts            # everything
 * bun bench/run.ts                                           # everything
 * deno run -A --v8-flags=--expose-gc bench/run.ts --group tell --group ask
 * bun bench/run.ts --quick                                   # tiny sizes
 * bun bench/run.ts --list                                    # case ids
 * ```
 *
 * Groups: `mailbox`, `tell`, `ping-pong`, `fan-out`, `ask`, `spawn`,
 * `savina` (or one of its benchmarks: `counting`, `thread-ring`,
 * `fork-join-throughput`, `fork-join-create`, `chameneos`), `memory`,
 * `fairness`, `erlang`. Every group carries its own baselines, so its ratios
 * come from one run; a run limited to some groups is merged into the
 * existing JSON of the same profile. The Erlang peer runs with `savina`,
 * `ping-pong`, `spawn` or `erlang`, and in a full run when `erl` is installed.
 *
 * Cases are timed with mitata's `measure`: setup and teardown untimed, a few
 * warm-up iterations, then at least `min_samples` iterations and
 * `min_cpu_time`; the median of one iteration is what the report uses.
 *
 * @module
 */

import { measure } from "mitata";
import type { AddCase, BenchCase, Profile } from "./_harness.ts";
import {
  cpuInfo,
  readText,
  removeFile,
  runSelf,
  runtimeInfo,
  scriptArgs,
  writeText,
} from "./_host.ts";
import { type CaseResult, perOp, ratio, type RunOutput } from "./_results.ts";
import { evaluateTargets, formatNs, formatRatio } from "./_targets.ts";
import { runErlang } from "./erlang_peer.ts";
import { measureFairness } from "./fairness_bench.ts";
import { register as registerMailbox } from "./mailbox_bench.ts";
import { measureMemory } from "./memory_bench.ts";
import { register as registerPeers } from "./peers_bench.ts";
import { register as registerRuntime, runtimeSizes } from "./runtime_bench.ts";
import { register as registerSavina, savinaSizes } from "./savina_bench.ts";

const OUT_DIR = new URL("./out/", import.meta.url).pathname;
const ERLANG_DIR = new URL("./erlang", import.meta.url).pathname;

interface Options {
  readonly profile: Profile;
  readonly groups: string[] | null;
  readonly list: boolean;
  readonly erlang: boolean;
  readonly isolate: boolean;
}

/**
 * The groups a full run measures, each in a fresh process (`--no-isolate`
 * runs them all in this one): a JIT that has already compiled one group's
 * code turns the runtime's shared call sites polymorphic for the next, which
 * measured the order of the groups more than the runtime (as JMH forks a JVM
 * per benchmark). Baselines are in the same process as what they compare.
 */
const ISOLATED_GROUPS = [
  "mailbox",
  "tell",
  "ping-pong",
  "fan-out",
  "ask",
  "spawn",
  "savina",
  "memory",
  "fairness",
];

function parseArgs(args: string[]): Options {
  let profile: Profile = "full";
  const groups: string[] = [];
  let list = false;
  let erlang = true;
  let isolate = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--quick") profile = "quick";
    else if (arg === "--list") list = true;
    else if (arg === "--no-erlang") erlang = false;
    else if (arg === "--no-isolate") isolate = false;
    else if (arg === "--group" && i + 1 < args.length) {
      groups.push(...args[++i].split(","));
    } else if (arg.startsWith("--group=")) {
      groups.push(...arg.slice(8).split(","));
    } else {
      throw new TypeError(
        `Unknown argument "${arg}": use --group NAME, --quick, --list, --no-erlang, --no-isolate`,
      );
    }
  }
  return {
    profile,
    groups: groups.length > 0 ? groups : null,
    list,
    erlang,
    isolate,
  };
}

/**
 * Every case of every bench module, in report order.
 *
 * @param profile The sizes.
 * @returns The cases.
 */
export function collect(profile: Profile): BenchCase[] {
  const cases: BenchCase[] = [];
  const add: AddCase = (c) => void cases.push(c as BenchCase);
  registerMailbox(add, profile);
  registerRuntime(add, profile);
  registerPeers(add, profile);
  registerSavina(add, profile);
  const order = [
    "mailbox",
    "tell",
    "ping-pong",
    "fan-out",
    "ask",
    "spawn",
    "savina",
  ];
  return cases.sort((a, b) =>
    order.indexOf(a.group) - order.indexOf(b.group) ||
    (a.group === "savina" ? a.id.localeCompare(b.id) : 0)
  );
}

function selects(groups: string[] | null, names: string[]): boolean {
  return groups === null || groups.some((g) => names.includes(g));
}

/** How long mitata measures each case. */
export interface Timing {
  /** Untimed warm-up: at most 3 iterations within this many milliseconds. */
  readonly warmMs: number;
  /** Least measuring time per case, in milliseconds. */
  readonly minMs: number;
  /** Least iterations per case. */
  readonly minSamples: number;
  /** Whether mitata may batch calls of a fast body into one sample. */
  readonly batch: boolean;
}

/** The timing of each profile. */
export const TIMING: Record<Profile, Timing> = {
  full: { warmMs: 150, minMs: 400, minSamples: 12, batch: true },
  quick: { warmMs: 20, minMs: 40, minSamples: 5, batch: true },
  smoke: { warmMs: 0, minMs: 0, minSamples: 1, batch: false },
};

/**
 * Times one case with mitata.
 *
 * @param c The case.
 * @param timing How long to measure.
 * @returns Its statistics, or the error it threw.
 */
export async function timeCase(
  c: BenchCase,
  timing: Timing,
): Promise<CaseResult> {
  const base = {
    id: c.id,
    group: c.group,
    name: c.name,
    role: c.role,
    ops: c.ops,
    unit: c.unit,
    ...(c.baseline === undefined ? {} : { baseline: c.baseline }),
    ...(c.xstate === undefined ? {} : { xstate: c.xstate }),
  };
  try {
    const stats = await measure(async function* () {
      const state = await c.setup?.();
      const warmUntil = performance.now() + timing.warmMs;
      for (let i = 0; i < 3 && performance.now() < warmUntil; i++) {
        await c.body(state);
      }
      yield () => c.body(state);
      await c.teardown?.(state);
    }, {
      min_cpu_time: timing.minMs * 1e6,
      min_samples: timing.minSamples,
      max_samples: 20_000,
      ...(timing.batch ? {} : { batch_threshold: -1, warmup_samples: 0 }),
    });
    return {
      ...base,
      samples: stats.samples.length,
      min: stats.min,
      p25: stats.p25,
      p50: stats.p50,
      p75: stats.p75,
      p99: stats.p99,
      max: stats.max,
    };
  } catch (error) {
    return {
      ...base,
      samples: 0,
      min: NaN,
      p25: NaN,
      p50: NaN,
      p75: NaN,
      p99: NaN,
      max: NaN,
      error: String(error instanceof Error ? error.stack ?? error : error),
    };
  }
}

function describe(result: CaseResult, done: readonly CaseResult[]): string {
  if (result.error !== undefined) {
    return `  ${result.id}  FAILED: ${result.error}`;
  }
  const per = perOp(result);
  const rate = 1e9 / per;
  const rateText = rate >= 1e6
    ? `${(rate / 1e6).toFixed(2)} M`
    : `${(rate / 1e3).toFixed(1)} k`;
  const baseline = done.find((d) => d.id === result.baseline);
  const versus = baseline === undefined
    ? ""
    : `  ${formatRatio(ratio(result, baseline))} of ${baseline.name}`;
  return `  ${result.id.padEnd(44)} ${
    formatNs(per).padStart(10)
  }/${result.unit}  ${rateText} ${result.unit}/s${versus}`;
}

async function main(): Promise<void> {
  const options = parseArgs(scriptArgs());
  const { profile, groups } = options;
  const cases = collect(profile).filter((c) =>
    selects(groups, [c.group, ...c.id.split("/")])
  );
  if (options.list) {
    for (const c of cases) {
      console.log(`${c.id}\t${c.name}\t${c.ops} ${c.unit}`);
    }
    return;
  }
  const runtime = runtimeInfo();
  const file = `${OUT_DIR}${runtime.name}${
    profile === "quick" ? "-quick" : ""
  }.json`;
  if (groups === null && options.isolate) return runIsolated(options, file);
  const cpu = cpuInfo();
  const startedAt = new Date();
  console.log(
    `understudy benchmarks: ${runtime.name} ${runtime.version} (${runtime.engine}), ${cpu.model}, ${cpu.cores} CPUs, ${profile}`,
  );

  const results: CaseResult[] = [];
  for (const c of cases) {
    const result = await timeCase(c, TIMING[profile]);
    results.push(result);
    console.log(describe(result, results));
  }

  let memory;
  if (selects(groups, ["memory"])) {
    const actors = profile === "full" ? 100_000 : 10_000;
    console.log(`  memory: ${actors} idle actors...`);
    memory = await measureMemory(actors);
    console.log(
      memory.measured
        ? `  memory: understudy ${
          memory.understudy.bytesPerActor.toFixed(0)
        } B/actor (${
          memory.understudyAfterMail.bytesPerActor.toFixed(0)
        } after one message), floor ${
          memory.floor.bytesPerActor.toFixed(0)
        }, xstate ${memory.xstate.bytesPerActor.toFixed(0)}`
        : `  memory: not measured (${memory.reason})`,
    );
  }

  let fairness;
  if (selects(groups, ["fairness"])) {
    fairness = await measureFairness(profile === "full" ? 300 : 50);
    console.log(
      `  fairness: setTimeout(0) p99 ${
        fairness.flooded.p99.toFixed(2)
      } ms under flood (idle p99 ${
        fairness.idle.p99.toFixed(2)
      } ms), flood handled ${fairness.floodMessages} messages in ${
        fairness.floodMs.toFixed(0)
      } ms`,
    );
  }

  let erlang;
  if (
    options.erlang &&
    selects(groups, ["erlang", "savina", "counting", "ping-pong", "spawn"])
  ) {
    const rt = runtimeSizes(profile);
    const sv = savinaSizes(profile);
    console.log("  erlang: erl +S 1 ...");
    erlang = runErlang(ERLANG_DIR, `${OUT_DIR}erlang-ebin`, {
      counting: sv.counting,
      pingPong: rt.pingPong,
      ringActors: sv.ringActors,
      ringHops: sv.ringHops,
      spawns: rt.spawns,
      samples: profile === "full" ? 11 : 3,
    });
    if (erlang.available) {
      for (const b of erlang.benchmarks) {
        console.log(
          `  erlang/${b.id.padEnd(37)} ${
            formatNs(b.p50 / b.ops).padStart(10)
          }/op`,
        );
      }
    } else {
      console.log(`  erlang: not measured (${erlang.reason})`);
    }
  }

  let output: RunOutput = {
    runtime,
    cpu,
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    profile,
    groups,
    cases: results,
    ...(memory === undefined ? {} : { memory }),
    ...(fairness === undefined ? {} : { fairness }),
    ...(erlang === undefined ? {} : { erlang }),
  };
  if (groups !== null) output = mergeInto(readText(file), output);
  writeText(file, JSON.stringify(output, null, 2) + "\n");

  console.log(`\ntargets (${runtime.name}):`);
  for (const t of evaluateTargets(output, null)) {
    if (t.id === "no-array-shift") continue;
    console.log(`  ${t.status.padEnd(12)} ${t.text}: ${t.measured}`);
  }
  console.log(`\nwrote ${file} in ${output.seconds.toFixed(0)} s`);
}

/** A full run: every group in a fresh process, merged into one file. */
function runIsolated(options: Options, file: string): void {
  const script = new URL(import.meta.url).pathname;
  const startedAt = Date.now();
  removeFile(file);
  const common = options.profile === "quick" ? ["--quick"] : [];
  const groups = options.erlang
    ? [...ISOLATED_GROUPS, "erlang"]
    : ISOLATED_GROUPS;
  for (const group of groups) {
    const erlang = group === "erlang" ? [] : ["--no-erlang"];
    const code = runSelf(script, ["--group", group, ...common, ...erlang]);
    if (code !== 0) {
      throw new Error(`Benchmark group "${group}" exited with code ${code}`);
    }
  }
  const merged = JSON.parse(readText(file)!) as RunOutput;
  const output: RunOutput = {
    ...merged,
    startedAt: new Date(startedAt).toISOString(),
    groups: null,
    seconds: (Date.now() - startedAt) / 1000,
  };
  writeText(file, JSON.stringify(output, null, 2) + "\n");
  console.log(
    `\nwrote ${file}: ${groups.length} groups, each in its own process, in ${
      output.seconds.toFixed(0)
    } s`,
  );
}

/** Replaces, in an earlier run of the same profile, what this run measured. */
function mergeInto(
  previousText: string | undefined,
  next: RunOutput,
): RunOutput {
  if (previousText === undefined) return next;
  const previous = JSON.parse(previousText) as RunOutput;
  if (
    previous.profile !== next.profile ||
    previous.runtime.version !== next.runtime.version
  ) {
    return next;
  }
  const ids = new Set(next.cases.map((c) => c.id));
  return {
    ...previous,
    ...next,
    groups: [
      ...new Set([...(previous.groups ?? ["all"]), ...(next.groups ?? [])]),
    ],
    cases: [...previous.cases.filter((c) => !ids.has(c.id)), ...next.cases],
    memory: next.memory ?? previous.memory,
    fairness: next.fairness ?? previous.fairness,
    erlang: next.erlang ?? previous.erlang,
  };
}

if (import.meta.main) await main();
