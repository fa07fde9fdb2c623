/**
 * Inspection and operator actions over a running system: what the control
 * plane shows and does.
 *
 * Follows OTP's `sys:get_status` / `supervisor:which_children` and Akka's
 * management endpoints. Reading never disturbs an actor; a snapshot of state
 * is shown only when the definition offers `snapshot`.
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import type { ActorStatus } from "./actor_ref.ts";
import type { AnyActorRef, ShutdownTime } from "./actor_context.ts";
import { type ActorSystem, cellAt, guardianOf } from "./actor_system.ts";
import { walkLive } from "./census.ts";
import type { AnyChildSpec, RestartPolicy } from "./child_spec.ts";
import { errorMessage } from "./errors.ts";
import type { StopReason } from "./events.ts";
import { cellOf } from "./_context.ts";
import { failCell } from "./_cell_failure.ts";
import { restartCell } from "./_cell_restart.ts";
import { policyOf, type Strategy, SupervisorCore } from "./_supervisor_core.ts";

/** How a supervisor supervises, as inspection shows it. */
export interface SupervisorInfo {
  /** `supervisor`, `dynamic` or `partition`. */
  readonly type: "supervisor" | "dynamic" | "partition";
  /** Its strategy. */
  readonly strategy: Strategy;
  /** Its intensity limit. */
  readonly maxRestarts: number;
  /** Its intensity window. */
  readonly withinMs: number;
  /** Its child limit (`null` when unlimited). */
  readonly maxChildren: number | null;
  /** Whether restarts back off. */
  readonly backoff: boolean;
  /**
   * Child specs, running or not, as OTP's `count_children` counts them: one
   * for a dynamic supervisor with a `template` (OTP's `simple_one_for_one`),
   * however many children it started from it.
   */
  readonly specs: number;
  /** Whether it starts every child from one `template` spec. */
  readonly template: boolean;
  /** Children it has now, running or restarting (not those down for good). */
  readonly children: number;
  /** Children running now (OTP's `active`: not restarting, not down). */
  readonly active: number;
}

/** Everything inspection tells about one actor. */
export interface ActorInfo {
  /** Its path. */
  readonly path: string;
  /** Its name. */
  readonly name: string;
  /** Its definition's kind, or `null`. */
  readonly kind: string | null;
  /** Its status. */
  readonly status: ActorStatus;
  /** Its parent's path (`null` for a top-level actor). */
  readonly parent: string | null;
  /** Its children's paths in start order. */
  readonly children: readonly string[];
  /** Restarts so far. */
  readonly restarts: number;
  /** Times of its most recent restarts (system clock, the last 10). */
  readonly restartTimes: readonly number[];
  /** Failures so far. */
  readonly failures: number;
  /** The last failure's message, or `null`. */
  readonly lastError: string | null;
  /** Its mailbox. */
  readonly mailbox: {
    /** User messages queued now. */
    readonly depth: number;
    /** The most ever queued at once. */
    readonly highWater: number;
    /** The bound (`null` when unbounded). */
    readonly capacity: number | null;
  };
  /** Messages handled so far. */
  readonly processed: number;
  /** When the current incarnation started (system clock), or `null`. */
  readonly startedAt: number | null;
  /** Why it stopped, when stopped. */
  readonly stopReason: StopReason | null;
  /** Its child spec's policy when a supervisor started it. */
  readonly spec: {
    readonly id: string;
    readonly restart: RestartPolicy;
    readonly shutdown: ShutdownTime;
  } | null;
  /** How it supervises, when it is a supervisor. */
  readonly supervisor: SupervisorInfo | null;
  /** The definition's `snapshot(state)`, when it offers one. */
  readonly snapshot?: unknown;
}

/** A node of the supervision tree. */
export interface TreeNode {
  /** Its path. */
  readonly path: string;
  /** Its name. */
  readonly name: string;
  /** Its kind, or `null`. */
  readonly kind: string | null;
  /** Its status. */
  readonly status: ActorStatus;
  /** Restarts so far. */
  readonly restarts: number;
  /** User messages queued now. */
  readonly mailboxDepth: number;
  /** Its strategy, when it is a supervisor. */
  readonly strategy: Strategy | null;
  /** Its children (the first `maxChildren` of them, in start order). */
  readonly children: readonly TreeNode[];
  /**
   * How many children it has past those listed, when
   * {@linkcode SupervisionTreeOptions.maxChildren} cut the list; absent
   * otherwise.
   */
  readonly more?: number;
}

