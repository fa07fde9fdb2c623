/**
 * The policy engine behind every supervisor: child specs, strategies,
 * restart intensity, backoff and escalation. It plugs into the actor cell as
 * its {@linkcode SupervisorHooks}; the cell keeps the one lifecycle.
 *
 * Follows `supervisor.erl`: children start in spec order; `one_for_all` and
 * `rest_for_one` stop the affected children in reverse start order and start
 * them again in start order; one intensity window per supervisor (a group
 * restart counts once); past it the supervisor stops its children in reverse
 * order and fails itself. Differs in that a child restarted by its
 * supervisor keeps its ref and its queued mail.
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import type { AnyChildSpec, RestartPolicy } from "./child_spec.ts";
import { errorMessage, EscalationError } from "./errors.ts";
import type { StopReason } from "./events.ts";
import {
  type BackoffOptions,
  type Decider,
  restartAlways,
  RestartWindow,
} from "./supervision.ts";
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
import { nextRestartDelay, type SupervisorHooks } from "./_supervisor_hooks.ts";

/**
 * Which children a supervisor restarts when one fails:
 * `one-for-one` only that child; `one-for-all` every child;
 * `rest-for-one` that child and every child started after it.
 */
export type Strategy = "one-for-one" | "one-for-all" | "rest-for-one";

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
}

/** The supervision engine of one supervisor cell. */
export class SupervisorCore implements SupervisorHooks {
  readonly cell: ActorCell;
  readonly policy: SupervisorPolicy;
  readonly #initial: readonly AnyChildSpec[];
  /** The specs, in start order. */
  specs: Map<string, AnyChildSpec> = new Map();
  #window: RestartWindow;
  #givingUp = false;
  #chain: Promise<void> = Promise.resolve();
  #nextId = 0;

  constructor(
    cell: ActorCell,
    policy: SupervisorPolicy,
    initial: readonly AnyChildSpec[],
  ) {
    this.cell = cell;
    this.policy = policy;
    this.#initial = initial;
    this.#window = new RestartWindow(policy.maxRestarts, policy.withinMs);
  }

  /** Runs in the supervisor's `init`: fresh specs and window, children in order. */
  async start(): Promise<void> {
    this.specs = new Map(this.#initial.map((spec) => [spec.id, spec]));
    this.#window = new RestartWindow(
      this.policy.maxRestarts,
      this.policy.withinMs,
    );
    this.#givingUp = false;
    for (const spec of this.specs.values()) {
      const child = this.spawn(spec);
      await whenStarted(child);
    }
  }

  /** A fresh generated id for a dynamic child. */
  generateId(): string {
    let id: string;
    do id = `child-${++this.#nextId}`; while (this.specs.has(id));
    return id;
  }

  /** Starts the child of a spec (already in {@linkcode specs}). */
  spawn(spec: AnyChildSpec): ActorCell {
    return spawnChild(this.cell, spec.start, {
      name: spec.id,
      args: spec.args,
      mailbox: spec.mailbox,
      shutdown: spec.shutdown,
      register: spec.register,
      spec,
    });
  }

  /** The running children in spec (start) order. */
  running(): ActorCell[] {
    const out: ActorCell[] = [];
    for (const id of this.specs.keys()) {
      const child = childNamed(this.cell, id);
      if (child !== undefined) out.push(child);
    }
    return out;
  }

  childFailed(_parent: ActorCell, child: ActorCell, error: unknown): void {
    if (this.#givingUp) return;
    let directive;
    try {
      directive = this.policy.decider(error, child.ref as never);
    } catch (deciderError) {
      return this.escalate(deciderError, child);
    }
    if (directive === "resume") return resumeCell(child);
    if (directive === "stop") return void requestStop(child, "failed", error);
    if (directive === "escalate") return this.escalate(error, child);
    const spec = child.spec as AnyChildSpec;
    if (policyOf(spec) === "temporary") {
      return void requestStop(child, "failed", error);
    }
    const now = this.cell.runtime.clock.now();
    if (!this.#window.allow(now)) return this.escalate(error, child);
    const delay = nextRestartDelay(child, this.policy, now);
    const dropMail = spec.mailOnRestart === "drop";
    if (this.policy.strategy === "one-for-one") {
      return void restartCell(child, delay, dropMail);
    }
    const group = this.#group(child, true);
    this.#enqueue(() => this.#groupRestart(group, child, delay, dropMail));
  }

  childExiting(
    _parent: ActorCell,
    child: ActorCell,
  ): number | "held" | false {
    const spec = child.spec as AnyChildSpec;
    if (this.#givingUp || policyOf(spec) !== "permanent") return false;
    const now = this.cell.runtime.clock.now();
    if (!this.#window.allow(now)) {
      this.escalate(
        new Error(`Child "${child.path}" exited too often`),
        child,
      );
      return false;
    }
    const delay = nextRestartDelay(child, this.policy, now);
    if (this.policy.strategy === "one-for-one") return delay;
    // As for a failure: the rest of the group stops (reverse start order)
    // before anything restarts, then all restart in start order, this child
    // included, so it waits in `restarting` until its turn.
    const group = this.#group(child, true);
    this.#enqueue(() => this.#groupRestart(group, undefined, delay, false));
    return "held";
  }

  childStopped(
    _parent: ActorCell,
    child: ActorCell,
    _reason: StopReason,
  ): void {
    const spec = child.spec as AnyChildSpec;
    if (
      this.specs.get(spec.id) === spec &&
      (this.policy.kind === "dynamic" || policyOf(spec) === "temporary")
    ) {
      this.specs.delete(spec.id);
    }
  }

  /**
   * Gives up: stops every child in reverse start order, then fails the
   * supervisor with an {@linkcode EscalationError} so its parent decides.
   */
  escalate(error: unknown, child: ActorCell): void {
    if (this.#givingUp) return;
    this.#givingUp = true;
    const cell = this.cell;
    const events = cell.runtime.events;
    if (events.active) {
      events.publish({ type: "escalated", path: cell.path, error });
    }
    const work = (async () => {
      for (const each of cell.children.reverse()) {
        await stopChild(each, "shutdown");
      }
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
    })();
    cell.runtime.scheduler.track(work);
  }

  /** The children a group restart touches, in start order. */
  #group(child: ActorCell, includeChild: boolean): ActorCell[] {
    const all = this.running();
    const from = this.policy.strategy === "one-for-all"
      ? 0
      : all.indexOf(child);
    return all.slice(Math.max(0, from)).filter((c) =>
      includeChild || c !== child
    );
  }

  #enqueue(work: () => Promise<void>): void {
    const next = this.#chain.then(work).catch((error) => {
      console.error(`understudy: restart in "${this.cell.path}" failed`, error);
    });
    this.#chain = next;
    this.cell.runtime.scheduler.track(next);
  }

  async #groupRestart(
    group: ActorCell[],
    failed: ActorCell | undefined,
    delay: number,
    dropMail: boolean,
  ): Promise<void> {
    for (const child of [...group].reverse()) {
      await prepareRestart(child, child === failed && dropMail);
    }
    let first = true;
    for (const child of group) {
      if (child.status === "stopped" || this.#givingUp) continue;
      if (policyOf(child.spec as AnyChildSpec) === "temporary") {
        await requestStop(child, "shutdown");
        continue;
      }
      await completeRestart(child, first ? delay : 0);
      first = false;
    }
  }
}

/** A spec's restart policy with its default. */
export function policyOf(spec: AnyChildSpec): RestartPolicy {
  return spec.restart ?? "permanent";
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
  };
}
