/**
 * The understudy control plane: a fetch handler (built on Hono) that
 * inspects, spawns and supervises the actors of one system over a versioned
 * JSON API, streams lifecycle events as Server-Sent Events, exposes
 * Prometheus metrics, and serves a live dashboard at `/`.
 *
 * Clients never send code: they spawn kinds the program registered in a
 * {@linkcode Catalog}, with arguments and messages checked by the kind's
 * validators (any Standard Schema library, or plain functions). Every `/v1`
 * route and `/metrics` need the bearer token; `/`, `/healthz`, `/readyz` and
 * `/openapi.json` are public. What clients create lives under the `/api`
 * guardian, so no client can stop the process; actors spawned over HTTP get
 * a bounded mailbox, and a full one answers 429. The full reference, with a
 * curl example for every route, is `docs/http.md` in the repository.
 *
 * @example Serve a counter clients can spawn, tell and ask
 * ```ts
 * import { ActorSystem, defineActor, type ReplyPort } from "@understudy/runtime";
 * import {
 *   Catalog,
 *   createControlPlane,
 *   generateToken,
 * } from "@understudy/runtime/http";
 *
 * type Msg = { type: "add"; n: number } | { type: "get"; replyTo: ReplyPort<number> };
 * const counter = defineActor({
 *   kind: "counter",
 *   init: (start: number) => start,
 *   receive(total: number, msg: Msg) {
 *     if (msg.type === "add") return total + msg.n;
 *     msg.replyTo.reply(total);
 *   },
 * });
 *
 * const catalog = new Catalog().register("counter", {
 *   definition: counter,
 *   args: (x) => Number.isInteger(x) ? { value: x as number } : { issues: [{ message: "must be an integer" }] },
 *   message: (x) => {
 *     const n = (x as { add?: unknown } | null)?.add;
 *     return typeof n === "number"
 *       ? { value: { type: "add" as const, n } }
 *       : { issues: [{ message: "must be a number", path: ["add"] }] };
 *   },
 *   ask: { build: (_input, replyTo) => ({ type: "get", replyTo: replyTo as ReplyPort<number> }) },
 * });
 *
 * await using system = new ActorSystem();
 * const token = generateToken();
 * const app = createControlPlane({ system, catalog, token });
 * // Deno.serve({ hostname: "127.0.0.1", port: 8080 }, app.fetch);
 *
 * const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
 * const post = (path: string, body: unknown) =>
 *   app.request(path, { method: "POST", headers, body: JSON.stringify(body) });
 * const spawned = await post("/v1/actors", { kind: "counter", name: "c", args: 1 });
 * console.assert(spawned.status === 201);
 * await post("/v1/actors/api/spawned/c/$tell", { message: { add: 2 } });
 * const asked = await post("/v1/actors/api/spawned/c/$ask", {});
 * console.assert((await asked.json()).reply === 3);
 * ```
 *
 * @module
 */

export { Catalog, createControlPlane } from "./src/http/app.ts";
export type { ControlPlane, ControlPlaneOptions } from "./src/http/app.ts";
export type {
  AnyDefinition,
  AskSpec,
  KindSpec,
  KindSpecFor,
} from "./src/http/catalog.ts";
export { DEFAULT_HTTP_MAILBOX } from "./src/http/catalog.ts";
export type { RuntimeInfo } from "./src/http/runtime_info.ts";
export type { ObserverOptions, ObserverTimers } from "./src/http/observer.ts";
export type {
  ClusterNodeView,
  ClusterSpawnRequest,
  ClusterView,
} from "./src/http/routes_cluster.ts";
export { generateToken, timingSafeEqual } from "./src/http/auth.ts";
export {
  checkBindSafety,
  isLoopback,
  MIN_TOKEN_BITS,
  tokenBits,
} from "./src/http/bind_safety.ts";
export { isStandardSchema, runValidator } from "./src/http/validation.ts";
export type {
  StandardSchemaV1,
  StandardSchemaV1Issue,
  StandardSchemaV1PathSegment,
  StandardSchemaV1Props,
  StandardSchemaV1Result,
  StandardSchemaV1Types,
  ValidateFunction,
  ValidationIssue,
  ValidationOutcome,
  Validator,
} from "./src/http/validation.ts";
export type { ErrorBody, ErrorCode } from "./src/http/errors.ts";
export { eventJson, HEARTBEAT_MS } from "./src/http/events_sse.ts";
export { routeTable } from "./src/http/openapi.ts";
export type { RouteSummary } from "./src/http/openapi.ts";
export { toJsonSafe } from "./src/http/serialize.ts";
export { jsonSchemaOf } from "./src/http/json_schema_of.ts";
export type { JsonSchema } from "./src/http/shape.ts";
/**
 * The core's types, which this entry's signatures mention, re-exported as
 * types so the control plane's API documents itself: they are the same types
 * as `@understudy/runtime`'s.
 */
export type * from "./mod.ts";
