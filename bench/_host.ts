/**
 * The benchmarks' runtime adapter: the one module under `bench/` that touches
 * `Deno.*`, `Bun.*` or `node:*`. Everything else in `bench/` is web-standard
 * and asks this module for the runtime's name and version, the CPU model, a
 * forced garbage collection, the heap size, files, arguments and the Erlang
 * peer's process.
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname } from "node:path";
import process from "node:process";

interface DenoLike {
  readonly version: { readonly deno: string; readonly v8: string };
  memoryUsage(): { heapUsed: number };
}

interface BunLike {
  readonly version: string;
  readonly revision: string;
  gc(force: boolean): void;
}

const deno = (globalThis as { Deno?: DenoLike }).Deno;
const bun = (globalThis as { Bun?: BunLike }).Bun;

/** The JavaScript runtime running the benchmarks. */
export interface RuntimeInfo {
  /** `"deno"`, `"bun"` or `"unknown"`. */
  readonly name: "deno" | "bun" | "unknown";
  /** The runtime's version, such as `"2.9.6"`. */
  readonly version: string;
  /** The engine and its version, such as `"V8 15.0.245.2"`. */
  readonly engine: string;
}

/**
 * Names the runtime, its version and its engine.
 *
 * @returns The runtime description.
 */
export function runtimeInfo(): RuntimeInfo {
  if (bun !== undefined) {
    return { name: "bun", version: bun.version, engine: "JavaScriptCore" };
  }
  if (deno !== undefined) {
    return {
      name: "deno",
      version: deno.version.deno,
      engine: `V8 ${deno.version.v8}`,
    };
  }
  return { name: "unknown", version: "unknown", engine: "unknown" };
}

/**
 * The CPU model from `/proc/cpuinfo` and the number of logical CPUs.
 *
 * @returns The model name (or `"unknown"`) and the CPU count.
 */
export function cpuInfo(): { model: string; cores: number } {
  let model = "unknown";
  try {
    const text = readFileSync("/proc/cpuinfo", "utf8");
    const match = /^model name\s*:\s*(.+)$/m.exec(text);
    if (match !== null) model = match[1].trim();
  } catch {
    // Not Linux: leave it unknown.
  }
  return { model, cores: navigator.hardwareConcurrency ?? 0 };
}

/**
 * Forces a full garbage collection: `Bun.gc(true)` on Bun, `globalThis.gc()`
 * on Deno (which needs `--v8-flags=--expose-gc`).
 *
 * @returns Whether a collection could be forced.
 */
export function collectGarbage(): boolean {
  if (bun !== undefined) {
    bun.gc(true);
    return true;
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== "function") return false;
  gc();
  return true;
}

/**
 * CPU time this process has used (user and system, every thread), in
 * nanoseconds: unlike the wall clock it does not count the time the process
 * waited for a core on a busy machine.
 *
 * @returns Nanoseconds of CPU time.
 */
export function cpuTime(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
}

/**
 * Bytes of JavaScript heap in use now.
 *
 * @returns The heap size in bytes.
 */
export function heapUsed(): number {
  if (deno !== undefined && bun === undefined) {
    return deno.memoryUsage().heapUsed;
  }
  return process.memoryUsage().heapUsed;
}

/**
 * Runs this benchmark script again, in a fresh process of the same runtime
 * (with the garbage collector exposed on Deno), its output going to ours.
 *
 * @param script The script's path.
 * @param args Its arguments.
 * @returns The child's exit code.
 */
export function runSelf(
  script: string,
  args: readonly string[],
): number | null {
  const command = process.execPath;
  const prefix = bun !== undefined
    ? [script]
    : ["run", "-A", "--v8-flags=--expose-gc", script];
  const result = spawnSync(command, [...prefix, ...args], { stdio: "inherit" });
  return result.status;
}

/** The JavaScript runtimes a full run alternates between. */
export type RuntimeName = "deno" | "bun";

/**
 * The command that runs a bench script on a runtime: the project's pinned
 * binary from `node_modules/.bin` when it is there, else the one on `PATH`;
 * Deno with every permission and the garbage collector exposed.
 *
 * @param runtime The runtime.
 * @param root The repository whose `node_modules` to look in.
 * @returns The program and the arguments before the script.
 */
