/**
 * `understudy serve`, wired: an actor system with the embedded demo, a
 * catalog, the Hono control plane, and an HTTP server from the runtime
 * adapter. {@linkcode startServer} is the part tests run in-process;
 * {@linkcode runServe} adds the token, the start-up lines, signals and the
 * exit status.
 *
 * Shutdown follows OTP's application stop: stop accepting requests (open
 * event streams are ended so the server can drain), then stop the actor tree
 * children first, in reverse start order.
 *
 * @module
 */

import { ActorSystem } from "../../mod.ts";
import { Catalog, checkBindSafety, createControlPlane } from "../../http.ts";
import {
  registerTradingKinds,
  tradingSystem,
} from "../../examples/trading/mod.ts";
import { OpenStreams } from "./_open_streams.ts";
import { type Demo, UsageError } from "./args.ts";
import type { CliRuntime } from "./runtime.ts";
import { VERSION } from "./version.ts";

/** Options for {@linkcode startServer}. */
export interface StartOptions {
  /** The address to bind. */
  readonly host: string;
  /** The TCP port; 0 picks a free one. */
  readonly port: number;
  /** The bearer token every `/v1` route requires. */
  readonly token: string;
  /**
   * Whether an operator chose the token (flag or environment). Binding a
   * non-loopback address requires it. Defaults to `true`.
   */
  readonly tokenGiven?: boolean;
  /** The embedded demo. Defaults to `"trading"`. */
  readonly demo?: Demo;
  /** Whether fault injection is allowed. Defaults to `false`. */
  readonly allowFaultInjection?: boolean;
  /** Where the demo's log lines go. Defaults to nowhere. */
  readonly log?: (line: string) => void;
  /**
   * How long shutdown waits for requests in flight before stopping the
   * actors anyway, in milliseconds. Defaults to 5000.
   */
  readonly drainMs?: number;
}

/** A running control plane. */
export interface RunningServer {
  /** The base URL, such as `"http://127.0.0.1:8080"`. */
  readonly url: string;
  /** The bound port. */
  readonly port: number;
  /** The actor system it serves. */
  readonly system: ActorSystem;
  /**
   * Stops accepting requests, ends event streams, waits for requests in
   * flight (at most `drainMs`), then shuts the actor system down. Calling it
   * again returns the same promise.
   *
   * @returns Resolves when the system has terminated.
   */
  close(): Promise<void>;
}

/**
 * Builds the system and control plane and starts listening.
 *
 * @param runtime The runtime adapter (its `serve`, `name` and `version`).
 * @param options Address, token, demo and fault injection.
 * @returns The running server, listening.
 * @throws {UsageError} When binding a non-loopback host without a given token.
 * @throws {Error} When the address cannot be bound (the system is shut down
 * first).
 */
export async function startServer(
  runtime: Pick<CliRuntime, "serve" | "name" | "version">,
  options: StartOptions,
): Promise<RunningServer> {
  try {
    checkBindSafety(options.host, options.tokenGiven ?? true);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const system = new ActorSystem({ name: "understudy" });
  const catalog = new Catalog();
  const demo = (options.demo ?? "trading") === "trading";
  if (demo) registerTradingKinds(catalog);
  const app = createControlPlane({
    system,
    catalog,
    token: options.token,
    allowFaultInjection: options.allowFaultInjection ?? false,
    version: VERSION,
    runtime: { name: runtime.name, version: runtime.version },
  });
  // The control plane subscribes to events at once: spawning after it keeps
  // the demo's start-up in the replay buffer (and on the dashboard).
  if (demo) {
    const log = options.log ?? (() => {});
    system.spawn(tradingSystem({ continuous: true, log }), { name: "trading" });
  }
  const streams = new OpenStreams();
  let http;
  try {
    http = runtime.serve(streams.wrap((request) => app.fetch(request)), {
      hostname: options.host,
      port: options.port,
    });
  } catch (error) {
    await system.shutdown();
    throw error;
  }
  const server = http;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost(server.hostname)}:${server.port}`,
    port: server.port,
    system,
    close() {
      return closing ??= (async () => {
        streams.closeAll();
        await within(server.shutdown(), options.drainMs ?? 5000);
        await system.shutdown();
      })();
    },
  };
}

/**
 * A host as it appears in a URL: IPv6 addresses in brackets.
 *
 * @param host A host name or address.
 * @returns The URL form.
 */
export function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

async function within(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([promise.catch(() => {}), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
