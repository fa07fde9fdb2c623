/**
 * The ref of an actor in this process: a stable handle on its cell.
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import type {
  ActorRef,
  ActorStatus,
  AskOptions,
  ReplyPort,
} from "./actor_ref.ts";
import { PendingAsk } from "./_pending_ask.ts";

/** Checks an ask timeout, throwing on nonsense. */
function checkTimeout(timeoutMs: number): number {
  if (typeof timeoutMs !== "number" || !(timeoutMs >= 0)) {
    throw new RangeError(
      `Invalid ask options: timeoutMs must be a non-negative number or Infinity, got "${timeoutMs}"`,
    );
  }
  return timeoutMs;
}

/** A ref to a cell of this process. */
export class LocalRef<Msg> implements ActorRef<Msg> {
  readonly #cell: ActorCell;

  constructor(cell: ActorCell) {
    this.#cell = cell;
  }

  /** The cell behind a ref of this process, if it is one. */
  static cellOf(ref: unknown): ActorCell | undefined {
    return ref instanceof LocalRef ? ref.#cell : undefined;
  }

  get path(): string {
    return this.#cell.path;
  }

  get name(): string {
    return this.#cell.name;
  }

  get status(): ActorStatus {
    return this.#cell.status;
  }

  get restarts(): number {
    return this.#cell.restarts;
  }

  tell(message: Msg): boolean {
    return this.#cell.enqueue(message);
  }

  ask<R>(
    build: (replyTo: ReplyPort<R>) => Msg,
    options?: AskOptions,
  ): Promise<R> {
    let pending!: PendingAsk<R>;
    const promise = new Promise<R>((resolve, reject) => {
      pending = new PendingAsk<R>(resolve, reject);
    });
    try {
      const timeoutMs = checkTimeout(options?.timeoutMs ?? 5000);
      const cell = this.#cell;
      pending.path = cell.path;
      pending.message = build(pending);
      const signal = options?.signal;
      if (signal !== undefined) {
        if (signal.aborted) {
          pending.fail(signal.reason);
          return promise;
        }
        const abort = () => pending.fail(signal.reason);
        signal.addEventListener("abort", abort, { once: true });
        pending.onSettle(() => signal.removeEventListener("abort", abort));
      }
      cell.enqueue(pending);
      if (!pending.settled && timeoutMs !== Infinity) {
        cell.runtime.asks.add(pending as PendingAsk, timeoutMs);
      }
    } catch (error) {
      pending.fail(error);
    }
    return promise;
  }

  stop(): Promise<void> {
    return this.#cell.requestStop("normal");
  }

  /** The path, so a ref reads well in logs and JSON. */
  toJSON(): string {
    return this.#cell.path;
  }

  toString(): string {
    return `ActorRef(${this.#cell.path})`;
  }
}
