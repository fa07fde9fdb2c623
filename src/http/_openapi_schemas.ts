/**
 * The response shapes of the control plane, declared with the same shapes
 * as the request bodies; the OpenAPI document's `components.schemas` is made
 * from them, and the contract test checks live responses against it.
 * Responses are open objects: clients ignore fields added later. Private to
 * `src/http`.
 *
 * @module
 */

import { EVENT_TYPES } from "./event_hub.ts";
import { ACTOR_STATUSES } from "./metrics.ts";
import { array, type JsonSchema, object, oneOf, type Shape } from "./shape.ts";
import {
  anyValue,
  boolean,
  integer,
  nullable,
  number,
  record,
  ref,
  string,
} from "./shape_scalars.ts";
import { OBSERVER_SCHEMAS } from "./_openapi_observer.ts";
import { strategy, supervisorSettings } from "./_openapi_supervisor.ts";

const open = { closed: false } as const;
const count = () => integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const text = (description?: string, example?: unknown) =>
  string({ description, example }) as Shape<unknown>;
const status = oneOf(ACTOR_STATUSES, { example: "running" });

/** Every named response shape, by component name. */
export const RESPONSE_SHAPES: Readonly<Record<string, Shape<unknown>>> = {
  Error: object({
    error: object({
      code: string({
        description: "A stable machine-readable code",
        example: "actor_not_found",
      }),
      message: string({
        description: "What went wrong, for humans",
        example: 'No actor at "/api/spawned/c9"',
      }),
    }, { required: ["code", "message"] }),
  }, { required: ["error"] }),
  System: object({
    name: text("The system's name", "understudy"),
    version: text("The server version", "0.1.0"),
    runtime: object({ name: text(), version: text() }, {
      ...open,
      required: ["name", "version"],
      example: { name: "bun", version: "1.4.5" },
    }),
    status: oneOf(["running", "stopping", "terminated"]),
    uptimeMs: number({ description: "Milliseconds since the system started" }),
    actors: object({
      total: count(),
      byStatus: record(count(), { description: "Actors per status" }),
    }, { ...open, required: ["total", "byStatus"] }),
    deadLetters: count(),
    scheduler: object({
      queued: count(),
      inFlight: count(),
      turns: count(),
      yields: count(),
    }, { ...open, required: ["queued", "inFlight", "turns", "yields"] }),
    faultInjection: boolean({ description: "Whether `$fault` works" }),
    api: object({
      guardian: text("The API guardian's path", "/api"),
      subtreesStopped: count(),
      lastStopped: nullable(
        object({ path: text(), error: text(), time: number() }, {
          ...open,
          required: ["path", "error", "time"],
        }),
        { description: "The last subtree the API guardian stopped" },
      ),
    }, { ...open, required: ["guardian", "subtreesStopped", "lastStopped"] }),
  }, {
    ...open,
    required: [
      "name",
      "version",
      "runtime",
      "status",
      "uptimeMs",
      "actors",
      "deadLetters",
      "scheduler",
      "faultInjection",
      "api",
    ],
  }),
  Topic: object({
    scope: text("The broker: `/`, or its owner's path", "/"),
    name: text("The topic", "market-data"),
    subscribers: count(),
    published: count(),
    dropped: count(),
  }, {
    ...open,
    required: ["scope", "name", "subscribers", "published", "dropped"],
  }),
  Group: object({
    scope: text("The scope", "default"),
    name: text("The group", "traders"),
    members: array(string()),
    monitors: count(),
  }, { ...open, required: ["scope", "name", "members", "monitors"] }),
  Kind: object({
    name: text("The kind's name", "counter"),
    description: nullable(string()),
    args: boolean({ description: "Whether spawning takes `args`" }),
    tell: boolean({ description: "Whether `$tell` works" }),
    ask: boolean({ description: "Whether `$ask` works" }),
    schemas: object({
      args: nullable(anyValue(), {
        description:
          "JSON Schema of `args`, when its validator offers one (Standard JSON Schema)",
      }),
      message: nullable(anyValue(), {
        description: "JSON Schema of a `$tell` message, when offered",
      }),
      ask: nullable(anyValue(), {
        description: "JSON Schema of an `$ask` message, when offered",
      }),
    }, { ...open, required: ["args", "message", "ask"] }),
  }, {
    ...open,
    required: ["name", "description", "args", "tell", "ask", "schemas"],
  }),
  TreeNode: object({
    path: text("The actor's path", "/api/spawned/c1"),
    name: text(),
    kind: nullable(string()),
    status,
    restarts: count(),
    mailboxDepth: count(),
    strategy: nullable(strategy),
    children: array(ref("TreeNode")),
    more: integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description:
        "Children past the `children` listed (absent when all are listed)",
    }),
  }, {
    ...open,
    required: [
      "path",
      "name",
      "kind",
      "status",
      "restarts",
      "mailboxDepth",
      "strategy",
      "children",
    ],
  }),
  ActorInfo: object({
    path: text("The actor's path", "/api/spawned/c1"),
    name: text(),
    kind: nullable(string()),
    status,
    parent: nullable(string()),
    children: array(string(), {
      description: "Its children's paths: the first 1,000, in start order",
    }),
    more: integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description:
        "Children past the 1,000 listed in `children` (absent when all are)",
    }),
    restarts: count(),
    restartTimes: array(number(), {
      description: "Recent restart times, in the system clock's milliseconds",
    }),
    failures: count(),
    lastError: nullable(string({ description: "The last failure's message" })),
    mailbox: object({
      depth: count(),
      highWater: count(),
      capacity: nullable(count(), { description: "`null`: unbounded" }),
    }, { ...open, required: ["depth", "highWater", "capacity"] }),
    processed: count(),
    startedAt: nullable(number()),
    stopReason: nullable(string()),
    spec: nullable(
      object({
        id: text(),
        restart: oneOf(["permanent", "transient", "temporary"]),
        shutdown: anyValue({
          description: "Milliseconds, `brutal` or `infinity`",
        }),
      }, { ...open, required: ["id", "restart", "shutdown"] }),
      { description: "Its child spec, when a supervisor started it" },
    ),
    supervisor: nullable(
      supervisorSettings,
      { description: "Its settings, when it is a supervisor" },
    ),
    snapshot: anyValue({
      description:
        "Its state as the kind's `snapshot` shows it, when it has one",
    }),
  }, {
    ...open,
    required: [
      "path",
      "name",
      "kind",
      "status",
      "parent",
      "children",
      "restarts",
      "restartTimes",
      "failures",
      "lastError",
      "mailbox",
      "processed",
      "startedAt",
      "stopReason",
      "spec",
      "supervisor",
    ],
  }),
  ActorEvent: object({
    seq: count(),
    time: number(),
    type: oneOf(EVENT_TYPES),
    path: text("The actor's path, when the event is about one"),
  }, {
    ...open,
    required: ["seq", "time", "type"],
    description:
      "One lifecycle event, as `GET /v1/events` sends it in `data` (errors as `{ name, message }`)",
  }),
};

/** The component schemas of the OpenAPI document. */
export const SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  ...Object.fromEntries(
    Object.entries(RESPONSE_SHAPES).map((
      [name, shape],
    ) => [name, shape.schema]),
  ),
  ...OBSERVER_SCHEMAS as Record<string, JsonSchema>,
};
