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

/**
 * Ports in `[head, size)`, in the order added. The arrays keep their
 * length when the lane empties (`size` goes back to 0), so sequential asks
 * write into the same slots instead of growing new arrays.
 */
class Lane {
  ports: (WaitingPort<never> | undefined)[] = [];
  /** The deadline of each port, same index. */
  ats: number[] = [];
  head = 0;
  size = 0;
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
    const at = lane.size++;
    lane.ports[at] = port;
    lane.ats[at] = this.#clock.now() + ms;
    if (lane.timer === undefined) this.#arm(ms, lane);
  }

  /**
   * Stops every timer and forgets the ports (the node left: they were
   * failed). A timer left armed would keep the process alive until it ran.
   */
  clear(): void {
    for (const lane of this.#lanes.values()) {
      if (lane.timer !== undefined) this.#clock.clearTimeout(lane.timer);
    }
    this.#lanes.clear();
  }

  #trim(lane: Lane): void {
    const ports = lane.ports;
    let head = lane.head;
    while (head < lane.size && ports[head]!.settled) ports[head++] = undefined;
    if (head === lane.size) {
      lane.head = 0;
      lane.size = 0;
      if (ports.length > 1024) {
        // A burst is over: let its arrays go.
        lane.ports = [];
        lane.ats = [];
      }
      return;
    }
    if (head > 1024 && head * 2 > lane.size) {
      ports.copyWithin(0, head, lane.size);
      lane.ats.copyWithin(0, head, lane.size);
      lane.size -= head;
      ports.fill(undefined, lane.size);
      head = 0;
    }
    lane.head = head;
  }

  #arm(ms: number, lane: Lane): void {
    const wait = Math.max(0, lane.ats[lane.head] - this.#clock.now());
    lane.timer = this.#clock.setTimeout(() => this.#fire(ms, lane), wait);
  }

  #fire(ms: number, lane: Lane): void {
    lane.timer = undefined;
    const now = this.#clock.now();
    this.#trim(lane);
    while (lane.head < lane.size) {
      const port = lane.ports[lane.head]!;
      if (!port.settled && lane.ats[lane.head] > now) break;
      lane.ports[lane.head++] = undefined;
      if (!port.settled) this.#expire(port, ms);
    }
    this.#trim(lane);
    if (lane.size > 0) this.#arm(ms, lane);
    else this.#lanes.delete(ms);
  }
}
