/**
 * Supervisors: actors whose children are described by child specs.
 *
 * Follows Erlang/OTP's `supervisor` key by key (strategies, intensity as
 * `maxRestarts` in `withinMs`, `auto_shutdown` and significant children,
 * `start_child`, `terminate_child`, `restart_child`, `delete_child`,
 * `which_children`, `count_children`, in `supervisor_children.ts`;
 * `get_childspec`, `check_childspecs` in `supervisor_specs.ts`; options from
 * an init function, as OTP's `init/1`), plus the
 * Trupe seed's decider (`restart`, `resume`, `stop`, `escalate`) and Akka's
 * restart backoff. Differs in that a restarted child keeps its ref and its
 * mail. `docs/supervision.md` has the full reference.
 *
 * @module
 */

import { type ActorCell, HOOKS } from "./actor_cell.ts";
import type { ActorDefinition } from "./actor_definition.ts";
import type { AnyActorRef } from "./actor_context.ts";
import { type AnyChildSpec, validateChildSpec } from "./child_spec.ts";
import {
  type BackoffOptions,
  type Decider,
  validateSupervision,
} from "./supervision.ts";
import {
  type AutoShutdown,
  resolvePolicy,
  type Strategy,
  SupervisorCore,
  type SupervisorPolicy,
} from "./_supervisor_core.ts";
import { coreOf } from "./supervisor_children.ts";

export type { AutoShutdown, Strategy } from "./_supervisor_core.ts";
export {
  type ChildCounts,
  type ChildState,
  type ChildSummary,
  coreOf,
  countChildren,
  deleteChild,
  restartChild,
  startChild,
  terminateChild,
  whichChildren,
} from "./supervisor_children.ts";

/** Options for {@linkcode supervisor}. Every field but `children` has a default. */
export interface SupervisorOptions {
  /** The children, started in this order. */
  readonly children: readonly AnyChildSpec[];
  /** Which children restart when one fails. Defaults to `"one-for-one"`. */
  readonly strategy?: Strategy;
  /**
   * The most restarts within `withinMs`, for all children together (OTP's
   * intensity). One more and the supervisor stops its children and fails
   * itself. Defaults to 3.
   */
  readonly maxRestarts?: number;
  /** The intensity window in milliseconds (OTP's period). Defaults to 5000. */
  readonly withinMs?: number;
  /** Chooses the directive for each failure. Defaults to always `restart`. */
  readonly decider?: Decider;
  /** Exponential backoff between restarts. Defaults to none. */
  readonly backoff?: BackoffOptions;
  /**
   * Whether the exit of significant children shuts the supervisor down
   * (OTP 24): `"never"`, `"any-significant"` (when one exits on its own),
   * `"all-significant"` (when none is left). Defaults to `"never"`.
   */
  readonly autoShutdown?: AutoShutdown;
  /** The kind shown by inspection. Defaults to `"supervisor"`. */
  readonly kind?: string;
}

/**
 * The definition of a supervisor actor; it accepts no messages.
 *
 * @typeParam Args The arguments its `init` takes: none, unless its options
 * come from an init function.
 */
export type SupervisorDefinition<Args = void> = ActorDefinition<
  never,
  null,
  Args
>;

/**
 * Builds a supervisor whose options are computed when it starts, from its
 * spawn arguments (OTP's `Module:init(Args)`): `init` runs at every start of
 * the supervisor, restarts included, and its options are checked then. It
 * may call `ignore()` to decline (the supervisor stops with reason `normal`
 * and its start resolves as an ignored one); when it throws or returns
 * options that are not valid, the supervisor's start fails with that error
 * as the `cause` (OTP's `{error, Reason}` from `start_link`).
 *
 * @typeParam Args The spawn arguments.
 * @param init Computes the options; `kind` is not read (the definition's
 * kind is `"supervisor"`).
 * @returns The definition.
 * @example Children from the spawn arguments
 * ```ts
 * import { ActorSystem, childSpec, defineActor, ignore, supervisor } from "@understudy/runtime";
 * const worker = defineActor({ init: (n: number) => n, receive: (n: number, _: "work") => n + 1 });
 * const pool = supervisor((size: number) => {
 *   if (size === 0) return ignore();
 *   return { children: [...Array(size).keys()].map((i) => childSpec(`w${i}`, worker, { args: i })) };
 * });
 * await using system = new ActorSystem();
 * const app = await system.start(pool, { name: "pool", args: 2 });
 * console.assert(system.lookup("/pool/w1")?.status === "running");
 * const none = await system.start(pool, { name: "none", args: 0 });
 * console.assert(none.status === "stopped" && app.status === "running");
 * ```
 */
