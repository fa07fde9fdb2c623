/**
 * How an actor stops, read top to bottom: a stop is requested, takes effect
 * after the current message, tears the incarnation down (its asks, its
 * in-flight handler, its children in reverse start order, its `stopped`
 * hook), and then either finalises the actor or, for a `permanent` child that
 * stopped normally, hands it back to its supervisor for a restart (OTP's
 * `terminate/2` then `restart/2`). A kill skips the teardown. A parent stops
 * a child within the child's shutdown time, then kills it (OTP's
 * `shutdown` of a child spec).
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import type { StopReason } from "./events.ts";
import { deadLetter, rejectAsks } from "./_cell_asks.ts";
import { startNextIncarnation } from "./_cell_backoff.ts";
import { unlink, unregisterNames } from "./_cell_children.ts";
import {
  AWAITING,
  extras,
  IDLE,
  INITIALIZED,
  INTERRUPTED,
  moveTo,
  resolveStarted,
  runStep,
  setFlag,
  signal,
  stillCurrent,
  STOP_REQUESTED,
  stopRequested,
  TURN,
  within,
} from "./_cell_state.ts";
import { dropWatches, notifyWatchers } from "./_cell_watch.ts";
import type { CellExtras } from "./_cell_extras.ts";

/**
 * Stops the actor: after its current message, children first (reverse
 * start order), then its `stopped` hook.
 *
 * @returns Resolves when the actor has stopped (or, for a child its
 * supervisor restarts instead, when the restart begins).
 */
export function requestStop(
  cell: ActorCell,
  reason: StopReason,
  error?: unknown,
): Promise<void> {
  if (cell.status === "stopped") return Promise.resolve();
  const x = extras(cell);
  let done = x.stopPromise;
  if (done === null) {
    // `Promise.withResolvers` costs V8 a runtime call and an extra object.
    done = x.stopPromise = new Promise<void>(captureResolve);
    x.stopResolve = captured;
  }
  if (stopRequested(cell)) return done;
  setFlag(cell, STOP_REQUESTED, true);
  cell.ctx?.end();
  x.wakeBackoff?.();
  if (cell.activity === TURN || cell.activity === INTERRUPTED) {
    signal(cell, { type: "stop", reason, error });
  } else if (canStopNow(cell)) {
    // Nothing to wait for: stop in this actor's next turn, without the
    // promise chain of a lifecycle step; with no signal waiting, the stop
    // waits in the extras rather than the mailbox.
    const box = cell.box;
    if (box === null || !box.hasSystem) {
      x.queuedStop = reason;
      x.queuedStopError = error;
    } else {
      signal(cell, { type: "stop", reason, error });
    }
    cell.runtime.scheduler.schedule(cell);
  } else {
    runStep(cell, () => stopStep(cell, reason, error));
  }
  return done;
}

/** The resolver {@linkcode captureResolve} took from the last promise made. */
let captured: (() => void) | null = null;

/** A promise executor that keeps its resolver in {@linkcode captured}. */
function captureResolve(resolve: () => void): void {
  captured = resolve;
}

/** Resolves the promise `stop()` returned, if any. */
function resolveStop(x: CellExtras): void {
  const resolve = x.stopResolve;
  if (resolve === null) return;
  x.stopResolve = null;
  x.stopPromise = null;
  resolve();
}

/**
 * Whether a stop has nothing to wait for: no step, handler or child. A
 * `stopped` hook then runs in the actor's next turn, and only a hook that
 * returns a promise makes the stop wait (see {@linkcode stopNow}).
 */
export function canStopNow(cell: ActorCell): boolean {
  const x = cell.x;
  return (x === null ||
    (x.ops === null && x.inflight === null && x.childCount === 0)) &&
    cell.activity !== AWAITING &&
    (cell.status === "running" || cell.status === "starting");
}

/**
 * Carries out a stop signal in the actor's turn: at once when
 * {@linkcode canStopNow} holds, else as a lifecycle step.
 */
export function stopInTurn(
  cell: ActorCell,
  reason: StopReason,
  error: unknown,
): void {
  if (canStopNow(cell)) return stopNow(cell, reason, error);
  runStep(cell, () => stopStep(cell, reason, error));
  boundLater(cell);
}

/**
 * {@linkcode stopStep} when {@linkcode canStopNow} holds: synchronous unless
 * the `stopped` hook returns a promise; then the rest waits for it as a
 * lifecycle step, bounded by the shutdown time from then on.
 */
