/**
 * Finding a sibling by its registered name, with a clear failure when it is
 * not there (the failure of an `init`, reported to the supervisor).
 *
 * @module
 */

import type { ActorRef, ActorSystem } from "@understudy/runtime";

/**
 * The actor registered as `name`.
 *
 * @typeParam Msg The messages it accepts.
 * @param system The system.
 * @param name The registered name.
 * @returns Its ref.
 * @throws {Error} When no actor is registered under that name.
 */
export function named<Msg>(system: ActorSystem, name: string): ActorRef<Msg> {
  const ref = system.whereIs<Msg>(name);
  if (ref === undefined) {
    throw new Error(`No actor is registered as "${name}"`);
  }
  return ref;
}