/** Options for {@linkcode supervisionTree}. */
export interface SupervisionTreeOptions {
  /**
   * The most children listed under one actor (the first ones in start
   * order); the rest are counted in its `more`. The top-level actors are all
   * listed. Defaults to no limit.
   */
  readonly maxChildren?: number;
}

/**
 * Describes the actor at `target` (a path or a ref).
 *
 * @param system The system.
 * @param target A path such as `"/trading/risk"` or a ref.
 * @returns Its description, or `undefined` when no such actor runs.
 * @example
 * ```ts
 * import { ActorSystem, defineActor, inspect } from "@understudy/runtime";
 * await using system = new ActorSystem();
 * system.spawn(defineActor({ init: () => 0, receive: (n: number, _: "inc") => n + 1 }), { name: "n" });
 * console.assert(inspect(system, "/n")?.status === "starting");
 * ```
 */
export function inspect(
  system: ActorSystem,
  target: string | AnyActorRef,
): ActorInfo | undefined {
  const cell = typeof target === "string"
    ? cellAt(system, target)
    : cellOf(target, "inspect actor");
  if (cell === undefined || cell.runtime.system !== system) return undefined;
  return describe(cell, true);
}

/**
 * One cell's description; its snapshot only when `withSnapshot`. A walk
 * passes the paths it knows (a path costs a walk up the tree otherwise).
 */
function describe(
  cell: ActorCell,
  withSnapshot: boolean,
  path = cell.path,
  parentPath = cell.parent === null || cell.parent.parent === null
    ? null
    : cell.parent.path,
): ActorInfo {
  const record = cell.recordIfAny;
  const spec = cell.spec as AnyChildSpec | undefined;
  const info: ActorInfo = {
    path,
    name: cell.name,
    kind: cell.definition.kind ?? null,
    status: cell.status,
    parent: parentPath,
    children: cell.children.map((child) => childPath(path, child)),
    restarts: cell.restarts,
    restartTimes: [...(record?.restartTimes ?? [])],
    failures: record?.failures ?? 0,
    lastError: record === null || record.failures === 0
      ? null
      : errorMessage(record.lastError),
    mailbox: mailboxOf(cell),
    processed: cell.processed,
    startedAt: cell.startedAt ?? null,
    stopReason: cell.stopReason ?? null,
    spec: spec === undefined
      ? null
      : { id: spec.id, restart: policyOf(spec), shutdown: cell.shutdown },
    supervisor: supervisorInfo(cell),
  };
  const snapshot = cell.definition.snapshot;
  if (!withSnapshot || snapshot === undefined || !cell.initialized) {
    return info;
  }
  try {
    return { ...info, snapshot: snapshot.call(cell.definition, cell.state) };
  } catch (error) {
    return { ...info, snapshot: { error: errorMessage(error) } };
  }
}

/**
 * The actors watching the actor at `target` (those told when it stops).
 *
 * @param system The system.
 * @param target A path or a ref.
 * @returns Their paths, or `undefined` when no such actor runs.
 * @example
 * ```ts
 * import { ActorSystem, defineActor, watchersOf } from "../../mod.ts";
 * await using system = new ActorSystem();
 * system.spawn(defineActor({ init: () => 0, receive: (n: number, _: "inc") => n + 1 }), { name: "n" });
 * console.assert(watchersOf(system, "/n")?.length === 0);
 * ```
 */
export function watchersOf(
  system: ActorSystem,
  target: string | AnyActorRef,
): string[] | undefined {
  const cell = typeof target === "string"
    ? cellAt(system, target)
    : cellOf(target, "inspect actor");
  if (cell === undefined || cell.runtime.system !== system) return undefined;
  return cell.watcherCells.map((watcher) => watcher.path);
}

/**
 * The live supervision tree under the root guardian.
 *
 * @param system The system.
 * @param options How many children to list per actor.
 * @returns The top-level actors with their descendants, in start order.
 * @throws {RangeError} When `maxChildren` is not a non-negative integer or
 * `Infinity`.
 */
