/**
 * The actor system: one scheduler, a root guardian, the name registry, the
 * event stream, the clock and the dead-letter count.
 *
 * Follows Akka's `ActorSystem` (a guardian above the top-level actors, an
 * event stream, dead letters) and OTP's application shutdown (children stop
 * in reverse start order). Top-level actors are supervised by the guardian
 * with the default policy (restart, at most 3 in 5000 ms, then stop that
 * actor); a supervisor that gives up escalates to the guardian, whose
 * reaction is {@linkcode GuardianOptions.onEscalation}.
 *
 * @module
 */

import { Deadlines } from "./_deadlines.ts";
import { ActorCell, HOOKS, NO_SPAWN_OPTIONS } from "./actor_cell.ts";
import type { ActorDefinition } from "./actor_definition.ts";
import type { AnyActorRef, SpawnArgs } from "./actor_context.ts";
import type { ActorRef } from "./actor_ref.ts";
import { type Clock, realClock } from "./clock.ts";
import { EscalationError, SpawnError } from "./errors.ts";
import { type DeadLetterReason, EventStream } from "./events.ts";
import { RUN_TURN, Scheduler, type SchedulerStats } from "./scheduler.ts";
import { cellOf, Context } from "./_context.ts";
import { childNamed, registerName } from "./_cell_children.ts";
import { spawnChild } from "./_cell_spawn.ts";
import { requestStop } from "./_cell_stop.ts";
import { AskTimeouts } from "./_ask_timeouts.ts";
import type { Runtime } from "./_runtime.ts";
import {
  awaitFirstStart,
  defaultHooks,
  type SupervisorHooks,
} from "./_supervisor_hooks.ts";

/** What the root guardian does when a failure escalates to it. */
export interface GuardianOptions {
  /**
   * `"shutdown"`: publish the escalation and shut the system down cleanly
   * (`terminated` resolves with cause `escalation`). `"restart"`: restart the
   * top-level actor under the default limit, like any other failure.
   * Defaults to `"shutdown"`.
   */
  readonly onEscalation?: "shutdown" | "restart";
}

/** Options for an {@linkcode ActorSystem}. */
export interface ActorSystemOptions {
  /** The system's name, shown by inspection. Defaults to `"understudy"`. */
  readonly name?: string;
  /** The time source for timers, asks and backoff. Defaults to the host clock. */
  readonly clock?: Clock;
  /** The most messages an actor handles per turn. Defaults to 100. */
  readonly throughput?: number;
  /** How long the scheduler runs before yielding to the host. Defaults to 4 ms. */
  readonly timeSliceMs?: number;
  /** The root guardian's reaction to escalations. */
  readonly guardian?: GuardianOptions;
}

/** How a system ended. */
export interface SystemTermination {
  /** `requested` by `shutdown()`, or `escalation` that reached the guardian. */
  readonly cause: "requested" | "escalation";
  /** The escalated failure, when `cause` is `escalation`. */
  readonly error?: unknown;
}

/** Figures about a system, for inspection. */
export interface SystemStats {
  /** Dead letters so far. */
  readonly deadLetters: number;
  /** The scheduler's figures. */
  readonly scheduler: SchedulerStats;
}

let guardianOfSystem: (system: ActorSystem) => ActorCell;
let runtimeOfSystem: (system: ActorSystem) => Runtime;

/**
 * The shared services of a system; for modules inside this package only.
 *
 * @param system The system.
 * @returns Its runtime.
 */
export function runtimeOf(system: ActorSystem): Runtime {
  return runtimeOfSystem(system);
}

/**
 * The root guardian cell of a system; for modules inside `src/core` only.
 *
 * @param system The system.
 * @returns Its guardian.
 */
export function guardianOf(system: ActorSystem): ActorCell {
  return guardianOfSystem(system);
}

/**
 * The cell at an absolute path; for modules inside `src/core` only.
 *
 * @param system The system.
 * @param path The path, such as `"/trading/risk"`.
 * @returns The cell, or `undefined`.
 */
export function cellAt(
  system: ActorSystem,
  path: string,
): ActorCell | undefined {
  if (typeof path !== "string" || !path.startsWith("/")) return undefined;
  const guardian = guardianOf(system);
  let cell: ActorCell | undefined = guardian;
  for (const segment of path.split("/")) {
    if (segment === "") continue;
    cell = childNamed(cell, segment);
    if (cell === undefined) return undefined;
  }
  return cell === guardian ? undefined : cell;
}

const guardianDefinition: ActorDefinition<never, null> = {
  kind: "guardian",
  init: () => null,
  receive: () => {},
};

/**
 * A tree of actors with its own scheduler, clock, registry and events. Two
 * systems in one process share nothing.
 *
 * @example Spawn, tell, shut down
 * ```ts
 * import { ActorSystem, defineActor } from "@understudy/runtime";
 * const seen: string[] = [];
 * const logger = defineActor({ init: () => null, receive: (_: null, line: string) => void seen.push(line) });
 * await using system = new ActorSystem();
 * system.spawn(logger, { name: "log" }).tell("hello");
 * await system.shutdown();
 * console.assert(seen[0] === "hello");
 * ```
 */
