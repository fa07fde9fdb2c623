/**
 * An actor's mailbox: two ring-buffer lanes, system signals before user mail.
 *
 * Follows Akka's mailbox (system messages are always processed before user
 * messages; bounded mailboxes with an overflow strategy). It differs in having
 * no locks and no per-message allocation besides the message itself: the
 * queue is a {@linkcode RingBuffer} and the overflow outcome is a string code.
 *
 * @module
 */

import { RingBuffer } from "./ring_buffer.ts";

/**
 * What a bounded mailbox does when a message arrives and it is full.
 *
 * - `reject`: the new message is refused; `tell` returns `false` and `ask`
 *   rejects with `MailboxFullError`. The message becomes a dead letter.
 * - `drop-oldest`: the oldest queued message is dropped (a dead letter) and the
 *   new one is queued.
 * - `drop-newest`: the new message is dropped (a dead letter) without telling
 *   the sender, as Akka's `dropNew`.
 */
export type OverflowPolicy = "reject" | "drop-oldest" | "drop-newest";

/** Options for a {@linkcode Mailbox}. */
export interface MailboxOptions {
  /**
   * The most user messages the mailbox holds. Defaults to `Infinity`
   * (unbounded: the ring grows by doubling).
   */
  readonly capacity?: number;
  /** What happens when a bounded mailbox is full. Defaults to `"reject"`. */
  readonly overflow?: OverflowPolicy;
  /** Slots allocated on the first message. Defaults to 16. */
  readonly initialCapacity?: number;
}

/**
 * The outcome of {@linkcode Mailbox.offer}: `"queued"`, `"rejected"` (the
 * message was not queued), or `"dropped"` (the message in
 * {@linkcode Mailbox.dropped} was discarded to make the policy hold).
 */
export type OfferResult = "queued" | "rejected" | "dropped";

/**
 * A two-lane mailbox: a system lane drained before the user lane, an optional
 * bound on the user lane, and a high-water mark for inspection.
 *
 * @typeParam M The user message type.
 * @typeParam S The system signal type.
 * @example Bounded mailbox dropping its oldest message
 * ```ts
 * import { Mailbox } from "@understudy/runtime";
 * const box = new Mailbox<string, never>({ capacity: 1, overflow: "drop-oldest" });
 * box.offer("a");
 * console.assert(box.offer("b") === "dropped" && box.dropped === "a");
 * ```
 */
export class Mailbox<M, S = unknown> extends RingBuffer<M> {
  #system: RingBuffer<S> | null = null;
  readonly #bound: number;
  readonly #overflow: OverflowPolicy;
  #highWater = 0;
  /** The message discarded by the last offer that returned `"dropped"`. */
  dropped: M | undefined = undefined;
  /**
   * How many queued messages may be ask envelopes; the actor cell keeps it
   * so that a plain message costs no envelope check. Never too low.
   */
  asks = 0;
  /**
   * Set while the scheduler lists this mailbox's actor as one that may hand
   * it back to the {@linkcode MailboxPool} in the next host task.
   */
  listed = false;

  /**
   * Creates an empty mailbox.
   *
   * @param options Bound, overflow policy and initial size.
   * @throws {RangeError} When the bound is not a positive integer or `Infinity`.
   */
  constructor(options: MailboxOptions = {}) {
    checkMailboxOptions(options, "Cannot create mailbox", "");
    const bound = options.capacity ?? Infinity;
    super(Math.min(options.initialCapacity ?? 16, bound));
    this.#bound = bound;
    this.#overflow = options.overflow ?? "reject";
  }

  /** The largest number of user messages queued at once. */
  get highWater(): number {
    return this.#highWater;
  }

  /** The bound on user messages (`Infinity` when unbounded). */
  override get capacity(): number {
    return this.#bound;
  }

  /** Whether a system signal is waiting. */
  get hasSystem(): boolean {
    return this.#system !== null && this.#system.length > 0;
  }

