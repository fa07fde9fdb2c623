/**
 * Runs the built binary as a separate process for end-to-end tests: lines of
 * output as they come, the exit as a promise, and a bounded wait for both.
 *
 * @module
 */

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import process from "node:process";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

/** The binary `bun build --compile` writes. */
export const BINARY = fileURLToPath(
  new URL("../../dist/understudy", import.meta.url),
);

/**
 * Why the end-to-end tests cannot run here, or `false` when they can. Setting
 * `UNDERSTUDY_REQUIRE_E2E=1` (CI does) turns a missing prerequisite into a
 * failure instead of a skip.
 *
 * @param path The file the tests need.
 * @param hint How to get it.
 * @returns The skip reason, or `false`.
 */
export function missing(path: string, hint: string): string | false {
  if (existsSync(path)) return false;
  const reason = `${path} is missing (${hint})`;
  if (process.env.UNDERSTUDY_REQUIRE_E2E === "1") {
    throw new Error(`UNDERSTUDY_REQUIRE_E2E=1 but ${reason}`);
  }
  return reason;
}

/** How a process ended. */
export interface Exit {
  /** The exit status, or `null` when a signal killed it. */
  readonly code: number | null;
  /** The signal that killed it, or `null`. */
  readonly signal: string | null;
}

/** A running binary. */
export class Proc {
  readonly child: ChildProcess;
  /** Every standard output line so far. */
  readonly out: string[] = [];
  /** Every standard error line so far. */
  readonly err: string[] = [];
  /** Resolves when the process has exited. */
  readonly exited: Promise<Exit>;
  readonly #waiters: {
    lines: string[];
    pattern: RegExp;
    resolve: (m: RegExpMatchArray) => void;
  }[] = [];

  /**
   * Starts `command` with `args`; output is read continuously so a chatty
   * process never blocks on a full pipe.
   *
   * @param args The command line.
   * @param env Extra environment variables.
   * @param command The program. Defaults to `BINARY`.
   */
  constructor(
    args: readonly string[],
    env: Record<string, string> = {},
    command: string = BINARY,
  ) {
    const clean: Record<string, string | undefined> = { ...process.env };
    delete clean.UNDERSTUDY_TOKEN;
    delete clean.UNDERSTUDY_URL;
    Object.assign(clean, env);
    this.child = spawn(command, [...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: clean,
    });
    this.exited = new Promise((resolve) => {
      this.child.on("exit", (code, signal) => resolve({ code, signal }));
    });
    this.#lines(this.child.stdout!, this.out);
    this.#lines(this.child.stderr!, this.err);
  }

  /**
   * Resolves with the first standard output line matching `pattern`.
   *
   * @param pattern What to wait for.
   * @returns The match.
   */
  line(pattern: RegExp): Promise<RegExpMatchArray> {
    return this.#wait(this.out, pattern);
  }

  /**
   * Resolves with the first standard error line matching `pattern`.
   *
   * @param pattern What to wait for.
   * @returns The match.
   */
  errLine(pattern: RegExp): Promise<RegExpMatchArray> {
    return this.#wait(this.err, pattern);
  }

  #wait(lines: string[], pattern: RegExp): Promise<RegExpMatchArray> {
    for (const line of lines) {
      const match = line.match(pattern);
      if (match !== null) return Promise.resolve(match);
    }
    return new Promise((resolve) =>
      this.#waiters.push({ lines, pattern, resolve })
    );
  }

  /**
   * Sends SIGTERM and waits for the exit; past `ms` the process is killed
   * with SIGKILL and the wait fails.
   *
   * @param ms The longest wait.
   * @returns How it exited.
   */
  async terminate(ms: number): Promise<Exit> {
    // process.kill, not child.kill: Deno's child.kill makes the exit report
    // the signal even when the child handled it and exited 0.
    process.kill(this.child.pid!, "SIGTERM");
    return await deadline(this.exited, ms, "exit after SIGTERM").catch(
      (error) => {
        this.kill();
        throw error;
      },
    );
  }

  /** Kills the process with SIGKILL if it still runs. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill("SIGKILL");
    }
  }

  #lines(stream: Readable, into: string[]): void {
    let buffer = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf("\n")) !== -1) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        into.push(line);
        for (const waiter of [...this.#waiters]) {
          if (waiter.lines !== into) continue;
          const match = line.match(waiter.pattern);
          if (match === null) continue;
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(match);
        }
      }
    });
  }
}

/**
 * Waits for `promise`, failing after `ms` milliseconds: a deadline, not a
 * sleep, so a hung process fails the test instead of hanging it.
 *
 * @param promise What to wait for.
 * @param ms The deadline.
 * @param what What is awaited, for the error message.
 * @returns The promise's value.
 */
export async function deadline<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
