/**
 * The actor cell: one actor's mailbox, state and lifecycle. Internal.
 *
 * Follows Akka's `ActorCell`: a failure suspends the actor and hands the
 * decision to its parent's supervision hooks; a restart stops the children,
 * runs `stopped`, and runs `init` again with the same arguments in the same
 * cell, so refs stay valid and queued mail is kept. Lifecycle operations
 * (restart, stop) are serialised per cell and run asynchronously; the message
 * hot path (`enqueue`, `runTurn`) allocates nothing and awaits nothing for a
 * synchronous handler. Rarely used state lives in {@linkcode CellExtras},
 * allocated on first need, and the mailbox on the first message.
 *
 * @module
 */

import type {
  ActorRef,
  ActorStatus,
  AskOptions,
  ReplyPort,
} from "./actor_ref.ts";
import type { AnyActorRef, ShutdownTime, Terminated } from "./actor_context.ts";
import { errorMessage, SpawnError } from "./errors.ts";
import type { DeadLetterReason, StopReason } from "./events.ts";
import { Mailbox, type MailboxOptions } from "./mailbox.ts";
import type { Runnable } from "./scheduler.ts";
import type { SupervisionOptions } from "./supervision.ts";
import { failUnanswered, failUndelivered } from "./_ask_failures.ts";
import { CellExtras, type SupervisionRecord } from "./_cell_extras.ts";
import type { Membership } from "./_pubsub.ts";
import { Context } from "./_context.ts";
import { askActor } from "./_ask.ts";
import { type AskHolder, PendingAsk } from "./_pending_ask.ts";
import type { Runtime } from "./_runtime.ts";
import { type AnyDefinition, type Behavior, behaviorOf } from "./_behavior.ts";
import { defaultHooks, type SupervisorHooks } from "./_supervisor_hooks.ts";

export type { SupervisionRecord } from "./_cell_extras.ts";

/** A request that overtakes user mail. */
type Signal =
  | {
    readonly type: "stop";
    readonly reason: StopReason;
    readonly error?: unknown;
  }
  | { readonly type: "fail"; readonly error: unknown };

const IDLE = 0;
const TURN = 1;
const AWAITING = 2;
/** In a turn, with a system signal waiting: handle it before the next message. */
const INTERRUPTED = 3;

const INITIALIZED = 1;
const STOP_REQUESTED = 2;

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

export { HOOKS } from "./_behavior.ts";
export type { HookedDefinition } from "./_behavior.ts";

/** The options of an actor spawned without any. */
export const NO_SPAWN_OPTIONS: CellOptions = Object.freeze({});
const NO_SUPERVISION: SupervisionOptions = {};

/** Waits for `work`, or `ms` of the clock, whichever comes first. */
function within(
  runtime: Runtime,
  work: Promise<void>,
  ms: number,
): Promise<boolean> {
  const clock = runtime.clock;
  let timer: unknown;
  const overrun = new Promise<boolean>((resolve) => {
    timer = clock.setTimeout(() => resolve(false), ms);
  });
  return Promise.race([work.then(() => true), overrun]).finally(() =>
    clock.clearTimeout(timer)
  );
}

/**
 * One actor. The cell is also its ref: handing out the cell itself (typed as
 * {@linkcode ActorRef}) saves an object per actor, and nothing but the
 * `ActorRef` members is reachable through the public types.
 */
