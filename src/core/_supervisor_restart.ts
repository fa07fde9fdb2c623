/**
 * The restart decision of a supervisor, as `supervisor.erl` makes it:
 * {@linkcode childExited} is OTP's `do_restart/3` (what an exit means, by
 * restart type), {@linkcode restart} its `restart/2` (intensity, then one
 * clause per strategy) and {@linkcode restartGroup} its
 * `restart_multiple_children/3` (stop the group in reverse start order,
 * start it in start order, try again when a start fails).
 *
 * Differs from OTP in that a restart keeps the child's cell, so its ref and
 * its queued mail survive, and in the optional backoff before a restart.
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import { type AnyChildSpec, policyOf } from "./child_spec.ts";
import { nextRestartDelay } from "./_supervisor_hooks.ts";
import type { SupervisorCore } from "./_supervisor_core.ts";
import { childNamed } from "./_cell_children.ts";
import { completeRestart, prepareRestart } from "./_cell_restart.ts";
import { whenStarted } from "./_cell_state.ts";
import { requestStop, stopChild } from "./_cell_stop.ts";

/**
 * What to do next with the cell of a child that exited: restart it itself
 * after this many milliseconds, wait `"held"` for a group restart that is
 * queued, or nothing (`false`: it stops, or the supervisor gave up).
 */
export type NextStep = number | "held" | false;

/**
 * OTP's `do_restart/3`: a child exited, by failing (`abnormal`) or by
 * stopping normally; what happens depends on its restart type.
 *
 * @param core The supervisor.
 * @param child The child that exited.
 * @param abnormal Whether it failed.
 * @param error Its failure, if it failed.
 * @returns What the cell does next.
 */
export function childExited(
  core: SupervisorCore,
  child: ActorCell,
  abnormal: boolean,
  error: unknown,
): NextStep {
  const spec = child.spec as AnyChildSpec;
  switch (policyOf(spec)) {
    case "permanent":
      // A permanent child is restarted whatever the reason.
      return restart(core, child, abnormal, error);
    case "transient":
      // A transient child is restarted after a failure only; after a normal
      // exit it is left down (spec kept) and may shut the supervisor down
      // if it is significant.
      if (abnormal) return restart(core, child, abnormal, error);
      core.exitedOnOwn.add(child);
      return false;
    case "temporary":
      // A temporary child is never restarted: its spec is deleted when it
      // stops, and it may shut the supervisor down if it is significant.
      core.exitedOnOwn.add(child);
      if (abnormal) void requestStop(child, "failed", error);
      return false;
  }
}

/**
 * OTP's `restart/2`: count the restart against the intensity (past it, the
 * supervisor gives up), then restart by strategy.
 *
 * @param core The supervisor.
 * @param child The child to restart.
 * @param abnormal Whether it failed (its mail may then be dropped).
 * @param error Its failure, if any.
 * @returns What the cell does next.
 */
export function restart(
  core: SupervisorCore,
  child: ActorCell,
  abnormal: boolean,
  error: unknown,
): NextStep {
  const now = core.cell.runtime.clock.now();
  // add_restart: one more restart within the period exceeds the intensity.
  if (!core.window.allow(now)) {
    core.escalate(
      error ?? new Error(`Child "${child.path}" exited too often`),
      child,
    );
    return false;
  }
  const delay = nextRestartDelay(child, core.policy, now);
  const spec = child.spec as AnyChildSpec;
  const dropMail = abnormal && spec.mailOnRestart === "drop";
  switch (core.policy.strategy) {
    case "one-for-one":
      // one_for_one: only this child, in place.
      return delay;
    case "one-for-all":
    case "rest-for-one":
      // one_for_all: every child; rest_for_one: this child and the ones
      // started after it. The child waits, down, for its turn.
      core.enqueueGroup(child, delay, dropMail);
      return "held";
  }
}

/**
 * OTP's `restart_multiple_children/3`: stops the group in reverse start
 * order (a temporary child for good), then starts every non-temporary spec
 * of the group in start order, also one that was down (terminated or
 * ignored). When a start fails, the children after it stay down and the
 * restart is tried again with the child that failed (counted against the
 * intensity, as OTP's `try_again_restart`).
 *
 * @param core The supervisor.
 * @param trigger The child whose exit caused the restart.
 * @param delay The backoff before the first start.
 * @param dropMail Whether the trigger's queued mail is dropped.
 */
export async function restartGroup(
  core: SupervisorCore,
  trigger: ActorCell,
  delay: number,
  dropMail: boolean,
): Promise<void> {
  const cell = core.cell;
  const specs = [...core.specs.values()];
  const spec = trigger.spec as AnyChildSpec;
  const at = specs.indexOf(spec);
  if (core.givingUp || at < 0 || trigger.status === "stopped") return;
  const group = core.policy.strategy === "one-for-all"
    ? specs
    : specs.slice(at);
  // terminate_children: reverse start order.
  for (const each of [...group].reverse()) {
    const child = childNamed(cell, each.id);
    if (child === undefined) continue;
    if (policyOf(each) === "temporary") {
      await stopChild(child, "shutdown");
      continue;
    }
    core.held.add(child);
    await prepareRestart(child, child === trigger && dropMail);
  }
  // start_children: start order.
  let wait = delay;
  for (const each of group) {
    if (core.givingUp) return;
    if (core.specs.get(each.id) !== each || policyOf(each) === "temporary") {
      continue;
    }
    let child = childNamed(cell, each.id);
    if (child === undefined) {
      if (wait > 0) await sleep(core, wait);
      child = core.spawn(each);
      core.inGroup.set(child, null);
      await whenStarted(child);
    } else {
      core.held.delete(child);
      if (child.status === "stopped") continue;
      core.inGroup.set(child, null);
      await completeRestart(child, wait);
    }
    wait = 0;
    const failure = core.inGroup.get(child);
    core.inGroup.delete(child);
    if (child.status === "running") continue;
    // Terminated (through the API) while it started: the rest stay down.
    if (failure == null || core.givingUp) return;
    if (failure.ignored) {
      // ignore: this child stays down, the others start.
      core.held.add(child);
      await prepareRestart(child);
      continue;
    }
    // failed_to_start_child: the ones started so far keep running, the
    // rest stay down; try again with this child (its own strategy clause:
    // one-for-all takes everything down again, rest-for-one what follows).
    restart(core, child, true, failure.error);
    return;
  }
}

/** Waits `ms` on the system clock. */
function sleep(core: SupervisorCore, ms: number): Promise<void> {
  return new Promise((resolve) => {
    core.cell.runtime.clock.setTimeout(resolve, ms);
  });
}
