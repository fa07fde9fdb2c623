/**
 * The broker of one scope in one system: topics by name, each with a list
 * of subscribers. A publish is a loop of `tell`s over that list: no
 * allocation per subscriber besides what a mapper returns. A subscriber that
 * leaves is only marked (O(1)), and the list is compacted into a new array
 * once half of it is marked, so a mass stop of N subscribers costs O(N), not
 * O(N²); a publish in progress keeps iterating the array it started with.
 * Internal; the public face is {@linkcode Broker}.
 *
 * @module
 */

import { ActorCell } from "./actor_cell.ts";
import { membershipsOf } from "./_cell_state.ts";
import type { AnyActorRef } from "./actor_context.ts";
import type { ActorRef } from "./actor_ref.ts";
import type { Broker, BrokerLink, TopicInfo } from "./broker.ts";
import type { Mailbox } from "./mailbox.ts";
import type { Runtime } from "./_runtime.ts";
import type { Topic } from "./topic.ts";
import { type Membership, NONE } from "./_pubsub.ts";
import { failCell } from "./_cell_failure.ts";

type Mapper = (message: unknown) => unknown;

/** One subscription: where to deliver and how to map. One shape for all. */
class Subscriber {
  readonly ref: ActorRef<unknown>;
  readonly cell: ActorCell | null;
  /** The mapper into the subscriber's own messages, or `null`. */
  map: Mapper | null;
  /** A bounded local mailbox (to count its drops), or `null`. */
  readonly box: Mailbox<unknown, unknown> | null;
  readonly bound: number;
  /** Unsubscribed: skipped until the list is compacted. */
  gone = false;

  constructor(ref: AnyActorRef, cell: ActorCell | null, map: Mapper | null) {
    this.ref = ref as ActorRef<unknown>;
    this.cell = cell;
    this.map = map;
    // An idle actor without a mailbox (handed back to the pool) would get a
    // default, unbounded one: nothing to watch.
    const box = cell === null ? null : cell.box;
    this.box = box !== null && box.capacity !== Infinity ? box : null;
    this.bound = this.box === null ? Infinity : this.box.capacity;
  }
}

/** A topic in one broker: its subscribers and counts. */
class TopicState implements Membership {
  readonly name: string;
  readonly broker: LocalBroker;
  /** The subscribers, and those marked `gone` since the last compaction. */
  subs: Subscriber[] = [];
  /** How many are not gone. */
  count = 0;
  readonly byRef: Map<AnyActorRef, Subscriber> = new Map();
  published = 0;
  dropped = 0;

  constructor(name: string, broker: LocalBroker) {
    this.name = name;
    this.broker = broker;
  }

  drop(cell: ActorCell): void {
    this.broker.remove(this, cell as unknown as AnyActorRef);
  }
}

/** The name of a topic key, or a `TypeError`. */
export function topicName<T>(topic: Topic<T>, what: string): string {
  const name = topic?.name;
  if (topic?.kind !== "topic" || typeof name !== "string" || name === "") {
    throw new TypeError(`Cannot ${what}: not a topic key`);
  }
  return name;
}

/** Whether `ref` looks like an actor ref (local or from a transport). */
function isRef(ref: unknown): ref is AnyActorRef {
  return ref !== null && typeof ref === "object" &&
    typeof (ref as { tell?: unknown }).tell === "function" &&
    typeof (ref as { path?: unknown }).path === "string";
}

/** The broker of one scope; see {@linkcode Broker}. */
export class LocalBroker implements Broker, Membership {
  readonly scope: string;
  readonly #runtime: Runtime;
  readonly #topics = new Map<string, TopicState>();
  #link: BrokerLink | null = null;
  #closed = false;
  /** Called once when the broker closes (its owner stopped). */
  onClose: (() => void) | null = null;

  constructor(scope: string, runtime: Runtime, closed = false) {
    this.scope = scope;
    this.#runtime = runtime;
    this.#closed = closed;
  }

