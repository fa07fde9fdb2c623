/**
 * How an actor fails and how it is resumed. A failure suspends the actor
 * (status `failed`), dead-letters the message that failed, and hands the
 * decision to the parent's supervision hooks (Akka's `ActorCell` failure
 * path; OTP's `EXIT` signal to the supervisor).
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import { errorMessage, SpawnError } from "./errors.ts";
import { IGNORE } from "./child_spec.ts";
import { deadLetter } from "./_cell_asks.ts";
import {
  IDLE,
  moveTo,
  recordOf,
  resolveStarted,
  signal,
  stopRequested,
  wake,
} from "./_cell_state.ts";

/**
 * Fails `cell` from outside its handlers (an escalation from a child, an
 * injected fault). Queued as a signal if the actor is busy.
 */
export function failCell(cell: ActorCell, error: unknown): void {
  if (cell.status === "stopped" || stopRequested(cell)) return;
  if (
    cell.activity === IDLE &&
    (cell.status === "running" || cell.status === "starting")
  ) {
    cellFailed(cell, error, undefined);
  } else {
    signal(cell, { type: "fail", error });
  }
}

/**
 * The actor failed: suspend it, dead-letter the message it failed on (if
 * any), publish `failed`, and let the parent decide.
 *
 * @param cell The actor.
 * @param error The failure.
 * @param raw The message being handled, or `undefined`.
 */
export function cellFailed(
  cell: ActorCell,
  error: unknown,
  raw: unknown,
): void {
  const record = recordOf(cell);
  record.failures++;
  record.lastError = error;
  moveTo(cell, "failed");
  resolveStarted(cell);
  const events = cell.runtime.events;
  if (events.active) {
    events.publish({ type: "failed", path: cell.path, error });
  }
  if (raw !== undefined) deadLetter(cell, raw, "failed", error);
  const parent = cell.parent;
  if (parent === null) {
    cell.runtime.rootFailed(error);
  } else if (
    parent.status === "running" || parent.status === "starting" ||
    parent.status === "stopping"
  ) {
    // A stopping parent's hooks stop the child at once, with its reason
    // (OTP: a child that crashed is dead then, and its monitors hear of it
    // then, not when its supervisor reaches it in reverse start order).
    parent.hooks.childFailed(parent, cell, error);
  }
  // Otherwise the parent is failing or restarting itself and will stop
  // this child as part of it.
}

/**
 * `init` threw or rejected: a failure wrapped in a {@linkcode SpawnError}.
 * `init` calling `ignore()` is no failure (OTP's `ignore`): nothing is
 * counted or published, and the parent decides what becomes of the child.
 */
export function initFailed(cell: ActorCell, error: unknown): void {
  if (error === IGNORE) return initDeclined(cell);
  const path = cell.path;
  cellFailed(
    cell,
    new SpawnError(
      path,
      `Actor "${path}" failed to initialise: ${errorMessage(error)}`,
      { cause: error },
    ),
    undefined,
  );
}

/** `init` declined to start: suspended until the parent decides. */
function initDeclined(cell: ActorCell): void {
  moveTo(cell, "failed");
  resolveStarted(cell);
  const parent = cell.parent;
  if (
    parent !== null &&
    (parent.status === "running" || parent.status === "starting")
  ) {
    parent.hooks.childFailed(parent, cell, IGNORE);
  }
}

/** Directive `resume`: keep the state and carry on with the next message. */
export function resumeCell(cell: ActorCell): void {
  if (cell.status !== "failed") return;
  moveTo(cell, "running");
  const events = cell.runtime.events;
  if (events.active) events.publish({ type: "resumed", path: cell.path });
  wake(cell);
}

/**
 * An async handler (or `init`) rejected after its incarnation ended (a stop,
 * a restart or a kill overtook it): the failure is reported and the message
 * becomes a dead letter (reason `failed`), but nobody decides anything, as
 * the actor is already on its way down. So no message vanishes.
 *
 * @param cell The actor.
 * @param error The rejection.
 * @param raw The message being handled, or `undefined` for `init`.
 */
export function failedLate(
  cell: ActorCell,
  error: unknown,
  raw: unknown,
): void {
  const events = cell.runtime.events;
  if (events.active) {
    events.publish({ type: "failed", path: cell.path, error });
  }
  if (raw !== undefined) deadLetter(cell, raw, "failed", error);
}