export function runtimeCommand(
  runtime: RuntimeName,
  root: string,
): { command: string; prefix: string[] } {
  const pinned = `${root}/node_modules/.bin/${runtime}`;
  const command = existsSync(pinned) ? pinned : runtime;
  return runtime === "deno"
    ? { command, prefix: ["run", "-A", "--v8-flags=--expose-gc"] }
    : { command, prefix: [] };
}

/**
 * Runs a bench script in a fresh process of a runtime, its output appended
 * to a log file (or to ours when there is none).
 *
 * @param runtime The runtime.
 * @param root The repository (for the pinned binaries).
 * @param script The script's path.
 * @param args Its arguments.
 * @param log A file to append its output to.
 * @returns The child's exit code.
 */
export function runBench(
  runtime: RuntimeName,
  root: string,
  script: string,
  args: readonly string[],
  log?: string,
): number | null {
  const { command, prefix } = runtimeCommand(runtime, root);
  const fd = log === undefined ? undefined : openSync(log, "a");
  try {
    const result = spawnSync(command, [...prefix, script, ...args], {
      stdio: fd === undefined ? "inherit" : ["ignore", fd, fd],
    });
    return result.status;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Copies a folder over another, leaving out paths that `skip` names.
 *
 * @param from The source folder.
 * @param to The target folder (replaced).
 * @param skip Returns true for a source path to leave out.
 */
export function copyTree(
  from: string,
  to: string,
  skip: (path: string) => boolean,
): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true, filter: (path) => !skip(path) });
}

/**
 * Makes `path` a symbolic link to `target`, unless something is there.
 *
 * @param target What the link points to.
 * @param path The link.
 */
export function linkPath(target: string, path: string): void {
  if (!existsSync(path)) symlinkSync(target, path);
}

/**
 * The system's folder for temporary files.
 *
 * @returns Its path.
 */
export function tempRoot(): string {
  return tmpdir();
}

/**
 * Whether a file or folder exists.
 *
 * @param path The path.
 * @returns Whether it exists.
 */
export function exists(path: string): boolean {
  return existsSync(path);
}

/**
 * Deletes a file if it exists.
 *
 * @param path The file.
 */
export function removeFile(path: string): void {
  rmSync(path, { force: true, recursive: true });
}

/**
 * The command-line arguments after the script.
 *
 * @returns The arguments.
 */
export function scriptArgs(): string[] {
  return process.argv.slice(2);
}

/**
 * Reads a UTF-8 file.
 *
 * @param path The file.
 * @returns Its text, or `undefined` when it does not exist.
 */
export function readText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/**
 * Writes a UTF-8 file, creating its folder.
 *
 * @param path The file.
 * @param text Its new contents.
 */
export function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/**
 * Lists the file names in a folder.
 *
 * @param path The folder.
 * @returns The names, sorted; empty when the folder does not exist.
 */
export function listFiles(path: string): string[] {
  return existsSync(path) ? readdirSync(path).sort() : [];
}

/**
 * Creates a folder and its parents.
 *
 * @param path The folder.
 */
export function makeDir(path: string): void {
  mkdirSync(path, { recursive: true });
}

/** The outcome of {@linkcode runCommand}. */
export type CommandResult =
  | { readonly found: false }
  | {
    readonly found: true;
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
  };

/**
 * Runs a program to completion.
 *
 * @param command The program, looked up on `PATH`.
 * @param args Its arguments.
 * @param timeoutMs Kills it after this long.
 * @returns Its exit code and output, or `found: false` when it is not installed.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  timeoutMs: number,
): CommandResult {
  const result = spawnSync(command, [...args], {
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  if ((result.error as { code?: string } | undefined)?.code === "ENOENT") {
    return { found: false };
  }
  return {
    found: true,
    code: result.status,
    stdout: result.stdout ?? "",
    stderr: `${result.stderr ?? ""}${result.error ? String(result.error) : ""}`,
  };
}
