/**
 * Dynamic supervisors: children started and stopped at run time.
 *
 * Follows Elixir's `DynamicSupervisor` and the Trupe seed's
 * `DynamicSupervisor`: one-for-one only, no children at start, an optional
 * `maxChildren`, and a child's spec is forgotten when the child stops for
 * good. Start children with `startChild`, stop them with `terminateChild`.
 * With a `template` it is OTP's `simple_one_for_one`: one spec for every
 * child, `startChild(sup, extraArgs)`, `countChildren` counts one spec. On
 * shutdown every child is told to stop at once and the supervisor waits for
 * the slowest (OTP's simple_one_for_one shutdown).
 *
 * @module
 */

import type { BackoffOptions, Decider } from "./supervision.ts";
import { validateSupervision } from "./supervision.ts";
import { type ChildSpec, validateChildSpec } from "./child_spec.ts";
import {
  checkSignificant,
  type SupervisorDefinition,
  supervisorDefinition,
  validateAutoShutdown,
} from "./supervisor.ts";
import {
  type AutoShutdown,
  resolvePolicy,
  SupervisorCore,
} from "./_supervisor_core.ts";

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
  /**
   * One spec for every child (OTP's `simple_one_for_one`): `startChild(sup,
   * extraArgs)` starts a child from it, with `extraArgs` as its `init`
   * arguments. Its `id` is ignored (children get generated ids). Defaults
   * to none: `startChild` takes a spec per child.
   */
  // deno-lint-ignore no-explicit-any
  readonly template?: Omit<ChildSpec<any, any, any>, "id"> & { id?: string };
  /**
   * Whether significant children shut the supervisor down when they exit
   * on their own (OTP 24): `"never"`, `"any-significant"`,
   * `"all-significant"`. Defaults to `"never"`.
   */
  readonly autoShutdown?: AutoShutdown;
  /** The kind shown by inspection. Defaults to `"dynamic-supervisor"`. */
  readonly kind?: string;
}

/**
 * Builds a dynamic supervisor definition.
 *
 * @param options Limit, template, intensity, decider, backoff.
 * @returns The definition.
 * @throws {RangeError} When a number is out of range.
 * @throws {TypeError} When the template is not a valid child spec.
 * @example Start a child at run time
 * ```ts
 * import { ActorSystem, defineActor, dynamicSupervisor, startChild } from "@understudy/runtime";
 * const echo = defineActor({ init: () => null, receive: (_: null, _msg: string) => {} });
 * await using system = new ActorSystem();
 * const pool = await system.start(dynamicSupervisor({ maxChildren: 10 }), { name: "pool" });
 * const child = await startChild(pool, { id: "echo-1", start: echo });
 * console.assert(child?.path === "/pool/echo-1");
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
  const where = "dynamic supervisor options";
  const autoShutdown = validateAutoShutdown(options.autoShutdown, where);
  let template;
  if (options.template !== undefined) {
    template = { ...options.template, id: options.template.id ?? "child" };
    validateChildSpec(template, where);
    checkSignificant(template, autoShutdown, where);
  }
  const policy = resolvePolicy("dynamic", {
    ...options,
    strategy: "one-for-one",
    autoShutdown,
    template,
  });
  return supervisorDefinition(
    options.kind ?? "dynamic-supervisor",
    (cell) => new SupervisorCore(cell, policy, []),
  );
}
