/**
 * The child functions of a supervisor: OTP's `start_child`,
 * `terminate_child`, `restart_child`, `delete_child`, `which_children` and
 * `count_children`, with their errors as distinct classes (`already_started`,
 * `already_present`, `running`, `restarting`, `not_found`, `noproc`).
 *
 * Differs from OTP in that a child restarted by its supervisor keeps its ref
 * (a child started again through {@linkcode restartChild} after
 * {@linkcode terminateChild} gets a new one), in that a dynamic child has
 * an id too, and in that only the calls about one child wait for each other
 * (see `oneAtATime`), where OTP's supervisor answers all its calls
 * one at a time.
 *
 * @module
 */

import type { ActorRef } from "./actor_ref.ts";
import type { AnyActorRef, ShutdownTime } from "./actor_context.ts";
import { ActorCell } from "./actor_cell.ts";
import {
  type AnyChildSpec,
  type ChildSpec,
  isSupervisorSpec,
  type RestartPolicy,
  shutdownOf,
  validateChildSpec,
} from "./child_spec.ts";
import {
  AlreadyPresentError,
  AlreadyStartedError,
  ChildNotFoundError,
  ChildRestartingError,
  ChildRunningError,
  NoProcError,
  SpawnError,
} from "./errors.ts";
import { cellOf } from "./_context.ts";
import {
  type ChildState,
  policyOf,
  SupervisorCore,
} from "./_supervisor_core.ts";
import { childNamed } from "./_cell_children.ts";
import { whenStarted } from "./_cell_state.ts";
import { requestStop, stopChild } from "./_cell_stop.ts";

export type { ChildState } from "./_supervisor_core.ts";

/** One child as {@linkcode whichChildren} reports it. */
export interface ChildSummary {
  /** The spec's id (a generated one for a dynamic child). */
  readonly id: string;
  /**
   * The child's ref: the running or restarting child, or one down in a
   * group restart (it keeps its mail); `undefined` when no child exists.
   */
  readonly ref: AnyActorRef | undefined;
  /** `running`, `restarting` or `undefined` (OTP's pid column). */
  readonly status: ChildState;
  /** Its restart policy. */
  readonly restart: RestartPolicy;
  /** Its shutdown time. */
  readonly shutdown: ShutdownTime;
  /** Whether it is a supervisor itself (OTP's `type`). */
  readonly supervisor: boolean;
  /** Whether it is significant. */
  readonly significant: boolean;
  /** Restarts of the child since it was started. */
  readonly restarts: number;
  /** Times of its most recent restarts (system clock, the last 10). */
  readonly restartTimes: readonly number[];
}

/** OTP's `count_children`. */
export interface ChildCounts {
  /** Child specs, running or not (1 for a template supervisor). */
  readonly specs: number;
  /** Children running now (not restarting, not down). */
  readonly active: number;
  /** Children (or specs) that are supervisors. */
  readonly supervisors: number;
  /** Children (or specs) that are workers. */
  readonly workers: number;
}

/**
 * The engine of a supervisor ref.
 *
 * @param ref The supervisor.
 * @param what The operation, for error messages.
 * @param anyStatus Skip the check that the supervisor has not stopped.
 * @returns Its engine.
 * @throws {TypeError} When `ref` is not a supervisor.
 * @throws {NoProcError} When the supervisor has stopped (or is stopping).
 */
export function coreOf(
  ref: AnyActorRef,
  what: string,
  anyStatus = false,
): SupervisorCore {
  const cell = cellOf(ref, what);
  const hooks = cell.hooks;
  if (!(hooks instanceof SupervisorCore)) {
    throw new TypeError(`Cannot ${what}: "${ref.path}" is not a supervisor`);
  }
  if (
    !anyStatus && (cell.status === "stopped" || cell.status === "stopping")
  ) {
    throw new NoProcError(cell.path, what);
  }
  return hooks;
}

/**
 * Adds a child spec to a running supervisor and starts its child (OTP's
 * `start_child`). Resolves once the child's `init` has run; if `init`
 * throws, nothing is stored and the supervisor is untouched. Calls about one
 * child id take effect in the order they were made (a second start of an id
 * waits for the first, then answers `AlreadyStartedError`).
 *
 * @typeParam Msg The child's messages.
 * @typeParam State The child's state.
 * @typeParam Args The child's `init` arguments.
 * @param supervisorRef The supervisor.
 * @param spec The child spec; a dynamic supervisor accepts it without `id`.
 * @returns The child's ref, or `undefined` when its `init` called
 * `ignore()` (a non-temporary spec is then kept, with no child).
 * @throws {ChildStartError} When the child's `init` threw (`cause`).
 * @throws {AlreadyStartedError} When a child with that id runs (`ref`).
 * @throws {AlreadyPresentError} When a spec with that id is kept.
 * @throws {NoProcError} When the supervisor is not running.
 * @throws {SpawnError} When a dynamic supervisor has `maxChildren`
 * children, or the `register` name is taken.
 * @example
 * ```ts
 * import { ActorSystem, defineActor, dynamicSupervisor, startChild } from "@understudy/runtime";
 * const echo = defineActor({ init: () => null, receive: (_: null, _msg: string) => {} });
 * await using system = new ActorSystem();
 * const pool = await system.start(dynamicSupervisor(), { name: "pool" });
 * const child = await startChild(pool, { id: "echo", start: echo });
 * console.assert(child?.path === "/pool/echo");
 * ```
 */
