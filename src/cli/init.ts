/**
 * `understudy init <dir>`: writes a starter project into a new or empty
 * directory, and says what to run next.
 *
 * @module
 */

import type { HostRuntime } from "../server/runtime.ts";
import { UsageError } from "../server/usage_error.ts";
import { VERSION } from "../server/version.ts";
import { initFiles } from "./_init_files.ts";

/**
 * Runs `understudy init`.
 *
 * @param runtime The host adapter (files and output).
 * @param argv The arguments after `init`: exactly one directory.
 * @returns The exit status: 0, or 1 when the directory is not empty.
 * @throws {UsageError} When no directory, or more than one, is given.
 */
export async function runInit(
  runtime: Pick<
    HostRuntime,
    "readDir" | "writeTextFile" | "print" | "printError"
  >,
  argv: readonly string[],
): Promise<number> {
  const dirs = argv.filter((a) => !a.startsWith("-"));
  const flag = argv.find((a) => a.startsWith("-"));
  if (flag !== undefined) {
    throw new UsageError(`Unknown flag "${flag}" for "init"`);
  }
  if (dirs.length !== 1) {
    throw new UsageError(
      `Expected one directory: usage: understudy init <dir>`,
    );
  }
  const dir = dirs[0].replace(/\/+$/, "") || "/";
  const name = projectName(dir);
  const existing = await runtime.readDir(dir);
  if (existing !== null && existing.length > 0) {
    runtime.printError(
      `understudy: Cannot init "${dir}": the directory is not empty`,
    );
    return 1;
  }
  const files = initFiles(name, VERSION);
  for (const [path, text] of Object.entries(files)) {
    await runtime.writeTextFile(`${dir}/${path}`, text);
  }
  runtime.print(`created ${dir}/ with ${Object.keys(files).join(", ")}`);
  runtime.print(``);
  runtime.print(`next:`);
  runtime.print(`  cd ${dir}`);
  runtime.print(`  deno task test      # or: bun install && bun test`);
  runtime.print(`  deno task start     # or: bun start`);
  runtime.print(`  deno task compile   # or: bun run build`);
  return 0;
}

/** A package name from the directory's last segment. */
function projectName(dir: string): string {
  const last = dir.split("/").filter((s) => s !== "" && s !== ".").pop() ??
    "app";
  const name = last.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(
    /^-+|-+$/g,
    "",
  );
  return name === "" ? "app" : name;
}
