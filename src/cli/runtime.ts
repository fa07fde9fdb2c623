/**
 * The runtime adapter: the only module of `src/cli` that touches `Deno.*`,
 * `Bun.*` or `process`. Everything else in the binary talks to a
 * {@linkcode CliRuntime}, so it stays web-standard and testable.
 *
 * Serving uses `Deno.serve` or `Bun.serve`; signals use
 * `Deno.addSignalListener` or `process.on`. Like ractor's single module that
 * knows the async runtime, adding a runtime means adding one implementation
 * here.
 *
 * @module
 */

/** A request handler, as Hono's `app.fetch` is. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Where to listen. */
export interface ListenOptions {
  /** The address to bind, such as `"127.0.0.1"` or `"::1"`. */
  readonly hostname: string;
  /** The TCP port; 0 lets the system pick a free one. */
  readonly port: number;
}

/** A listening HTTP server. */
export interface HttpServer {
  /** The bound address. */
  readonly hostname: string;
  /** The bound port (the real one when 0 was asked). */
  readonly port: number;
  /**
   * Stops accepting connections and resolves once the requests in flight
   * have finished (close long-lived streams first).
   */
  shutdown(): Promise<void>;
}

/** A termination signal the binary reacts to. */
export type TermSignal = "SIGINT" | "SIGTERM";

/** What the binary needs from its JavaScript runtime. */
export interface CliRuntime {
  /** `"deno"` or `"bun"`. */
  readonly name: string;
  /** The runtime's version, such as `"2.9.6"`. */
  readonly version: string;
  /** The command-line arguments after the program (and script) name. */
  readonly args: readonly string[];
  /**
   * Reads an environment variable.
   *
   * @param name The variable.
   * @returns Its value, or `undefined` when unset.
   */
  env(name: string): string | undefined;
  /**
   * Starts an HTTP server; it is listening when this returns.
   *
   * @param handler Answers each request.
   * @param options Address and port.
   * @returns The server.
   * @throws {Error} When the address cannot be bound.
   */
  serve(handler: FetchHandler, options: ListenOptions): HttpServer;
  /**
   * Calls `listener` on SIGINT or SIGTERM instead of exiting.
   *
   * @param listener Called with the signal's name.
   * @returns A function that removes the listener.
   */
  onSignal(listener: (signal: TermSignal) => void): () => void;
  /**
   * Writes one line to standard output.
   *
   * @param line The text, without a newline.
   */
  print(line: string): void;
  /**
   * Writes one line to standard error.
   *
   * @param line The text, without a newline.
   */
  printError(line: string): void;
  /**
   * Ends the process.
   *
   * @param code The exit status.
   */
  exit(code: number): never;
}

const SIGNALS: readonly TermSignal[] = ["SIGINT", "SIGTERM"];

interface BunServer {
  readonly hostname: string;
  readonly port: number;
  stop(closeActiveConnections?: boolean): Promise<void> | void;
  timeout?(request: Request, seconds: number): void;
}

interface BunLike {
  readonly version: string;
  readonly argv: readonly string[];
  readonly env: Record<string, string | undefined>;
  serve(options: {
    hostname: string;
    port: number;
    idleTimeout: number;
    fetch(request: Request, server: BunServer): Promise<Response>;
  }): BunServer;
}

interface ProcessLike {
  on(signal: string, listener: () => void): void;
  off(signal: string, listener: () => void): void;
  exit(code: number): never;
}

/**
 * The adapter for the runtime this code runs on.
 *
 * @returns The Deno or Bun adapter.
 * @throws {Error} On any other runtime.
 * @example
 * ```ts
 * import { currentRuntime } from "./runtime.ts";
 * console.assert(["deno", "bun"].includes(currentRuntime().name));
 * ```
 */
export function currentRuntime(): CliRuntime {
  const host = globalThis as { Bun?: BunLike; process?: ProcessLike };
  if (host.Bun !== undefined && host.process !== undefined) {
    return bunRuntime(host.Bun, host.process);
  }
  if (typeof Deno !== "undefined") return denoRuntime();
  throw new Error("Cannot start understudy: it runs on Deno or Bun");
}

function lines(): Pick<CliRuntime, "print" | "printError"> {
  return {
    print: (line) => console.log(line),
    printError: (line) => console.error(line),
  };
}

function denoRuntime(): CliRuntime {
  return {
    name: "deno",
    version: Deno.version.deno,
    args: [...Deno.args],
    env: (name) => Deno.env.get(name),
    serve(handler, options) {
      const server = Deno.serve({
        hostname: options.hostname,
        port: options.port,
        onListen: () => {},
      }, handler);
      return {
        hostname: server.addr.hostname,
        port: server.addr.port,
        shutdown: () => server.shutdown(),
      };
    },
    onSignal(listener) {
      const handlers = SIGNALS.map((signal) => {
        const handler = () => listener(signal);
        Deno.addSignalListener(signal, handler);
        return () => Deno.removeSignalListener(signal, handler);
      });
      return () => handlers.forEach((remove) => remove());
    },
    ...lines(),
    exit: (code) => Deno.exit(code),
  };
}

function bunRuntime(bun: BunLike, process: ProcessLike): CliRuntime {
  return {
    name: "bun",
    version: bun.version,
    args: bun.argv.slice(2),
    env: (name) => bun.env[name],
    serve(handler, options) {
      const server = bun.serve({
        hostname: options.hostname,
        port: options.port,
        // Bun closes connections idle for 10 s by default; an event stream
        // is idle between events, so streams opt out below.
        idleTimeout: 30,
        async fetch(request, server) {
          const response = await handler(request);
          const type = response.headers.get("content-type") ?? "";
          if (type.startsWith("text/event-stream")) {
            server.timeout?.(request, 0);
          }
          return response;
        },
      });
      return {
        hostname: server.hostname,
        port: server.port,
        shutdown: async () => await server.stop(),
      };
    },
    onSignal(listener) {
      const handlers = SIGNALS.map((signal) => {
        const handler = () => listener(signal);
        process.on(signal, handler);
        return () => process.off(signal, handler);
      });
      return () => handlers.forEach((remove) => remove());
    },
    ...lines(),
    exit: (code) => process.exit(code),
  };
}
