/**
 * What an actor name may hold: the one rule the core's spawn and the control
 * plane's request checks share.
 *
 * Names are shown in paths, trees, logs and dashboards, so besides `/` (the
 * path separator) and a leading `$` (generated names and URL actions), they
 * may not hold control characters (C0, DEL, C1) or the bidirectional marks,
 * embeddings, overrides and isolates that make a name print as another (the
 * "Trojan Source" trick) or forge lines in logs.
 *
 * @module
 */

// deno-lint-ignore no-control-regex
const UNSAFE = new RegExp(
  "[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]",
);

/**
 * What is wrong with a name, or `undefined` when it is fine.
 *
 * @param name The name.
 * @returns The problem, as the end of a sentence, or `undefined`.
 * @example
 * ```ts
 * import { nameProblem } from "./actor_name.ts";
 * console.assert(nameProblem("risk-manager") === undefined);
 * console.assert(nameProblem("evil\u202egnp.exe") !== undefined);
 * ```
 */
export function nameProblem(name: unknown): string | undefined {
  if (typeof name !== "string" || name === "") {
    return "must be a non-empty string";
  }
  if (name.includes("/") || name.startsWith("$")) {
    return 'must not contain "/" or start with "$"';
  }
  if (UNSAFE.test(name)) {
    return "must not contain control or bidirectional-override characters";
  }
  return undefined;
}
