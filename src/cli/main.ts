/**
 * The `understudy` binary's entry point.
 *
 * ```sh
 * understudy serve ./app.ts [--port 8080] [--token T] [--shutdown-timeout 10] ...
 * understudy serve --demo trading
 * understudy init my-app
 * understudy tree | actors | inspect <path> | spawn <kind> [json] | tell <path> <json>
 *   | ask <path> [json] | stop <path> | restart <path> | events   [--url U] [--token T] [--json]
 * understudy version
 * ```
 *
 * Exit status: 0 on success or after SIGINT/SIGTERM, 1 on a runtime failure,
 * 2 on a command-line error; the client commands add 3 (not reachable), 4
 * (unauthorized), 5 (not found) and 6 (refused).
 *
 * Build it with `bun build --compile src/cli/main.ts --outfile dist/understudy`
 * or `deno compile -A --output dist/understudy-deno src/cli/main.ts`.
 *
 * @module
 */

import { serveMain } from "../server/serve.ts";
import { parseCommand, UsageError } from "./args.ts";
import { runClient } from "./client_commands.ts";
import { demos } from "./demos.ts";
import { helpText } from "./help.ts";
import { runInit } from "./init.ts";
import { currentRuntime, type HostRuntime } from "./runtime.ts";
import { versionLine } from "../server/version.ts";

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
export async function main(runtime: HostRuntime): Promise<number> {
  try {
    const command = parseCommand(runtime.args);
    switch (command.kind) {
      case "help":
        runtime.print(helpText(command.topic, ["trading"]));
        return 0;
      case "version":
        runtime.print(versionLine(runtime));
        return 0;
      case "serve":
        return await serveMain(runtime, { args: command.rest, demos: demos() });
      case "init":
        return await runInit(runtime, command.rest);
      case "client":
        return await runClient(runtime, command.command, command.rest);
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