export function stopNow(
  cell: ActorCell,
  reason: StopReason,
  error: unknown,
): void {
  moveTo(cell, "stopping");
  const ctx = cell.ctx;
  const incarnation = ++cell.incarnation;
  ctx?.end();
  if (cell.x !== null) rejectAsks(cell, reason);
  cell.activity = IDLE;
  const stopped = cell.behavior.stopped;
  if ((cell.flags & INITIALIZED) !== 0) {
    setFlag(cell, INITIALIZED, false);
    if (stopped !== undefined && ctx !== null) {
      const hook = runStoppedHook(cell, stopped, reason, ctx);
      if (hook !== undefined) {
        runStep(
          cell,
          () => finishAfterHook(cell, incarnation, hook, reason, error),
        );
        boundLater(cell);
        return;
      }
    }
  }
  if (cell.x !== null) cell.x.stopBound = Infinity;
  cell.state = undefined;
  const restartIn = exitOrRestart(cell, reason, error);
  if (restartIn !== undefined) {
    runStep(cell, () => startNextIncarnation(cell, restartIn));
  }
}

/** The rest of {@linkcode stopNow} once an async `stopped` hook settles. */
async function finishAfterHook(
  cell: ActorCell,
  incarnation: number,
  hook: Promise<void>,
  reason: StopReason,
  error: unknown,
): Promise<void> {
  if (!(await stillCurrent(cell, incarnation, hook))) return;
  cell.state = undefined;
  if (cell.status !== "stopping") return;
  const restartIn = exitOrRestart(cell, reason, error);
  if (restartIn !== undefined) await startNextIncarnation(cell, restartIn);
}

/**
 * Runs the `stopped` hook; a failure is published, never thrown.
 *
 * @returns A promise when the hook returned one (it never rejects), else
 * `undefined`: the hook is done.
 */
function runStoppedHook(
  cell: ActorCell,
  stopped: NonNullable<ActorCell["behavior"]["stopped"]>,
  reason: StopReason,
  ctx: NonNullable<ActorCell["ctx"]>,
): Promise<void> | undefined {
  let result;
  try {
    result = stopped.call(cell.behavior.source, cell.state, reason, ctx);
  } catch (error) {
    hookFailed(cell, error, reason);
    return undefined;
  }
  if (
    result === null || typeof result !== "object" ||
    typeof (result as PromiseLike<unknown>).then !== "function"
  ) {
    return undefined;
  }
  return Promise.resolve(result).then(
    () => {},
    (error) => hookFailed(cell, error, reason),
  );
}

/** Publishes the failure of a `stopped` hook; the stop goes on. */
function hookFailed(cell: ActorCell, error: unknown, reason: StopReason): void {
  const events = cell.runtime.events;
  if (events.active) {
    events.publish({
      type: "failed",
      path: cell.path,
      error,
      hook: "stopped",
      reason,
    });
  }
}

/**
 * Arms the shutdown bound {@linkcode stopChild} left for a stop that looked
 * certain and turned out to wait (an async `stopped` hook or `init`): it
 * counts from now, at most one scheduler time slice after the request.
 */
function boundLater(cell: ActorCell): void {
  const x = cell.x;
  if (x === null || x.stopBound === Infinity) return;
  const ms = x.stopBound;
  x.stopBound = Infinity;
  const done = x.stopPromise;
  if (done !== null) void killUnlessWithin(cell, done, ms);
}

/** Kills the actor unless `stopped` settles within `ms`. */
async function killUnlessWithin(
  cell: ActorCell,
  stopped: Promise<void>,
  ms: number,
): Promise<void> {
  if (!(await within(cell, stopped, ms))) killCell(cell);
}

/** The stop as a lifecycle step: teardown, then finalise or restart. */
export async function stopStep(
  cell: ActorCell,
  reason: StopReason,
  error: unknown,
): Promise<void> {
  if (cell.status === "stopped") return;
  moveTo(cell, "stopping");
  await teardown(cell, reason);
  if (cell.status !== "stopping") return;
  const restartIn = exitOrRestart(cell, reason, error);
  if (restartIn !== undefined) await startNextIncarnation(cell, restartIn);
}

/**
 * Ends the incarnation: abort, timers, asks, in-flight handler, children,
 * `stopped`. Stops touching the cell if the incarnation is abandoned
 * meanwhile (see `stillCurrent`).
 */
export async function teardown(
  cell: ActorCell,
  reason: StopReason,
): Promise<void> {
  const ctx = cell.ctx;
  const incarnation = ++cell.incarnation;
  ctx?.end();
  const x = cell.x;
  if (x !== null) {
    rejectAsks(cell, reason);
    if (x.inflight !== null) {
      if (!(await stillCurrent(cell, incarnation, x.inflight))) return;
      x.inflight = null;
      x.inflightRelease = null;
    }
  }
  cell.activity = IDLE;
  // A supervisor stops its children its own way (spec order, or all at once).
  const stopChildren = cell.hooks.stopChildren;
  if (stopChildren !== undefined && cell.childCount > 0) {
    const stopping = stopChildren.call(cell.hooks, cell);
    if (!(await stillCurrent(cell, incarnation, stopping))) return;
  }
  for (const child of cell.children.reverse()) {
    if (!(await stillCurrent(cell, incarnation, stopChild(child)))) return;
  }
  if ((cell.flags & INITIALIZED) !== 0 && ctx !== null) {
    setFlag(cell, INITIALIZED, false);
    const stopped = cell.behavior.stopped;
    if (stopped !== undefined) {
      const hook = runStoppedHook(cell, stopped, reason, ctx);
      if (
        hook !== undefined && !(await stillCurrent(cell, incarnation, hook))
      ) {
        return;
      }
    }
  }
  cell.state = undefined;
}

