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
import { readBody } from "./body.ts";
import { SpawnActorBody, SpawnSupervisorBody } from "./request_shapes.ts";
import { invalid } from "./shape.ts";
import { fromCore, HttpError } from "./errors.ts";
import { actorJson } from "./_find_actor.ts";
import type { Plane } from "./_plane.ts";

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
  const body = await readBody(c, SpawnActorBody);
  const spec = kindOf(plane, body.kind, "");
  const args = await argsOf(plane, body.kind, body.args, "");
  const where = body.supervisor;
  const parent = where === undefined
    ? await plane.guardian.pool()
    : dynamicAt(plane, where.startsWith("/") ? where : `/${where}`);
  const start = spec.definition;
  const mailbox = spec.mailbox ?? DEFAULT_HTTP_MAILBOX;
  const child = await startOrThrow(
    parent,
    body.name === undefined
      ? { start, args, mailbox }
      : { id: body.name, start, args, mailbox },
  );
  return created(c, plane, child);
}

async function spawnSupervisor(c: Context, plane: Plane): Promise<Response> {
  const body = await readBody(c, SpawnSupervisorBody);
  const children: AnyChildSpec[] = [];
  for (const [i, child] of body.children.entries()) {
    const where = `children[${i}]`;
    const spec = kindOf(plane, child.kind, where);
    children.push({
      id: child.id,
      start: spec.definition,
      args: await argsOf(plane, child.kind, child.args, where),
      mailbox: spec.mailbox ?? DEFAULT_HTTP_MAILBOX,
      ...(child.restart === undefined ? {} : { restart: child.restart }),
      ...(child.shutdown === undefined
        ? {}
        : { shutdown: child.shutdown as number }),
    });
  }
  const { strategy, maxRestarts, withinMs } = body;
  const definition = await fromCore(() =>
    supervisor({ children, strategy, maxRestarts, withinMs })
  );
  const ref = await plane.guardian.start({ id: body.name, start: definition });
  return created(c, plane, ref);
}

function kindOf(plane: Plane, name: string, where: string) {
  const spec = plane.catalog.get(name);
  if (spec === undefined) {
    throw new HttpError(
      404,
      "kind_not_found",
      `Unknown kind "${name.slice(0, 100)}"${
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
  args: unknown,
  where: string,
): Promise<unknown> {
  const validator = plane.catalog.get(kind)?.args;
  const field = where === "" ? "args" : `${where}.args`;
  if (validator !== undefined) {
    return await validateOr422(validator, args, `${field} for kind "${kind}"`);
  }
  if (args !== undefined) {
    throw invalid(field, `is not accepted: kind "${kind}" takes no args`);
  }
  return undefined;
}

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
