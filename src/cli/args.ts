/**
 * The `understudy` command line, first word: which command runs. Each
 * command parses its own arguments (`serve` in the server layer, the client
 * commands in `client_args.ts`, `init` in `init.ts`): pure, no I/O.
 *
 * @module
 */

import { UsageError } from "../server/usage_error.ts";
import { clientCommand, type ClientCommandSpec } from "./client_args.ts";

export { UsageError };

/** What the command line asks for; `rest` is what follows the command. */
export type Command =
  | { readonly kind: "help"; readonly topic: string }
  | { readonly kind: "version" }
  | { readonly kind: "serve"; readonly rest: readonly string[] }
  | { readonly kind: "init"; readonly rest: readonly string[] }
  | {
    readonly kind: "client";
    readonly command: ClientCommandSpec;
    readonly rest: readonly string[];
  };

/**
 * Picks the command.
 *
 * @param argv The arguments after the program name.
 * @returns The command and its arguments.
 * @throws {UsageError} On an unknown command or a leading flag other than
 * help and version.
 * @example
 * ```ts
 * import { parseCommand } from "./args.ts";
 * const command = parseCommand(["tell", "/a", "1"]);
 * console.assert(command.kind === "client");
 * ```
 */
export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: "help", topic: "main" };
  if (first === "-h" || first === "--help" || first === "help") {
    return { kind: "help", topic: rest[0] ?? "main" };
  }
  if (first === "version" || first === "--version" || first === "-V") {
    if (rest.some(isHelp)) return { kind: "help", topic: "main" };
    if (rest[0] !== undefined) {
      throw new UsageError(`Unexpected argument "${rest[0]}" after "version"`);
    }
    return { kind: "version" };
  }
  if (first === "serve") return { kind: "serve", rest };
  if (first === "init") {
    if (rest.some(isHelp)) return { kind: "help", topic: "init" };
    return { kind: "init", rest };
  }
  const client = clientCommand(first);
  if (client !== undefined) {
    if (rest.some(isHelp)) return { kind: "help", topic: first };
    return { kind: "client", command: client, rest };
  }
  if (first.startsWith("-")) {
    throw new UsageError(`Unknown flag "${first}": expected a command first`);
  }
  throw new UsageError(`Unknown command "${first}"`);
}

function isHelp(arg: string): boolean {
  return arg === "-h" || arg === "--help";
}
