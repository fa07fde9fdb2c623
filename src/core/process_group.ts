/**
 * Process groups: typed, named sets of actors that others can find, watch
 * and route to.
 *
 * Follows OTP's `pg`: independent named scopes (`groupsOf(system, "payments")`),
 * `join`, `leave`, `members` in join order, and `monitor` sending join and
 * leave notifications; a member that stops leaves all its groups at once.
 * Akka's Receptionist gives the typed keys. Deliberate differences: joining
 * twice is a no-op and one `leave` removes the member (pg counts joins, as
 * Akka does not), a restarted member stays (its ref is stable), and a
 * monitor notification is a typed message mapped into the watcher's own
 * type.
 *
 * @module
 */

import type { AnyActorRef } from "./actor_context.ts";
import type { ActorRef } from "./actor_ref.ts";
import type { ActorSystem } from "./actor_system.ts";
import { LocalGroups } from "./_local_groups.ts";
import { checkName, registryOf } from "./_pubsub.ts";

/**
 * A typed group key. Two keys with the same name are the same group.
 *
 * @typeParam M The messages the members accept.
 */
export interface GroupKey<M> {
  /** Always `"group"`. */
  readonly kind: "group";
  /** The group's name, a plain string. */
  readonly name: string;
  /**
   * Type-level only, never present at run time: makes `GroupKey<A>` and
   * `GroupKey<B>` incompatible.
   */
  readonly "~message"?: (message: M) => M;
}

/**
 * Makes a typed group key.
 *
 * @typeParam M The messages the members accept.
 * @param name The group's name: a non-empty string.
 * @returns The key, frozen.
 * @throws {TypeError} When the name is not a non-empty string.
 * @example Join and list
 * ```ts
 * import { ActorSystem, defineActor, group, groupsOf } from "@understudy/runtime";
 * const workers = group<string>("workers");
 * await using system = new ActorSystem();
 * const w = system.spawn(defineActor({ init: () => null, receive: () => {} }));
 * groupsOf(system).join(workers, w);
 * console.assert(groupsOf(system).members(workers)[0] === w);
 * ```
 */
export function group<M>(name: string): GroupKey<M> {
  return Object.freeze({ kind: "group", name: checkName(name, "group") });
}

/**
 * A join or leave notification sent to a monitor.
 *
 * @typeParam M The messages the members accept.
 */
export interface GroupChange<M> {
  /** Whether the refs joined or left. */
  readonly type: "join" | "leave";
  /** The group's name. */
  readonly group: string;
  /** The scope's name. */
  readonly scope: string;
  /** The refs that joined or left. */
  readonly refs: readonly ActorRef<M>[];
}

/**
 * A monitor of one group, as OTP's `pg:monitor/2` returns it.
 *
 * @typeParam M The messages the members accept.
 */
export interface GroupMonitor<M> {
  /** The members when the monitor started; changes arrive as messages. */
  readonly members: readonly ActorRef<M>[];
  /** Stops the notifications; cancelling twice does nothing. */
  cancel(): void;
}

/** A group as the control plane lists it. */
export interface GroupInfo {
  /** The scope's name. */
  readonly scope: string;
  /** The group's name. */
  readonly name: string;
  /** The members' paths, in join order. */
  readonly members: readonly string[];
  /** How many monitors watch the group. */
  readonly monitors: number;
}

/**
 * What a transport (the cluster) plugs into a scope to share its groups
 * across nodes: it is told about local members; remote members it learns of
 * join through {@linkcode ProcessGroups.join} with their remote refs.
 */
export interface GroupLink {
  /**
   * A local actor joined a group.
   *
   * @param group The group's name.
   * @param ref The actor.
   */
  joined(group: string, ref: AnyActorRef): void;
  /**
   * A local actor left a group (or stopped).
   *
   * @param group The group's name.
   * @param ref The actor.
   */
  left(group: string, ref: AnyActorRef): void;
}

