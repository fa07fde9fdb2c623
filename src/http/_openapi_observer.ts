/**
 * The dashboard's routes (`/v1/observer/*`) as OpenAPI operations. Private
 * to `src/http`.
 *
 * @module
 */

import { ACTOR_STATUSES } from "./metrics.ts";
import type { Json, Operation } from "./_openapi_operations.ts";
import {
  SUPERVISOR_REQUIRED,
  supervisorSettings,
} from "./_openapi_supervisor.ts";
import { SORTABLE } from "./_observer_rows.ts";

const number = { type: "number" };
const integer = { type: "integer" };
const columns = (description: string): Json => ({
  type: "array",
  items: number,
  description,
});
const supervisor: Json = {
  type: ["object", "null"],
  description:
    "Supervisor settings and `restartsInWindow`: distinct restart times of its children within `withinMs` (each child keeps its last ten), against `maxRestarts`",
  properties: {
    ...(supervisorSettings.schema.properties as Json),
    restartsInWindow: integer,
  },
  required: [...SUPERVISOR_REQUIRED, "restartsInWindow"],
};
const treeNode: Json = {
  type: "object",
  properties: {
    path: { type: "string" },
    name: { type: "string" },
    kind: { type: ["string", "null"] },
    status: { enum: ACTOR_STATUSES },
    restarts: integer,
    mailboxDepth: integer,
    supervisor,
    children: {
      type: "array",
      items: { $ref: "#/components/schemas/ObserverTreeNode" },
    },
    more: {
      type: "integer",
      minimum: 1,
      description: "Children past those listed (absent when all are)",
    },
  },
  required: [
    "path",
    "name",
    "kind",
    "status",
    "restarts",
    "mailboxDepth",
    "supervisor",
    "children",
  ],
};
const PATH_PARAM: Json = {
  name: "path",
  in: "path",
  required: true,
  description:
    "The actor's path without its leading slash, each segment URL-encoded",
  schema: { type: "string" },
};

/** The observer's component schemas, merged into the document's. */
export const OBSERVER_SCHEMAS: Json = { ObserverTreeNode: treeNode };

