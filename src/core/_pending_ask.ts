/**
 * One outstanding ask: the reply port handed to the actor, the asker's
 * promise, and the envelope that carries the request through the mailbox.
 *
 * @module
 */

import type { ReplyPort } from "./actor_ref.ts";

/**
 * An ask in flight. The mailbox carries it in place of the bare request so the
 * cell can reject it when the request dead-letters or its handler fails.
 */
export class PendingAsk<R = unknown> implements ReplyPort<R> {
  /** The request message built around this port. */
  message: unknown = undefined;
  /** The asked actor. */
  target: { readonly path: string } | null = null;
  /**
   * The set of open asks of the actor that took the request and has not
   * answered yet (so a failure or a stop rejects it); left when it settles.
   */
  holder: Set<PendingAsk> | null = null;
  /** The asker's resolvers; `null` once settled. */
  #resolve: ((value: R) => void) | null;
  #reject: ((error: unknown) => void) | null;
  /** What to undo when it settles (an abort listener), if anything. */
  #cleanup: (() => void) | null = null;

  constructor(resolve: (value: R) => void, reject: (error: unknown) => void) {
    this.#resolve = resolve;
    this.#reject = reject;
  }

  get settled(): boolean {
    return this.#resolve === null;
  }

  /** Runs `fn` once, when the ask settles. */
  onSettle(fn: () => void): void {
    this.#cleanup = fn;
  }

  reply(value: R): void {
    const resolve = this.#resolve;
    if (resolve === null) return;
    this.#settle();
    resolve(value);
  }

  fail(error: unknown): void {
    const reject = this.#reject;
    if (reject === null) return;
    this.#settle();
    reject(error);
  }

  #settle(): void {
    this.#resolve = null;
    this.#reject = null;
    if (this.holder !== null) {
      this.holder.delete(this as PendingAsk);
      this.holder = null;
    }
    if (this.#cleanup !== null) {
      this.#cleanup();
      this.#cleanup = null;
    }
  }
}
