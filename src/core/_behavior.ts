/**
 * A definition as the cell uses it: the user's definition object copied into
 * one class shape, so the message loop's property loads stay monomorphic
 * whatever shapes the program's definitions have (a megamorphic load cost
 * about 7 ns a message in the benchmarks). One per definition and system.
 *
 * @module
 */

import type { ActorDefinition } from "./actor_definition.ts";
import type { ActorCell } from "./actor_cell.ts";
import type { SupervisorHooks } from "./_supervisor_hooks.ts";

/** Installs custom supervision hooks on cells of a definition. */
export const HOOKS: unique symbol = Symbol("understudy.hooks");

/** A definition that brings its own supervision hooks (a supervisor). */
export interface HookedDefinition {
  readonly [HOOKS]?: (cell: ActorCell) => SupervisorHooks;
}

// deno-lint-ignore no-explicit-any
export type AnyDefinition = ActorDefinition<any, any, any> & HookedDefinition;

/**
 * The normalised definition. Its handlers are called with the user's object
 * as `this` (through `call`: a bound function is slower to call on Bun).
 */
export class Behavior {
  readonly source: AnyDefinition;
  readonly kind: string | undefined;
  readonly init: AnyDefinition["init"];
  readonly receive: AnyDefinition["receive"];
  readonly stopped: AnyDefinition["stopped"];
  readonly makeHooks: HookedDefinition[typeof HOOKS];

  constructor(source: AnyDefinition) {
    this.source = source;
    this.kind = source.kind;
    this.init = source.init;
    this.receive = source.receive;
    this.stopped = source.stopped;
    this.makeHooks = source[HOOKS];
  }
}

/**
 * The behavior of `definition`, made once per system.
 *
 * @param cache The system's cache.
 * @param definition The user's definition.
 * @returns Its behavior.
 */
export function behaviorOf(
  cache: WeakMap<object, Behavior>,
  definition: AnyDefinition,
): Behavior {
  let behavior = cache.get(definition);
  if (behavior === undefined) {
    behavior = new Behavior(definition);
    cache.set(definition, behavior);
  }
  return behavior;
}
