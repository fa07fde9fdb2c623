/**
 * A real `nats-server` with JetStream for the cluster tests: a store in a
 * temporary folder, a free loopback port, started and stopped (and restarted
 * on the same port and store) on request. Skipped when the binary is absent,
 * unless `UNDERSTUDY_REQUIRE_E2E=1` (CI), which turns that into a failure.
 *
 * @module
 */

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

/** Why the cluster tests cannot run here, or `false`. */
export function natsMissing(): string | false {
  const probe = spawnSync("nats-server", ["--version"], { stdio: "ignore" });
  if (probe.error === undefined && probe.status === 0) return false;
  const reason = "nats-server is not installed (apt-get install nats-server)";
  if (process.env.UNDERSTUDY_REQUIRE_E2E === "1") {
    throw new Error(`UNDERSTUDY_REQUIRE_E2E=1 but ${reason}`);
  }
  return reason;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** A running nats-server. */
export class NatsServer {
  readonly port: number;
  readonly store: string;
  readonly #extra: readonly string[];
  #child: ChildProcess | null = null;

  private constructor(port: number, store: string, extra: readonly string[]) {
    this.port = port;
    this.store = store;
    this.#extra = extra;
  }

  /** The client URL. */
  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /**
   * Starts a server on a free port with a fresh store.
   *
   * @param extra More command-line arguments (auth, TLS, a config file).
   * @returns The server, once ready.
   */
  static async start(extra: readonly string[] = []): Promise<NatsServer> {
    const server = new NatsServer(
      await freePort(),
      mkdtempSync(join(tmpdir(), "understudy-nats-")),
      extra,
    );
    await server.#run();
    return server;
  }

  async #run(): Promise<void> {
    const child = spawn("nats-server", [
      "-a",
      "127.0.0.1",
      "-p",
      String(this.port),
      "-js",
      "-sd",
      this.store,
      ...this.#extra,
    ], { stdio: ["ignore", "ignore", "pipe"] });
    this.#child = child;
    const ready = new Promise<void>((resolve, reject) => {
      let log = "";
      const timer = setTimeout(
        () => reject(new Error(`nats-server did not start:\n${log}`)),
        20_000,
      );
      child.stderr!.setEncoding("utf8");
      child.stderr!.on("data", (chunk: string) => {
        if (log.length < 100_000) log += chunk;
        if (log.includes("Server is ready")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited with ${code}:\n${log}`));
      });
    });
    await ready;
  }

  /** Stops the server (SIGTERM) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = null;
    if (child === null || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  /** Stops and starts it again on the same port and store. */
  async restart(): Promise<void> {
    await this.stop();
    await this.#run();
  }

  /** Stops the server and removes its store. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.store, { recursive: true, force: true });
  }
}
