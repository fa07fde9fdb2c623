/**
 * The error {@linkcode runUntilIdle} throws when the system stays busy with
 * work that no virtual timer explains and that makes no progress within its
 * bound: a handler awaiting a real `fetch`, a real timer or a promise that
 * never settles.
 *
 * @module
 */

/** One actor that kept {@linkcode runUntilIdle} waiting. */
export interface BusyActor {
  /** Its path, such as `"/app/fetcher"`. */
  readonly path: string;
  /**
   * What it was doing: `awaiting` an async handler, `init` or `stopped`
   * that had not settled, or `queued` with mail it had not handled.
   */
  readonly doing: "awaiting" | "queued";
  /** Messages waiting in its mailbox. */
  readonly mailboxDepth: number;
}

/**
 * The system was still busy, with no progress and no virtual timer pending,
 * when {@linkcode runUntilIdle}'s real-time bound ran out.
 *
 * @example Catch it
 * ```ts
 * import { IdleTimeoutError, TestKit } from "@understudy/runtime/testing";
 * import { defineActor } from "@understudy/runtime";
 * await using kit = new TestKit({ idleTimeoutMs: 50 });
 * const never = new Promise<void>(() => {});
 * kit.system.spawn(defineActor({
 *   init: () => null,
 *   receive: async (s: null, _msg: "go") => (await never, s),
 * }), { name: "stuck" }).tell("go");
 * try {
 *   await kit.runUntilIdle();
 * } catch (error) {
 *   console.assert(error instanceof IdleTimeoutError);
 *   console.assert((error as IdleTimeoutError).busy[0].path === "/stuck");
 * }
 * ```
 */
export class IdleTimeoutError extends Error {
  /** The actors still busy, in tree order (may be empty: see `inFlight`). */
  readonly busy: readonly BusyActor[];
  /** Async handlers and lifecycle steps still in flight. */
  readonly inFlight: number;
  /** How long it waited without progress, in real milliseconds. */
  readonly waitedMs: number;

  /**
   * Creates the error.
   *
   * @param busy The actors still busy.
   * @param inFlight The async steps in flight.
   * @param waitedMs How long it waited without progress.
   */
  constructor(
    busy: readonly BusyActor[],
    inFlight: number,
    waitedMs: number,
  ) {
    const shown = busy.slice(0, 5).map((b) =>
      b.doing === "awaiting"
        ? `"${b.path}" is awaiting an async handler`
        : `"${b.path}" has ${b.mailboxDepth} queued message(s)`
    );
    if (busy.length > 5) shown.push(`${busy.length - 5} more`);
    super(
      `Cannot run until idle: no progress for ${waitedMs} ms of real time and no virtual timer pending: ${
        shown.length > 0
          ? shown.join(", ")
          : `${inFlight} async step(s) in flight`
      } (it awaits something outside the system, such as a real fetch or timer: await that first, or raise idleTimeoutMs)`,
    );
    this.name = "IdleTimeoutError";
    this.busy = busy;
    this.inFlight = inFlight;
    this.waitedMs = waitedMs;
  }
}
