/**
 * Before/after for a change near the hot path, on this machine: the working
 * tree (after) against a git ref (before), repeated in fresh processes and
 * interleaved, printing per case the after/before speed ratio with its range.
 *
 * ```sh
 * npm run bench:compare -- main                         # default groups, 5 rounds, both runtimes
 * npm run bench:compare -- HEAD~1 --group ping-pong --group counting --rounds 7
 * npm run bench:compare -- main --runtime bun --quick
 * ```
 *
 * The ref's tree is extracted (`git archive`) into a temporary folder, which
 * gets this tree's `bench/` and a link to its `node_modules`, so both sides
 * run the same benchmark code and differ only in the runtime under test.
 * Each round runs every group on every runtime once per side, each run in a
 * fresh process, alternating which side goes first. A process stands for its
 * CPU time per call by default (`--stat cpu`): on a busy machine the wall
 * clock counts the time spent waiting for a core, the CPU time does not; use
 * `--stat p50` on a quiet machine. Writes `bench/out/compare.json`.
 * `--in-process` instead loads both trees into one process per runtime and
 * alternates iterations (`ab.ts`): the finest resolution on a busy machine.
 * See `docs/benchmarks.md`.
 *
 * @module
 */

import {
  copyTree,
  exists,
  linkPath,
  makeDir,
  readText,
  removeFile,
  runBench,
  runCommand,
  runtimeCommand,
  type RuntimeName,
  scriptArgs,
  tempRoot,
  writeText,
} from "./_host.ts";
import type { RunOutput } from "./_results.ts";
import { formatNs } from "./_stats.ts";
import type { PairedFigure } from "./ab.ts";
import {
  type Arm,
  compareRuns,
  renderComparison,
  type Stat,
} from "./_compare.ts";

/** The groups a comparison runs when none is named. */
export const DEFAULT_GROUPS = [
  "tell",
  "ping-pong",
  "fan-out",
  "counting",
  "thread-ring",
];

interface Options {
  readonly ref: string;
  readonly rounds: number;
  readonly groups: readonly string[];
  readonly runtimes: readonly RuntimeName[];
  readonly quick: boolean;
  readonly stat: Stat;
  /** Seconds per case in one process, both trees loaded (0: fresh processes). */
  readonly inProcess: number;
}

function parseArgs(args: string[]): Options {
  let ref: string | undefined;
  let rounds = 5;
  const groups: string[] = [];
  const runtimes: RuntimeName[] = [];
  let quick = false;
  let stat: Stat = "cpu";
  let inProcess = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const next = () => {
      if (i + 1 >= args.length) throw new TypeError(`${arg} needs a value`);
      return args[++i];
    };
    if (arg === "--quick") quick = true;
    else if (arg === "--in-process") inProcess = 6;
    else if (arg === "--seconds") inProcess = Number(next());
    else if (arg === "--stat") {
      const value = next();
      if (
        value !== "cpu" && value !== "p50" && value !== "p25" && value !== "min"
      ) {
        throw new TypeError(
          `Unknown --stat "${value}": use cpu, min, p25 or p50`,
        );
      }
      stat = value;
    } else if (arg === "--rounds") rounds = Number(next());
    else if (arg === "--group") groups.push(...next().split(","));
    else if (arg === "--runtime") {
      for (const r of next().split(",")) {
        if (r !== "deno" && r !== "bun") {
          throw new TypeError(`Unknown runtime "${r}": use deno or bun`);
        }
        runtimes.push(r);
      }
    } else if (!arg.startsWith("-") && ref === undefined) ref = arg;
    else {
      throw new TypeError(
        `Unknown argument "${arg}": use <git-ref> [--group G] [--rounds N] [--runtime deno|bun] [--stat cpu|min|p25|p50] [--quick] [--in-process [--seconds S]]`,
      );
    }
  }
  if (ref === undefined) {
    throw new TypeError("Name the git ref to compare with: compare.ts <ref>");
  }
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new RangeError(
      `--rounds must be a positive integer, got "${rounds}"`,
    );
  }
  return {
    ref,
    rounds,
    groups: groups.length > 0 ? groups : DEFAULT_GROUPS,
    runtimes: runtimes.length > 0 ? runtimes : ["deno", "bun"],
    quick,
    stat,
    inProcess,
  };
}

function git(root: string, args: string[]): string {
  const r = runCommand("git", ["-C", root, ...args], 120_000);
  if (!r.found) throw new Error("git not found");
  if (r.code !== 0) {
    throw new Error(`git ${args.join(" ")} failed: ${r.stderr.trim()}`);
  }
  return r.stdout.trim();
}

