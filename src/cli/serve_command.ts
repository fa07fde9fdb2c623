/**
 * The `understudy serve` command: picks the token, starts the server, prints
 * where it listens, and waits for SIGINT/SIGTERM (exit 0) or an escalation
 * that reached the root guardian (exit 1).
 *
 * @module
 */

import { generateToken } from "../../http.ts";
import { resolveToken, type ServeArgs, UsageError } from "./args.ts";
import type { CliRuntime } from "./runtime.ts";
import { type RunningServer, startServer } from "./serve.ts";

interface Ending {
  readonly code: number;
  readonly why: string;
}

/**
 * Runs `understudy serve` until a signal or an escalation ends it.
 *
 * Prints, on standard output: `understudy listening on http://HOST:PORT`
 * once listening (exactly one such line), then `dashboard: URL`. A generated
 * token is printed once (`token: ...`) and included in the dashboard URL's
 * fragment; a token given by flag or environment is never echoed.
 *
 * @param runtime The runtime adapter.
 * @param args The parsed `serve` arguments.
 * @returns The exit status: 0 after a signal, 1 after an escalation or when
 * the address cannot be bound.
 * @throws {UsageError} When binding a non-loopback host without a given token,
 * or when `UNDERSTUDY_TOKEN` is malformed.
 */
export async function runServe(
  runtime: CliRuntime,
  args: ServeArgs,
): Promise<number> {
  const { token, source } = resolveToken(
    args.token,
    runtime.env("UNDERSTUDY_TOKEN"),
    generateToken,
  );
  // Listen for signals before listening for requests: once the start-up
  // line is out, a SIGTERM must mean a graceful shutdown.
  const signal = onceSignal(runtime);
  let server: RunningServer;
  try {
    server = await startServer(runtime, {
      host: args.host,
      port: args.port,
      token,
      tokenGiven: source !== "generated",
      demo: args.demo,
      allowFaultInjection: args.allowFaultInjection,
      log: args.quiet ? undefined : (line) => runtime.print(line),
    });
  } catch (error) {
    signal.off();
    if (error instanceof UsageError) throw error;
    runtime.printError(
      `understudy: Cannot listen on "${args.host}" port ${args.port}: ${
        (error as Error)?.message ?? error
      }`,
    );
    return 1;
  }
  runtime.print(`understudy listening on ${server.url}`);
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
  runtime.printError(`understudy: ${ending.why}; shutting down`);
  const force = runtime.onSignal((signal) => {
    runtime.printError(`understudy: ${signal} again; exiting at once`);
    runtime.exit(1);
  });
  try {
    await server.close();
  } finally {
    force();
  }
  runtime.printError("understudy: stopped");
  return ending.code;
}

function onceSignal(
  runtime: CliRuntime,
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
