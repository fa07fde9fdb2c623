/**
 * Dynamic supervisors: children started and stopped at run time.
 *
 * Follows Elixir's `DynamicSupervisor` and the Trupe seed's
 * `DynamicSupervisor`: one-for-one only, no children at start, an optional
 * `maxChildren`, and a child's spec is forgotten when the child stops for
 * good. Start children with `startChild`, stop them with `terminateChild`.
 *
 * @module
 */

import type { BackoffOptions, Decider } from "./supervision.ts";
import { validateSupervision } from "./supervision.ts";
import {
  type SupervisorDefinition,
  supervisorDefinition,
} from "./supervisor.ts";
import { resolvePolicy, SupervisorCore } from "./_supervisor_core.ts";

/** Options for {@linkcode dynamicSupervisor}. Every field has a default. */
export interface DynamicSupervisorOptions {
  /**
   * The most children at once; `startChild` past it throws `SpawnError`.
   * Defaults to `Infinity`.
   */
  readonly maxChildren?: number;
  /** Restarts allowed within `withinMs`, all children together. Defaults to 3. */
  readonly maxRestarts?: number;
  /** The intensity window in milliseconds. Defaults to 5000. */
  readonly withinMs?: number;
  /** Chooses the directive for each failure. Defaults to always `restart`. */
  readonly decider?: Decider;
  /** Exponential backoff between restarts. Defaults to none. */
  readonly backoff?: BackoffOptions;
  /** The kind shown by inspection. Defaults to `"dynamic-supervisor"`. */
  readonly kind?: string;
}

/**
 * Builds a dynamic supervisor definition.
 *
 * @param options Limit, intensity, decider, backoff.
 * @returns The definition.
 * @throws {RangeError} When a number is out of range.
 * @example Start a child at run time
 * ```ts
 * import { ActorSystem, defineActor, dynamicSupervisor, startChild } from "../../mod.ts";
 * const echo = defineActor({ init: () => null, receive: (_: null, _msg: string) => {} });
 * await using system = new ActorSystem();
 * const pool = system.spawn(dynamicSupervisor({ maxChildren: 10 }), { name: "pool" });
 * const child = await startChild(pool, { id: "echo-1", start: echo });
 * console.assert(child.path === "/pool/echo-1");
 * ```
 */
export function dynamicSupervisor(
  options: DynamicSupervisorOptions = {},
): SupervisorDefinition {
  validateSupervision(options, "dynamic supervisor options");
  const max = options.maxChildren;
  if (
    max !== undefined && max !== Infinity &&
    (!Number.isInteger(max) || max < 1)
  ) {
    throw new RangeError(
      `Invalid dynamic supervisor options: maxChildren must be a positive integer, got "${max}"`,
    );
  }
  const policy = resolvePolicy("dynamic", {
    ...options,
    strategy: "one-for-one",
  });
  return supervisorDefinition(
    options.kind ?? "dynamic-supervisor",
    (cell) => new SupervisorCore(cell, policy, []),
  );
}
