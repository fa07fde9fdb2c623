/**
 * Errors across the wire: an ask rejected on the remote node is rejected on
 * the asking node with the same class (for the core's domain errors) and
 * message; other errors arrive as plain `Error`s with their name kept.
 *
 * @module
 */

import {
  ActorError,
  ActorFailedError,
  ActorStoppedError,
  AskTimeoutError,
  errorMessage,
  MailboxFullError,
  SpawnError,
} from "../core/errors.ts";

/** An error as data. */
export interface WireError {
  /** The error's `name`. */
  readonly name: string;
  /** Its message. */
  readonly message: string;
  /** The actor's path, for domain errors. */
  readonly path?: string;
  /** The ask timeout, for `AskTimeoutError`. */
  readonly timeoutMs?: number;
  /** The cause, one level deep. */
  readonly cause?: WireError;
  /** An HTTP-style status the error carried (control plane errors). */
  readonly status?: number;
  /** A machine-readable code the error carried. */
  readonly code?: string;
}

/**
 * The data form of a thrown value.
 *
 * @param error Any thrown value.
 * @param depth How many causes to follow.
 * @returns Its wire form.
 */
export function toWireError(error: unknown, depth = 1): WireError {
  const name = error instanceof Error ? error.name : "Error";
  const base = { name, message: errorMessage(error) };
  const path = error instanceof ActorError ? { path: error.path } : {};
  const timeout = error instanceof AskTimeoutError
    ? { timeoutMs: error.timeoutMs }
    : {};
  const cause = depth > 0 && error instanceof Error &&
      error.cause !== undefined
    ? { cause: toWireError(error.cause, depth - 1) }
    : {};
  const e = error as { status?: unknown; code?: unknown };
  const coded = typeof e?.status === "number" && typeof e.code === "string"
    ? { status: e.status, code: e.code }
    : {};
  return { ...base, ...path, ...timeout, ...cause, ...coded };
}

/**
 * An error rebuilt from its wire form.
 *
 * @param wire The data.
 * @returns The error, of the core's class where the name is one of them.
 */
export function fromWireError(wire: WireError): Error {
  const cause = wire.cause === undefined
    ? undefined
    : fromWireError(wire.cause);
  const path = wire.path ?? "";
  const options = { cause };
  switch (wire.name) {
    case "ActorFailedError":
      return new ActorFailedError(path, wire.message, options);
    case "ActorStoppedError":
      return new ActorStoppedError(path, wire.message, options);
    case "MailboxFullError":
      return new MailboxFullError(path, wire.message, options);
    case "SpawnError":
      return new SpawnError(path, wire.message, options);
    case "AskTimeoutError":
      return new AskTimeoutError(path, wire.timeoutMs ?? 0, options);
    default: {
      const error = new Error(wire.message, options);
      error.name = typeof wire.name === "string" ? wire.name : "Error";
      if (typeof wire.status === "number" && typeof wire.code === "string") {
        Object.assign(error, { status: wire.status, code: wire.code });
      }
      return error;
    }
  }
}
