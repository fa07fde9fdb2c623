/**
 * Routes about topics and process groups: `GET /v1/topics` lists every
 * broker's topics with their subscriber, publish and drop counts;
 * `GET /v1/groups` lists every scope's groups with their members.
 *
 * @module
 */

import type { Context, Hono } from "hono";
import { listTopics } from "../core/broker.ts";
import { listGroups } from "../core/process_group.ts";
import type { Plane } from "./_plane.ts";

/**
 * Registers `GET /v1/topics` and `GET /v1/groups`, each filtered by an
 * optional `?scope=`.
 *
 * @param app The app (the token middleware is already installed).
 * @param plane The shared state.
 */
export function registerPubSubRoutes(app: Hono, plane: Plane): void {
  app.get(
    "/v1/topics",
    (c) => c.json({ items: inScope(c, listTopics(plane.system)) }),
  );
  app.get(
    "/v1/groups",
    (c) => c.json({ items: inScope(c, listGroups(plane.system)) }),
  );
}

/** The items of the `?scope=` asked for, or all of them. */
function inScope<T extends { readonly scope: string }>(
  c: Context,
  items: T[],
): T[] {
  const scope = c.req.query("scope");
  return scope === undefined ? items : items.filter((i) => i.scope === scope);
}
