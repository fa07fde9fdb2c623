/**
 * Routes on existing actors: list, inspect, remove, and the `$`-actions
 * (`$tell`, `$ask`, `$stop`, `$restart`, `$fault`).
 *
 * @module
 */

import type { Context, Hono } from "hono";
import type { ActorStatus } from "../core/actor_ref.ts";
import { inspect, listActors, restartActor } from "../core/inspection.ts";
import { deleteChild, terminateChild } from "../core/supervisor.ts";
import { type Action, parseActorUrl } from "./actor_url.ts";
import { actorAsk, actorFault, actorTell } from "./actor_messages.ts";
import {
  actorJson,
  findActor,
  type FoundActor,
  listed,
} from "./_find_actor.ts";
import { readBody } from "./body.ts";
import { EmptyBody } from "./request_shapes.ts";
import { fromCore, HttpError } from "./errors.ts";
import { badQuery, integerParam, queryOf } from "./_query.ts";
import { ACTOR_STATUSES } from "./metrics.ts";
import { toJsonSafe } from "./serialize.ts";
import type { Plane } from "./_plane.ts";
import { rawPathOf } from "./_raw_path.ts";

const PREFIX = "/v1/actors/";

/**
 * Registers `GET /v1/actors`, and `GET`, `DELETE` and the `POST` actions on
 * `/v1/actors/{path}`.
 *
 * @param app The app (token and body middleware already installed).
 * @param plane The shared state.
 */
export function registerActorRoutes(app: Hono, plane: Plane): void {
  app.get("/v1/actors", (c) => listRoute(c, plane));
  app.get(`${PREFIX}*`, (c) => {
    const { path } = urlOf(c, null);
    return c.json(toJsonSafe(listed(findActor(plane, path).info)));
  });
  app.delete(`${PREFIX}*`, async (c) => {
    const { path } = urlOf(c, null);
    await removeActor(plane, findActor(plane, path));
    return c.body(null, 204);
  });
  app.post(`${PREFIX}*`, async (c) => {
    const { path, action } = urlOf(c, "any");
    switch (action) {
      case "tell":
        return c.json(await actorTell(c, plane, path), 202);
      case "ask":
        return c.json(await actorAsk(c, plane, path), 200);
      case "fault":
        return c.json(await actorFault(c, plane, path), 202);
      case "stop": {
        await readBody(c, EmptyBody);
        const { ref } = findActor(plane, path);
        await ref.stop();
        return c.json(actorJson(plane, path, ref), 200);
      }
      case "restart": {
        await readBody(c, EmptyBody);
        const { ref } = findActor(plane, path);
        await fromCore(() => restartActor(ref));
        return c.json(actorJson(plane, path, ref), 200);
      }
    }
  });
}

/** Parses the URL; `want` is `null` for no action, `"any"` for an action. */
function urlOf(
  c: Context,
  want: null | "any",
): { path: string; action: Action } {
  const pathname = rawPathOf(c.req.url);
  const parsed = parseActorUrl(pathname.slice(PREFIX.length));
  if ((parsed.action === null) !== (want === null)) {
    throw new HttpError(
      404,
      "route_not_found",
      `No route for ${c.req.method} ${pathname}`,
    );
  }
  return parsed as { path: string; action: Action };
}

/** Terminates (and deletes) a supervised child, or stops any other actor. */
async function removeActor(plane: Plane, { info, ref }: FoundActor) {
  const parent = info.parent === null
    ? undefined
    : inspect(plane.system, info.parent);
  const parentRef = info.parent === null
    ? undefined
    : plane.system.lookup(info.parent);
  if (
    parent?.supervisor == null || parentRef === undefined || info.spec === null
  ) {
    await ref.stop();
    return;
  }
  const id = info.spec.id;
  await fromCore(() => terminateChild(parentRef, id));
  if (parent.supervisor.type !== "dynamic") {
    await fromCore(() => deleteChild(parentRef, id));
  }
}

const LIST_PARAMS = ["status", "kind", "parent", "limit", "offset"];

function listRoute(c: Context, plane: Plane): Response {
  const params = queryOf(c.req.url, LIST_PARAMS);
  const status = params.get("status");
  if (status !== null && !ACTOR_STATUSES.includes(status as ActorStatus)) {
    throw badQuery(
      `Invalid status "${status}": expected one of ${
        ACTOR_STATUSES.join(", ")
      }`,
    );
  }
  const kind = params.get("kind");
  if (kind === "") throw badQuery(`Query parameter "kind" is empty`);
  let parent = params.get("parent");
  if (parent === "") throw badQuery(`Query parameter "parent" is empty`);
  if (parent !== null && !parent.startsWith("/")) parent = `/${parent}`;
  if (parent !== null && parent.length > 1 && parent.endsWith("/")) {
    parent = parent.slice(0, -1);
  }
  const limit = integerParam(params.get("limit"), "limit", 1, 500) ?? 100;
  const offset = integerParam(params.get("offset"), "offset", 0, 1e9) ?? 0;
  // Filtered without snapshots (user code, once per actor); only the page
  // is described in full.
  const all = listActors(plane.system, { snapshots: false }).filter((info) =>
    (status === null || info.status === status) &&
    (kind === null || info.kind === kind) &&
    (parent === null || (info.parent ?? "/") === parent)
  );
  const page = all.slice(offset, offset + limit).map((info) =>
    listed(inspect(plane.system, info.path) ?? info)
  );
  return c.json({
    items: toJsonSafe(page),
    total: all.length,
    limit,
    offset,
  });
}
