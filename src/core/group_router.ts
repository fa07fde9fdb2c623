/**
 * Group routers: a ref over a process group that forwards each message to
 * one member (round-robin, random, consistent hash) or to all (broadcast).
 *
 * Follows Akka Typed's group routers (`Routers.group(key)` with
 * `withRoundRobinRouting`, `withRandomRouting`, `withConsistentHashingRouting`
 * over virtual nodes) and OTP's habit of routing over `pg` members. Unlike
 * Akka's, the router is not an actor: it reads the group's member list on
 * each message (no extra hop, no allocation), so it follows joins and leaves
 * at once. Members' refs are stable across their restarts, so a restart
 * changes no route. A message with no member to take it is a dead letter
 * with reason `unroutable`.
 *
 * @module
 */

import { ActorCell } from "./actor_cell.ts";
import type { AnyActorRef } from "./actor_context.ts";
import type {
  ActorRef,
  ActorStatus,
  AskOptions,
  ReplyPort,
} from "./actor_ref.ts";
import { runtimeOf } from "./actor_system.ts";
import { ActorStoppedError } from "./errors.ts";
import type { DeadLetterReason } from "./events.ts";
import { stableHash } from "./partition_supervisor.ts";
import type { GroupKey, ProcessGroups } from "./process_group.ts";
import { askActor } from "./_ask.ts";
import { LocalGroups } from "./_local_groups.ts";
import type { PendingAsk } from "./_pending_ask.ts";
import type { Runtime } from "./_runtime.ts";
import { deliverAsk } from "./_cell_asks.ts";

/**
 * How a router picks: `round-robin` (each member in join order, in turn),
 * `random`, `consistent-hash` (the member owning the message's key on a hash
 * ring; the same key goes to the same member while membership is unchanged,
 * and a join or leave moves only about 1/N of the keys), or `broadcast`
 * (every member).
 */
export type RoutingStrategy =
  | "round-robin"
  | "random"
  | "consistent-hash"
  | "broadcast";

/**
 * Options for {@linkcode groupRouter}.
 *
 * @typeParam M The messages the members accept.
 */
export interface GroupRouterOptions<M> {
  /** How to pick a member. Defaults to `"round-robin"`. */
  readonly strategy?: RoutingStrategy;
  /**
   * The routing key of a message; required for `consistent-hash`, ignored
   * otherwise.
   */
  readonly hashKey?: (message: M) => string | number;
  /**
   * Points per member on the hash ring. Defaults to 10 (Akka's
   * `virtual-nodes-factor`).
   */
  readonly virtualNodes?: number;
  /** The random source of `random`, in [0, 1). Defaults to `Math.random`. */
  readonly random?: () => number;
}

/**
 * Makes a router over a group: a ref you can `tell` and `ask`. An `ask`
 * goes to the member the strategy picks (for `broadcast`, to every member:
 * the first reply wins). `stop()` closes the router, not the members.
 *
 * @typeParam M The messages the members accept.
 * @param groups The group scope.
 * @param key The group.
 * @param options The strategy and its settings.
 * @returns The router's ref.
 * @throws {TypeError} When an argument is invalid, or `consistent-hash` has
 * no `hashKey`.
 * @throws {RangeError} When `virtualNodes` is not a positive integer.
 * @example Round-robin over two workers
 * ```ts
 * import { ActorSystem, defineActor, group, groupRouter, groupsOf } from "@understudy/runtime";
 * const jobs = group<string>("jobs");
 * const done: string[] = [];
 * const worker = defineActor({
 *   init: (name: string) => name,
 *   receive: (name: string, job: string) => void done.push(`${name}:${job}`),
 * });
 * await using system = new ActorSystem();
 * const groups = groupsOf(system);
 * groups.join(jobs, system.spawn(worker, { args: "a" }));
 * groups.join(jobs, system.spawn(worker, { args: "b" }));
 * const router = groupRouter(groups, jobs, { strategy: "round-robin" });
 * router.tell("1");
 * router.tell("2");
 * ```
 */
