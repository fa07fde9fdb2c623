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
 * import { isLoopback } from "./bind_safety.ts";
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

/**
 * Refuses to bind a non-loopback host without an explicit token.
 *
 * @param host The host the server is about to listen on.
 * @param tokenGiven Whether the operator gave the token (flag or environment)
 * rather than letting the server generate one.
 * @throws {Error} When `host` is not loopback and no token was given.
 * @example
 * ```ts
 * import { checkBindSafety } from "./bind_safety.ts";
 * checkBindSafety("127.0.0.1", false); // fine
 * try {
 *   checkBindSafety("0.0.0.0", false);
 *   console.assert(false);
 * } catch (e) {
 *   console.assert((e as Error).message.includes("0.0.0.0"));
 * }
 * ```
 */
export function checkBindSafety(host: string, tokenGiven: boolean): void {
  if (tokenGiven || isLoopback(host)) return;
  throw new Error(
    `Refusing to listen on "${host}": a non-loopback address needs an explicit token, or anyone who can reach it controls the actor system`,
  );
}
