/**
 * Baselines, written as the best plain code can do it, and the minimal actor
 * runtime floor. Every runtime figure in the report is a ratio against one of
 * these, timed in the same process on the same runtime in the same run.
 *
 * - {@linkcode RawRing}: a bare power-of-two array ring, the physical limit
 *   for a mailbox in JavaScript.
 * - the `Array.prototype.push` / `shift` queue, direct handler calls, and a
 *   bare promise round trip (the limit for ask): case factories below.
 * - {@linkcode FloorSystem}: a ring mailbox per actor plus a ring run queue
 *   drained in microtasks, with the same fairness cap as understudy (100
 *   messages per turn) and nothing else: no supervision, no lifecycle, no
 *   events, no stats, no host yielding. What an actor runtime costs before it
 *   does anything useful.
 *
 * The counting, tell and fan-out cases send a fresh message object per send
 * (`inc()`), as real code does; the cheap form, one frozen {@linkcode INC}
 * created once (as Savina's Akka code does with its singleton
 * `IncrementMessage`), stays as extra rows.
 *
 * @module
 */

import { type AddCase, check } from "./_harness.ts";

/** The message the counting benchmarks send. */
export interface Inc {
  readonly type: "inc";
  readonly by: number;
}

/** The one frozen increment message of the cheap (shared message) rows. */
export const INC: Inc = Object.freeze({ type: "inc", by: 1 });

/**
 * A fresh increment message: the realistic form, one allocation per send.
 *
 * @returns A new message.
 */
export function inc(): Inc {
  return { type: "inc", by: 1 };
}

/**
 * Rounds up to a power of two, at least 4.
 *
 * @param n The wanted capacity.
 * @returns The capacity.
 */
export function powerOfTwo(n: number): number {
  let capacity = 4;
  while (capacity < n) capacity *= 2;
  return capacity;
}

/**
 * A bare power-of-two array ring that doubles when full. `shift` expects the
 * caller to have checked `length`.
 *
 * @typeParam T The items.
 */
export class RawRing<T> {
  items: (T | undefined)[];
  mask: number;
  head = 0;
  length = 0;

  /** @param capacity Initial slots, rounded up to a power of two. */
  constructor(capacity = 16) {
    const size = powerOfTwo(capacity);
    this.items = new Array(size);
    this.mask = size - 1;
  }

  /** Appends at the tail. */
  push(item: T): void {
    if (this.length > this.mask) this.#grow();
    this.items[(this.head + this.length) & this.mask] = item;
    this.length++;
  }

  /** Removes the head; the ring must not be empty. */
  shift(): T {
    const head = this.head;
    const item = this.items[head] as T;
    this.items[head] = undefined;
    this.head = (head + 1) & this.mask;
    this.length--;
    return item;
  }

  #grow(): void {
    const size = this.mask + 1;
    const next = new Array<T | undefined>(size * 2);
    for (let i = 0; i < size; i++) {
      next[i] = this.items[(this.head + i) & this.mask];
    }
    this.items = next;
    this.head = 0;
    this.mask = size * 2 - 1;
  }
}

/** The messages a floor actor handles at most per turn, as understudy's default. */
export const FLOOR_THROUGHPUT = 100;

/**
 * An actor of the floor runtime: a ring mailbox and a handler.
 *
 * @typeParam M The messages.
 */
export class FloorActor<M> {
  readonly mailbox: RawRing<M> = new RawRing<M>(16);
  queued = false;
  stopped = false;
  readonly system: FloorSystem;
  readonly receive: (message: M) => void;

  /**
   * @param system The run queue.
   * @param receive The handler.
   */
  constructor(system: FloorSystem, receive: (message: M) => void) {
    this.system = system;
    this.receive = receive;
  }

  /** Queues a message; schedules the actor when it was idle. */
  tell(message: M): void {
    if (this.stopped) return;
    this.mailbox.push(message);
    if (!this.queued) this.system.schedule(this);
  }
}

/** The floor's scheduler: a ring of actors with mail, drained in a microtask. */
export class FloorSystem {
  // deno-lint-ignore no-explicit-any
  readonly runQueue: RawRing<FloorActor<any>> = new RawRing(64);
  running = false;

