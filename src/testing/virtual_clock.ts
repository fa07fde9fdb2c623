/**
 * A clock that moves only when told to: timers, ask timeouts and restart
 * backoff become deterministic in tests.
 *
 * Follows xstate v5's `SimulatedClock` and Akka's `ManualTime`.
 *
 * @module
 */

import type { Clock, TimerHandle } from "../core/clock.ts";

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/**
 * A manual {@linkcode Clock}. Timers fire, in time order, only inside
 * {@linkcode VirtualClock.advance} / {@linkcode VirtualClock.fireNext}.
 *
 * @example
 * ```ts
 * import { VirtualClock } from "@understudy/runtime/testing";
 * const clock = new VirtualClock();
 * let fired = false;
 * clock.setTimeout(() => (fired = true), 100);
 * clock.advance(99);
 * console.assert(!fired);
 * clock.advance(1);
 * console.assert(fired && clock.now() === 100);
 * ```
 */
export class VirtualClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers: Timer[] = [];

  /**
   * Creates the instance.
   *
   * @param start The initial time in milliseconds. Defaults to 0.
   */
  constructor(start = 0) {
    this.#now = start;
  }

  /** The current virtual time. */
  now(): number {
    return this.#now;
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.#timers.length;
  }

  /** When the next timer is due, or `undefined` when none waits. */
  get nextAt(): number | undefined {
    return this.#timers[0]?.at;
  }

  /**
   * Schedules `fn` at `now() + ms`.
   *
   * @param fn The callback.
   * @param ms The delay.
   * @returns The timer's handle.
   */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.#nextId++, at: this.#now + Math.max(0, ms), fn };
    const timers = this.#timers;
    let i = timers.length;
    while (i > 0 && timers[i - 1].at > timer.at) i--;
    timers.splice(i, 0, timer);
    return timer.id;
  }

  /**
   * Cancels a timer.
   *
   * @param handle The handle `setTimeout` returned.
   */
  clearTimeout(handle: TimerHandle): void {
    const i = this.#timers.findIndex((timer) => timer.id === handle);
    if (i >= 0) this.#timers.splice(i, 1);
  }

  /**
   * Moves time to the next timer due no later than `limit` and fires it.
   *
   * @param limit The latest time to move to. Defaults to `Infinity`.
   * @returns Whether a timer fired.
   */
  fireNext(limit = Infinity): boolean {
    const timer = this.#timers[0];
    if (timer === undefined || timer.at > limit) return false;
    this.#timers.shift();
    this.#now = Math.max(this.#now, timer.at);
    timer.fn();
    return true;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order (synchronously,
   * without letting actors run between them: see `TestKit.advance`).
   *
   * @param ms How far to move.
   * @throws {RangeError} When `ms` is negative or not finite.
   */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) {
      throw new RangeError(
        `Cannot advance clock: ms must be a non-negative finite number, got "${ms}"`,
      );
    }
    const target = this.#now + ms;
    while (this.fireNext(target));
    this.#now = target;
  }
}
