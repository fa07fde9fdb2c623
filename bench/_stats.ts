/**
 * The arithmetic of repeated runs: a figure measured once per fresh process
 * is summarised as its median with min–max, and a target's verdict reads the
 * whole range, so it survives a rerun.
 *
 * - **met**: the median clears the goal (and the minimum clears the lower
 *   goal, for targets that have one);
 * - **unstable**: the range straddles the goal (some runs clear it, the
 *   median or the minimum does not);
 * - **missed**: no run clears it.
 *
 * @module
 */

/** A figure over repeated runs. */
export interface Spread {
  /** How many runs measured it. */
  readonly n: number;
  /** The median (the mean of the two middle values for an even count). */
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Summarises the values of repeated runs; non-finite values are left out.
 *
 * @param values One value per run.
 * @returns Their median and range (`n` is 0 and the rest `NaN` when empty).
 */
export function spread(values: readonly number[]): Spread {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { n, median: NaN, min: NaN, max: NaN };
  const mid = n >> 1;
  const median = n % 2 === 1
    ? sorted[mid]
    : (sorted[mid - 1] + sorted[mid]) / 2;
  return { n, median, min: sorted[0], max: sorted[n - 1] };
}

/** A target's verdict over repeated runs. */
export type Verdict = "met" | "unstable" | "missed" | "not measured";

/** What a target asks of a figure. */
export interface Goal {
  /** The bound the median must clear. */
  readonly value: number;
  /** `"min"`: the figure must be at least `value`; `"max"`: at most. */
  readonly kind: "min" | "max";
  /** A bound every run must clear too (`kind` as above), if the target has one. */
  readonly every?: number;
}

/**
 * Judges a spread against a goal.
 *
 * @param s The figure over repeated runs.
 * @param goal What the target asks.
 * @returns `met` when the median clears it (and every run clears
 * `goal.every`), `unstable` when the range straddles it, `missed` when no run
 * clears it, `not measured` when there is no run.
 */
export function judge(s: Spread, goal: Goal): Verdict {
  if (s.n === 0) return "not measured";
  const clears = (x: number, bound: number) =>
    goal.kind === "min" ? x >= bound : x <= bound;
  const best = goal.kind === "min" ? s.max : s.min;
  const worst = goal.kind === "min" ? s.min : s.max;
  const everyOk = goal.every === undefined || clears(worst, goal.every);
  if (clears(s.median, goal.value) && everyOk) return "met";
  if (clears(best, goal.value)) return "unstable";
  return "missed";
}

/**
 * Formats a spread with a formatter: `0.62× (0.55–0.70)`, or just the value
 * when there was one run.
 *
 * @param s The spread.
 * @param format Formats one value.
 * @returns The text.
 */
export function formatSpread(
  s: Spread,
  format: (x: number) => string,
): string {
  if (s.n === 0) return "n/a";
  if (s.n === 1) return format(s.median);
  return `${format(s.median)} (${format(s.min)}–${format(s.max)})`;
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