export function groupRouter<M>(
  groups: ProcessGroups,
  key: GroupKey<M>,
  options: GroupRouterOptions<M> = {},
): ActorRef<M> {
  if (
    groups === null || typeof groups !== "object" ||
    typeof groups.members !== "function"
  ) {
    throw new TypeError("Cannot make router: groups must be a ProcessGroups");
  }
  if (key?.kind !== "group" || typeof key.name !== "string") {
    throw new TypeError("Cannot make router: not a group key");
  }
  const strategy = options.strategy ?? "round-robin";
  if (!STRATEGIES.includes(strategy)) {
    throw new TypeError(
      `Cannot make router: unknown strategy "${String(strategy)}"`,
    );
  }
  const hashKey = options.hashKey;
  if (strategy === "consistent-hash" && typeof hashKey !== "function") {
    throw new TypeError(
      "Cannot make router: consistent-hash needs a hashKey function",
    );
  }
  const virtualNodes = options.virtualNodes ?? 10;
  if (!Number.isInteger(virtualNodes) || virtualNodes < 1) {
    throw new RangeError(
      `Cannot make router: virtualNodes must be a positive integer, got "${virtualNodes}"`,
    );
  }
  const random = options.random ?? Math.random;
  if (typeof random !== "function") {
    throw new TypeError("Cannot make router: random must be a function");
  }
  return new GroupRouter(
    groups,
    key as GroupKey<unknown>,
    strategy,
    (hashKey ?? null) as ((message: unknown) => string | number) | null,
    virtualNodes,
    random,
  ) as unknown as ActorRef<M>;
}

const STRATEGIES: readonly RoutingStrategy[] = [
  "round-robin",
  "random",
  "consistent-hash",
  "broadcast",
];

/**
 * A key's place on the ring: a signed 32-bit integer (small integers compare
 * fastest), MurmurHash3's finaliser over the FNV-1a stable hash of a string,
 * or over the bits of a safe integer (no string made).
 */
