/**
 * The message loop's rare paths, as plain functions beside the cell (see
 * `actor_cell.ts`, which keeps the common case: a send with room in the
 * mailbox, a turn of plain messages and synchronous handlers). Here: a send
 * to a stopped actor, to one without a mailbox or to a full one; an ask taken
 * in a turn; a handler that threw, returned a promise or was interrupted by a
 * signal; the start of a turn with signals or `init` to run. Internal.
 *
 * @module
 */

import type { ActorCell, Signal } from "./actor_cell.ts";
import type { StopReason } from "./events.ts";
import type { Mailbox } from "./mailbox.ts";
import type { PendingAsk } from "./_pending_ask.ts";
import { deadLetter } from "./_cell_asks.ts";
import { cellFailed, failedLate, initFailed } from "./_cell_failure.ts";
import { stopInTurn } from "./_cell_stop.ts";
import {
  AWAITING,
  extras,
  IDLE,
  INITIALIZED,
  INTERRUPTED,
  moveTo,
  resolveStarted,
  RUNNING_PHASE,
  STOP_REQUESTED,
  STOPPED_PHASE,
  stopRequested,
  TURN,
} from "./_cell_state.ts";

/**
 * A send that is not the common case: to a stopped actor, to an actor with no
 * mailbox yet (or one handed back to the pool), or to a full bounded mailbox.
 */
export function tellSlow(cell: ActorCell, message: unknown): boolean {
  if (cell.phase === STOPPED_PHASE) {
    deadLetter(cell, message, "stopped");
    return false;
  }
  const mailbox = cell.box ??= cell.runtime.scheduler.mailboxes.acquire();
  const result = mailbox.offer(message);
  if (result !== "queued") {
    if (result === "rejected") {
      deadLetter(cell, message, "full");
      return false;
    }
    deadLetter(cell, mailbox.dropped, "full");
    mailbox.dropped = undefined;
  }
  if (!cell.queued && cell.activity === IDLE && cell.phase === RUNNING_PHASE) {
    cell.runtime.scheduler.schedule(cell);
  }
  return true;
}

/** Hands an ask envelope's message to the handler. */
export function receiveAsk(
  cell: ActorCell,
  mailbox: Mailbox<unknown, Signal>,
  ask: PendingAsk,
): unknown {
  mailbox.asks--;
  const behavior = cell.behavior;
  const result = behavior.receive.call(
    behavior.source,
    cell.state,
    ask.message,
    cell.ctx!,
  );
  // An ask answered by its handler (the common case) costs no bookkeeping;
  // one left open is remembered so that a failure or a stop rejects it.
  if (!ask.settled) holdAsk(cell, ask);
  return result;
}

/** A handler threw: the actor fails and the turn ends. */
export function turnFailed(
  cell: ActorCell,
  error: unknown,
  raw: unknown,
  handled: number,
): number {
  cell.activity = IDLE;
  cellFailed(cell, error, raw);
  cell.processed += handled - 1;
  listDrained(cell);
  return handled;
}

/**
 * A signal, a failure or a stop that arrived during a handler ended the turn
 * after `handled` messages.
 *
 * @returns `handled`.
 */
export function turnInterrupted(cell: ActorCell, handled: number): number {
  cell.processed += handled;
  listDrained(cell);
  return handled;
}

/**
 * The uncommon start of a turn ({@linkcode prepareTurn}).
 *
 * @returns The mailbox to take messages from, or `null` when the actor may
 * not handle any now.
 */
export function startTurnSlow(
  cell: ActorCell,
): Mailbox<unknown, Signal> | null {
  if (prepareTurn(cell)) return cell.box;
  listDrained(cell);
  return null;
}

/** Lists the cell if its mailbox drained and may go back to the pool. */
function listDrained(cell: ActorCell): void {
  const mailbox = cell.box;
  if (mailbox !== null && !mailbox.listed) listIfSpare(cell, mailbox);
}

/**
 * The activity changed during a handler: a signal arrived (handled now), or
 * the actor failed or stopped.
 *
 * @returns Whether the turn goes on.
 */
export function resumeTurn(cell: ActorCell): boolean {
  if (cell.activity !== INTERRUPTED) return false;
  cell.activity = IDLE;
  processSignals(cell);
  if (
    cell.status !== "running" || cell.activity !== IDLE ||
    (cell.flags & STOP_REQUESTED) !== 0
  ) {
    return false;
  }
  cell.activity = TURN;
  return true;
}

/** Lists a cell whose drained mailbox may go back to the pool. */
export function listIfSpare(
  cell: ActorCell,
  mailbox: Mailbox<unknown, Signal>,
): void {
  if (cell.activity !== IDLE || mailbox.length > 0 || !mailbox.spare) return;
  mailbox.listed = true;
  cell.runtime.scheduler.listIdle(cell);
}

/**
 * The uncommon start of a turn: signals first, then `init` for a fresh
 * incarnation.
 *
 * @returns Whether messages may be handled now.
 */
