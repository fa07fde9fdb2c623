/**
 * Supervisors: actors whose children are described by child specs.
 *
 * Follows Erlang/OTP's `supervisor` key by key (strategies, intensity as
 * `maxRestarts` in `withinMs`, `start_child`, `terminate_child`,
 * `restart_child`, `delete_child`, `which_children`, `count_children`), plus
 * the Trupe seed's decider (`restart`, `resume`, `stop`, `escalate`) and
 * Akka's restart backoff. A restarted child keeps its ref and its mail.
 *
 * @module
 */

import { type ActorCell, type HookedDefinition, HOOKS } from "./actor_cell.ts";
import type { ActorDefinition } from "./actor_definition.ts";
import type { ActorRef, ActorStatus } from "./actor_ref.ts";
import type { AnyActorRef, ShutdownTime } from "./actor_context.ts";
import {
  type AnyChildSpec,
  type ChildSpec,
  type RestartPolicy,
  validateChildSpec,
} from "./child_spec.ts";
import { SpawnError } from "./errors.ts";
import {
  type BackoffOptions,
  type Decider,
  validateSupervision,
} from "./supervision.ts";
import { cellOf } from "./_context.ts";
import { childNamed } from "./_cell_children.ts";
import { whenStarted } from "./_cell_state.ts";
import { stopChild } from "./_cell_stop.ts";
import {
  policyOf,
  resolvePolicy,
  type Strategy,
  SupervisorCore,
} from "./_supervisor_core.ts";

export type { Strategy } from "./_supervisor_core.ts";

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
  /** The kind shown by inspection. Defaults to `"supervisor"`. */
  readonly kind?: string;
}

/** One child as {@linkcode whichChildren} reports it. */
export interface ChildSummary {
  /** The spec's id. */
  readonly id: string;
  /** The running child, or `undefined` when it has stopped. */
  readonly ref: AnyActorRef | undefined;
  /** Its status (`stopped` when not running). */
  readonly status: ActorStatus;
  /** Its restart policy. */
  readonly restart: RestartPolicy;
  /** Its shutdown time. */
  readonly shutdown: ShutdownTime;
  /** Whether it is a supervisor itself. */
  readonly supervisor: boolean;
  /** Restarts of the running child. */
  readonly restarts: number;
  /** Times of its most recent restarts (system clock, the last 10). */
  readonly restartTimes: readonly number[];
}

/** OTP's `count_children`. */
export interface ChildCounts {
  /** Child specs, running or not. */
  readonly specs: number;
  /** Children running now. */
  readonly active: number;
  /** Specs whose child is a supervisor. */
  readonly supervisors: number;
  /** Specs whose child is a worker. */
  readonly workers: number;
}

/** The definition of a supervisor actor; it accepts no messages. */
export type SupervisorDefinition = ActorDefinition<never, null, void>;

/**
 * Builds a supervisor definition. Spawn it like any actor.
 *
 * @param options Children, strategy, intensity, decider, backoff.
 * @returns The definition.
 * @throws {TypeError} When a child spec is malformed or ids repeat.
 * @throws {RangeError} When a number is out of range.
 * @example One-for-all over two workers
 * ```ts
 * import { ActorSystem, childSpec, defineActor, supervisor } from "../../mod.ts";
 * const worker = defineActor({ init: () => 0, receive: (n: number, _: "work") => n + 1 });
 * await using system = new ActorSystem();
 * system.spawn(supervisor({
 *   strategy: "one-for-all",
 *   children: [childSpec("a", worker), childSpec("b", worker)],
 * }), { name: "app" });
 * ```
 */
export function supervisor(options: SupervisorOptions): SupervisorDefinition {
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
  const ids = new Set<string>();
  for (const spec of children) {
    validateChildSpec(spec, "supervisor options");
    if (ids.has(spec.id)) {
      throw new TypeError(
        `Invalid supervisor options: duplicate child id "${spec.id}"`,
      );
    }
    ids.add(spec.id);
  }
  const policy = resolvePolicy("supervisor", options);
  const specs = [...children];
  return supervisorDefinition(
    options.kind ?? "supervisor",
    (cell) => new SupervisorCore(cell, policy, specs),
  );
}

/**
 * The definition shared by every supervisor flavour: `init` starts the
 * children from the specs; the engine installs itself as the cell's hooks.
 */
export function supervisorDefinition(
  kind: string,
  makeCore: (cell: ActorCell) => SupervisorCore,
  receive: SupervisorDefinition["receive"] = () => {},
): SupervisorDefinition {
  return {
    kind,
    [HOOKS]: makeCore,
    async init(_args, ctx) {
      await coreOf(ctx.self as AnyActorRef, "start supervisor").start();
      return null;
    },
    receive,
  } as SupervisorDefinition;
}

/**
 * The engine of a supervisor ref.
 *
 * @throws {TypeError} When `ref` is not a supervisor.
 */
export function coreOf(ref: AnyActorRef, what: string): SupervisorCore {
  const hooks = cellOf(ref, what).hooks;
  if (!(hooks instanceof SupervisorCore)) {
    throw new TypeError(`Cannot ${what}: "${ref.path}" is not a supervisor`);
  }
  return hooks;
}

/**
 * Adds a child spec to a running supervisor and starts it (OTP's
 * `start_child`). Resolves once the child's `init` has run.
 *
 * @typeParam Msg The child's messages.
 * @typeParam State The child's state.
 * @typeParam Args The child's `init` arguments.
 * @param supervisorRef The supervisor.
 * @param spec The child spec; a dynamic supervisor accepts it without `id`.
 * @returns The child's ref.
 * @throws {SpawnError} When the id is taken, the supervisor is not running,
 * or a dynamic supervisor has `maxChildren` children already.
 */
