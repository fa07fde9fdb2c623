/**
 * Which actors keep a system busy, for {@linkcode IdleTimeoutError}: those
 * awaiting an async handler, `init` or `stopped`, and those with mail
 * queued. A read of the cells on a rare path; private to `src/testing`.
 *
 * @module
 */

import type { ActorCell } from "../core/actor_cell.ts";
import { type ActorSystem, guardianOf } from "../core/actor_system.ts";
import { AWAITING } from "../core/_cell_state.ts";
import type { BusyActor } from "./idle_timeout_error.ts";

/** The most actors an error lists. */
const MAX_LISTED = 100;

/**
 * The busy actors of a system, in tree order.
 *
 * @param system The system.
 * @returns At most 100 of them.
 */
export function busyActors(system: ActorSystem): BusyActor[] {
  const out: BusyActor[] = [];
  const visit = (cell: ActorCell) => {
    if (out.length >= MAX_LISTED) return;
    const depth = cell.box?.length ?? 0;
    if (cell.activity === AWAITING) {
      out.push({ path: cell.path, doing: "awaiting", mailboxDepth: depth });
    } else if (cell.queued || depth > 0 && cell.status === "running") {
      out.push({ path: cell.path, doing: "queued", mailboxDepth: depth });
    }
    for (const child of cell.children) visit(child);
  };
  for (const top of guardianOf(system).children) visit(top);
  return out;
}
