/**
 * The routes of the control plane as data: the OpenAPI document and the
 * route table are built from this list. Private to `src/http`.
 *
 * @module
 */

import { EVENT_TYPES } from "./event_hub.ts";
import { ACTOR_STATUSES } from "./metrics.ts";
import {
  AskBody,
  ClusterSpawnBody,
  EmptyBody,
  FaultBody,
  SpawnActorBody,
  SpawnSupervisorBody,
  TellBody,
} from "./request_shapes.ts";
import { OBSERVER_OPERATIONS } from "./_openapi_observer.ts";

/** A JSON object. */
export type Json = Record<string, unknown>;

/** A `$ref` to a component schema. */
export const ref = (name: string): Json => ({
  $ref: `#/components/schemas/${name}`,
});
/** A JSON content object. */
export const json = (schema: Json): Json => ({
  content: { "application/json": { schema } },
});
/** An error response. */
export const error = (description: string): Json => ({
  description,
  ...json(ref("Error")),
});

/** The errors of every authenticated route. */
export const COMMON_ERRORS: Record<string, string> = {
  "401": "Missing, malformed or wrong bearer token (`unauthorized`)",
};
const BODY_ERRORS: Record<string, string> = {
  "400": "Malformed JSON (`invalid_json`)",
  "413": "Body too large (`payload_too_large`)",
  "415": "Body is not `application/json` (`unsupported_media_type`)",
  "422":
    "Unknown field (`unknown_field`) or invalid value (`validation_failed`)",
};
const FULL = {
  "429":
    "The actor's mailbox is full (`mailbox_full`): retry after `Retry-After` seconds",
};

const PATH_PARAM: Json = {
  name: "path",
  in: "path",
  required: true,
  description:
    "The actor's path without its leading slash, each segment URL-encoded (`trading/risk`); it may span several URL segments.",
  schema: { type: "string" },
};

/** The groups the document files operations under. */
export const TAGS = [
  { name: "health", description: "Public: liveness, readiness, this document" },
  { name: "system", description: "The system, its tree, catalog and metrics" },
  { name: "actors", description: "Inspect, stop, restart and remove actors" },
  { name: "spawn", description: "Create actors and supervisors (under /api)" },
  { name: "messages", description: "Tell, ask and inject faults" },
  { name: "events", description: "Lifecycle events as Server-Sent Events" },
  { name: "pubsub", description: "Topics and process groups" },
  { name: "cluster", description: "Nodes of the cluster, spawning on them" },
  { name: "observer", description: "What the dashboard reads: history, rates" },
] as const;

/** One operation. */
export interface Operation {
  readonly method: "get" | "post" | "delete";
  readonly path: string;
  /** Its group. Defaults to `observer` under `/v1/observer`, else `system`. */
  readonly tag?: typeof TAGS[number]["name"];
  readonly summary: string;
  readonly auth?: boolean;
  readonly body?: Json;
  readonly params?: readonly Json[];
  readonly ok: readonly [status: string, description: string, schema?: Json];
  readonly errors?: Record<string, string>;
  readonly responseType?: string;
}

const query = (name: string, description: string, schema: Json): Json => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});

/** A response object schema: every listed field is always there. */
export const object = (
  properties: Json,
  required: string[] = Object.keys(properties),
): Json => ({ type: "object", properties, required });

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
    summary: "The live supervision tree",
    ok: [
      "200",
      "The tree",
      object({
        tree: { type: "array", items: ref("TreeNode") },
      }),
    ],
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
        "`name_taken`, `max_children`, `not_a_dynamic_supervisor` or `conflict`",
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
        "Name taken (`name_taken`), or the program has an actor at `/api` (`conflict`)",
      "422":
        "`unknown_field`, `validation_failed`, or `start_failed` (a child's `init` failed: the supervisor is not kept)",
    },
  },
  {
    method: "get",
    path: "/v1/actors/{path}",
    tag: "actors",
    summary: "One actor in detail",
    params: [PATH_PARAM],
    ok: ["200", "The actor", ref("ActorInfo")],
    errors: {
      "400": "Badly encoded path (`bad_request`)",
      "404": "No such actor (`actor_not_found`)",
    },
  },
  {
    method: "delete",
    path: "/v1/actors/{path}",
    tag: "actors",
    summary:
      "Remove an actor: terminate and delete its child spec when its parent is a supervisor, else stop it",
    params: [PATH_PARAM],
    ok: ["204", "Removed"],
    errors: {
      "400": "Badly encoded path (`bad_request`)",
      "404": "No such actor (`actor_not_found`)",
    },
  },
  {
    method: "post",
    path: "/v1/actors/{path}/$tell",
    tag: "messages",
    summary: "Send a message, validated by the kind's message validator",
    params: [PATH_PARAM],
    body: TellBody.schema,
    ok: ["202", "Queued", object({ delivered: { const: true } })],
    errors: {
      ...BODY_ERRORS,
      "404": "No such actor (`actor_not_found`)",
      "409": "The actor is stopped (`actor_stopped`)",
      ...FULL,
      "422": "`not_accepted`, `validation_failed` or `unknown_field`",
    },
  },
  {
    method: "post",
    path: "/v1/actors/{path}/$ask",
    tag: "messages",
    summary: "Ask and wait for the reply",
    params: [PATH_PARAM],
    body: AskBody.schema,
    ok: ["200", "The reply", object({ reply: {} })],
    errors: {
      ...BODY_ERRORS,
      "404": "No such actor (`actor_not_found`)",
      "409": "The actor is stopped (`actor_stopped`)",
      ...FULL,
      "422":
        "`not_accepted`, `validation_failed`, `unknown_field` or `ask_rejected` (the actor failed the ask)",
      "502": "The actor failed while handling it (`actor_failed`)",
      "504": "No reply in time (`ask_timeout`)",
    },
  },
  {
    method: "post",
    path: "/v1/actors/{path}/$stop",
    tag: "actors",
    summary: "Stop an actor (a supervisor restarts a permanent child)",
    params: [PATH_PARAM],
    body: EmptyBody.schema,
    ok: ["200", "The actor after stopping", ref("ActorInfo")],
    errors: { ...BODY_ERRORS, "404": "No such actor (`actor_not_found`)" },
  },
  {
    method: "post",
    path: "/v1/actors/{path}/$restart",
    tag: "actors",
    summary: "Restart an actor with fresh state",
    params: [PATH_PARAM],
    body: EmptyBody.schema,
    ok: ["200", "The restarted actor", ref("ActorInfo")],
    errors: { ...BODY_ERRORS, "404": "No such actor (`actor_not_found`)" },
  },
  {
    method: "post",
    path: "/v1/actors/{path}/$fault",
    tag: "messages",
    summary: "Fail an actor as if its handler threw (when enabled)",
    params: [PATH_PARAM],
    body: FaultBody.schema,
    ok: ["202", "Injected", object({ injected: { const: true } })],
    errors: {
      ...BODY_ERRORS,
      "403": "Fault injection is off (`fault_injection_disabled`)",
      "404": "No such actor (`actor_not_found`)",
    },
  },
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
            since: { type: "string", format: "date-time" },
          }, ["name", "status", "self", "lastHeartbeat", "since"]),
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
      "409": "`name_taken` on that node",
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
