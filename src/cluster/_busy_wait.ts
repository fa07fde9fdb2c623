/**
 * Busy waiting after traffic with other nodes, as the BEAM's schedulers do
 * (`+sbwt`): for a short window after a small batch (a conversation, not
 * a burst: `CONVERSATION_FRAMES`) is sent or received, one
 * thread of this process spins at the lowest priority (nice 19) instead of
 * letting the CPU idle. A process blocked on its socket is then woken on a
 * CPU that is running, not on one the machine (or hypervisor) put to sleep,
 * and the wake-up stops dominating a round trip: on the 2-core VM of the
 * benchmarks, a bare TCP echo between two Deno processes took 78–86 µs with
 * every CPU idle between messages and 15–17 µs with such a thread in either
 * process. At nice 19 the thread yields to any other work on the machine; it
 * costs CPU time only while it spins, and sleeps (on a futex) once the
 * window passes without traffic.
 *
 * One spinning thread serves every node of the process: its window is the
 * longest any of them asked for. It runs only where a thread's priority can
 * be lowered (Linux, and on Deno with read access to `/proc/thread-self`
 * and `sys` access to `setPriority`, both granted by `-A`); elsewhere
 * nothing spins. `touch` is two typed-array writes, and a futex wake only
 * when the thread sleeps.
 *
 * @module
 */

import process from "node:process";
import { Worker } from "node:worker_threads";

/** Slots of the control array shared with the thread. */
const GEN = 0;
const STATE = 1;
const WINDOW_US = 2;
const QUIT = 3;
const TID = 4;
const SLOTS = 5;

/** The thread's states (`STATE`). */
export const SPIN_STARTING = 0;
export const SPIN_SPINNING = 1;
export const SPIN_SLEEPING = 2;
export const SPIN_UNAVAILABLE = 3;
export const SPIN_EXITED = 4;

/** The longest window accepted, in ms. */
export const MAX_BUSY_WAIT_MS = 1000;

/**
 * Batches of at most this many frames mark traffic: a conversation (an ask,
 * a reply, a few tells) waits on the other side's answer, while a burst's
 * large batches keep the CPUs busy by themselves, and spinning beside them
 * cost Bun a third of its remote tell throughput.
 */
export const CONVERSATION_FRAMES = 4;

/**
 * The thread's program (CommonJS, evaluated by `node:worker_threads` on
 * both runtimes, so it needs no file beside the module or the binary).
 */
const SPINNER = `
const { workerData } = require("node:worker_threads");
const ctl = new Int32Array(workerData.control);
const set = (state) => {
  Atomics.store(ctl, ${STATE}, state);
  Atomics.notify(ctl, ${STATE});
};
let tid = 0;
try {
  tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
  const os = require("node:os");
  os.setPriority(tid, 19);
  if (os.getPriority(tid) !== 19) tid = 0;
} catch {
  tid = 0;
}
if (tid > 0) {
  Atomics.store(ctl, ${TID}, tid);
  let seen = Atomics.load(ctl, ${GEN});
  let quietSince = -Infinity;
  let state = ${SPIN_STARTING};
  while (Atomics.load(ctl, ${QUIT}) === 0) {
    const gen = Atomics.load(ctl, ${GEN});
    if (gen !== seen) {
      seen = gen;
      quietSince = performance.now();
      if (state !== ${SPIN_SPINNING}) set(state = ${SPIN_SPINNING});
    } else if (performance.now() - quietSince >= Atomics.load(ctl, ${WINDOW_US}) / 1000) {
      set(state = ${SPIN_SLEEPING});
      Atomics.wait(ctl, ${GEN}, seen);
    } else {
      for (let i = 0; i < 64; i++) Atomics.load(ctl, ${QUIT});
    }
  }
  set(${SPIN_EXITED});
} else {
  set(${SPIN_UNAVAILABLE});
}
`;

/** The process's spinning thread and the nodes holding it. */
interface Spinner {
  readonly worker: Worker;
  readonly control: Int32Array;
  readonly holders: Set<BusyWait>;
}

let spinner: Spinner | null = null;

/**
 * Whether this process may lower a thread's priority without asking (a
 * Deno permission prompt would stop the process).
 */
function mayLowerPriority(): boolean {
  if (process.platform !== "linux") return false;
  const deno = (globalThis as {
    Deno?: {
      permissions: {
        querySync(d: { name: string; path?: string; kind?: string }): {
          state: string;
        };
      };
    };
  }).Deno;
  if (deno === undefined) return true;
  try {
    return deno.permissions.querySync({
          name: "read",
          path: "/proc/thread-self",
        }).state === "granted" &&
      deno.permissions.querySync({ name: "sys", kind: "setPriority" })
          .state === "granted";
  } catch {
    return false;
  }
}

