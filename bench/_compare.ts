/**
 * The arithmetic of `compare.ts`: per runtime and case, the before and after
 * times per op over the rounds, and two speed ratios, each taken per round
 * and then summarised as a median with min–max:
 *
 * - `speed`: before's time over after's (above 1 the change is faster), from
 *   the two processes of one round, run back to back;
 * - `vsBaseline`: the case's ratio to its baseline (or floor) in the after
 *   process over the same in the before process. The baseline is plain code
 *   the change does not touch, measured in the same process, so this one
 *   cancels machine drift between the two processes.
 *
 * @module
 */

import { type CaseResult, perOp, type RunOutput } from "./_results.ts";
import { formatNs, formatSpread, type Spread, spread } from "./_stats.ts";

/** A side of a comparison. */
export type Arm = "before" | "after";

/**
 * What stands for a process: its CPU time per call (which a busy machine's
 * preemption does not inflate, though it counts the garbage collector's
 * helper threads too), or a statistic of its wall-clock samples: the median,
 * the fastest quarter, the fastest sample.
 */
export type Stat = "cpu" | "p50" | "p25" | "min";

/** One case compared. */
export interface CaseComparison {
  readonly runtime: string;
  readonly id: string;
  readonly before: Spread;
  readonly after: Spread;
  /** Before's time per op over after's, per round. */
  readonly speed: Spread;
  /** After's ratio to its baseline over before's, per round. */
  readonly vsBaseline: Spread;
}

/**
 * Compares the runs of both sides.
 *
 * @param runs Every run, with its side and round.
 * @param stat What stands for a process. Defaults to `"p50"`.
 * @returns One comparison per runtime and case, in run order.
 */
export function compareRuns(
  runs: readonly { arm: Arm; round: number; output: RunOutput }[],
  stat: Stat = "p50",
): CaseComparison[] {
  const at = (c: CaseResult) =>
    perOp({ p50: (stat === "cpu" ? c.cpu : c[stat]) ?? NaN, ops: c.ops });
  type Cell = { perOp: number; vsBaseline?: number };
  const table = new Map<string, Map<number, Partial<Record<Arm, Cell>>>>();
  for (const { arm, round, output } of runs) {
    for (const c of output.cases) {
      if (c.error !== undefined) continue;
      const base = c.baseline === undefined
        ? undefined
        : output.cases.find((x) => x.id === c.baseline && !x.error);
      const key = `${output.runtime.name}\t${c.id}`;
      let rounds = table.get(key);
      if (rounds === undefined) table.set(key, rounds = new Map());
      const cell: Cell = { perOp: at(c) };
      if (base !== undefined) cell.vsBaseline = at(base) / at(c);
      rounds.set(round, { ...rounds.get(round), [arm]: cell });
    }
  }
  const out: CaseComparison[] = [];
  for (const [key, rounds] of table) {
    const [runtime, id] = key.split("\t");
    const cells = [...rounds.values()];
    const paired = cells.filter((c) => c.before && c.after) as Record<
      Arm,
      Cell
    >[];
    out.push({
      runtime,
      id,
      before: spread(cells.flatMap((c) => c.before ? [c.before.perOp] : [])),
      after: spread(cells.flatMap((c) => c.after ? [c.after.perOp] : [])),
      speed: spread(paired.map((c) => c.before.perOp / c.after.perOp)),
      vsBaseline: spread(
        paired.flatMap((c) =>
          c.before.vsBaseline === undefined || c.after.vsBaseline === undefined
            ? []
            : [c.after.vsBaseline / c.before.vsBaseline]
        ),
      ),
    });
  }
  return out;
}

/**
 * Renders a comparison as a Markdown table.
 *
 * @param rows The comparison.
 * @param ref The ref the working tree was compared with.
 * @param stat What stood for each process.
 * @returns The text.
 */
export function renderComparison(
  rows: readonly CaseComparison[],
  ref: string,
  stat: Stat,
): string {
  const ns = (s: Spread) => formatSpread(s, formatNs);
  const x = (s: Spread) => formatSpread(s, (r) => `${r.toFixed(2)}×`);
  const lines = [
    `after = working tree, before = ${ref}; each process stands for its ${
      stat === "cpu" ? "CPU time per call" : `${stat} sample`
    }; median (min–max) over rounds; a speed ratio above 1 means after is faster`,
    "",
    "| runtime | case | before per op | after per op | after speed / before | same, vs in-process baseline |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.runtime} | \`${r.id}\` | ${ns(r.before)} | ${ns(r.after)} | ${
        x(r.speed)
      } | ${r.vsBaseline.n === 0 ? "—" : x(r.vsBaseline)} |`,
    );
  }
  return lines.join("\n");
}
