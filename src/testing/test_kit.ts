/**
 * A system on a virtual clock, with run-until-idle: tests that never wait on
 * real time.
 *
 * Follows Akka's `ActorTestKit` with `ManualTime`.
 *
 * @module
 */

import {
  ActorSystem,
  type ActorSystemOptions,
  runtimeOf,
} from "../core/actor_system.ts";
import type { ActorEvent } from "../core/events.ts";
import { Probe } from "./probe.ts";
import { VirtualClock } from "./virtual_clock.ts";

/** Options for a {@linkcode TestKit}: the system's, less its clock. */
export type TestKitOptions = Omit<ActorSystemOptions, "clock">;

/**
 * Lets every pending promise callback run.
 *
 * @returns Resolves after a few rounds of the microtask queue.
 */
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
 * Resolves when `system` has nothing left to do at the current time: no actor
 * with mail, no async handler or lifecycle step in flight, or, on a
 * {@linkcode VirtualClock}, only work that waits for virtual time to move (a
 * restart backoff, a shutdown timeout, a handler awaiting a timer). Does not
 * move the clock.
 *
 * Work waiting on real I/O is waited for; work waiting on both a virtual
 * timer and real I/O at once is reported idle once a host macrotask passes
 * without progress.
 *
 * @param system The system.
 * @returns Resolves when idle.
 */
export async function runUntilIdle(system: ActorSystem): Promise<void> {
  const scheduler = runtimeOf(system).scheduler;
  const clock = system.clock;
  for (;;) {
    await flushMicrotasks();
    if (scheduler.isIdle) return;
    let idle = false;
    const done = scheduler.idle().then(() => void (idle = true));
    await Promise.race([done, macrotask()]);
    if (idle) continue;
    const stats = scheduler.stats;
    if (
      stats.queued === 0 && clock instanceof VirtualClock && clock.pending > 0
    ) {
      return;
    }
  }
}

/**
 * A test harness: an {@linkcode ActorSystem} on a {@linkcode VirtualClock},
 * a record of every event, probes, and time that moves only on request.
 *
 * @example Advance time to fire a timer
 * ```ts
 * import { TestKit } from "@understudy/runtime/testing";
 * import { defineActor } from "@understudy/runtime";
 * await using kit = new TestKit();
 * const probe = kit.probe<string>();
 * kit.system.spawn(defineActor({
 *   init: (_: void, ctx) => void ctx.sendAfter("tick", 1000),
 *   receive: (_: void, msg: string) => void probe.ref.tell(msg),
 * }));
 * await kit.advance(999);
 * console.assert(probe.messages.length === 0);
 * await kit.advance(1);
 * console.assert(probe.messages[0] === "tick");
 * ```
 */
export class TestKit implements AsyncDisposable {
  /** The virtual clock driving the system. */
  readonly clock: VirtualClock;
  /** The system under test. */
  readonly system: ActorSystem;
  /** Every event the system published, in order. */
  readonly events: ActorEvent[] = [];

  /**
   * Creates the instance.
   *
   * @param options System options (the clock is always virtual).
   */
  constructor(options: TestKitOptions = {}) {
    this.clock = new VirtualClock();
    this.system = new ActorSystem({ ...options, clock: this.clock });
    this.system.events.subscribe((event) => this.events.push(event));
  }

  /**
   * Runs the system until nothing is left to do at the current time.
   *
   * @returns Resolves when idle.
   */
  runUntilIdle(): Promise<void> {
    return runUntilIdle(this.system);
  }

  /**
   * Moves virtual time forward by `ms`, firing timers in order and running
   * the system until idle after each one.
   *
   * @param ms How far to move.
   * @returns Resolves when time has moved and the system is idle.
   */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0) || !Number.isFinite(ms)) {
      throw new RangeError(
        `Cannot advance clock: ms must be a non-negative finite number, got "${ms}"`,
      );
    }
    const target = this.clock.now() + ms;
    await this.runUntilIdle();
    while (this.clock.fireNext(target)) await this.runUntilIdle();
    this.clock.advance(target - this.clock.now());
    await this.runUntilIdle();
  }

  /**
   * Spawns a probe: an actor that records what it receives.
   *
   * @typeParam T The messages the probe accepts.
   * @param name The probe's name. Defaults to a generated one.
   * @returns The probe.
   */
  probe<T>(name?: string): Probe<T> {
    return new Probe<T>(this.system, name);
  }

  /**
   * The events of one type, in order.
   *
   * @typeParam K The event type.
   * @param type The event type.
   * @returns The matching events.
   */
  eventsOf<K extends ActorEvent["type"]>(
    type: K,
  ): Extract<ActorEvent, { type: K }>[] {
    return this.events.filter((e) => e.type === type) as Extract<
      ActorEvent,
      { type: K }
    >[];
  }

  /** Shuts the system down and runs it to idle. */
  async [Symbol.asyncDispose](): Promise<void> {
    const done = this.system.shutdown();
    let terminated = false;
    done.then(() => (terminated = true));
    while (!terminated) {
      await this.runUntilIdle();
      if (terminated || !this.clock.fireNext()) break;
    }
    await done;
  }
}
