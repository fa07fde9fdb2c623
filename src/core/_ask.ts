/**
 * `ask`: a request with a reply port, a timeout on the system clock and an
 * optional abort signal. It settles exactly once.
 *
 * @module
 */

import type { AskOptions, ReplyPort } from "./actor_ref.ts";
import type { Runtime } from "./_runtime.ts";
import { PendingAsk } from "./_pending_ask.ts";

/** What `ask` needs of its target. */
export interface AskTarget {
  readonly path: string;
  readonly runtime: Runtime;
  /** Whether the target waits in the scheduler's run queue. */
  readonly queued: boolean;
}

/** Checks an ask timeout, throwing on nonsense. */
function checkTimeout(timeoutMs: number): number {
  if (typeof timeoutMs !== "number") {
    throw new TypeError(
      `Invalid ask options: timeoutMs must be a number, got ${typeof timeoutMs}`,
    );
  }
  if (!(timeoutMs >= 0)) {
    throw new RangeError(
      `Invalid ask options: timeoutMs must be a non-negative number or Infinity, got "${timeoutMs}"`,
    );
  }
  return timeoutMs;
}

/**
 * Sends `target` the request `build` makes around a fresh reply port.
 *
 * @param target The actor.
 * @param build Makes the request.
 * @param options Timeout and cancellation.
 * @param deliver Delivers the request envelope (dead-lettering it if it
 * cannot).
 * @returns The reply.
 */
export function askActor<R, T extends AskTarget>(
  target: T,
  build: (replyTo: ReplyPort<R>) => unknown,
  options: AskOptions | undefined,
  deliver: (target: T, ask: PendingAsk) => boolean,
): Promise<R> {
  let pending!: PendingAsk<R>;
  const promise = new Promise<R>((resolve, reject) => {
    pending = new PendingAsk<R>(resolve, reject);
  });
  try {
    const timeoutMs = checkTimeout(options?.timeoutMs ?? 5000);
    pending.target = target;
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
    deliver(target, pending as PendingAsk);
    if (!pending.settled && timeoutMs !== Infinity) {
      target.runtime.asks.add(pending as PendingAsk, timeoutMs, target.queued);
    }
  } catch (error) {
    pending.fail(error);
  }
  return promise;
}
