/**
 * The routes the dashboard reads: the sampled overview history, a compact
 * table of every actor, one actor in detail with its rate history, and the
 * supervision tree with each supervisor's restart intensity in use. Every
 * request renews the sampler's lease (see `observer.ts`).
 *
 * @module
 */

import type { Context, Hono } from "hono";
import {
  type ActorInfo,
  childRestartsSince,
  inspect,
  listChildren,
  type SupervisorInfo,
  watchersOf,
} from "../core/inspection.ts";
import { census } from "../core/census.ts";
import type { ActorSystem } from "../core/actor_system.ts";
import { parseActorUrl } from "./actor_url.ts";
import { HttpError } from "./errors.ts";
import type { Observer } from "./observer.ts";
import { boundedJson, toJsonSafe, truncateText } from "./serialize.ts";
import type { Plane } from "./_plane.ts";
import { CHILDREN_LISTED, childrenParam, listed } from "./_find_actor.ts";
import { queryOf } from "./_query.ts";
import { actorRows, ROW_PARAMS } from "./_observer_rows.ts";

const ACTOR_PREFIX = "/v1/observer/actors/";

/**
 * Registers `GET /v1/observer/overview`, `/v1/observer/actors`,
 * `/v1/observer/actors/{path}` and `/v1/observer/tree`.
 *
 * @param app The app (the token middleware is already installed).
 * @param plane The shared state.
 * @param observer The sampler.
 */
export function registerObserverRoutes(
  app: Hono,
  plane: Plane,
  observer: Observer,
): void {
  app.use("/v1/observer/*", async (_c, next) => {
    observer.touch();
    await next();
  });
  app.get("/v1/observer/overview", (c) => {
    const since = sinceParam(c);
    return c.json(observer.overview(since));
  });
  app.get(
    "/v1/observer/actors",
    (c) => c.json(actorRows(plane, observer, queryOf(c.req.url, ROW_PARAMS))),
  );
  app.get(`${ACTOR_PREFIX}*`, (c) => {
    const pathname = new URL(c.req.url).pathname;
    const { path, action } = parseActorUrl(
      pathname.slice(ACTOR_PREFIX.length),
    );
    if (action !== null) {
      throw new HttpError(
        404,
        "route_not_found",
        `No route for GET ${pathname}`,
      );
    }
    return c.json(actorDetail(plane, observer, path));
  });
  app.get("/v1/observer/tree", (c) => {
    const max = childrenParam(c.req.url);
    return c.json(treeOf(plane.system, max));
  });
}

function sinceParam(c: Context): number {
  const raw = c.req.query("since");
  if (raw === undefined) return 0;
  if (!/^\d{1,15}$/.test(raw)) {
    throw new HttpError(
      400,
      "bad_request",
      `Invalid since "${
        truncateText(raw, 40)
      }": expected a non-negative integer`,
    );
  }
  return Number(raw);
}

function actorDetail(plane: Plane, observer: Observer, path: string) {
  const info = inspect(plane.system, path);
  if (info === undefined) {
    throw new HttpError(404, "actor_not_found", `No actor at "${path}"`);
  }
  const { snapshot, ...rest } = listed(info);
  // Only the listed children are described (without their snapshots: user
  // code); the intensity reads every child's restart times.
  const children = listChildren(plane.system, path, CHILDREN_LISTED)?.listed ??
    [];
  return {
    ...(toJsonSafe(rest) as Record<string, unknown>),
    incarnation: info.restarts + 1,
    lastFailureAt: observer.lastFailureAt(path),
    rate: observer.rateOf(path),
    history: observer.actorHistory(path),
    snapshot: "snapshot" in info ? boundedJson(snapshot, 4096) : null,
    supervisor: intensity(plane.system, info),
    watchers: watchersOf(plane.system, path) ?? [],
    childStatus: children.map((child) => ({
      path: child.path,
      status: child.status,
      restarts: child.restarts,
    })),
    faultInjection: plane.allowFaultInjection,
  };
}

/**
 * An actor's supervisor figures with the restarts its children made inside
 * its window (distinct times: a group restart stamps every child with the
 * same time and counts once in the supervisor's window). Each child keeps
 * its last ten restart times: enough for any window the limit allows to be
 * read exactly up to ten restarts per child.
 */
function intensity(
  system: ActorSystem,
  info: ActorInfo,
): (SupervisorInfo & { restartsInWindow: number }) | null {
  const supervisor = info.supervisor;
  if (supervisor === null) return null;
  const since = system.clock.now() - supervisor.withinMs;
  const restartsInWindow = childRestartsSince(system, info.path, since) ?? 0;
  return { ...supervisor, restartsInWindow };
}

interface ObserverTreeNode {
  path: string;
  name: string;
  kind: string | null;
  status: string;
  restarts: number;
  mailboxDepth: number;
  supervisor: (SupervisorInfo & { restartsInWindow: number }) | null;
  children: ObserverTreeNode[];
  more?: number;
}

/** What the whole tree holds, whatever was listed. */
interface TreeCounts {
  actors: number;
  supervisors: number;
  restarting: number;
  restarts: number;
}

/**
 * The tree with at most `max` children listed per actor (and top-level
 * actors), the rest counted in `more`, and the counts of every actor: only
 * what is listed is described.
 */
function treeOf(
  system: ActorSystem,
  max: number,
): { tree: ObserverTreeNode[]; more?: number; counts: TreeCounts } {
  const all = census(system);
  const counts: TreeCounts = {
    actors: all.total,
    supervisors: all.supervisors,
    restarting: all.byStatus.restarting + all.byStatus["backing-off"],
    restarts: all.restarts,
  };
  const build = (info: ActorInfo): ObserverTreeNode => {
    const below = listChildren(system, info.path, max) ??
      { listed: [], more: 0 };
    const node: ObserverTreeNode = {
      path: info.path,
      name: info.name,
      kind: info.kind,
      status: info.status,
      restarts: info.restarts,
      mailboxDepth: info.mailbox.depth,
      supervisor: intensity(system, info),
      children: below.listed.map(build),
    };
    if (below.more > 0) node.more = below.more;
    return node;
  };
  const top = listChildren(system, null, max)!;
  const tree = top.listed.map(build);
  return top.more > 0 ? { tree, more: top.more, counts } : { tree, counts };
}
