/**
 * Errors of the control plane: every failure becomes one status and a JSON
 * body `{ "error": { "code", "message" } }`, never a stack trace.
 *
 * @module
 */

import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { rawPathOf } from "./_raw_path.ts";
import {
  ActorFailedError,
  ActorStoppedError,
  AlreadyPresentError,
  AlreadyStartedError,
  AskTimeoutError,
  ChildError,
  ChildNotFoundError,
  ChildStartError,
  MailboxFullError,
  SpawnError,
} from "../core/errors.ts";

/** The HTTP statuses the control plane answers errors with. */
export type ErrorStatus =
  | 400
  | 401
  | 403
  | 404
  | 405
  | 409
  | 413
  | 415
  | 422
  | 429
  | 500
  | 502
  | 503
  | 504;

/** The machine-readable codes of error bodies. */
export type ErrorCode =
  | "bad_request"
  | "invalid_json"
  | "unauthorized"
  | "fault_injection_disabled"
  | "route_not_found"
  | "method_not_allowed"
  | "actor_not_found"
  | "kind_not_found"
  | "conflict"
  | "name_taken"
  | "max_children"
  | "not_a_dynamic_supervisor"
  | "actor_stopped"
  | "mailbox_full"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unknown_field"
  | "validation_failed"
  | "start_failed"
  | "not_accepted"
  | "ask_rejected"
  | "internal"
  | "actor_failed"
  | "ask_timeout"
  | "cluster_disabled"
  | "node_not_found"
  | "node_down"
  | "node_unreachable"
  | "remote_failed";

/** The JSON body of every error response. */
export interface ErrorBody {
  /** What went wrong. */
  readonly error: {
    /** A stable machine-readable code, such as `"actor_not_found"`. */
    readonly code: ErrorCode;
    /** A human-readable explanation. */
    readonly message: string;
  };
}

/**
 * An error that carries its HTTP status and code; route handlers throw it and
 * the app's error handler answers with it.
 *
 * @example
 * ```ts
 * import { HttpError } from "./errors.ts";
 * const error = new HttpError(404, "actor_not_found", 'No actor at "/a"');
 * console.assert(error.status === 404);
 * ```
 */
export class HttpError extends Error {
  /** The response status. */
  readonly status: ErrorStatus;
  /** The response code. */
  readonly code: ErrorCode;
  /** Extra response headers, such as `WWW-Authenticate`. */
  readonly headers: Readonly<Record<string, string>>;

  /**
   * @param status The response status.
   * @param code The machine-readable code.
   * @param message The human-readable message.
   * @param headers Extra response headers.
   */
  constructor(
    status: ErrorStatus,
    code: ErrorCode,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/**
 * Builds an error response.
 *
 * @param status The status.
 * @param code The machine-readable code.
 * @param message The human-readable message.
 * @param headers Extra headers.
 * @returns The JSON response.
 * @example
 * ```ts
 * import { errorResponse } from "./errors.ts";
 * const res = errorResponse(404, "route_not_found", "No route");
 * console.assert(res.status === 404);
 * ```
 */
export function errorResponse(
  status: ErrorStatus,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const body: ErrorBody = { error: { code, message } };
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, "content-type": "application/json; charset=UTF-8" },
  });
}

/**
 * Maps any thrown value to the HTTP error it stands for: domain errors of the
 * core to their statuses, anything unknown to a generic 500 (`unexpected`:
 * log it, do not show it). A stray `TypeError` is a bug, hence a 500: wrap
 * calls into the core with {@linkcode fromCore} to turn its argument errors
 * into 422s.
 *
 * @param error The thrown value.
 * @returns The HTTP error, and whether it is an unexpected one.
 * @example
 * ```ts
 * import { AskTimeoutError } from "@understudy/runtime";
 * import { toHttpError } from "./errors.ts";
 * console.assert(toHttpError(new AskTimeoutError("/a", 10)).error.status === 504);
 * ```
 */
