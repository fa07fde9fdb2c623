/**
 * The scheduler: a run queue of actors with work, drained in fair turns.
 *
 * Follows Akka's dispatcher `throughput` and Pony's batch-per-turn: an actor is
 * queued once when it goes from idle to having mail, runs at most `throughput`
 * messages per turn, then goes to the tail. Differs from both in living on one
 * host event loop: after a time slice it yields to the macrotask queue (with
 * `setImmediate` where the host has it), so timers and I/O are never starved.
 * An idle scheduler holds no timer and polls nothing.
 *
 * @module
 */

import { MailboxPool } from "./mailbox.ts";
import { RunQueue } from "./_run_queue.ts";

/**
 * The key of {@linkcode Runnable}'s turn method: a symbol, so an actor ref
 * (which is its cell) offers no `runTurn` to plain JavaScript.
 */
export const RUN_TURN: unique symbol = Symbol("understudy.runTurn");

/** The key of {@linkcode Runnable}'s mailbox release, a symbol likewise. */
export const RELEASE_MAILBOX: unique symbol = Symbol(
  "understudy.releaseMailbox",
);

/** Something the scheduler can run: an actor cell. */
export interface Runnable {
  /** Set by the scheduler while the runnable sits in the run queue. */
  queued: boolean;
  /**
   * Runs up to `throughput` messages. A runnable that still has work it can
   * do now queues itself again ({@linkcode Scheduler.schedule}) before it
   * returns.
   *
   * @param throughput The most messages to handle in this turn.
   * @returns How many messages it handled (the scheduler looks at the clock
   * by messages as well as by turns).
   */
  [RUN_TURN](throughput: number): number;
  /**
   * Hands a drained mailbox back to the scheduler's
   * {@linkcode Scheduler.mailboxes} if the runnable is still idle; called in
   * the host task after a burst of runs for each runnable listed with
   * {@linkcode Scheduler.listIdle}.
   */
  [RELEASE_MAILBOX]?(): void;
}

/** Options for a {@linkcode Scheduler}. */
export interface SchedulerOptions {
  /** The most messages an actor handles per turn. Defaults to 100. */
  readonly throughput?: number;
  /**
   * How long the scheduler runs turns before yielding to the host's
   * macrotask queue, in milliseconds. Defaults to 4.
   */
  readonly timeSliceMs?: number;
}

/** Figures about a scheduler, for inspection. */
export interface SchedulerStats {
  /** Actors in the run queue now. */
  readonly queued: number;
  /** Async handlers and lifecycle steps in flight now. */
  readonly inFlight: number;
  /** Turns run since the scheduler was created. */
  readonly turns: number;
  /** Times the scheduler yielded to the host after a full time slice. */
  readonly yields: number;
}

type Yield = (fn: () => void) => void;

/** `setImmediate` where the host has it (Deno, Bun), else `setTimeout(0)`. */
const setImmediateHost = (globalThis as {
  setImmediate?: (fn: () => void) => unknown;
}).setImmediate;
const hostYield: Yield = typeof setImmediateHost === "function"
  ? (fn) => void setImmediateHost(fn)
  : (fn) => void setTimeout(fn, 0);

/** Wakes from idle this many times in microtasks before checking the time. */
const WAKES_PER_CHECK = 64;
/**
 * The scheduler looks at the time after this many turns, or after
 * {@linkcode MESSAGES_PER_CHECK} messages, whichever comes first: reading the
 * clock costs 40-80 ns on Deno, as much as a few messages.
 */
const TURNS_PER_CHECK = 256;
/**
 * Messages handled between two looks at the time (four full turns): a clock
 * read costs about 0.2 ns a message at this rate, and handlers that take
 * 10 microseconds each still yield within about one time slice.
 */
const MESSAGES_PER_CHECK = 400;

/**
 * A fair, cooperative run queue of actors.
 *
 * @example Runs a runnable once
 * ```ts
 * import { RUN_TURN, Scheduler } from "./scheduler.ts";
 * const scheduler = new Scheduler();
 * let ran = 0;
 * scheduler.schedule({ queued: false, [RUN_TURN]: () => (ran++, 0) });
 * await scheduler.idle();
 * console.assert(ran === 1);
 * ```
 */
export class Scheduler {
  readonly #queue = new RunQueue<Runnable>();
  /** Runnables that drained a mailbox they may hand back. */
  readonly #drained = new RunQueue<Runnable>();
  readonly #throughput: number;
  readonly #slice: number;
  #running = false;
  #wakePending = false;
  /** Whether a sweep of the drained list waits in the host's task queue. */
  #sweepPending = false;
  #wakes = 0;
  #sliceStart = 0;
  #inFlight = 0;
  #turns = 0;
  #yields = 0;
  #idleWaiters: (() => void)[] = [];
  /** Messages handled so far, added up at the end of each run. */
  handled = 0;
  /** Called at the end of every run (the system stamps ask deadlines). */
  afterRun: (() => void) | null = null;
  /** Spare mailboxes for the actors this scheduler runs. */
  readonly mailboxes: MailboxPool = new MailboxPool();