export function supervisionTree(
  system: ActorSystem,
  options: SupervisionTreeOptions = {},
): TreeNode[] {
  const max = options.maxChildren ?? Infinity;
  if (max !== Infinity && !(Number.isInteger(max) && max >= 0)) {
    throw new RangeError(
      `Invalid supervision tree options: maxChildren must be a non-negative integer or Infinity, got "${max}"`,
    );
  }
  // Built with a stack of its own, not by recursion (a chain of actors
  // thousands deep would overflow the call stack), passing each path down.
  const top: TreeNode[] = [];
  const stack: [ActorCell, string, TreeNode[]][] = [];
  for (const cell of guardianOf(system).children.reverse()) {
    stack.push([cell, childPath("/", cell), top]);
  }
  let entry;
  while ((entry = stack.pop()) !== undefined) {
    const [cell, path, siblings] = entry;
    const children: TreeNode[] = [];
    const below = cell.children;
    const listed = Math.min(below.length, max);
    siblings.push(node(cell, path, children, below.length - listed));
    for (let i = listed - 1; i >= 0; i--) {
      stack.push([below[i], childPath(path, below[i]), children]);
    }
  }
  return top;
}

/** Options for {@linkcode listActors}. */
export interface ListActorsOptions {
  /**
   * Whether to call each definition's `snapshot` (user code, once per
   * actor). Defaults to `true`; a sampler walking every actor every second
   * passes `false`.
   */
  readonly snapshots?: boolean;
}

/** What a table of actors shows of one ({@linkcode summarizeActors}). */
export interface ActorSummary {
  readonly path: string;
  readonly kind: string | null;
  readonly status: ActorStatus;
  /** User messages queued. */
  readonly depth: number;
  /** The most user messages queued at once. */
  readonly highWater: number;
  readonly processed: number;
  readonly restarts: number;
  readonly failures: number;
  /** The last failure's message, or `null`. */
  readonly lastError: string | null;
}

/**
 * Every live actor's summary, depth first in start order (as
 * `listActors`), without the parts of a description a table does not show
 * (children, spec, supervisor figures, restart times, snapshot).
 *
 * @param system The system.
 * @returns The summaries.
 */
export function summarizeActors(system: ActorSystem): ActorSummary[] {
  const out: ActorSummary[] = [];
  walkLive(system, (cell, path) => {
    const record = cell.recordIfAny;
    const box = cell.box;
    out.push({
      path,
      kind: cell.definition.kind ?? null,
      status: cell.status,
      depth: box === null ? 0 : box.length,
      highWater: box === null ? cell.highWaterWithoutMailbox : box.highWater,
      processed: cell.processed,
      restarts: cell.restarts,
      failures: record?.failures ?? 0,
      lastError: record === null || record.failures === 0
        ? null
        : errorMessage(record.lastError),
    });
  });
  return out;
}

/**
 * The top-level actors (`path` null) or the children of the actor at
 * `path`, in start order, at most `max` of them described (without
 * snapshots), and how many more there are: a tree view of a system of
 * 100,000 actors describes only what it shows.
 *
 * @param system The system.
 * @param path The parent's path, or `null` for the top level.
 * @param max How many to describe.
 * @returns Them, or `undefined` when no actor is at `path`.
 */
export function listChildren(
  system: ActorSystem,
  path: string | null,
  max: number,
): { listed: ActorInfo[]; more: number } | undefined {
  const parent = path === null ? guardianOf(system) : cellAt(system, path);
  if (parent === undefined) return undefined;
  const below = parent.children;
  const base = path ?? "/";
  const listed = below.slice(0, max).map((cell) =>
    describe(cell, false, childPath(base, cell), path)
  );
  return { listed, more: below.length - listed.length };
}

/**
 * How many distinct times the children of the actor at `path` restarted
 * after `since`: a group restart stamps every child with the same time and
 * counts once in a supervisor's window. Reads each child's last ten restart
 * times without describing it.
 *
 * @param system The system.
 * @param path The supervisor's path.
 * @param since Restart times at or before this are not counted.
 * @returns The count, or `undefined` when no actor is at `path`.
 */
