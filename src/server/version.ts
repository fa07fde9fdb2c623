/**
 * The package version, read from `deno.json` at build time so the binary
 * and the published package never disagree.
 *
 * @module
 */

import denoJson from "../../deno.json" with { type: "json" };

/** The package version from `deno.json`, such as `"0.1.0"`. */
export const VERSION: string = denoJson.version;

/**
 * The line `understudy version` prints.
 *
 * @param runtime The JavaScript runtime's name and version.
 * @returns Such as `"understudy 0.1.0 (bun 1.4.5)"`.
 * @example
 * ```ts
 * import { versionLine } from "./version.ts";
 * console.assert(versionLine({ name: "deno", version: "2.9.6" }).startsWith("understudy "));
 * ```
 */
export function versionLine(
  runtime: { readonly name: string; readonly version: string },
): string {
  return `understudy ${VERSION} (${runtime.name} ${runtime.version})`;
}