  /**
   * @param options Throughput and time slice.
   * @throws {RangeError} When an option is not a positive number.
   */
  constructor(options: SchedulerOptions = {}) {
    const throughput = options.throughput ?? 100;
    const slice = options.timeSliceMs ?? 4;
    if (!Number.isInteger(throughput) || throughput < 1) {
      throw new RangeError(
        `Invalid scheduler options: throughput must be a positive integer, got "${throughput}"`,
      );
    }
    if (!(slice > 0)) {
      throw new RangeError(
        `Invalid scheduler options: timeSliceMs must be positive, got "${slice}"`,
      );
    }
    this.#throughput = throughput;
    this.#slice = slice;
  }

  /** Current figures. */
  get stats(): SchedulerStats {
    return {
      queued: this.#queue.length,
      inFlight: this.#inFlight,
      turns: this.#turns,
      yields: this.#yields,
    };
  }

  /**
   * Whether nothing is queued, nothing is in flight and no drained mailbox
   * waits to go back to the pool.
   */
  get isIdle(): boolean {
    return this.#queue.length === 0 && this.#inFlight === 0 &&
      !this.#running && !this.#sweepPending;
  }

  /**
   * Queues a runnable that has work, unless it is queued already.
   *
   * @param runnable The actor cell.
   */
  schedule(runnable: Runnable): void {
    if (runnable.queued) return;
    runnable.queued = true;
    this.#queue.push(runnable);
    if (!this.#running && !this.#wakePending) this.#wake();
  }

  /**
   * Lists a runnable whose mailbox drained and may go back to the pool: in
   * the next host task (after the microtasks queued now, so after this burst
   * of runs), if it is idle then, its {@linkcode RELEASE_MAILBOX} method
   * runs. An actor that gets mail again within the burst (one answering
   * asks, a ping-pong partner) thus keeps its mailbox instead of handing it
   * back and taking it again once per message. The runnable lists itself
   * once per mailbox (see `Mailbox.listed`), so the list never holds more
   * entries than there are actors.
   *
   * @param runnable The actor cell.
   */
  listIdle(runnable: Runnable): void {
    this.#drained.push(runnable);
    if (!this.#sweepPending) {
      this.#sweepPending = true;
      hostYield(this.#sweep);
    }
  }

  /**
   * Counts asynchronous work (an async handler, a restart) until it settles,
   * so {@linkcode idle} waits for it.
   *
   * @param work The work's promise.
   * @returns A function that stops counting it before it settles (for work
   * abandoned for good, such as the cleanup of a killed actor); idempotent.
   */
  track(work: PromiseLike<unknown>): () => void {
    this.#inFlight++;
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      this.#inFlight--;
      this.#checkIdle();
    };
    work.then(done, done);
    return done;
  }

  /**
   * Counts one unit of work in flight until {@linkcode leave} (a cell's chain
   * of lifecycle steps), so {@linkcode idle} waits for it.
   */
  enter(): void {
    this.#inFlight++;
  }

  /** Ends a unit of work counted by {@linkcode enter}. */
  leave(): void {
    this.#inFlight--;
    this.#checkIdle();
  }

  /**
   * Resolves once the run queue is empty and no tracked work is in flight.
   *
   * @returns A promise of idleness.
   */
  idle(): Promise<void> {
    if (this.isIdle && !this.#wakePending) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #wake(): void {
    this.#wakePending = true;
    if (++this.#wakes < WAKES_PER_CHECK) {
      queueMicrotask(this.#run);
      return;
    }
    this.#wakes = 0;
    if (performance.now() - this.#sliceStart < this.#slice) {
      queueMicrotask(this.#run);
    } else {
      this.#yields++;
      hostYield(this.#runAfterYield);
    }
  }

  #runAfterYield = (): void => {
    this.#sliceStart = performance.now();
    this.#wakes = 0;
    this.#run();
  };

  #run = (): void => {
    this.#wakePending = false;
    this.#running = true;
    const queue = this.#queue;
    const throughput = this.#throughput;
    let turns = 0;
    // Counted in locals, not fields: the loop runs once per message in
    // ping-pong and thread-ring programs.
    let handled = 0;
    let countdown = TURNS_PER_CHECK;
    let checkAt = MESSAGES_PER_CHECK;
    try {
      while (queue.length > 0) {
        const runnable = queue.shift()!;
        runnable.queued = false;
        handled += runnable[RUN_TURN](throughput);
        turns++;
        if (--countdown === 0 || handled >= checkAt) {
          if (performance.now() - this.#sliceStart >= this.#slice) break;
          countdown = TURNS_PER_CHECK;
          checkAt = handled + MESSAGES_PER_CHECK;
        }
      }
    } finally {
      this.#turns += turns;
      this.handled += handled;
      this.#running = false;
      this.afterRun?.();
    }
    if (queue.length > 0) {
      this.#wakePending = true;
      this.#yields++;
      hostYield(this.#runAfterYield);
    } else {
      queue.compact();
      this.#checkIdle();
    }
  };

  /** Hands back the drained mailboxes of the actors still idle. */
  #sweep = (): void => {
    this.#sweepPending = false;
    this.#releaseMailboxes();
    this.#checkIdle();
  };

  #releaseMailboxes(): void {
    const drained = this.#drained;
    let runnable: Runnable | undefined;
    while ((runnable = drained.shift()) !== undefined) {
      runnable[RELEASE_MAILBOX]!();
    }
    drained.compact();
  }

  #checkIdle(): void {
    if (!this.isIdle || this.#wakePending) return;
    const waiters = this.#idleWaiters;
    if (waiters.length === 0) return;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
