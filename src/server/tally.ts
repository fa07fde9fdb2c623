/**
 * The figures a server prints when it stops: messages processed and dead
 * letters by reason, over the whole life of the system (actors that have
 * stopped included).
 *
 * @module
 */

import type { AnyActorRef } from "../core/actor_context.ts";
import type { ActorSystem } from "../core/actor_system.ts";
import type { DeadLetterReason } from "../core/events.ts";
import { inspect, listActors } from "../core/inspection.ts";

/** What a system did, as the final summary reports it. */
export interface TallyFigures {
  /** Messages handled by every actor, stopped ones included. */
  readonly processed: number;
  /** Dead letters by reason; reasons with none are absent. */
  readonly deadLetters: Readonly<Partial<Record<DeadLetterReason, number>>>;
  /** All dead letters. */
  readonly deadLettersTotal: number;
}

/**
 * Counts a system's processed messages and dead letters from the moment it
 * is created; it follows the system's events until the system terminates.
 */
export class Tally {
  readonly #system: ActorSystem;
  readonly #dead: Partial<Record<DeadLetterReason, number>> = {};
  readonly #live = new Map<string, AnyActorRef[]>();
  #retired = 0;

  /**
   * Subscribes to the system's events.
   *
   * @param system The system, best created just before.
   */
  constructor(system: ActorSystem) {
    this.#system = system;
    for (const info of listActors(system, { snapshots: false })) {
      this.#track(info.path);
    }
    const off = system.events.subscribe((event) => {
      if (event.type === "dead-letter") {
        this.#dead[event.reason] = (this.#dead[event.reason] ?? 0) + 1;
      } else if (event.type === "spawned") {
        this.#track(event.path);
      } else if (event.type === "stopped") {
        this.#retire(event.path);
      }
    });
    system.terminated.then(off, off);
  }

  /**
   * The figures now.
   *
   * @returns Processed messages and dead letters by reason.
   */
  figures(): TallyFigures {
    let processed = this.#retired;
    for (const refs of this.#live.values()) {
      for (const ref of refs) {
        processed += inspect(this.#system, ref)?.processed ?? 0;
      }
    }
    const deadLetters = { ...this.#dead };
    const total = Object.values(deadLetters).reduce((a, b) => a + b, 0);
    return { processed, deadLetters, deadLettersTotal: total };
  }

  #track(path: string): void {
    const ref = this.#system.lookup(path);
    if (ref === undefined) return;
    const refs = this.#live.get(path);
    if (refs === undefined) this.#live.set(path, [ref]);
    else if (!refs.includes(ref)) refs.push(ref);
  }

  #retire(path: string): void {
    const refs = this.#live.get(path);
    if (refs === undefined) return;
    const i = refs.findIndex((ref) => ref.status === "stopped");
    if (i < 0) return;
    this.#retired += inspect(this.#system, refs[i])?.processed ?? 0;
    refs.splice(i, 1);
    if (refs.length === 0) this.#live.delete(path);
  }
}

/**
 * The summary line, such as
 * `processed 1200 messages; 3 dead letters (stopped 2, full 1)`.
 *
 * @param figures The figures.
 * @returns The line.
 */
export function summaryLine(figures: TallyFigures): string {
  const reasons = Object.entries(figures.deadLetters)
    .map(([reason, n]) => `${reason} ${n}`).join(", ");
  const dead = figures.deadLettersTotal === 0
    ? "no dead letters"
    : `${figures.deadLettersTotal} dead letter${
      figures.deadLettersTotal === 1 ? "" : "s"
    } (${reasons})`;
  return `processed ${figures.processed} message${
    figures.processed === 1 ? "" : "s"
  }; ${dead}`;
}