export function childRestartsSince(
  system: ActorSystem,
  path: string,
  since: number,
): number | undefined {
  const parent = cellAt(system, path);
  if (parent === undefined) return undefined;
  const times = new Set<number>();
  for (const child of parent.children) {
    for (const time of child.recordIfAny?.restartTimes ?? []) {
      if (time > since) times.add(time);
    }
  }
  return times.size;
}

/**
 * Every live actor, depth first in start order.
 *
 * @param system The system.
 * @param options Whether to include state snapshots.
 * @returns Their descriptions.
 */
export function listActors(
  system: ActorSystem,
  options: ListActorsOptions = {},
): ActorInfo[] {
  const withSnapshot = options.snapshots ?? true;
  const out: ActorInfo[] = [];
  walkLive(system, (cell, path) => {
    const slash = path.lastIndexOf("/");
    const parentPath = slash === 0 ? null : path.slice(0, slash);
    out.push(describe(cell, withSnapshot, path, parentPath));
  });
  return out;
}

/**
 * Restarts an actor by hand: fresh state from its arguments, same ref, mail
 * kept. Counts as a restart.
 *
 * @param ref The actor.
 * @returns Resolves when the new incarnation has started.
 * @throws {TypeError} When `ref` is not a ref of this runtime.
 */
export function restartActor(ref: AnyActorRef): Promise<void> {
  const cell = cellOf(ref, "restart actor");
  if (cell.status === "stopped") return Promise.resolve();
  return restartCell(cell, 0);
}

/**
 * Fails an actor as if its handler had thrown `error`: its supervisor
 * decides. For fault-injection drills.
 *
 * @param ref The actor.
 * @param error The failure. Defaults to an `Error("Injected fault")`.
 * @throws {TypeError} When `ref` is not a ref of this runtime.
 */
export function injectFault(
  ref: AnyActorRef,
  error: unknown = new Error("Injected fault"),
): void {
  failCell(cellOf(ref, "inject fault"), error);
}

function supervisorInfo(cell: ActorCell): SupervisorInfo | null {
  const hooks = cell.hooks;
  if (!(hooks instanceof SupervisorCore)) return null;
  const policy = hooks.policy;
  // A template supervisor keeps one spec per child it started, but OTP
  // counts its template as its one spec; its children are counted apart.
  let children = 0;
  let active = 0;
  for (const id of hooks.specs.keys()) {
    const state = hooks.stateOf(id);
    if (state === "undefined") continue;
    children++;
    if (state === "running") active++;
  }
  return {
    type: policy.kind,
    strategy: policy.strategy,
    maxRestarts: policy.maxRestarts,
    withinMs: policy.withinMs,
    maxChildren: policy.maxChildren === Infinity ? null : policy.maxChildren,
    backoff: policy.backoff !== undefined,
    specs: policy.template === undefined ? hooks.specs.size : 1,
    template: policy.template !== undefined,
    children,
    active,
  };
}

/** The path of `child` under the parent at `path`. */
function childPath(path: string, child: ActorCell): string {
  return path === "/" ? `/${child.name}` : `${path}/${child.name}`;
}

/** One tree node; `children` is filled by the caller. */
function node(
  cell: ActorCell,
  path: string,
  children: TreeNode[],
  more: number,
): TreeNode {
  const hooks = cell.hooks;
  const described = {
    path,
    name: cell.name,
    kind: cell.definition.kind ?? null,
    status: cell.status,
    restarts: cell.restarts,
    mailboxDepth: cell.box?.length ?? 0,
    strategy: hooks instanceof SupervisorCore ? hooks.policy.strategy : null,
    children,
  };
  return more > 0 ? { ...described, more } : described;
}

/**
 * A cell's mailbox figures, read without giving an idle actor a mailbox:
 * one that handed its drained mailbox back to the pool (see `MailboxPool`)
 * has none, and had held one message at most.
 */
function mailboxOf(cell: ActorCell): ActorInfo["mailbox"] {
  const box = cell.box;
  if (box === null) {
    return {
      depth: 0,
      highWater: cell.highWaterWithoutMailbox,
      capacity: null,
    };
  }
  return {
    depth: box.length,
    highWater: box.highWater,
    capacity: box.capacity === Infinity ? null : box.capacity,
  };
}
