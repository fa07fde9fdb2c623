/**
 * The shape of a user's system as the server hosts it: the catalog of kinds
 * clients may spawn over HTTP, and the initial supervision tree.
 *
 * An app module's default export is an {@linkcode App}, best written with
 * {@linkcode defineApp} so that TypeScript checks it. The actors `start`
 * spawns are the app's own top-level tree: when a failure escalates out of
 * it to the root guardian, the process exits 1 (as an OTP application that
 * is `permanent`). Actors created over the HTTP API live under their own
 * guardian and never take the process down.
 *
 * @module
 */

import type { ActorSystem } from "../core/actor_system.ts";
import { Catalog } from "../http/catalog.ts";

/** What `start` may use besides the system. */
export interface AppContext {
  /**
   * Writes one line to standard output, unless the server runs with
   * `--quiet`.
   *
   * @param line The text, without a newline.
   */
  log(line: string): void;
  /**
   * Reads an environment variable.
   *
   * @param name The variable.
   * @returns Its value, or `undefined` when unset.
   */
  env(name: string): string | undefined;
}

/** A user's system, as the server hosts it. */
export interface App {
  /** The app's name, shown in the start-up line. Defaults to `"app"`. */
  readonly name?: string;
  /**
   * The kinds clients may spawn, tell and ask over HTTP. Defaults to an
   * empty catalog: the API can inspect the tree but spawn nothing.
   */
  readonly catalog?: Catalog;
  /**
   * Spawns the app's initial tree; runs once, after the control plane
   * exists (so its events can be replayed) and before the server listens.
   * A start that throws or rejects stops the server before it listens (exit
   * status 1). Defaults to starting nothing.
   *
   * @param system The system to spawn into.
   * @param context Logging and the environment.
   */
  start?(system: ActorSystem, context: AppContext): void | Promise<void>;
}

/**
 * Checks and returns an app definition: an identity function that gives the
 * object its type and fails early on a malformed one.
 *
 * @param app The catalog and the initial tree.
 * @returns The same app, frozen.
 * @throws {TypeError} When a field has the wrong type.
 * @example An app with one kind and one top-level actor
 * ```ts
 * import { defineActor } from "@understudy/runtime";
 * import { Catalog } from "@understudy/runtime/http";
 * import { defineApp } from "@understudy/runtime/server";
 *
 * export const echo = defineActor({
 *   kind: "echo",
 *   init: () => null,
 *   receive: (_: null, msg: string) => console.log(msg),
 * });
 * export default defineApp({
 *   name: "echo",
 *   catalog: new Catalog().register("echo", {
 *     definition: echo,
 *     message: (x) => typeof x === "string" ? { value: x } : { issues: [{ message: "must be a string" }] },
 *   }),
 *   start(system) {
 *     system.spawn(echo, { name: "echo" });
 *   },
 * });
 * ```
 */
export function defineApp(app: App): App {
  const problem = appProblem(app);
  if (problem !== null) throw new TypeError(`Invalid app: ${problem}`);
  return Object.freeze({ ...app });
}

/**
 * What is wrong with a value that should be an {@linkcode App}.
 *
 * @param value The candidate.
 * @returns The problem, or `null` when it is an app.
 */
export function appProblem(value: unknown): string | null {
  if (value === null || typeof value !== "object") {
    return "expected an object with catalog and start";
  }
  const app = value as Record<string, unknown>;
  const known = ["name", "catalog", "start"];
  const unknown = Object.keys(app).find((key) => !known.includes(key));
  if (unknown !== undefined) {
    return `unknown field "${unknown}": allowed are ${
      known.map((k) => `"${k}"`).join(", ")
    }`;
  }
  if (app.name !== undefined && typeof app.name !== "string") {
    return "name must be a string";
  }
  if (app.catalog !== undefined && !(app.catalog instanceof Catalog)) {
    return "catalog must be a Catalog from @understudy/runtime/http" +
      " (a second copy of the package gives a different Catalog class)";
  }
  if (app.start !== undefined && typeof app.start !== "function") {
    return "start must be a function";
  }
  return null;
}
