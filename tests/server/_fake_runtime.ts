/**
 * A fake {@linkcode HostRuntime} for in-process tests of the binary: serving
 * captures the handler instead of opening a socket, signals are raised by
 * hand, output lines are recorded, files live in a map, and modules are
 * imported for real.
 *
 * @module
 */

import {
  currentRuntime,
  type FetchHandler,
  type HostRuntime,
  type HttpServer,
  type ListenOptions,
  type SelfModules,
  type TermSignal,
} from "../../src/server/runtime.ts";

/** A runtime that serves nothing and records everything. */
export class FakeRuntime implements HostRuntime {
  readonly name = "fake";
  readonly version = "0.0.0";
  readonly args: readonly string[];
  /** Lines printed to standard output. */
  readonly out: string[] = [];
  /** Lines printed to standard error. */
  readonly err: string[] = [];
  /** Files written, by path. */
  readonly files = new Map<string, string>();
  /** The options `serve` was called with. */
  listen: ListenOptions | undefined;
  /** How many times the server was shut down. */
  shutdowns = 0;
  /** Makes `serve` throw this, when set. */
  serveError: Error | undefined;
  readonly #env: Record<string, string>;
  readonly #signals = new Set<(signal: TermSignal) => void>();
  readonly #handler = Promise.withResolvers<FetchHandler>();
  readonly #waiters: { pattern: RegExp; resolve: (line: string) => void }[] =
    [];
  readonly #errWaiters: {
    pattern: RegExp;
    resolve: (line: string) => void;
  }[] = [];

  /**
   * @param args The command line.
   * @param env The environment.
   */
  constructor(args: readonly string[], env: Record<string, string> = {}) {
    this.args = args;
    this.#env = env;
  }

  /** Resolves with the request handler once `serve` was called. */
  get handler(): Promise<FetchHandler> {
    return this.#handler.promise;
  }

  /** How many signal listeners are installed. */
  get signalListeners(): number {
    return this.#signals.size;
  }

  env(name: string): string | undefined {
    return this.#env[name];
  }

  serve(handler: FetchHandler, options: ListenOptions): HttpServer {
    if (this.serveError !== undefined) throw this.serveError;
    this.listen = options;
    this.#handler.resolve(handler);
    return {
      hostname: options.hostname,
      port: options.port === 0 ? 40123 : options.port,
      shutdown: () => {
        this.shutdowns++;
        return Promise.resolve();
      },
    };
  }

  importModule(path: string, self: SelfModules): Promise<unknown> {
    return currentRuntime().importModule(path, self);
  }

  readDir(path: string): Promise<string[] | null> {
    const prefix = `${path.replace(/\/+$/, "")}/`;
    const names = [...this.files.keys()].filter((f) => f.startsWith(prefix))
      .map((f) => f.slice(prefix.length).split("/")[0]);
    return Promise.resolve(names.length === 0 ? null : [...new Set(names)]);
  }

  writeTextFile(path: string, text: string): Promise<void> {
    this.files.set(path, text);
    return Promise.resolve();
  }

  onSignal(listener: (signal: TermSignal) => void): () => void {
    this.#signals.add(listener);
    return () => this.#signals.delete(listener);
  }

  /**
   * Raises a signal, as the operating system would.
   *
   * @param signal The signal.
   */
  raise(signal: TermSignal): void {
    for (const listener of [...this.#signals]) listener(signal);
  }

  print(line: string): void {
    this.out.push(line);
    for (const waiter of [...this.#waiters]) {
      if (waiter.pattern.test(line)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  }

  printError(line: string): void {
    this.err.push(line);
    for (const waiter of [...this.#errWaiters]) {
      if (waiter.pattern.test(line)) {
        this.#errWaiters.splice(this.#errWaiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  }

  /**
   * Resolves with the first standard error line matching `pattern`.
   *
   * @param pattern What to wait for.
   * @returns The line.
   */
  waitForErrorLine(pattern: RegExp): Promise<string> {
    const seen = this.err.find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) =>
      this.#errWaiters.push({ pattern, resolve })
    );
  }

  exit(code: number): never {
    throw new Error(`exit(${code}) called`);
  }

  /**
   * Resolves with the first standard output line matching `pattern`.
   *
   * @param pattern What to wait for.
   * @returns The line.
   */
  waitForLine(pattern: RegExp): Promise<string> {
    const seen = this.out.find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ pattern, resolve }));
  }
}
