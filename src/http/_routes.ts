/**
 * Which methods each known path allows, read from the documented operations
 * (the same list the OpenAPI document is built from), and the request's path
 * taken from its URL without trusting the Host it came with. Private to
 * `src/http`.
 *
 * @module
 */

import { ACTIONS } from "./actor_url.ts";
import { OPERATIONS } from "./_openapi_operations.ts";

export { rawPathOf } from "./_raw_path.ts";

const ACTOR_PREFIX = "/v1/actors/";

/**
 * The methods a known path allows (`HEAD` with every `GET`), or `null` for a
 * path no route serves.
 *
 * @param path The raw request path.
 * @returns The methods in upper case, or `null`.
 */
export function allowedMethods(path: string): string[] | null {
  const methods = new Set<string>();
  const action = actorAction(path);
  for (const op of OPERATIONS) {
    if (!matches(op.path, path, action)) continue;
    const method = op.method.toUpperCase();
    methods.add(method);
    if (method === "GET") methods.add("HEAD");
  }
  return methods.size === 0 ? null : [...methods];
}

/**
 * For `/v1/actors/...`: the action its last segment names (`"$tell"`), `""`
 * for an actor itself, or `null` for a path outside `/v1/actors/`.
 */
function actorAction(path: string): string | null {
  if (!path.startsWith(ACTOR_PREFIX) || path.length === ACTOR_PREFIX.length) {
    return null;
  }
  const last = path.slice(path.lastIndexOf("/") + 1);
  return ACTIONS.some((a) => `$${a}` === last) ? last : "";
}

function matches(template: string, path: string, action: string | null) {
  if (!template.includes("{path}")) {
    // Other parameters (such as `{node}`) stand for one segment.
    const want = template.split("/");
    const got = path.split("/");
    return want.length === got.length &&
      want.every((w, i) =>
        w === got[i] || (/^\{\w+\}$/.test(w) && got[i] !== "")
      );
  }
  if (action === null) return false;
  return template ===
    `${ACTOR_PREFIX}{path}${action === "" ? "" : "/"}${action}`;
}