  /**
   * Creates an actor.
   *
   * @param receive Its handler.
   * @returns The actor, which is its own ref.
   */
  spawn<M>(receive: (message: M) => void): FloorActor<M> {
    return new FloorActor(this, receive);
  }

  /** Puts an idle actor with mail on the run queue. */
  schedule<M>(actor: FloorActor<M>): void {
    actor.queued = true;
    this.runQueue.push(actor);
    if (!this.running) {
      this.running = true;
      queueMicrotask(this.run);
    }
  }

  /** Runs turns until the run queue is empty. */
  readonly run = (): void => {
    const queue = this.runQueue;
    while (queue.length > 0) {
      const actor = queue.shift();
      const mailbox = actor.mailbox;
      const receive = actor.receive;
      for (let n = FLOOR_THROUGHPUT; n > 0 && mailbox.length > 0; n--) {
        receive(mailbox.shift());
      }
      if (mailbox.length > 0) queue.push(actor);
      else actor.queued = false;
    }
    this.running = false;
  };
}

/** Counts what the baseline handlers see. */
const sink = { count: 0 };

/** The baseline handler: what every counting actor does with a message. */
function handle(message: Inc): void {
  sink.count += message.by;
}

/**
 * N fresh messages pushed into a presized raw ring, then drained into a
 * handler.
 *
 * @param add Collects the case.
 * @param group The group and id prefix.
 * @param n Messages per iteration.
 */
export function addRawRing(add: AddCase, group: string, n: number): void {
  add({
    id: `${group}/raw-ring`,
    group: group.split("/")[0],
    name: "raw ring (baseline)",
    role: "baseline",
    ops: n,
    unit: "msg",
    setup: () => new RawRing<Inc>(n),
    body(ring) {
      sink.count = 0;
      for (let i = 0; i < n; i++) ring.push({ type: "inc", by: 1 });
      while (ring.length > 0) handle(ring.shift());
      check(sink.count === n, "raw ring count");
    },
  });
}

/**
 * N messages through an `Array` push/shift queue, in batches of at most
 * 8,192 so `shift` stays on its fast path (past about 16k queued elements V8
 * copies the whole array on every shift: see the mailbox group).
 *
 * @param add Collects the case.
 * @param group The group and id prefix.
 * @param n Messages per iteration.
 */
export function addArrayQueue(add: AddCase, group: string, n: number): void {
  const batch = Math.min(n, 8192);
  add({
    id: `${group}/array-queue`,
    group: group.split("/")[0],
    name: `Array push/shift (batches of ${batch})`,
    role: "baseline",
    ops: n,
    unit: "msg",
    setup: (): Inc[] => [],
    body(queue) {
      sink.count = 0;
      for (let sent = 0; sent < n;) {
        const end = Math.min(n, sent + batch);
        for (; sent < end; sent++) queue.push({ type: "inc", by: 1 });
        while (queue.length > 0) handle(queue.shift()!);
      }
      check(sink.count === n, "array queue count");
    },
  });
}

/**
 * N direct handler calls with a fresh message each: no queue at all.
 *
 * @param add Collects the case.
 * @param group The group and id prefix.
 * @param n Calls per iteration.
 */
export function addDirectCalls(add: AddCase, group: string, n: number): void {
  add({
    id: `${group}/direct`,
    group: group.split("/")[0],
    name: "direct calls (no queue)",
    role: "baseline",
    ops: n,
    unit: "msg",
    body() {
      sink.count = 0;
      for (let i = 0; i < n; i++) handle({ type: "inc", by: 1 });
      check(sink.count === n, "direct count");
    },
  });
}

/**
 * N sequential bare promise round trips: `new Promise`, resolve, `await`.
 *
 * @param add Collects the case.
 * @param group The group and id prefix.
 * @param n Round trips per iteration.
 */
export function addPromiseRoundTrip(
  add: AddCase,
  group: string,
  n: number,
): void {
  add({
    id: `${group}/promise`,
    group: group.split("/")[0],
    name: "bare promise round trip (baseline)",
    role: "baseline",
    ops: n,
    unit: "ask",
    async body() {
      let total = 0;
      for (let i = 0; i < n; i++) {
        let resolve!: (value: number) => void;
        const reply = new Promise<number>((r) => {
          resolve = r;
        });
        resolve(1);
        total += await reply;
      }
      check(total === n, "promise round trips");
    },
  });
}
