/**
 * Which broker an actor uses: the one of its nearest ancestor spawned
 * `withBroker`, else its system's. Internal to `src/core`; kept apart from
 * `broker.ts` so the actor context reaches it without importing the system.
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import { membershipsOf } from "./_cell_state.ts";
import { LocalBroker } from "./_local_broker.ts";
import { registryOf } from "./_pubsub.ts";
import type { Runtime } from "./_runtime.ts";

/** Marks a definition whose actors own a scoped broker. */
export const OWN_BROKER: unique symbol = Symbol("understudy.ownBroker");

/**
 * The broker an actor uses; for modules inside `src/core` only.
 *
 * @param cell The actor.
 * @returns Its broker.
 */
export function brokerFor(cell: ActorCell): LocalBroker {
  for (let c: ActorCell | null = cell; c !== null; c = c.parent) {
    if ((c.definition as { [OWN_BROKER]?: true })[OWN_BROKER] === true) {
      return ownedBroker(c);
    }
  }
  return systemBroker(cell.runtime);
}

/** The system-wide broker of a system, created on first use. */
export function systemBroker(runtime: Runtime): LocalBroker {
  const registry = registryOf(runtime.system);
  return (registry.broker ??= new LocalBroker("/", runtime)) as LocalBroker;
}

function ownedBroker(owner: ActorCell): LocalBroker {
  const registry = registryOf(owner.runtime.system);
  const known = registry.scopedBrokers.get(owner) as LocalBroker | undefined;
  if (known !== undefined) return known;
  if (owner.status === "stopped") {
    return new LocalBroker(owner.path, owner.runtime, true);
  }
  const broker = new LocalBroker(owner.path, owner.runtime);
  registry.scopedBrokers.set(owner, broker);
  broker.onClose = () => registry.scopedBrokers.delete(owner);
  membershipsOf(owner).add(broker);
  return broker;
}
