/**
 * A system on a virtual clock, with run-until-idle: tests that never wait on
 * real time.
 *
 * Follows Akka's `ActorTestKit` with `ManualTime`.
 *
 * @module
 */

import { ActorSystem, type ActorSystemOptions } from "../core/actor_system.ts";
import type { ActorEvent } from "../core/events.ts";
import { Probe } from "./probe.ts";
import {
  DEFAULT_IDLE_TIMEOUT_MS,
  runUntilIdle,
  type RunUntilIdleOptions,
} from "./run_until_idle.ts";
import { VirtualClock } from "./virtual_clock.ts";

/** Options for a {@linkcode TestKit}: the system's, less its clock. */
export interface TestKitOptions extends Omit<ActorSystemOptions, "clock"> {
  /**
   * The kit's bound on waiting without progress for work outside the
   * system, in real milliseconds (see
   * {@linkcode RunUntilIdleOptions.idleTimeoutMs}). Defaults to 2000.
   */
  readonly idleTimeoutMs?: number;
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
  readonly #idleTimeoutMs: number;

  /**
   * Creates the instance.
   *
   * @param options System options (the clock is always virtual) and the
   * bound of run until idle.
   * @throws {RangeError} When `idleTimeoutMs` is not a non-negative number.
   */
  constructor(options: TestKitOptions = {}) {
    const { idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS, ...system } = options;
    if (!(idleTimeoutMs >= 0)) {
      throw new RangeError(
        `Invalid test kit options: idleTimeoutMs must be a non-negative number, got "${idleTimeoutMs}"`,
      );
    }
    this.#idleTimeoutMs = idleTimeoutMs;
    this.clock = new VirtualClock();
    this.system = new ActorSystem({ ...system, clock: this.clock });
    this.system.events.subscribe((event) => this.events.push(event));
  }

  /**
   * Runs the system until nothing is left to do at the current time (see
   * {@linkcode runUntilIdle}).
   *
   * @param options The bound on waiting without progress. Defaults to the
   * kit's `idleTimeoutMs`.
   * @returns Resolves when idle.
   * @throws {IdleTimeoutError} When the system stays busy without progress,
   * and with no virtual timer pending, for longer than the bound.
   */
  runUntilIdle(options: RunUntilIdleOptions = {}): Promise<void> {
    return runUntilIdle(this.system, {
      idleTimeoutMs: options.idleTimeoutMs ?? this.#idleTimeoutMs,
    });
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
