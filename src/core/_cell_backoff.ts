/**
 * The last step of every restart: wait out the backoff delay (status
 * `backing-off`, mail held; a stop wakes it early), count the restart, and
 * start the next incarnation (status `starting`; `init` runs in the cell's
 * next turn).
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import { extras, moveTo, recordOf, stopRequested } from "./_cell_state.ts";

/**
 * Starts the next incarnation of a torn-down cell after `delayMs`.
 *
 * @param cell The cell, in `restarting` (or `failed`, for a restart without
 * teardown).
 * @param delayMs The backoff delay; 0 for none.
 */
export async function startNextIncarnation(
  cell: ActorCell,
  delayMs: number,
): Promise<void> {
  if (cell.status !== "restarting" && cell.status !== "failed") return;
  if (delayMs > 0 && !stopRequested(cell)) {
    moveTo(cell, "backing-off");
    const events = cell.runtime.events;
    if (events.active) {
      events.publish({ type: "backing-off", path: cell.path, delayMs });
    }
    const x = extras(cell);
    await new Promise<void>((resolve) => {
      const clock = cell.runtime.clock;
      const timer = clock.setTimeout(resolve, delayMs);
      x.wakeBackoff = () => {
        clock.clearTimeout(timer);
        resolve();
      };
    });
    x.wakeBackoff = null;
  }
  if (stopRequested(cell) || isStopped(cell)) return;
  extras(cell).restarts++;
  const times = recordOf(cell).restartTimes;
  times.push(cell.runtime.clock.now());
  if (times.length > 10) times.splice(0, 1);
  moveTo(cell, "starting");
  cell.runtime.scheduler.schedule(cell);
}

/** Reads the status afresh (TypeScript narrows it across awaits). */
function isStopped(cell: ActorCell): boolean {
  return cell.status === "stopped";
}