/**
 * The end of a stop, once the incarnation is torn down: a supervisor may
 * restart a child that stopped normally (OTP's `permanent`); otherwise the
 * actor is finalised.
 *
 * @returns The delay before the restart the caller must run, or
 * `undefined` (finalised, or held for the supervisor's group restart).
 */
function exitOrRestart(
  cell: ActorCell,
  reason: StopReason,
  error: unknown,
): number | undefined {
  const parent = cell.parent;
  if (reason === "normal" && parent !== null && parent.status === "running") {
    const delay = parent.hooks.childExiting(parent, cell);
    if (delay !== false) {
      setFlag(cell, STOP_REQUESTED, false);
      const x = extras(cell);
      resolveStop(x);
      moveTo(cell, "restarting");
      return delay === "held" ? undefined : delay;
    }
  }
  finalize(cell, reason, error);
  return undefined;
}

/**
 * Stops an actor within its shutdown time, then kills it (reason `killed`):
 * every stop from outside is bounded (OTP's `shutdown` of a child spec),
 * whoever asks (`ref.stop()`, a parent, a supervisor, the control plane), so
 * a handler or a `stopped` hook that never settles cannot hang it. A
 * `brutal` shutdown kills at once; `infinity` waits as long as it takes.
 *
 * @param cell The actor.
 * @param reason Why. Defaults to `shutdown`.
 * @returns Resolves when the actor has stopped (or a supervisor restarts it).
 */
export function stopChild(
  cell: ActorCell,
  reason: StopReason = "shutdown",
): Promise<void> {
  const shutdown = cell.shutdown;
  if (shutdown === "brutal") {
    killCell(cell);
    return Promise.resolve();
  }
  if (shutdown === "infinity") return requestStop(cell, reason);
  // With nothing to wait for (no handler in flight, no children), the stop
  // completes in the actor's next turn, `stopped` hook included, unless the
  // hook returns a promise: the bound is armed only then (`boundLater`), so
  // no timer per stop.
  if (canStopNow(cell)) {
    const x = extras(cell);
    x.stopBound = Math.min(x.stopBound, shutdown);
    return requestStop(cell, reason);
  }
  return killUnlessWithin(cell, requestStop(cell, reason), shutdown);
}

/** Stops at once, without waiting for `stopped`; so are its children. */
export function killCell(cell: ActorCell): void {
  if (cell.status === "stopped") return;
  abandonIncarnation(cell);
  // An abandoned chain of lifecycle steps no longer counts as work.
  const x = cell.x;
  if (x !== null && x.opsEntered) {
    x.opsEntered = false;
    cell.runtime.scheduler.leave();
  }
  finalize(cell, "killed", undefined);
}

/** Drops what is left of the incarnation: its cleanup and its children. */
export function abandonIncarnation(cell: ActorCell): void {
  cell.incarnation++;
  cell.ctx?.end();
  const x = cell.x;
  if (x !== null) {
    x.inflightRelease?.();
    x.inflightRelease = null;
    x.inflight = null;
  }
  for (const child of cell.children.reverse()) killCell(child);
  setFlag(cell, INITIALIZED, false);
  cell.state = undefined;
  cell.activity = IDLE;
}

/**
 * The actor has stopped for good: its mail becomes dead letters, its asks
 * are rejected, names and watches are dropped, its parent, watchers and the
 * event stream are told, and `stop()` resolves.
 */
function finalize(cell: ActorCell, reason: StopReason, error: unknown): void {
  if (cell.status === "stopped") return;
  moveTo(cell, "stopped");
  cell.activity = IDLE;
  const mailbox = cell.box;
  if (mailbox !== null) {
    for (const message of mailbox.drain()) deadLetter(cell, message, "stopped");
    mailbox.asks = 0;
    while (mailbox.takeSystem() !== undefined) { /* discard */ }
  }
  const parent = cell.parent;
  const x = extras(cell);
  x.stopReason = reason;
  x.queuedStop = null;
  x.queuedStopError = undefined;
  rejectAsks(cell, reason);
  unregisterNames(cell);
  dropWatches(cell);
  const memberships = x.memberships;
  if (memberships !== null) {
    x.memberships = null;
    for (const membership of memberships) membership.drop(cell);
  }
  if (parent !== null) {
    unlink(parent, cell);
    parent.hooks.childStopped(parent, cell, reason);
  }
  notifyWatchers(cell, reason, error);
  const events = cell.runtime.events;
  if (events.active && parent !== null) {
    const path = cell.path;
    events.publish(
      error === undefined
        ? { type: "stopped", path, reason }
        : { type: "stopped", path, reason, error },
    );
  }
  resolveStarted(cell);
  resolveStop(x);
}
