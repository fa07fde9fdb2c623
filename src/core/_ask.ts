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

/** The resolvers {@linkcode capture} took from the last promise made. */
const captured = {
  resolve: null as unknown as (value: never) => void,
  reject: null as unknown as (error: unknown) => void,
};

/**
 * A promise executor that keeps its resolvers in {@linkcode captured}: one
 * function for every ask instead of a closure (and its context) per ask.
 */
function capture(
  resolve: (value: never) => void,
  reject: (error: unknown) => void,
): void {
  captured.resolve = resolve;
  captured.reject = reject;
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
  const promise = new Promise<R>(capture);
  const pending = new PendingAsk<R>(
    captured.resolve as (value: R) => void,
    captured.reject,
  );
  try {
    const timeoutMs = options === undefined
      ? 5000
      : checkTimeout(options.timeoutMs ?? 5000);
    pending.target = target;
    pending.message = build(pending);
    const signal = options?.signal;
    if (signal !== undefined && !watchSignal(pending, signal)) return promise;
    deliver(target, pending as PendingAsk);
    if (timeoutMs !== Infinity && !pending.settled) {
      target.runtime.asks.add(pending as PendingAsk, timeoutMs, target.queued);
    }
  } catch (error) {
    pending.fail(error);
  }
  return promise;
}

/**
 * Sends `target` the request `build` makes around `pending`, an ask whose
 * resolvers are not a promise's (the cluster layer answers a remote ask
 * through them). It settles exactly once, as {@linkcode askActor}'s does.
 * {@linkcode askActor} repeats these lines rather than calling this:
 * JavaScriptCore does not inline a function that has a `try`, and the extra
 * call made a local ask 0.92× as fast on JavaScriptCore.
 *
 * @param target The actor.
 * @param pending The ask.
 * @param build Makes the request.
 * @param timeoutMs The timeout (`Infinity`: none).
 * @param deliver Delivers the request envelope.
 */
export function askInto<T extends AskTarget>(
  target: T,
  pending: PendingAsk,
  build: (replyTo: ReplyPort<unknown>) => unknown,
  timeoutMs: number,
  deliver: (target: T, ask: PendingAsk) => boolean,
): void {
  try {
    checkTimeout(timeoutMs);
    pending.target = target;
    pending.message = build(pending);
    deliver(target, pending);
    if (timeoutMs !== Infinity && !pending.settled) {
      target.runtime.asks.add(pending, timeoutMs, target.queued);
    }
  } catch (error) {
    pending.fail(error);
  }
}

/**
 * Lets `signal` cancel the ask until it settles.
 *
 * @returns `false` when the signal has aborted already (the ask is failed).
 */
function watchSignal(pending: PendingAsk<never>, signal: AbortSignal): boolean {
  if (signal.aborted) {
    pending.fail(signal.reason);
    return false;
  }
  const abort = () => pending.fail(signal.reason);
  signal.addEventListener("abort", abort, { once: true });
  pending.onSettle(() => signal.removeEventListener("abort", abort));
  return true;
}