function ringHash(key: string | number): number {
  let h: number;
  if (typeof key === "number" && Number.isSafeInteger(key)) {
    h = (key >>> 0) ^ Math.imul(Math.floor(key / 4294967296) | 0, 0x9e3779b1);
  } else {
    h = stableHash(typeof key === "string" ? key : String(key));
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** The router: an `ActorRef` and an ask target, not an actor. */
class GroupRouter {
  readonly name: string;
  readonly path: string;
  readonly runtime: Runtime;
  readonly restarts = 0;
  readonly #groups: ProcessGroups;
  readonly #key: GroupKey<unknown>;
  /** A local scope's live group record, read without a lookup per message. */
  readonly #live: { members(): readonly AnyActorRef[] } | null;
  readonly #strategy: RoutingStrategy;
  readonly #hashKey: ((message: unknown) => string | number) | null;
  readonly #virtualNodes: number;
  readonly #random: () => number;
  #next = 0;
  #stopped = false;
  /** The cell the last routed ask went to (for the ask timeout's stamp). */
  #lastCell: ActorCell | null = null;
  /** The ask being routed, for a member that is not a local cell. */
  #build: ((replyTo: ReplyPort<unknown>) => unknown) | null = null;
  /** The hash ring, for the member list it was built from. */
  #ringOf: readonly AnyActorRef[] | null = null;
  #points: Int32Array = new Int32Array(0);
  /** Where each bucket of the hash's top bits starts in `#points`. */
  #buckets: Int32Array = new Int32Array(2);
  /** 32 minus the bits that pick a bucket. */
  #shift = 31;
  #owners: AnyActorRef[] = [];

  constructor(
    groups: ProcessGroups,
    key: GroupKey<unknown>,
    strategy: RoutingStrategy,
    hashKey: ((message: unknown) => string | number) | null,
    virtualNodes: number,
    random: () => number,
  ) {
    this.#groups = groups;
    this.#key = key;
    this.#live = groups instanceof LocalGroups ? groups.live(key.name) : null;
    this.#strategy = strategy;
    this.#hashKey = hashKey;
    this.#virtualNodes = virtualNodes;
    this.#random = random;
    this.name = key.name;
    this.path = `$router/${groups.scope}/${key.name}`;
    this.runtime = runtimeOf(groups.system);
  }

  get status(): ActorStatus {
    return this.#stopped ? "stopped" : "running";
  }

  /** Whether the actor the last ask went to waits in the run queue. */
  get queued(): boolean {
    return this.#lastCell?.queued ?? false;
  }

  tell(message: unknown): boolean {
    if (this.#stopped) return this.#dead(message, "stopped");
    if (this.#strategy === "broadcast") {
      const members = this.#members();
      if (members.length === 0) return this.#dead(message, "unroutable");
      let delivered = 0;
      for (let i = 0; i < members.length; i++) {
        if ((members[i] as ActorRef<unknown>).tell(message)) delivered++;
      }
      return delivered > 0;
    }
    const member = this.#pick(message);
    if (member === undefined) return this.#dead(message, "unroutable");
    return member.tell(message);
  }

  ask<R>(
    build: (replyTo: ReplyPort<R>) => unknown,
    options?: AskOptions,
  ): Promise<R> {
    if (this.#strategy === "broadcast" && !this.#stopped) {
      const members = this.#members();
      if (members.length > 0) {
        return Promise.any(
          members.map((m) => (m as ActorRef<unknown>).ask(build, options)),
        );
      }
    }
    this.#build = build as (replyTo: ReplyPort<unknown>) => unknown;
    try {
      return askActor(this, build, options, routeAsk);
    } finally {
      this.#build = null;
    }
  }

  /** Routes an ask envelope (its request is built already). */
  enqueueAsk(ask: PendingAsk): boolean {
    const message = ask.message;
    const member = this.#stopped ? undefined : this.#pick(message);
    if (member === undefined) {
      const reason = this.#stopped ? "stopped" : "unroutable";
      ask.fail(
        new ActorStoppedError(
          this.path,
          this.#stopped
            ? `Cannot send to router "${this.path}": router is stopped`
            : `Cannot send to group "${this.name}": it has no members`,
          { undelivered: message },
        ),
      );
      this.runtime.deadLetter(this.path, message, reason);
      return false;
    }
    const cell = ActorCell.of(member);
    this.#lastCell = cell ?? null;
    if (cell !== undefined) return deliverAsk(cell, ask);
    // A member from a transport asks in its own way; relay its answer.
    member.ask(this.#build!, { timeoutMs: Infinity }).then(
      (value) => ask.reply(value),
      (error) => ask.fail(error),
    );
    return true;
  }

  stop(): Promise<void> {
    this.#stopped = true;
    return Promise.resolve();
  }

  toJSON(): string {
    return this.path;
  }

  toString(): string {
    return `GroupRouter(${this.path})`;
  }

  #dead(message: unknown, reason: DeadLetterReason): false {
    this.runtime.deadLetter(this.path, message, reason);
    return false;
  }

  #members(): readonly AnyActorRef[] {
    const live = this.#live;
    return live !== null ? live.members() : this.#groups.members(this.#key);
  }

  #pick(message: unknown): ActorRef<unknown> | undefined {
    const members = this.#members();
    const n = members.length;
    if (n === 0) return undefined;
    let index: number;
    switch (this.#strategy) {
      case "round-robin":
        index = this.#next % n;
        this.#next = index + 1;
        break;
      case "random":
        index = Math.min(n - 1, Math.floor(this.#random() * n));
        break;
      default:
        return this.#onRing(members, message);
    }
    return members[index] as ActorRef<unknown>;
  }

  #onRing(
    members: readonly AnyActorRef[],
    message: unknown,
  ): ActorRef<unknown> {
    if (members !== this.#ringOf) this.#buildRing(members);
    const points = this.#points;
    const hash = ringHash(this.#hashKey!(message));
    // The first point at or after the key's hash, wrapping around: the
    // bucket of the hash's top bits gives where to start looking (about one
    // point per bucket), so the search is a step or two, not log2(points).
    const bucket = ((hash ^ 0x80000000) >>> 0) >>> this.#shift;
    let i = this.#buckets[bucket];
    const end = this.#buckets[bucket + 1];
    while (i < end && points[i] < hash) i++;
    return this.#owners[i === points.length ? 0 : i] as ActorRef<unknown>;
  }

  #buildRing(members: readonly AnyActorRef[]): void {
    const entries: { hash: number; owner: AnyActorRef }[] = [];
    for (const owner of members) {
      for (let v = 0; v < this.#virtualNodes; v++) {
        entries.push({ hash: ringHash(`${owner.path}#${v}`), owner });
      }
    }
    entries.sort((a, b) =>
      a.hash - b.hash || (a.owner.path < b.owner.path ? -1 : 1)
    );
    this.#points = Int32Array.from(entries, (e) => e.hash);
    this.#owners = entries.map((e) => e.owner);
    let bits = 1;
    while (bits < 16 && 1 << bits < entries.length) bits++;
    const count = 1 << bits;
    const buckets = new Int32Array(count + 1);
    let at = 0;
    for (let b = 0; b < count; b++) {
      // The first point whose bucket is b or later.
      while (
        at < entries.length &&
        ((entries[at].hash ^ 0x80000000) >>> 0) >>> (32 - bits) < b
      ) at++;
      buckets[b] = at;
    }
    buckets[count] = entries.length;
    this.#buckets = buckets;
    this.#shift = 32 - bits;
    this.#ringOf = members;
  }
}

/** Delivers an ask envelope through a router. */
function routeAsk(router: GroupRouter, ask: PendingAsk): boolean {
  return router.enqueueAsk(ask);
}
