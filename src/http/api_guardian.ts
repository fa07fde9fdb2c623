/**
 * The API guardian: everything created over the control plane (actors spawned
 * with `POST /v1/actors` into the default pool, supervisors made with
 * `POST /v1/supervisors`) lives under one top-level dynamic supervisor,
 * `/api`, so no client can take the process down.
 *
 * Its children are `temporary` (OTP): when one fails (a supervisor that gave
 * up, a pool past its restart intensity) the guardian stops that subtree,
 * counts it and remembers why; it never restarts it and never escalates, so a
 * failure created over the API stops at `/api`. The guardian is created on
 * first use, and again after a client stopped it. Only the program's own
 * top-level tree can still take the process down (through the system's
 * `guardian.onEscalation`), as the README documents.
 *
 * @module
 */

import type { AnyActorRef } from "../core/actor_context.ts";
import type { ActorSystem } from "../core/actor_system.ts";
import type { AnyChildSpec } from "../core/child_spec.ts";
import { dynamicSupervisor } from "../core/dynamic_supervisor.ts";
import { ChildStartError, errorMessage, SpawnError } from "../core/errors.ts";
import { inspect } from "../core/inspection.ts";
import { countChildren, startChild } from "../core/supervisor.ts";
import { HttpError } from "./errors.ts";

/** The guardian's name under the root: its path is `/api`. */
export const API_GUARDIAN = "api";
/** The kind the guardian shows in the tree. */
const GUARDIAN_KIND = "api-guardian";
/** The default pool of `POST /v1/actors`, under the guardian. */
export const DEFAULT_POOL = "spawned";

/** A subtree the guardian stopped. */
export interface StoppedSubtree {
  /** Its path, such as `"/api/fragile"`. */
  readonly path: string;
  /** Why, as a message (never a stack). */
  readonly error: string;
  /** When, in the system clock's milliseconds. */
  readonly time: number;
}

/** How much clients may create through one control plane. */
export interface ApiLimits {
  /**
   * The most actors the default pool (`/api/spawned`) holds at once;
   * `Infinity` for no limit.
   */
  readonly maxSpawned: number;
  /**
   * The most supervisors clients keep under the guardian at once
   * (`POST /v1/supervisors`); `Infinity` for no limit.
   */
  readonly maxSupervisors: number;
}

/** The limits a control plane applies unless told otherwise. */
export const DEFAULT_API_LIMITS: ApiLimits = {
  maxSpawned: 100_000,
  maxSupervisors: 1_000,
};

/**
 * The default pool's policy: a child whose `init` fails is stopped (it would
 * fail the same way again), restarts back off, and the intensity is generous.
 * Past it the pool gives up and the guardian stops it; the next spawn makes a
 * fresh one.
 */
const POOL_POLICY = {
  kind: "spawned-supervisor",
  maxRestarts: 100,
  withinMs: 60_000,
  backoff: { minMs: 100, maxMs: 10_000 },
  decider: (error: unknown) =>
    error instanceof SpawnError ? "stop" as const : "restart" as const,
};

/** The guardian of what one control plane creates. */
export class ApiGuardian {
  readonly #system: ActorSystem;
  readonly #limits: ApiLimits;
  #ref: AnyActorRef | undefined;
  #pool: Promise<AnyActorRef> | undefined;
  #stopped = 0;
  #last: StoppedSubtree | null = null;

  /**
   * @param system The system the guardian lives in.
   * @param limits How much clients may create.
   * @throws {RangeError} When a limit is not a positive integer or
   * `Infinity`.
   */
  constructor(system: ActorSystem, limits: ApiLimits = DEFAULT_API_LIMITS) {
    checkLimit("maxSpawned", limits.maxSpawned);
    checkLimit("maxSupervisors", limits.maxSupervisors);
    this.#system = system;
    this.#limits = limits;
  }

  /** The guardian's path. */
  get path(): string {
    return `/${API_GUARDIAN}`;
  }

  /** How many subtrees the guardian has stopped after a failure. */
  get subtreesStopped(): number {
    return this.#stopped;
  }

  /** The last subtree stopped, or `null`. */
  get lastStopped(): StoppedSubtree | null {
    return this.#last;
  }

