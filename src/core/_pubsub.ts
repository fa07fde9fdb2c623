/**
 * What topics and process groups share inside the core: the per-system
 * registry of brokers and group scopes, the memberships a cell keeps on its
 * rare-state extras (so that a stop leaves everything at once), and name
 * checks. Internal.
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import type { ActorSystem } from "./actor_system.ts";

/**
 * Something a cell takes part in: a topic it subscribes to, a group it is a
 * member of, a group it monitors, a broker it owns. The cell keeps a set of
 * them and calls {@linkcode Membership.drop} on each when it stops for good;
 * a restart keeps them (the ref is stable).
 */
export interface Membership {
  /** Removes `cell` from this topic, group, monitor list or scope. */
  drop(cell: ActorCell): void;
}

/** The brokers and group scopes of one system, created on first use. */
export class PubSubRegistry {
  /** The system broker (scope `"/"`), once created. */
  broker: unknown = null;
  /** The brokers of subtrees, by owner, while their owner lives. */
  readonly scopedBrokers: Map<ActorCell, unknown> = new Map();
  /** The process group scopes, by name. */
  readonly groupScopes: Map<string, unknown> = new Map();
}

// A side table keyed by the system object: nothing is shared between systems,
// and a system that is garbage collected takes its registry with it.
const registries = new WeakMap<ActorSystem, PubSubRegistry>();

/**
 * The pub/sub registry of a system.
 *
 * @param system The system.
 * @returns Its registry, created on first use.
 */
export function registryOf(system: ActorSystem): PubSubRegistry {
  let registry = registries.get(system);
  if (registry === undefined) {
    registry = new PubSubRegistry();
    registries.set(system, registry);
  }
  return registry;
}

/**
 * Checks the name of a topic, group or scope: a non-empty string.
 *
 * @param name The name.
 * @param what What is being named, for the message (`"topic"`).
 * @returns The name.
 * @throws {TypeError} When it is not a non-empty string.
 */
export function checkName(name: unknown, what: string): string {
  if (typeof name !== "string" || name === "") {
    throw new TypeError(
      `Cannot create ${what}: name must be a non-empty string, got "${
        String(name)
      }"`,
    );
  }
  return name;
}

/** An empty member or subscriber list, shared. */
export const NONE: readonly never[] = Object.freeze([]);

/**
 * A copy of `list` without `item` (lists are copied on write, so a publish
 * or a route reads a stable array without allocating). The copies are not
 * frozen: JavaScriptCore iterates a frozen array several times slower, which
 * made a publish cost 3.5 tells there.
 *
 * @param list The list.
 * @param item The item to leave out.
 * @returns The new list.
 */
export function without<T>(list: readonly T[], item: T): readonly T[] {
  const index = list.indexOf(item);
  if (index < 0) return list;
  if (list.length === 1) return NONE;
  const copy = list.slice();
  copy.splice(index, 1);
  return copy;
}

/**
 * A copy of `list` with `item` at the end.
 *
 * @param list The list.
 * @param item The item to add.
 * @returns The new list.
 */
export function withItem<T>(list: readonly T[], item: T): readonly T[] {
  const copy = list.slice();
  copy.push(item);
  return copy;
}
