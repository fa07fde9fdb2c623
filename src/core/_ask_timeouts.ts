/**
 * Ask timeouts without a timer per ask: asks wait in one FIFO lane per
 * timeout length (so deadlines are in order) and a single clock timer is
 * armed for the earliest deadline. Settled asks are dropped from the head as
 * new ones arrive, so sequential asks keep the lanes short.
 *
 * The queues are plain arrays with a head index, not `RingBuffer`s: a second
 * kind of ring instance would make the mailbox's inherited ring methods
 * polymorphic. Timeouts and deadlines are kept here, in arrays of numbers,
 * not on the ask: a number field that holds a non-integer (a deadline on
 * the host clock, or `Infinity`) costs V8 a heap box per ask.
 *
 * @module
 */

import { AskTimeoutError } from "./errors.ts";
import type { Clock, TimerHandle } from "./clock.ts";
import type { PendingAsk } from "./_pending_ask.ts";

/** The asks of one timeout length, in deadline order from `head`. */
class Lane {
  readonly asks: (PendingAsk | undefined)[] = [];
  /** The deadline of each ask, at the same index. */
  readonly deadlines: number[] = [];
  head = 0;

  /** Drops settled asks at the head; whether the lane is empty then. */
  trim(): boolean {
    const asks = this.asks;
    let head = this.head;
    while (head < asks.length && asks[head]!.settled) asks[head++] = undefined;
    if (head === asks.length) {
      asks.length = 0;
      this.deadlines.length = 0;
      this.head = 0;
      return true;
    }
    if (head > 1024 && head * 2 > asks.length) {
      asks.splice(0, head);
      this.deadlines.splice(0, head);
      head = 0;
    }
    this.head = head;
    return false;
  }
}

/** Past this many, the fresh list's storage is let go once stamped. */
const FRESH_KEEP = 1024;

/** The timeout bookkeeping of one system. */
export class AskTimeouts {
  readonly #clock: Clock;
  readonly #lanes = new Map<number, Lane>();
  #timer: TimerHandle | undefined = undefined;
  #timerAt = Infinity;
  /** Asks added since the last stamp, in `[0, #freshCount)`. */
  #fresh: (PendingAsk | undefined)[] = [];
  /** The timeout of each fresh ask, at the same index. */
  #freshTimeouts: number[] = [];
  #freshCount = 0;
  #stampPending = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /**
   * Times `ask` out after `timeoutMs` unless it settles first. The deadline is
   * stamped later, so an ask answered before then (a synchronous handler on
   * an idle actor) never reads the clock: at the end of the scheduler's run
   * when the target is in the run queue (the system calls {@linkcode stamp}),
   * else in a microtask. The timeout thus starts at most one scheduler time
   * slice late.
   *
   * @param ask The ask.
   * @param timeoutMs Its timeout.
   * @param runPending Whether a scheduler run is sure to come.
   */
  add(ask: PendingAsk, timeoutMs: number, runPending: boolean): void {
    const i = this.#freshCount++;
    this.#fresh[i] = ask;
    this.#freshTimeouts[i] = timeoutMs;
    if (!runPending && !this.#stampPending) {
      this.#stampPending = true;
      queueMicrotask(this.stamp);
    }
  }

  /** Stamps the deadlines of the asks added since the last stamp. */
  stamp = (): void => {
    this.#stampPending = false;
    const count = this.#freshCount;
    if (count === 0) return;
    this.#freshCount = 0;
    const fresh = this.#fresh;
    const timeouts = this.#freshTimeouts;
    let now = -1;
    for (let i = 0; i < count; i++) {
      const ask = fresh[i]!;
      fresh[i] = undefined;
      if (ask.settled) continue;
      if (now < 0) now = this.#clock.now();
      this.#enqueue(ask, timeouts[i], now);
    }
    if (count > FRESH_KEEP) {
      this.#fresh = [];
      this.#freshTimeouts = [];
    }
  };

  #enqueue(ask: PendingAsk, timeoutMs: number, now: number): void {
    const deadline = now + timeoutMs;
    let lane = this.#lanes.get(timeoutMs);
    if (lane === undefined) {
      lane = new Lane();
      this.#lanes.set(timeoutMs, lane);
    } else {
      lane.trim();
    }
    lane.asks.push(ask);
    lane.deadlines.push(deadline);
    if (deadline < this.#timerAt) this.#arm(deadline);
  }

  /** Cancels the timer; outstanding asks are left to their other outcomes. */
  clear(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
    this.#lanes.clear();
    this.#fresh = [];
    this.#freshTimeouts = [];
    this.#freshCount = 0;
  }

  #arm(at: number): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = this.#clock.setTimeout(
      this.#fire,
      Math.max(0, at - this.#clock.now()),
    );
  }

  #fire = (): void => {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = this.#clock.now();
    let next = Infinity;
    for (const [timeoutMs, lane] of this.#lanes) {
      const asks = lane.asks;
      while (lane.head < asks.length) {
        const ask = asks[lane.head]!;
        const deadline = lane.deadlines[lane.head];
        if (!ask.settled && deadline > now) {
          next = Math.min(next, deadline);
          break;
        }
        asks[lane.head++] = undefined;
        if (!ask.settled) {
          ask.fail(
            new AskTimeoutError(ask.target?.path ?? "", timeoutMs, {
              undelivered: ask.message,
            }),
          );
        }
      }
      if (lane.trim()) this.#lanes.delete(timeoutMs);
    }
    if (next !== Infinity) this.#arm(next);
  };
}