/** The observer operations, appended to the document's list. */
export const OBSERVER_OPERATIONS: readonly Operation[] = [
  {
    method: "get",
    path: "/v1/observer/overview",
    summary:
      "Charts' history: one sample a second (while someone asks; each `/v1/observer` request keeps the sampler on for 60 s), the last 300 kept in fixed rings",
    params: [{
      name: "since",
      in: "query",
      required: false,
      description:
        "Only samples after this sequence number (the `seq` of the last one read; 0 or absent: all kept)",
      schema: { type: "integer", minimum: 0 },
    }],
    ok: ["200", "Samples, column by column, oldest first", {
      type: "object",
      properties: {
        intervalMs: number,
        capacity: integer,
        sampling: { type: "boolean" },
        seq: { ...integer, description: "The newest sample's number" },
        samples: {
          type: "object",
          description:
            "`seq`, `t` (ms since the epoch) and per second `processed`, `restarts`, `failures`, `deadLetters`, `deadLetters.<reason>`, `turns`, `yields`; gauges `actors`, `actors.<status>`",
          additionalProperties: columns("One value per sample"),
        },
        busiest: {
          type: "array",
          description: "Per sample, the five deepest mailboxes",
          items: {
            type: "array",
            items: {
              type: "object",
              properties: { path: { type: "string" }, depth: integer },
              required: ["path", "depth"],
            },
          },
        },
      },
      required: [
        "intervalMs",
        "capacity",
        "sampling",
        "seq",
        "samples",
        "busiest",
      ],
    }],
    errors: { "400": "Bad `since` (`bad_request`)" },
  },
  {
    method: "get",
    path: "/v1/observer/actors",
    summary:
      "The live actors as compact rows (path, kind, status, mailbox depth and high-water mark, processed, rate per second, restarts, failures, last error and its time): filtered by `q` and `status`, sorted by `sort` and `dir`, at most `limit` of them",
    params: [
      {
        name: "limit",
        in: "query",
        required: false,
        description: "The most rows sent",
        schema: {
          type: "integer",
          minimum: 1,
          maximum: 100000,
          default: 10000,
        },
      },
      {
        name: "sort",
        in: "query",
        required: false,
        description: "The column to sort by; ties by path",
        schema: { enum: Object.keys(SORTABLE), default: "path" },
      },
      {
        name: "dir",
        in: "query",
        required: false,
        description: "The order",
        schema: { enum: ["asc", "desc"], default: "asc" },
      },
      {
        name: "q",
        in: "query",
        required: false,
        description:
          "Only actors whose path, kind or last error contains this text (any case)",
        schema: { type: "string" },
      },
      {
        name: "status",
        in: "query",
        required: false,
        description: "Only actors with this status",
        schema: { enum: ACTOR_STATUSES },
      },
    ],
    ok: ["200", "Rows in the order of `columns`", {
      type: "object",
      properties: {
        columns: { type: "array", items: { type: "string" } },
        total: { ...integer, description: "Every live actor" },
        matched: { ...integer, description: "Those the filter keeps" },
        sort: { type: "string" },
        dir: { enum: ["asc", "desc"] },
        rows: { type: "array", items: { type: "array" } },
      },
      required: ["columns", "total", "matched", "sort", "dir", "rows"],
    }],
    errors: { "400": "Bad query parameter (`bad_request`)" },
  },
  {
    method: "get",
    path: "/v1/observer/actors/{path}",
    summary:
      "One actor for the detail pane: its description plus incarnation, last failure time, rate and rate history, snapshot (cut at 4 KiB), supervisor intensity and children's status",
    params: [PATH_PARAM],
    ok: ["200", "The actor", {
      type: "object",
      properties: {
        path: { type: "string" },
        status: { enum: ACTOR_STATUSES },
        incarnation: integer,
        restartTimes: { type: "array", items: number },
        lastError: { type: ["string", "null"] },
        lastFailureAt: { type: ["number", "null"] },
        rate: { type: ["number", "null"] },
        history: {
          type: "object",
          properties: {
            t: { type: "array", items: number },
            rate: { type: "array", items: number },
          },
          required: ["t", "rate"],
        },
        snapshot: {
          type: ["object", "null"],
          properties: { value: {}, truncated: { type: "boolean" } },
        },
        supervisor,
        watchers: {
          type: "array",
          items: { type: "string" },
          description: "Paths of the actors watching it",
        },
        faultInjection: { type: "boolean" },
      },
      required: [
        "path",
        "status",
        "incarnation",
        "restartTimes",
        "lastError",
        "lastFailureAt",
        "rate",
        "history",
        "snapshot",
        "supervisor",
        "faultInjection",
      ],
    }],
    errors: {
      "400": "Malformed path (`bad_request`)",
      "404": "No such actor (`actor_not_found`)",
    },
  },
  {
    method: "get",
    path: "/v1/observer/tree",
    summary:
      "The supervision tree with each supervisor's strategy and restart intensity in use: at most `children` children listed per actor (and top-level actors), the rest counted in `more`; `counts` covers every actor",
    params: [{
      name: "children",
      in: "query",
      required: false,
      description: "The most children listed per actor",
      schema: { type: "integer", minimum: 0, maximum: 100000, default: 1000 },
    }],
    ok: ["200", "The top-level actors with their descendants", {
      type: "object",
      properties: {
        tree: {
          type: "array",
          items: { $ref: "#/components/schemas/ObserverTreeNode" },
        },
        more: {
          type: "integer",
          minimum: 1,
          description: "Top-level actors past those listed",
        },
        counts: {
          type: "object",
          properties: {
            actors: integer,
            supervisors: integer,
            restarting: integer,
            restarts: integer,
          },
          required: ["actors", "supervisors", "restarting", "restarts"],
        },
      },
      required: ["tree", "counts"],
    }],
    errors: { "400": "Bad query parameter (`bad_request`)" },
  },
];