export class ActorCell implements Runnable, AskHolder, ActorRef<unknown> {
  status: ActorStatus = "starting";
  readonly runtime: Runtime;
  readonly parent: ActorCell | null;
  /** The key among its siblings: the name, or the number of a `$n` name. */
  readonly key: string | number;
  /** The definition, normalised (see {@linkcode Behavior}). */
  readonly behavior: Behavior;
  readonly options: CellOptions;
  processed = 0;
  #mailbox: Mailbox<unknown, Signal> | null = null;
  #state: unknown = undefined;
  #ctx: Context | null = null;
  #incarnation = 0;
  /**
   * Cold booleans packed in one integer (a field costs 8 bytes per actor):
   * {@linkcode INITIALIZED}, {@linkcode STOP_REQUESTED}. The hot ones
   * (`queued`, the activity) stay plain fields: accessors cost on the hot path.
   */
  #flags = 0;
  /** Set by the scheduler while the cell sits in the run queue. */
  queued = false;
  /** What the cell is doing: {@linkcode IDLE}, {@linkcode TURN}, {@linkcode AWAITING}. */
  #activity = IDLE;
  /** When the current incarnation started, in ms since the system started (-1: not yet). */
  #since = -1;
  /** The siblings before and after this one, in start order. */
  #prev: ActorCell | null = null;
  #next: ActorCell | null = null;
  // 18 fields at most: Bun's JavaScriptCore allocates a 19th in a larger
  // size class (64 more bytes per actor). Rare state goes in `#x`.
  #x: CellExtras | null = null;

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
      this.#mailbox = new Mailbox(options.mailbox);
    }
    const makeHooks = this.behavior.makeHooks;
    if (makeHooks !== undefined) this.#extras().hooks = makeHooks(this);
  }

  /** The user's definition. */
  get definition(): AnyDefinition {
    return this.behavior.source;
  }

  /** The cell as its own ref. */
  get ref(): this {
    return this;
  }

  /** The cell behind a ref of this runtime, if it is one. */
  static of(ref: unknown): ActorCell | undefined {
    return ref instanceof ActorCell ? ref : undefined;
  }

  // ---- ActorRef ------------------------------------------------------------

  tell(message: unknown): boolean {
    return this.enqueue(message);
  }

  ask<R>(
    build: (replyTo: ReplyPort<R>) => unknown,
    options?: AskOptions,
  ): Promise<R> {
    return askActor(this, build, options);
  }

  stop(): Promise<void> {
    return this.requestStop("normal");
  }

  /** The path, so a ref reads well in logs and JSON. */
  toJSON(): string {
    return this.path;
  }

  toString(): string {
    return `ActorRef(${this.path})`;
  }

  /** Whether `init` has completed for the current incarnation. */
  get #initialized(): boolean {
    return (this.#flags & INITIALIZED) !== 0;
  }

  set #initialized(value: boolean) {
    this.#flags = value
      ? this.#flags | INITIALIZED
      : this.#flags & ~INITIALIZED;
  }

  /** How many times the actor has been restarted. */
  get restarts(): number {
    return this.#x?.restarts ?? 0;
  }

  /** Whether a stop was requested (no more turns, no restarts). */
  get #stopRequested(): boolean {
    return (this.#flags & STOP_REQUESTED) !== 0;
  }

  set #stopRequested(value: boolean) {
    this.#flags = value
      ? this.#flags | STOP_REQUESTED
      : this.#flags & ~STOP_REQUESTED;
  }

  /** When the current incarnation started (system clock), if it has. */
  get startedAt(): number | undefined {
    return this.#since < 0
      ? undefined
      : this.runtime.system.startedAt + this.#since;
  }

  #extras(): CellExtras {
    return this.#x ??= new CellExtras();
  }

  // ---- inspection -------------------------------------------------------

  /** The actor's name, unique among its siblings (`$n` when generated). */
  get name(): string {
    const key = this.key;
    return typeof key === "number" ? `$${key}` : key;
  }

  /** The actor's path, such as `/trading/risk-manager`. */
  get path(): string {
    const parent = this.parent;
    if (parent === null) return "/";
    return parent.parent === null
      ? `/${this.name}`
      : `${parent.path}/${this.name}`;
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
    return this.#x?.hooks ?? defaultHooks;
  }

  /** The mailbox (created on first use). */
  get mailbox(): Mailbox<unknown, Signal> {
    return this.#mailbox ??= new Mailbox(this.options.mailbox);
  }

  /** Why the actor stopped, once stopped. */
  get stopReason(): StopReason | undefined {
    return this.#x?.stopReason;
  }

  /** The children in start order. */
  get children(): ActorCell[] {
    const out: ActorCell[] = [];
    for (let c = this.#x?.firstChild ?? null; c !== null; c = c.#next) {
      out.push(c);
    }
    return out;
  }

  /** The child called `name`, if running. */
  child(name: string): ActorCell | undefined {
    const x = this.#x;
    if (x === null) return undefined;
    if (!name.startsWith("$")) return x.named?.get(name);
    const id = Number(name.slice(1));
    for (let c = x.firstChild; c !== null; c = c.#next) {
      if (c.key === id) return c;
    }
    return undefined;
  }

  /** The current state, for snapshots. */
  get state(): unknown {
    return this.#state;
  }

  /** Whether `init` has completed for the current incarnation. */
  get initialized(): boolean {
    return this.#initialized;
  }

  /** The supervision bookkeeping, created on first use. */
  record(): SupervisionRecord {
    return this.#extras().record ??= {
      window: null,
      backoffAttempt: 0,
      restartTimes: [],
      lastError: undefined,
      failures: 0,
    };
  }

  /** The bookkeeping if any failure or restart happened. */
  get recordIfAny(): SupervisionRecord | null {
    return this.#x?.record ?? null;
  }

  /**
   * The topics, groups and monitors this actor takes part in, created on
   * first use; all are left when it stops for good, none at a restart.
   */
  memberships(): Set<Membership> {
    return this.#extras().memberships ??= new Set();
  }

  /** Resolves when the current incarnation has run `init` (or stopped). */
  whenStarted(): Promise<void> {
    if (this.status === "running" || this.status === "stopped") {
      return Promise.resolve();
    }
    return (this.#extras().started ??= Promise.withResolvers<void>()).promise;
  }

  // ---- children and names -------------------------------------------------

  /** Creates and schedules a child cell. */
  spawnChild(definition: AnyDefinition, options: CellOptions): ActorCell {
    if (
      definition === null || typeof definition !== "object" ||
      typeof definition.init !== "function" ||
      typeof definition.receive !== "function"
    ) {
      throw new TypeError(
        "Cannot spawn actor: definition must have init and receive functions",
      );
    }
    if (
      this.status === "stopping" || this.status === "stopped" ||
      this.#stopRequested
    ) {
      throw new SpawnError(
        this.path,
        `Cannot spawn under "${this.path}": actor is ${this.status}`,
      );
    }
    const x = this.#extras();
    const name = options.name;
    let key: string | number;
    if (name === undefined) {
      key = ++x.nextChildId;
    } else if (
      typeof name !== "string" || name === "" || name.includes("/") ||
      name.startsWith("$")
    ) {
      throw new TypeError(
        `Cannot spawn actor: name must be a non-empty string without "/" that does not start with "$", got "${name}"`,
      );
    } else {
      key = name;
    }
    if (typeof key === "string" && x.named?.has(key)) {
      throw new SpawnError(
        this.path,
        `Cannot spawn actor "${name}" under "${this.path}": name is taken`,
      );
    }
    const register = options.register;
    if (register !== undefined && this.runtime.names.has(register)) {
      throw new SpawnError(
        this.path,
        `Cannot register actor as "${register}": name is taken`,
      );
    }
    const child = new ActorCell(this.runtime, this, definition, key, options);
    if (typeof key === "string") (x.named ??= new Map()).set(key, child);
    child.#prev = x.lastChild;
    if (x.lastChild === null) x.firstChild = child;
    else x.lastChild.#next = child;
    x.lastChild = child;
    x.childCount++;
    if (register !== undefined) child.registerAs(register);
    const events = this.runtime.events;
    if (events.active) {
      events.publish({
        type: "spawned",
        path: child.path,
        kind: definition.kind,
      });
    }
    this.runtime.scheduler.schedule(child);
    return child;
  }

  /** Registers a system-wide name for this cell (freed when it stops). */
  registerAs(name: string): void {
    this.runtime.names.set(name, this);
    (this.#extras().registered ??= []).push(name);
  }

  /** Stops a child, killing it if it overruns its shutdown time. */
  async stopChild(
    child: ActorCell,
    reason: StopReason = "shutdown",
  ): Promise<void> {
    const shutdown = child.shutdown;
    if (shutdown === "brutal") return child.kill();
    const stopped = child.requestStop(reason);
    if (shutdown === "infinity") return stopped;
    if (!(await within(this.runtime, stopped, shutdown))) child.kill();
  }

  // ---- the hot path -----------------------------------------------------

  /**
   * Delivers a user message (or an ask envelope).
   *
   * @returns `false` when it became a dead letter and the sender should know.
   */
  enqueue(message: unknown): boolean {
    if (this.status === "stopped") {
      this.#dead(message, "stopped");
      return false;
    }
    const mailbox = this.#mailbox ??= new Mailbox(this.options.mailbox);
    const result = mailbox.offer(message);
    if (result !== "queued") {
      if (result === "rejected") {
        this.#dead(message, "full");
        return false;
      }
      this.#dead(mailbox.dropped, "full");
      mailbox.dropped = undefined;
    }
    if (!this.queued && this.#activity === IDLE && this.status === "running") {
      this.runtime.scheduler.schedule(this);
    }
    return true;
  }

  /** Delivers an ask envelope, counted so plain messages skip the ask check. */
  enqueueAsk(ask: PendingAsk): boolean {
    const mailbox = this.#mailbox ??= new Mailbox(this.options.mailbox);
    const asks = mailbox.asks;
    const delivered = this.enqueue(ask);
    if (delivered && !ask.settled) mailbox.asks = asks + 1;
    return delivered;
  }

  runTurn(throughput: number): boolean {
    const mailbox = this.#mailbox;
    if (
      this.#activity !== IDLE || this.status !== "running" ||
      mailbox === null || this.#flags !== INITIALIZED || mailbox.hasSystem
    ) {
      return this.#prepareTurn() && this.#drain(this.#mailbox!, throughput);
    }
    return this.#drain(mailbox, throughput);
  }

  /**
   * The uncommon start of a turn: signals first, then `init` for a fresh
   * incarnation.
   *
   * @returns Whether messages may be handled now.
   */
  #prepareTurn(): boolean {
    if (this.#activity !== IDLE) return false;
    if (this.#mailbox !== null && this.#mailbox.hasSystem) {
      this.#processSystem();
    }
    if (this.status === "starting") this.#init();
    // A requested stop takes effect after the current message: no more turns.
    return this.#mailbox !== null && this.status === "running" &&
      this.#activity === IDLE && !this.#stopRequested;
  }

  /** Handles up to `throughput` messages; whether more are waiting. */
  #drain(mailbox: Mailbox<unknown, Signal>, throughput: number): boolean {
    this.#activity = TURN;
    // Loop invariants: a turn never changes the behavior or the context.
    const behavior = this.behavior;
    const receive = behavior.receive;
    const source = behavior.source;
    const ctx = this.#ctx!;
    let handled = 0;
    let done = 0;
    let more = true;
    while (handled < throughput && mailbox.length > 0) {
      handled++;
      const raw = mailbox.take();
      let message = raw;
      let ask: PendingAsk | null = null;
      if (mailbox.asks > 0 && raw instanceof PendingAsk) {
        mailbox.asks--;
        ask = raw;
        message = raw.message;
      }
      let result;
      try {
        result = receive.call(source, this.#state, message, ctx);
      } catch (error) {
        this.#activity = IDLE;
        this.#failed(error, raw);
        more = false;
        break;
      }
      // An ask answered by its handler (the common case) costs no
      // bookkeeping; one left open is remembered so that a failure or a stop
      // rejects it.
      if (ask !== null && !ask.settled) {
        ask.holder = this;
        (this.#extras().asks ??= new Set()).add(ask);
      }
      if (result === undefined) {
        done++;
      } else if (
        result !== null &&
        typeof (result as PromiseLike<unknown>).then === "function"
      ) {
        this.#awaitResult(result as PromiseLike<unknown>, raw);
        more = false;
        break;
      } else {
        done++;
        this.#state = result;
      }
      // One compare per message: a signal sent during the turn, an async
      // handler or a failure all change the activity.
      if (this.#activity !== TURN) {
        if (this.#activity !== INTERRUPTED) {
          more = false;
          break;
        }
        this.#activity = IDLE;
        this.#processSystem();
        if (
          this.status !== "running" || this.#activity !== IDLE ||
          this.#stopRequested
        ) {
          more = false;
          break;
        }
        this.#activity = TURN;
      }
    }
    this.processed += done;
    // The scheduler looks at the clock by messages handled, not only by turns.
    this.runtime.scheduler.handled += handled;
    if (!more) return false;
    this.#activity = IDLE;
    return mailbox.length > 0;
  }

  /** Suspends this actor (only) until an async handler or `init` settles. */
  #awaitResult(pending: PromiseLike<unknown>, raw: unknown): void {
    this.#activity = AWAITING;
    const incarnation = this.#incarnation;
    const isInit = this.status === "starting";
    const x = this.#extras();
    const settled = Promise.resolve(pending).then(
      (value) => {
        if (incarnation !== this.#incarnation) return;
        this.#activity = IDLE;
        x.inflight = null;
        if (isInit) {
          this.#running(value);
        } else {
          this.processed++;
          if (value !== undefined) this.#state = value;
        }
        this.#afterActivity();
      },
      (error) => {
        if (incarnation !== this.#incarnation) return;
        this.#activity = IDLE;
        x.inflight = null;
        if (isInit) this.#initFailed(error);
        else this.#failed(error, raw);
      },
    );
    x.inflight = settled;
    x.inflightRelease = this.runtime.scheduler.track(settled);
  }

  /** Queues a system signal; a turn in progress handles it next. */
  #signal(signal: Signal): void {
    this.mailbox.offerSystem(signal);
    if (this.#activity === TURN) this.#activity = INTERRUPTED;
  }

  #afterActivity(): void {
    const mailbox = this.#mailbox;
    if (mailbox !== null && mailbox.hasSystem) this.#processSystem();
    if (
      this.#activity === IDLE && !this.queued &&
      (this.status === "starting" ||
        (this.status === "running" && mailbox !== null && mailbox.length > 0))
    ) {
      this.runtime.scheduler.schedule(this);
    }
  }

  #processSystem(): void {
    const mailbox = this.#mailbox!;
    let signal: Signal | undefined;
    while ((signal = mailbox.takeSystem()) !== undefined) {
      if (this.status === "stopped") continue;
      if (signal.type === "stop") {
        const { reason, error } = signal;
        // An actor stopped before its first turn still starts first, as
        // through the lifecycle operation.
        if (this.status === "starting" && this.#activity === IDLE) this.#init();
        if (this.#canStopNow()) this.#stopNow(reason, error);
        else this.#runOp(() => this.#stopOp(reason, error));
      } else if (this.status === "running" || this.status === "starting") {
        this.#failed(signal.error, undefined);
      }
    }
  }

  // ---- start ------------------------------------------------------------

  #init(): void {
    const ctx = this.#ctx = new Context(this);
    let result;
    try {
      const behavior = this.behavior;
      result = behavior.init.call(behavior.source, this.options.args, ctx);
    } catch (error) {
      this.#initFailed(error);
      return;
    }
    if (
      result !== null && typeof result === "object" &&
      typeof (result as PromiseLike<unknown>).then === "function"
    ) {
      this.#awaitResult(result as PromiseLike<unknown>, undefined);
    } else {
      this.#running(result);
    }
  }

  #initFailed(error: unknown): void {
    const path = this.path;
    this.#failed(
      new SpawnError(
        path,
        `Actor "${path}" failed to initialise: ${errorMessage(error)}`,
        { cause: error },
      ),
      undefined,
    );
  }

  #running(state: unknown): void {
    this.#state = state;
    this.#initialized = true;
    this.status = "running";
    // Relative to the system's start: a small integer, stored unboxed.
    this.#since = this.runtime.clock.now() - this.runtime.system.startedAt;
    const events = this.runtime.events;
    if (events.active) {
      const restarts = this.restarts;
      const path = this.path;
      events.publish({ type: "started", path, restarts });
      if (restarts > 0) events.publish({ type: "restarted", path, restarts });
    }
    this.#resolveStarted();
  }

  #resolveStarted(): void {
    const x = this.#x;
    const started = x?.started;
    if (started != null) {
      x!.started = null;
      started.resolve();
    }
  }

  // ---- failure ----------------------------------------------------------

  /**
   * Fails this actor from outside its handlers (an escalation from a child,
   * an injected fault). Queued as a signal if the actor is busy.
   */
  fail(error: unknown): void {
    if (this.status === "stopped" || this.#stopRequested) return;
    if (
      this.#activity === IDLE &&
      (this.status === "running" || this.status === "starting")
    ) {
      this.#failed(error, undefined);
    } else {
      this.#signal({ type: "fail", error });
    }
  }

  #failed(error: unknown, raw: unknown): void {
    const record = this.record();
    record.failures++;
    record.lastError = error;
    this.status = "failed";
    this.#resolveStarted();
    const events = this.runtime.events;
    if (events.active) {
      events.publish({ type: "failed", path: this.path, error });
    }
    if (raw !== undefined) this.#dead(raw, "failed", error);
    const parent = this.parent;
    if (parent === null) {
      this.runtime.rootFailed(error);
    } else if (parent.status === "running" || parent.status === "starting") {
      parent.hooks.childFailed(parent, this, error);
    }
    // Otherwise the parent is failing, restarting or stopping itself and
    // will stop this child as part of it.
  }

  /** Directive `resume`: keep the state and carry on with the next message. */
  resume(): void {
    if (this.status !== "failed") return;
    this.status = "running";
    const events = this.runtime.events;
    if (events.active) events.publish({ type: "resumed", path: this.path });
    this.#afterActivity();
  }

  // ---- restart ----------------------------------------------------------

  /**
   * Restarts the actor in place: teardown, an optional backoff, `init`.
   *
   * @returns Resolves when the new incarnation has started or failed.
   */
  restart(delayMs: number, dropMail = false): Promise<void> {
    return this.#runOp(async () => {
      if (!(await this.#prepareRestartOp(dropMail))) return;
      await this.#completeRestartOp(delayMs);
    }).then(() => this.#whenAttempted());
  }

  /**
   * First half of a group restart: teardown (mail kept unless `dropMail`).
   * A bystander's `stopped` hook sees reason `shutdown`, the failed child's
   * `failed`.
   */
  prepareRestart(dropMail = false): Promise<boolean> {
    let prepared = false;
    const reason = this.status === "failed" ? "failed" : "shutdown";
    return this.#runOp(async () => {
      prepared = await this.#prepareRestartOp(dropMail, reason);
    }).then(() => prepared);
  }

  /** Second half of a group restart: backoff, then `init`. */
  completeRestart(delayMs: number): Promise<void> {
    return this.#runOp(() => this.#completeRestartOp(delayMs)).then(() =>
      this.#whenAttempted()
    );
  }

  /**
   * Resolves when the start just scheduled has run `init`, or failed, or the
   * actor stopped. An `init` that failed already must not wait for the next
   * incarnation: its restart may be queued behind the caller.
   */
  #whenAttempted(): Promise<void> {
    return this.status === "failed" ? Promise.resolve() : this.whenStarted();
  }

  /**
   * Ends the incarnation for a restart, within the actor's shutdown time (as
   * OTP terminates a child before restarting it): past it, the cleanup is
   * abandoned and the children are killed.
   */
  async #prepareRestartOp(
    dropMail: boolean,
    reason: StopReason = "failed",
  ): Promise<boolean> {
    if (this.status === "stopped" || this.#stopRequested) return false;
    this.status = "restarting";
    const shutdown = this.shutdown;
    if (shutdown === "brutal") {
      this.#abandonIncarnation();
    } else {
      const teardown = this.#teardown(reason);
      if (
        shutdown !== "infinity" &&
        !(await within(this.runtime, teardown, shutdown))
      ) {
        this.#abandonIncarnation();
      } else {
        await teardown;
      }
    }
    if (dropMail && this.#mailbox !== null) {
      for (const message of this.#mailbox.drain()) {
        this.#dead(message, "dropped");
      }
      this.#mailbox.asks = 0;
    }
    return this.status === "restarting";
  }

  /** Drops what is left of the incarnation: its cleanup and its children. */
  #abandonIncarnation(): void {
    this.#incarnation++;
    this.#ctx?.end();
    this.#releaseInflight();
    for (const child of this.children.reverse()) child.kill();
    this.#initialized = false;
    this.#state = undefined;
    this.#activity = IDLE;
  }

  async #completeRestartOp(delayMs: number): Promise<void> {
    if (this.status !== "restarting" && this.status !== "failed") return;
    if (delayMs > 0 && !this.#stopRequested) {
      this.status = "backing-off";
      const events = this.runtime.events;
      if (events.active) {
        events.publish({ type: "backing-off", path: this.path, delayMs });
      }
      const x = this.#extras();
      await new Promise<void>((resolve) => {
        const clock = this.runtime.clock;
        const timer = clock.setTimeout(resolve, delayMs);
        x.wakeBackoff = () => {
          clock.clearTimeout(timer);
          resolve();
        };
      });
      x.wakeBackoff = null;
    }
    if (this.#stopRequested || this.#isStopped()) return;
    this.#extras().restarts++;
    const times = this.record().restartTimes;
    times.push(this.runtime.clock.now());
    if (times.length > 10) times.shift();
    this.status = "starting";
    this.runtime.scheduler.schedule(this);
  }

  // ---- stop -------------------------------------------------------------

  /**
   * Stops the actor: after its current message, children first (reverse
   * start order), then its `stopped` hook.
   *
   * @returns Resolves when the actor has stopped (or, for a child its
   * supervisor restarts instead, when the restart begins).
   */
  requestStop(reason: StopReason, error?: unknown): Promise<void> {
    if (this.status === "stopped") return Promise.resolve();
    const x = this.#extras();
    const done = x.stopDone ??= Promise.withResolvers<void>();
    if (this.#stopRequested) return done.promise;
    this.#stopRequested = true;
    this.#ctx?.end();
    x.wakeBackoff?.();
    if (this.#activity === TURN || this.#activity === INTERRUPTED) {
      this.#signal({ type: "stop", reason, error });
    } else if (this.#canStopNow()) {
      // Nothing to wait for: stop in this actor's next turn, without the
      // promise chain of a lifecycle operation.
      this.#signal({ type: "stop", reason, error });
      this.runtime.scheduler.schedule(this);
    } else {
      this.#runOp(() => this.#stopOp(reason, error));
    }
    return done.promise;
  }

  /** Whether a stop has nothing to wait for: no step, handler, child or hook. */
  #canStopNow(): boolean {
    const x = this.#x;
    return (x === null ||
      (x.ops === null && x.inflight === null &&
        x.childCount === 0)) &&
      this.#activity !== AWAITING &&
      (this.status === "running" || this.status === "starting") &&
      (!this.#initialized || this.behavior.stopped === undefined);
  }

  /** {@linkcode #stopOp} when {@linkcode #canStopNow} holds, synchronously. */
  #stopNow(reason: StopReason, error: unknown): void {
    this.status = "stopping";
    const ctx = this.#ctx;
    this.#incarnation++;
    ctx?.end();
    if (this.#x !== null) this.#rejectAsks(reason);
    this.#activity = IDLE;
    this.#initialized = false;
    this.#state = undefined;
    const restartIn = this.#exitOrRestart(reason, error);
    if (restartIn !== undefined) {
      this.#runOp(() => this.#completeRestartOp(restartIn));
    }
  }

  async #stopOp(reason: StopReason, error: unknown): Promise<void> {
    if (this.status === "stopped") return;
    this.status = "stopping";
    await this.#teardown(reason);
    if (this.status !== "stopping") return;
    const restartIn = this.#exitOrRestart(reason, error);
    if (restartIn !== undefined) await this.#completeRestartOp(restartIn);
  }

  /**
   * The end of a stop, once the incarnation is torn down: a supervisor may
   * restart a child that stopped normally (OTP's `permanent`); otherwise the
   * actor is finalised.
   *
   * @returns The delay before the restart this caller must run, or
   * `undefined` (finalised, or held for the supervisor's group restart).
   */
  #exitOrRestart(reason: StopReason, error: unknown): number | undefined {
    const parent = this.parent;
    if (
      reason === "normal" && parent !== null && parent.status === "running"
    ) {
      const delay = parent.hooks.childExiting(parent, this);
      if (delay !== false) {
        this.#stopRequested = false;
        const x = this.#extras();
        const done = x.stopDone;
        x.stopDone = null;
        done?.resolve();
        this.status = "restarting";
        return delay === "held" ? undefined : delay;
      }
    }
    this.#finalize(reason, error);
    return undefined;
  }

  /** Stops at once, without waiting for `stopped`; so are its children. */
  kill(): void {
    if (this.status === "stopped") return;
    this.#abandonIncarnation();
    // An abandoned chain of lifecycle steps no longer counts as work.
    const x = this.#x;
    if (x !== null && x.opsEntered) {
      x.opsEntered = false;
      this.runtime.scheduler.leave();
    }
    this.#finalize("killed", undefined);
  }

  #releaseInflight(): void {
    const x = this.#x;
    if (x === null) return;
    x.inflightRelease?.();
    x.inflightRelease = null;
    x.inflight = null;
  }

  /**
   * Ends the incarnation: abort, timers, asks, in-flight handler, children,
   * `stopped`. Stops touching the cell if the incarnation is abandoned.
   */
  async #teardown(reason: StopReason): Promise<void> {
    const ctx = this.#ctx;
    const incarnation = ++this.#incarnation;
    ctx?.end();
    const x = this.#x;
    if (x !== null) {
      this.#rejectAsks(reason);
      if (x.inflight !== null) {
        await x.inflight;
        if (incarnation !== this.#incarnation) return;
        x.inflight = null;
        x.inflightRelease = null;
      }
    }
    this.#activity = IDLE;
    for (const child of this.children.reverse()) {
      await this.stopChild(child, "shutdown");
      if (incarnation !== this.#incarnation) return;
    }
    if (this.#initialized && ctx !== null) {
      this.#initialized = false;
      const stopped = this.behavior.stopped;
      if (stopped !== undefined) {
        try {
          await stopped.call(this.behavior.source, this.#state, reason, ctx);
        } catch (error) {
          const events = this.runtime.events;
          if (events.active) {
            events.publish({ type: "failed", path: this.path, error });
          }
        }
        if (incarnation !== this.#incarnation) return;
      }
    }
    this.#state = undefined;
  }

  #finalize(reason: StopReason, error: unknown): void {
    if (this.status === "stopped") return;
    this.status = "stopped";
    this.#activity = IDLE;
    const mailbox = this.#mailbox;
    if (mailbox !== null) {
      for (const message of mailbox.drain()) this.#dead(message, "stopped");
      mailbox.asks = 0;
      while (mailbox.takeSystem() !== undefined) { /* discard */ }
    }
    const runtime = this.runtime;
    const parent = this.parent;
    const x = this.#x;
    if (x !== null) {
      x.stopReason = reason;
      this.#rejectAsks(reason);
      if (x.registered !== null) {
        for (const name of x.registered) {
          if (runtime.names.get(name) === this) runtime.names.delete(name);
        }
      }
      if (x.watching !== null) {
        for (const target of x.watching) target.#x?.watchers?.delete(this);
        x.watching = null;
      }
      const memberships = x.memberships;
      if (memberships !== null) {
        x.memberships = null;
        for (const membership of memberships) membership.drop(this);
      }
    } else {
      this.#extras().stopReason = reason;
    }
    if (parent !== null) {
      parent.#unlink(this);
      parent.hooks.childStopped(parent, this, reason);
    }
    this.#notifyWatchers(reason, error);
    const events = runtime.events;
    if (events.active && parent !== null) {
      const path = this.path;
      events.publish(
        error === undefined
          ? { type: "stopped", path, reason }
          : { type: "stopped", path, reason, error },
      );
    }
    this.#resolveStarted();
    const stopped = this.#x!;
    const done = stopped.stopDone;
    stopped.stopDone = null;
    done?.resolve();
  }

  /** Removes a stopped child from this cell's children. */
  #unlink(child: ActorCell): void {
    const x = this.#x!;
    if (typeof child.key === "string") x.named?.delete(child.key);
    if (child.#prev === null) x.firstChild = child.#next;
    else child.#prev.#next = child.#next;
    if (child.#next === null) x.lastChild = child.#prev;
    else child.#next.#prev = child.#prev;
    child.#prev = child.#next = null;
    x.childCount--;
  }

  /** Reads the status afresh (TypeScript narrows it across awaits). */
  #isStopped(): boolean {
    return this.status === "stopped";
  }

  /**
   * Serialises lifecycle operations on this cell; the chain counts as
   * scheduler work while it runs.
   */
  #runOp(op: () => Promise<void>): Promise<void> {
    const x = this.#extras();
    if (!x.opsEntered) {
      x.opsEntered = true;
      this.runtime.scheduler.enter();
    }
    const next = (x.ops ?? Promise.resolve()).then(op).catch((error) => {
      console.error(`understudy: lifecycle of "${this.path}" failed`, error);
    });
    const tail = next.then(() => {
      if (x.ops !== tail) return;
      x.ops = null;
      if (this.status !== "stopped") this.#afterActivity();
      if (x.opsEntered) {
        x.opsEntered = false;
        this.runtime.scheduler.leave();
      }
    });
    x.ops = tail;
    return next;
  }

  // ---- watch ------------------------------------------------------------

  /** Sends `watcher` a notice when this actor stops for good. */
  addWatcher(
    watcher: ActorCell,
    toMessage: (notice: Terminated) => unknown,
  ): void {
    if (this.status === "stopped") {
      watcher.enqueue(
        toMessage({
          ref: this.ref as AnyActorRef,
          path: this.path,
          reason: this.stopReason ?? "normal",
        }),
      );
      return;
    }
    (this.#extras().watchers ??= new Map()).set(watcher, toMessage);
    (watcher.#extras().watching ??= new Set()).add(this);
  }

  /** Cancels a watch. */
  removeWatcher(watcher: ActorCell): void {
    this.#x?.watchers?.delete(watcher);
    watcher.#x?.watching?.delete(this);
  }

  #notifyWatchers(reason: StopReason, error: unknown): void {
    const x = this.#x;
    const watchers = x?.watchers;
    if (watchers == null) return;
    x!.watchers = null;
    const ref = this.ref as AnyActorRef;
    const path = this.path;
    const notice: Terminated = error === undefined
      ? { ref, path, reason }
      : { ref, path, reason, error };
    for (const [watcher, toMessage] of watchers) {
      watcher.#x?.watching?.delete(this);
      try {
        watcher.enqueue(toMessage(notice));
      } catch (cause) {
        watcher.fail(cause);
      }
    }
  }

  // ---- asks and dead letters ---------------------------------------------

  forget(ask: unknown): void {
    this.#x?.asks?.delete(ask as PendingAsk);
  }

  #rejectAsks(reason: StopReason): void {
    const x = this.#x;
    const asks = x?.asks;
    if (asks == null || asks.size === 0) return;
    x!.asks = null;
    failUnanswered(asks, this.path, reason, x!.record?.lastError);
  }

  #dead(raw: unknown, reason: DeadLetterReason, error?: unknown): void {
    const path = this.path;
    let message = raw;
    if (raw instanceof PendingAsk) {
      message = raw.message;
      failUndelivered(raw, path, reason, error);
    }
    this.runtime.deadLetter(path, message, reason, error);
  }
}
