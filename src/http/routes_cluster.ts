/**
 * The cluster over HTTP: `GET /v1/cluster` lists the nodes with their status
 * and last heartbeat, `POST /v1/cluster/nodes/{node}/actors` spawns a catalog
 * kind on a chosen node. The control plane knows the cluster only through
 * {@linkcode ClusterView}, which `ClusterNode` (from
 * `@understudy/runtime/cluster`) satisfies, so `src/http` never imports the
 * NATS client. Without a cluster both routes answer 404 `cluster_disabled`.
 * Each node's address, runtime, version and actor count come from its own
 * control plane (see `_node_info.ts`), `null` when it runs none.
 *
 * @module
 */

import type { Context, Hono } from "hono";
import type { AnyActorRef } from "../core/actor_context.ts";
import type { ActorRef } from "../core/actor_ref.ts";
import { validateOr422 } from "./actor_messages.ts";
import { startOrThrow } from "./api_guardian.ts";
import { readBody } from "./body.ts";
import { DEFAULT_HTTP_MAILBOX } from "./catalog.ts";
import { ClusterSpawnBody } from "./request_shapes.ts";
import { invalid } from "./shape.ts";
import { HttpError, toHttpError } from "./errors.ts";
import type { Plane } from "./_plane.ts";
import {
  localDetails,
  NO_DETAILS,
  type NodeDetails,
  NodeDetailsCache,
  type NodeLookup,
  spawnNodeInfo,
} from "./_node_info.ts";

/** One node as `GET /v1/cluster` reports it. */
export interface ClusterNodeView {
  /** The node's name. */
  readonly name: string;
  /** `up` or `down`. */
  readonly status: "up" | "down";
  /** Whether it is the node serving this control plane. */
  readonly self: boolean;
  /** When its last heartbeat arrived (epoch ms). */
  readonly lastHeartbeat: number;
  /** When it joined or went down, as seen here (epoch ms). */
  readonly since: number;
  /** Whether frames to it go over a direct link now (else over NATS). */
  readonly direct?: boolean;
}

/** What a remote node asks this one to spawn. */
export interface ClusterSpawnRequest {
  /** The catalog kind. */
  readonly kind: string;
  /** The actor's name. */
  readonly name?: string;
  /** The kind's arguments. */
  readonly args?: unknown;
}

/** What the control plane needs of a cluster node. */
export interface ClusterView {
  /** This node's name. */
  readonly name: string;
  /** The cluster's name. */
  readonly cluster: string;
  /** The nodes known, this one first. */
  nodes(): readonly ClusterNodeView[];
  /** Spawns a catalog kind on a node. */
  spawnOn(
    node: string,
    request: ClusterSpawnRequest,
  ): Promise<{ readonly path: string }>;
  /** Installs how this node spawns for other nodes' requests. */
  serveSpawns(
    spawner: (request: ClusterSpawnRequest) => Promise<AnyActorRef>,
  ): void;
  /**
   * A ref to the actor at `path` on `node`, to ask other nodes' control
   * planes for their address, runtime and actor count. Without it those
   * fields are `null` for other nodes.
   */
  refAt?<Msg = never>(node: string, path: string): ActorRef<Msg>;
}

/**
 * Registers the cluster routes, and makes the node answer remote spawn
 * requests from this plane's catalog, under its `/api` guardian.
 *
 * @param app The app.
 * @param plane The shared state.
 * @param cluster The cluster node, if the server joined one.
 * @param address This plane's URL when known, for the nodes' `address`;
 * otherwise this node's is the origin of the request being answered.
 */
