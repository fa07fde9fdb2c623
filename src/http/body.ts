/**
 * Request bodies: JSON only, size-limited, and checked strictly by hand
 * (unknown fields are rejected, every message names the field).
 *
 * @module
 */

import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { errorResponse, HttpError } from "./errors.ts";

/** A JSON object from a request body. */
export type JsonObject = Record<string, unknown>;

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
 * Reads the body as a JSON object with only the `allowed` fields. An empty
 * body reads as `{}`.
 *
 * @param c The request context.
 * @param allowed The field names the route accepts.
 * @returns The object.
 * @throws {HttpError} 400 `invalid_json` when the body is not JSON; 422
 * `validation_failed` when it is not an object; 422 `unknown_field` when it
 * has a field not in `allowed`.
 */
export async function readJsonObject(
  c: Context,
  allowed: readonly string[],
): Promise<JsonObject> {
  const text = c.req.raw.body === null ? "" : await readText(c);
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(
      400,
      "invalid_json",
      `Malformed JSON in request body: ${(error as Error).message}`,
    );
  }
  return expectObject(value, "request body", allowed);
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

/**
 * Checks that `value` is a plain JSON object with only `allowed` fields.
 *
 * @param value The value.
 * @param where What it is, for messages: `"request body"`, `"children[0]"`.
 * @param allowed The field names allowed.
 * @returns The object.
 * @throws {HttpError} 422 `validation_failed` or `unknown_field`.
 */
export function expectObject(
  value: unknown,
  where: string,
  allowed: readonly string[],
): JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new HttpError(
      422,
      "validation_failed",
      `${capitalize(where)} must be a JSON object`,
    );
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new HttpError(
        422,
        "unknown_field",
        `Unknown field "${key}" in ${where}: allowed fields are ${
          allowed.map((a) => `"${a}"`).join(", ") || "none"
        }`,
      );
    }
  }
  return value as JsonObject;
}

/**
 * Reads an optional string field.
 *
 * @param object The object.
 * @param key The field.
 * @param where The object's name for messages, or `""` for the body.
 * @returns The string, or `undefined` when absent.
 * @throws {HttpError} 422 when present but not a non-empty string.
 */
export function optionalString(
  object: JsonObject,
  key: string,
  where = "",
): string | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") {
    throw invalid(where, key, "must be a non-empty string");
  }
  return value;
}

/**
 * Reads a required string field.
 *
 * @param object The object.
 * @param key The field.
 * @param where The object's name for messages, or `""` for the body.
 * @returns The string.
 * @throws {HttpError} 422 when absent or not a non-empty string.
 */
export function requiredString(
  object: JsonObject,
  key: string,
  where = "",
): string {
  const value = optionalString(object, key, where);
  if (value === undefined) throw invalid(where, key, "is required");
  return value;
}

/**
 * Reads an optional integer field within bounds.
 *
 * @param object The object.
 * @param key The field.
 * @param min The smallest value allowed.
 * @param max The largest value allowed.
 * @param where The object's name for messages, or `""` for the body.
 * @returns The integer, or `undefined` when absent.
 * @throws {HttpError} 422 when present but not an integer in range.
 */
export function optionalInteger(
  object: JsonObject,
  key: string,
  min: number,
  max: number,
  where = "",
): number | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (
    !Number.isInteger(value) || (value as number) < min ||
    (value as number) > max
  ) {
    throw invalid(where, key, `must be an integer from ${min} to ${max}`);
  }
  return value as number;
}

/**
 * Reads an optional field that must be one of `choices`.
 *
 * @typeParam T The choices.
 * @param object The object.
 * @param key The field.
 * @param choices The values allowed.
 * @param where The object's name for messages, or `""` for the body.
 * @returns The value, or `undefined` when absent.
 * @throws {HttpError} 422 when present but not one of `choices`.
 */
export function optionalChoice<T extends string | number>(
  object: JsonObject,
  key: string,
  choices: readonly T[],
  where = "",
): T | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (!choices.includes(value as T)) {
    throw invalid(
      where,
      key,
      `must be one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`,
    );
  }
  return value as T;
}

/**
 * A 422 `validation_failed` error about one field.
 *
 * @param where The object's name, or `""` for the body.
 * @param key The field.
 * @param problem What is wrong, such as `"is required"`.
 * @returns The error.
 */
export function invalid(
  where: string,
  key: string,
  problem: string,
): HttpError {
  const field = where === "" ? key : `${where}.${key}`;
  return new HttpError(
    422,
    "validation_failed",
    `Field "${field}" ${problem}`,
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
