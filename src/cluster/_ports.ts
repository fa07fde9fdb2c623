/**
 * Reply ports across nodes: the asking side's ports waiting for a `REPLY`
 * or `FAIL` frame, and the answering side's stand-ins that send one.
 *
 * @module
 */

import type { ReplyPort } from "../core/actor_ref.ts";

/** A port on this node waiting for a remote answer. */
export class WaitingPort<R = unknown> implements ReplyPort<R> {
  /** The node expected to answer (its loss fails the port), or `""`. */
  node = "";
  /** The path of the asked actor, for errors. */
  path = "";
  /** The request, for the error when its time is up. */
  message: unknown = undefined;
  /** The table it waits in until it settles, if any. */
  table: PortTable | null = null;
  #settled = false;
  #cleanups: (() => void)[] | null = null;

  /**
   * Creates the instance.
   *
   * @param id The port's id on this node.
   * @param resolve Settles with the reply.
   * @param reject Settles with an error.
   */
  constructor(
    readonly id: number,
    readonly resolve: (value: R) => void,
    readonly reject: (error: unknown) => void,
  ) {}

  get settled(): boolean {
    return this.#settled;
  }

  /** Runs `fn` when the port settles (after the ones added before). */
  onSettle(fn: () => void): void {
    if (this.#cleanups === null) this.#cleanups = [fn];
    else this.#cleanups.push(fn);
  }

  reply(value: R): void {
    if (this.#settle()) this.resolve(value);
  }

  fail(error: unknown): void {
    if (this.#settle()) this.reject(error);
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    if (this.table !== null) {
      this.table.delete(this as WaitingPort);
      this.table = null;
    }
    const cleanups = this.#cleanups;
    if (cleanups !== null) {
      this.#cleanups = null;
      for (const cleanup of cleanups) cleanup();
    }
    return true;
  }
}

/** A port that answers a remote node's ask by sending it a frame. */
export class SendingPort implements ReplyPort<unknown> {
  #settled = false;

  /**
   * Creates the instance.
   *
   * @param node The node waiting.
   * @param id Its port id.
   * @param answer Sends the reply or the error.
   */
  constructor(
    readonly node: string,
    readonly id: number,
    readonly answer: (
      node: string,
      id: number,
      ok: boolean,
      value: unknown,
    ) => void,
  ) {}

  get settled(): boolean {
    return this.#settled;
  }

  reply(value: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.answer(this.node, this.id, true, value);
  }

  fail(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.answer(this.node, this.id, false, error);
  }
}

/** Slots of a {@linkcode PortTable}, by id modulo this. */
const SLOTS = 1024;

/**
 * The waiting ports of a node by id. Ids come in sequence and most ports
 * settle soon, in about the order made, so a port sits in the slot of its
 * id modulo {@linkcode SLOTS}; one still waiting when a later id needs its
 * slot moves to a map. A `Map` alone costs a rehash of its table every few
 * asks as entries come and go (measured: 8 % of a remote ask round trip).
 */
export class PortTable {
  readonly #slots: (WaitingPort | undefined)[] = new Array(SLOTS).fill(
    undefined,
  );
  readonly #spilled = new Map<number, WaitingPort>();

  /** The port with this id, if it waits. */
  get(id: number): WaitingPort | undefined {
    const port = this.#slots[id & (SLOTS - 1)];
    return port !== undefined && port.id === id ? port : this.#spilled.get(id);
  }

  /** Adds a port; it leaves by itself when it settles. */
  add(port: WaitingPort): void {
    const slot = port.id & (SLOTS - 1);
    const old = this.#slots[slot];
    if (old !== undefined) this.#spilled.set(old.id, old);
    this.#slots[slot] = port;
    port.table = this;
  }

  /** Removes a port (when it settles). */
  delete(port: WaitingPort): void {
    const slot = port.id & (SLOTS - 1);
    if (this.#slots[slot] === port) this.#slots[slot] = undefined;
    else this.#spilled.delete(port.id);
  }

  /** The ports waiting now. */
  values(): WaitingPort[] {
    const ports: WaitingPort[] = [];
    for (const port of this.#slots) if (port !== undefined) ports.push(port);
    for (const port of this.#spilled.values()) ports.push(port);
    return ports;
  }
}
