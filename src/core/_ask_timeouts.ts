/**
 * Ask timeouts without a timer per ask: asks wait in one FIFO queue per
 * timeout length (so deadlines are in order) and a single clock timer is
 * armed for the earliest deadline. Settled asks are dropped from the head as
 * new ones arrive, so sequential asks keep the queues short.
 *
 * @module
 */

import { AskTimeoutError } from "./errors.ts";
import type { Clock, TimerHandle } from "./clock.ts";
import { RingBuffer } from "./ring_buffer.ts";
import type { PendingAsk } from "./_pending_ask.ts";

/** The timeout bookkeeping of one system. */
export class AskTimeouts {
  readonly #clock: Clock;
  readonly #queues = new Map<number, RingBuffer<PendingAsk>>();
  #timer: TimerHandle | undefined = undefined;
  #timerAt = Infinity;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  readonly #fresh = new RingBuffer<PendingAsk>(8);
  #stampPending = false;

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
    ask.timeoutMs = timeoutMs;
    this.#fresh.push(ask);
    if (!runPending && !this.#stampPending) {
      this.#stampPending = true;
      queueMicrotask(this.stamp);
    }
  }

  /** Stamps the deadlines of the asks added since the last stamp. */
  stamp = (): void => {
    this.#stampPending = false;
    const fresh = this.#fresh;
    if (fresh.length === 0) return;
    let now = -1;
    while (fresh.length > 0) {
      const ask = fresh.shift()!;
      if (ask.settled) continue;
      if (now < 0) now = this.#clock.now();
      this.#enqueue(ask, now + ask.timeoutMs);
    }
  };

  #enqueue(ask: PendingAsk, deadline: number): void {
    const timeoutMs = ask.timeoutMs;
    ask.deadline = deadline;
    let queue = this.#queues.get(timeoutMs);
    if (queue === undefined) {
      queue = new RingBuffer<PendingAsk>(8);
      this.#queues.set(timeoutMs, queue);
    }
    while (queue.length > 0 && queue.peek()!.settled) queue.shift();
    queue.push(ask);
    if (deadline < this.#timerAt) this.#arm(deadline);
  }

  /** Cancels the timer; outstanding asks are left to their other outcomes. */
  clear(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
    this.#queues.clear();
    while (this.#fresh.length > 0) this.#fresh.shift();
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
    for (const [timeoutMs, queue] of this.#queues) {
      while (queue.length > 0) {
        const ask = queue.peek()!;
        if (!ask.settled && ask.deadline > now) {
          next = Math.min(next, ask.deadline);
          break;
        }
        queue.shift();
        if (!ask.settled) {
          ask.fail(
            new AskTimeoutError(ask.target?.path ?? "", timeoutMs, {
              undelivered: ask.message,
            }),
          );
        }
      }
      if (queue.length === 0) this.#queues.delete(timeoutMs);
    }
    if (next !== Infinity) this.#arm(next);
  };
}
