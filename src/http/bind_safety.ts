/**
 * Bind safety: the control plane listens on loopback unless an operator gave
 * an explicit token, so a generated token is never the only guard of a public
 * port.
 *
 * @module
 */

/**
 * Whether `host` names the loopback interface: `localhost`, any `127.x.x.x`,
 * `::1` (bracketed or not) or an IPv4-mapped loopback such as
 * `::ffff:127.0.0.1`.
 *
 * @param host A host name or address.
 * @returns Whether it is loopback.
 * @example
 * ```ts
 * import { isLoopback } from "@understudy/runtime/http";
 * console.assert(isLoopback("127.0.0.1") && isLoopback("[::1]"));
 * console.assert(!isLoopback("0.0.0.0"));
 * ```
 */
export function isLoopback(host: string): boolean {
  if (typeof host !== "string") return false;
  let h = host.trim().toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  if (h.endsWith(".")) h = h.slice(0, -1);
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const mapped = /^(?:::ffff:|0:0:0:0:0:ffff:)(.+)$/.exec(h);
  if (mapped !== null) h = mapped[1];
  const octets = h.split(".");
  return octets.length === 4 && octets[0] === "127" &&
    octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}

/** The least estimated strength of a token on a non-loopback address. */
export const MIN_TOKEN_BITS = 128;

/**
 * Estimates a token's strength in bits, conservatively: its length times the
 * bits per character of the smallest alphabet it fits (hex 4, lower case and
 * digits 5.17, base64url 6, printable ASCII 6.57, anything else 8); a token
 * of fewer than 8 distinct characters counts as 0. `generateToken()` makes
 * 258 bits.
 *
 * @param token The token.
 * @returns The estimate, in bits.
 * @example
 * ```ts
 * import { generateToken, tokenBits } from "@understudy/runtime/http";
 * console.assert(tokenBits(generateToken()) >= 128);
 * console.assert(tokenBits("hunter2") < 128);
 * ```
 */
export function tokenBits(token: string): number {
  if (typeof token !== "string" || new Set(token).size < 8) return 0;
  const alphabet = /^[0-9a-f]+$/i.test(token)
    ? 16
    : /^[0-9a-z]+$/.test(token)
    ? 36
    : /^[0-9A-Za-z_-]+$/.test(token)
    ? 64
    : /^[\x20-\x7e]+$/.test(token)
    ? 95
    : 256;
  return Math.floor(token.length * Math.log2(alphabet));
}

/**
 * Refuses to bind a non-loopback host without an explicit token, or with a
 * weak one (less than {@linkcode MIN_TOKEN_BITS} by {@linkcode tokenBits}).
 *
 * @param host The host the server is about to listen on.
 * @param tokenGiven Whether the operator gave the token (flag or environment)
 * rather than letting the server generate one.
 * @param token The token, checked for strength on a non-loopback host.
 * Defaults to not checked (pass it: a short token on a public port can be
 * guessed).
 * @throws {Error} When `host` is not loopback and no token was given, or the
 * token is weak.
 * @example
 * ```ts
 * import { checkBindSafety, generateToken } from "@understudy/runtime/http";
 * checkBindSafety("127.0.0.1", false); // fine
 * checkBindSafety("0.0.0.0", true, generateToken()); // fine
 * try {
 *   checkBindSafety("0.0.0.0", true, "secret");
 *   console.assert(false);
 * } catch (e) {
 *   console.assert((e as Error).message.includes("128 bits"));
 * }
 * ```
 */
export function checkBindSafety(
  host: string,
  tokenGiven: boolean,
  token?: string,
): void {
  if (isLoopback(host)) return;
  if (!tokenGiven) {
    throw new Error(
      `Refusing to listen on "${host}": a non-loopback address needs an explicit token, or anyone who can reach it controls the actor system`,
    );
  }
  if (token !== undefined && tokenBits(token) < MIN_TOKEN_BITS) {
    throw new Error(
      `Refusing to listen on "${host}" with a weak token: a non-loopback address needs a token of at least ${MIN_TOKEN_BITS} bits (such as 32 random hex digits or 22 random base64url characters, as generateToken() makes), got about ${
        tokenBits(token)
      } bits`,
    );
  }
}
