/**
 * Command-line parsing for the client commands (`understudy tree`,
 * `inspect`, `tell`, ...): pure, no I/O. Each command is one entry of
 * {@linkcode CLIENT_COMMANDS}: its positional arguments and its own flags;
 * `--url`, `--token` and `--json` apply to every command.
 *
 * @module
 */

import { UsageError } from "../server/usage_error.ts";

/** One client command's shape. */
export interface ClientCommandSpec {
  /** The command, such as `"tell"`. */
  readonly name: string;
  /** Its positional arguments' names; a trailing `?` marks an optional one. */
  readonly positionals: readonly string[];
  /** Its own flags that take a value, such as `"--name"`. */
  readonly valueFlags: readonly string[];
  /** Its own switches, such as `"--replay"`. */
  readonly switches: readonly string[];
  /** One line for the help. */
  readonly summary: string;
}

/** Every client command, in the order the help lists them. */
export const CLIENT_COMMANDS: readonly ClientCommandSpec[] = [
  cmd("tree", [], [], [], "Print the supervision tree"),
  cmd(
    "actors",
    [],
    ["--status", "--kind", "--parent", "--limit", "--offset"],
    [],
    "List actors (filters: --status, --kind, --parent; pages: --limit, --offset)",
  ),
  cmd("inspect", ["path"], [], [], "Print one actor's details"),
  cmd(
    "spawn",
    ["kind", "args?"],
    ["--name", "--supervisor"],
    [],
    "Spawn an actor of a catalog kind, args as JSON",
  ),
  cmd("tell", ["path", "message"], [], [], "Send a JSON message (no reply)"),
  cmd(
    "ask",
    ["path", "message?"],
    ["--timeout"],
    [],
    "Ask with a JSON message and print the reply (--timeout MS)",
  ),
  cmd("stop", ["path"], [], [], "Stop an actor"),
  cmd("restart", ["path"], [], [], "Restart an actor with fresh state"),
  cmd(
    "events",
    [],
    ["--types", "--limit"],
    ["--replay"],
    "Stream lifecycle events (--replay, --types a,b, --limit N)",
  ),
];

function cmd(
  name: string,
  positionals: string[],
  valueFlags: string[],
  switches: string[],
  summary: string,
): ClientCommandSpec {
  return { name, positionals, valueFlags, switches, summary };
}

const COMMON_VALUE_FLAGS = ["--url", "--token"];

/** A parsed client command line. */
export interface ClientArgs {
  /** The command's spec. */
  readonly command: ClientCommandSpec;
  /** Positional arguments by name (optional ones may be absent). */
  readonly positionals: Readonly<Record<string, string>>;
  /** Flags and switches given, by name without dashes (`""` for a switch). */
  readonly flags: Readonly<Record<string, string>>;
  /** The server's base URL from `--url`, if given. */
  readonly url: string | undefined;
  /** The bearer token from `--token`, if given. */
  readonly token: string | undefined;
  /** Whether to print JSON for scripts. */
  readonly json: boolean;
}

/**
 * The spec of a client command.
 *
 * @param name The command.
 * @returns Its spec, or `undefined` when it is not a client command.
 */
export function clientCommand(name: string): ClientCommandSpec | undefined {
  return CLIENT_COMMANDS.find((c) => c.name === name);
}

/**
 * Parses the arguments after a client command's name.
 *
 * @param command The command's spec.
 * @param argv The arguments, such as `["/a", "{\"n\":1}", "--json"]`.
 * @returns The parsed command line.
 * @throws {UsageError} On an unknown or repeated flag, a missing value, or
 * too few or too many positional arguments.
 * @example
 * ```ts
 * import { clientCommand, parseClientArgs } from "./client_args.ts";
 * const args = parseClientArgs(clientCommand("tell")!, ["/a", "1", "--json"]);
 * console.assert(args.positionals.message === "1" && args.json);
 * ```
 */
export function parseClientArgs(
  command: ClientCommandSpec,
  argv: readonly string[],
): ClientArgs {
  const flags: Record<string, string> = {};
  const given: string[] = [];
  const valued = [...COMMON_VALUE_FLAGS, ...command.valueFlags];
  const switches = ["--json", ...command.switches];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      given.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const key = name.slice(2);
    if (key in flags) {
      throw new UsageError(`Flag "${name}" given more than once`);
    }
    if (switches.includes(name)) {
      if (eq !== -1) throw new UsageError(`Flag "${name}" takes no value`);
      flags[key] = "";
    } else if (valued.includes(name)) {
      const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) {
        throw new UsageError(`Missing value for flag "${name}"`);
      }
      flags[key] = value;
    } else {
      throw new UsageError(`Unknown flag "${name}" for "${command.name}"`);
    }
  }
  const names = command.positionals;
  const required = names.filter((n) => !n.endsWith("?")).length;
  if (given.length < required) {
    throw new UsageError(
      `Missing ${
        names[given.length].replace("?", "")
      } for "${command.name}": usage: understudy ${command.name} ${
        names.map((n) => n.endsWith("?") ? `[${n.slice(0, -1)}]` : `<${n}>`)
          .join(" ")
      }`,
    );
  }
  if (given.length > names.length) {
    throw new UsageError(
      `Unexpected argument "${given[names.length]}" for "${command.name}"`,
    );
  }
  const positionals: Record<string, string> = {};
  given.forEach((value, i) => positionals[names[i].replace("?", "")] = value);
  const { url, token, json, ...own } = flags;
  return {
    command,
    positionals,
    flags: own,
    url,
    token,
    json: json !== undefined,
  };
}
