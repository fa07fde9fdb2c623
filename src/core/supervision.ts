/**
 * Supervision policy: directives, deciders, restart intensity and backoff.
 *
 * Follows Erlang/OTP's `supervisor` (intensity as at most `maxRestarts`
 * restarts within `withinMs`, a sliding window) and Akka's supervisor
 * strategies (a decider per failure, `restartWithBackoff`). The default for an
 * actor spawned without a supervisor spec is Akka classic's: restart, at most
 * 3 times in 5000 ms (the Trupe seed's numbers), then stop that child.
 *
 * @module
 */

import type { ActorRef } from "./actor_ref.ts";

/**
 * What a supervisor does about one failure of a child:
 * `restart` (fresh state from the original arguments), `resume` (keep state,
 * drop the failing message as a dead letter), `stop` (the child stops with
 * reason `failed`), `escalate` (the supervisor fails itself, so its parent
 * decides).
 */
export type Directive = "restart" | "resume" | "stop" | "escalate";

/**
 * Chooses a {@linkcode Directive} from a child's error.
 *
 * @param error The value the child threw or rejected with.
 * @param child The failed child.
 * @returns The directive to apply.
 */
export type Decider = (error: unknown, child: ActorRef<never>) => Directive;

/**
 * Exponential backoff between restarts, as Akka's `restartWithBackoff`.
 * The n-th consecutive restart waits `min(maxMs, minMs * factor ** n)`,
 * stretched by a random fraction up to `jitter`.
 */
export interface BackoffOptions {
  /** The first delay, in milliseconds. Required; must be at least 0. */
  readonly minMs: number;
  /** The longest delay, in milliseconds. Defaults to `minMs * 32`. */
  readonly maxMs?: number;
  /** The growth factor per consecutive restart. Defaults to 2. */
  readonly factor?: number;
  /**
   * The largest random stretch, as a fraction of the delay (0.2 adds up to
   * 20%). Defaults to 0.
   */
  readonly jitter?: number;
  /**
   * A child that ran this long without failing starts again from `minMs`.
   * Defaults to `maxMs`.
   */
  readonly resetAfterMs?: number;
}

/** How failures of a child are handled. Every field has a default. */
export interface SupervisionOptions {
  /** Chooses the directive per failure. Defaults to always `restart`. */
  readonly decider?: Decider;
  /**
   * The most restarts allowed within `withinMs`; one more exceeds the
   * intensity. Defaults to 3.
   */
  readonly maxRestarts?: number;
  /** The sliding window for `maxRestarts`, in milliseconds. Defaults to 5000. */
  readonly withinMs?: number;
  /** Delay restarts with exponential backoff. Defaults to none (immediate). */
  readonly backoff?: BackoffOptions;
}

/**
 * The decider used when none is given: always `restart`.
 *
 * @param _error The failure (ignored).
 * @param _child The failed child (ignored).
 * @returns `"restart"`.
 */
export function restartAlways(_error: unknown, _child: unknown): Directive {
  return "restart";
}

/**
 * Checks supervision options, throwing on values that cannot work.
 *
 * @param options The options to check.
 * @param where Where they were given, for the error message.
 * @throws {RangeError} When a number is out of range.
 * @throws {TypeError} When the decider is not a function.
 */
export function validateSupervision(
  options: SupervisionOptions,
  where: string,
): void {
  const { decider, maxRestarts, withinMs, backoff } = options;
  if (decider !== undefined && typeof decider !== "function") {
    throw new TypeError(`Invalid ${where}: decider must be a function`);
  }
  // OTP: intensity is a non-negative integer, period a positive integer.
  checkNumber(maxRestarts, "maxRestarts", where, "integer", 0);
  checkNumber(withinMs, "withinMs", where, "positive", 0);
  if (backoff === undefined) return;
  if (backoff === null || typeof backoff !== "object") {
    throw new TypeError(`Invalid ${where}: backoff must be an object`);
  }
  if (backoff.minMs === undefined) {
    throw new RangeError(`Invalid ${where}: backoff.minMs is required`);
  }
  checkNumber(backoff.minMs, "backoff.minMs", where, "number", 0);
  checkNumber(backoff.maxMs, "backoff.maxMs", where, "number", backoff.minMs);
  checkNumber(backoff.resetAfterMs, "backoff.resetAfterMs", where, "number", 0);
  checkNumber(backoff.factor, "backoff.factor", where, "number", 1);
  const jitter = backoff.jitter;
  if (jitter !== undefined && !(jitter >= 0 && jitter <= 1)) {
    throw new RangeError(
      `Invalid ${where}: backoff.jitter must be between 0 and 1, got "${jitter}"`,
    );
  }
}

/**
 * Throws a RangeError unless `value` is undefined or a finite number of the
 * kind asked (`integer`, `positive`, any `number`) and at least `min`.
 */
function checkNumber(
  value: number | undefined,
  field: string,
  where: string,
  kind: "integer" | "positive" | "number",
  min: number,
): void {
  if (value === undefined) return;
  const ok = typeof value === "number" && Number.isFinite(value) &&
    value >= min && (kind !== "integer" || Number.isInteger(value)) &&
    (kind !== "positive" || value > 0);
  if (ok) return;
  const wanted = kind === "integer"
    ? "a non-negative integer"
    : kind === "positive"
    ? "a positive number"
    : min === 0
    ? "a non-negative number"
    : `a number of at least ${min}`;
  throw new RangeError(
    `Invalid ${where}: ${field} must be ${wanted}, got "${value}"`,
  );
}

/**
 * OTP's restart intensity: a sliding window of recent restart times.
 *
 * @example Three restarts allowed, the fourth exceeds
 * ```ts
 * import { RestartWindow } from "@understudy/runtime";
 * const window = new RestartWindow(3, 5000);
 * console.assert([0, 1, 2].every((t) => window.allow(t)) && !window.allow(3));
 * ```
 */
export class RestartWindow {
  readonly #max: number;
  readonly #within: number;
  #times: number[] = [];

  /**
   * Creates the instance.
   *
   * @param maxRestarts The most restarts within the window.
   * @param withinMs The window length in milliseconds.
   */
  constructor(maxRestarts: number, withinMs: number) {
    this.#max = maxRestarts;
    this.#within = withinMs;
  }

  /**
   * Records a restart at `now` if the intensity allows it.
   *
   * @param now The current time in milliseconds.
   * @returns `true` when the restart is within the limit (and was recorded),
   * `false` when it would exceed it.
   */
  allow(now: number): boolean {
    const since = now - this.#within;
    this.#times = this.#times.filter((t) => t > since);
    if (this.#times.length >= this.#max) return false;
    this.#times.push(now);
    return true;
  }
}

/**
 * The delay before the `attempt`-th consecutive restart (0-based).
 *
 * @param backoff The backoff options.
 * @param attempt How many restarts happened since the last reset.
 * @param random A source of numbers in [0, 1). Defaults to `Math.random`.
 * @returns The delay in milliseconds.
 */
export function backoffDelay(
  backoff: BackoffOptions,
  attempt: number,
  random: () => number = Math.random,
): number {
  const max = backoff.maxMs ?? backoff.minMs * 32;
  const base = Math.min(max, backoff.minMs * (backoff.factor ?? 2) ** attempt);
  const jitter = backoff.jitter ?? 0;
  return jitter === 0 ? base : base * (1 + random() * jitter);
}
