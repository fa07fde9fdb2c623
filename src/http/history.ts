/**
 * Fixed-size histories for the dashboard: numbers sampled once a second into
 * preallocated ring buffers, so memory stays bounded however long the server
 * runs.
 *
 * @module
 */

/**
 * A ring of numbers with a fixed capacity: pushing past it overwrites the
 * oldest. Backed by one `Float64Array` allocated up front.
 *
 * @example
 * ```ts
 * import { NumberRing } from "./history.ts";
 * const ring = new NumberRing(2);
 * ring.push(1);
 * ring.push(2);
 * ring.push(3);
 * console.assert(ring.toArray().join() === "2,3");
 * ```
 */
export class NumberRing {
  readonly #data: Float64Array;
  #next = 0;
  #length = 0;

  /**
   * @param capacity How many numbers it keeps.
   * @throws {RangeError} When `capacity` is not a positive integer.
   */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Invalid ring capacity: expected a positive integer, got "${capacity}"`,
      );
    }
    this.#data = new Float64Array(capacity);
  }

  /** How many numbers it keeps at most. */
  get capacity(): number {
    return this.#data.length;
  }

  /** How many numbers it holds now. */
  get length(): number {
    return this.#length;
  }

  /**
   * Appends a number, dropping the oldest when full.
   *
   * @param value The number.
   */
  push(value: number): void {
    this.#data[this.#next] = value;
    this.#next = (this.#next + 1) % this.#data.length;
    if (this.#length < this.#data.length) this.#length++;
  }

  /**
   * The `i`-th number held, oldest first.
   *
   * @param i From 0 to `length - 1`.
   * @returns The number, or `NaN` outside the range.
   */
  at(i: number): number {
    if (!(i >= 0 && i < this.#length)) return NaN;
    const start = this.#next - this.#length + this.#data.length;
    return this.#data[(start + i) % this.#data.length];
  }

  /**
   * The numbers held, oldest first, from index `from`.
   *
   * @param from The first index wanted. Defaults to 0.
   * @returns A new array.
   */
  toArray(from = 0): number[] {
    const out: number[] = [];
    for (let i = Math.max(0, from); i < this.#length; i++) out.push(this.at(i));
    return out;
  }
}

/**
 * Named series sampled together: one {@linkcode NumberRing} per name, plus the
 * sample's time and a sequence number, so a reader can ask for the samples
 * after the last one it saw.
 *
 * @example
 * ```ts
 * import { SeriesHistory } from "./history.ts";
 * const history = new SeriesHistory(["rate"], 60);
 * history.record(1000, { rate: 5 });
 * console.assert(history.since(0).rate[0] === 5);
 * ```
 */
export class SeriesHistory {
  readonly #names: readonly string[];
  readonly #rings: Map<string, NumberRing>;
  readonly #time: NumberRing;
  #seq = 0;

  /**
   * @param names The series, fixed for the history's life.
   * @param capacity The samples kept per series.
   */
  constructor(names: readonly string[], capacity: number) {
    this.#names = [...names];
    this.#time = new NumberRing(capacity);
    this.#rings = new Map(
      names.map((name) => [name, new NumberRing(capacity)]),
    );
  }

  /** The sequence number of the newest sample (0 before any). */
  get seq(): number {
    return this.#seq;
  }

  /** The samples kept per series. */
  get capacity(): number {
    return this.#time.capacity;
  }

  /**
   * Records one sample; a series missing from `values` records 0.
   *
   * @param time The sample's time, in milliseconds since the epoch.
   * @param values A value per series name.
   */
  record(time: number, values: Readonly<Record<string, number>>): void {
    this.#seq++;
    this.#time.push(time);
    for (const name of this.#names) {
      this.#rings.get(name)!.push(values[name] ?? 0);
    }
  }

  /**
   * The samples newer than sequence number `after`, column by column.
   *
   * @param after The last sequence number the reader has (0 for all).
   * @returns `seq` (of the first sample returned), `t` and one array per
   * series, oldest first.
   */
  since(after: number): Record<string, number[]> & { seq: number[] } {
    const held = this.#time.length;
    const first = this.#seq - held + 1;
    const from = Math.max(0, Math.floor(after) + 1 - first);
    const out: Record<string, number[]> = {
      seq: [],
      t: this.#time.toArray(from),
    };
    for (let i = from; i < held; i++) out.seq.push(first + i);
    for (const name of this.#names) {
      out[name] = this.#rings.get(name)!.toArray(from);
    }
    return out as Record<string, number[]> & { seq: number[] };
  }
}
