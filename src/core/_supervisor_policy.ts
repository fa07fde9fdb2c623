/**
 * A supervisor's settings: the strategy, the restart intensity, the decider,
 * backoff, the child limit, auto shutdown and a dynamic supervisor's
 * template, resolved once from the options with OTP's defaults (intensity 3
 * restarts in 5 seconds, `one-for-one`).
 *
 * @module
 */

import type { AnyChildSpec } from "./child_spec.ts";
import {
  type BackoffOptions,
  type Decider,
  restartAlways,
} from "./supervision.ts";

/**
 * Which children a supervisor restarts when one fails:
 * `one-for-one` only that child; `one-for-all` every child;
 * `rest-for-one` that child and every child started after it.
 */
export type Strategy = "one-for-one" | "one-for-all" | "rest-for-one";

/**
 * When a supervisor shuts itself down after a significant child exits on its
 * own (OTP 24's `auto_shutdown`): `never`, when `any-significant` child
 * exits, or when `all-significant` children have exited.
 */
export type AutoShutdown = "never" | "any-significant" | "all-significant";

/**
 * A child as its supervisor sees it (OTP's `which_children` pid column):
 * `running`; `restarting`, its restart pending (failed and tried again, or
 * waiting in backoff); `undefined`, no child runs (terminated, ignored, exited
 * without restart, or down behind a sibling in a group restart).
 */
export type ChildState = "running" | "restarting" | "undefined";

/** A supervisor's resolved settings. */
export interface SupervisorPolicy {
  readonly kind: "supervisor" | "dynamic" | "partition";
  readonly strategy: Strategy;
  readonly maxRestarts: number;
  readonly withinMs: number;
  readonly decider: Decider;
  readonly backoff: BackoffOptions | undefined;
  readonly maxChildren: number;
  /** The pool size of a partition supervisor (0 for the others). */
  readonly partitions: number;
  readonly autoShutdown: AutoShutdown;
  /** A dynamic supervisor's template spec (OTP's `simple_one_for_one`). */
  readonly template: AnyChildSpec | undefined;
}

/** Resolves a supervisor's settings from its options. */
export function resolvePolicy(
  kind: SupervisorPolicy["kind"],
  options: {
    readonly strategy?: Strategy;
    readonly maxRestarts?: number;
    readonly withinMs?: number;
    readonly decider?: Decider;
    readonly backoff?: BackoffOptions;
    readonly maxChildren?: number;
    readonly partitions?: number;
    readonly autoShutdown?: AutoShutdown;
    readonly template?: AnyChildSpec;
  },
): SupervisorPolicy {
  return {
    kind,
    strategy: options.strategy ?? "one-for-one",
    maxRestarts: options.maxRestarts ?? 3,
    withinMs: options.withinMs ?? 5000,
    decider: options.decider ?? restartAlways,
    backoff: options.backoff,
    maxChildren: options.maxChildren ?? Infinity,
    partitions: options.partitions ?? 0,
    autoShutdown: options.autoShutdown ?? "never",
    template: options.template,
  };
}