export function startChild<Msg, State, Args>(
  supervisorRef: AnyActorRef,
  spec: ChildSpec<Msg, State, Args> | Omit<ChildSpec<Msg, State, Args>, "id">,
): Promise<ActorRef<Msg> | undefined>;
/**
 * Starts a child of a template supervisor (OTP's `simple_one_for_one`
 * `start_child(Sup, ExtraArgs)`): the template's spec, with `extraArgs` as
 * the arguments of `init` when given.
 *
 * @param supervisorRef A dynamic supervisor with a `template`.
 * @param extraArgs The child's `init` arguments. Defaults to the
 * template's `args`.
 * @returns The child's ref, or `undefined` when its `init` called
 * `ignore()`.
 * @throws {ChildStartError} When the child's `init` threw (`cause`).
 * @throws {NoProcError} When the supervisor is not running.
 * @throws {SpawnError} When it has `maxChildren` children already.
 */
export function startChild(
  supervisorRef: AnyActorRef,
  extraArgs?: unknown,
): Promise<AnyActorRef | undefined>;
export function startChild(
  supervisorRef: AnyActorRef,
  specOrArgs?: unknown,
): Promise<AnyActorRef | undefined> {
  return callAbout(supervisorRef, "start child", (core) => {
    const full = specFor(core, specOrArgs);
    return [full.id, () => startSpec(core, full)];
  });
}

/** {@linkcode startChild} once the calls about that child before it ended. */
async function startSpec(
  core: SupervisorCore,
  full: AnyChildSpec,
): Promise<AnyActorRef | undefined> {
  try {
    const what = "start child";
    const cell = core.cell;
    const path = cell.path;
    await whenStarted(cell);
    if (cell.status !== "running") throw new NoProcError(path, what);
    const id = full.id;
    const present = core.specs.get(id);
    const existing = childNamed(cell, id);
    if (present !== undefined || existing !== undefined) {
      if (existing !== undefined && core.stateOf(id) === "running") {
        throw new AlreadyStartedError(path, id, existing.ref);
      }
      if (present === undefined) {
        throw new AlreadyStartedError(path, id, existing);
      }
      throw new AlreadyPresentError(path, id);
    }
    const max = core.policy.maxChildren;
    if (cell.childCount >= max) {
      throw new SpawnError(
        path,
        `Cannot start child "${id}" under "${path}": maxChildren (${max}) reached`,
      );
    }
    // OTP's save_child: a temporary child is never restarted, so the
    // supervisor does not keep its start arguments (the child has them).
    const stored = policyOf(full) === "temporary"
      ? { ...full, args: undefined }
      : full;
    core.specs.set(id, stored);
    let child;
    try {
      child = await core.startNew(stored, full.args);
    } catch (error) {
      if (core.specs.get(id) === stored) core.specs.delete(id);
      throw error;
    }
    if (
      child === undefined &&
      (policyOf(full) === "temporary" || core.policy.kind === "dynamic") &&
      core.specs.get(id) === stored
    ) {
      core.specs.delete(id);
    }
    return child?.ref as AnyActorRef | undefined;
  } finally {
    leave(core, full.id);
  }
}

/** The full spec `startChild` starts. */
function specFor(core: SupervisorCore, specOrArgs: unknown): AnyChildSpec {
  const template = core.policy.template;
  const where = `supervisor "${core.cell.path}"`;
  if (template !== undefined) {
    return {
      ...template,
      id: core.generateId(),
      args: specOrArgs === undefined ? template.args : specOrArgs,
    };
  }
  const spec = specOrArgs as Partial<AnyChildSpec> | undefined;
  const full = {
    ...spec,
    id: spec?.id ??
      (core.policy.kind === "dynamic" ? core.generateId() : undefined),
  } as AnyChildSpec;
  validateChildSpec(full, where);
  if (full.significant === true && core.policy.autoShutdown === "never") {
    throw new RangeError(
      `Invalid child spec "${full.id}" in ${where}: a significant child needs autoShutdown "any-significant" or "all-significant"`,
    );
  }
  return full;
}

