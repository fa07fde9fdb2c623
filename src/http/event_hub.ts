/**
 * The event hub: one subscription to a system's event stream, a bounded
 * buffer of recent events for resuming, and a queue per live reader.
 *
 * @module
 */

import type { ActorSystem } from "../core/actor_system.ts";
import type { ActorEvent } from "../core/events.ts";

/** Every lifecycle event type, in the order the API documents them. */
export const EVENT_TYPES: readonly ActorEvent["type"][] = [
  "spawned",
  "started",
  "failed",
  "restarted",
  "backing-off",
  "resumed",
  "stopped",
  "escalated",
  "dead-letter",
  "system-shutdown",
];

/** What a reader receives: an event, a gap notice, or a heartbeat. */
export type HubItem =
  | { readonly kind: "event"; readonly event: ActorEvent }
  | { readonly kind: "gap"; readonly from: number; readonly to: number }
  | { readonly kind: "heartbeat" };

/** Options for {@linkcode EventHub.subscribe}. */
export interface HubSubscribeOptions {
  /**
   * Replay buffered events after this sequence number first. Defaults to no
   * replay: live events only. An id from the future (another server run)
   * replays everything buffered.
   */
  readonly lastEventId?: number;
  /** Only these event types. Defaults to all. */
  readonly types?: ReadonlySet<string>;
  /** Send a heartbeat this often (system clock). Defaults to none. */
  readonly heartbeatMs?: number;
}

/**
 * One reader's queue. {@linkcode next} resolves with the next item, or
 * `undefined` once the subscription has ended.
 */
export class HubSubscription {
  readonly #hub: EventHub;
  readonly #max: number;
  readonly #types: ReadonlySet<string> | undefined;
  #queue: HubItem[] = [];
  #wake: (() => void) | null = null;
  #state: "open" | "ending" | "closed" = "open";
  #heartbeat: { cancel(): void } | null = null;

  /**
   * @param hub The hub.
   * @param max The most items queued before the reader is dropped.
   * @param types The event types wanted, or all.
   */
  constructor(hub: EventHub, max: number, types?: ReadonlySet<string>) {
    this.#hub = hub;
    this.#max = max;
    this.#types = types;
  }

  /** Whether the subscription has ended. */
  get closed(): boolean {
    return this.#state === "closed";
  }