export function registerClusterRoutes(
  app: Hono,
  plane: Plane,
  cluster: ClusterView | undefined,
  address: () => string | undefined = () => undefined,
): void {
  const details = new NodeDetailsCache(
    cluster?.refAt === undefined ? undefined : cluster as NodeLookup,
  );
  if (cluster !== undefined) {
    spawnNodeInfo(plane, () => address() ?? null);
  }
  // A refusal travels back with its HTTP status and code.
  cluster?.serveSpawns((request) =>
    spawnFromCatalog(plane, request).catch((error) => {
      throw toHttpError(error).error;
    })
  );
  app.get("/v1/cluster", async (c) => {
    const node = enabled(cluster);
    const nodes = node.nodes();
    const others = await details.of(
      nodes.filter((n) => !n.self).map((n) => ({
        name: n.name,
        up: n.status === "up",
      })),
    );
    const now = Date.now();
    const here = localDetails(plane, address() ?? new URL(c.req.url).origin);
    return c.json({
      cluster: node.cluster,
      node: node.name,
      nodes: nodes.map((n) => {
        const more: NodeDetails = n.self
          ? here
          : others.get(n.name) ?? NO_DETAILS;
        return {
          name: n.name,
          status: n.status,
          self: n.self,
          lastHeartbeat: new Date(n.lastHeartbeat).toISOString(),
          heartbeatAgeMs: Math.max(0, now - n.lastHeartbeat),
          since: new Date(n.since).toISOString(),
          link: n.self || n.direct === undefined
            ? null
            : n.direct
            ? "direct"
            : "nats",
          address: more.address,
          runtime: more.runtime,
          version: more.version,
          actors: more.actors,
        };
      }),
    });
  });
  app.post("/v1/cluster/nodes/:node/actors", async (c) => {
    const node = enabled(cluster);
    return await spawnOn(c, node, c.req.param("node"));
  });
}

function enabled(cluster: ClusterView | undefined): ClusterView {
  if (cluster === undefined) {
    throw new HttpError(
      404,
      "cluster_disabled",
      "This server has not joined a cluster (start it with --cluster)",
    );
  }
  return cluster;
}

async function spawnOn(
  c: Context,
  cluster: ClusterView,
  node: string,
): Promise<Response> {
  const { kind, name, args } = await readBody(c, ClusterSpawnBody);
  const known = cluster.nodes().find((n) => n.name === node);
  if (known === undefined) {
    throw new HttpError(
      404,
      "node_not_found",
      `No node "${node}" in the cluster`,
    );
  }
  if (known.status === "down") {
    throw new HttpError(503, "node_down", `Node "${node}" is down`);
  }
  try {
    const ref = await cluster.spawnOn(node, { kind, name, args });
    return c.json({ node, path: ref.path }, 201);
  } catch (error) {
    throw fromRemote(error);
  }
}

/** Spawns a kind of this plane's catalog for a remote request. */
async function spawnFromCatalog(
  plane: Plane,
  request: ClusterSpawnRequest,
): Promise<AnyActorRef> {
  const spec = plane.catalog.get(request.kind);
  if (spec === undefined) {
    throw new HttpError(
      404,
      "kind_not_found",
      `Unknown kind "${request.kind}": known kinds are ${
        plane.catalog.names().map((n) => `"${n}"`).join(", ") || "none"
      }`,
    );
  }
  let args: unknown = undefined;
  if (spec.args !== undefined) {
    args = await validateOr422(
      spec.args,
      request.args,
      `args for kind "${request.kind}"`,
    );
  } else if (request.args !== undefined) {
    throw invalid(
      "args",
      `is not accepted: kind "${request.kind}" takes no args`,
    );
  }
  const start = spec.definition;
  const mailbox = spec.mailbox ?? DEFAULT_HTTP_MAILBOX;
  return await startOrThrow(
    await plane.guardian.pool(),
    request.name === undefined
      ? { start, args, mailbox }
      : { id: request.name, start, args, mailbox },
  );
}

/** The HTTP error for a failure reported by the remote node. */
function fromRemote(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const e = error as {
    name?: string;
    message?: string;
    status?: unknown;
    code?: unknown;
  };
  const message = e?.message ?? String(error);
  if (typeof e?.status === "number" && typeof e.code === "string") {
    return new HttpError(
      e.status as HttpError["status"],
      e.code as HttpError["code"],
      message,
    );
  }
  if (e?.name === "NodeDownError") {
    return new HttpError(503, "node_down", message);
  }
  if (e?.name === "SpawnError") {
    return new HttpError(409, "name_taken", message);
  }
  if (/no answer within/.test(message)) {
    return new HttpError(504, "node_unreachable", message);
  }
  return new HttpError(502, "remote_failed", message);
}
