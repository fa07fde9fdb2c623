/**
 * The scheduler's queues of actors (the run queue, the actors that drained a
 * mailbox): the same power-of-two array ring as `RingBuffer`, as its own
 * class so that the ring code of the mailboxes sees one kind of object. Sharing one
 * class made the engines compile the ring's hot methods for two receivers,
 * and which one they saw first varied between processes (Bun's counting ran
 * at one of two speeds). Internal.
 *
 * @module
 */

/**
 * A FIFO of runnables in a growable power-of-two array ring.
 *
 * @typeParam T The items.
 */
export class RunQueue<T> {
  #items: (T | undefined)[] = new Array(64);
  #head = 0;
  #length = 0;
  #mask = 63;

  /** The number of queued items. */
  get length(): number {
    return this.#length;
  }

  /**
   * Appends an item, doubling the ring when it is full.
   *
   * @param item The item.
   */
  push(item: T): void {
    const length = this.#length;
    if (length > this.#mask) this.#grow();
    this.#items[(this.#head + length) & this.#mask] = item;
    this.#length = length + 1;
  }

  /**
   * Removes the oldest item, clearing its slot.
   *
   * @returns The item, or `undefined` when empty.
   */
  shift(): T | undefined {
    const length = this.#length;
    if (length === 0) return undefined;
    const items = this.#items;
    const head = this.#head;
    const item = items[head];
    items[head] = undefined;
    this.#head = (head + 1) & this.#mask;
    this.#length = length - 1;
    return item;
  }

  /** Lets go of a burst's storage once empty (past 1024 slots). */
  compact(): void {
    if (this.#length !== 0 || this.#mask < 1024) return;
    this.#items = new Array(64);
    this.#head = 0;
    this.#mask = 63;
  }

  #grow(): void {
    const size = this.#mask + 1;
    const next = new Array<T | undefined>(size * 2);
    for (let i = 0; i < size; i++) {
      next[i] = this.#items[(this.#head + i) & this.#mask];
    }
    this.#items = next;
    this.#head = 0;
    this.#mask = size * 2 - 1;
  }
}
