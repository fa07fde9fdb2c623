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
   * Calls `fn` once after `ms` milliseconds.
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
 * The host's clock: `Date.now()` and the global `setTimeout`.
 *
 * @example
 * ```ts
 * import { realClock } from "@understudy/runtime";
 * const handle = realClock.setTimeout(() => {}, 1000);
 * realClock.clearTimeout(handle);
 * ```
 */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) =>
    clearTimeout(handle as ReturnType<typeof setTimeout>),
};
