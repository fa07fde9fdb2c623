/**
 * The OpenAPI 3.1 description of the control plane, served at
 * `GET /openapi.json`, and the route table the README shows.
 *
 * @module
 */

import { ACTIONS } from "./actor_url.ts";
import {
  COMMON_ERRORS,
  error,
  type Json,
  json,
  OPERATIONS,
  TAGS,
} from "./_openapi_operations.ts";
import { SCHEMAS } from "./_openapi_schemas.ts";

/** A route as the API table lists it. */
export interface RouteSummary {
  /** `GET`, `POST` or `DELETE`. */
  readonly method: string;
  /** The path template, such as `/v1/actors/{path}/$tell`. */
  readonly path: string;
  /** What it does. */
  readonly summary: string;
  /** Whether it needs the bearer token. */
  readonly auth: boolean;
  /** Its statuses, success first. */
  readonly statuses: readonly number[];
}

/**
 * Every route, for tests and documentation.
 *
 * @returns One summary per route, in the order the API documents them.
 * @example
 * ```ts
 * import { routeTable } from "@understudy/runtime/http";
 * console.assert(routeTable().some((r) => r.path === "/v1/events"));
 * ```
 */
export function routeTable(): RouteSummary[] {
  return OPERATIONS.map((op) => {
    const auth = op.auth ?? true;
    const statuses = new Set([
      Number(op.ok[0]),
      ...Object.keys(op.errors ?? {}).map(Number),
      ...(auth ? [401] : []),
    ]);
    return {
      method: op.method.toUpperCase(),
      path: op.path,
      summary: op.summary,
      auth,
      statuses: [...statuses].sort((a, b) => a - b),
    };
  });
}

/**
 * Builds the OpenAPI 3.1 document.
 *
 * @param version The server version for `info.version`.
 * @returns The document.
 * @example
 * ```ts
 * import { openApiDocument } from "./openapi.ts";
 * const doc = openApiDocument("0.1.0") as { openapi: string };
 * console.assert(doc.openapi === "3.1.0");
 * ```
 */
export function openApiDocument(version: string): Json {
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    const auth = op.auth ?? true;
    const [status, description, schema] = op.ok;
    const responses: Json = {
      [status]: {
        description,
        ...(schema !== undefined
          ? json(schema)
          : op.responseType !== undefined
          ? { content: { [op.responseType]: { schema: { type: "string" } } } }
          : {}),
      },
    };
    for (
      const [code, text] of Object.entries({
        ...(auth ? COMMON_ERRORS : {}),
        ...op.errors,
      })
    ) responses[code] = error(text);
    (paths[op.path] ??= {})[op.method] = {
      tags: [
        op.tag ?? (op.path.startsWith("/v1/observer") ? "observer" : "system"),
      ],
      summary: op.summary,
      operationId: `${op.method}${
        op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c) => (c ?? "").toUpperCase())
      }`,
      ...(auth ? {} : { security: [] }),
      ...(op.params ? { parameters: op.params } : {}),
      ...(op.body
        ? {
          requestBody: {
            required: ((op.body.required as string[]) ?? []).length > 0,
            ...json(op.body),
          },
        }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "understudy control plane",
      version,
      description:
        `Inspect, spawn and supervise the actors of one understudy system. Actor actions are the last URL segment: ${
          ACTIONS.map((a) => `$${a}`).join(", ")
        }. Errors are \`{ "error": { "code", "message" } }\`; a known path asked with another method is 405 \`method_not_allowed\` with \`Allow\`. What clients create lives under the API guardian \`/api\`. Request bodies are closed (unknown fields are refused); responses are open (ignore fields you do not know).`,
    },
    tags: TAGS.map((t) => ({ ...t })),
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: SCHEMAS,
    },
  };
}
