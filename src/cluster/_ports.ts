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
  #settled = false;
  #cleanups: (() => void)[] = [];

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
    this.#cleanups.push(fn);
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
    const cleanups = this.#cleanups;
    this.#cleanups = [];
    for (const cleanup of cleanups) cleanup();
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
