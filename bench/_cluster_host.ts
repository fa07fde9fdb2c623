/**
 * The processes of the cluster benchmark: a nats-server with JetStream on a
 * free loopback port, the peer node, and two Erlang nodes (`erl -sname`).
 *
 * @module
 */

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
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
): Promise<Started & { tcpPort: number }> {
  const script = new URL("./_cluster_peer.ts", import.meta.url).pathname;
  const isBun = (globalThis as { Bun?: unknown }).Bun !== undefined;
  const child = spawn(
    process.execPath,
    isBun
      ? [script, servers, cluster]
      : ["run", "-A", script, servers, cluster],
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

/** One Erlang benchmark: nanoseconds per run. */
export interface ErlangCase {
  readonly id: string;
  readonly ops: number;
  readonly samples: number[];
}

/**
 * Runs `bench/erlang/cluster_dist.erl` between two local Erlang nodes.
 *
 * @param tells Messages per throughput run.
 * @param roundTrips Round trips per ping-pong run.
 * @param samples Timed runs (after two warm-ups).
 * @returns The cases, or why Erlang could not run.
 */
export function runErlangDistribution(
  tells: number,
  roundTrips: number,
  samples: number,
): ErlangCase[] | string {
  const dir = mkdtempSync(join(tmpdir(), "understudy-bench-erl-"));
  try {
    const source =
      new URL("./erlang/cluster_dist.erl", import.meta.url).pathname;
    const compiled = spawnSync("erlc", ["-o", dir, source], {
      encoding: "utf8",
    });
    if (compiled.error !== undefined || compiled.status !== 0) {
      return `erlc failed or is missing: ${compiled.stderr ?? compiled.error}`;
    }
    const suffix = `${process.pid}`;
    const peer = spawn("erl", [
      "-sname",
      `usb${suffix}`,
      "-noshell",
      "-pa",
      dir,
    ], {
      stdio: "ignore",
    });
    const host = spawnSync("hostname", ["-s"], { encoding: "utf8" }).stdout
      .trim();
    const run = spawnSync("erl", [
      "-sname",
      `usa${suffix}`,
      "-noshell",
      "-pa",
      dir,
      "-run",
      "cluster_dist",
      "main",
      `usb${suffix}@${host}`,
      String(tells),
      String(roundTrips),
      String(samples),
    ], { encoding: "utf8", timeout: 600_000 });
    peer.kill("SIGKILL");
    if (run.status !== 0) return `erl failed: ${run.stderr}${run.stdout}`;
    return run.stdout.trim().split("\n").filter((l) => l.startsWith("{")).map((
      l,
    ) => JSON.parse(l) as ErlangCase);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
