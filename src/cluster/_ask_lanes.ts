/**
 * Timeouts of remote asks without a timer per ask: asks of one timeout
 * length wait in one FIFO (their deadlines are in order) whose head holds
 * the only timer; settled asks leave the head as new ones arrive, so
 * sequential asks keep each FIFO short. As the core's `AskTimeouts`, for
 * the cluster's waiting ports. An ask costs two array slots: no entry
 * object and no closure.
 *
 * @module
 */

import type { Clock, TimerHandle } from "../core/clock.ts";
import type { WaitingPort } from "./_ports.ts";

/** Fails a port whose time is up. */
export type Expire = (port: WaitingPort<never>, ms: number) => void;

class Lane {
  ports: WaitingPort<never>[] = [];
  /** The deadline of each port, same index. */
  ats: number[] = [];
  head = 0;
  timer: TimerHandle | undefined = undefined;
}

/** The remote ask timeouts of one node. */
export class AskLanes {
  readonly #clock: Clock;
  readonly #expire: Expire;
  readonly #lanes = new Map<number, Lane>();

  /**
   * Creates the instance.
   *
   * @param clock The system's clock.
   * @param expire Fails a port whose time is up.
   */
  constructor(clock: Clock, expire: Expire) {
    this.#clock = clock;
    this.#expire = expire;
  }

  /**
   * Expires `port` after `ms` unless it settled first.
   *
   * @param ms The timeout.
   * @param port The waiting port.
   */
  add(ms: number, port: WaitingPort<never>): void {
    let lane = this.#lanes.get(ms);
    if (lane === undefined) {
      lane = new Lane();
      this.#lanes.set(ms, lane);
    }
    this.#trim(lane);
    lane.ports.push(port);
    lane.ats.push(this.#clock.now() + ms);
    if (lane.timer === undefined) this.#arm(ms, lane);
  }

  #trim(lane: Lane): void {
    const ports = lane.ports;
    while (lane.head < ports.length && ports[lane.head].settled) {
      lane.head++;
    }
    if (lane.head === ports.length) {
      if (ports.length > 0) {
        ports.length = 0;
        lane.ats.length = 0;
        lane.head = 0;
      }
    } else if (lane.head > 1024 && lane.head * 2 > ports.length) {
      lane.ports = ports.slice(lane.head);
      lane.ats = lane.ats.slice(lane.head);
      lane.head = 0;
    }
  }

  #arm(ms: number, lane: Lane): void {
    const wait = Math.max(0, lane.ats[lane.head] - this.#clock.now());
    lane.timer = this.#clock.setTimeout(() => this.#fire(ms, lane), wait);
  }

  #fire(ms: number, lane: Lane): void {
    lane.timer = undefined;
    const now = this.#clock.now();
    this.#trim(lane);
    while (lane.head < lane.ports.length) {
      const port = lane.ports[lane.head];
      if (!port.settled && lane.ats[lane.head] > now) break;
      lane.head++;
      if (!port.settled) this.#expire(port, ms);
    }
    this.#trim(lane);
    if (lane.ports.length > 0) this.#arm(ms, lane);
    else this.#lanes.delete(ms);
  }
}
