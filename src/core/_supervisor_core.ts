/**
 * The policy engine behind every supervisor: child specs, the children's
 * states, starts, shutdown and escalation. It plugs into the actor cell as
 * its {@linkcode SupervisorHooks}; the cell keeps the one lifecycle. The
 * restart decision itself is in `_supervisor_restart.ts`.
 *
 * Follows `supervisor.erl`: children start in spec order and a failed start
 * is the caller's error (nothing stored); `ignore` leaves a non-temporary
 * spec with no child; one intensity window per supervisor; past it the
 * supervisor stops its children in reverse order and fails itself; a
 * dynamic supervisor stops all its children at once. Differs in that a child
 * restarted by its supervisor keeps its ref and its queued mail, also while
 * it waits (down) for a group restart.
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import { type AnyChildSpec, isIgnore, policyOf } from "./child_spec.ts";

export { policyOf } from "./child_spec.ts";
import type { ChildState, SupervisorPolicy } from "./_supervisor_policy.ts";
export {
  type AutoShutdown,
  type ChildState,
  resolvePolicy,
  type Strategy,
  type SupervisorPolicy,
} from "./_supervisor_policy.ts";
import {
  ChildStartError,
  errorMessage,
  EscalationError,
  NoProcError,
  SpawnError,
} from "./errors.ts";
import type { StopReason } from "./events.ts";
import { RestartWindow } from "./supervision.ts";
import type { SupervisorHooks } from "./_supervisor_hooks.ts";
import { childExited, restartGroup } from "./_supervisor_restart.ts";
import { childNamed } from "./_cell_children.ts";
import { failCell, resumeCell } from "./_cell_failure.ts";
import {
  completeRestart,
  prepareRestart,
  restartCell,
} from "./_cell_restart.ts";
import { spawnChild } from "./_cell_spawn.ts";
import { whenStarted } from "./_cell_state.ts";
import { requestStop, stopChild } from "./_cell_stop.ts";

/** What a start awaited by a caller came to, once `init` settled. */
type StartOutcome = { readonly ignored: boolean; readonly error: unknown };

/** The supervision engine of one supervisor cell. */
export class SupervisorCore implements SupervisorHooks {
  readonly cell: ActorCell;
  /** The settings (set again by {@linkcode configure} at each start). */
  policy: SupervisorPolicy;
  #initial: readonly AnyChildSpec[];
  /** The specs, in start order (`whichChildren` lists them newest first). */
  specs: Map<string, AnyChildSpec> = new Map();
  window: RestartWindow;
  /** Set once the supervisor gives up or shuts down: no more restarts. */
  givingUp = false;
  #chain: Promise<void> = Promise.resolve();
  #nextId = 0;
  /**
   * Cells whose start a caller awaits: the restart count of that start and,
   * once its `init` failed or declined, what it came to.
   */
  readonly starts: Map<
    ActorCell,
    { readonly restarts: number; outcome: StartOutcome | null }
  > = new Map();
  /** Cells down in a group restart, waiting for it (OTP: no pid). */
  readonly held: Set<ActorCell> = new Set();
  /** Cells a group restart is starting, with the failure of one, if any. */
  readonly inGroup: Map<ActorCell, StartOutcome | null> = new Map();
  /** Children that exited on their own (not stopped by the supervisor). */
  readonly exitedOnOwn: Set<ActorCell> = new Set();
  /**
   * The child ids with a call in progress (`startChild`, `terminateChild`,
   * `restartChild`), each with the calls made about it since, which start
   * one after the other from `next` (`null`: none waits).
   */
  readonly calls: Map<
    string,
    { readonly starts: (() => void)[]; next: number } | null
  > = new Map();

  constructor(
    cell: ActorCell,
    policy: SupervisorPolicy,
    initial: readonly AnyChildSpec[],
  ) {
    this.cell = cell;
    this.policy = policy;
    this.#initial = initial;
    this.window = new RestartWindow(policy.maxRestarts, policy.withinMs);
  }

  /**
   * Sets the settings and children computed by an init function, before
   * {@linkcode start} (OTP's `init/1` result, read at every start).
   */
  configure(policy: SupervisorPolicy, initial: readonly AnyChildSpec[]): void {
    this.policy = policy;
    this.#initial = initial;
  }

