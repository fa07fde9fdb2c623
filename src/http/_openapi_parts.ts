/**
 * The pieces the operation lists are made of: types, `$ref`s, the common
 * errors and parameters, the tags. Private to `src/http`.
 *
 * @module
 */

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
/** The errors of routes that read a body. */
export const BODY_ERRORS: Record<string, string> = {
  "400": "Malformed JSON (`invalid_json`)",
  "413": "Body too large (`payload_too_large`)",
  "415": "Body is not `application/json` (`unsupported_media_type`)",
  "422":
    "Unknown field (`unknown_field`) or invalid value (`validation_failed`)",
};
/** The error of routes that queue a message. */
export const FULL = {
  "429":
    "The actor's mailbox is full (`mailbox_full`): retry after `Retry-After` seconds",
};

/** The `{path}` parameter. */
export const PATH_PARAM: Json = {
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

/** A query parameter. */
export const query = (
  name: string,
  description: string,
  schema: Json,
): Json => ({
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
