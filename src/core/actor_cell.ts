/**
 * The actor cell: one actor's mailbox, state and lifecycle. Internal.
 *
 * Follows Akka's `ActorCell`: a failure suspends the actor and hands the
 * decision to its parent's supervision hooks; a restart stops the children,
 * runs `stopped`, and runs `init` again with the same arguments in the same
 * cell, so refs stay valid and queued mail is kept. Lifecycle operations
 * (restart, stop) are serialised per cell and run asynchronously; the message
 * hot path (`enqueue`, `runTurn`) allocates nothing and awaits nothing for a
 * synchronous handler.
 *
 * @module
 */

import type { ActorDefinition } from "./actor_definition.ts";
import type { ActorStatus } from "./actor_ref.ts";
import type { AnyActorRef, ShutdownTime, Terminated } from "./actor_context.ts";
import {
  ActorFailedError,
  ActorStoppedError,
  errorMessage,
  MailboxFullError,
  SpawnError,
} from "./errors.ts";
import type { DeadLetterReason, StopReason } from "./events.ts";
import { Mailbox, type MailboxOptions } from "./mailbox.ts";
import type { Runnable } from "./scheduler.ts";
import type { RestartWindow, SupervisionOptions } from "./supervision.ts";
import { Context } from "./_context.ts";
import { LocalRef } from "./_local_ref.ts";
import { type AskHolder, PendingAsk } from "./_pending_ask.ts";
import type { Runtime } from "./_runtime.ts";
import { defaultHooks, type SupervisorHooks } from "./_supervisor_hooks.ts";

/** A request that overtakes user mail. */
type Signal =
  | {
    readonly type: "stop";
    readonly reason: StopReason;
    readonly error?: unknown;
  }
  | { readonly type: "fail"; readonly error: unknown }
  | { readonly type: "restart" };

const IDLE = 0;
const TURN = 1;
const AWAITING = 2;

/** Supervision bookkeeping, allocated on a cell's first failure or restart. */
export interface SupervisionRecord {
  /** The default hooks' per-child restart window. */
  window: RestartWindow | null;
  /** Consecutive restarts counted for backoff. */
  backoffAttempt: number;
  /** Times of the most recent restarts (the last 10). */
  readonly restartTimes: number[];
  /** The last failure. */
  lastError: unknown;
  /** Failures so far. */
  failures: number;
}

/** How a cell is created. */
export interface CellOptions<A> {
  readonly name: string;
  readonly args: A;
  readonly mailbox?: MailboxOptions;
  readonly supervision: SupervisionOptions;
  readonly shutdown: ShutdownTime;
  /** Policy data a supervisor attaches to the child (its spec). */
  readonly spec?: unknown;
}

/** Installs custom supervision hooks on cells of a definition. */
export const HOOKS: unique symbol = Symbol("understudy.hooks");

/** A definition that brings its own supervision hooks (a supervisor). */
export interface HookedDefinition {
  readonly [HOOKS]?: (cell: ActorCell) => SupervisorHooks;
}

// deno-lint-ignore no-explicit-any
type AnyDefinition = ActorDefinition<any, any, any> & HookedDefinition;

