/**
 * Runs benchmarks in this one process on the current runtime and writes
 * their JSON to `--out` (default `bench/out/<runtime>[-quick].json`). The
 * published figures come from `suite.ts`, which starts this script once per
 * group, runtime and round; use this directly to look at one group.
 *
 * ```sh
 * deno run -A --v8-flags=--expose-gc bench/run.ts --group tell --group ask
 * bun bench/run.ts --group counting --no-erlang --out /tmp/counting.json
 * bun bench/run.ts --quick                                   # small sizes
 * bun bench/run.ts --list                                    # case ids
 * ```
 *
 * Groups: `mailbox`, `tell`, `ping-pong`, `fan-out`, `ask`, `spawn`,
 * `savina` (or one of its benchmarks: `counting`, `thread-ring`,
 * `fork-join-throughput`, `fork-join-create`, `chameneos`), `memory`,
 * `fairness`, `erlang`. Every group carries its own baselines, so its ratios
 * come from one process. The Erlang peer runs once after the cases when a
 * selected group has an Erlang counterpart (`savina`, `counting`,
 * `thread-ring`, `ping-pong`, `spawn`, `erlang`), unless `--no-erlang`.
 * Group `pubsub` (topics and group routers) is in `pubsub_bench.ts`.
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
  cpuTime,
  runtimeInfo,
  scriptArgs,
  writeText,
} from "./_host.ts";
import { type CaseResult, perOp, ratio, type RunOutput } from "./_results.ts";
import { aggregate, type SuiteEntry } from "./_suite.ts";
import { evaluateTargets, formatNs, formatRatio } from "./_targets.ts";
import { type ErlangSizes, runErlang } from "./erlang_peer.ts";
import { measureFairness } from "./fairness_bench.ts";
import { register as registerMailbox } from "./mailbox_bench.ts";
import { measureMemory } from "./memory_bench.ts";
import { register as registerPeers } from "./peers_bench.ts";
import { register as registerPubSub } from "./pubsub_bench.ts";
import { register as registerRuntime, runtimeSizes } from "./runtime_bench.ts";
import { registerSupervisor } from "./supervisor_bench.ts";
import { register as registerSavina, savinaSizes } from "./savina_bench.ts";

const OUT_DIR = new URL("./out/", import.meta.url).pathname;
const ERLANG_DIR = new URL("./erlang", import.meta.url).pathname;

interface Options {
  readonly profile: Profile;
  readonly groups: string[] | null;
  readonly list: boolean;
  readonly erlang: boolean;
  readonly out: string | null;
}

/**
 * The groups of a full run, in order. `suite.ts` runs each in a fresh
 * process: a JIT that has already compiled one group's code turns the
 * runtime's shared call sites polymorphic for the next, which measured the
 * order of the groups more than the runtime (as JMH forks a JVM per
 * benchmark). Baselines are in the same process as what they compare.
 */
export const GROUPS: readonly string[] = [
  "mailbox",
  "tell",
  "fan-out",
  "ask",
  "memory",
  "fairness",
  "ping-pong",
  "spawn",
  "savina",
  "pubsub",
];

function parseArgs(args: string[]): Options {
  let profile: Profile = "full";
  const groups: string[] = [];
  let list = false;
  let erlang = true;
  let out: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--quick") profile = "quick";
    else if (arg === "--list") list = true;
    else if (arg === "--no-erlang") erlang = false;
    else if (arg === "--out" && i + 1 < args.length) out = args[++i];
    else if (arg === "--group" && i + 1 < args.length) {
      groups.push(...args[++i].split(","));
    } else if (arg.startsWith("--group=")) {
      groups.push(...arg.slice(8).split(","));
    } else {
      throw new TypeError(
        `Unknown argument "${arg}": use --group NAME, --quick, --list, --no-erlang, --out FILE`,
      );
    }
  }
  return {
    profile,
    groups: groups.length > 0 ? groups : null,
    list,
    erlang,
    out,
  };
}

