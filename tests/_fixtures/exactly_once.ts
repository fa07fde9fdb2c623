/**
 * Shared by the chaos test and the exactly-once property: workers whose
 * messages carry an id and say how their handler ends, and the ledger that
 * checks every id ended processed or dead-lettered exactly once.
 */
import { type ActorEvent, defineActor } from "../../mod.ts";

/** How a message's handler ends. */
export type Outcome =
  | "ok"
  | "throw"
  | "reject"
  | "timer-reject"
  | "async-ok"
  | "timer-ok";

/** A message with an id and the way its handler ends. */
export interface Job {
  readonly id: number;
  readonly outcome: Outcome;
}

/** Per id: how many times a handler completed it. */
export type Processed = Map<number, number>;

/**
 * A worker: records each job it completes; throws or rejects on request;
 * `timer-ok` and `timer-reject` wait `waitMs` on the system clock first (so
 * stops, restarts and kills overtake them).
 */
export function worker(processed: Processed, waitMs = 5) {
  const done = (id: number) => processed.set(id, (processed.get(id) ?? 0) + 1);
  return defineActor({
    init: () => null,
    receive(_: null, job: Job, ctx) {
      switch (job.outcome) {
        case "ok":
          return void done(job.id);
        case "throw":
          throw new Error(`job ${job.id} throws`);
        case "reject":
          return Promise.resolve().then(() => {
            throw new Error(`job ${job.id} rejects`);
          });
        case "async-ok":
          return Promise.resolve().then(() => void done(job.id));
        case "timer-reject":
          return new Promise<null>((_, reject) => {
            ctx.system.clock.setTimeout(
              () => reject(new Error(`job ${job.id} rejects late`)),
              waitMs,
            );
          });
        case "timer-ok":
          return new Promise<null>((resolve) => {
            const clock = ctx.system.clock;
            clock.setTimeout(() => {
              done(job.id);
              resolve(null);
            }, waitMs);
          });
      }
    },
  });
}

/**
 * Checks the ledger: every id in `sent` ended exactly once, processed or as
 * a dead letter; returns the problems (empty when all is well).
 */
export function ledger(
  sent: readonly number[],
  processed: Processed,
  events: readonly ActorEvent[],
): string[] {
  const dead = new Map<number, string[]>();
  for (const event of events) {
    if (event.type !== "dead-letter") continue;
    const id = (event.message as Partial<Job> | null)?.id;
    if (typeof id !== "number") continue;
    dead.set(id, [...(dead.get(id) ?? []), event.reason]);
  }
  const problems: string[] = [];
  for (const id of sent) {
    const p = processed.get(id) ?? 0;
    const d = dead.get(id) ?? [];
    if (p + d.length !== 1) {
      problems.push(`job ${id}: processed ${p}, dead letters [${d}]`);
    }
  }
  return problems;
}

/** A small seeded generator (mulberry32), so a failing run can be replayed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
