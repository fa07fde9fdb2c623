/**
 * Timeouts of remote asks without a timer per ask: asks of one timeout
 * length wait in one FIFO (their deadlines are in order) whose head holds
 * the only timer; settled asks leave the head as new ones arrive, so
 * sequential asks keep each FIFO short. As the core's `AskTimeouts`, for
 * the cluster's waiting ports.
 *
 * @module
 */

import type { Clock, TimerHandle } from "../core/clock.ts";
import type { WaitingPort } from "./_ports.ts";

interface Entry {
  readonly at: number;
  readonly port: WaitingPort<never>;
  readonly expire: () => void;
}

interface Lane {
  entries: Entry[];
  head: number;
  timer: TimerHandle | undefined;
}

/** The remote ask timeouts of one node. */
export class AskLanes {
  readonly #clock: Clock;
  readonly #lanes = new Map<number, Lane>();

  /**
   * Creates the instance.
   *
   * @param clock The system's clock.
   */
  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /**
   * Calls `expire` after `ms` unless `port` settled first.
   *
   * @param ms The timeout.
   * @param port The waiting port.
   * @param expire Fails it.
   */
  add(ms: number, port: WaitingPort<never>, expire: () => void): void {
    let lane = this.#lanes.get(ms);
    if (lane === undefined) {
      lane = { entries: [], head: 0, timer: undefined };
      this.#lanes.set(ms, lane);
    }
    this.#trim(lane);
    lane.entries.push({ at: this.#clock.now() + ms, port, expire });
    if (lane.timer === undefined) this.#arm(ms, lane);
  }

  #trim(lane: Lane): void {
    const entries = lane.entries;
    while (lane.head < entries.length && entries[lane.head].port.settled) {
      lane.head++;
    }
    if (lane.head === entries.length) {
      lane.entries = [];
      lane.head = 0;
    } else if (lane.head > 1024 && lane.head * 2 > entries.length) {
      lane.entries = entries.slice(lane.head);
      lane.head = 0;
    }
  }

  #arm(ms: number, lane: Lane): void {
    const wait = Math.max(0, lane.entries[lane.head].at - this.#clock.now());
    lane.timer = this.#clock.setTimeout(() => this.#fire(ms, lane), wait);
  }

  #fire(ms: number, lane: Lane): void {
    lane.timer = undefined;
    const now = this.#clock.now();
    this.#trim(lane);
    while (lane.head < lane.entries.length) {
      const entry = lane.entries[lane.head];
      if (!entry.port.settled && entry.at > now) break;
      lane.head++;
      if (!entry.port.settled) entry.expire();
    }
    this.#trim(lane);
    if (lane.entries.length > 0) this.#arm(ms, lane);
    else this.#lanes.delete(ms);
  }
}
