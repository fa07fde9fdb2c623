/**
 * Spawning over HTTP: an actor of a catalog kind under a dynamic supervisor
 * (`POST /v1/actors`), or a top-level supervisor whose children are catalog
 * kinds (`POST /v1/supervisors`).
 *
 * @module
 */

import type { Context, Hono } from "hono";
import type { AnyActorRef } from "../core/actor_context.ts";
import type { AnyChildSpec } from "../core/child_spec.ts";
import { inspect } from "../core/inspection.ts";
import { supervisor } from "../core/supervisor.ts";
import { startOrThrow } from "./api_guardian.ts";
import { DEFAULT_HTTP_MAILBOX } from "./catalog.ts";
import { actorUrl } from "./actor_url.ts";
import { validateOr422 } from "./actor_messages.ts";
import {
  expectObject,
  invalid,
  type JsonObject,
  optionalChoice,
  optionalInteger,
  optionalString,
  readJsonObject,
  requiredString,
} from "./body.ts";
import { fromCore, HttpError } from "./errors.ts";
import { actorJson } from "./_find_actor.ts";
import type { Plane } from "./_plane.ts";

/** The most children `POST /v1/supervisors` accepts. */
const MAX_CHILDREN = 100;

/**
 * Registers `POST /v1/actors` and `POST /v1/supervisors`.
 *
 * @param app The app (token and body middleware already installed).
 * @param plane The shared state.
 */
export function registerSpawnRoutes(app: Hono, plane: Plane): void {
  app.post("/v1/actors", (c) => spawnActor(c, plane));
  app.post("/v1/supervisors", (c) => spawnSupervisor(c, plane));
}

async function spawnActor(c: Context, plane: Plane): Promise<Response> {
  const body = await readJsonObject(c, ["kind", "name", "args", "supervisor"]);
  const kindName = requiredString(body, "kind");
  const name = optionalName(body, "name");
  const where = optionalString(body, "supervisor");
  const spec = kindOf(plane, kindName, "");
  const args = await argsOf(plane, kindName, body, "");
  const parent = where === undefined
    ? await plane.guardian.pool()
    : dynamicAt(plane, where.startsWith("/") ? where : `/${where}`);
  const start = spec.definition;
  const mailbox = spec.mailbox ?? DEFAULT_HTTP_MAILBOX;
  const child = await startOrThrow(
    plane.system,
    parent,
    name === undefined
      ? { start, args, mailbox }
      : { id: name, start, args, mailbox },
  );
  return created(c, plane, child);
}

async function spawnSupervisor(c: Context, plane: Plane): Promise<Response> {
  const body = await readJsonObject(c, [
    "name",
    "strategy",
    "maxRestarts",
    "withinMs",
    "children",
  ]);
  const name = optionalName(body, "name");
  if (name === undefined) throw invalid("", "name", "is required");
  const strategy = optionalChoice(
    body,
    "strategy",
    [
      "one-for-one",
      "one-for-all",
      "rest-for-one",
    ] as const,
  );
  const maxRestarts = optionalInteger(body, "maxRestarts", 0, 1_000_000);
  const withinMs = optionalInteger(body, "withinMs", 1, 86_400_000);
  const list = body.children;
  if (!Array.isArray(list)) throw invalid("", "children", "must be an array");
  if (list.length > MAX_CHILDREN) {
    throw invalid("", "children", `must have at most ${MAX_CHILDREN} items`);
  }
  const children: AnyChildSpec[] = [];
  for (const [i, item] of list.entries()) {
    children.push(await childSpecOf(plane, item, `children[${i}]`));
  }
  const definition = await fromCore(() =>
    supervisor({ children, strategy, maxRestarts, withinMs })
  );
  const ref = await plane.guardian.start({ id: name, start: definition });
  return created(c, plane, ref);
}

