/**
 * The actor cell: one actor's mailbox, state and message loop. Internal.
 *
 * Follows Akka's `ActorCell`: a failure suspends the actor and hands the
 * decision to its parent's supervision hooks; a restart stops the children,
 * runs `stopped`, and runs `init` again with the same arguments in the same
 * cell, so refs stay valid and queued mail is kept. The message hot path
 * (`tell`, `runTurn`) allocates nothing and awaits nothing for a synchronous
 * handler; everything rare is a plain function beside this file:
 * `_cell_turn.ts` (the message loop's rare paths: a send that is not the
 * common case, asks, failures, async handlers, signals and `init` in a turn),
 * `_cell_failure.ts` (fail, resume), `_cell_stop.ts` (stop, kill, the end of
 * an incarnation), `_cell_restart.ts` (restart), `_cell_spawn.ts` and
 * `_cell_children.ts` (children and names), `_cell_watch.ts` (watch),
 * `_cell_asks.ts` (asks and dead letters). Rarely used state lives in
 * {@linkcode CellExtras}, allocated on first need, and the mailbox on the first
 * message.
 *
 * ## Lifecycle states
 *
 * The lifecycle state is `status` (an `ActorStatus`). Other fields qualify it
 * and are not states of their own: `activity` (what a live incarnation is
 * doing: idle, in a turn, awaiting an async handler or `init`, interrupted by
 * a signal), the flag `STOP_REQUESTED` (a stop is pending: no new turn, no
 * restart), the flag `INITIALIZED` (`init` completed, so `stopped` is owed),
 * `queued` (in the scheduler's run queue) and `incarnation` (bumped whenever an
 * incarnation ends). Every status change goes through `moveTo`, which accepts
 * only these transitions:
 *
 * | from | to | when |
 * | --- | --- | --- |
 * | `starting` | `running` | `init` returned or resolved |
 * | `starting`, `running` | `failed` | `init` or a handler threw or rejected, or a fail signal (escalation, injected fault) |
 * | `failed` | `running` | the supervisor resumes the actor |
 * | `starting`, `running`, `failed`, `backing-off` | `restarting` | a restart tears the incarnation down |
 * | `stopping` | `restarting` | a `permanent` child stopped normally: its supervisor restarts it |
 * | `restarting` | `restarting` | a child held for its group's restart (torn down already) joins it |
 * | `restarting`, `failed` | `backing-off` | the restart waits for its delay |
 * | `restarting`, `failed`, `backing-off` | `starting` | the new incarnation starts (its `init` runs in its next turn) |
 * | any but `stopped` | `stopping` | a stop tears the incarnation down |
 * | any but `stopped` | `stopped` | the end of a stop, or a kill |
 *
 * `stopped` is final. The rule for every lifecycle `await` is in
 * `stillCurrent` (`_cell_state.ts`): go on only if the incarnation is still
 * the one the step started in.
 *
 * @module
 */

import type {
  ActorRef,
  ActorStatus,
  AskOptions,
  ReplyPort,
} from "./actor_ref.ts";
import type { ShutdownTime } from "./actor_context.ts";
import type { StopReason } from "./events.ts";
import { Mailbox, type MailboxOptions } from "./mailbox.ts";
import { RELEASE_MAILBOX, RUN_TURN, type Runnable } from "./scheduler.ts";
import type { SupervisionOptions } from "./supervision.ts";
import type { CellExtras, SupervisionRecord } from "./_cell_extras.ts";
import type { Context } from "./_context.ts";
import { askActor, askInto } from "./_ask.ts";
import { PendingAsk } from "./_pending_ask.ts";
import { pathOf } from "./_cell_path.ts";
import type { Runtime } from "./_runtime.ts";
import { type AnyDefinition, type Behavior, behaviorOf } from "./_behavior.ts";
import { defaultHooks, type SupervisorHooks } from "./_supervisor_hooks.ts";
import { deliverAsk } from "./_cell_asks.ts";
import { stopChild } from "./_cell_stop.ts";
import { extras, STARTING_PHASE, statusOf } from "./_cell_state.ts";
import {
  awaitResult,
  listIfSpare,
  receiveAsk,
  resumeTurn,
  startTurnSlow,
  tellSlow,
  turnFailed,
  turnInterrupted,
} from "./_cell_turn.ts";

export type { SupervisionRecord } from "./_cell_extras.ts";
export { HOOKS } from "./_behavior.ts";
export type { HookedDefinition } from "./_behavior.ts";

