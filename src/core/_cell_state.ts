/**
 * The vocabulary of a cell's lifecycle, shared by the cell and the plain
 * functions that run its rare paths: the legal status transitions (the table
 * is in `actor_cell.ts`'s module doc), the rule that guards every lifecycle
 * `await`, and the serialised chain of lifecycle steps.
 *
 * @module
 */

import type { ActorStatus } from "./actor_ref.ts";
import type { ActorCell, Signal } from "./actor_cell.ts";
import { CellExtras, type SupervisionRecord } from "./_cell_extras.ts";
import type { Membership } from "./_pubsub.ts";

/** Activity: no turn, no handler in flight. */
export const IDLE = 0;
/** Activity: the cell is in a turn of the message loop. */
export const TURN = 1;
/** Activity: an async handler or `init` is in flight. */
export const AWAITING = 2;
/** Activity: in a turn, with a system signal waiting: handle it next. */
export const INTERRUPTED = 3;

/** Flag: `init` has completed for the current incarnation (`stopped` is owed). */
export const INITIALIZED = 1;
/** Flag: a stop was requested (no new turn, no restart). */
export const STOP_REQUESTED = 2;

/**
 * The legal lifecycle transitions, from each status to the next ones. The
 * module doc of `actor_cell.ts` explains each row.
 */
export const TRANSITIONS: Readonly<
  Record<ActorStatus, readonly ActorStatus[]>
> = {
  starting: ["running", "failed", "restarting", "stopping", "stopped"],
  running: ["failed", "restarting", "stopping", "stopped"],
  failed: [
    "running",
    "restarting",
    "starting",
    "backing-off",
    "stopping",
    "stopped",
  ],
  restarting: ["restarting", "backing-off", "starting", "stopping", "stopped"],
  "backing-off": ["starting", "restarting", "stopping", "stopped"],
  stopping: ["restarting", "stopped"],
  stopped: [],
};

/** The phase of a cell in status `"starting"` (see `BIT` below). */
export const STARTING_PHASE = 1;
/** The phase of a cell in status `"running"`. */
export const RUNNING_PHASE = 2;
/** The phase of a cell in status `"stopped"`. */
export const STOPPED_PHASE = 64;

/**
 * One bit per status: the cell keeps its status as this number (its
 * `phase`), so a send and the message loop compare integers, not strings
 * (the string compares cost JavaScriptCore about 5% of a ping-pong
 * message), and {@linkcode ALLOWED} checks a move with one `&`.
 */
const BIT: Readonly<Record<ActorStatus, number>> = {
  starting: STARTING_PHASE,
  running: RUNNING_PHASE,
  failed: 4,
  restarting: 8,
  "backing-off": 16,
  stopping: 32,
  stopped: STOPPED_PHASE,
};

/** The status of each phase. */
const STATUS_OF: ActorStatus[] = [];
for (const [status, bit] of Object.entries(BIT)) {
  STATUS_OF[bit] = status as ActorStatus;
}

/** The status a cell's phase stands for. */
export function statusOf(phase: number): ActorStatus {
  return STATUS_OF[phase]!;
}

/** {@linkcode TRANSITIONS} as bit sets: one lookup and one `&` per move. */
const ALLOWED = Object.fromEntries(
  Object.entries(TRANSITIONS).map((
    [from, to],
  ) => [from, to.reduce((set, status) => set | BIT[status], 0)]),
) as Readonly<Record<ActorStatus, number>>;

/**
 * Moves `cell` to `next`, which must be a legal successor of its status.
 *
 * @throws {Error} On an illegal transition: a bug in the runtime.
 */
export function moveTo(cell: ActorCell, next: ActorStatus): void {
  const from = cell.status;
  if ((ALLOWED[from] & BIT[next]) === 0) {
    throw new Error(
      `Illegal lifecycle transition of "${cell.path}": "${from}" to "${next}"`,
    );
  }
  cell.phase = BIT[next];
}