export async function startChild<Msg, State, Args>(
  supervisorRef: AnyActorRef,
  spec: ChildSpec<Msg, State, Args> | Omit<ChildSpec<Msg, State, Args>, "id">,
): Promise<ActorRef<Msg>> {
  const core = coreOf(supervisorRef, "start child");
  const full = {
    ...spec,
    id: (spec as { id?: string }).id ??
      (core.policy.kind === "dynamic" ? core.generateId() : undefined),
  } as AnyChildSpec;
  const where = `supervisor "${supervisorRef.path}"`;
  validateChildSpec(full, where);
  await whenStarted(core.cell);
  const status = core.cell.status;
  if (status !== "running") {
    throw new SpawnError(
      supervisorRef.path,
      `Cannot start child "${full.id}" under "${supervisorRef.path}": supervisor is ${status}`,
    );
  }
  if (core.specs.has(full.id)) {
    throw new SpawnError(
      supervisorRef.path,
      `Cannot start child "${full.id}" under "${supervisorRef.path}": id is taken`,
    );
  }
  if (core.specs.size >= core.policy.maxChildren) {
    throw new SpawnError(
      supervisorRef.path,
      `Cannot start child "${full.id}" under "${supervisorRef.path}": maxChildren (${core.policy.maxChildren}) reached`,
    );
  }
  const child = core.spawn(full);
  core.specs.set(full.id, full);
  await whenStarted(child);
  return child.ref as ActorRef<Msg>;
}

/**
 * Stops a child (reason `shutdown`, within its shutdown time) without
 * restarting it (OTP's `terminate_child`). A supervisor keeps the spec so
 * {@linkcode restartChild} can start it again; a dynamic supervisor forgets it.
 *
 * @param supervisorRef The supervisor.
 * @param id The child's id.
 * @returns Resolves when the child has stopped.
 * @throws {RangeError} When no child has that id.
 */
export async function terminateChild(
  supervisorRef: AnyActorRef,
  id: string,
): Promise<void> {
  const core = coreOf(supervisorRef, "terminate child");
  const spec = specOf(core, id, supervisorRef);
  const child = childNamed(core.cell, id);
  if (child !== undefined) await stopChild(child, "shutdown");
  if (core.policy.kind === "dynamic") core.specs.delete(spec.id);
}

/**
 * Starts a stopped child again from its kept spec (OTP's `restart_child`).
 *
 * @param supervisorRef The supervisor.
 * @param id The child's id.
 * @returns The new child's ref.
 * @throws {RangeError} When no spec has that id.
 * @throws {SpawnError} When the child is running.
 */
export async function restartChild(
  supervisorRef: AnyActorRef,
  id: string,
): Promise<AnyActorRef> {
  const core = coreOf(supervisorRef, "restart child");
  const spec = specOf(core, id, supervisorRef);
  if (childNamed(core.cell, id) !== undefined) {
    throw new SpawnError(
      supervisorRef.path,
      `Cannot restart child "${id}" of "${supervisorRef.path}": child is running`,
    );
  }
  const child = core.spawn(spec);
  await whenStarted(child);
  return child.ref as AnyActorRef;
}

/**
 * Removes the spec of a stopped child (OTP's `delete_child`).
 *
 * @param supervisorRef The supervisor.
 * @param id The child's id.
 * @throws {RangeError} When no spec has that id.
 * @throws {SpawnError} When the child is running.
 */
export function deleteChild(supervisorRef: AnyActorRef, id: string): void {
  const core = coreOf(supervisorRef, "delete child");
  specOf(core, id, supervisorRef);
  if (childNamed(core.cell, id) !== undefined) {
    throw new SpawnError(
      supervisorRef.path,
      `Cannot delete child "${id}" of "${supervisorRef.path}": child is running`,
    );
  }
  core.specs.delete(id);
}

/**
 * The children of a supervisor in start order (OTP's `which_children`).
 *
 * @param supervisorRef The supervisor.
 * @returns One summary per spec.
 */
export function whichChildren(supervisorRef: AnyActorRef): ChildSummary[] {
  const core = coreOf(supervisorRef, "list children");
  return [...core.specs.values()].map((spec) => {
    const child = childNamed(core.cell, spec.id);
    return {
      id: spec.id,
      ref: child?.ref as AnyActorRef | undefined,
      status: child?.status ?? "stopped",
      restart: policyOf(spec),
      shutdown: child?.shutdown ?? spec.shutdown ?? 5000,
      supervisor: (spec.start as HookedDefinition)[HOOKS] !== undefined,
      restarts: child?.restarts ?? 0,
      restartTimes: [...(child?.recordIfAny?.restartTimes ?? [])],
    };
  });
}

/**
 * Counts a supervisor's children (OTP's `count_children`).
 *
 * @param supervisorRef The supervisor.
 * @returns The counts.
 */
export function countChildren(supervisorRef: AnyActorRef): ChildCounts {
  const children = whichChildren(supervisorRef);
  const supervisors = children.filter((c) => c.supervisor).length;
  return {
    specs: children.length,
    active: children.filter((c) => c.status !== "stopped").length,
    supervisors,
    workers: children.length - supervisors,
  };
}

function specOf(
  core: SupervisorCore,
  id: string,
  supervisorRef: AnyActorRef,
): AnyChildSpec {
  const spec = core.specs.get(id);
  if (spec === undefined) {
    throw new RangeError(
      `Cannot find child "${id}" of supervisor "${supervisorRef.path}"`,
    );
  }
  return spec;
}
