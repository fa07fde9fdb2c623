/**
 * Which JavaScript runtime serves the control plane, for `GET /v1/system`.
 *
 * @module
 */

/** A runtime's name and version, such as `{ name: "deno", version: "2.1.0" }`. */
export interface RuntimeInfo {
  /** The runtime's name: `deno`, `bun`, `node` or what the host says. */
  readonly name: string;
  /** Its version. */
  readonly version: string;
}

/**
 * Reads the runtime from `navigator.userAgent` (`Deno/2.1.0`, `Bun/1.1.0`,
 * `Node.js/22`).
 *
 * @returns The runtime, or `{ name: "unknown", version: "" }`.
 * @example
 * ```ts
 * import { detectRuntime } from "./runtime_info.ts";
 * console.assert(typeof detectRuntime().name === "string");
 * ```
 */
export function detectRuntime(): RuntimeInfo {
  const agent = (globalThis as { navigator?: { userAgent?: unknown } })
    .navigator?.userAgent;
  if (typeof agent !== "string") return { name: "unknown", version: "" };
  const match = /^([A-Za-z.]+)\/(\S+)/.exec(agent);
  if (match === null) return { name: "unknown", version: "" };
  const name = match[1].toLowerCase().replace(/\.js$/, "");
  return { name, version: match[2] };
}