  /**
   * Runs in the supervisor's `init`: fresh specs and window, then the
   * children in order. A child that fails to start stops the ones started
   * before it (reverse order) and fails the supervisor's start with its
   * error (OTP's `failed_to_start_child`).
   *
   * @throws {ChildStartError} When a child fails to start.
   */
  async start(): Promise<void> {
    this.specs = new Map(this.#initial.map((spec) => [spec.id, spec]));
    this.window = new RestartWindow(
      this.policy.maxRestarts,
      this.policy.withinMs,
    );
    this.givingUp = false;
    this.held.clear();
    this.exitedOnOwn.clear();
    for (const spec of this.#initial) {
      try {
        const child = await this.startNew(spec);
        if (child === undefined && policyOf(spec) === "temporary") {
          this.specs.delete(spec.id);
        }
      } catch (error) {
        this.specs.delete(spec.id);
        await this.stopAll();
        throw error;
      }
    }
  }

  /** A fresh generated id for a dynamic child. */
  generateId(): string {
    let id: string;
    do id = `child-${++this.#nextId}`; while (this.specs.has(id));
    return id;
  }

  /** Creates the child cell of a spec (not awaited). */
  spawn(spec: AnyChildSpec, args: unknown = spec.args): ActorCell {
    return spawnChild(this.cell, spec.start, {
      name: spec.id,
      args,
      mailbox: spec.mailbox,
      shutdown: spec.shutdown,
      register: spec.register,
      spec,
    });
  }

  /**
   * Starts a new child of `spec` (already in {@linkcode specs}) for a caller
   * (OTP's `do_start_child`), with `args` (the spec's by default).
   *
   * @returns The running child, or `undefined` when its `init` declined
   * with `ignore()` (it is stopped).
   * @throws {ChildStartError} When its `init` threw; the child is stopped.
   */
  startNew(
    spec: AnyChildSpec,
    args: unknown = spec.args,
  ): Promise<ActorCell | undefined> {
    const child = this.spawn(spec, args);
    this.starts.set(child, { restarts: 0, outcome: null });
    return this.#awaitStart(child, spec, false);
  }

  /**
   * Starts a child that waits down in a group restart, for `restartChild`:
   * on failure it goes back to waiting.
   */
  async startHeld(
    child: ActorCell,
    spec: AnyChildSpec,
  ): Promise<ActorCell | undefined> {
    this.held.delete(child);
    this.starts.set(child, { restarts: child.restarts + 1, outcome: null });
    await completeRestart(child, 0);
    return this.#awaitStart(child, spec, true);
  }

  async #awaitStart(
    child: ActorCell,
    spec: AnyChildSpec,
    wasHeld: boolean,
  ): Promise<ActorCell | undefined> {
    try {
      await whenStarted(child);
      const entry = this.starts.get(child)!;
      const outcome = entry.outcome;
      if (outcome === null) {
        // Not started because the supervisor is going down.
        if (
          child.status === "stopped" ||
          (child.status === "failed" && !child.initialized &&
            child.restarts === entry.restarts)
        ) {
          throw new NoProcError(this.cell.path, "start child");
        }
        // Started (it may have failed since: that is a restart's business).
        return child;
      }
      if (wasHeld && !this.givingUp) {
        this.held.add(child);
        await prepareRestart(child);
      } else {
        await requestStop(
          child,
          outcome.ignored ? "normal" : "failed",
          outcome.ignored ? undefined : outcome.error,
        );
      }
      if (outcome.ignored) return undefined;
      throw new ChildStartError(this.cell.path, spec.id, outcome.error);
    } finally {
      this.starts.delete(child);
    }
  }

  /** The state of the child of spec `id` (see {@linkcode ChildState}). */
  stateOf(id: string): ChildState {
    const child = childNamed(this.cell, id);
    if (child === undefined || this.held.has(child)) return "undefined";
    const status = child.status;
    return status === "running" || status === "stopping"
      ? "running"
      : "restarting";
  }

  /**
   * Stops every child: reverse start order, each within its shutdown time;
   * a dynamic supervisor tells them all at once and waits for the slowest.
   */
  stopAll(): Promise<void> {
    const cell = this.cell;
    if (this.policy.kind === "dynamic") {
      return Promise.all(cell.children.map(endChild)).then(() => {});
    }
    return (async () => {
      const order = [...this.specs.keys()].reverse();
      for (const id of order) {
        const child = childNamed(cell, id);
        if (child !== undefined) await endChild(child);
      }
      // Anything left (none in practice), in reverse start order.
      for (const child of cell.children.reverse()) await endChild(child);
    })();
  }

  /**
   * The supervisor's incarnation ends (it stops or restarts): no more
   * restarts, and the children stop as {@linkcode stopAll} says.
   */
  stopChildren(_parent: ActorCell): Promise<void> {
    this.givingUp = true;
    return this.stopAll();
  }