/**
 * Stops a child (reason `shutdown`, within its shutdown time) without
 * restarting it (OTP's `terminate_child`). A supervisor keeps the spec (its
 * status becomes `undefined`) so {@linkcode restartChild} can start it
 * again, unless the child is temporary; a dynamic supervisor forgets it.
 * Terminating a child that is already down answers as OTP does: done. A
 * dynamic supervisor also takes the child's ref, and a ref of a child that
 * has already stopped. Made while a `startChild` or `restartChild` of that
 * child runs its `init`, it waits for the start, then stops the child.
 *
 * @param supervisorRef The supervisor.
 * @param child The child's id, or (dynamic supervisors) its ref.
 * @returns Resolves when the child has stopped.
 * @throws {ChildNotFoundError} When no child has that id or ref.
 * @throws {NoProcError} When the supervisor has stopped.
 */
export function terminateChild(
  supervisorRef: AnyActorRef,
  child: string | AnyActorRef,
): Promise<void> {
  return callAbout(supervisorRef, "terminate child", (core) => {
    const target = childByRef(core, child);
    const id = target === undefined ? child as string : target.name;
    return [id, () => terminate(core, id, target)];
  });
}

/** {@linkcode terminateChild} once the calls about that child before it ended. */
async function terminate(
  core: SupervisorCore,
  id: string,
  target: ActorCell | undefined,
): Promise<void> {
  try {
    const cell = core.cell;
    if (target?.status === "stopped") return;
    const spec = core.specs.get(id);
    if (spec === undefined) throw new ChildNotFoundError(cell.path, id);
    const running = childNamed(cell, id);
    if (running !== undefined) {
      core.held.delete(running);
      await stopChild(running, "shutdown");
    }
    if (
      core.specs.get(id) === spec &&
      (core.policy.kind === "dynamic" || policyOf(spec) === "temporary")
    ) {
      core.specs.delete(id);
    }
  } finally {
    leave(core, id);
  }
}

/**
 * The child a dynamic supervisor's child ref names (`undefined` for an id).
 *
 * @throws {ChildNotFoundError} When `child` is a ref but not of one of this
 * supervisor's children, or the supervisor is not dynamic.
 */
export function childByRef(
  core: SupervisorCore,
  child: string | AnyActorRef,
): ActorCell | undefined {
  if (typeof child === "string") return undefined;
  const cell = core.cell;
  const target = ActorCell.of(child);
  if (
    core.policy.kind !== "dynamic" || target === undefined ||
    target.parent !== cell
  ) {
    throw new ChildNotFoundError(cell.path, String(child?.path ?? child));
  }
  return target;
}

/**
 * Starts a child that is down again from its kept spec (OTP's
 * `restart_child`). A failed start leaves it down.
 *
 * @param supervisorRef The supervisor.
 * @param id The child's id.
 * @returns The child's ref, or `undefined` when its `init` called
 * `ignore()`.
 * @throws {ChildNotFoundError} When no spec has that id.
 * @throws {ChildRunningError} When the child is running.
 * @throws {ChildRestartingError} When its restart is pending.
 * @throws {ChildStartError} When its `init` threw (`cause`).
 * @throws {NoProcError} When the supervisor has stopped.
 */
export function restartChild(
  supervisorRef: AnyActorRef,
  id: string,
): Promise<AnyActorRef | undefined> {
  return callAbout(
    supervisorRef,
    "restart child",
    (core) => [id, () => restartSpec(core, id)],
  );
}

/** {@linkcode restartChild} once the calls about that child before it ended. */
async function restartSpec(
  core: SupervisorCore,
  id: string,
): Promise<AnyActorRef | undefined> {
  try {
    coreOf(core.cell, "restart child");
    const spec = specOf(core, id, "restart");
    const held = childNamed(core.cell, id);
    const child = held === undefined
      ? await core.startNew(spec)
      : await core.startHeld(held, spec);
    return child?.ref as AnyActorRef | undefined;
  } finally {
    leave(core, id);
  }
}

/**
 * A child call: finds the supervisor's core, lets `plan` name the child and
 * the work (both may throw: the call rejects), then runs the work
 * {@linkcode oneAtATime} with the other calls about that child.
 */
function callAbout<T>(
  supervisorRef: AnyActorRef,
  what: string,
  plan: (core: SupervisorCore) => [id: string, call: () => Promise<T>],
): Promise<T> {
  let core: SupervisorCore;
  let id: string;
  let call: () => Promise<T>;
  try {
    core = coreOf(supervisorRef, what);
    [id, call] = plan(core);
  } catch (error) {
    return Promise.reject(error);
  }
  return oneAtATime(core, id, call);
}

