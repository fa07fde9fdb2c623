/**
 * In-process serving of an embedded demo, for tests that drive the real
 * control plane (the dashboard's browser test): {@linkcode startServer}
 * with a demo chosen by name.
 *
 * @module
 */

import {
  type RunningServer,
  type StartOptions as AppStartOptions,
  startServer as startApp,
} from "../../server.ts";
import type { HostRuntime } from "../server/runtime.ts";
import { tradingApp } from "./demos.ts";

export type { RunningServer };

/** Options for {@linkcode startServer}: those of the server, a demo for the app. */
export interface StartOptions extends Omit<AppStartOptions, "app"> {
  /** The embedded demo. Defaults to `"trading"`. */
  readonly demo?: "trading" | "none";
}

/**
 * Starts a server over an embedded demo.
 *
 * @param runtime The host adapter.
 * @param options Address, token, demo and settings.
 * @returns The running server, listening.
 */
export function startServer(
  runtime: Pick<HostRuntime, "serve" | "env" | "name" | "version">,
  options: StartOptions,
): Promise<RunningServer> {
  const app = (options.demo ?? "trading") === "trading" ? tradingApp() : {};
  return startApp(runtime, { ...options, app });
}