/** A request that overtakes user mail. */
export type Signal =
  | {
    readonly type: "stop";
    readonly reason: StopReason;
    readonly error?: unknown;
  }
  | { readonly type: "fail"; readonly error: unknown };

// The activity, flag and phase values of `_cell_state.ts`, repeated here as
// local constants so the message loop compares against literals.
const IDLE = 0;
const TURN = 1;
const INITIALIZED = 1;
const RUNNING = 2;
const STOPPED = 64;

/** How a cell is created: the spawn options, kept as given. */
export interface CellOptions {
  readonly name?: string;
  readonly args?: unknown;
  readonly mailbox?: MailboxOptions;
  readonly supervision?: SupervisionOptions;
  readonly shutdown?: ShutdownTime;
  readonly register?: string;
  /** Policy data a supervisor attaches to the child (its spec). */
  readonly spec?: unknown;
}

/** The options of an actor spawned without any. */
export const NO_SPAWN_OPTIONS: CellOptions = Object.freeze({});
const NO_SUPERVISION: SupervisionOptions = {};

/**
 * One actor. The cell is also its ref: handing out the cell itself (typed as
 * {@linkcode ActorRef}) saves an object per actor, and nothing but the
 * `ActorRef` members is reachable through the public types. Its fields are
 * the runtime's: the functions beside this file read and write them.
 */
export class ActorCell implements Runnable, ActorRef<unknown> {
  /**
   * The lifecycle state as one bit per status (see `_cell_state.ts`; read
   * it as {@linkcode status}); changed through `moveTo`.
   */
  phase = STARTING_PHASE;
  readonly runtime: Runtime;
  readonly parent: ActorCell | null;
  /** The key among its siblings: the name, or the number of a `$n` name. */
  readonly key: string | number;
  /** The definition, normalised (see {@linkcode Behavior}). */
  readonly behavior: Behavior;
  readonly options: CellOptions;
  /** Messages handled to completion. */
  processed = 0;
  /** The mailbox, once created (see {@linkcode ActorCell.mailbox}). */
  box: Mailbox<unknown, Signal> | null = null;
  /** The state of the current incarnation. */
  state: unknown = undefined;
  /** The context of the current incarnation. */
  ctx: Context | null = null;
  /** Bumped whenever an incarnation ends (see `stillCurrent`). */
  incarnation = 0;
  /**
   * Cold booleans packed in one integer (a field costs 8 bytes per actor):
   * `INITIALIZED`, `STOP_REQUESTED`. The hot ones (`queued`, the activity)
   * stay plain fields: accessors cost on the hot path.
   */
  flags = 0;
  /** Set by the scheduler while the cell sits in the run queue. */
  queued = false;
  /** What the incarnation is doing: idle, turn, awaiting, interrupted. */
  activity = IDLE;
  /** When the current incarnation started, in ms since the system started (-1: not yet). */
  since = -1;
  /** The siblings before and after this one, in start order. */
  prev: ActorCell | null = null;
  next: ActorCell | null = null;
  // 18 fields at most: Bun's JavaScriptCore allocates a 19th in a larger
  // size class (64 more bytes per actor). Rare state goes in `x`.
  /** The rarely used state, allocated on first need. */
  x: CellExtras | null = null;

  constructor(
    runtime: Runtime,
    parent: ActorCell | null,
    definition: AnyDefinition,
    key: string | number,
    options: CellOptions = NO_SPAWN_OPTIONS,
  ) {
    this.runtime = runtime;
    this.parent = parent;
    this.key = key;
    this.behavior = behaviorOf(runtime.behaviors, definition);
    this.options = options;
    // A custom mailbox is built (and its options checked) at spawn; the
    // default one on the first message.
    if (options.mailbox !== undefined) {
      this.box = new Mailbox(options.mailbox);
    }
    const makeHooks = this.behavior.makeHooks;
    if (makeHooks !== undefined) extras(this).hooks = makeHooks(this);
  }

  /** The lifecycle state (see the module doc). */
  get status(): ActorStatus {
    return statusOf(this.phase);
  }

  /** The cell behind a ref of this runtime, if it is one. */
  static of(ref: unknown): ActorCell | undefined {
    return ref instanceof ActorCell ? ref : undefined;
  }

  // ---- ActorRef ------------------------------------------------------------

