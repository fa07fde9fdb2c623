/**
 * The seam between the actor cell (one lifecycle) and supervision policy:
 * a parent's hooks decide what happens when a child fails or exits. The
 * default hooks give every actor Akka classic's default supervision; the
 * supervisors in `supervisor.ts` install their own.
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import { ChildStartError, errorMessage, EscalationError } from "./errors.ts";
import { ActorStoppedError, SpawnError } from "./errors.ts";
import { isIgnore } from "./child_spec.ts";
import type { StopReason } from "./events.ts";
import {
  backoffDelay,
  restartAlways,
  RestartWindow,
  type SupervisionOptions,
} from "./supervision.ts";
import { failCell, resumeCell } from "./_cell_failure.ts";
import { restartCell } from "./_cell_restart.ts";
import { recordOf, whenStarted } from "./_cell_state.ts";
import { requestStop } from "./_cell_stop.ts";

/** How a parent supervises its children. */
export interface SupervisorHooks {
  /**
   * A child failed and is suspended: apply a directive to it (restart,
   * resume, stop) or fail the parent (escalate).
   */
  childFailed(parent: ActorCell, child: ActorCell, error: unknown): void;
  /**
   * A child is stopping with reason `normal` on its own: return a restart
   * delay in milliseconds to restart it instead (OTP's `permanent`), `"held"`
   * when the parent restarts it itself as part of a group restart (it waits
   * in `restarting`), or `false` to let it stop.
   */
  childExiting(parent: ActorCell, child: ActorCell): number | "held" | false;
  /** A child has stopped for good and left the parent's children. */
  childStopped(
    parent: ActorCell,
    child: ActorCell,
    reason: StopReason,
  ): void;
  /**
   * The parent's incarnation ends (stop or restart): stop the children, each
   * within its shutdown time. Without it, they stop in reverse start order.
   */
  stopChildren?(parent: ActorCell): Promise<void>;
}

/**
 * The delay before a child's next restart under `options.backoff`, counting
 * consecutive restarts and resetting after a quiet period. 0 without backoff.
 */
export function nextRestartDelay(
  child: ActorCell,
  options: SupervisionOptions,
  now: number,
): number {
  const backoff = options.backoff;
  if (backoff === undefined) return 0;
  const record = recordOf(child);
  const resetAfter = backoff.resetAfterMs ?? backoff.maxMs ??
    backoff.minMs * 32;
  const startedAt = child.startedAt;
  if (startedAt !== undefined && now - startedAt >= resetAfter) {
    record.backoffAttempt = 0;
  }
  return backoffDelay(backoff, record.backoffAttempt++);
}

/**
 * Whether `child` failed in the `init` of its first start: OTP never
 * restarts such a child (`start_link` returns the error to the starter).
 */
export function failedFirstStart(child: ActorCell): boolean {
  return !child.initialized && child.restarts === 0;
}

/**
 * Per-child decisions: the child's decider, its own restart window, and on
 * exceeding it the child stops (`failed`). `escalate` fails the parent. A
 * child that fails while its parent stops stops at once (`failed`). As
 * in OTP, a child whose first start fails is not restarted (it stops with
 * reason `failed`), and one whose `init` calls `ignore()` stops (`normal`).
 */
export const defaultHooks: SupervisorHooks = {
  childFailed(parent, child, error) {
    if (parent.status === "stopping") {
      return void requestStop(child, "failed", error);
    }
    if (isIgnore(error) && !child.initialized) {
      return void requestStop(child, "normal");
    }
    if (failedFirstStart(child) && error instanceof SpawnError) {
      return void requestStop(child, "failed", error);
    }
    const options = child.supervision;
    const directive = (options.decider ?? restartAlways)(error, child.ref);
    if (directive === "resume") return resumeCell(child);
    if (directive === "stop") return void requestStop(child, "failed", error);
    if (directive === "escalate") {
      return failCell(
        parent,
        new EscalationError(
          parent.path,
          `Actor "${parent.path}" escalated a failure of child "${child.path}": ${
            errorMessage(error)
          }`,
          { cause: error },
        ),
      );
    }
    const record = recordOf(child);
    const now = parent.runtime.clock.now();
    record.window ??= new RestartWindow(
      options.maxRestarts ?? 3,
      options.withinMs ?? 5000,
    );
    if (!record.window.allow(now)) {
      return void requestStop(child, "failed", error);
    }
    void restartCell(child, nextRestartDelay(child, options, now));
  },
  childExiting: () => false,
  childStopped: () => {},
};

/**
 * Waits for an actor's first start (for `ActorSystem.start`): resolves once
 * its `init` has run (for a supervisor, once all its children have
 * started), or once it declined with `ignore()`.
 *
 * @param child The actor, just spawned.
 * @throws {ChildStartError} When it is a supervisor and a child of it
 * failed to start (the innermost cause is what that child's `init` threw).
 * @throws {SpawnError} When its own `init` threw (`cause`).
 * @throws {ActorStoppedError} When it stopped before it started.
 */
export async function awaitFirstStart(child: ActorCell): Promise<void> {
  await whenStarted(child);
  if (!failedFirstStart(child) || child.status === "running") return;
  const error = child.recordIfAny?.lastError;
  if (error === undefined) {
    // Declined with ignore() (the hooks stop it with reason normal), or
    // stopped before it started.
    await requestStop(child, "normal");
    if (child.stopReason === "normal") return;
    throw new ActorStoppedError(
      child.path,
      `Cannot start actor "${child.path}": it stopped before it started`,
    );
  }
  await requestStop(child, "failed", error);
  if (error instanceof SpawnError) {
    throw error.cause instanceof ChildStartError ? error.cause : error;
  }
  throw new ActorStoppedError(
    child.path,
    `Cannot start actor "${child.path}": it stopped before it started`,
  );
}
