/**
 * A growable FIFO queue over a power-of-two array ring: the storage behind
 * every mailbox and the scheduler's run queue.
 *
 * Follows the array ring buffers of Akka's and Proto.Actor's mailboxes; it is
 * lock-free inside one isolate because nothing else touches it. Unlike
 * `Array.prototype.shift`, taking from the head is O(1) at any length.
 *
 * @module
 */

const MIN_CAPACITY = 4;

/** Rounds `n` up to the next power of two (at least 4). */
function powerOfTwo(n: number): number {
  let capacity = MIN_CAPACITY;
  while (capacity < n) capacity *= 2;
  return capacity;
}

/**
 * A FIFO queue stored in an array ring whose capacity is a power of two.
 *
 * `push` grows the ring by doubling when it is full; `shift` clears the slot
 * it takes so the queue never retains a message it has handed out. The array
 * is allocated on the first push, so an empty ring costs one small object.
 *
 * @typeParam T The type of the queued items.
 * @example Queue and take
 * ```ts
 * import { RingBuffer } from "@understudy/runtime";
 * const ring = new RingBuffer<number>();
 * ring.push(1);
 * ring.push(2);
 * console.assert(ring.shift() === 1 && ring.length === 1);
 * ```
 */
export class RingBuffer<T> {
  #items: (T | undefined)[] | null = null;
  #head = 0;
  #length = 0;
  #mask: number;

  /**
   * Creates an empty ring.
   *
   * @param initialCapacity Slots to allocate on the first push, rounded up to a
   * power of two. Defaults to 16.
   * @throws {RangeError} When `initialCapacity` is not a positive integer.
   */
  constructor(initialCapacity = 16) {
    if (!Number.isInteger(initialCapacity) || initialCapacity < 1) {
      throw new RangeError(
        `Cannot create ring buffer: capacity must be a positive integer, got "${initialCapacity}"`,
      );
    }
    this.#mask = powerOfTwo(initialCapacity) - 1;
  }

  /** The number of queued items. */
  get length(): number {
    return this.#length;
  }

  /** The number of slots the ring holds before it must grow. */
  get capacity(): number {
    return this.#mask + 1;
  }

  /**
   * Appends an item at the tail, doubling the ring when it is full.
   *
   * @param item The item to queue.
   * @returns The new length.
   */
  push(item: T): number {
    const length = this.#length;
    let items = this.#items;
    if (items === null) items = this.#items = new Array(this.#mask + 1);
    else if (length > this.#mask) items = this.#grow(items);
    items[(this.#head + length) & this.#mask] = item;
    return this.#length = length + 1;
  }

  /**
   * Removes and returns the item at the head, clearing its slot.
   *
   * @returns The oldest item, or `undefined` when the ring is empty.
   */
  shift(): T | undefined {
    const length = this.#length;
    if (length === 0) return undefined;
    const items = this.#items!;
    const head = this.#head;
    const item = items[head];
    items[head] = undefined;
    this.#head = (head + 1) & this.#mask;
    this.#length = length - 1;
    return item;
  }

  /**
   * Returns the item at the head without removing it.
   *
   * @returns The oldest item, or `undefined` when the ring is empty.
   */
  peek(): T | undefined {
    return this.#length === 0 ? undefined : this.#items![this.#head];
  }

  /**
   * Removes every item and returns them oldest first.
   *
   * @returns The items that were queued.
   */
  drain(): T[] {
    const out: T[] = [];
    while (this.#length > 0) out.push(this.shift() as T);
    this.#head = 0;
    return out;
  }

  /**
   * Releases the storage of an empty ring that grew past `above` slots, so a
   * burst does not pin its peak memory; the next push allocates 16 slots.
   *
   * @param above The capacity past which an empty ring lets go. Defaults to 1024.
   * @returns Whether the storage was released.
   */
  compact(above = 1024): boolean {
    if (this.#length !== 0 || this.#mask < above) return false;
    this.#items = null;
    this.#head = 0;
    this.#mask = 15;
    return true;
  }

  #grow(items: (T | undefined)[]): (T | undefined)[] {
    const capacity = this.#mask + 1;
    const next = new Array<T | undefined>(capacity * 2);
    for (let i = 0; i < capacity; i++) {
      next[i] = items[(this.#head + i) & this.#mask];
    }
    this.#items = next;
    this.#head = 0;
    this.#mask = capacity * 2 - 1;
    return next;
  }
}
