/**
 * Shutdown deadlines of one system, on one timer per distinct duration
 * instead of one timer per stop: stops of the same shutdown time are armed in
 * time order, so each duration keeps a FIFO whose head holds the only timer.
 * An entry settled in time is dropped from the head as soon as it gets there.
 *
 * @module
 */

import type { Clock, TimerHandle } from "./clock.ts";

/** One waiting bound: `expire` runs at `at` unless `done` was set first. */
interface Entry {
  readonly at: number;
  readonly expire: () => void;
  done: boolean;
}

/** A FIFO of entries of one duration, with the timer of its head. */
interface Lane {
  readonly entries: Entry[];
  head: number;
  timer: TimerHandle | undefined;
}

/** The deadlines of one system. */
export class Deadlines {
  readonly #clock: Clock;
  readonly #lanes = new Map<number, Lane>();

  /**
   * Creates the deadlines of one system.
   *
   * @param clock The system's clock.
   */
  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /**
   * Waits for `work`, or `ms` of the clock, whichever comes first.
   *
   * @param work The work to wait for.
   * @param ms The bound in milliseconds.
   * @returns Whether `work` finished in time.
   */
  within(work: Promise<void>, ms: number): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const entry: Entry = {
        at: this.#clock.now() + ms,
        expire: () => resolve(false),
        done: false,
      };
      const lane = this.#lane(ms);
      lane.entries.push(entry);
      if (lane.timer === undefined) this.#arm(ms, lane);
      work.then(() => {
        entry.done = true;
        resolve(true);
        this.#trim(ms, lane);
      }, (error) => {
        entry.done = true;
        reject(error);
        this.#trim(ms, lane);
      });
    });
  }

  #lane(ms: number): Lane {
    let lane = this.#lanes.get(ms);
    if (lane === undefined) {
      lane = { entries: [], head: 0, timer: undefined };
      this.#lanes.set(ms, lane);
    }
    return lane;
  }

  /** Drops settled entries at the head; an empty lane releases its timer. */
  #trim(ms: number, lane: Lane): void {
    const { entries } = lane;
    while (lane.head < entries.length && entries[lane.head].done) lane.head++;
    if (lane.head === entries.length) {
      if (lane.timer !== undefined) this.#clock.clearTimeout(lane.timer);
      lane.timer = undefined;
      if (this.#lanes.get(ms) === lane) this.#lanes.delete(ms);
    } else if (lane.head > 1024 && lane.head * 2 > entries.length) {
      entries.splice(0, lane.head);
      lane.head = 0;
    }
  }

  #arm(ms: number, lane: Lane): void {
    const head = lane.entries[lane.head];
    const delay = Math.max(0, head.at - this.#clock.now());
    lane.timer = this.#clock.setTimeout(() => this.#fire(ms, lane), delay);
  }

  /** Expires every entry whose time has come, then arms for the next. */
  #fire(ms: number, lane: Lane): void {
    lane.timer = undefined;
    const now = this.#clock.now();
    const { entries } = lane;
    while (lane.head < entries.length) {
      const entry = entries[lane.head];
      if (!entry.done && entry.at > now) break;
      lane.head++;
      if (!entry.done) {
        entry.done = true;
        entry.expire();
      }
    }
    if (lane.head === entries.length) {
      if (this.#lanes.get(ms) === lane) this.#lanes.delete(ms);
    } else this.#arm(ms, lane);
  }
}
