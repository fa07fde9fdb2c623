/**
 * Starts test node processes (`_node_main.ts`) under Deno or Bun and waits
 * for their `ready` line.
 *
 * @module
 */

import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../node_modules/.bin/", import.meta.url));
const MAIN = fileURLToPath(new URL("./_node_main.ts", import.meta.url));

/** A node process. */
export interface NodeProcess {
  readonly name: string;
  readonly runtime: "deno" | "bun";
  readonly child: ChildProcess;
  /** Resolves once the node has joined. */
  readonly ready: Promise<void>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** Standard error so far, for failure messages. */
  readonly log: () => string;
}

/** Settings shared by the node processes of one test run. */
export interface NodeSettings {
  readonly servers: string;
  readonly cluster: string;
  readonly heartbeatMs: number;
  readonly downAfterMs: number;
  /** The `directLinks` option. Defaults to the node's default. */
  readonly directLinks?: unknown;
}

/**
 * Starts a node process.
 *
 * @param runtime Deno or Bun.
 * @param name The node's name.
 * @param settings Servers, cluster and timings.
 * @returns The process.
 */
export function startNode(
  runtime: "deno" | "bun",
  name: string,
  settings: NodeSettings,
): NodeProcess {
  const args = [
    MAIN,
    settings.servers,
    settings.cluster,
    name,
    String(settings.heartbeatMs),
    String(settings.downAfterMs),
    ...(settings.directLinks === undefined
      ? []
      : [JSON.stringify(settings.directLinks)]),
  ];
  const child = spawn(
    BIN + runtime,
    runtime === "deno" ? ["run", "-A", ...args] : args,
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  let err = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    if (err.length < 20_000) err += chunk;
  });
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => resolve())
  );
  const ready = new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      out += chunk;
      if (out.includes(`ready ${name}`)) resolve();
    });
    exited.then(() => reject(new Error(`node ${name} exited:\n${err}`)));
  });
  ready.catch(() => {});
  return { name, runtime, child, ready, exited, log: () => err };
}

/**
 * Stops a node process with a "stop" line on its input (graceful), or
 * SIGKILL.
 *
 * @param node The node.
 * @param hard Whether to `kill -9` it.
 */
export async function stopNode(node: NodeProcess, hard = false): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  if (hard) node.child.kill("SIGKILL");
  else node.child.stdin!.end("stop\n");
  const timer = setTimeout(() => node.child.kill("SIGKILL"), 10_000);
  await node.exited;
  clearTimeout(timer);
}
