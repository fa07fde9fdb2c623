/**
 * The control plane: a Hono app over one actor system and a catalog of
 * spawnable kinds. Secure by default: every `/v1` route and `/metrics` need
 * the bearer token, bodies are JSON only and size-limited, no CORS unless
 * configured, and errors are JSON without stack traces.
 *
 * @module
 */

import { Hono, type MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { ActorSystem } from "../core/actor_system.ts";
import { ApiGuardian, DEFAULT_API_LIMITS } from "./api_guardian.ts";
import { bearerAuth } from "./auth.ts";
import { jsonBodies } from "./body.ts";
import { Catalog } from "./catalog.ts";
import { Counters } from "./counters.ts";
import {
  errorResponse,
  handleError,
  handleNotFound,
  logUnexpected,
} from "./errors.ts";
import { EventHub } from "./event_hub.ts";
import { registerEventRoutes } from "./events_sse.ts";
import { Observer, type ObserverOptions } from "./observer.ts";
import { registerActorRoutes } from "./routes_actors.ts";
import { registerObserverRoutes } from "./routes_observer.ts";
import { registerSpawnRoutes } from "./routes_spawn.ts";
import { type ClusterView, registerClusterRoutes } from "./routes_cluster.ts";
import { registerPubSubRoutes } from "./routes_pubsub.ts";
import { registerPublicRoutes, registerSystemRoutes } from "./routes_system.ts";
import { detectRuntime, type RuntimeInfo } from "./runtime_info.ts";
import type { Plane } from "./_plane.ts";
import { allowedMethods, rawPathOf } from "./_routes.ts";

export { generateToken } from "./auth.ts";
export { checkBindSafety, isLoopback } from "./bind_safety.ts";

/** Options for {@linkcode createControlPlane}. */
export interface ControlPlaneOptions {
  /** The actor system to inspect and control. */
  readonly system: ActorSystem;
  /** The kinds clients may spawn, tell and ask. */
  readonly catalog: Catalog;
  /**
   * The bearer token every `/v1` route and `/metrics` require; required and
   * non-empty (see `generateToken`).
   */
  readonly token: string;
  /** Whether `POST /v1/actors/{path}/$fault` works. Defaults to `false`. */
  readonly allowFaultInjection?: boolean;
  /** The largest request body, in bytes. Defaults to 65536 (64 KiB). */
  readonly bodyLimitBytes?: number;
  /**
   * Cross-origin access for these exact origins (such as
   * `"https://ops.example.com"`). Defaults to none: no CORS headers at all.
   */
  readonly cors?: { readonly origins: readonly string[] };
  /**
   * The most actors the default pool `/api/spawned` holds at once
   * (`POST /v1/actors` without `supervisor`, and spawns from other cluster
   * nodes); past it a spawn answers 409 `max_children`. Defaults to 100,000;
   * `Infinity` for no limit.
   */
  readonly maxSpawned?: number;
  /**
   * The most supervisors `POST /v1/supervisors` keeps under `/api` at once;
   * past it the route answers 409 `max_children`. Defaults to 1,000;
   * `Infinity` for no limit.
   */
  readonly maxSupervisors?: number;
  /** How many recent events `GET /v1/events` can replay. Defaults to 1000. */
  readonly eventBufferSize?: number;
  /** The version `GET /v1/system` reports. Defaults to `"unknown"`. */
  readonly version?: string;
  /**
   * The runtime `GET /v1/system` reports. Defaults to the one
   * `navigator.userAgent` names.
   */
  readonly runtime?: RuntimeInfo;
  /**
   * The dashboard's sampler (`/v1/observer/*`): interval, samples kept and
   * how long it samples after the last request. Defaults to one sample a
   * second, 300 kept, a 60 s lease.
   */
  readonly observer?: ObserverOptions;
  /**
   * The cluster node this server joined (a `ClusterNode` from
   * `@understudy/runtime/cluster`), for `/v1/cluster`. Defaults to none.
   */
  readonly cluster?: ClusterView;
  /**
   * The URL clients reach this control plane at, reported as this node's
   * `address` in `GET /v1/cluster` (here and on the other nodes); a function
   * when it is known only once the server listens. Defaults to the origin
   * of the request being answered, and to `null` on the other nodes.
   */
  readonly address?: string | (() => string | undefined);
}

/**
 * The control plane: a fetch handler to mount on any server, and a request
 * helper for tests.
 */
export interface ControlPlane {
  /**
   * Answers one request. Mount it as is: `Deno.serve(plane.fetch)`,
   * `Bun.serve({ fetch: plane.fetch })`. It never throws: an unexpected error
   * is a JSON 500 without details, logged with `console.error`.
   *
   * @param request The request.
   * @returns The response.
   */
  readonly fetch: (request: Request) => Promise<Response>;
  /**
   * Answers a request built from a path or URL, as `fetch` would; handy in
   * tests (`plane.request("/healthz")`).
   *
   * @param input A path such as `"/v1/tree"`, a URL or a request.
   * @param init The method, headers and body.
   * @returns The response.
   */
  readonly request: (
    input: string | URL | Request,
    init?: RequestInit,
  ) => Promise<Response>;
}

/**
 * Builds the control plane app. Mount it on any server that speaks `fetch`
 * (`Deno.serve(app.fetch)`, `Bun.serve({ fetch: app.fetch })`), or call
 * `app.request(...)` in tests. It subscribes to the system's events at once,
 * so `GET /v1/events` can replay what happened since.
 *
 * @param options The system, catalog, token and settings.
 * @returns The control plane.
 * @throws {TypeError} When the system, catalog, token, CORS origins or
 * address are invalid.
 * @throws {RangeError} When `bodyLimitBytes` or `eventBufferSize` is not a
 * positive integer, or `maxSpawned` or `maxSupervisors` neither that nor
 * `Infinity`.
 * @example Inspect a system over HTTP
 * ```ts
 * import { ActorSystem } from "@understudy/runtime";
 * import { Catalog, createControlPlane } from "@understudy/runtime/http";
 * await using system = new ActorSystem();
 * const app = createControlPlane({ system, catalog: new Catalog(), token: "secret" });
 * const res = await app.request("/v1/tree", { headers: { authorization: "Bearer secret" } });
 * console.assert(res.status === 200);
 * ```
 */
export function createControlPlane(options: ControlPlaneOptions): ControlPlane {
  const { system, catalog, token } = options ?? {};
  if (!(system instanceof ActorSystem)) {
    throw new TypeError(
      "Invalid control plane options: system must be an ActorSystem",
    );
  }
  if (!(catalog instanceof Catalog)) {
    throw new TypeError(
      "Invalid control plane options: catalog must be a Catalog",
    );
  }
  const auth = bearerAuth(token);
  const bodies = jsonBodies(options.bodyLimitBytes ?? 64 * 1024);
  const crossOrigin = options.cors === undefined
    ? undefined
    : corsFor(options.cors);
  const plane: Plane = {
    system,
    catalog,
    guardian: new ApiGuardian(system, {
      maxSpawned: options.maxSpawned ?? DEFAULT_API_LIMITS.maxSpawned,
      maxSupervisors: options.maxSupervisors ??
        DEFAULT_API_LIMITS.maxSupervisors,
    }),
    hub: new EventHub(system, options.eventBufferSize ?? 1000),
    counters: new Counters(system),
    allowFaultInjection: options.allowFaultInjection === true,
    version: options.version ?? "unknown",
    runtime: options.runtime ?? detectRuntime(),
  };
  const app = new Hono();
  app.onError(handleError);
  app.notFound(handleNotFound);
  if (crossOrigin !== undefined) app.use("*", crossOrigin);
  registerPublicRoutes(app, plane);
  app.use("/v1/*", auth);
  app.use("/metrics", auth);
  app.use("*", methodGuard);
  app.use("/v1/*", bodies);
  registerSystemRoutes(app, plane);
  registerEventRoutes(app, plane);
  registerSpawnRoutes(app, plane);
  registerActorRoutes(app, plane);
  const address = options.address;
  if (
    address !== undefined && typeof address !== "string" &&
    typeof address !== "function"
  ) {
    throw new TypeError(
      "Invalid control plane options: address must be a URL string or a function returning one",
    );
  }
  registerClusterRoutes(
    app,
    plane,
    options.cluster,
    typeof address === "function" ? address : () => address,
  );
  registerPubSubRoutes(app, plane);
  registerObserverRoutes(
    app,
    plane,
    new Observer(system, plane.counters, options.observer),
  );
  const fetch = async (request: Request): Promise<Response> => {
    let response: Response;
    try {
      const trusted = withTrustedUrl(request);
      response = trusted instanceof Response
        ? trusted
        : await app.fetch(trusted);
    } catch (error) {
      logUnexpected(request.method, rawPathOf(request.url), error);
      response = errorResponse(500, "internal", "Internal server error");
    }
    return withDefensiveHeaders(response);
  };
  const request = (input: string | URL | Request, init?: RequestInit) =>
    fetch(
      input instanceof Request
        ? input
        : new Request(new URL(String(input), "http://localhost"), init),
    );
  return { fetch, request };
}

/**
 * The request as routes may read it: when its URL does not parse (an empty
 * or malformed Host header, HTTP/1.0 without one), it is rebuilt on
 * `http://localhost` with the same path, so nothing downstream ever reads a
 * client-supplied host that was not validated.
 */
function withTrustedUrl(request: Request): Request | Response {
  const url = request.url;
  if (URL.canParse(url) && url.startsWith("http")) return request;
  const path = rawPathOf(url);
  const safe = URL.canParse(path, "http://localhost")
    ? new URL(path, "http://localhost")
    : new URL("http://localhost/");
  try {
    return new Request(safe, request);
  } catch {
    // Only methods `fetch` forbids (CONNECT, TRACE, TRACK) get here; no
    // route serves them.
    return errorResponse(
      405,
      "method_not_allowed",
      `Method ${request.method.slice(0, 20)} is not allowed`,
      { allow: (allowedMethods(path) ?? ["GET", "HEAD"]).join(", ") },
    );
  }
}

/** Headers every response carries: no sniffing, no framing, no caching. */
function withDefensiveHeaders(response: Response): Response {
  const headers = response.headers;
  headers.set("x-content-type-options", "nosniff");
  headers.set("x-frame-options", "DENY");
  headers.set("referrer-policy", "no-referrer");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  return response;
}

/** 405 with `Allow` for a known path asked with a method it does not serve. */
const methodGuard: MiddlewareHandler = async (c, next) => {
  const allowed = allowedMethods(rawPathOf(c.req.url));
  if (allowed === null || allowed.includes(c.req.method)) return await next();
  return errorResponse(
    405,
    "method_not_allowed",
    `Method ${c.req.method} is not allowed here: use ${allowed.join(", ")}`,
    { allow: allowed.join(", ") },
  );
};

export { Catalog };

function corsFor(
  config: { readonly origins: readonly string[] },
): ReturnType<typeof cors> {
  const origins = config?.origins;
  if (
    !Array.isArray(origins) ||
    !origins.every((o) => typeof o === "string" && o !== "" && o !== "*")
  ) {
    throw new TypeError(
      'Invalid control plane options: cors.origins must be an array of origins (no "*")',
    );
  }
  return cors({
    origin: [...origins],
    allowMethods: ["GET", "POST", "DELETE"],
    allowHeaders: ["Authorization", "Content-Type", "Last-Event-ID"],
    exposeHeaders: ["Location", "WWW-Authenticate"],
    maxAge: 600,
  });
}