/** One process group scope of a system; get it with {@linkcode groupsOf}. */
export interface ProcessGroups {
  /** The scope's name. */
  readonly scope: string;
  /** The system it belongs to. */
  readonly system: ActorSystem;
  /**
   * Adds an actor to a group; joining again does nothing, a stopped actor
   * is not added. The actor leaves when it stops, not when it restarts.
   *
   * @typeParam R The actor's messages.
   * @typeParam M The messages the members accept, which must be among the
   * actor's.
   * @param key The group.
   * @param ref The actor.
   * @throws {TypeError} When `key` or `ref` is invalid.
   */
  join<R, M extends R>(key: GroupKey<M>, ref: ActorRef<R>): void;
  /**
   * Removes an actor from a group.
   *
   * @typeParam M The messages the members accept.
   * @param key The group.
   * @param ref The actor.
   * @returns Whether it was a member.
   */
  leave<M>(key: GroupKey<M>, ref: AnyActorRef): boolean;
  /**
   * Removes an actor from every group of this scope (for transports: a node
   * went down).
   *
   * @param ref The actor.
   * @returns How many groups it left.
   */
  leaveAll(ref: AnyActorRef): number;
  /**
   * The members of a group, in join order. The same array is returned while
   * the membership does not change.
   *
   * @typeParam M The messages the members accept.
   * @param key The group.
   * @returns The members (frozen).
   */
  members<M>(key: GroupKey<M>): readonly ActorRef<M>[];
  /**
   * Sends `watcher` a {@linkcode GroupChange} whenever actors join or leave
   * the group, until cancelled or the watcher stops.
   *
   * @typeParam W The watcher's messages, among which the changes must be.
   * @typeParam M The messages the members accept.
   * @param key The group.
   * @param watcher The actor to notify.
   * @returns The current members and a way to cancel.
   */
  monitor<W, M>(
    key: GroupKey<M>,
    watcher: ActorRef<W> & ([GroupChange<M>] extends [W] ? unknown : never),
  ): GroupMonitor<M>;
  /**
   * Sends `watcher` `toMessage(change)` whenever actors join or leave the
   * group, until cancelled or the watcher stops. If `toMessage` throws, the
   * watcher fails.
   *
   * @typeParam M The messages the members accept.
   * @typeParam W The watcher's messages.
   * @param key The group.
   * @param watcher The actor to notify.
   * @param toMessage Maps a change into one of the watcher's messages.
   * @returns The current members and a way to cancel.
   */
  monitor<M, W>(
    key: GroupKey<M>,
    watcher: ActorRef<W>,
    toMessage: (change: GroupChange<M>) => NoInfer<W>,
  ): GroupMonitor<M>;
  /**
   * The groups of this scope that have members or monitors, by name.
   *
   * @returns The groups.
   */
  groups(): GroupInfo[];
  /**
   * For transports: attaches the link told about local joins and leaves,
   * replacing any previous one (`null` detaches).
   *
   * @param link The link.
   */
  link(link: GroupLink | null): void;
}

/**
 * A process group scope of a system, created on first use; as OTP `pg`
 * scopes, two scopes do not share group names.
 *
 * @param system The system.
 * @param scope The scope's name. Defaults to `"default"`.
 * @returns The scope.
 * @throws {TypeError} When the scope name is not a non-empty string.
 */
export function groupsOf(
  system: ActorSystem,
  scope = "default",
): ProcessGroups {
  checkName(scope, "group scope");
  const scopes = registryOf(system).groupScopes;
  let groups = scopes.get(scope) as LocalGroups | undefined;
  if (groups === undefined) {
    groups = new LocalGroups(scope, system);
    scopes.set(scope, groups);
  }
  return groups;
}

/**
 * Every group with members or monitors, in every scope of a system, by
 * scope and name.
 *
 * @param system The system.
 * @returns The groups.
 */
export function listGroups(system: ActorSystem): GroupInfo[] {
  const scopes = [...registryOf(system).groupScopes.values()] as LocalGroups[];
  scopes.sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
  return scopes.flatMap((scope) => scope.groups());
}
