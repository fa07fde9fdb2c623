/**
 * Actor paths in URLs: `/v1/actors/trading/risk` is the actor `/trading/risk`
 * (each segment URL-encoded), and a last segment such as `$tell` names an
 * action. Names given by users never start with `$`; generated ones are `$`
 * followed by digits, so they never collide with an action.
 *
 * @module
 */

import { HttpError } from "./errors.ts";

/** The actions that can follow an actor path. */
export const ACTIONS = ["tell", "ask", "stop", "restart", "fault"] as const;

/** One of {@linkcode ACTIONS}. */
export type Action = typeof ACTIONS[number];

/** An actor URL, parsed. */
export interface ActorUrl {
  /** The actor's path, such as `"/trading/risk"`. */
  readonly path: string;
  /** The action, or `null` for the actor itself. */
  readonly action: Action | null;
}

/**
 * Parses the part of a URL path after `/v1/actors/`.
 *
 * @param rest The raw (still encoded) rest of the path, such as
 * `"trading/risk/$tell"`.
 * @returns The actor path and the action.
 * @throws {HttpError} 404 `route_not_found` when `rest` is empty; 400
 * `bad_request` when a segment is empty or badly encoded. An encoded `/`
 * (`%2F`) separates segments like a plain one.
 * @example
 * ```ts
 * import { parseActorUrl } from "./actor_url.ts";
 * const url = parseActorUrl("trading/risk/$tell");
 * console.assert(url.path === "/trading/risk" && url.action === "tell");
 * console.assert(parseActorUrl("trading%2Frisk").path === "/trading/risk");
 * ```
 */
export function parseActorUrl(rest: string): ActorUrl {
  if (rest === "") {
    throw new HttpError(404, "route_not_found", "No actor path in URL");
  }
  const segments: string[] = [];
  const raws = rest.split("/");
  for (const [i, raw] of raws.entries()) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      throw badPath(rest, `badly encoded segment "${raw}"`);
    }
    // A generated client sends the whole path as one encoded segment
    // (`trading%2Frisk`), perhaps with its leading slash: split it here.
    const pieces = decoded.split("/");
    if (i === 0 && pieces.length > 1 && pieces[0] === "") pieces.shift();
    for (const piece of pieces) {
      if (piece === "") {
        throw badPath(rest, "segments must be non-empty");
      }
      segments.push(piece);
    }
  }
  const last = segments[segments.length - 1];
  const action = ACTIONS.find((a) => `$${a}` === last) ?? null;
  if (action !== null) segments.pop();
  if (segments.length === 0) {
    throw new HttpError(404, "route_not_found", "No actor path in URL");
  }
  return { path: `/${segments.join("/")}`, action };
}

function badPath(rest: string, why: string): HttpError {
  const shown = rest.length > 200 ? `${rest.slice(0, 200)}...` : rest;
  return new HttpError(
    400,
    "bad_request",
    `Invalid actor path ${JSON.stringify(shown)}: ${why}`,
  );
}

/**
 * The URL of an actor.
 *
 * @param path The actor's path, such as `"/trading/risk"`.
 * @returns Its URL path, such as `"/v1/actors/trading/risk"`.
 * @example
 * ```ts
 * import { actorUrl } from "./actor_url.ts";
 * console.assert(actorUrl("/pool/$1") === "/v1/actors/pool/%241");
 * ```
 */
export function actorUrl(path: string): string {
  return `/v1/actors/${
    path.split("/").filter((s) => s !== "").map(encodeURIComponent).join("/")
  }`;
}
