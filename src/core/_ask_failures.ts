/**
 * How an ask settles when its request cannot be answered: the error each way
 * of losing a request gives the asker.
 *
 * @module
 */

import {
  ActorFailedError,
  ActorStoppedError,
  errorMessage,
  MailboxFullError,
} from "./errors.ts";
import type { DeadLetterReason, StopReason } from "./events.ts";
import type { PendingAsk } from "./_pending_ask.ts";

/**
 * Rejects an ask whose request became a dead letter.
 *
 * @param ask The ask.
 * @param path The target's path.
 * @param reason Why the request was not handled.
 * @param error The handler's error, when it failed on the request.
 */
export function failUndelivered(
  ask: PendingAsk,
  path: string,
  reason: DeadLetterReason,
  error: unknown,
): void {
  const undelivered = ask.message;
  ask.fail(
    reason === "failed"
      ? new ActorFailedError(
        path,
        `Actor "${path}" failed while handling the ask: ${errorMessage(error)}`,
        { cause: error, undelivered },
      )
      : reason === "full"
      ? new MailboxFullError(
        path,
        `Cannot send to actor "${path}": mailbox is full`,
        { undelivered },
      )
      : new ActorStoppedError(
        path,
        `Cannot send to actor "${path}": actor is stopped`,
        { undelivered },
      ),
  );
}

/**
 * Rejects asks an incarnation took and never answered, as it ends.
 *
 * @param asks The unanswered asks.
 * @param path The actor's path.
 * @param reason Why the incarnation ended (`failed` before a restart).
 * @param cause The last failure.
 */
export function failUnanswered(
  asks: Iterable<PendingAsk>,
  path: string,
  reason: StopReason,
  cause: unknown,
): void {
  for (const ask of asks) {
    ask.holder = null;
    const undelivered = ask.message;
    ask.fail(
      reason === "failed"
        ? new ActorFailedError(
          path,
          `Actor "${path}" failed before answering: ${errorMessage(cause)}`,
          { cause, undelivered },
        )
        : new ActorStoppedError(
          path,
          `Actor "${path}" stopped before answering`,
          { undelivered },
        ),
    );
  }
}
