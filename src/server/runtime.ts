/**
 * The host adapter: the only module of `src/server` and `src/cli` that
 * touches `Deno.*`, `Bun.*`, `process` or `node:*`. Everything else talks to
 * a {@linkcode HostRuntime}, so it stays web-standard and testable with a
 * fake.
 *
 * Serving uses `Deno.serve` or `Bun.serve` (production mode: Bun's
 * development error page is off, and an error that escapes the handler is a
 * JSON 500 without a stack, logged on standard error); signals use
 * `Deno.addSignalListener` or `process.on`; files use `node:fs`. Like
 * ractor's single module that knows the async runtime, adding a runtime
 * means adding one implementation here.
 *
 * @module
 */

import { mkdir, readdir, writeFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

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

/** A termination signal the server reacts to. */
export type TermSignal = "SIGINT" | "SIGTERM";

/** Modules a run-time loaded app may import by name, by specifier. */
export type SelfModules = Readonly<Record<string, Record<string, unknown>>>;

/** What the server and the CLI need from their JavaScript runtime. */
export interface HostRuntime {
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
   * Imports a module by file path at run time (TypeScript included: Deno
   * and Bun, the Bun-compiled binary too, transpile it on load). On Bun,
   * `self` is registered first as virtual modules, so the module's imports
   * of the package by name get this very copy of it.
   *
   * @param path The file, absolute or relative to the working directory.
   * @param self The package's own modules by specifier.
   * @returns The module namespace.
   */
  importModule(path: string, self: SelfModules): Promise<unknown>;
  /**
   * Lists a directory.
   *
   * @param path The directory.
   * @returns Its entries' names, or `null` when it does not exist.
   */
  readDir(path: string): Promise<string[] | null>;
  /**
   * Writes a text file, creating its parent directories.
   *
   * @param path The file, relative paths against the working directory.
   * @param text Its content.
   */
  writeTextFile(path: string, text: string): Promise<void>;
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

interface BunPluginBuilder {
  module(
    specifier: string,
    load: () => { exports: Record<string, unknown>; loader: "object" },
  ): void;
}

interface BunLike {
  readonly version: string;
  readonly argv: readonly string[];
  readonly env: Record<string, string | undefined>;
  serve(options: {
    hostname: string;
    port: number;
    idleTimeout: number;
    development: boolean;
    reusePort: boolean;
    fetch(request: Request, server: BunServer): Promise<Response>;
    error(error: Error): Response;
  }): BunServer;
  plugin(plugin: { name: string; setup(build: BunPluginBuilder): void }): void;
}

interface ProcessLike {
  on(signal: string, listener: () => void): void;
  off(signal: string, listener: () => void): void;
  exit(code: number): never;
  cwd(): string;
}

/**
 * The adapter for the runtime this code runs on.
 *
 * @returns The Deno or Bun adapter.
 * @throws {Error} On any other runtime.
 * @example
 * ```ts
 * import { currentRuntime } from "@understudy/runtime/server";
 * console.assert(["deno", "bun"].includes(currentRuntime().name));
 * ```
 */
export function currentRuntime(): HostRuntime {
  const host = globalThis as { Bun?: BunLike; process?: ProcessLike };
  if (host.Bun !== undefined && host.process !== undefined) {
    return bunRuntime(host.Bun, host.process);
  }
  if (typeof Deno !== "undefined") return denoRuntime();
  throw new Error("Cannot start understudy: it runs on Deno or Bun");
}

/**
 * The answer to an error that escaped every handler: a JSON 500 without a
 * stack; the error itself goes to standard error only.
 *
 * @param error What was thrown.
 * @returns The response.
 */
export function internalError(error: unknown): Response {
  console.error("understudy: unexpected error while serving a request:", error);
  return Response.json(
    { error: { code: "internal", message: "Internal server error" } },
    { status: 500 },
  );
}

function common(cwd: () => string): Pick<
  HostRuntime,
  "print" | "printError" | "readDir" | "writeTextFile"
> {
  const at = (path: string) => isAbsolute(path) ? path : join(cwd(), path);
  return {
    print: (line) => console.log(line),
    printError: (line) => console.error(line),
    async readDir(path) {
      try {
        return await readdir(at(path));
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return null;
        throw error;
      }
    },
    async writeTextFile(path, text) {
      const file = at(path);
      await mkdir(resolve(file, ".."), { recursive: true });
      await writeFile(file, text);
    },
  };
}

function fileUrl(cwd: string, path: string): string {
  return pathToFileURL(resolve(cwd, path)).href;
}

function denoRuntime(): HostRuntime {
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
        onError: internalError,
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
    // Deno resolves the module's imports with the import map of the
    // deno.json it finds from the working directory.
    importModule: (path) => import(fileUrl(Deno.cwd(), path)),
    ...common(() => Deno.cwd()),
    exit: (code) => Deno.exit(code),
  };
}

function bunRuntime(bun: BunLike, process: ProcessLike): HostRuntime {
  let registered = false;
  return {
    name: "bun",
    version: bun.version,
    args: bun.argv.slice(2),
    env: (name) => bun.env[name],
    serve(handler, options) {
      const server = bun.serve({
        hostname: options.hostname,
        port: options.port,
        // Production mode: no development error page with source lines.
        development: false,
        // A port in use is an error, as on Deno: in production mode Bun
        // would otherwise share it with the server already there, and split
        // the requests between the two.
        reusePort: false,
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
        error: internalError,
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
    importModule(path, self) {
      if (!registered) {
        registered = true;
        bun.plugin({
          name: "understudy-self",
          setup(build) {
            for (const [specifier, exports] of Object.entries(self)) {
              build.module(specifier, () => ({ exports, loader: "object" }));
            }
          },
        });
      }
      return import(fileUrl(process.cwd(), path));
    },
    ...common(() => process.cwd()),
    exit: (code) => process.exit(code),
  };
}