  /**
   * Delivers a user message (or an ask envelope).
   *
   * @returns `false` when it became a dead letter and the sender should know.
   */
  tell(message: unknown): boolean {
    // The common case inline, everything else in `tellSlow`: a send small
    // enough for the engines to inline into the sender's handler.
    const mailbox = this.box;
    if (
      mailbox === null || this.phase === STOPPED || !mailbox.put(message)
    ) {
      return tellSlow(this, message);
    }
    if (!this.queued && this.activity === IDLE && this.phase === RUNNING) {
      this.runtime.scheduler.schedule(this);
    }
    return true;
  }

  ask<R>(
    build: (replyTo: ReplyPort<R>) => unknown,
    options?: AskOptions,
  ): Promise<R> {
    return askActor(this, build, options, deliverAsk);
  }

  stop(): Promise<void> {
    return stopChild(this, "normal");
  }

  /** The path, so a ref reads well in logs and JSON. */
  toJSON(): string {
    return this.path;
  }

  toString(): string {
    return `ActorRef(${this.path})`;
  }

  /**
   * How `console.log` shows a ref: its path and incarnation. The key is a
   * plain registered symbol (no runtime API is called) that the consoles of
   * Deno, Bun and Node all read.
   */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return inspectRef(this);
  }

  // ---- inspection -------------------------------------------------------

  /** The cell as its own ref. */
  get ref(): this {
    return this;
  }

  /** The user's definition. */
  get definition(): AnyDefinition {
    return this.behavior.source;
  }

  /** The actor's name, unique among its siblings (`$n` when generated). */
  get name(): string {
    const key = this.key;
    return typeof key === "number" ? `$${key}` : key;
  }

  /** The actor's path, such as `/trading/risk-manager`. */
  get path(): string {
    return pathOf(this);
  }

  /** How many times the actor has been restarted. */
  get restarts(): number {
    return this.x?.restarts ?? 0;
  }

  /** When the current incarnation started (system clock), if it has. */
  get startedAt(): number | undefined {
    return this.since < 0
      ? undefined
      : this.runtime.system.startedAt + this.since;
  }

  /** The arguments `init` gets at every start. */
  get args(): unknown {
    return this.options.args;
  }

  /** How the parent's default hooks supervise this actor. */
  get supervision(): SupervisionOptions {
    return this.options.supervision ?? NO_SUPERVISION;
  }

  /** How long the parent waits for this actor to stop. */
  get shutdown(): ShutdownTime {
    return this.options.shutdown ??
      (this.behavior.makeHooks === undefined ? 5000 : "infinity");
  }

  /** The spec a supervisor started this actor from, if any. */
  get spec(): unknown {
    return this.options.spec;
  }

  /** How this actor supervises its children. */
  get hooks(): SupervisorHooks {
    return this.x?.hooks ?? defaultHooks;
  }

  /**
   * The mailbox (created on first use; an idle actor hands a drained one
   * back to the scheduler's pool after a burst of runs).
   */
  get mailbox(): Mailbox<unknown, Signal> {
    if (this.box !== null) return this.box;
    const mailbox = this.box = this.runtime.scheduler.mailboxes.acquire();
    mailbox.recycle(this.highWaterWithoutMailbox);
    return mailbox;
  }

  /**
   * The high-water mark of an actor that holds no mailbox: a mailbox handed
   * back had held one message at most.
   */
  get highWaterWithoutMailbox(): number {
    return this.processed > 0 ? 1 : 0;
  }

  /** Why the actor stopped, once stopped. */
  get stopReason(): StopReason | undefined {
    return this.x?.stopReason;
  }

  /** How many children it has, without listing them. */
  get childCount(): number {
    return this.x?.childCount ?? 0;
  }

  /** The children in start order (a new array: O(children)). */
  get children(): ActorCell[] {
    const out: ActorCell[] = [];
    for (let c = this.x?.firstChild ?? null; c !== null; c = c.next) {
      out.push(c);
    }
    return out;
  }

  /** Whether `init` has completed for the current incarnation. */
  get initialized(): boolean {
    return (this.flags & INITIALIZED) !== 0;
  }

  /** The supervision bookkeeping if any failure or restart happened. */
  get recordIfAny(): SupervisionRecord | null {
    return this.x?.record ?? null;
  }

  /** The cells watching this one, for inspection (a rare path). */
  get watcherCells(): ActorCell[] {
    const watchers = this.x?.watchers;
    return watchers == null ? [] : [...watchers.keys()];
  }

  // ---- the message loop -------------------------------------------------

  /**
   * One turn of the message loop (called by the scheduler only): handles up
   * to `throughput` messages, and queues the actor again if more are
   * waiting. The loop keeps only the common case (a plain message, a
   * synchronous handler): asks, a returned state or promise, a failure and a
   * signal that arrived during the turn each leave it through a small
   * function. It is one function, not a call into a loop function: the loop
   * needs a `try`, and JavaScriptCore does not inline a function that has
   * one, so a separate loop cost Bun a call per turn (one per message in
   * ping-pong).
   *
   * @returns How many messages it took from the mailbox.
   */
  [RUN_TURN](throughput: number): number {
    let mailbox = this.box;
    if (
      mailbox === null || this.activity !== IDLE ||
      this.flags !== INITIALIZED || this.phase !== RUNNING ||
      mailbox.hasSystem
    ) {
      mailbox = startTurnSlow(this);
      if (mailbox === null) return 0;
    }
    this.activity = TURN;
    // Loop invariants: a turn never changes the behavior or the context.
    const behavior = this.behavior;
    const receive = behavior.receive;
    const source = behavior.source;
    const ctx = this.ctx!;
    let handled = 0;
    while (handled < throughput && mailbox.length > 0) {
      handled++;
      const raw = mailbox.take();
      let result;
      try {
        result = mailbox.asks > 0 && raw instanceof PendingAsk
          ? receiveAsk(this, mailbox, raw)
          : receive.call(source, this.state, raw, ctx);
      } catch (error) {
        return turnFailed(this, error, raw, handled);
      }
      if (result !== undefined && !keepResult(this, result, raw)) {
        this.processed += handled - 1;
        return handled;
      }
      // One compare per message: a signal sent during the turn, an async
      // handler or a failure all change the activity.
      if (this.activity !== TURN && !resumeTurn(this)) {
        return turnInterrupted(this, handled);
      }
    }
    this.processed += handled;
    this.activity = IDLE;
    if (mailbox.length > 0) this.runtime.scheduler.schedule(this);
    // An idle actor keeps no mailbox it does not need: listed once, it hands
    // it back in the host task after this burst of runs (see MailboxPool).
    if (!mailbox.listed) listIfSpare(this, mailbox);
    return handled;
  }

  /** Hands a drained mailbox back to the pool if the actor is still idle. */
  [RELEASE_MAILBOX](): void {
    const mailbox = this.box;
    if (mailbox === null) return;
    mailbox.listed = false;
    if (
      this.activity === IDLE && !this.queued && mailbox.length === 0 &&
      mailbox.spare
    ) {
      this.box = null;
      this.runtime.scheduler.mailboxes.release(mailbox);
    }
  }
}

