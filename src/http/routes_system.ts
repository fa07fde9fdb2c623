/**
 * Routes about the system as a whole: the public dashboard, health,
 * readiness and OpenAPI description; the overview, the supervision tree, the
 * catalog and the metrics (behind the token).
 *
 * @module
 */

import type { Hono } from "hono";
import { census } from "../core/census.ts";
import { supervisionTree } from "../core/inspection.ts";
import { dashboardPage } from "./dashboard.ts";
import { METRICS_CONTENT_TYPE, renderMetrics } from "./metrics.ts";
import { openApiDocument } from "./openapi.ts";
import { jsonSchemaOf } from "./json_schema_of.ts";
import type { Plane } from "./_plane.ts";
import { childrenParam } from "./_find_actor.ts";

/**
 * Registers `GET /`, `/healthz`, `/readyz` and `/openapi.json`, which need no
 * token.
 *
 * @param app The app.
 * @param plane The shared state.
 */
export function registerPublicRoutes(app: Hono, plane: Plane): void {
  app.get("/", (c) => c.html(dashboardPage()));
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get(
    "/readyz",
    (c) =>
      plane.system.status === "running"
        ? c.json({ status: "ready" })
        : c.json({ status: "stopping" }, 503),
  );
  const document = openApiDocument(plane.version);
  app.get("/openapi.json", (c) => c.json(document));
}

/**
 * Registers `GET /v1/system`, `/v1/tree`, `/v1/kinds` and `/metrics`.
 *
 * @param app The app (the token middleware is already installed).
 * @param plane The shared state.
 */
export function registerSystemRoutes(app: Hono, plane: Plane): void {
  const { system, catalog } = plane;
  app.get("/v1/system", (c) => {
    const { total, byStatus } = census(system);
    const stats = system.stats;
    return c.json({
      name: system.name,
      version: plane.version,
      runtime: plane.runtime,
      status: system.status,
      uptimeMs: system.clock.now() - system.startedAt,
      actors: { total, byStatus },
      deadLetters: stats.deadLetters,
      scheduler: {
        queued: stats.scheduler.queued,
        inFlight: stats.scheduler.inFlight,
        turns: stats.scheduler.turns,
        yields: stats.scheduler.yields,
      },
      faultInjection: plane.allowFaultInjection,
      api: {
        guardian: plane.guardian.path,
        subtreesStopped: plane.guardian.subtreesStopped,
        lastStopped: plane.guardian.lastStopped,
      },
    });
  });
  app.get("/v1/tree", (c) => {
    const max = childrenParam(c.req.url);
    const all = supervisionTree(system, { maxChildren: max });
    const tree = all.length > max ? all.slice(0, max) : all;
    return c.json(
      all.length > max ? { tree, more: all.length - max } : { tree },
    );
  });
  app.get("/v1/kinds", (c) =>
    c.json({
      items: catalog.names().map((name) => {
        const spec = catalog.get(name)!;
        return {
          name,
          description: spec.description ?? null,
          args: spec.args !== undefined,
          tell: spec.message !== undefined,
          ask: spec.ask !== undefined,
          schemas: {
            args: jsonSchemaOf(spec.args),
            message: jsonSchemaOf(spec.message),
            ask: jsonSchemaOf(spec.ask?.input),
          },
        };
      }),
    }));
  app.get("/metrics", (c) =>
    c.body(
      renderMetrics({
        system,
        counters: plane.counters,
        eventStreams: plane.hub.subscribers,
        apiSubtreesStopped: plane.guardian.subtreesStopped,
      }),
      200,
      { "content-type": METRICS_CONTENT_TYPE },
    ));
}