  /**
   * Queues a user message, applying the overflow policy when full.
   *
   * @param message The message.
   * @returns `"queued"`, `"rejected"`, or `"dropped"` (see {@linkcode dropped}).
   */
  offer(message: M): OfferResult {
    if (this.length >= this.#bound) {
      if (this.#overflow === "reject") return "rejected";
      if (this.#overflow === "drop-newest") {
        this.dropped = message;
        return "dropped";
      }
      this.dropped = this.shift();
      this.push(message);
      return "dropped";
    }
    const length = this.push(message);
    if (length > this.#highWater) this.#highWater = length;
    return "queued";
  }

  /**
   * Queues a user message if the mailbox has room: the fast path of
   * {@linkcode offer}, small enough for the engines to inline into a send.
   *
   * @param message The message.
   * @returns `false` when the mailbox is full and nothing was queued (then
   * {@linkcode offer} applies the overflow policy).
   */
  put(message: M): boolean {
    // The high-water mark never exceeds the bound, so below it there is room
    // and nothing to record: one compare per message in the common case.
    const length = this.length;
    if (length >= this.#highWater) {
      if (length >= this.#bound) return false;
      this.#highWater = length + 1;
    }
    this.push(message);
    return true;
  }

  /**
   * Takes the oldest user message.
   *
   * @returns The message, or `undefined` when the user lane is empty.
   */
  take(): M | undefined {
    return this.shift();
  }

  /**
   * Queues a system signal; the system lane is unbounded.
   *
   * @param signal The signal.
   */
  offerSystem(signal: S): void {
    (this.#system ??= new RingBuffer<S>(4)).push(signal);
  }

  /**
   * Takes the oldest system signal.
   *
   * @returns The signal, or `undefined` when the system lane is empty.
   */
  takeSystem(): S | undefined {
    return this.#system === null ? undefined : this.#system.shift();
  }

  /**
   * Whether an actor whose mailbox just drained may hand it back to a
   * {@linkcode MailboxPool}: it is unbounded, has no system signal waiting,
   * and never held more than one message (so forgetting its high-water mark
   * loses nothing the actor's handled count does not tell). Its ask count is
   * 0 once empty. The caller has checked that it is empty.
   */
  get spare(): boolean {
    return this.#highWater <= 1 && this.#system === null &&
      this.#bound === Infinity;
  }

  /**
   * Sets the high-water mark of a pooled mailbox for its next actor.
   *
   * @param highWater 1 for an actor that has handled mail before, else 0.
   */
  recycle(highWater: number): void {
    this.#highWater = highWater;
  }
}

/**
 * Checks a mailbox's capacity and overflow policy, for the mailbox itself
 * and for a child spec that carries them.
 *
 * @param options The options.
 * @param where What the message starts with.
 * @param field What the field names start with (`"mailbox."` in a spec).
 * @throws {RangeError} When the capacity is not a positive integer or
 * `Infinity`, or the overflow policy is unknown.
 */
export function checkMailboxOptions(
  options: MailboxOptions,
  where: string,
  field: string,
): void {
  const capacity = options.capacity ?? Infinity;
  if (
    capacity !== Infinity && (!Number.isInteger(capacity) || capacity < 1)
  ) {
    throw new RangeError(
      `${where}: ${field}capacity must be a positive integer, got "${capacity}"`,
    );
  }
  const overflow = options.overflow ?? "reject";
  if (
    overflow !== "reject" && overflow !== "drop-oldest" &&
    overflow !== "drop-newest"
  ) {
    throw new RangeError(
      `${where}: unknown ${field}overflow policy "${overflow}"`,
    );
  }
}

/** The most spare mailboxes a {@linkcode MailboxPool} keeps. */
const POOL_SIZE = 256;

/**
 * Spare default mailboxes of one actor system. An actor whose mailbox has
 * drained after holding at most one message hands it back in the host task
 * after the burst of scheduler runs it drained in, if it is still idle then:
 * an idle actor costs no mailbox, the next message (to it or any other
 * actor) takes a spare one instead of allocating, and an actor that gets mail
 * again within the burst (answering asks one by one) keeps its mailbox.
 *
 * @example An idle actor's mailbox goes back to the pool
 * ```ts
 * import { MailboxPool } from "./mailbox.ts";
 * const pool = new MailboxPool();
 * const box = pool.acquire();
 * box.offer("hello");
 * box.take();
 * if (box.spare) pool.release(box);
 * console.assert(pool.acquire() === box && box.highWater === 1);
 * ```
 */
export class MailboxPool {
  readonly #spare: Mailbox<unknown, unknown>[] = [];

  /**
   * A default mailbox (unbounded, rejecting), spare or new, for a message
   * about to be offered: its high-water mark is 0 or 1, and 1 after that
   * offer.
   *
   * @typeParam M The user message type.
   * @typeParam S The system signal type.
   * @returns An empty mailbox.
   */
  acquire<M, S>(): Mailbox<M, S> {
    const spare = this.#spare;
    return spare.length === 0
      ? new Mailbox<M, S>()
      : spare.pop() as Mailbox<M, S>;
  }

  /**
   * Keeps a mailbox whose {@linkcode Mailbox.spare} is true for reuse, up to
   * 256; past that it is left to the garbage collector.
   *
   * @param box The mailbox, no longer referenced by its actor.
   */
  release(box: Mailbox<unknown, unknown>): void {
    if (this.#spare.length < POOL_SIZE) this.#spare.push(box);
  }

  /** How many spare mailboxes the pool holds. */
  get size(): number {
    return this.#spare.length;
  }
}
