/**
 * A probe: an actor that records every message, for assertions.
 *
 * Follows Akka's `TestProbe`.
 *
 * @module
 */

import type { ActorRef } from "../core/actor_ref.ts";
import type { ActorSystem } from "../core/actor_system.ts";

/**
 * Records the messages sent to {@linkcode Probe.ref}.
 *
 * @typeParam T The messages the probe accepts.
 * @example
 * ```ts
 * import { ActorSystem } from "@understudy/runtime";
 * import { Probe } from "@understudy/runtime/testing";
 * await using system = new ActorSystem();
 * const probe = new Probe<number>(system);
 * probe.ref.tell(42);
 * console.assert((await probe.next()) === 42);
 * ```
 */
export class Probe<T> {
  /** The probe's ref: hand it to the actors under test. */
  readonly ref: ActorRef<T>;
  /** Every message received, in order. */
  readonly messages: T[] = [];
  #read = 0;
  #waiters: ((message: T) => void)[] = [];

  /**
   * Spawns the probe as a top-level actor.
   *
   * @param system The system.
   * @param name The probe's name. Defaults to a generated one.
   */
  constructor(system: ActorSystem, name?: string) {
    this.ref = system.spawn({
      kind: "probe",
      init: () => null,
      receive: (_state: null, message: T) => {
        this.messages.push(message);
        const waiter = this.#waiters.shift();
        if (waiter !== undefined) {
          this.#read++;
          waiter(message);
        }
      },
    }, { name });
  }

  /**
   * The next message not yet read by `next`, waiting for it if needed.
   *
   * @returns The message.
   */
  next(): Promise<T> {
    if (this.#read < this.messages.length) {
      return Promise.resolve(this.messages[this.#read++]);
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Waits for a message matching `predicate`, skipping others.
   *
   * @param predicate The test.
   * @returns The first matching message.
   */
  async expect(predicate: (message: T) => boolean): Promise<T> {
    for (;;) {
      const message = await this.next();
      if (predicate(message)) return message;
    }
  }
}