/**
 * The Erlang peer's sizes for a profile: those of the cases it answers.
 *
 * @param profile The run's size.
 * @returns The sizes, 5 timed runs after 2 warm-ups.
 */
export function erlangSizes(profile: Profile): ErlangSizes {
  const rt = runtimeSizes(profile);
  const sv = savinaSizes(profile);
  return {
    counting: sv.counting,
    pingPong: rt.pingPong,
    ringActors: sv.ringActors,
    ringHops: sv.ringHops,
    spawns: rt.spawns,
    samples: profile === "full" ? 5 : 3,
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
  registerSupervisor(add, profile);
  registerPeers(add, profile);
  registerSavina(add, profile);
  registerPubSub(add, profile);
  const order = [
    "mailbox",
    "tell",
    "ping-pong",
    "fan-out",
    "ask",
    "spawn",
    "savina",
    "pubsub",
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
    let calls = 0;
    let cpu = 0;
    const stats = await measure(async function* () {
      const state = await c.setup?.();
      const warmUntil = performance.now() + timing.warmMs;
      for (let i = 0; i < 3 && performance.now() < warmUntil; i++) {
        await c.body(state);
      }
      const before = cpuTime();
      yield () => {
        calls++;
        return c.body(state);
      };
      cpu = cpuTime() - before;
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
      cpu: calls === 0 ? NaN : cpu / calls,
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
  const file = options.out ??
    `${OUT_DIR}${runtime.name}${profile === "quick" ? "-quick" : ""}.json`;
  const cpu = cpuInfo();
  const startedAt = new Date();
  console.log(
    `understudy benchmarks: ${runtime.name} ${runtime.version} (${runtime.engine}), ${cpu.model}, ${cpu.cores} CPUs, ${profile}${
      groups === null ? "" : `, ${groups.join(", ")}`
    }`,
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
          memory.understudyAfterMail.bytesPerActor.toFixed(0)
        } B/actor after handling mail (${
          memory.understudyAfterAsyncMail.bytesPerActor.toFixed(0)
        } with an async handler, ${
          memory.understudy.bytesPerActor.toFixed(0)
        } never mailed), floor ${
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

  const output: RunOutput = {
    runtime,
    cpu,
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    profile,
    groups,
    cases: results,
    ...(memory === undefined ? {} : { memory }),
    ...(fairness === undefined ? {} : { fairness }),
  };
  writeText(file, JSON.stringify(output, null, 2) + "\n");

  const entries: SuiteEntry[] = [{ seq: 0, round: 1, kind: "js", output }];
  if (
    options.erlang &&
    selects(groups, [
      "erlang",
      "savina",
      "counting",
      "thread-ring",
      "ping-pong",
      "spawn",
    ])
  ) {
    console.log("  erlang: erl +S 1 ...");
    const erlang = runErlang(
      ERLANG_DIR,
      `${OUT_DIR}erlang-ebin`,
      erlangSizes(profile),
    );
    entries.push({ seq: 1, round: 1, kind: "erlang", erlang });
    if (!erlang.available) {
      console.log(`  erlang: not measured (${erlang.reason})`);
    }
    for (const b of erlang.available ? erlang.benchmarks : []) {
      console.log(
        `  erlang/${b.id.padEnd(37)} ${
          formatNs(b.p50 / b.ops).padStart(10)
        }/op`,
      );
    }
  }

  console.log(`\ntargets (${runtime.name}, this one process):`);
  for (const f of aggregate(entries)) {
    for (const t of evaluateTargets(f, entries, null)) {
      if (t.status === "not measured") continue;
      console.log(`  ${t.status.padEnd(9)} ${t.text}: ${t.measured}`);
    }
  }
  console.log(`\nwrote ${file} in ${output.seconds.toFixed(0)} s`);
}

if (import.meta.main) await main();
