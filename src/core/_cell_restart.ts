/**
 * How an actor restarts in place, read top to bottom: tear the incarnation
 * down within the actor's shutdown time (as OTP terminates a child before
 * restarting it; past it, the cleanup is abandoned and the children killed),
 * optionally drop its mail, wait out the backoff, and start the next
 * incarnation with the same arguments, in the same cell, behind the same ref.
 * A group restart (`one-for-all`, `rest-for-one`) runs the two halves
 * separately: every member is torn down first, then all start again.
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import type { StopReason } from "./events.ts";
import { deadLetter } from "./_cell_asks.ts";
import { startNextIncarnation } from "./_cell_backoff.ts";
import {
  moveTo,
  runStep,
  stopRequested,
  whenStarted,
  within,
} from "./_cell_state.ts";
import { abandonIncarnation, teardown } from "./_cell_stop.ts";

/**
 * Restarts the actor in place: teardown, an optional backoff, `init`.
 *
 * @param cell The actor.
 * @param delayMs The backoff delay before `init`.
 * @param dropMail Whether queued mail becomes dead letters (`dropped`).
 * @returns Resolves when the new incarnation has started or failed.
 */
export function restartCell(
  cell: ActorCell,
  delayMs: number,
  dropMail = false,
): Promise<void> {
  return runStep(cell, async () => {
    if (!(await endForRestart(cell, dropMail))) return;
    await startNextIncarnation(cell, delayMs);
  }).then(() => whenAttempted(cell));
}

/**
 * First half of a group restart: teardown (mail kept unless `dropMail`).
 * A bystander's `stopped` hook sees reason `shutdown`, the failed child's
 * `failed`.
 *
 * @returns Whether the actor is torn down and waits in `restarting`.
 */
export function prepareRestart(
  cell: ActorCell,
  dropMail = false,
): Promise<boolean> {
  let prepared = false;
  const reason = cell.status === "failed" ? "failed" : "shutdown";
  return runStep(cell, async () => {
    prepared = await endForRestart(cell, dropMail, reason);
  }).then(() => prepared);
}

/** Second half of a group restart: backoff, then `init`. */
export function completeRestart(
  cell: ActorCell,
  delayMs: number,
): Promise<void> {
  return runStep(cell, () => startNextIncarnation(cell, delayMs)).then(() =>
    whenAttempted(cell)
  );
}

/**
 * Ends the incarnation for a restart, within the actor's shutdown time.
 *
 * @returns Whether the actor waits in `restarting` (not stopped meanwhile).
 */
async function endForRestart(
  cell: ActorCell,
  dropMail: boolean,
  reason: StopReason = "failed",
): Promise<boolean> {
  if (cell.status === "stopped" || stopRequested(cell)) return false;
  moveTo(cell, "restarting");
  const shutdown = cell.shutdown;
  if (shutdown === "brutal") {
    abandonIncarnation(cell);
  } else {
    const done = teardown(cell, reason);
    if (shutdown !== "infinity" && !(await within(cell, done, shutdown))) {
      abandonIncarnation(cell);
    } else {
      await done;
    }
  }
  const mailbox = cell.box;
  if (dropMail && mailbox !== null) {
    for (const message of mailbox.drain()) {
      deadLetter(cell, message, "dropped");
    }
    mailbox.asks = 0;
  }
  return cell.status === "restarting";
}

/**
 * Resolves when the start just scheduled has run `init`, or failed, or the
 * actor stopped. An `init` that failed already must not wait for the next
 * incarnation: its restart may be queued behind the caller.
 */
function whenAttempted(cell: ActorCell): Promise<void> {
  return cell.status === "failed" ? Promise.resolve() : whenStarted(cell);
}
