/**
 * Argument checks shared by the cluster's public functions.
 *
 * @module
 */

import { MAX_BUSY_WAIT_MS } from "./_busy_wait.ts";

const SIMPLE = /^[A-Za-z0-9_-]+$/;

/** Checks a node or cluster name. */
export function checkSimple(value: unknown, what: string): string {
  if (typeof value !== "string" || !SIMPLE.test(value)) {
    throw new TypeError(
      `Invalid cluster options: ${what} must be letters, digits, "-" or "_", got "${value}"`,
    );
  }
  return value;
}

/** Checks an absolute actor path. */
export function checkPath(path: unknown): void {
  if (typeof path !== "string" || !path.startsWith("/")) {
    throw new TypeError(`Invalid actor path "${path}": must start with "/"`);
  }
}

/** Checks a positive duration. */
export function checkMs(ms: unknown, what: string): number {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms <= 0) {
    throw new RangeError(
      `Invalid cluster options: ${what} must be a positive number, got "${ms}"`,
    );
  }
  return ms;
}

/** The default of `busyWaitMs`. */
export const BUSY_WAIT_MS = 1;

/** Checks `busyWaitMs`: from 0 (off) to the most, defaulting to 1. */
export function checkBusyWait(ms: unknown): number {
  if (ms === undefined) return BUSY_WAIT_MS;
  if (typeof ms !== "number" || !(ms >= 0 && ms <= MAX_BUSY_WAIT_MS)) {
    throw new RangeError(
      `Invalid cluster options: busyWaitMs must be a number from 0 to ${MAX_BUSY_WAIT_MS}, got "${ms}"`,
    );
  }
  return ms;
}
