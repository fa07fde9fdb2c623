/**
 * Watching: an actor asks to be told, by a message of its choice, when
 * another stops for good (Akka's `watch`/`Terminated`, OTP's monitors).
 * Restarts are not terminations: the ref lives on.
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import type { AnyActorRef, Terminated } from "./actor_context.ts";
import type { StopReason } from "./events.ts";
import { failCell } from "./_cell_failure.ts";
import { extras } from "./_cell_state.ts";

/** Sends `watcher` a notice when `target` stops for good. */
export function watchCell(
  target: ActorCell,
  watcher: ActorCell,
  toMessage: (notice: Terminated) => unknown,
): void {
  if (target.status === "stopped") {
    watcher.tell(
      toMessage({
        ref: target as AnyActorRef,
        path: target.path,
        reason: target.stopReason ?? "normal",
      }),
    );
    return;
  }
  (extras(target).watchers ??= new Map()).set(watcher, toMessage);
  (extras(watcher).watching ??= new Set()).add(target);
}

/** Cancels a watch. */
export function unwatchCell(target: ActorCell, watcher: ActorCell): void {
  target.x?.watchers?.delete(watcher);
  watcher.x?.watching?.delete(target);
}

/** A stopped cell stops watching others. */
export function dropWatches(cell: ActorCell): void {
  const x = cell.x;
  if (x === null || x.watching === null) return;
  for (const target of x.watching) target.x?.watchers?.delete(cell);
  x.watching = null;
}

/** Tells every watcher of a stopped cell; a watcher whose mapping throws fails. */
export function notifyWatchers(
  cell: ActorCell,
  reason: StopReason,
  error: unknown,
): void {
  const x = cell.x;
  const watchers = x?.watchers;
  if (watchers == null) return;
  x!.watchers = null;
  const ref = cell as AnyActorRef;
  const path = cell.path;
  const notice: Terminated = error === undefined
    ? { ref, path, reason }
    : { ref, path, reason, error };
  for (const [watcher, toMessage] of watchers) {
    watcher.x?.watching?.delete(cell);
    try {
      watcher.tell(toMessage(notice));
    } catch (cause) {
      failCell(watcher, cause);
    }
  }
}
