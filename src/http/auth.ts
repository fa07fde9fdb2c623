/**
 * Bearer-token authentication: token generation and a middleware that
 * compares tokens in constant time.
 *
 * @module
 */

import type { MiddlewareHandler } from "hono";
import { errorResponse } from "./errors.ts";

const encoder = new TextEncoder();

/**
 * Generates a random token: 32 bytes from `crypto.getRandomValues`, base64url
 * without padding (43 characters).
 *
 * @returns The token.
 * @example
 * ```ts
 * import { generateToken } from "@understudy/runtime/http";
 * console.assert(/^[A-Za-z0-9_-]{43}$/.test(generateToken()));
 * ```
 */
export function generateToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(
    /=+$/,
    "",
  );
}

/**
 * Compares two strings in time that depends only on their SHA-256 digests'
 * length, never on where they first differ.
 *
 * @param a One string.
 * @param b The other.
 * @returns Whether they are equal.
 * @example
 * ```ts
 * import { timingSafeEqual } from "@understudy/runtime/http";
 * console.assert(await timingSafeEqual("secret", "secret"));
 * console.assert(!(await timingSafeEqual("secret", "secreT")));
 * ```
 */
export async function timingSafeEqual(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  const x = new Uint8Array(da);
  const y = new Uint8Array(db);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}

/**
 * A middleware that requires `Authorization: Bearer <token>`. A missing,
 * malformed or wrong header is answered with 401 `unauthorized` and
 * `WWW-Authenticate: Bearer`.
 *
 * @param token The expected token.
 * @returns The middleware.
 * @throws {TypeError} When `token` is not a non-empty string.
 */
export function bearerAuth(token: string): MiddlewareHandler {
  if (typeof token !== "string" || token === "") {
    throw new TypeError(
      "Invalid control plane options: token must be a non-empty string",
    );
  }
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (header === undefined || header === "") {
      return unauthorized("Missing bearer token", 'Bearer realm="understudy"');
    }
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (match === null) {
      return unauthorized(
        'Malformed Authorization header: expected "Bearer <token>"',
        'Bearer realm="understudy", error="invalid_request"',
      );
    }
    if (!(await timingSafeEqual(match[1], token))) {
      return unauthorized(
        "Invalid bearer token",
        'Bearer realm="understudy", error="invalid_token"',
      );
    }
    await next();
  };
}

function unauthorized(message: string, challenge: string): Response {
  return errorResponse(401, "unauthorized", message, {
    "www-authenticate": challenge,
  });
}
