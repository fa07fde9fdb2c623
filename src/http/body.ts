/**
 * Request bodies: JSON only, size-limited, and checked against their
 * declared shapes (unknown fields are rejected, every message names the
 * field).
 *
 * @module
 */

import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { errorResponse, HttpError } from "./errors.ts";
import type { Shape } from "./shape.ts";

/**
 * A middleware for requests that carry a body: it must be
 * `Content-Type: application/json` (else 415 `unsupported_media_type`) and at
 * most `maxBytes` long (else 413 `payload_too_large`). A request without a
 * body passes.
 *
 * @param maxBytes The largest body accepted, in bytes.
 * @returns The middleware.
 * @throws {RangeError} When `maxBytes` is not a positive integer.
 */
export function jsonBodies(maxBytes: number): MiddlewareHandler {
  if (!Number.isInteger(maxBytes) || maxBytes < 1) {
    throw new RangeError(
      `Invalid control plane options: bodyLimitBytes must be a positive integer, got "${maxBytes}"`,
    );
  }
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () =>
      errorResponse(
        413,
        "payload_too_large",
        `Request body is larger than ${maxBytes} bytes`,
      ),
  });
  return async (c, next) => {
    const request = c.req.raw;
    if (
      request.body === null || request.headers.get("content-length") === "0"
    ) {
      return await next();
    }
    const type = request.headers.get("content-type") ?? "";
    if (
      type === "" && !request.headers.has("content-length") &&
      !request.headers.has("transfer-encoding") && (await c.req.text()) === ""
    ) {
      // No framing headers: over HTTP/1.1 there is no body (a server may
      // still hand over an empty stream), as with `curl -X POST`.
      return await next();
    }
    const media = type.split(";")[0].trim().toLowerCase();
    if (media !== "application/json") {
      return errorResponse(
        415,
        "unsupported_media_type",
        type === ""
          ? "Request body needs Content-Type: application/json"
          : `Unsupported Content-Type "${type}": expected application/json`,
      );
    }
    return await limit(c, next);
  };
}

/**
 * Reads the body as JSON and checks it against a shape. An empty body reads
 * as `{}`.
 *
 * @typeParam T The body's type.
 * @param c The request context.
 * @param shape The body's declared shape.
 * @returns The checked body.
 * @throws {HttpError} 400 `invalid_json` when the body is not JSON; 422
 * `validation_failed` or `unknown_field` when it does not fit the shape.
 */
export async function readBody<T>(c: Context, shape: Shape<T>): Promise<T> {
  const text = c.req.raw.body === null ? "" : await readText(c);
  let value: unknown = {};
  if (text.trim() !== "") {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new HttpError(
        400,
        "invalid_json",
        `Malformed JSON in request body: ${(error as Error).message}`,
      );
    }
  }
  return shape.check(value, "");
}

/**
 * Reads the body as text. A body that cannot be read (the client went away
 * mid-body, a broken chunked encoding) is the client's problem, answered
 * with a 400, and never logged as an internal error.
 */
async function readText(c: Context): Promise<string> {
  try {
    return await c.req.text();
  } catch (error) {
    if (error instanceof HttpError || error instanceof HTTPException) {
      throw error;
    }
    throw new HttpError(
      400,
      "bad_request",
      "Could not read the request body: the connection ended or the body is malformed",
    );
  }
}
