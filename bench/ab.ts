/**
 * Before/after in one process: loads the bench code of two trees (the
 * `before` tree extracted by `compare.ts --in-process`, and this one), then
 * runs each selected case's body alternately from both, pairing each before
 * iteration with the after iteration next to it, for a few seconds per case.
 * Each iteration is timed in CPU time, and the figure is the median of the
 * per-pair ratios with the middle half of them: load on the machine hits both
 * sides of a pair alike, so this resolves a few percent where fresh processes
 * on a busy machine cannot. Both trees' modules are separate instances, so
 * the engines compile each side's code on its own; an A/A run (a ref equal to
 * the working tree) shows the method's own spread (about ±5% on Bun, ±2% on
 * Deno on this project's machine).
 *
 * ```sh
 * bun bench/ab.ts /tmp/understudy-compare-<sha> ping-pong thread-ring
 * ```
 *
 * Started by `compare.ts --in-process`; prints one JSON line.
 *
 * @module
 */

import { cpuTime, scriptArgs } from "./_host.ts";
import type { BenchCase } from "./_harness.ts";
import { spread } from "./_stats.ts";

/** One case compared in one process. */
export interface PairedFigure {
  readonly id: string;
  /** Pairs of iterations measured. */
  readonly pairs: number;
  /** Median CPU ns per op, before and after. */
  readonly before: number;
  readonly after: number;
  /** Before's time over after's per pair: median, 25th and 75th percentile. */
  readonly speed: {
    readonly median: number;
    readonly p25: number;
    readonly p75: number;
  };
}

/**
 * Runs one case from both trees alternately.
 *
 * @param before The case from the before tree.
 * @param after The same case from this tree.
 * @param ms How long to alternate, in milliseconds.
 * @returns The paired figure.
 */
export async function pairCase(
  before: BenchCase,
  after: BenchCase,
  ms: number,
): Promise<PairedFigure> {
  const sb = await before.setup?.();
  const sa = await after.setup?.();
  for (let i = 0; i < 3; i++) {
    await before.body(sb);
    await after.body(sa);
  }
  const tb: number[] = [];
  const ta: number[] = [];
  const until = performance.now() + ms;
  while (performance.now() < until || tb.length < 5) {
    let t = cpuTime();
    await before.body(sb);
    tb.push((cpuTime() - t) / before.ops);
    t = cpuTime();
    await after.body(sa);
    ta.push((cpuTime() - t) / after.ops);
  }
  await before.teardown?.(sb);
  await after.teardown?.(sa);
  const ratios = tb.map((b, i) => b / ta[i]).sort((x, y) => x - y);
  const at = (q: number) => ratios[Math.floor(q * (ratios.length - 1))];
  return {
    id: after.id,
    pairs: ratios.length,
    before: spread(tb).median,
    after: spread(ta).median,
    speed: { median: spread(ratios).median, p25: at(0.25), p75: at(0.75) },
  };
}

async function main(): Promise<void> {
  const [beforeDir, msText, ...groups] = scriptArgs();
  const load = async (dir: string) =>
    ((await import(`${dir}/bench/run.ts`)) as {
      collect(profile: "full"): BenchCase[];
    }).collect("full");
  const before = await load(beforeDir);
  const after = await load(new URL("..", import.meta.url).pathname);
  const selected = after.filter((c) =>
    c.role !== "peer" &&
    groups.some((g) => g === c.group || c.id.split("/").includes(g))
  );
  const out: PairedFigure[] = [];
  for (const c of selected) {
    const b = before.find((x) => x.id === c.id);
    if (b !== undefined) out.push(await pairCase(b, c, Number(msText)));
  }
  console.log(JSON.stringify(out));
}

if (import.meta.main) await main();
