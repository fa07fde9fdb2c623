/**
 * Running a server until it is told to stop: picks the token, starts the
 * server, prints where it listens, and waits for SIGINT/SIGTERM (graceful
 * shutdown, exit 0) or an escalation out of the app's own tree that reached
 * the root guardian (exit 1). Either way it prints a final summary.
 *
 * @module
 */

import { generateToken } from "../http/auth.ts";
import type { App } from "./app.ts";
import type { HostRuntime } from "./runtime.ts";
import { resolveToken, type ServeArgs } from "./serve_args.ts";
import { AppStartError, type RunningServer, startServer } from "./start.ts";
import { summaryLine } from "./tally.ts";
import { UsageError } from "./usage_error.ts";
import { clusterJoin } from "./cluster_flags.ts";

interface Ending {
  readonly code: number;
  readonly why: string;
}

/**
 * Serves `app` until a signal or an escalation ends it.
 *
 * Prints, on standard output: `understudy listening on http://HOST:PORT`
 * once listening (exactly one such line), then `dashboard: URL`. A generated
 * token is printed once (`token: ...`) and put in the dashboard URL's
 * fragment; a token given by flag or environment is never echoed. At the
 * end it prints `summary: processed N messages; ...`.
 *
 * @param runtime The host adapter.
 * @param args The parsed serve arguments.
 * @param app The app to host.
 * @param label How the start-up line names the app, such as `app "shop"`.
 * @returns The exit status: 0 after a signal, 1 after an escalation, a
 * failed app start or when the address cannot be bound.
 * @throws {UsageError} When binding a non-loopback host without a given token,
 * or when `UNDERSTUDY_TOKEN` is malformed.
 */
export async function runServer(
  runtime: HostRuntime,
  args: ServeArgs,
  app: App,
  label: string,
): Promise<number> {
  const { token, source } = resolveToken(
    args.token,
    runtime.env("UNDERSTUDY_TOKEN"),
    generateToken,
  );
  // Listen for signals before listening for requests: once the start-up
  // line is out, a SIGTERM must mean a graceful shutdown.
  const cluster = clusterJoin(args, (name) => runtime.env(name));
  const signal = onceSignal(runtime);
  let server: RunningServer;
  try {
    server = await startServer(runtime, {
      app,
      host: args.host,
      port: args.port,
      token,
      tokenGiven: source !== "generated",
      allowFaultInjection: args.allowFaultInjection,
      maxSpawned: args.maxSpawned,
      maxSupervisors: args.maxSupervisors,
      shutdownTimeoutMs: args.shutdownTimeoutMs,
      cluster,
      log: args.quiet ? undefined : (line) => runtime.print(line),
    });
  } catch (error) {
    signal.off();
    if (error instanceof UsageError) throw error;
    const message = (error as Error)?.message ?? String(error);
    runtime.printError(
      error instanceof AppStartError
        ? `understudy: ${message}`
        : `understudy: Cannot listen on "${args.host}" port ${args.port}: ${message}`,
    );
    return 1;
  }
  runtime.print(`understudy listening on ${server.url}`);
  runtime.print(`serving ${label}`);
  if (server.cluster !== undefined) {
    runtime.print(
      `cluster: node "${server.cluster.name}" of "${server.cluster.cluster}"`,
    );
  }
  if (source === "generated") {
    runtime.print(`token: ${token}`);
    runtime.print(
      `dashboard: ${server.url}/#token=${encodeURIComponent(token)}`,
    );
  } else {
    runtime.print(
      `dashboard: ${server.url}/ (append #token=<your token> to sign in)`,
    );
  }
  const ending = await Promise.race([signal.received, escalation(server)]);
  signal.off();
  const grace = args.shutdownTimeoutMs;
  runtime.printError(
    `understudy: ${ending.why}; shutting down (grace period ${grace} ms)`,
  );
  const force = runtime.onSignal((signal) => {
    runtime.printError(`understudy: ${signal} again; exiting at once`);
    runtime.exit(1);
  });
  try {
    const { drain, figures } = await server.shutdown(grace);
    if (!drain.drained) {
      runtime.printError(
        `understudy: grace period over with ${drain.left} queued message${
          drain.left === 1 ? "" : "s"
        } not handled; stopping the tree`,
      );
    }
    runtime.print(`summary: ${summaryLine(figures)}`);
  } finally {
    force();
  }
  runtime.printError("understudy: stopped");
  return ending.code;
}

function onceSignal(
  runtime: HostRuntime,
): { received: Promise<Ending>; off: () => void } {
  const { promise, resolve } = Promise.withResolvers<Ending>();
  const off = runtime.onSignal((signal) => {
    off();
    resolve({ code: 0, why: `received ${signal}` });
  });
  return { received: promise, off };
}

function escalation(server: RunningServer): Promise<Ending> {
  return server.system.terminated.then((termination) => {
    if (termination.cause !== "escalation") return new Promise<never>(() => {});
    const error = termination.error;
    return {
      code: 1,
      why: `a failure escalated to the root guardian (${
        error instanceof Error ? error.message : String(error)
      })`,
    };
  });
}