export function toHttpError(
  error: unknown,
): { error: HttpError; unexpected: boolean } {
  const known = (status: ErrorStatus, code: ErrorCode) => ({
    error: new HttpError(status, code, (error as Error).message),
    unexpected: false,
  });
  if (error instanceof HttpError) return { error, unexpected: false };
  if (
    error instanceof AlreadyStartedError || error instanceof AlreadyPresentError
  ) {
    return known(409, "name_taken");
  }
  if (error instanceof ChildNotFoundError) return known(404, "actor_not_found");
  if (error instanceof ChildStartError) return known(502, "actor_failed");
  if (error instanceof ChildError) return known(409, "conflict");
  if (error instanceof SpawnError) {
    const message = error.message;
    if (message.includes("maxChildren")) return known(409, "max_children");
    if (message.includes("taken")) return known(409, "name_taken");
    return known(409, "conflict");
  }
  if (error instanceof ActorStoppedError) return known(409, "actor_stopped");
  if (error instanceof MailboxFullError) {
    return {
      error: new HttpError(429, "mailbox_full", error.message, {
        "retry-after": "1",
      }),
      unexpected: false,
    };
  }
  if (error instanceof AskTimeoutError) return known(504, "ask_timeout");
  if (error instanceof ActorFailedError) return known(502, "actor_failed");
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 413) return known(413, "payload_too_large");
    if (status === 400) return known(400, "bad_request");
  }
  return {
    error: new HttpError(500, "internal", "Internal server error"),
    unexpected: true,
  };
}

/**
 * Runs a call into the core, turning the `TypeError` / `RangeError` it throws
 * for bad arguments into a 422 `validation_failed`.
 *
 * @typeParam T The call's result.
 * @param call The call.
 * @returns Its result.
 * @throws {HttpError} 422 when the core rejected an argument.
 * @example
 * ```ts
 * import { fromCore, HttpError } from "./errors.ts";
 * await fromCore(() => {
 *   throw new RangeError("Bad");
 * }).catch((e) => console.assert(e instanceof HttpError && e.status === 422));
 * ```
 */
export async function fromCore<T>(call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      throw new HttpError(422, "validation_failed", error.message);
    }
    throw error;
  }
}

/**
 * The app's error handler: answers with the mapped error and logs unexpected
 * ones with `console.error`.
 *
 * @param error The thrown value.
 * @param c The request context.
 * @returns The JSON error response.
 */
export function handleError(error: unknown, c: Context): Response {
  if (clientWentAway(c.req.raw, error)) {
    return errorResponse(
      400,
      "bad_request",
      "Could not read the request body: the connection ended",
    );
  }
  const mapped = toHttpError(error);
  if (mapped.unexpected) {
    logUnexpected(c.req.method, rawPathOf(c.req.url), error);
  }
  const { status, code, message, headers } = mapped.error;
  return errorResponse(status, code, message, { ...headers });
}

/** Error names the runtimes use when a client's connection broke. */
const CLIENT_GONE = [
  "AbortError",
  "BadResource",
  "BrokenPipe",
  "ConnectionReset",
  "Http",
  "UnexpectedEof",
];

/**
 * Whether a request failed because its client went away (the body could not
 * be read to its end): not an internal error, and nobody to answer.
 */
function clientWentAway(request: Request, error: unknown): boolean {
  if (request.signal?.aborted === true) return true;
  const name = (error as { name?: unknown } | null)?.name;
  const message = String((error as { message?: unknown } | null)?.message);
  return CLIENT_GONE.includes(name as string) ||
    /connection (was )?(closed|reset)|unexpected end of|error reading a body|read request body/i
      .test(message);
}

/**
 * The app's not-found handler.
 *
 * @param c The request context.
 * @returns A 404 `route_not_found` response.
 */
export function handleNotFound(c: Context): Response {
  return errorResponse(
    404,
    "route_not_found",
    `No route for ${c.req.method} ${printable(rawPathOf(c.req.url))}`,
  );
}

/**
 * Logs an unexpected error on the server, with the request's method and path
 * (control characters escaped, so a path cannot forge log lines).
 *
 * @param method The request method.
 * @param path The raw request path.
 * @param error The error, logged in full (stack included) on the server only.
 */
export function logUnexpected(
  method: string,
  path: string,
  error: unknown,
): void {
  console.error(
    `understudy: ${printable(method)} ${printable(path)} failed`,
    error,
  );
}

// deno-lint-ignore no-control-regex
const CONTROL_CHARS = new RegExp("[\\u0000-\\u001f\\u007f-\\u009f]", "g");

/** Escapes control characters and cuts long text, for messages and logs. */
function printable(text: string): string {
  const cut = text.length > 200 ? `${text.slice(0, 200)}...` : text;
  return cut.replace(
    CONTROL_CHARS,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