export class ActorSystem implements AsyncDisposable {
  /** The system's name. */
  readonly name: string;
  /** The system's clock. */
  readonly clock: Clock;
  /** Lifecycle events and dead letters. */
  readonly events: EventStream;
  /** The clock time at which the system was created. */
  readonly startedAt: number;
  readonly #runtime: Runtime;
  readonly #guardian: ActorCell;
  #deadLetters = 0;
  #shutdown: Promise<void> | null = null;
  readonly #terminated = Promise.withResolvers<SystemTermination>();
  #termination: SystemTermination | null = null;

  /**
   * Creates a running system.
   *
   * @param options Name, clock, scheduler and guardian settings.
   * @throws {RangeError} When a scheduler option is out of range.
   */
  constructor(options: ActorSystemOptions = {}) {
    this.name = options.name ?? "understudy";
    const clock = this.clock = options.clock ?? realClock;
    this.events = new EventStream(() => clock.now());
    this.startedAt = clock.now();
    const scheduler = new Scheduler(options);
    const onEscalation = options.guardian?.onEscalation ?? "shutdown";
    if (onEscalation !== "shutdown" && onEscalation !== "restart") {
      throw new RangeError(
        `Invalid guardian options: onEscalation must be "shutdown" or "restart", got "${onEscalation}"`,
      );
    }
    const runtime: Runtime = {
      system: this,
      scheduler,
      clock,
      events: this.events,
      asks: new AskTimeouts(clock),
      deadlines: new Deadlines(clock),
      names: new Map(),
      paths: new WeakMap(),
      behaviors: new WeakMap(),
      deadLetter: (path, message, reason, error) =>
        this.#deadLetter(path, message, reason, error),
      newContext: (cell) => new Context(cell),
      rootFailed: (error) => this.#rootFailed(error),
    };
    this.#runtime = runtime;
    scheduler.afterRun = runtime.asks.stamp;
    const hooks: SupervisorHooks = {
      ...defaultHooks,
      childFailed(parent, child, error) {
        if (error instanceof EscalationError && onEscalation === "shutdown") {
          runtime.rootFailed(error);
        } else {
          defaultHooks.childFailed(parent, child, error);
        }
      },
    };
    this.#guardian = new ActorCell(
      runtime,
      null,
      { ...guardianDefinition, [HOOKS]: () => hooks },
      "",
      { shutdown: "infinity" },
    );
    this.#guardian[RUN_TURN](1);
  }

  /** Messages that could not be delivered or handled, so far. */
  get deadLetters(): number {
    return this.#deadLetters;
  }

  /** `running`, `stopping` (shutdown in progress) or `terminated`. */
  get status(): "running" | "stopping" | "terminated" {
    return this.#termination === null
      ? this.#shutdown === null ? "running" : "stopping"
      : "terminated";
  }

  /** Resolves, with the cause, once the system has shut down. */
  get terminated(): Promise<SystemTermination> {
    return this.#terminated.promise;
  }

  /** Current figures. */
  get stats(): SystemStats {
    return {
      deadLetters: this.#deadLetters,
      scheduler: this.#runtime.scheduler.stats,
    };
  }

  /** The top-level actors, in start order. */
  get topLevel(): readonly AnyActorRef[] {
    return this.#guardian.children.map((cell) => cell.ref as AnyActorRef);
  }

  /**
   * Spawns a top-level actor, supervised by the root guardian.
   *
   * @typeParam Msg The actor's messages.
   * @typeParam State The actor's state.
   * @typeParam Args The arguments its `init` takes.
   * @param definition What the actor does.
   * @param options Name, arguments, mailbox, supervision; required when `init`
   * takes arguments.
   * @returns The actor's ref, usable at once.
   * @throws {SpawnError} When the name is taken or the system is shutting down.
   * @throws {TypeError} When the definition or name is invalid.
   */
  spawn<Msg, State, Args>(
    definition: ActorDefinition<Msg, State, Args>,
    ...[options]: SpawnArgs<Args>
  ): ActorRef<Msg> {
    return spawnChild(
      this.#guardian,
      definition,
      options ?? NO_SPAWN_OPTIONS,
    ) as ActorRef<Msg>;
  }

  /**
   * Spawns a top-level actor and waits until it has started: its `init` has
   * run, and for a supervisor every child has started (as OTP's
   * `start_link` returns). An actor whose first start fails is not
   * restarted: it stops and the promise rejects.
   *
   * @typeParam Msg The actor's messages.
   * @typeParam State The actor's state.
   * @typeParam Args The arguments its `init` takes.
   * @param definition What the actor does.
   * @param options As for {@linkcode ActorSystem.spawn}.
   * @returns The actor's ref, once started (stopped, if its `init` called
   * `ignore()`).
   * @throws {ChildStartError} When a supervisor's child failed to start:
   * `id` names it, `cause` is what its `init` threw.
   * @throws {SpawnError} When the actor's own `init` threw (`cause`), or the
   * name is taken.
   * @throws {TypeError} When the definition or name is invalid.
   * @example Children are running once the supervisor has started
   * ```ts
   * import { ActorSystem, childSpec, defineActor, supervisor } from "../../mod.ts";
   * const worker = defineActor({ init: () => 0, receive: (n: number, _: "work") => n + 1 });
   * await using system = new ActorSystem();
   * await system.start(supervisor({ children: [childSpec("a", worker)] }), { name: "app" });
   * console.assert(system.lookup("/app/a")?.status === "running");
   * ```
   */
  async start<Msg, State, Args>(
    definition: ActorDefinition<Msg, State, Args>,
    ...[options]: SpawnArgs<Args>
  ): Promise<ActorRef<Msg>> {
    const cell = spawnChild(
      this.#guardian,
      definition,
      options ?? NO_SPAWN_OPTIONS,
    );
    await awaitFirstStart(cell);
    return cell.ref as ActorRef<Msg>;
  }

  /**
   * Finds an actor by its registered name (see `SpawnOptions.register`).
   *
   * @typeParam Msg The messages the caller knows the actor accepts (not
   * checked at run time). Defaults to `never`: nothing can be sent.
   * @param name The registered name.
   * @returns The ref, or `undefined`.
   */
  whereIs<Msg = never>(name: string): ActorRef<Msg> | undefined {
    return this.#runtime.names.get(name)?.ref as ActorRef<Msg> | undefined;
  }

  /**
   * Registers a running actor under a system-wide name; the name is freed when
   * the actor stops.
   *
   * @param name The name.
   * @param ref The actor.
   * @throws {SpawnError} When the name is taken.
   * @throws {TypeError} When `ref` is not a ref of this system.
   */
  register(name: string, ref: AnyActorRef): void {
    if (typeof name !== "string" || name === "") {
      throw new TypeError(
        `Cannot register actor: name must be a non-empty string, got "${name}"`,
      );
    }
    const cell = cellOf(ref, "register actor");
    if (cell.runtime !== this.#runtime || cell.status === "stopped") {
      throw new TypeError(
        `Cannot register actor as "${name}": not a running actor of this system`,
      );
    }
    const names = this.#runtime.names;
    if (names.has(name) && names.get(name) !== cell) {
      throw new SpawnError(
        cell.path,
        `Cannot register actor as "${name}": name is taken`,
      );
    }
    if (names.get(name) !== cell) registerName(cell, name);
  }

  /**
   * Frees a registered name.
   *
   * @param name The name.
   * @returns Whether it was registered.
   */
  unregister(name: string): boolean {
    return this.#runtime.names.delete(name);
  }

  /**
   * Finds an actor by path, such as `"/trading/risk"`.
   *
   * @typeParam Msg The messages the caller knows the actor accepts (not
   * checked at run time). Defaults to `never`: nothing can be sent.
   * @param path The absolute path.
   * @returns The ref, or `undefined`.
   */
  lookup<Msg = never>(path: string): ActorRef<Msg> | undefined {
    return cellAt(this, path)?.ref as ActorRef<Msg> | undefined;
  }

  /**
   * Stops every actor (children before parents, reverse start order) and
   * resolves when all have stopped. Calling it again returns the same promise.
   *
   * @returns Resolves when the system has terminated.
   */
  shutdown(): Promise<void> {
    return this.#shutdown ??= this.#doShutdown({ cause: "requested" });
  }

  /** Shuts the system down. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  static {
    guardianOfSystem = (system) => system.#guardian;
    runtimeOfSystem = (system) => system.#runtime;
  }

  async #doShutdown(termination: SystemTermination): Promise<void> {
    const events = this.events;
    if (events.active) {
      events.publish(
        termination.error === undefined
          ? { type: "system-shutdown", path: "/", cause: termination.cause }
          : {
            type: "system-shutdown",
            path: "/",
            cause: termination.cause,
            error: termination.error,
          },
      );
    }
    await requestStop(this.#guardian, "shutdown");
    this.#runtime.asks.clear();
    this.#termination = termination;
    this.#terminated.resolve(termination);
  }

  #rootFailed(error: unknown): void {
    const events = this.events;
    if (events.active) {
      events.publish({ type: "escalated", path: "/", error });
    }
    this.#shutdown ??= this.#doShutdown({ cause: "escalation", error });
  }

  #deadLetter(
    path: string,
    message: unknown,
    reason: DeadLetterReason,
    error: unknown,
  ): void {
    this.#deadLetters++;
    const events = this.events;
    if (events.active) {
      events.publish(
        error === undefined
          ? { type: "dead-letter", path, message, reason }
          : { type: "dead-letter", path, message, reason, error },
      );
    }
  }
}
