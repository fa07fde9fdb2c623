/**
 * Erlang distribution as a live peer of the cluster benchmark: two local
 * `erl -sname` nodes kept up for the whole run, the driver node taking one
 * command a line ("tell N", "ping N") and answering with the nanoseconds it
 * took. The benchmark runs one Erlang run right after each of its own, so
 * each ratio compares runs made seconds apart: on a machine whose round trips
 * swing between two modes within seconds (see docs/cluster.md), a ratio
 * between phases minutes apart measured the modes, not the runtimes.
 *
 * @module
 */

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

/** The two Erlang nodes, ready for commands. */
export interface ErlangDistribution {
  /** Nanoseconds for `n` messages to a process on the other node, acknowledged. */
  tell(n: number): Promise<number>;
  /** Nanoseconds for `n` sequential round trips to the other node. */
  ping(n: number): Promise<number>;
  /** Stops both nodes. */
  stop(): Promise<void>;
}

/**
 * Compiles `bench/erlang/cluster_dist.erl` and starts the two nodes.
 *
 * @returns The peer, or why Erlang could not run.
 */
export async function startErlangDistribution(): Promise<
  ErlangDistribution | string
> {
  const dir = mkdtempSync(join(tmpdir(), "understudy-bench-erl-"));
  const source = new URL("./erlang/cluster_dist.erl", import.meta.url).pathname;
  const compiled = spawnSync("erlc", ["-o", dir, source], {
    encoding: "utf8",
  });
  if (compiled.error !== undefined || compiled.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `erlc failed or is missing: ${compiled.stderr ?? compiled.error}`;
  }
  const suffix = `${process.pid}`;
  const host = spawnSync("hostname", ["-s"], { encoding: "utf8" }).stdout
    .trim();
  const peer = spawn(
    "erl",
    ["-sname", `usb${suffix}`, "-noshell", "-pa", dir],
    {
      stdio: "ignore",
    },
  );
  const driver = spawn("erl", [
    "-sname",
    `usa${suffix}`,
    "-noshell",
    "-pa",
    dir,
    "-run",
    "cluster_dist",
    "serve",
    `usb${suffix}@${host}`,
  ], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = lineReader(driver);
  const stop = async () => {
    driver.stdin!.end();
    await Promise.race([
      new Promise((resolve) => driver.once("exit", resolve)),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]);
    driver.kill("SIGKILL");
    peer.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  const ready = await lines.next(60_000);
  if (ready !== "ready") {
    await stop();
    return `erl did not start: ${ready}`;
  }
  const ask = async (command: string) => {
    driver.stdin!.write(`${command}\n`);
    const answer = await lines.next(600_000);
    const ns = Number(answer);
    if (!Number.isFinite(ns)) throw new Error(`erl answered "${answer}"`);
    return ns;
  };
  return {
    tell: (n) => ask(`tell ${n}`),
    ping: (n) => ask(`ping ${n}`),
    stop,
  };
}

/** The lines a child writes, one at a time. */
function lineReader(child: ChildProcess): {
  next(timeoutMs: number): Promise<string>;
} {
  const ready: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffer = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 1);
      const taker = waiting.shift();
      if (taker !== undefined) taker(line);
      else ready.push(line);
    }
  });
  child.once("exit", (code) => {
    for (const taker of waiting.splice(0)) taker(`exited (${code})`);
  });
  return {
    next(timeoutMs) {
      const line = ready.shift();
      if (line !== undefined) return Promise.resolve(line);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve("timed out"), timeoutMs);
        waiting.push((l) => {
          clearTimeout(timer);
          resolve(l);
        });
      });
    },
  };
}