async function childSpecOf(
  plane: Plane,
  item: unknown,
  where: string,
): Promise<AnyChildSpec> {
  const child = expectObject(item, where, [
    "id",
    "kind",
    "args",
    "restart",
    "shutdown",
  ]);
  const id = optionalName(child, "id", where);
  if (id === undefined) throw invalid(where, "id", "is required");
  const kindName = requiredString(child, "kind", where);
  const spec = kindOf(plane, kindName, where);
  const args = await argsOf(plane, kindName, child, where);
  const restart = optionalChoice(
    child,
    "restart",
    [
      "permanent",
      "transient",
      "temporary",
    ] as const,
    where,
  );
  const shutdown = child.shutdown;
  if (
    shutdown !== undefined && shutdown !== "brutal" &&
    shutdown !== "infinity" &&
    !(Number.isInteger(shutdown) && (shutdown as number) >= 0)
  ) {
    throw invalid(
      where,
      "shutdown",
      'must be a non-negative integer, "brutal" or "infinity"',
    );
  }
  return {
    id,
    start: spec.definition,
    args,
    mailbox: spec.mailbox ?? DEFAULT_HTTP_MAILBOX,
    ...(restart === undefined ? {} : { restart }),
    ...(shutdown === undefined ? {} : { shutdown: shutdown as number }),
  };
}

function kindOf(plane: Plane, name: string, where: string) {
  const spec = plane.catalog.get(name);
  if (spec === undefined) {
    throw new HttpError(
      404,
      "kind_not_found",
      `Unknown kind "${name}"${
        where === "" ? "" : ` in ${where}`
      }: known kinds are ${
        plane.catalog.names().map((n) => `"${n}"`).join(", ") || "none"
      }`,
    );
  }
  return spec;
}

async function argsOf(
  plane: Plane,
  kind: string,
  object: JsonObject,
  where: string,
): Promise<unknown> {
  const validator = plane.catalog.get(kind)?.args;
  const field = where === "" ? "args" : `${where}.args`;
  if (validator !== undefined) {
    return await validateOr422(
      validator,
      object.args,
      `${field} for kind "${kind}"`,
    );
  }
  if (object.args !== undefined) {
    throw invalid(
      where,
      "args",
      `is not accepted: kind "${kind}" takes no args`,
    );
  }
  return undefined;
}

function optionalName(
  object: JsonObject,
  key: string,
  where = "",
): string | undefined {
  const name = optionalString(object, key, where);
  if (name === undefined) return undefined;
  if (name.includes("/") || name.startsWith("$") || name.length > 200) {
    throw invalid(
      where,
      key,
      'must not contain "/", start with "$", or be longer than 200 characters',
    );
  }
  if (UNSAFE_NAME_CHARS.test(name)) {
    throw invalid(
      where,
      key,
      "must not contain control or bidirectional-override characters",
    );
  }
  return name;
}

/**
 * Control characters (C0, DEL, C1) and the bidirectional marks, embeddings,
 * overrides and isolates: invisible characters that make a name print as
 * another (the "Trojan Source" trick) or forge lines in logs.
 */
// deno-lint-ignore no-control-regex
const UNSAFE_NAME_CHARS = new RegExp(
  "[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]",
);

function dynamicAt(plane: Plane, path: string): AnyActorRef {
  const ref = plane.system.lookup(path);
  const info = ref === undefined ? undefined : inspect(plane.system, ref);
  if (ref === undefined || info === undefined) {
    throw new HttpError(404, "actor_not_found", `No actor at "${path}"`);
  }
  if (info.supervisor?.type !== "dynamic") {
    throw new HttpError(
      409,
      "not_a_dynamic_supervisor",
      `Cannot spawn under "${path}": it is not a dynamic supervisor`,
    );
  }
  return ref;
}

function created(c: Context, plane: Plane, ref: AnyActorRef): Response {
  c.header("location", actorUrl(ref.path));
  return c.json(actorJson(plane, ref.path, ref), 201);
}
