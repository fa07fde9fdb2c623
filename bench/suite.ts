/**
 * The full run behind `bench/RESULTS.md`: every group, repeated in fresh
 * processes, the runtimes alternating, the Erlang peer interleaved. Writes
 * `bench/out/suite.json` and renders `bench/RESULTS.md` from it.
 *
 * ```sh
 * npm run bench                                  # 5 rounds, both runtimes
 * deno run -A bench/suite.ts --rounds 7          # more rounds
 * deno run -A bench/suite.ts --quick --rounds 2  # small sizes -> bench/out/RESULTS-quick.md
 * deno run -A bench/suite.ts --group savina --runtime bun
 * ```
 *
 * Per round, each group runs once per runtime, each time in a fresh process
 * (`run.ts --group G`): deno, bun, deno, bun ... A fresh Erlang VM runs
 * before and after every process of a group with an Erlang counterpart
 * (`ping-pong`, `spawn`, `savina`), so each understudy/Erlang ratio uses
 * the Erlang runs on either side of it. Each process's output goes to
 * `bench/out/suite.log`.
 *
 * @module
 */

import {
  exists,
  makeDir,
  readText,
  removeFile,
  runBench,
  type RuntimeName,
  scriptArgs,
  writeText,
} from "./_host.ts";
import type { RunOutput } from "./_results.ts";
import { plan, type Suite, type SuiteEntry } from "./_suite.ts";
import { compileErlang, runErlangOnce } from "./erlang_peer.ts";
import { coreShifts, renderReport, reportPaths } from "./report.ts";
import { readClusterRuns } from "./_cluster_report.ts";
import { erlangSizes, GROUPS } from "./run.ts";

interface Options {
  readonly quick: boolean;
  readonly rounds: number;
  readonly groups: readonly string[];
  readonly runtimes: readonly RuntimeName[];
  readonly erlang: boolean;
}

function parseArgs(args: string[]): Options {
  let quick = false;
  let rounds = 5;
  const groups: string[] = [];
  const runtimes: RuntimeName[] = [];
  let erlang = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const next = () => {
      if (i + 1 >= args.length) throw new TypeError(`${arg} needs a value`);
      return args[++i];
    };
    if (arg === "--quick") quick = true;
    else if (arg === "--no-erlang") erlang = false;
    else if (arg === "--rounds") rounds = Number(next());
    else if (arg === "--group") groups.push(...next().split(","));
    else if (arg === "--runtime") {
      for (const r of next().split(",")) {
        if (r !== "deno" && r !== "bun") {
          throw new TypeError(`Unknown runtime "${r}": use deno or bun`);
        }
        runtimes.push(r);
      }
    } else {
      throw new TypeError(
        `Unknown argument "${arg}": use --rounds N, --group G, --runtime deno|bun, --quick, --no-erlang`,
      );
    }
  }
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new RangeError(
      `--rounds must be a positive integer, got "${rounds}"`,
    );
  }
  return {
    quick,
    rounds,
    groups: groups.length > 0 ? groups : GROUPS,
    runtimes: runtimes.length > 0 ? runtimes : ["deno", "bun"],
    erlang,
  };
}

function main(): void {
  const options = parseArgs(scriptArgs());
  const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
  const out = `${root}/bench/out/suite/`;
  const script = `${root}/bench/run.ts`;
  const log = `${root}/bench/out/suite.log`;
  const profile = options.quick ? "quick" : "full";
  removeFile(out);
  makeDir(out);
  removeFile(log);

  let erlang = options.erlang;
  const ebin = `${root}/bench/out/erlang-ebin`;
  const compileError = erlang
    ? compileErlang(`${root}/bench/erlang`, ebin)
    : null;
  const slots = plan(options.groups, options.runtimes, options.rounds, erlang);
  const startedAt = Date.now();
  const entries: SuiteEntry[] = [];
  const command = `deno run -A bench/suite.ts ${scriptArgs().join(" ")}`
    .trim();
  console.log(
    `${command}: ${slots.length} processes, output in ${log}`,
  );
  slots.forEach((slot, seq) => {
    const t0 = Date.now();
    const label = slot.kind === "js"
      ? `${slot.runtime} ${slot.group}`
      : "erlang";
    if (slot.kind === "erlang") {
      const result = compileError === null
        ? runErlangOnce(ebin, erlangSizes(profile))
        : { available: false as const, reason: compileError };
      if (!result.available) erlang = false;
      entries.push({ seq, round: slot.round, kind: "erlang", erlang: result });
    } else {
      const file = `${out}${seq}-${slot.runtime}-${slot.group}.json`;
      const args = ["--group", slot.group, "--no-erlang", "--out", file];
      if (options.quick) args.push("--quick");
      const code = runBench(slot.runtime, root, script, args, log);
      const text = exists(file) ? readText(file) : undefined;
      if (code !== 0 || text === undefined) {
        throw new Error(
          `${label} (round ${slot.round}) exited with code ${code}: see ${log}`,
        );
      }
      entries.push({
        seq,
        round: slot.round,
        kind: "js",
        output: JSON.parse(text) as RunOutput,
      });
    }
    const elapsed = (Date.now() - startedAt) / 1000;
    const eta = elapsed / (seq + 1) * (slots.length - seq - 1);
    console.log(
      `  ${String(seq + 1).padStart(3)}/${slots.length} round ${slot.round} ${
        label.padEnd(18)
      } ${((Date.now() - t0) / 1000).toFixed(1)} s  (about ${
        Math.ceil(eta / 60)
      } min left)`,
    );
  });

  const suite: Suite = {
    profile,
    rounds: options.rounds,
    startedAt: new Date(startedAt).toISOString(),
    seconds: (Date.now() - startedAt) / 1000,
    command: options.quick || scriptArgs().length > 0
      ? command
      : "npm run bench",
    entries,
  };
  const paths = reportPaths(options.quick);
  writeText(paths.suite, JSON.stringify(suite) + "\n");
  writeText(
    paths.md,
    renderReport({
      suite,
      shifts: coreShifts(),
      cluster: options.quick ? [] : readClusterRuns(),
    }),
  );
  console.log(
    `wrote ${paths.suite} and ${paths.md} in ${
      (suite.seconds / 60).toFixed(1)
    } min${erlang || !options.erlang ? "" : " (Erlang not measured)"}`,
  );
}

if (import.meta.main) main();
