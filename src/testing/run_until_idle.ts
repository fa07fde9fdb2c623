/**
 * Run until idle: let a system do everything it can at the current time.
 *
 * Follows Akka's `ActorTestKit` (a bounded wait that fails with a clear
 * message rather than hanging the test) and xstate's simulated clock (time
 * moves only when told to).
 *
 * @module
 */

import { type ActorSystem, runtimeOf } from "../core/actor_system.ts";
import { busyActors } from "./_busy.ts";
import { IdleTimeoutError } from "./idle_timeout_error.ts";
import { VirtualClock } from "./virtual_clock.ts";

/** Options for {@linkcode runUntilIdle}. */
export interface RunUntilIdleOptions {
  /**
   * How long to wait, in real milliseconds, while the system is busy with
   * work that makes no progress (no turn runs, no async step settles) and no
   * virtual timer is pending: a handler awaiting a real `fetch`, a real
   * timer, or a promise that never settles. Past it,
   * {@linkcode IdleTimeoutError} names the busy actors. Progress starts the
   * wait over, so a long busy run is never cut short. Defaults to 2000.
   */
  readonly idleTimeoutMs?: number;
}

/** The default of {@linkcode RunUntilIdleOptions.idleTimeoutMs}. */
export const DEFAULT_IDLE_TIMEOUT_MS = 2000;

/**
 * Resolves when `system` has nothing left to do at the current time: no actor
 * with mail, no async handler or lifecycle step in flight, or, on a
 * {@linkcode VirtualClock}, only work that waits for virtual time to move (a
 * restart backoff, a shutdown timeout, a handler awaiting a timer). Does not
 * move the clock.
 *
 * Work waiting on something outside the system (a real `fetch`, a real
 * timer) is waited for, sleeping between checks rather than spinning, for
 * as long as it makes progress; after `idleTimeoutMs` of real time with no
 * progress and no virtual timer pending, it rejects with
 * {@linkcode IdleTimeoutError} naming the busy actors. Work waiting on both a
 * virtual timer and real I/O at once is reported idle once a host macrotask
 * passes without progress.
 *
 * @param system The system.
 * @param options The bound on waiting without progress.
 * @returns Resolves when idle.
 * @throws {IdleTimeoutError} When the system stays busy without progress
 * for `idleTimeoutMs` with no virtual timer pending.
 * @throws {RangeError} When `idleTimeoutMs` is not a non-negative number.
 * @example Run a probe's mail
 * ```ts
 * import { ActorSystem } from "@understudy/runtime";
 * import { Probe, runUntilIdle, VirtualClock } from "@understudy/runtime/testing";
 * await using system = new ActorSystem({ clock: new VirtualClock() });
 * const probe = new Probe<string>(system);
 * probe.ref.tell("hi");
 * await runUntilIdle(system);
 * console.assert(probe.messages[0] === "hi");
 * ```
 */
export async function runUntilIdle(
  system: ActorSystem,
  options: RunUntilIdleOptions = {},
): Promise<void> {
  const bound = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  if (!(bound >= 0)) {
    throw new RangeError(
      `Invalid run until idle options: idleTimeoutMs must be a non-negative number, got "${bound}"`,
    );
  }
  const scheduler = runtimeOf(system).scheduler;
  const clock = system.clock;
  let mark = progressOf(scheduler.stats, scheduler.handled);
  let since = performance.now();
  let stalls = 0;
  for (;;) {
    await flushMicrotasks();
    if (scheduler.isIdle) return;
    let idle = false;
    const done = scheduler.idle().then(() => void (idle = true));
    // A few host turns first (I/O callbacks land there), then sleep with a
    // growing delay: waiting on a real fetch costs no CPU.
    if (stalls < SPIN_TURNS) await Promise.race([done, macrotask()]);
    else await sleepUnless(done, stalls);
    if (idle) continue;
    const stats = scheduler.stats;
    if (
      stats.queued === 0 && clock instanceof VirtualClock && clock.pending > 0
    ) {
      return;
    }
    const now = performance.now();
    const at = progressOf(stats, scheduler.handled);
    if (at !== mark) {
      mark = at;
      since = now;
      stalls = 0;
      continue;
    }
    stalls++;
    if (now - since >= bound) {
      throw new IdleTimeoutError(
        busyActors(system),
        stats.inFlight,
        Math.round(now - since),
      );
    }
  }
}

/** Host turns to spin through before sleeping between checks. */
const SPIN_TURNS = 8;

/** A figure that changes whenever the system makes progress. */
function progressOf(
  stats: {
    readonly turns: number;
    readonly inFlight: number;
    readonly queued: number;
  },
  handled: number,
): string {
  return `${stats.turns}/${handled}/${stats.inFlight}/${stats.queued}`;
}

/** Lets every pending promise callback run. */
async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 8; i++) await Promise.resolve();
}

const setImmediateHost = (globalThis as {
  setImmediate?: (fn: () => void) => unknown;
}).setImmediate;

/** Resolves after one turn of the host's macrotask queue. */
function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediateHost === "function") setImmediateHost(resolve);
    else setTimeout(resolve, 0);
  });
}

/**
 * Resolves after a real delay that grows with the stalls (1 ms doubling up to
 * 50 ms), or as soon as `done` settles, leaving no timer behind.
 */
function sleepUnless(done: Promise<void>, stalls: number): Promise<void> {
  const ms = Math.min(50, 2 ** (stalls - SPIN_TURNS));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slept = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([done, slept]).finally(() => clearTimeout(timer));
}
