/**
 * Helpers for tests that run the fixture app in a real server on a free
 * loopback port.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import type { App } from "../../server.ts";
import { loadApp } from "../../src/server/load_app.ts";
import { currentRuntime } from "../../src/server/runtime.ts";
import { type RunningServer, startServer } from "../../src/server/start.ts";

/** The fixture app module. */
export const FIXTURE_APP = fileURLToPath(
  new URL("./_fixture_app/app.ts", import.meta.url),
);

/** The token the fixture servers use. */
export const TOKEN = "fixture-token-5f1e9a3c7b2d4e6f";

/**
 * The fixture app, loaded as `understudy serve` loads it.
 *
 * @returns The app.
 */
export function fixtureApp(): Promise<App> {
  return loadApp(currentRuntime(), FIXTURE_APP);
}

/**
 * Starts the fixture app on 127.0.0.1, a free port.
 *
 * @param shutdownTimeoutMs The grace period.
 * @returns The running server.
 */
export async function startFixture(
  shutdownTimeoutMs = 10_000,
): Promise<RunningServer> {
  return await startServer(currentRuntime(), {
    app: await fixtureApp(),
    host: "127.0.0.1",
    port: 0,
    token: TOKEN,
    shutdownTimeoutMs,
  });
}

/**
 * A JSON request with the token.
 *
 * @param base The server's URL.
 * @param method The method.
 * @param path The path.
 * @param body The JSON body, if any.
 * @returns The response.
 */
export function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(base + path, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
