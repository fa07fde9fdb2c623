/**
 * The routes of the control plane as data: the OpenAPI document and the
 * route table are built from this list. Private to `src/http`.
 *
 * @module
 */

import { EVENT_TYPES } from "./event_hub.ts";
import { ACTOR_STATUSES } from "./metrics.ts";
import {
  ClusterSpawnBody,
  SpawnActorBody,
  SpawnSupervisorBody,
} from "./request_shapes.ts";
import { OBSERVER_OPERATIONS } from "./_openapi_observer.ts";
import {
  BODY_ERRORS,
  object,
  type Operation,
  query,
  ref,
} from "./_openapi_parts.ts";
import { ACTOR_OPERATIONS } from "./_openapi_actor_operations.ts";

export { COMMON_ERRORS, error, json, TAGS } from "./_openapi_parts.ts";
export type { Json, Operation } from "./_openapi_parts.ts";

/** Every operation, in the order the API documents them. */
export const OPERATIONS: readonly Operation[] = [
  {
    method: "get",
    path: "/",
    tag: "health",
    summary: "The dashboard page (HTML)",
    auth: false,
    ok: ["200", "The page"],
    responseType: "text/html",
  },
  {
    method: "get",
    path: "/healthz",
    tag: "health",
    summary: "Liveness: the process answers",
    auth: false,
    ok: ["200", "Alive", object({ status: { const: "ok" } })],
  },
  {
    method: "get",
    path: "/readyz",
    tag: "health",
    summary: "Readiness: 200 while the system runs, 503 once it stops",
    auth: false,
    ok: ["200", "Ready", object({ status: { const: "ready" } })],
    errors: { "503": 'Stopping: `{ "status": "stopping" }`' },
  },
  {
    method: "get",
    path: "/openapi.json",
    tag: "health",
    summary: "This description",
    auth: false,
    ok: ["200", "The OpenAPI document", { type: "object" }],
  },
  {
    method: "get",
    path: "/metrics",
    tag: "system",
    summary: "Prometheus metrics (text format 0.0.4)",
    ok: ["200", "The metrics"],
    responseType: "text/plain; version=0.0.4",
  },
  {
    method: "get",
    path: "/v1/system",
    tag: "system",
    summary: "System overview: runtime, uptime, actor counts, scheduler",
    ok: ["200", "The overview", ref("System")],
  },
  {
    method: "get",
    path: "/v1/tree",
    tag: "system",
    summary:
      "The live supervision tree: at most `children` children listed per actor (and top-level actors), the rest counted in `more`",
    params: [
      query(
        "children",
        "The most children listed per actor; `GET /v1/actors?parent=` pages through all",
        { type: "integer", minimum: 0, maximum: 100000, default: 1000 },
      ),
    ],
    ok: [
      "200",
      "The tree",
      object({
        tree: { type: "array", items: ref("TreeNode") },
        more: {
          type: "integer",
          minimum: 1,
          description: "Top-level actors past those listed",
        },
      }, ["tree"]),
    ],
    errors: { "400": "Bad query parameter (`bad_request`)" },
  },
  {
    method: "get",
    path: "/v1/kinds",
    tag: "system",
    summary: "The catalog: kinds that can be spawned, told and asked",
    ok: [
      "200",
      "The kinds",
      object({
        items: { type: "array", items: ref("Kind") },
      }),
    ],
  },
  {
    method: "get",
    path: "/v1/actors",
    tag: "actors",
    summary: "List actors, depth first, with filters and pagination",
    params: [
      query("status", "Only actors with this status", {
        enum: ACTOR_STATUSES,
      }),
      query("kind", "Only actors of this kind", { type: "string" }),
      query("parent", "Only children of this path (`/` for top level)", {
        type: "string",
      }),
      query("limit", "Page size", {
        type: "integer",
        minimum: 1,
        maximum: 500,
        default: 100,
      }),
      query("offset", "Items to skip", {
        type: "integer",
        minimum: 0,
        default: 0,
      }),
    ],
    ok: [
      "200",
      "A page of actors",
      object({
        items: { type: "array", items: ref("ActorInfo") },
        total: { type: "integer" },
        limit: { type: "integer" },
        offset: { type: "integer" },
      }),
    ],
    errors: { "400": "Bad query parameter (`bad_request`)" },
  },
  {
    method: "post",
    path: "/v1/actors",
    tag: "spawn",
    summary:
      "Spawn an actor of a catalog kind under a dynamic supervisor (default: `/api/spawned`, under the API guardian, created on first use)",
    body: SpawnActorBody.schema,
    ok: ["201", "The new actor", ref("ActorInfo")],
    errors: {
      ...BODY_ERRORS,
      "422":
        "`unknown_field`, `validation_failed`, or `start_failed` (its `init` failed: nothing is kept)",
      "404":
        "Unknown kind (`kind_not_found`) or supervisor (`actor_not_found`)",
      "409":
        "`name_taken`, `max_children` (the supervisor is full; `/api/spawned` holds at most the control plane's `maxSpawned`), `not_a_dynamic_supervisor` or `conflict`",
    },
  },
  {
    method: "post",
    path: "/v1/supervisors",
    tag: "spawn",
    summary:
      "Spawn a supervisor of catalog kinds under the API guardian (`/api/{name}`): if it gives up, only its subtree stops",
    body: SpawnSupervisorBody.schema,
    ok: ["201", "The new supervisor", ref("ActorInfo")],
    errors: {
      ...BODY_ERRORS,
      "404": "Unknown kind (`kind_not_found`)",
      "409":
        "Name taken (`name_taken`), clients hold the control plane's `maxSupervisors` supervisors already (`max_children`), or the program has an actor at `/api` (`conflict`)",
      "422":
        "`unknown_field`, `validation_failed`, or `start_failed` (a child's `init` failed: the supervisor is not kept)",
    },
  },
  ...ACTOR_OPERATIONS,
  {
    method: "get",
    path: "/v1/events",
    tag: "events",
    summary:
      "Server-Sent Events of lifecycle events (`id` = seq, `event` = type, `data` = JSON); resumable with `Last-Event-ID`; a `gap` event reports events no longer buffered; a comment every 15 s",
    params: [
      {
        name: "Last-Event-ID",
        in: "header",
        required: false,
        description:
          "Replay buffered events after this id first (`0`: the whole buffer)",
        schema: { type: "integer", minimum: 0 },
      },
      query("lastEventId", "Same as the `Last-Event-ID` header, which wins", {
        type: "integer",
        minimum: 0,
      }),
      query("types", `Comma-separated event types: ${EVENT_TYPES.join(", ")}`, {
        type: "string",
      }),
    ],
    ok: ["200", "The event stream"],
    responseType: "text/event-stream",
    errors: { "400": "Bad query or header (`bad_request`)" },
  },
  {
    method: "get",
    path: "/v1/cluster",
    tag: "cluster",
    summary:
      "The cluster this server joined: every node known here with its status and last heartbeat",
    ok: [
      "200",
      "The nodes, this one first",
      object({
        cluster: { type: "string" },
        node: { type: "string" },
        nodes: {
          type: "array",
          items: object({
            name: { type: "string" },
            status: { enum: ["up", "down"] },
            self: { type: "boolean" },
            lastHeartbeat: { type: "string", format: "date-time" },
            heartbeatAgeMs: {
              type: "number",
              minimum: 0,
              description:
                "How long ago its last heartbeat arrived, by this server's clock",
            },
            since: { type: "string", format: "date-time" },
            link: {
              enum: ["direct", "nats", null],
              description:
                "How frames reach it now: a direct link or NATS; null for this node, or when the cluster layer does not say",
            },
            address: {
              type: ["string", "null"],
              description: "Its control plane's URL; null when unknown",
            },
            runtime: {
              oneOf: [
                object({
                  name: { type: "string" },
                  version: { type: "string" },
                }, ["name", "version"]),
                { type: "null" },
              ],
              description:
                "The runtime its control plane reports; null when unknown",
            },
            version: {
              type: ["string", "null"],
              description: "Its control plane's version; null when unknown",
            },
            actors: {
              type: ["integer", "null"],
              minimum: 0,
              description: "Its live actors; null when unknown or down",
            },
          }, [
            "name",
            "status",
            "self",
            "lastHeartbeat",
            "heartbeatAgeMs",
            "since",
            "link",
            "address",
            "runtime",
            "version",
            "actors",
          ]),
        },
      }, ["cluster", "node", "nodes"]),
    ],
    errors: { "404": "The server joined no cluster (`cluster_disabled`)" },
  },
  {
    method: "post",
    path: "/v1/cluster/nodes/{node}/actors",
    tag: "cluster",
    summary:
      "Spawn an actor of a catalog kind on a node of the cluster (that node's catalog and `/api/spawned` pool)",
    params: [{
      name: "node",
      in: "path",
      required: true,
      description: "The node's name",
      schema: { type: "string" },
    }],
    body: ClusterSpawnBody.schema,
    ok: [
      "201",
      "The new actor's node and path",
      object({ node: { type: "string" }, path: { type: "string" } }, [
        "node",
        "path",
      ]),
    ],
    errors: {
      ...BODY_ERRORS,
      "404":
        "No cluster (`cluster_disabled`), node (`node_not_found`) or kind (`kind_not_found`)",
      "409":
        "`name_taken`, or `max_children` (its `/api/spawned` is full), on that node",
      "502": "The node failed the request (`remote_failed`)",
      "503": "The node is down (`node_down`)",
      "504": "The node did not answer (`node_unreachable`)",
    },
  },
  {
    method: "get",
    path: "/v1/topics",
    tag: "pubsub",
    summary:
      "Topics of every broker (the system's is scope `/`): subscribers, published and dropped counts",
    params: [
      query("scope", "Only this broker's topics (`/`, or the owner's path)", {
        type: "string",
      }),
    ],
    ok: [
      "200",
      "The topics",
      object({
        items: { type: "array", items: ref("Topic") },
      }),
    ],
  },
  {
    method: "get",
    path: "/v1/groups",
    tag: "pubsub",
    summary: "Process groups of every scope, with their members",
    params: [
      query("scope", "Only this scope's groups (such as `default`)", {
        type: "string",
      }),
    ],
    ok: [
      "200",
      "The groups",
      object({
        items: { type: "array", items: ref("Group") },
      }),
    ],
  },
  ...OBSERVER_OPERATIONS,
];
