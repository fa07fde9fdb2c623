/**
 * Asks and dead letters of a cell: delivering an ask envelope, rejecting the
 * asks an incarnation leaves unanswered, and turning an undeliverable message
 * into a dead letter (rejecting its ask, if it carries one).
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import type { DeadLetterReason, StopReason } from "./events.ts";
import { Mailbox } from "./mailbox.ts";
import { failUnanswered, failUndelivered } from "./_ask_failures.ts";
import { PendingAsk } from "./_pending_ask.ts";

/**
 * Delivers an ask envelope, counted so plain messages skip the ask check.
 *
 * @returns Whether it was delivered (else it is a dead letter).
 */
export function deliverAsk(cell: ActorCell, ask: PendingAsk): boolean {
  const mailbox = cell.box ??= new Mailbox(cell.options.mailbox);
  const asks = mailbox.asks;
  const delivered = cell.tell(ask);
  if (delivered && !ask.settled) mailbox.asks = asks + 1;
  return delivered;
}

/** Rejects the asks the incarnation took and left unanswered. */
export function rejectAsks(cell: ActorCell, reason: StopReason): void {
  const x = cell.x;
  const asks = x?.asks;
  if (asks == null || asks.size === 0) return;
  x!.asks = null;
  failUnanswered(asks, cell.path, reason, x!.record?.lastError);
}

/**
 * Publishes an undelivered or unhandled message as a dead letter; an ask
 * envelope's asker is rejected with the matching error.
 *
 * @param cell The actor the message was for.
 * @param raw The message as it sat in the mailbox.
 * @param reason Why it was not handled.
 * @param error The handler's error, for reason `failed`.
 */
export function deadLetter(
  cell: ActorCell,
  raw: unknown,
  reason: DeadLetterReason,
  error?: unknown,
): void {
  const path = cell.path;
  let message = raw;
  if (raw instanceof PendingAsk) {
    message = raw.message;
    failUndelivered(raw, path, reason, error);
  }
  cell.runtime.deadLetter(path, message, reason, error);
}
