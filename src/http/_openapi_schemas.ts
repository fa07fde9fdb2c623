/**
 * The component schemas of the OpenAPI document. Private to `src/http`.
 *
 * @module
 */

import { ACTOR_STATUSES } from "./metrics.ts";
import { type Json, object, ref } from "./_openapi_operations.ts";
import { OBSERVER_SCHEMAS } from "./_openapi_observer.ts";

/** The component schemas. */
export const SCHEMAS: Json = {
  Error: object({
    error: object({
      code: { type: "string" },
      message: { type: "string" },
    }, ["code", "message"]),
  }, ["error"]),
  System: object({
    name: { type: "string" },
    version: { type: "string" },
    runtime: object({
      name: { type: "string" },
      version: { type: "string" },
    }),
    status: { enum: ["running", "stopping", "terminated"] },
    uptimeMs: { type: "number" },
    actors: object({
      total: { type: "integer" },
      byStatus: { type: "object", additionalProperties: { type: "integer" } },
    }),
    deadLetters: { type: "integer" },
    scheduler: object({
      queued: { type: "integer" },
      inFlight: { type: "integer" },
      turns: { type: "integer" },
      yields: { type: "integer" },
    }),
    faultInjection: { type: "boolean" },
    api: object({
      guardian: { type: "string" },
      subtreesStopped: { type: "integer" },
      lastStopped: {
        oneOf: [
          { type: "null" },
          object({
            path: { type: "string" },
            error: { type: "string" },
            time: { type: "number" },
          }, ["path", "error", "time"]),
        ],
      },
    }, ["guardian", "subtreesStopped", "lastStopped"]),
  }),
  Topic: object({
    scope: { type: "string" },
    name: { type: "string" },
    subscribers: { type: "integer" },
    published: { type: "integer" },
    dropped: { type: "integer" },
  }, ["scope", "name", "subscribers", "published", "dropped"]),
  Group: object({
    scope: { type: "string" },
    name: { type: "string" },
    members: { type: "array", items: { type: "string" } },
    monitors: { type: "integer" },
  }, ["scope", "name", "members", "monitors"]),
  Kind: object({
    name: { type: "string" },
    description: { type: ["string", "null"] },
    args: { type: "boolean" },
    tell: { type: "boolean" },
    ask: { type: "boolean" },
  }),
  TreeNode: object({
    path: { type: "string" },
    name: { type: "string" },
    kind: { type: ["string", "null"] },
    status: { enum: ACTOR_STATUSES },
    restarts: { type: "integer" },
    mailboxDepth: { type: "integer" },
    strategy: { type: ["string", "null"] },
    children: { type: "array", items: ref("TreeNode") },
  }),
  ActorInfo: {
    type: "object",
    description:
      "Status, kind, path, parent, children, restarts and their times, failures, last error, mailbox depth and high-water mark, messages processed, child spec policy, supervisor settings, and `snapshot` when the kind offers one",
    properties: {
      path: { type: "string" },
      name: { type: "string" },
      kind: { type: ["string", "null"] },
      status: { enum: ACTOR_STATUSES },
      parent: { type: ["string", "null"] },
      children: { type: "array", items: { type: "string" } },
      restarts: { type: "integer" },
      restartTimes: { type: "array", items: { type: "number" } },
      failures: { type: "integer" },
      lastError: { type: ["string", "null"] },
      mailbox: object({
        depth: { type: "integer" },
        highWater: { type: "integer" },
        capacity: { type: ["integer", "null"] },
      }),
      processed: { type: "integer" },
      startedAt: { type: ["number", "null"] },
      stopReason: { type: ["string", "null"] },
      spec: { type: ["object", "null"] },
      supervisor: { type: ["object", "null"] },
      snapshot: {},
    },
  },
  ...OBSERVER_SCHEMAS,
};