/** One actor. */
export class ActorCell implements Runnable, AskHolder {
  queued = false;
  status: ActorStatus = "starting";
  readonly runtime: Runtime;
  readonly parent: ActorCell | null;
  readonly name: string;
  readonly path: string;
  readonly definition: AnyDefinition;
  readonly args: unknown;
  readonly supervision: SupervisionOptions;
  readonly shutdown: ShutdownTime;
  readonly spec: unknown;
  readonly mailbox: Mailbox<unknown, Signal>;
  readonly ref: LocalRef<unknown>;
  readonly hooks: SupervisorHooks;
  restarts = 0;
  processed = 0;
  startedAt = 0;
  stopReason: StopReason | undefined = undefined;
  #state: unknown = undefined;
  #initialized = false;
  #ctx: Context | null = null;
  #incarnation = 0;
  #activity = IDLE;
  #inflight: Promise<void> | null = null;
  #inflightRelease: (() => void) | null = null;
  #opReleases: Set<() => void> | null = null;
  #ops: Promise<void> | null = null;
  #stopRequested = false;
  #stopDone: PromiseWithResolvers<void> | null = null;
  #started: PromiseWithResolvers<void> | null = null;
  #wakeBackoff: (() => void) | null = null;
  #children: Map<string, ActorCell> | null = null;
  #nextChildId = 0;
  #watchers: Map<ActorCell, (notice: Terminated) => unknown> | null = null;
  #watching: Set<ActorCell> | null = null;
  #asks: Set<PendingAsk> | null = null;
  #record: SupervisionRecord | null = null;

  constructor(
    runtime: Runtime,
    parent: ActorCell | null,
    definition: AnyDefinition,
    options: CellOptions<unknown>,
  ) {
    this.runtime = runtime;
    this.parent = parent;
    this.name = options.name;
    this.path = parent === null
      ? "/"
      : parent.parent === null
      ? `/${options.name}`
      : `${parent.path}/${options.name}`;
    this.definition = definition;
    this.args = options.args;
    this.supervision = options.supervision;
    this.shutdown = options.shutdown;
    this.spec = options.spec;
    this.mailbox = new Mailbox(options.mailbox);
    this.ref = new LocalRef(this);
    this.hooks = definition[HOOKS]?.(this) ?? defaultHooks;
  }

  // ---- inspection -------------------------------------------------------

  /** The children in start order. */
  get children(): ActorCell[] {
    return this.#children === null ? [] : [...this.#children.values()];
  }

