/**
 * Partition supervisors: a fixed pool of identical workers, a key picks one.
 *
 * Follows Elixir's `PartitionSupervisor` and the Trupe seed's
 * `PartitionSupervisor`: N one-for-one children, and a stable hash of the key
 * (FNV-1a over its string form) chooses the worker, so the same key always
 * reaches the same worker, across restarts too, since a restarted worker
 * keeps its ref.
 *
 * @module
 */

import type { ActorDefinition } from "./actor_definition.ts";
import type { ActorRef } from "./actor_ref.ts";
import type { AnyActorRef } from "./actor_context.ts";
import type { MailboxOptions } from "./mailbox.ts";
import type { BackoffOptions, Decider } from "./supervision.ts";
import { validateSupervision } from "./supervision.ts";
import { coreOf, supervisorDefinition } from "./supervisor.ts";
import { childNamed } from "./_cell_children.ts";
import { resolvePolicy, SupervisorCore } from "./_supervisor_core.ts";

/** A message for a partition supervisor: routed to the key's worker. */
export interface Routed<Msg> {
  /** The routing key. */
  readonly key: string | number;
  /** The message for the worker. */
  readonly message: Msg;
}

/** Options for {@linkcode partitionSupervisor}. */
export interface PartitionSupervisorOptions<Msg, State, Args> {
  /** What each worker does. */
  readonly worker: ActorDefinition<Msg, State, Args>;
  /** The arguments for a worker's `init`, from its partition index. */
  readonly args?: (partition: number) => Args;
  /**
   * How many workers. Defaults to the host's `navigator.hardwareConcurrency`
   * (at least 1).
   */
  readonly partitions?: number;
  /** Each worker's mailbox. Defaults to unbounded. */
  readonly mailbox?: MailboxOptions;
  /** Restarts allowed within `withinMs`, all workers together. Defaults to 3. */
  readonly maxRestarts?: number;
  /** The intensity window in milliseconds. Defaults to 5000. */
  readonly withinMs?: number;
  /** Chooses the directive for each failure. Defaults to always `restart`. */
  readonly decider?: Decider;
  /** Exponential backoff between restarts. Defaults to none. */
  readonly backoff?: BackoffOptions;
  /** The kind shown by inspection. Defaults to `"partition-supervisor"`. */
  readonly kind?: string;
}

/**
 * FNV-1a (32-bit) over the UTF-16 code units of `String(key)`: the same key
 * always gives the same number, in every process and runtime.
 *
 * @param key The key.
 * @returns An unsigned 32-bit hash.
 */
export function stableHash(key: string | number): number {
  const text = String(key);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function defaultPartitions(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } })
    .navigator?.hardwareConcurrency;
  return typeof cores === "number" && cores >= 1 ? Math.floor(cores) : 1;
}

/**
 * Builds a partition supervisor: tell it `{ key, message }` and it forwards
 * the message to the key's worker; or get the worker's ref with
 * {@linkcode partitionFor}.
 *
 * @typeParam Msg The workers' messages.
 * @typeParam State The workers' state.
 * @typeParam Args The workers' `init` arguments.
 * @param options The worker, the pool size, supervision settings.
 * @returns The definition.
 * @throws {RangeError} When `partitions` is not a positive integer.
 * @example Route by user id
 * ```ts
 * import { ActorSystem, defineActor, partitionFor, partitionSupervisor } from "@understudy/runtime";
 * const worker = defineActor({ init: () => 0, receive: (n: number, _: string) => n + 1 });
 * await using system = new ActorSystem();
 * const pool = system.spawn(partitionSupervisor({ worker, partitions: 4 }), { name: "pool" });
 * pool.tell({ key: "user-7", message: "hello" });
 * console.assert(partitionFor(pool, "user-7") === partitionFor(pool, "user-7"));
 * ```
 */
export function partitionSupervisor<Msg, State, Args>(
  options: PartitionSupervisorOptions<Msg, State, Args>,
): ActorDefinition<Routed<Msg>, null, void> {
  const worker = options?.worker;
  if (
    worker === null || typeof worker !== "object" ||
    typeof worker.init !== "function" || typeof worker.receive !== "function"
  ) {
    throw new TypeError(
      "Invalid partition supervisor options: worker must be an actor definition",
    );
  }
  const partitions = options.partitions ?? defaultPartitions();
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new RangeError(
      `Invalid partition supervisor options: partitions must be a positive integer, got "${partitions}"`,
    );
  }
  validateSupervision(options, "partition supervisor options");
  const policy = resolvePolicy("partition", {
    ...options,
    strategy: "one-for-one",
    partitions,
  });
  const specs = Array.from({ length: partitions }, (_, i) => ({
    id: `partition-${i}`,
    start: worker,
    args: options.args?.(i),
    mailbox: options.mailbox,
  }));
  return supervisorDefinition(
    options.kind ?? "partition-supervisor",
    (cell) => new SupervisorCore(cell, policy, specs),
    (_state, routed, ctx) => {
      const { key, message } = routed as unknown as Routed<Msg>;
      workerFor(ctx.self as AnyActorRef, key)?.tell(message as never);
    },
  ) as unknown as ActorDefinition<Routed<Msg>, null, void>;
}

function workerFor(
  pool: AnyActorRef,
  key: string | number,
): AnyActorRef | undefined {
  const core = coreOf(pool, "route message");
  if (core.policy.kind !== "partition") {
    throw new TypeError(
      `Cannot route message: "${pool.path}" is not a partition supervisor`,
    );
  }
  const id = `partition-${stableHash(key) % core.policy.partitions}`;
  return childNamed(core.cell, id)?.ref as AnyActorRef | undefined;
}

/**
 * The worker that handles `key`.
 *
 * @typeParam Msg The workers' messages.
 * @param pool The partition supervisor.
 * @param key The routing key.
 * @returns The worker's ref (stable across its restarts), or `undefined`
 * while the pool is starting or stopped.
 * @throws {TypeError} When `pool` is not a partition supervisor.
 */
export function partitionFor<Msg>(
  pool: ActorRef<Routed<Msg>>,
  key: string | number,
): ActorRef<Msg> | undefined {
  return workerFor(pool as unknown as AnyActorRef, key) as
    | ActorRef<Msg>
    | undefined;
}