  /**
   * Starts a child under the guardian as a `temporary` child.
   *
   * @param spec The child spec (its `restart` is forced to `temporary`).
   * @returns The running child.
   * @throws {HttpError} 422 `start_failed` when it failed to start; 409 when
   * the name is taken or `/api` belongs to the program; 409 `max_children`
   * when clients hold `maxSupervisors` supervisors already.
   */
  async start(spec: AnyChildSpec): Promise<AnyActorRef> {
    const guardian = this.#guardian();
    const max = this.#limits.maxSupervisors;
    // The pool has a place of its own: the guardian's bound is one more.
    const pool = this.#system.lookup(`${this.path}/${DEFAULT_POOL}`);
    const held = countChildren(guardian).specs -
      (pool !== undefined && pool.status !== "stopped" ? 1 : 0);
    if (held >= max) {
      throw new HttpError(
        409,
        "max_children",
        `Cannot create supervisor "${spec.id}": clients hold ${held} supervisors under "${this.path}", the limit (maxSupervisors)`,
      );
    }
    return await startOrThrow(guardian, { ...spec, restart: "temporary" });
  }

  /**
   * The default pool (`/api/spawned`), created on first use.
   *
   * @returns Its ref.
   */
  async pool(): Promise<AnyActorRef> {
    const live = this.#system.lookup(`${this.path}/${DEFAULT_POOL}`);
    if (live !== undefined && live.status !== "stopped") return live;
    const pending = this.#pool;
    if (pending !== undefined) return await pending;
    const made = startOrThrow(this.#guardian(), {
      id: DEFAULT_POOL,
      start: dynamicSupervisor({
        ...POOL_POLICY,
        maxChildren: this.#limits.maxSpawned,
      }),
      restart: "temporary",
    });
    this.#pool = made;
    try {
      return await made;
    } finally {
      this.#pool = undefined;
    }
  }

  #guardian(): AnyActorRef {
    const ref = this.#ref;
    if (ref !== undefined && ref.status !== "stopped") return ref;
    const path = this.path;
    const existing = this.#system.lookup(path);
    if (existing !== undefined) {
      if (inspect(this.#system, existing)?.kind === GUARDIAN_KIND) {
        return this.#ref = existing;
      }
      throw new HttpError(
        409,
        "conflict",
        `Cannot create the API guardian "${path}": the program has an actor there`,
      );
    }
    const definition = dynamicSupervisor({
      kind: GUARDIAN_KIND,
      maxChildren: this.#limits.maxSupervisors + 1,
      decider: (error, child) => {
        this.#stopped++;
        this.#last = {
          path: child.path,
          error: errorMessage(error),
          time: this.#system.clock.now(),
        };
        return "stop";
      },
    });
    return this.#ref = this.#system.spawn(definition, { name: API_GUARDIAN });
  }
}

/**
 * Starts a child under a supervisor and turns a start that failed (OTP: a
 * failed start is an error to the caller, and nothing is kept) or was
 * declined (`ignore`) into a 422 `start_failed`.
 *
 * @param parent The supervisor.
 * @param spec The child spec; a dynamic supervisor accepts it without `id`.
 * @returns The running child.
 * @throws {HttpError} 422 `start_failed` or `validation_failed`; the core's
 * `SpawnError` for a taken id or `maxChildren` passes through.
 */
export async function startOrThrow(
  parent: AnyActorRef,
  spec: AnyChildSpec | Omit<AnyChildSpec, "id">,
): Promise<AnyActorRef> {
  let ref: AnyActorRef | undefined;
  try {
    ref = await startChild(parent, spec);
  } catch (error) {
    if (error instanceof ChildStartError) throw startFailed(error);
    if (error instanceof TypeError || error instanceof RangeError) {
      throw new HttpError(422, "validation_failed", error.message);
    }
    throw error;
  }
  if (ref === undefined) {
    throw new HttpError(
      422,
      "start_failed",
      "Cannot start actor: its init declined to start (ignore)",
    );
  }
  return ref;
}

/** Checks one of the {@linkcode ApiLimits}. */
function checkLimit(name: string, value: number): void {
  if (value === Infinity || (Number.isInteger(value) && value >= 1)) return;
  throw new RangeError(
    `Invalid control plane options: ${name} must be a positive integer or Infinity, got "${value}"`,
  );
}

function startFailed(error: unknown): HttpError {
  return new HttpError(422, "start_failed", errorMessage(error));
}