  /** The child called `name`, if running. */
  child(name: string): ActorCell | undefined {
    return this.#children?.get(name);
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
    return this.#record ??= {
      window: null,
      backoffAttempt: 0,
      restartTimes: [],
      lastError: undefined,
      failures: 0,
    };
  }

  /** The bookkeeping if any failure or restart happened. */
  get recordIfAny(): SupervisionRecord | null {
    return this.#record;
  }

  /** Resolves when the current incarnation has run `init` (or stopped). */
  whenStarted(): Promise<void> {
    if (this.status === "running" || this.status === "stopped") {
      return Promise.resolve();
    }
    return (this.#started ??= Promise.withResolvers<void>()).promise;
  }

  // ---- children ---------------------------------------------------------

  /** Creates and schedules a child cell. */
  spawnChild(definition: AnyDefinition, options: {
    readonly name?: string;
    readonly args?: unknown;
    readonly mailbox?: MailboxOptions;
    readonly supervision?: SupervisionOptions;
    readonly shutdown?: ShutdownTime;
    readonly register?: string;
    readonly spec?: unknown;
  }): ActorCell {
    if (
      definition === null || typeof definition !== "object" ||
      typeof definition.init !== "function" ||
      typeof definition.receive !== "function"
    ) {
      throw new TypeError(
        "Cannot spawn actor: definition must have init and receive functions",
      );
    }
    const where = this.parent === null ? "/" : this.path;
    if (
      this.status === "stopping" || this.status === "stopped" ||
      this.#stopRequested
    ) {
      throw new SpawnError(
        where,
        `Cannot spawn under "${where}": actor is ${this.status}`,
      );
    }
    let name = options.name;
    if (name === undefined) {
      name = `$${++this.#nextChildId}`;
    } else if (
      typeof name !== "string" || name === "" || name.includes("/") ||
      name.startsWith("$")
    ) {
      throw new TypeError(
        `Cannot spawn actor: name must be a non-empty string without "/" that does not start with "$", got "${name}"`,
      );
    }
    const children = this.#children ??= new Map();
    if (children.has(name)) {
      throw new SpawnError(
        where,
        `Cannot spawn actor "${name}" under "${where}": name is taken`,
      );
    }
    const register = options.register;
    if (register !== undefined && this.runtime.names.has(register)) {
      throw new SpawnError(
        where,
        `Cannot register actor as "${register}": name is taken`,
      );
    }
    const child = new ActorCell(this.runtime, this, definition, {
      name,
      args: options.args,
      mailbox: options.mailbox,
      supervision: options.supervision ?? {},
      shutdown: options.shutdown ??
        (definition[HOOKS] === undefined ? 5000 : "infinity"),
      spec: options.spec,
    });
    children.set(name, child);
    if (register !== undefined) this.runtime.names.set(register, child);
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

  /** Stops a child, killing it if it overruns its shutdown time. */
  async stopChild(
    child: ActorCell,
    reason: StopReason = "shutdown",
  ): Promise<void> {
    const shutdown = child.shutdown;
    if (shutdown === "brutal") return child.kill();
    const stopped = child.requestStop(reason);
    if (shutdown === "infinity") return stopped;
    const clock = this.runtime.clock;
    let timer: unknown;
    const overrun = new Promise<void>((resolve) => {
      timer = clock.setTimeout(resolve, shutdown);
    });
    await Promise.race([stopped, overrun]);
    clock.clearTimeout(timer);
    if (child.status !== "stopped") child.kill();
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
    const result = this.mailbox.offer(message);
    if (result !== "queued") {
      if (result === "rejected") {
        this.#dead(message, "full");
        return false;
      }
      this.#dead(this.mailbox.dropped, "full");
      this.mailbox.dropped = undefined;
    }
    if (!this.queued && this.#activity === IDLE && this.status === "running") {
      this.runtime.scheduler.schedule(this);
    }
    return true;
  }

  runTurn(throughput: number): boolean {
    if (this.#activity !== IDLE) return false;
    const mailbox = this.mailbox;
    if (mailbox.hasSystem) this.#processSystem();
    if (this.status === "starting") this.#init();
    // A requested stop takes effect after the current message: no more turns.
    if (
      this.status !== "running" || this.#activity !== IDLE ||
      this.#stopRequested
    ) return false;
    this.#activity = TURN;
    for (let n = throughput; n > 0 && mailbox.length > 0; n--) {
      this.#handle(mailbox.take());
      if (this.#activity !== TURN) return false;
      if (mailbox.hasSystem) {
        this.#activity = IDLE;
        this.#processSystem();
        if (
          this.status !== "running" || this.#activity !== IDLE ||
          this.#stopRequested
        ) return false;
        this.#activity = TURN;
      }
    }
    this.#activity = IDLE;
    return mailbox.length > 0;
  }

  #handle(raw: unknown): void {
    let message = raw;
    if (raw instanceof PendingAsk) {
      message = raw.message;
      if (!raw.settled) {
        raw.holder = this;
        (this.#asks ??= new Set()).add(raw);
      }
    }
    let result;
    try {
      result = this.definition.receive(this.#state, message, this.#ctx!);
    } catch (error) {
      this.#activity = IDLE;
      this.#failed(error, raw);
      return;
    }
    if (result === undefined) {
      this.processed++;
    } else if (
      result !== null &&
      typeof (result as PromiseLike<unknown>).then === "function"
    ) {
      this.#await(result as PromiseLike<unknown>, raw);
    } else {
      this.processed++;
      this.#state = result;
    }
  }

  #await(pending: PromiseLike<unknown>, raw: unknown): void {
    this.#activity = AWAITING;
    const incarnation = this.#incarnation;
    const settled = Promise.resolve(pending).then(
      (next) => {
        if (incarnation !== this.#incarnation) return;
        this.processed++;
        if (next !== undefined) this.#state = next;
        this.#activity = IDLE;
        this.#inflight = null;
        this.#afterActivity();
      },
      (error) => {
        if (incarnation !== this.#incarnation) return;
        this.#activity = IDLE;
        this.#inflight = null;
        this.#failed(error, raw);
      },
    );
    this.#inflight = settled;
    this.#inflightRelease = this.runtime.scheduler.track(settled);
  }

  #afterActivity(): void {
    if (this.mailbox.hasSystem) this.#processSystem();
    if (
      this.#activity === IDLE && !this.queued &&
      (this.status === "starting" ||
        (this.status === "running" && this.mailbox.length > 0))
    ) {
      this.runtime.scheduler.schedule(this);
    }
  }

  #processSystem(): void {
    let signal: Signal | undefined;
    while ((signal = this.mailbox.takeSystem()) !== undefined) {
      if (this.status === "stopped") continue;
      if (signal.type === "stop") {
        const { reason, error } = signal;
        this.#runOp(() => this.#stopOp(reason, error));
      } else if (signal.type === "fail") {
        if (this.status === "running" || this.status === "starting") {
          this.#failed(signal.error, undefined);
        }
      } else if (this.status === "running" && !this.#stopRequested) {
        this.restart(0);
      }
    }
  }

  // ---- start ------------------------------------------------------------

  #init(): void {
    const ctx = this.#ctx = new Context(this);
    let result;
    try {
      result = this.definition.init(this.args, ctx);
    } catch (error) {
      this.#initFailed(error);
      return;
    }
    if (
      result !== null && typeof result === "object" &&
      typeof (result as PromiseLike<unknown>).then === "function"
    ) {
      this.#activity = AWAITING;
      const incarnation = this.#incarnation;
      const settled = Promise.resolve(result as PromiseLike<unknown>).then(
        (state) => {
          if (incarnation !== this.#incarnation) return;
          this.#activity = IDLE;
          this.#inflight = null;
          this.#running(state);
          this.#afterActivity();
        },
        (error) => {
          if (incarnation !== this.#incarnation) return;
          this.#activity = IDLE;
          this.#inflight = null;
          this.#initFailed(error);
        },
      );
      this.#inflight = settled;
      this.#inflightRelease = this.runtime.scheduler.track(settled);
    } else {
      this.#running(result);
    }
  }

  #initFailed(error: unknown): void {
    this.#failed(
      new SpawnError(
        this.path,
        `Actor "${this.path}" failed to initialise: ${errorMessage(error)}`,
        { cause: error },
      ),
      undefined,
    );
  }

  #running(state: unknown): void {
    this.#state = state;
    this.#initialized = true;
    this.status = "running";
    this.startedAt = this.runtime.clock.now();
    const events = this.runtime.events;
    if (events.active) {
      const restarts = this.restarts;
      events.publish({ type: "started", path: this.path, restarts });
      if (restarts > 0) {
        events.publish({ type: "restarted", path: this.path, restarts });
      }
    }
    this.#resolveStarted();
  }

  #resolveStarted(): void {
    const started = this.#started;
    if (started !== null) {
      this.#started = null;
      started.resolve();
    }
  }

  // ---- failure ----------------------------------------------------------

  /**
   * Fails this actor from outside its handlers (an escalation from a child).
   * Queued as a signal if the actor is busy.
   */
  fail(error: unknown): void {
    if (this.status === "stopped" || this.#stopRequested) return;
    if (
      this.#activity === IDLE &&
      (this.status === "running" || this.status === "starting")
    ) {
      this.#failed(error, undefined);
    } else {
      this.mailbox.offerSystem({ type: "fail", error });
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

  async #prepareRestartOp(
    dropMail: boolean,
    reason: StopReason = "failed",
  ): Promise<boolean> {
    if (this.status === "stopped" || this.#stopRequested) return false;
    this.status = "restarting";
    await this.#teardown(reason);
    if (dropMail) {
      for (const message of this.mailbox.drain()) {
        this.#dead(message, "dropped");
      }
    }
    return this.status === "restarting";
  }

  async #completeRestartOp(delayMs: number): Promise<void> {
    if (this.status !== "restarting" && this.status !== "failed") return;
    if (delayMs > 0 && !this.#stopRequested) {
      this.status = "backing-off";
      const events = this.runtime.events;
      if (events.active) {
        events.publish({ type: "backing-off", path: this.path, delayMs });
      }
      await new Promise<void>((resolve) => {
        const clock = this.runtime.clock;
        const timer = clock.setTimeout(resolve, delayMs);
        this.#wakeBackoff = () => {
          clock.clearTimeout(timer);
          resolve();
        };
      });
      this.#wakeBackoff = null;
    }
    if (this.#stopRequested || this.#isStopped()) return;
    this.restarts++;
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
    const done = this.#stopDone ??= Promise.withResolvers<void>();
    if (this.#stopRequested) return done.promise;
    this.#stopRequested = true;
    this.#ctx?.end();
    this.#wakeBackoff?.();
    if (this.#activity === TURN) {
      this.mailbox.offerSystem({ type: "stop", reason, error });
    } else {
      this.#runOp(() => this.#stopOp(reason, error));
    }
    return done.promise;
  }

  async #stopOp(reason: StopReason, error: unknown): Promise<void> {
    if (this.status === "stopped") return;
    this.status = "stopping";
    await this.#teardown(reason);
    if (this.status !== "stopping") return;
    const parent = this.parent;
    if (
      reason === "normal" && parent !== null && parent.status === "running"
    ) {
      const delay = parent.hooks.childExiting(parent, this);
      if (delay !== false) {
        this.#stopRequested = false;
        const done = this.#stopDone;
        this.#stopDone = null;
        done?.resolve();
        this.status = "restarting";
        if (delay !== "held") await this.#completeRestartOp(delay);
        return;
      }
    }
    this.#finalize(reason, error);
  }

  /** Stops at once, without waiting for `stopped`; so are its children. */
  kill(): void {
    if (this.status === "stopped") return;
    for (const child of this.children.reverse()) child.kill();
    this.#ctx?.end();
    this.#incarnation++;
    // What it abandons (a `stopped` hook or handler that never settles) no
    // longer counts as work in flight.
    this.#inflightRelease?.();
    this.#inflightRelease = null;
    const releases = this.#opReleases;
    this.#opReleases = null;
    if (releases !== null) {
      for (const release of releases) release();
    }
    this.#finalize("killed", undefined);
  }

  /** Ends the incarnation: abort, timers, asks, in-flight handler, children, `stopped`. */
  async #teardown(reason: StopReason): Promise<void> {
    const ctx = this.#ctx;
    this.#incarnation++;
    ctx?.end();
    this.#rejectAsks(reason);
    if (this.#inflight !== null) {
      await this.#inflight;
      this.#inflight = null;
    }
    this.#activity = IDLE;
    for (const child of this.children.reverse()) {
      await this.stopChild(child, "shutdown");
    }
    if (this.#initialized && ctx !== null) {
      this.#initialized = false;
      const stopped = this.definition.stopped;
      if (stopped !== undefined) {
        try {
          await stopped.call(this.definition, this.#state, reason, ctx);
        } catch (error) {
          const events = this.runtime.events;
          if (events.active) {
            events.publish({ type: "failed", path: this.path, error });
          }
        }
      }
    }
    this.#state = undefined;
  }

  #finalize(reason: StopReason, error: unknown): void {
    if (this.status === "stopped") return;
    this.status = "stopped";
    this.stopReason = reason;
    this.#activity = IDLE;
    const runtime = this.runtime;
    for (const message of this.mailbox.drain()) this.#dead(message, "stopped");
    while (this.mailbox.takeSystem() !== undefined) { /* discard */ }
    this.#rejectAsks(reason);
    for (const [name, cell] of runtime.names) {
      if (cell === this) runtime.names.delete(name);
    }
    const parent = this.parent;
    if (parent !== null && parent.#children?.get(this.name) === this) {
      parent.#children.delete(this.name);
      parent.hooks.childStopped(parent, this, reason);
    }
    if (this.#watching !== null) {
      for (const target of this.#watching) target.#watchers?.delete(this);
      this.#watching = null;
    }
    const watchers = this.#watchers;
    this.#watchers = null;
    if (watchers !== null) {
      const notice: Terminated = error === undefined
        ? { ref: this.ref as AnyActorRef, path: this.path, reason }
        : { ref: this.ref as AnyActorRef, path: this.path, reason, error };
      for (const [watcher, toMessage] of watchers) {
        watcher.#watching?.delete(this);
        try {
          watcher.enqueue(toMessage(notice));
        } catch (cause) {
          watcher.fail(cause);
        }
      }
    }
    const events = runtime.events;
    if (events.active && parent !== null) {
      events.publish(
        error === undefined
          ? { type: "stopped", path: this.path, reason }
          : { type: "stopped", path: this.path, reason, error },
      );
    }
    this.#resolveStarted();
    const done = this.#stopDone;
    this.#stopDone = null;
    done?.resolve();
  }

  /** Reads the status afresh (TypeScript narrows it across awaits). */
  #isStopped(): boolean {
    return this.status === "stopped";
  }

  /** Serialises lifecycle operations on this cell. */
  #runOp(op: () => Promise<void>): Promise<void> {
    const previous = this.#ops ?? Promise.resolve();
    const next = previous.then(op).catch((error) => {
      console.error(`understudy: lifecycle of "${this.path}" failed`, error);
    });
    const tracked = next.then(() => {
      if (this.#ops === tracked) this.#ops = null;
      if (this.status !== "stopped") this.#afterActivity();
    });
    this.#ops = tracked;
    const releases = this.#opReleases ??= new Set();
    const release = this.runtime.scheduler.track(tracked);
    releases.add(release);
    const forget = () => void releases.delete(release);
    tracked.then(forget, forget);
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
    (this.#watchers ??= new Map()).set(watcher, toMessage);
    (watcher.#watching ??= new Set()).add(this);
  }

  /** Cancels a watch. */
  removeWatcher(watcher: ActorCell): void {
    this.#watchers?.delete(watcher);
    watcher.#watching?.delete(this);
  }

  // ---- asks and dead letters ---------------------------------------------

  forget(ask: unknown): void {
    this.#asks?.delete(ask as PendingAsk);
  }

  #rejectAsks(reason: StopReason): void {
    const asks = this.#asks;
    if (asks === null || asks.size === 0) return;
    this.#asks = null;
    const cause = this.#record?.lastError;
    for (const ask of asks) {
      ask.holder = null;
      ask.fail(
        reason === "failed"
          ? new ActorFailedError(
            this.path,
            `Actor "${this.path}" failed before answering: ${
              errorMessage(cause)
            }`,
            { cause, undelivered: ask.message },
          )
          : new ActorStoppedError(
            this.path,
            `Actor "${this.path}" stopped before answering`,
            { undelivered: ask.message },
          ),
      );
    }
  }

  #dead(raw: unknown, reason: DeadLetterReason, error?: unknown): void {
    let message = raw;
    if (raw instanceof PendingAsk) {
      message = raw.message;
      raw.fail(
        reason === "failed"
          ? new ActorFailedError(
            this.path,
            `Actor "${this.path}" failed while handling the ask: ${
              errorMessage(error)
            }`,
            { cause: error, undelivered: message },
          )
          : reason === "full"
          ? new MailboxFullError(
            this.path,
            `Cannot send to actor "${this.path}": mailbox is full`,
            { undelivered: message },
          )
          : new ActorStoppedError(
            this.path,
            `Cannot send to actor "${this.path}": actor is stopped`,
            { undelivered: message },
          ),
      );
    }
    this.runtime.deadLetter(this.path, message, reason, error);
  }
}
