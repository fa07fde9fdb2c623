/**
 * A running server, built: an actor system hosting an app, the Hono control
 * plane over it, and an HTTP server from the host adapter behind a
 * {@linkcode Gate}. {@linkcode startServer} is the part tests run
 * in-process; `serve()` adds the command line, the token, the start-up
 * lines, signals and the exit status.
 *
 * A graceful shutdown follows OTP's application stop, with a drain first:
 * stop accepting (new requests get 503, event streams end), let the mail
 * queued so far be handled within the grace period, stop listening, then
 * stop the actor tree children first, in reverse start order.
 *
 * @module
 */

import { ActorSystem } from "../core/actor_system.ts";
import { Catalog } from "../http/catalog.ts";
import { checkBindSafety, createControlPlane } from "../http/app.ts";
import type { App } from "./app.ts";
import { drainMailboxes, type DrainResult } from "./drain.ts";
import { Gate } from "./gate.ts";
import { OpenStreams } from "./open_streams.ts";
import type { HostRuntime } from "./runtime.ts";
import { Tally, type TallyFigures } from "./tally.ts";
import { UsageError } from "./usage_error.ts";
import { VERSION } from "./version.ts";
import type { ClusterNode } from "../cluster/cluster_node.ts";
import { joinCluster } from "../cluster/join_cluster.ts";
import type { ClusterJoin } from "./cluster_flags.ts";

/** The app's `start` threw or rejected; nothing was served. */
export class AppStartError extends Error {
  /**
   * Creates the error.
   *
   * @param message What went wrong, in the Deno std style.
   * @param options The underlying cause.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AppStartError";
  }
}

/** Options for {@linkcode startServer}. */
export interface StartOptions {
  /** The app to host. */
  readonly app: App;
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
  /** Whether fault injection is allowed. Defaults to `false`. */
  readonly allowFaultInjection?: boolean;
  /**
   * The most actors clients keep in `/api/spawned` (the control plane's
   * `maxSpawned`). Defaults to 100,000.
   */
  readonly maxSpawned?: number;
  /**
   * The most supervisors clients keep under `/api` (the control plane's
   * `maxSupervisors`). Defaults to 1,000.
   */
  readonly maxSupervisors?: number;
  /** Where the app's log lines go. Defaults to nowhere. */
  readonly log?: (line: string) => void;
  /**
   * The grace period of {@linkcode RunningServer.close}, in milliseconds.
   * Defaults to 10000.
   */
  readonly shutdownTimeoutMs?: number;
  /** Join a cluster over NATS (see `--cluster`). Defaults to none. */
  readonly cluster?: ClusterJoin;
}

/** What a graceful shutdown did. */
export interface ShutdownReport {
  /** How the drain of queued mail ended. */
  readonly drain: DrainResult;
  /** Messages processed and dead letters over the system's life. */
  readonly figures: TallyFigures;
}

/** A running server. */
export interface RunningServer {
  /** The base URL, such as `"http://127.0.0.1:8080"`. */
  readonly url: string;
  /** The bound port. */
  readonly port: number;
  /** The actor system it serves. */
  readonly system: ActorSystem;
  /** The cluster node, when the server joined a cluster. */
  readonly cluster?: ClusterNode;
  /**
   * Shuts down gracefully: new requests get 503 and event streams end, the
   * mail queued so far is handled within `graceMs`, the server stops
   * listening, and the actor tree stops in order. Calling it again returns
   * the same promise.
   *
   * @param graceMs The longest drain, in milliseconds. Defaults to the
   * `shutdownTimeoutMs` option.
   * @returns What the shutdown did.
   */
  shutdown(graceMs?: number): Promise<ShutdownReport>;
  /**
   * The same as {@linkcode RunningServer.shutdown} with the default grace.
   *
   * @returns Resolves when the system has terminated.
   */
  close(): Promise<void>;
}

/**
 * Builds the system and the control plane, starts the app and listens.
 *
 * @param runtime The host adapter (its `serve`, `env`, `name` and `version`).
 * @param options The app, address, token and settings.
 * @returns The running server, listening.
 * @throws {UsageError} When binding a non-loopback host without a given token.
 * @throws {AppStartError} When the app's `start` fails (the system is shut
 * down first).
 * @throws {Error} When the address cannot be bound (the system is shut down
 * first).
 */
export async function startServer(
  runtime: Pick<HostRuntime, "serve" | "env" | "name" | "version">,
  options: StartOptions,
): Promise<RunningServer> {
  try {
    checkBindSafety(options.host, options.tokenGiven ?? true, options.token);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const app = options.app;
  const system = new ActorSystem({ name: app.name ?? "understudy" });
  const tally = new Tally(system);
  let cluster: ClusterNode | undefined;
  if (options.cluster !== undefined) {
    try {
      cluster = await joinCluster({ ...options.cluster, system });
    } catch (error) {
      await system.shutdown();
      throw new AppStartError(
        `Cannot join the cluster through ${
          [options.cluster.servers ?? "nats://127.0.0.1:4222"].flat().join(",")
        }: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
  // Known once the server listens; `/v1/cluster` reports it as the address.
  const listening: { url?: string } = {};
  const plane = createControlPlane({
    cluster,
    address: () => listening.url,
    system,
    catalog: app.catalog ?? new Catalog(),
    token: options.token,
    allowFaultInjection: options.allowFaultInjection ?? false,
    maxSpawned: options.maxSpawned,
    maxSupervisors: options.maxSupervisors,
    version: VERSION,
    runtime: { name: runtime.name, version: runtime.version },
  });
  const gate = new Gate();
  const streams = new OpenStreams();
  let http;
  try {
    // The control plane subscribes to events at once: starting the app
    // after it keeps the start-up in the replay buffer (and on the
    // dashboard).
    try {
      await app.start?.(system, {
        log: options.log ?? (() => {}),
        env: (name) => runtime.env(name),
      });
    } catch (error) {
      throw new AppStartError(
        `App "${app.name ?? "app"}" failed to start: ${
          error instanceof Error ? error.message : String(error)
        }`,
        { cause: error },
      );
    }
    http = runtime.serve(
      gate.wrap(streams.wrap((request) => plane.fetch(request))),
      { hostname: options.host, port: options.port },
    );
  } catch (error) {
    await system.shutdown();
    throw error;
  }
  const server = http;
  const url = listening.url = `http://${
    urlHost(server.hostname)
  }:${server.port}`;
  const defaultGrace = options.shutdownTimeoutMs ?? 10_000;
  let shutting: Promise<ShutdownReport> | null = null;
  const shutdown = (graceMs = defaultGrace) =>
    shutting ??= (async () => {
      gate.close();
      streams.closeAll();
      const drain = await drainMailboxes(system, graceMs);
      await within(server.shutdown(), Math.max(1000, graceMs - drain.ms));
      await system.shutdown();
      return { drain, figures: tally.figures() };
    })();
  return {
    url,
    port: server.port,
    system,
    cluster,
    shutdown,
    close: async () => void await shutdown(),
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
