/**
 * Finding an actor by path for a route, and describing it as JSON. Private to
 * `src/http`.
 *
 * @module
 */

import type { AnyActorRef } from "../core/actor_context.ts";
import { type ActorInfo, inspect } from "../core/inspection.ts";
import { HttpError } from "./errors.ts";
import { toJsonSafe } from "./serialize.ts";
import { integerParam, queryOf } from "./_query.ts";
import type { Plane } from "./_plane.ts";

/** An actor found by path: its description and its ref. */
export interface FoundActor {
  /** Its description. */
  readonly info: ActorInfo;
  /** Its ref. */
  readonly ref: AnyActorRef;
}

/**
 * Finds a live actor by path.
 *
 * @param plane The shared state.
 * @param path The actor's path.
 * @returns The actor.
 * @throws {HttpError} 404 `actor_not_found`.
 */
export function findActor(plane: Plane, path: string): FoundActor {
  const info = inspect(plane.system, path);
  const ref = plane.system.lookup(path);
  if (info === undefined || ref === undefined) {
    throw new HttpError(404, "actor_not_found", `No actor at "${path}"`);
  }
  return { info, ref };
}

/**
 * An actor as JSON: the live one at `path`, else what `ref` last was.
 *
 * @param plane The shared state.
 * @param path The actor's path.
 * @param ref Its ref (still readable after it stopped).
 * @returns The JSON-safe description.
 */
export function actorJson(
  plane: Plane,
  path: string,
  ref?: AnyActorRef,
): unknown {
  const info = inspect(plane.system, path) ??
    (ref === undefined ? undefined : inspect(plane.system, ref));
  return toJsonSafe(
    info === undefined ? { path, status: "stopped" } : listed(info),
  );
}

/**
 * The children an actor's description lists (its first ones, in start
 * order), and a tree per actor unless asked otherwise: a pool of 100,000
 * actors is described in kilobytes, not megabytes.
 */
export const CHILDREN_LISTED = 1000;

/**
 * A tree route's `?children=` (the most children listed per actor, 0 to
 * 100,000; {@linkcode CHILDREN_LISTED} when absent), the only parameter it
 * takes.
 *
 * @param url The request's URL.
 * @returns The limit.
 * @throws {HttpError} 400 for another parameter or a bad value.
 */
export function childrenParam(url: string): number {
  const params = queryOf(url, ["children"]);
  return integerParam(params.get("children"), "children", 0, 100_000) ??
    CHILDREN_LISTED;
}

/**
 * A description with at most {@linkcode CHILDREN_LISTED} child paths, and
 * `more` counting those left out when there are more.
 *
 * @param info The description.
 * @returns It, or a copy with its children cut.
 */
export function listed(info: ActorInfo): ActorInfo & { more?: number } {
  const children = info.children;
  if (children.length <= CHILDREN_LISTED) return info;
  return {
    ...info,
    children: children.slice(0, CHILDREN_LISTED),
    more: children.length - CHILDREN_LISTED,
  };
}
