/**
 * The Erlang/OTP peer: compiles `bench/erlang/*.erl` with `erlc` and runs
 * them on one scheduler (`erl +S 1 -noshell`), at the same sizes as the
 * understudy benchmarks they answer. A full run (`suite.ts`) starts a fresh
 * VM before and after every JavaScript process whose group has an Erlang
 * counterpart, and each understudy/Erlang ratio uses the Erlang runs on
 * either side of it. When `erl` is missing the result says so and the Erlang
 * targets are reported as not measured.
 *
 * @module
 */

import { makeDir, runCommand } from "./_host.ts";

/** One Erlang benchmark: nanoseconds per timed run. */
export interface ErlangBench {
  /** `counting`, `ping-pong`, `thread-ring` or `spawn-stop`. */
  readonly id: string;
  /** Operations per run. */
  readonly ops: number;
  /** Elapsed nanoseconds of each timed run. */
  readonly samples: readonly number[];
  /** The median of `samples`. */
  readonly p50: number;
}

/** The outcome of {@linkcode runErlang}. */
export type ErlangResult =
  | { readonly available: false; readonly reason: string }
  | {
    readonly available: true;
    readonly otp: string;
    readonly erts: string;
    readonly schedulers: number;
    /** `process_info(P, memory)` of one idle process. */
    readonly idleProcessBytes: number;
    readonly benchmarks: readonly ErlangBench[];
  };

/** The sizes the Erlang modules run at. */
export interface ErlangSizes {
  readonly counting: number;
  readonly pingPong: number;
  readonly ringActors: number;
  readonly ringHops: number;
  readonly spawns: number;
  /** Timed runs per benchmark (after two warm-up runs). */
  readonly samples: number;
}

/**
 * The median of some numbers.
 *
 * @param values The numbers.
 * @returns Their median (the lower middle for an even count).
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
}

/**
 * Compiles the Erlang peer benchmarks.
 *
 * @param sourceDir The folder holding the `.erl` files.
 * @param buildDir Where to put the `.beam` files.
 * @returns `null` when compiled, else why not.
 */
export function compileErlang(
  sourceDir: string,
  buildDir: string,
): string | null {
  const modules = [
    "counting",
    "ping_pong",
    "thread_ring",
    "spawn_stop",
    "bench_erl",
  ]
    .map((name) => `${sourceDir}/${name}.erl`);
  makeDir(buildDir);
  const compile = runCommand("erlc", ["-o", buildDir, ...modules], 120_000);
  if (!compile.found) return "erlc not found (apt-get install erlang-base)";
  if (compile.code !== 0) return `erlc failed: ${compile.stderr.trim()}`;
  return null;
}

/**
 * Runs the compiled Erlang peer benchmarks once, in a fresh VM on one
 * scheduler.
 *
 * @param buildDir The folder holding the `.beam` files.
 * @param sizes The sizes.
 * @returns The figures, or why there are none.
 */
export function runErlangOnce(
  buildDir: string,
  sizes: ErlangSizes,
): ErlangResult {
  const args = [
    sizes.counting,
    sizes.pingPong,
    sizes.ringActors,
    sizes.ringHops,
    sizes.spawns,
    sizes.samples,
  ].join(", ");
  const run = runCommand("erl", [
    "+S",
    "1",
    "-noshell",
    "-pa",
    buildDir,
    "-eval",
    `bench_erl:main([${args}])`,
    "-s",
    "init",
    "stop",
  ], 300_000);
  if (!run.found) {
    return {
      available: false,
      reason: "erl not found (apt-get install erlang-base)",
    };
  }
  const line = run.stdout.split("\n").find((l) => l.startsWith("{"));
  if (run.code !== 0 || line === undefined) {
    return {
      available: false,
      reason: `erl failed (exit ${run.code}): ${
        run.stderr.trim().slice(0, 300)
      }`,
    };
  }
  const parsed = JSON.parse(line) as {
    otp: string;
    erts: string;
    schedulers: number;
    idleProcessBytes: number;
    benchmarks: { id: string; ops: number; samples: number[] }[];
  };
  return {
    available: true,
    otp: parsed.otp,
    erts: parsed.erts,
    schedulers: parsed.schedulers,
    idleProcessBytes: parsed.idleProcessBytes,
    benchmarks: parsed.benchmarks.map((b) => ({
      ...b,
      p50: median(b.samples),
    })),
  };
}

/**
 * Compiles and runs the Erlang peer benchmarks once.
 *
 * @param sourceDir The folder holding the `.erl` files.
 * @param buildDir Where to put the `.beam` files.
 * @param sizes The sizes.
 * @returns The figures, or why there are none.
 */
export function runErlang(
  sourceDir: string,
  buildDir: string,
  sizes: ErlangSizes,
): ErlangResult {
  const failed = compileErlang(sourceDir, buildDir);
  return failed === null
    ? runErlangOnce(buildDir, sizes)
    : { available: false, reason: failed };
}