/**
 * Asks a local actor with the answer going to `resolve` or `reject` instead
 * of a promise: exactly once, as `ask`'s promise settles (the reply,
 * `AskTimeoutError`, `ActorFailedError`, `ActorStoppedError`,
 * `MailboxFullError`). For the cluster layer, which answers a remote ask
 * from these callbacks; no other module needs it.
 *
 * @param ref The actor.
 * @param build Makes the request around the reply port.
 * @param timeoutMs The timeout (`Infinity`: none).
 * @param resolve Called with the reply.
 * @param reject Called with the error.
 * @returns `false` when `ref` is not a local actor (nothing was sent).
 */
export function askWith(
  ref: unknown,
  build: (replyTo: ReplyPort<unknown>) => unknown,
  timeoutMs: number,
  resolve: (value: unknown) => void,
  reject: (error: unknown) => void,
): boolean {
  if (!(ref instanceof ActorCell)) return false;
  const pending = new PendingAsk<unknown>(resolve, reject);
  askInto(ref, pending, build, timeoutMs, deliverAsk);
  return true;
}

/**
 * A handler returned something: the next state, or a promise that suspends
 * the actor until it settles.
 *
 * @returns Whether the turn goes on.
 */
function keepResult(cell: ActorCell, result: unknown, raw: unknown): boolean {
  // A primitive state (a counter) is no promise: no `then` lookup through
  // its prototype chain.
  if (
    typeof result === "object" && result !== null &&
    typeof (result as PromiseLike<unknown>).then === "function"
  ) {
    awaitResult(cell, result as PromiseLike<unknown>, raw);
    return false;
  }
  cell.state = result;
  return true;
}

/** A ref as logs show it: `ActorRef(/a/b, incarnation 2, running)`. */
function inspectRef(cell: ActorCell): string {
  return `ActorRef(${cell.path}, incarnation ${cell.restarts}, ${cell.status})`;
}
