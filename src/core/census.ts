/**
 * A census of the live actors: how many there are by status, the mail queued
 * and handled, and the mailboxes that ever queued up, read in one walk
 * without describing each actor. For overviews and metrics that a system of
 * 100,000 actors must answer cheaply (`listActors` builds a description per
 * actor).
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import type { ActorStatus } from "./actor_ref.ts";
import { type ActorSystem, guardianOf } from "./actor_system.ts";
import { SupervisorCore } from "./_supervisor_core.ts";

/** An actor whose mailbox queued more than one message at some point. */
export interface QueuedActor {
  /** The actor's path. */
  readonly path: string;
  /** User messages queued now. */
  readonly depth: number;
  /** The most user messages queued at once. */
  readonly highWater: number;
}

/** What {@linkcode census} counts. */
export interface Census {
  /** Live actors. */
  readonly total: number;
  /** Live actors by status (every status present). */
  readonly byStatus: Readonly<Record<ActorStatus, number>>;
  /** User messages queued in all mailboxes. */
  readonly queued: number;
  /** Messages the live actors have handled. */
  readonly processed: number;
  /** Live actors that are supervisors. */
  readonly supervisors: number;
  /** Restarts of the live actors, summed. */
  readonly restarts: number;
  /**
   * The mailboxes with the highest high-water marks above 1, highest first
   * (ties by path), at most {@linkcode CensusOptions.busiest} of them.
   */
  readonly busiest: readonly QueuedActor[];
}

/** Options for {@linkcode census}. */
export interface CensusOptions {
  /** How many busy mailboxes to list. Defaults to 0. */
  readonly busiest?: number;
}

/**
 * Counts the live actors in one walk.
 *
 * @param system The system.
 * @param options How many busy mailboxes to list.
 * @returns The counts.
 * @example
 * ```ts
 * import { ActorSystem, census, defineActor } from "@understudy/runtime";
 * await using system = new ActorSystem();
 * const ref = system.spawn(defineActor({ init: () => 0, receive: (n: number, _: "inc") => n + 1 }));
 * ref.tell("inc");
 * ref.tell("inc");
 * const counts = census(system, { busiest: 10 });
 * console.assert(counts.total === 1 && counts.queued === 2);
 * console.assert(counts.busiest[0].highWater === 2);
 * ```
 */
export function census(
  system: ActorSystem,
  options: CensusOptions = {},
): Census {
  const listed = options.busiest ?? 0;
  const byStatus: Record<ActorStatus, number> = {
    starting: 0,
    running: 0,
    failed: 0,
    restarting: 0,
    "backing-off": 0,
    stopping: 0,
    stopped: 0,
  };
  let total = 0;
  let queued = 0;
  let processed = 0;
  let supervisors = 0;
  let restarts = 0;
  const busy: ActorCell[] = [];
  const stack: ActorCell[] = guardianOf(system).children;
  let cell: ActorCell | undefined;
  while ((cell = stack.pop()) !== undefined) {
    total++;
    byStatus[cell.status]++;
    processed += cell.processed;
    restarts += cell.restarts;
    if (cell.hooks instanceof SupervisorCore) supervisors++;
    const box = cell.box;
    if (box !== null) {
      queued += box.length;
      if (listed > 0 && box.highWater > 1) busy.push(cell);
    }
    for (const child of cell.children) stack.push(child);
  }
  const busiest = busy.map((c) => ({
    path: c.path,
    depth: c.box?.length ?? 0,
    highWater: c.box?.highWater ?? 0,
  })).sort((a, b) =>
    b.highWater - a.highWater ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
  if (busiest.length > listed) busiest.length = listed;
  return {
    total,
    byStatus,
    queued,
    processed,
    supervisors,
    restarts,
    busiest,
  };
}

/**
 * Calls `visit` with every live cell and its path, depth first in start
 * order (as `listActors`), without describing any: the walk behind the
 * summaries below.
 *
 * @param system The system.
 * @param visit Called once per live actor.
 */
export function walkLive(
  system: ActorSystem,
  visit: (cell: ActorCell, path: string) => void,
): void {
  const cells: ActorCell[] = guardianOf(system).children.reverse();
  const paths: string[] = cells.map((c) => `/${c.name}`);
  let cell: ActorCell | undefined;
  while ((cell = cells.pop()) !== undefined) {
    const path = paths.pop()!;
    visit(cell, path);
    const below = cell.children;
    for (let i = below.length - 1; i >= 0; i--) {
      cells.push(below[i]);
      paths.push(`${path}/${below[i].name}`);
    }
  }
}

/**
 * Calls `visit` with every live actor's path, status, messages handled and
 * queued user messages, depth first in start order (as `listActors`), in
 * one walk that describes no actor: what a sampler reads every second of a
 * system of 100,000 actors.
 *
 * @param system The system.
 * @param visit Called once per live actor.
 */
export function tallyActors(
  system: ActorSystem,
  visit: (
    path: string,
    status: ActorStatus,
    processed: number,
    depth: number,
  ) => void,
): void {
  walkLive(system, (cell, path) => {
    visit(path, cell.status, cell.processed, cell.box?.length ?? 0);
  });
}