export function supervisor<Args>(
  init: (args: Args) => SupervisorOptions,
): SupervisorDefinition<Args>;
/**
 * Builds a supervisor definition. Spawn it like any actor.
 *
 * @param options Children, strategy, intensity, decider, backoff.
 * @returns The definition.
 * @throws {TypeError} When a child spec is malformed or ids repeat.
 * @throws {RangeError} When a number is out of range, or significant
 * children are combined with `autoShutdown: "never"`.
 * @example One-for-all over two workers
 * ```ts
 * import { ActorSystem, childSpec, defineActor, supervisor } from "@understudy/runtime";
 * const worker = defineActor({ init: () => 0, receive: (n: number, _: "work") => n + 1 });
 * await using system = new ActorSystem();
 * system.spawn(supervisor({
 *   strategy: "one-for-all",
 *   children: [childSpec("a", worker), childSpec("b", worker)],
 * }), { name: "app" });
 * ```
 */
export function supervisor(options: SupervisorOptions): SupervisorDefinition;
export function supervisor<Args>(
  options: SupervisorOptions | ((args: Args) => SupervisorOptions),
): SupervisorDefinition<Args> {
  if (typeof options === "function") {
    const init = options;
    return supervisorDefinition(
      "supervisor",
      (cell) => new SupervisorCore(cell, resolvePolicy("supervisor", {}), []),
      undefined,
      (args, core) => {
        const { policy, specs } = resolveOptions(init(args as Args));
        core.configure(policy, specs);
      },
    ) as SupervisorDefinition<Args>;
  }
  const { policy, specs } = resolveOptions(options);
  return supervisorDefinition(
    options.kind ?? "supervisor",
    (cell) => new SupervisorCore(cell, policy, specs),
  ) as SupervisorDefinition<Args>;
}

/**
 * Checks supervisor options (OTP's `supervisor_data` and `start_spec`
 * errors) and resolves them.
 *
 * @throws {TypeError} When a child spec is malformed or ids repeat.
 * @throws {RangeError} When a number is out of range.
 */
function resolveOptions(
  options: SupervisorOptions,
): { policy: SupervisorPolicy; specs: AnyChildSpec[] } {
  const children = options?.children;
  if (!Array.isArray(children)) {
    throw new TypeError(
      "Invalid supervisor options: children must be an array",
    );
  }
  const strategy = options.strategy;
  if (
    strategy !== undefined && strategy !== "one-for-one" &&
    strategy !== "one-for-all" && strategy !== "rest-for-one"
  ) {
    throw new RangeError(
      `Invalid supervisor options: unknown strategy "${strategy}"`,
    );
  }
  validateSupervision(options, "supervisor options");
  const autoShutdown = validateAutoShutdown(
    options.autoShutdown,
    "supervisor options",
  );
  const ids = new Set<string>();
  for (const spec of children) {
    validateChildSpec(spec, "supervisor options");
    checkSignificant(spec, autoShutdown, "supervisor options");
    if (ids.has(spec.id)) {
      throw new TypeError(
        `Invalid supervisor options: duplicate child id "${spec.id}"`,
      );
    }
    ids.add(spec.id);
  }
  const policy = resolvePolicy("supervisor", { ...options, autoShutdown });
  return { policy, specs: [...children] };
}

/**
 * The definition shared by every supervisor flavour: `init` starts the
 * children from the specs (the supervisor is running only once they all
 * are); the engine installs itself as the cell's hooks.
 */
export function supervisorDefinition(
  kind: string,
  makeCore: (cell: ActorCell) => SupervisorCore,
  receive: SupervisorDefinition["receive"] = () => {},
  configure?: (args: unknown, core: SupervisorCore) => void,
): SupervisorDefinition {
  return {
    kind,
    [HOOKS]: makeCore,
    async init(args, ctx) {
      const core = coreOf(ctx.self as AnyActorRef, "start supervisor", true);
      configure?.(args, core);
      await core.start();
      return null;
    },
    receive,
  } as SupervisorDefinition;
}

/**
 * Checks an `autoShutdown` option.
 *
 * @returns It, with its default.
 * @throws {RangeError} When it is not one of the three modes.
 */
export function validateAutoShutdown(
  value: unknown,
  where: string,
): AutoShutdown {
  if (value === undefined) return "never";
  if (
    value !== "never" && value !== "any-significant" &&
    value !== "all-significant"
  ) {
    throw new RangeError(
      `Invalid ${where}: autoShutdown must be "never", "any-significant" or "all-significant", got "${value}"`,
    );
  }
  return value;
}

/**
 * OTP's rule: significant children need an `autoShutdown` other than
 * `never`.
 *
 * @throws {RangeError} When `spec` is significant under `never`.
 */
export function checkSignificant(
  spec: AnyChildSpec,
  autoShutdown: AutoShutdown,
  where: string,
): void {
  if (spec.significant === true && autoShutdown === "never") {
    throw new RangeError(
      `Invalid child spec "${spec.id}" in ${where}: a significant child needs autoShutdown "any-significant" or "all-significant"`,
    );
  }
}
