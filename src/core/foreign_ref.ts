/**
 * Refs whose actor lives outside this system, such as the cluster layer's
 * remote refs. The core knows them only through this one hook, so watching
 * works the same whatever the ref points at; nothing here is on the message
 * path.
 *
 * Follows Erlang's monitors on remote pids and Akka's remote `watch`: the
 * watcher receives a `Terminated` notice when the actor stops, or with reason
 * `node-down` when its node is lost.
 *
 * @module
 */

import type { AnyActorRef, Terminated } from "./actor_context.ts";

/**
 * The key of the watch hook a foreign ref carries.
 *
 * @example Check whether a ref is foreign
 * ```ts
 * import { FOREIGN_WATCH } from "@understudy/runtime";
 * const ref = {};
 * console.assert(!(FOREIGN_WATCH in ref));
 * ```
 */
export const FOREIGN_WATCH: unique symbol = Symbol.for(
  "understudy.foreignWatch",
);

/**
 * A ref that is not a local actor of this system but can be watched.
 * `ActorContext.watch` and `unwatch` call its hook.
 */
export interface ForeignWatchable {
  /**
   * Starts (`deliver` given) or cancels (`deliver` is `null`) a watch by a
   * local actor.
   *
   * @param watcher The local actor watching.
   * @param deliver Called once with the notice when the actor stops or its
   * node goes down; `null` cancels the watch.
   */
  [FOREIGN_WATCH](
    watcher: AnyActorRef,
    deliver: ((notice: Terminated) => void) | null,
  ): void;
}

/**
 * The watch hook of a foreign ref, if `ref` is one.
 *
 * @param ref Any value.
 * @returns The hook's owner, or `undefined`.
 */
export function foreignOf(ref: unknown): ForeignWatchable | undefined {
  return typeof ref === "object" && ref !== null && FOREIGN_WATCH in ref &&
      typeof (ref as ForeignWatchable)[FOREIGN_WATCH] === "function"
    ? ref as ForeignWatchable
    : undefined;
}