/** Extracts the ref's tree into a temporary folder with this tree's bench/. */
function prepareBefore(root: string, ref: string): string {
  const sha = git(root, ["rev-parse", "--verify", `${ref}^{commit}`]);
  const dir = `${tempRoot()}/understudy-compare-${sha.slice(0, 12)}`;
  if (!exists(`${dir}/mod.ts`)) {
    removeFile(dir);
    makeDir(dir);
    const tar = `${dir}.tar`;
    git(root, ["archive", "--format=tar", "-o", tar, sha]);
    const untar = runCommand("tar", ["-xf", tar, "-C", dir], 120_000);
    removeFile(tar);
    if (!untar.found || untar.code !== 0) {
      throw new Error(
        `Cannot extract ${ref}: ${
          untar.found ? untar.stderr : "tar not found"
        }`,
      );
    }
  }
  copyTree(`${root}/bench`, `${dir}/bench`, (p) => p.includes("/bench/out"));
  linkPath(`${root}/node_modules`, `${dir}/node_modules`);
  return dir;
}

/** Both trees in one process per runtime (`ab.ts`), cases alternated. */
function compareInProcess(root: string, beforeDir: string, o: Options): void {
  console.log(
    `after = working tree, before = ${o.ref}; one process per runtime with both trees loaded, iterations alternated for ${o.inProcess} s per case, CPU time; speed = before's time over after's per pair, median (25th–75th percentile)`,
  );
  console.log("");
  console.log(
    "| runtime | case | before per op | after per op | after speed / before | pairs |",
  );
  console.log("| --- | --- | ---: | ---: | ---: | ---: |");
  for (const runtime of o.runtimes) {
    const { command, prefix } = runtimeCommand(runtime, root);
    const r = runCommand(command, [
      ...prefix,
      `${root}/bench/ab.ts`,
      beforeDir,
      String(o.inProcess * 1000),
      ...o.groups,
    ], 3_600_000);
    const line = r.found ? r.stdout.trim().split("\n").at(-1) : undefined;
    if (!r.found || r.code !== 0 || line === undefined) {
      throw new Error(
        `ab.ts on ${runtime} failed: ${
          r.found ? r.stderr.slice(0, 500) : "not found"
        }`,
      );
    }
    for (const f of JSON.parse(line) as PairedFigure[]) {
      const x = (v: number) => `${v.toFixed(3)}×`;
      console.log(
        `| ${runtime} | \`${f.id}\` | ${formatNs(f.before)} | ${
          formatNs(f.after)
        } | ${x(f.speed.median)} (${x(f.speed.p25)}–${
          x(f.speed.p75)
        }) | ${f.pairs} |`,
      );
    }
  }
}

function main(): void {
  const options = parseArgs(scriptArgs());
  const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
  const beforeDir = prepareBefore(root, options.ref);
  if (options.inProcess > 0) return compareInProcess(root, beforeDir, options);
  const out = `${root}/bench/out/compare/`;
  const log = `${root}/bench/out/compare.log`;
  removeFile(out);
  makeDir(out);
  removeFile(log);
  const dirs: Record<Arm, string> = { before: beforeDir, after: root };
  const runs: { arm: Arm; round: number; output: RunOutput }[] = [];
  const total = options.rounds * options.groups.length *
    options.runtimes.length * 2;
  console.log(
    `comparing the working tree (after) with ${options.ref} (before, ${beforeDir}): ${total} processes, output in ${log}`,
  );
  const startedAt = Date.now();
  let n = 0;
  for (let round = 1; round <= options.rounds; round++) {
    const arms: Arm[] = round % 2 === 1
      ? ["before", "after"]
      : ["after", "before"];
    for (const group of options.groups) {
      for (const runtime of options.runtimes) {
        for (const arm of arms) {
          const file = `${out}${++n}-${arm}-${runtime}-${group}.json`;
          const args = ["--group", group, "--no-erlang", "--out", file];
          if (options.quick) args.push("--quick");
          const script = `${dirs[arm]}/bench/run.ts`;
          const code = runBench(runtime, root, script, args, log);
          const text = readText(file);
          if (code !== 0 || text === undefined) {
            throw new Error(
              `${arm} ${runtime} ${group} exited with code ${code}: see ${log}`,
            );
          }
          runs.push({ arm, round, output: JSON.parse(text) as RunOutput });
        }
      }
    }
    const minutes = (Date.now() - startedAt) / 60_000;
    console.log(
      `  round ${round}/${options.rounds} done, ${minutes.toFixed(1)} min`,
    );
  }
  const comparison = compareRuns(runs, options.stat);
  writeText(
    `${root}/bench/out/compare.json`,
    JSON.stringify({ ...options, comparison }, null, 2),
  );
  console.log("");
  console.log(renderComparison(comparison, options.ref, options.stat));
}

if (import.meta.main) main();