/**
 * Runs `call` (which must {@linkcode leave} when it ends) now if no call
 * about child `id` is in progress, else once those made before it have
 * ended, so that the calls about one child take effect in the order they
 * were made, as OTP's supervisor answers them: a `terminateChild` made while
 * `startChild` runs that child's `init` stops the started child (rather than
 * failing the start), and a second `startChild` of an id answers
 * `AlreadyStartedError` once the first has started it. Calls about different
 * children do not wait for each other (OTP's would), so a slow `init` holds
 * up only the calls about its own child. A call nobody waits for costs a map
 * entry, not a promise.
 */
function oneAtATime<T>(
  core: SupervisorCore,
  id: string,
  call: () => Promise<T>,
): Promise<T> {
  const waiting = core.calls.get(id);
  if (waiting === undefined) {
    core.calls.set(id, null);
    return call();
  }
  return new Promise<T>((resolve, reject) => {
    const start = () => void call().then(resolve, reject);
    if (waiting === null) core.calls.set(id, { starts: [start], next: 0 });
    else waiting.starts.push(start);
  });
}

/** Ends a call about `id`: the next one queued for it starts. */
function leave(core: SupervisorCore, id: string): void {
  const waiting = core.calls.get(id);
  if (waiting == null || waiting.next === waiting.starts.length) {
    core.calls.delete(id);
    return;
  }
  const start = waiting.starts[waiting.next];
  waiting.starts[waiting.next++] = noop;
  start();
}

/** What a started call leaves in the queue. */
function noop(): void {}

/**
 * Removes the spec of a child that is down (OTP's `delete_child`).
 *
 * @param supervisorRef The supervisor.
 * @param id The child's id.
 * @throws {ChildNotFoundError} When no spec has that id.
 * @throws {ChildRunningError} When the child is running.
 * @throws {ChildRestartingError} When its restart is pending.
 * @throws {NoProcError} When the supervisor has stopped.
 */
export function deleteChild(supervisorRef: AnyActorRef, id: string): void {
  const core = coreOf(supervisorRef, "delete child");
  specOf(core, id, "delete");
  // A child down in a group restart keeps a cell (and its mail): it goes.
  const held = childNamed(core.cell, id);
  if (held !== undefined) void requestStop(held, "shutdown");
  core.specs.delete(id);
}

/**
 * The children of a supervisor, newest first, as OTP's `which_children`
 * lists them (the reverse of start order).
 *
 * @param supervisorRef The supervisor.
 * @returns One summary per child spec (per child for a template
 * supervisor).
 * @throws {NoProcError} When the supervisor has stopped.
 */
export function whichChildren(supervisorRef: AnyActorRef): ChildSummary[] {
  const core = coreOf(supervisorRef, "list children");
  return [...core.specs.values()].reverse().map((spec) => {
    const child = childNamed(core.cell, spec.id);
    const status = core.stateOf(spec.id);
    return {
      id: spec.id,
      ref: child?.ref as AnyActorRef | undefined,
      status,
      restart: policyOf(spec),
      shutdown: child?.shutdown ?? shutdownOf(spec),
      supervisor: isSupervisorSpec(spec),
      significant: spec.significant === true,
      restarts: child?.restarts ?? 0,
      restartTimes: [...(child?.recordIfAny?.restartTimes ?? [])],
    };
  });
}

/**
 * Counts a supervisor's children (OTP's `count_children`). A template
 * supervisor counts one spec, and its children as workers or supervisors.
 *
 * @param supervisorRef The supervisor.
 * @returns The counts.
 * @throws {NoProcError} When the supervisor has stopped.
 */
export function countChildren(supervisorRef: AnyActorRef): ChildCounts {
  const core = coreOf(supervisorRef, "count children");
  let active = 0;
  let supervisors = 0;
  let total = 0;
  for (const spec of core.specs.values()) {
    const state = core.stateOf(spec.id);
    if (state === "running") active++;
    // A template supervisor counts children, the others specs.
    if (core.policy.template !== undefined && state === "undefined") continue;
    total++;
    if (isSupervisorSpec(spec)) supervisors++;
  }
  const template = core.policy.template !== undefined;
  return {
    specs: template ? 1 : core.specs.size,
    active,
    supervisors,
    workers: total - supervisors,
  };
}

/**
 * The spec `id`, for `restartChild` and `deleteChild`, which take a child
 * that is down only.
 */
function specOf(core: SupervisorCore, id: string, what: string): AnyChildSpec {
  const path = core.cell.path;
  const spec = core.specs.get(id);
  if (spec === undefined) throw new ChildNotFoundError(path, id);
  const state = core.stateOf(id);
  if (state === "running") throw new ChildRunningError(path, id, what);
  if (state === "restarting") throw new ChildRestartingError(path, id, what);
  return spec;
}