  publish<T>(topic: Topic<T>, message: NoInfer<T>): number {
    const name = topicName(topic, "publish");
    if (this.#closed) return 0;
    const delivered = this.#deliver(this.#state(name), message);
    this.#link?.published(name, message);
    return delivered;
  }

  deliver(name: string, message: unknown): number {
    if (typeof name !== "string" || name === "") {
      throw new TypeError(
        "Cannot deliver: topic name must be a non-empty string",
      );
    }
    if (this.#closed) return 0;
    return this.#deliver(this.#state(name), message);
  }

  subscribe<T>(
    topic: Topic<T>,
    subscriber: ActorRef<never>,
    toMessage?: (message: T) => unknown,
  ): void {
    const name = topicName(topic, "subscribe");
    if (toMessage !== undefined && typeof toMessage !== "function") {
      throw new TypeError("Cannot subscribe: toMessage must be a function");
    }
    const cell = ActorCell.of(subscriber) ?? null;
    if (cell === null && !isRef(subscriber)) {
      throw new TypeError("Cannot subscribe: not an actor ref");
    }
    if (cell !== null && cell.runtime !== this.#runtime) {
      throw new TypeError("Cannot subscribe: the actor is in another system");
    }
    if (this.#closed || cell?.status === "stopped") return;
    const state = this.#state(name);
    const map = (toMessage ?? null) as Mapper | null;
    const existing = state.byRef.get(subscriber);
    if (existing !== undefined) {
      // Idempotent: one subscription per actor and topic; the last mapper wins.
      existing.map = map;
      return;
    }
    const sub = new Subscriber(subscriber, cell, map);
    state.byRef.set(subscriber, sub);
    // In place: a publish in progress stops at the length it started with.
    state.subs.push(sub);
    if (cell !== null) membershipsOf(cell).add(state);
    if (++state.count === 1) this.#link?.interest(name, true);
  }

  unsubscribe<T>(topic: Topic<T>, subscriber: AnyActorRef): boolean {
    const state = this.#topics.get(topicName(topic, "unsubscribe"));
    if (state === undefined || !this.remove(state, subscriber)) return false;
    const cell = ActorCell.of(subscriber);
    if (cell !== undefined && cell.status !== "stopped") {
      membershipsOf(cell).delete(state);
    }
    return true;
  }

  subscribers<T>(topic: Topic<T>): readonly AnyActorRef[] {
    const state = this.#topics.get(topicName(topic, "list subscribers"));
    if (state === undefined) return NONE;
    const out: AnyActorRef[] = [];
    for (const sub of state.subs) {
      if (!sub.gone) out.push(sub.ref as AnyActorRef);
    }
    return out;
  }

  topics(): TopicInfo[] {
    const out: TopicInfo[] = [];
    for (const state of this.#topics.values()) {
      out.push({
        scope: this.scope,
        name: state.name,
        subscribers: state.count,
        published: state.published,
        dropped: state.dropped,
      });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  link(link: BrokerLink | null): void {
    this.#link = link;
  }

  /** Whether the broker's scope has ended. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Removes a subscriber from a topic; whether it was there. */
  remove(state: TopicState, ref: AnyActorRef): boolean {
    const sub = state.byRef.get(ref);
    if (sub === undefined) return false;
    state.byRef.delete(ref);
    sub.gone = true;
    const gone = state.subs.length - --state.count;
    // A new array: a publish in progress keeps the one it iterates.
    if (gone > 8 && gone * 2 > state.subs.length) {
      state.subs = state.subs.filter((s) => !s.gone);
    }
    if (state.count === 0) this.#link?.interest(state.name, false);
    return true;
  }

  /** The owner of a scoped broker stopped: the broker closes. */
  drop(_owner: ActorCell): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const state of this.#topics.values()) {
      for (const sub of state.subs) {
        const cell = sub.cell;
        sub.gone = true;
        if (cell !== null && cell.status !== "stopped") {
          membershipsOf(cell).delete(state);
        }
      }
      state.subs = [];
      state.count = 0;
      state.byRef.clear();
    }
    this.onClose?.();
    this.onClose = null;
  }

  #state(name: string): TopicState {
    let state = this.#topics.get(name);
    if (state === undefined) {
      state = new TopicState(name, this);
      this.#topics.set(name, state);
    }
    return state;
  }

  /** The delivery loop: about one `tell` per subscriber. */
  #deliver(state: TopicState, message: unknown): number {
    state.published++;
    const subs = state.subs;
    const length = subs.length;
    let sent = 0;
    let dropped = 0;
    for (let i = 0; i < length; i++) {
      const sub = subs[i];
      if (sub.gone) continue;
      sent++;
      let out = message;
      if (sub.map !== null) {
        try {
          out = sub.map(message);
        } catch (error) {
          dropped++;
          this.#mapperFailed(sub, message, error);
          continue;
        }
      }
      // A full bounded mailbox applies its policy inside `tell` (and
      // dead-letters what it drops); the broker only counts it.
      const box = sub.box;
      const full = box !== null && box.length >= sub.bound;
      if (!sub.ref.tell(out) || full) dropped++;
    }
    state.dropped += dropped;
    return sent - dropped;
  }

  /** A subscriber's mapper threw: the message is its dead letter, it fails. */
  #mapperFailed(sub: Subscriber, message: unknown, error: unknown): void {
    this.#runtime.deadLetter(sub.ref.path, message, "failed", error);
    if (sub.cell !== null && sub.cell !== undefined) failCell(sub.cell, error);
  }
}
