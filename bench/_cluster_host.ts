/**
 * The processes of the cluster benchmark: a nats-server with JetStream on a
 * free loopback port, the peer node, and two Erlang nodes (`erl -sname`).
 *
 * @module
 */

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

/** A started child process and how to stop it. */
export interface Started {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function waitFor(
  child: ChildProcess,
  stream: "stdout" | "stderr",
  text: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child[stream]!.setEncoding("utf8");
    child[stream]!.on("data", (chunk: string) => {
      seen += chunk;
      if (seen.includes(text)) resolve(seen);
    });
    child.once(
      "exit",
      (code) => reject(new Error(`exited with ${code}: ${seen}`)),
    );
  });
}

function stopper(child: ChildProcess, after?: () => void): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
    after?.();
  };
}

/** Starts nats-server; resolves with its URL once ready. */
export async function startNats(): Promise<Started & { url: string }> {
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), "understudy-bench-nats-"));
  const child = spawn("nats-server", [
    "-a",
    "127.0.0.1",
    "-p",
    String(port),
    "-js",
    "-sd",
    store,
  ], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  await waitFor(child, "stderr", "Server is ready");
  return {
    child,
    url: `nats://127.0.0.1:${port}`,
    stop: stopper(child, () => rmSync(store, { recursive: true, force: true })),
  };
}

/**
 * Starts the peer node on this runtime; resolves once it has joined, with
 * the port of its bare TCP echo.
 */
export async function startPeer(
  servers: string,
  cluster: string,
  busyWaitMs: number,
): Promise<Started & { tcpPort: number }> {
  const script = new URL("./_cluster_peer.ts", import.meta.url).pathname;
  const isBun = (globalThis as { Bun?: unknown }).Bun !== undefined;
  const child = spawn(
    process.execPath,
    isBun
      ? [script, servers, cluster, String(busyWaitMs)]
      : ["run", "-A", script, servers, cluster, String(busyWaitMs)],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const said = await waitFor(child, "stdout", "\n");
  return {
    child,
    tcpPort: Number(/ready (\d+)/.exec(said)?.[1]),
    stop: async () => {
      child.stdin!.end();
      await stopper(child)();
    },
  };
}
