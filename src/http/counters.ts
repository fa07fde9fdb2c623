/**
 * Lifetime counters for the metrics endpoint: they only ever grow, even as
 * actors stop and take their own figures with them.
 *
 * @module
 */

import type { AnyActorRef } from "../core/actor_context.ts";
import type { ActorSystem } from "../core/actor_system.ts";
import type { ActorInfo } from "../core/inspection.ts";
import { inspect, listActors } from "../core/inspection.ts";

/**
 * Counts restarts, failures and processed messages of a system from the
 * moment it is created (seeded with the figures of the actors alive then).
 *
 * @example
 * ```ts
 * import { ActorSystem } from "@understudy/runtime";
 * import { Counters } from "./counters.ts";
 * await using system = new ActorSystem();
 * const counters = new Counters(system);
 * console.assert(counters.restarts === 0);
 * ```
 */
export class Counters {
  readonly #system: ActorSystem;
  #restarts = 0;
  #failures = 0;
  #retiredProcessed = 0;
  /** Live refs by path; a list, since a restarted permanent child may be
   * spawned at a path before its predecessor's `stopped` event. */
  readonly #live = new Map<string, AnyActorRef[]>();

  /**
   * Subscribes to the system's events; the subscription ends with the system.
   *
   * @param system The system.
   */
  constructor(system: ActorSystem) {
    this.#system = system;
    for (const info of listActors(system, { snapshots: false })) {
      this.#restarts += info.restarts;
      this.#failures += info.failures;
      this.#track(info.path);
    }
    const off = system.events.subscribe((event) => {
      switch (event.type) {
        case "restarted":
          this.#restarts++;
          break;
        case "failed":
          this.#failures++;
          break;
        case "spawned":
          this.#track(event.path);
          break;
        case "stopped":
          this.#retire(event.path);
          break;
      }
    });
    system.terminated.then(off, off);
  }

  /** Restarts so far. */
  get restarts(): number {
    return this.#restarts;
  }

  /** Failures so far. */
  get failures(): number {
    return this.#failures;
  }

  /**
   * Messages handled so far: by actors that stopped, plus by `live` ones.
   *
   * @param live The live actors, as `listActors` returns them.
   * @returns The total.
   */
  processed(live: readonly ActorInfo[]): number {
    let total = 0;
    for (const info of live) total += info.processed;
    return this.processedWith(total);
  }

  /**
   * Messages processed over the system's life, given what the live actors
   * have processed (a census's `processed`).
   *
   * @param live The live actors' sum.
   * @returns The lifetime total.
   */
  processedWith(live: number): number {
    return this.#retiredProcessed + live;
  }

  #track(path: string): void {
    const ref = this.#system.lookup(path);
    if (ref === undefined) return;
    const refs = this.#live.get(path);
    if (refs === undefined) this.#live.set(path, [ref]);
    else refs.push(ref);
  }

  #retire(path: string): void {
    const refs = this.#live.get(path);
    if (refs === undefined) return;
    const i = refs.findIndex((ref) => ref.status === "stopped");
    if (i < 0) return;
    this.#retiredProcessed += inspect(this.#system, refs[i])?.processed ?? 0;
    refs.splice(i, 1);
    if (refs.length === 0) this.#live.delete(path);
  }
}