/**
 * The one rule of lifecycle code: **after every `await`, go on only if the
 * incarnation is still the one the step started in.** A kill, or a newer
 * step, may have ended it meanwhile, and then the cell belongs to them.
 * Every lifecycle `await` goes through this helper.
 *
 * @param cell The cell.
 * @param incarnation The incarnation the step works on.
 * @param work What to wait for (a rejection is the caller's to handle first).
 * @returns Whether the step may go on.
 */
export async function stillCurrent(
  cell: ActorCell,
  incarnation: number,
  work: PromiseLike<unknown>,
): Promise<boolean> {
  await work;
  return cell.incarnation === incarnation;
}

/** The cell's rarely used state, created on first use. */
export function extras(cell: ActorCell): CellExtras {
  return cell.x ??= new CellExtras();
}

/** The supervision bookkeeping of `cell`, created on first use. */
export function recordOf(cell: ActorCell): SupervisionRecord {
  return extras(cell).record ??= {
    window: null,
    backoffAttempt: 0,
    restartTimes: [],
    lastError: undefined,
    failures: 0,
  };
}

/**
 * The topics, groups and monitors `cell` takes part in, created on first
 * use; all are left when it stops for good, none at a restart.
 */
export function membershipsOf(cell: ActorCell): Set<Membership> {
  return extras(cell).memberships ??= new Set();
}

/** Sets or clears a flag. */
export function setFlag(cell: ActorCell, flag: number, on: boolean): void {
  cell.flags = on ? cell.flags | flag : cell.flags & ~flag;
}

/** Whether a stop was requested. */
export function stopRequested(cell: ActorCell): boolean {
  return (cell.flags & STOP_REQUESTED) !== 0;
}

/**
 * Lets the cell carry on after a lifecycle step: if it has signals, a fresh
 * incarnation to start, or mail, its next turn is scheduled (the turn handles
 * signals first, then `init`, then mail).
 */
export function wake(cell: ActorCell): void {
  if (cell.activity !== IDLE || cell.queued) return;
  const status = cell.status;
  const mailbox = cell.box;
  if (
    status === "starting" ||
    (mailbox !== null &&
      (mailbox.hasSystem || (status === "running" && mailbox.length > 0)))
  ) {
    cell.runtime.scheduler.schedule(cell);
  }
}

/**
 * Serialises lifecycle steps on `cell`; the chain counts as scheduler work
 * while it runs, and the cell is woken when it ends.
 *
 * @returns Resolves when `step` has run.
 */
export function runStep(
  cell: ActorCell,
  step: () => Promise<void>,
): Promise<void> {
  const x = extras(cell);
  if (!x.opsEntered) {
    x.opsEntered = true;
    cell.runtime.scheduler.enter();
  }
  const next = (x.ops ?? Promise.resolve()).then(step).catch((error) => {
    console.error(`understudy: lifecycle of "${cell.path}" failed`, error);
  });
  const tail = next.then(() => {
    if (x.ops !== tail) return;
    x.ops = null;
    if (cell.status !== "stopped") wake(cell);
    if (x.opsEntered) {
      x.opsEntered = false;
      cell.runtime.scheduler.leave();
    }
  });
  x.ops = tail;
  return next;
}

/**
 * Waits for `work`, or `ms` of the system clock, whichever comes first.
 *
 * @returns Whether `work` finished in time.
 */
export function within(
  cell: ActorCell,
  work: Promise<void>,
  ms: number,
): Promise<boolean> {
  return cell.runtime.deadlines.within(work, ms);
}

/** Resolves `whenStarted` waiters. */
export function resolveStarted(cell: ActorCell): void {
  const x = cell.x;
  const started = x?.started;
  if (started != null) {
    x!.started = null;
    started.resolve();
  }
}

/**
 * Resolves when the current incarnation has run `init` (or failed, or the
 * actor stopped).
 */
export function whenStarted(cell: ActorCell): Promise<void> {
  if (cell.status === "running" || cell.status === "stopped") {
    return Promise.resolve();
  }
  return (extras(cell).started ??= Promise.withResolvers<void>()).promise;
}

/** Queues a system signal; a turn in progress handles it next. */
export function signal(cell: ActorCell, signal: Signal): void {
  cell.mailbox.offerSystem(signal);
  if (cell.activity === TURN) cell.activity = INTERRUPTED;
}