/** One node's hold on the process's spinning thread. */
export class BusyWait {
  readonly #control: Int32Array;
  /** The window this node asked for, in ms. */
  readonly windowMs: number;

  /** Use {@linkcode holdBusyWait}. */
  constructor(control: Int32Array, windowMs: number) {
    this.#control = control;
    this.windowMs = windowMs;
  }

  /**
   * A batch of `frames` frames was sent or received: a conversation's (at
   * most {@linkcode CONVERSATION_FRAMES}) marks traffic, a burst's does not.
   */
  traffic(frames: number): void {
    if (frames <= CONVERSATION_FRAMES) this.touch();
  }

  /** Marks traffic: the thread spins for the window from now. */
  touch(): void {
    const control = this.#control;
    control[GEN] = (control[GEN] + 1) | 0;
    if (control[STATE] === SPIN_SLEEPING) Atomics.notify(control, GEN, 1);
  }

  /** Lets go of the thread; the last holder's release stops it. */
  release(): void {
    const s = spinner;
    if (s === null || !s.holders.delete(this)) return;
    if (s.holders.size > 0) return setWindow(s);
    spinner = null;
    Atomics.store(s.control, QUIT, 1);
    Atomics.notify(s.control, GEN);
    void s.worker.terminate();
  }
}

function setWindow(s: Spinner): void {
  let ms = 0;
  for (const holder of s.holders) ms = Math.max(ms, holder.windowMs);
  Atomics.store(s.control, WINDOW_US, Math.round(ms * 1000));
}

/**
 * Holds the process's spinning thread for a node, starting it if needed.
 *
 * @param windowMs How long to spin after traffic (0 for none).
 * @param program The thread's program, when it starts one (tests pass
 *   another).
 * @returns The hold, or `null` when nothing spins (0, or the priority
 *   cannot be lowered here).
 */
export function holdBusyWait(
  windowMs: number,
  program: string = SPINNER,
): BusyWait | null {
  if (windowMs === 0 || !mayLowerPriority()) return null;
  if (spinner === null) {
    const control = new Int32Array(
      new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT),
    );
    let worker: Worker;
    try {
      worker = new Worker(program, {
        eval: true,
        workerData: { control: control.buffer },
      });
    } catch {
      return null; // No threads here: nothing spins.
    }
    // A thread that fails (it should not) only stops spinning: an `error`
    // event nobody listens to would end the process.
    worker.on("error", () => Atomics.store(control, STATE, SPIN_UNAVAILABLE));
    worker.unref();
    spinner = { worker, control, holders: new Set() };
  }
  const hold = new BusyWait(spinner.control, windowMs);
  spinner.holders.add(hold);
  setWindow(spinner);
  return hold;
}

/** What the spinning thread is doing (`spinnerState`). */
export interface SpinnerState {
  /** The thread's worker. */
  readonly worker: Worker;
  /** `SPIN_STARTING`, `SPIN_SPINNING`, `SPIN_SLEEPING`, ... */
  readonly state: number;
  /** Its thread id, 0 until known. */
  readonly tid: number;
  /** Its window, in µs. */
  readonly windowUs: number;
  /** How many times traffic was marked (wraps at 2^31). */
  readonly touches: number;
}

/**
 * The spinning thread, for tests and diagnostics.
 *
 * @returns What it is doing, or `null` when none runs.
 */
export function spinnerState(): SpinnerState | null {
  if (spinner === null) return null;
  const c = spinner.control;
  return {
    worker: spinner.worker,
    state: Atomics.load(c, STATE),
    tid: Atomics.load(c, TID),
    windowUs: Atomics.load(c, WINDOW_US),
    touches: Atomics.load(c, GEN),
  };
}

/**
 * Waits until the spinning thread leaves a state.
 *
 * @param state The state it is expected to leave.
 * @param timeoutMs How long to wait at most.
 * @returns Its state then (still `state` after the timeout), or `null`
 *   when none runs.
 */
export async function spinnerLeaves(
  state: number,
  timeoutMs: number,
): Promise<number | null> {
  const s = spinner;
  if (s === null) return null;
  const deadline = performance.now() + timeoutMs;
  // The wait alone does not keep an event loop (Deno's) running.
  const alive = setTimeout(() => {}, timeoutMs);
  try {
    // A wake-up may come from a change already seen (its store, then our
    // look, then its notify): wait again until the state differs.
    while (Atomics.load(s.control, STATE) === state) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      const waited = Atomics.waitAsync(s.control, STATE, state, left);
      if (waited.async) await waited.value;
    }
  } finally {
    clearTimeout(alive);
  }
  return Atomics.load(s.control, STATE);
}