  childFailed(parent: ActorCell, child: ActorCell, error: unknown): void {
    // Shutting down or giving up: no restart; the child ends with its own
    // reason at once, as an OTP child that crashed meanwhile has exited.
    if (this.givingUp || parent.status === "stopping") {
      return void requestStop(child, "failed", error);
    }
    // A start a caller awaits: its init's failure is the caller's error.
    const start = this.starts.get(child);
    if (
      start !== undefined && start.outcome === null && !child.initialized &&
      child.restarts === start.restarts
    ) {
      start.outcome = outcomeOf(error);
      return;
    }
    // A start inside a group restart: the group restart handles it.
    if (this.inGroup.has(child)) {
      this.inGroup.set(child, outcomeOf(error));
      return;
    }
    // A restart that declined with ignore(): the child stays down.
    if (isIgnore(error)) {
      this.held.add(child);
      void prepareRestart(child);
      return;
    }
    let directive;
    try {
      directive = this.policy.decider(error, child.ref as never);
    } catch (deciderError) {
      return this.escalate(deciderError, child);
    }
    // An init that failed has no state to resume.
    if (directive === "resume" && child.initialized) return resumeCell(child);
    if (directive === "stop") return void requestStop(child, "failed", error);
    if (directive === "escalate") return this.escalate(error, child);
    const spec = child.spec as AnyChildSpec;
    // A child supervisor that gave up: OTP's exits with reason `shutdown`
    // (reached_max_restart_intensity), no failure: a permanent child is
    // restarted, a transient one stays down (spec kept), a temporary one goes.
    const gaveUp = error instanceof EscalationError &&
      error.path === child.path;
    const next = childExited(this, child, !gaveUp, error);
    if (typeof next === "number") {
      void restartCell(child, next, spec.mailOnRestart === "drop");
    } else if (gaveUp && policyOf(spec) !== "permanent") {
      void requestStop(child, "shutdown");
    }
  }

  childExiting(_parent: ActorCell, child: ActorCell): number | "held" | false {
    if (this.givingUp || this.starts.get(child)?.outcome != null) return false;
    return childExited(this, child, false, undefined);
  }

  childStopped(
    _parent: ActorCell,
    child: ActorCell,
    _reason: StopReason,
  ): void {
    this.held.delete(child);
    const spec = child.spec as AnyChildSpec;
    const own = this.exitedOnOwn.delete(child);
    if (this.specs.get(spec.id) !== spec) return;
    if (this.policy.kind === "dynamic" || policyOf(spec) === "temporary") {
      this.specs.delete(spec.id);
    }
    if (own && spec.significant === true && !this.givingUp) {
      this.#autoShutdown();
    }
  }

  /**
   * OTP's `do_auto_shutdown`: a significant child exited on its own;
   * `any-significant` shuts the supervisor down, `all-significant` once no
   * significant child is left with a process. The supervisor stops with
   * reason `normal`, so its own supervisor's policy applies to it.
   */
  #autoShutdown(): void {
    const mode = this.policy.autoShutdown;
    if (mode === "never") return;
    if (mode === "all-significant") {
      for (const [id, spec] of this.specs) {
        const significant = spec.significant === true ||
          this.policy.template?.significant === true;
        if (significant && this.stateOf(id) !== "undefined") return;
      }
    }
    this.givingUp = true;
    void requestStop(this.cell, "normal");
  }

  /** Queues a group restart behind the ones in progress. */
  enqueueGroup(trigger: ActorCell, delay: number, dropMail: boolean): void {
    const next = this.#chain.then(() =>
      restartGroup(this, trigger, delay, dropMail)
    ).catch((error) => {
      console.error(`understudy: restart in "${this.cell.path}" failed`, error);
    });
    this.#chain = next;
    this.cell.runtime.scheduler.track(next);
  }

  /**
   * Gives up (OTP: `reached_max_restart_intensity`): stops every child in
   * reverse start order, then fails the supervisor with an
   * {@linkcode EscalationError} so its parent decides.
   */
  escalate(error: unknown, child: ActorCell): void {
    if (this.givingUp) return;
    this.givingUp = true;
    const cell = this.cell;
    // The child that failed has exited with its own reason (OTP: it is dead
    // before its supervisor gives up); the others stop with shutdown.
    if (child.status === "failed") void requestStop(child, "failed", error);
    const events = cell.runtime.events;
    if (events.active) {
      events.publish({ type: "escalated", path: cell.path, error });
    }
    const work = this.stopAll().then(() => {
      failCell(
        cell,
        new EscalationError(
          cell.path,
          `Supervisor "${cell.path}" gave up after a failure of "${child.path}": ${
            errorMessage(error)
          }`,
          { cause: error },
        ),
      );
    });
    cell.runtime.scheduler.track(work);
  }
}

/**
 * Stops a child as its supervisor shuts down: reason `shutdown`, unless it
 * failed meanwhile (no restart follows a failure once the supervisor is going
 * down): then it ends with that failure, as an OTP child that crashed has
 * exited with its own reason.
 */
function endChild(child: ActorCell): Promise<void> {
  return stopChild(child, child.status === "failed" ? "failed" : "shutdown");
}

/** What a failed start came to: an ignore, or the error `init` threw. */
function outcomeOf(error: unknown): StartOutcome {
  return {
    ignored: isIgnore(error),
    error: error instanceof SpawnError && error.cause !== undefined
      ? error.cause
      : error,
  };
}
