/**
 * The `understudy` binary's entry point.
 *
 * ```sh
 * understudy serve [--host 127.0.0.1] [--port 8080] [--token T] [--demo trading|none] [--allow-fault-injection] [--quiet]
 * understudy version
 * understudy --help
 * ```
 *
 * Exit status: 0 on success or after SIGINT/SIGTERM, 1 on a runtime failure
 * (the address cannot be bound, an escalation reached the root guardian), 2
 * on a command-line error.
 *
 * Build it with `bun build --compile src/cli/main.ts --outfile dist/understudy`
 * or `deno compile -A --output dist/understudy-deno src/cli/main.ts`.
 *
 * @module
 */

import { parseArgs, UsageError } from "./args.ts";
import { helpText } from "./help.ts";
import { type CliRuntime, currentRuntime } from "./runtime.ts";
import { runServe } from "./serve_command.ts";
import { versionLine } from "./version.ts";

/**
 * Runs the command line held by `runtime.args`.
 *
 * @param runtime The runtime adapter (a fake one in tests).
 * @returns The exit status.
 * @example
 * ```ts ignore
 * import { main } from "./main.ts";
 * import { currentRuntime } from "./runtime.ts";
 * const runtime = currentRuntime();
 * runtime.exit(await main(runtime));
 * ```
 */
export async function main(runtime: CliRuntime): Promise<number> {
  try {
    const command = parseArgs(runtime.args);
    switch (command.kind) {
      case "help":
        runtime.print(helpText(command.topic));
        return 0;
      case "version":
        runtime.print(versionLine(runtime));
        return 0;
      case "serve":
        return await runServe(runtime, command.args);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      runtime.printError(`understudy: ${error.message}`);
      runtime.printError(`Run "understudy --help" for usage`);
      return 2;
    }
    runtime.printError(`understudy: ${(error as Error)?.message ?? error}`);
    return 1;
  }
}

if (import.meta.main) {
  const runtime = currentRuntime();
  runtime.exit(await main(runtime));
}