function prepareTurn(cell: ActorCell): boolean {
  if (cell.activity !== IDLE) return false;
  // A stop queued outside the mailbox came before any signal in it.
  if (cell.x !== null && cell.x.queuedStop !== null) takeQueuedStop(cell);
  if (cell.box !== null && cell.box.hasSystem) processSignals(cell);
  if (cell.status === "starting" && cell.activity === IDLE) {
    startIncarnation(cell);
  }
  // A requested stop takes effect after the current message: no more turns.
  return cell.box !== null && cell.status === "running" &&
    cell.activity === IDLE && !stopRequested(cell);
}

/** Remembers an ask the handler left open, so a failure or stop rejects it. */
function holdAsk(cell: ActorCell, ask: PendingAsk): void {
  const asks = extras(cell).asks ??= new Set();
  ask.holder = asks;
  asks.add(ask);
}

/** Suspends the actor (only) until an async handler or `init` settles. */
export function awaitResult(
  cell: ActorCell,
  pending: PromiseLike<unknown>,
  raw: unknown,
): void {
  cell.activity = AWAITING;
  const incarnation = cell.incarnation;
  const isInit = cell.status === "starting";
  const x = extras(cell);
  const settled = Promise.resolve(pending).then(
    (value) => {
      if (incarnation !== cell.incarnation) {
        if (!isInit) cell.processed++;
        return;
      }
      cell.activity = IDLE;
      x.inflight = null;
      x.inflightRelease = null;
      if (isInit) {
        running(cell, value);
      } else {
        cell.processed++;
        if (value !== undefined) cell.state = value;
      }
      afterActivity(cell);
      // Nothing else kept in the extras: let them go, so an idle actor with
      // an async handler costs what one with a synchronous handler does.
      if (cell.x === x && cell.activity === IDLE && x.isBare()) cell.x = null;
    },
    (error) => {
      // The incarnation ended while the handler ran (a stop, a restart or a
      // kill): the message is still accounted for, but no one decides.
      if (incarnation !== cell.incarnation) return failedLate(cell, error, raw);
      cell.activity = IDLE;
      x.inflight = null;
      x.inflightRelease = null;
      if (isInit) initFailed(cell, error);
      else cellFailed(cell, error, raw);
    },
  );
  x.inflight = settled;
  x.inflightRelease = cell.runtime.scheduler.track(settled);
}

/**
 * Handles waiting signals, then schedules a turn if there is work; an actor
 * left idle with a drained mailbox lists it for the pool, as after a turn.
 */
function afterActivity(cell: ActorCell): void {
  const mailbox = cell.box;
  if (mailbox !== null && mailbox.hasSystem) processSignals(cell);
  if (cell.activity !== IDLE || cell.queued) return;
  if (
    cell.status === "starting" ||
    (cell.status === "running" && mailbox !== null && mailbox.length > 0)
  ) {
    cell.runtime.scheduler.schedule(cell);
  } else if (cell.box !== null && !cell.box.listed) {
    listIfSpare(cell, cell.box);
  }
}

/** Handles the system signals waiting in the mailbox: stop and fail. */
function processSignals(cell: ActorCell): void {
  const mailbox = cell.box!;
  let signal: Signal | undefined;
  while ((signal = mailbox.takeSystem()) !== undefined) {
    if (cell.status === "stopped") continue;
    if (signal.type === "stop") {
      stopSignalled(cell, signal.reason, signal.error);
    } else if (cell.status === "running" || cell.status === "starting") {
      cellFailed(cell, signal.error, undefined);
    }
  }
}

/** Carries out the stop an idle actor had queued in its extras. */
function takeQueuedStop(cell: ActorCell): void {
  const x = cell.x!;
  const reason = x.queuedStop!;
  const error = x.queuedStopError;
  x.queuedStop = null;
  x.queuedStopError = undefined;
  if (cell.status !== "stopped") stopSignalled(cell, reason, error);
}

/** A stop signal taken in the actor's turn. */
function stopSignalled(cell: ActorCell, reason: StopReason, error: unknown) {
  // An actor stopped before its first turn still starts first, as through
  // the lifecycle step.
  if (cell.status === "starting" && cell.activity === IDLE) {
    startIncarnation(cell);
  }
  stopInTurn(cell, reason, error);
}

/** Runs `init` for a fresh incarnation, in a new context. */
function startIncarnation(cell: ActorCell): void {
  const ctx = cell.ctx = cell.runtime.newContext(cell);
  let result;
  try {
    const behavior = cell.behavior;
    result = behavior.init.call(behavior.source, cell.options.args, ctx);
  } catch (error) {
    initFailed(cell, error);
    return;
  }
  if (
    result !== null && typeof result === "object" &&
    typeof (result as PromiseLike<unknown>).then === "function"
  ) {
    awaitResult(cell, result as PromiseLike<unknown>, undefined);
  } else {
    running(cell, result);
  }
}

/** `init` completed: the incarnation runs. */
function running(cell: ActorCell, state: unknown): void {
  cell.state = state;
  cell.flags |= INITIALIZED;
  moveTo(cell, "running");
  // Relative to the system's start: a small integer, stored unboxed.
  cell.since = cell.runtime.clock.now() - cell.runtime.system.startedAt;
  const events = cell.runtime.events;
  if (events.active) {
    const restarts = cell.restarts;
    const path = cell.path;
    events.publish({ type: "started", path, restarts });
    if (restarts > 0) events.publish({ type: "restarted", path, restarts });
  }
  resolveStarted(cell);
}