  /**
   * Queues an item; an event of an unwanted type is skipped. A reader too far
   * behind is dropped (it can resume with its last event id).
   *
   * @param item The item.
   */
  push(item: HubItem): void {
    if (this.#state !== "open") return;
    if (
      item.kind === "event" && this.#types !== undefined &&
      !this.#types.has(item.event.type)
    ) return;
    if (this.#queue.length >= this.#max) return this.close();
    this.#queue.push(item);
    this.#wakeUp();
  }

  /**
   * Waits for the next item.
   *
   * @returns The item, or `undefined` once ended.
   */
  async next(): Promise<HubItem | undefined> {
    while (this.#queue.length === 0) {
      if (this.#state !== "open") {
        this.close();
        return undefined;
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    if (this.#state === "closed") return undefined;
    return this.#queue.shift();
  }

  /** Ends after the queued items have been read. */
  end(): void {
    if (this.#state !== "open") return;
    this.#state = "ending";
    this.#heartbeat?.cancel();
    this.#heartbeat = null;
    this.#wakeUp();
  }

  /** Ends now, dropping queued items; calling it again does nothing. */
  close(): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.#queue = [];
    this.#heartbeat?.cancel();
    this.#heartbeat = null;
    this.#hub.detach(this);
    this.#wakeUp();
  }

  /**
   * Starts heartbeats on the hub's clock.
   *
   * @param ms The interval.
   * @param clock Schedules the next one.
   */
  beat(ms: number, clock: (fn: () => void, ms: number) => () => void): void {
    const arm = () => {
      const cancel = clock(() => {
        this.push({ kind: "heartbeat" });
        if (this.#state === "open") arm();
      }, ms);
      this.#heartbeat = { cancel };
    };
    arm();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}

/**
 * Buffers a system's recent events and fans them out to readers.
 *
 * @example Replay after an id
 * ```ts
 * import { ActorSystem, defineActor } from "@understudy/runtime";
 * import { EventHub } from "./event_hub.ts";
 * await using system = new ActorSystem();
 * const hub = new EventHub(system, 100);
 * system.spawn(defineActor({ init: () => null, receive: () => {} }));
 * const sub = hub.subscribe({ lastEventId: 0 });
 * const first = await sub.next();
 * console.assert(first?.kind === "event" && first.event.type === "spawned");
 * sub.close();
 * ```
 */
export class EventHub {
  readonly #system: ActorSystem;
  readonly #capacity: number;
  readonly #ring: (ActorEvent | undefined)[];
  #head = 0;
  #size = 0;
  readonly #subscriptions = new Set<HubSubscription>();
  #unsubscribe: (() => void) | null;
  #ended = false;

  /**
   * Subscribes to the system's events at once.
   *
   * @param system The system.
   * @param capacity How many recent events to keep.
   * @throws {RangeError} When `capacity` is not a positive integer.
   */
  constructor(system: ActorSystem, capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Invalid control plane options: eventBufferSize must be a positive integer, got "${capacity}"`,
      );
    }
    this.#system = system;
    this.#capacity = capacity;
    this.#ring = new Array(capacity);
    this.#unsubscribe = system.events.subscribe((event) => this.#add(event));
    if (system.status === "terminated") this.#end();
    else system.terminated.then(() => this.#end(), () => this.#end());
  }

  /** How many readers are subscribed. */
  get subscribers(): number {
    return this.#subscriptions.size;
  }

  /**
   * Adds a reader: queues the replay (after a gap notice when events it asks
   * for are no longer buffered), then every new event.
   *
   * @param options Replay, filter and heartbeat.
   * @returns The reader's subscription.
   */
  subscribe(options: HubSubscribeOptions = {}): HubSubscription {
    const sub = new HubSubscription(this, this.#capacity + 2, options.types);
    const lastId = options.lastEventId;
    if (lastId !== undefined) {
      const lastSeq = this.#system.events.lastSeq;
      const after = lastId > lastSeq ? 0 : lastId;
      const first = this.#size > 0 ? this.#at(0).seq : lastSeq + 1;
      if (after + 1 < first) {
        sub.push({ kind: "gap", from: after + 1, to: first - 1 });
      }
      for (let i = 0; i < this.#size; i++) {
        const event = this.#at(i);
        if (event.seq > after) sub.push({ kind: "event", event });
      }
    }
    if (this.#ended) {
      sub.end();
      return sub;
    }
    this.#subscriptions.add(sub);
    const heartbeatMs = options.heartbeatMs;
    if (heartbeatMs !== undefined) {
      const clock = this.#system.clock;
      sub.beat(heartbeatMs, (fn, ms) => {
        const handle = clock.setTimeout(fn, ms);
        return () => clock.clearTimeout(handle);
      });
    }
    return sub;
  }

  /**
   * Forgets a reader; its subscription calls this when it closes.
   *
   * @param sub The subscription.
   */
  detach(sub: HubSubscription): void {
    this.#subscriptions.delete(sub);
  }

  #at(i: number): ActorEvent {
    return this.#ring[(this.#head + i) % this.#capacity]!;
  }

  #add(event: ActorEvent): void {
    const tail = (this.#head + this.#size) % this.#capacity;
    this.#ring[tail] = event;
    if (this.#size < this.#capacity) this.#size++;
    else this.#head = (this.#head + 1) % this.#capacity;
    for (const sub of this.#subscriptions) sub.push({ kind: "event", event });
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    for (const sub of [...this.#subscriptions]) sub.end();
  }
}
