/**
 * The time source of an actor system: every timer, ask timeout and restart
 * backoff goes through one injectable {@linkcode Clock}.
 *
 * Follows xstate v5's injected clock; the testing module provides a virtual
 * clock that tests advance by hand.
 *
 * @module
 */

/** An opaque handle for a timer scheduled on a {@linkcode Clock}. */
export type TimerHandle = unknown;

/**
 * A source of time and one-shot timers.
 *
 * @example A clock that logs every timer
 * ```ts
 * import { type Clock, realClock } from "@understudy/runtime";
 * const logging: Clock = {
 *   now: () => realClock.now(),
 *   setTimeout: (fn, ms) => realClock.setTimeout(fn, ms),
 *   clearTimeout: (handle) => realClock.clearTimeout(handle),
 * };
 * console.assert(typeof logging.now() === "number");
 * ```
 */
export interface Clock {
  /** The current time in milliseconds. */
  now(): number;
  /**
   * Calls `fn` once after `ms` milliseconds. A clock must honour any
   * delay, including ones past 2³¹−1 ms (see {@linkcode chainedClock}).
   *
   * @param fn The callback.
   * @param ms The delay in milliseconds.
   * @returns A handle for {@linkcode Clock.clearTimeout}.
   */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /**
   * Cancels a timer; cancelling a fired or cancelled timer does nothing.
   *
   * @param handle The handle `setTimeout` returned.
   */
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The longest delay a host's `setTimeout` honours: 2³¹−1 ms (about 24.8
 * days). Hosts fire a longer one after about 1 ms, so {@linkcode realClock}
 * chains timers to wait longer.
 */
export const MAX_TIMER_DELAY = 2_147_483_647;

/**
 * The host's clock: `Date.now()` and the global `setTimeout`, with delays
 * longer than {@linkcode MAX_TIMER_DELAY} waited out by a chain of timers
 * (an `Infinity` delay never fires).
 *
 * @example
 * ```ts
 * import { realClock } from "@understudy/runtime";
 * const handle = realClock.setTimeout(() => {}, 1000);
 * realClock.clearTimeout(handle);
 * ```
 */
export const realClock: Clock = chainedClock({
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) =>
    clearTimeout(handle as ReturnType<typeof setTimeout>),
}, MAX_TIMER_DELAY);

/** One long timer: the host timer of its current link. */
class LongTimer {
  handle: TimerHandle = undefined;
  cancelled = false;
}

/**
 * A clock on `host` whose timers may be longer than `max`: a longer delay is
 * waited out in links of at most `max` ms, each re-reading the time, so it
 * fires when due (never early, never in a busy loop).
 *
 * @param host The underlying clock, whose timers must not exceed `max`.
 * @param max The longest delay `host` honours.
 * @returns The clock.
 */
export function chainedClock(host: Clock, max: number): Clock {
  return {
    now: () => host.now(),
    setTimeout(fn, ms) {
      if (ms <= max) return host.setTimeout(fn, ms);
      const timer = new LongTimer();
      if (ms === Infinity) return timer;
      const due = host.now() + ms;
      const link = () => {
        if (timer.cancelled) return;
        const left = due - host.now();
        if (left <= 0) fn();
        else timer.handle = host.setTimeout(link, Math.min(left, max));
      };
      timer.handle = host.setTimeout(link, max);
      return timer;
    },
    clearTimeout(handle) {
      if (handle instanceof LongTimer) {
        handle.cancelled = true;
        host.clearTimeout(handle.handle);
      } else {
        host.clearTimeout(handle);
      }
    },
  };
}
