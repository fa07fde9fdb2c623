/**
 * Draining mailboxes before a graceful shutdown: the mail that was queued
 * when the server stopped accepting is given time to be processed.
 *
 * Only mail queued at the start counts: a system that keeps sending itself
 * messages (timers, a market-data feed) would never reach empty mailboxes,
 * so "drained" means every actor has handled as many messages as it had
 * handled plus queued when the drain began (or has stopped), and no
 * asynchronous handler is still running. OTP stops an
 * application without draining; Akka's coordinated shutdown has phases for
 * it: this is the phase before the tree stops, bounded by the grace period.
 *
 * @module
 */

import type { ActorSystem } from "../core/actor_system.ts";
import { inspect, listActors } from "../core/inspection.ts";

/** How a drain ended. */
export interface DrainResult {
  /** Whether every mailbox drained within the grace period. */
  readonly drained: boolean;
  /** Messages still queued (of those counted at the start) when it ended. */
  readonly left: number;
  /** How long it took, in milliseconds. */
  readonly ms: number;
}

/** How often the drain looks at the mailboxes, in milliseconds. */
const POLL_MS = 10;

/**
 * Waits until the mail queued now has been handled, at most `graceMs`.
 *
 * @param system The system.
 * @param graceMs The longest wait, in milliseconds.
 * @returns Whether it drained, and what was left.
 */
export async function drainMailboxes(
  system: ActorSystem,
  graceMs: number,
): Promise<DrainResult> {
  const started = Date.now();
  const targets = new Map<string, number>();
  for (const info of listActors(system, { snapshots: false })) {
    if (info.mailbox.depth > 0) {
      targets.set(info.path, info.processed + info.mailbox.depth);
    }
  }
  let left = remaining(system, targets);
  while (left > 0 && Date.now() - started < graceMs) {
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(POLL_MS, graceMs))
    );
    left = remaining(system, targets);
  }
  return { drained: left === 0, left, ms: Date.now() - started };
}

/**
 * Messages still to handle (a handler still running counts as one);
 * forgets the actors that are done.
 */
function remaining(system: ActorSystem, targets: Map<string, number>): number {
  let left = system.stats.scheduler.inFlight > 0 ? 1 : 0;
  for (const [path, target] of targets) {
    const info = inspect(system, path);
    if (
      info === undefined || info.status === "stopped" ||
      info.processed >= target
    ) {
      targets.delete(path);
    } else {
      left += Math.min(info.mailbox.depth, target - info.processed);
    }
  }
  return left;
}
