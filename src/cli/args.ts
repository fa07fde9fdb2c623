/**
 * Command-line parsing for the `understudy` binary: pure, no I/O, so every
 * rule is unit-tested.
 *
 * Accepts `--flag value` and `--flag=value`, `-h`/`--help` anywhere, and
 * `--` never (the binary takes no positional arguments besides the command).
 * Anything it does not know is a {@linkcode UsageError}; the binary prints it
 * with a hint and exits with status 2, as POSIX utilities do for misuse.
 *
 * @module
 */

/** The demo system `serve` embeds: the trading system, or nothing. */
export type Demo = "trading" | "none";

/** The settings of `understudy serve`, every default applied. */
export interface ServeArgs {
  /** The address to bind. Defaults to `"127.0.0.1"`. */
  readonly host: string;
  /** The TCP port; 0 picks a free one. Defaults to 8080. */
  readonly port: number;
  /**
   * The bearer token from `--token`, or `undefined` when not given (the
   * environment or a generated token then applies).
   */
  readonly token: string | undefined;
  /** The embedded demo. Defaults to `"trading"`. */
  readonly demo: Demo;
  /** Whether `POST /v1/actors/{path}/$fault` is allowed. Defaults to `false`. */
  readonly allowFaultInjection: boolean;
  /** Whether to hide the demo's log lines. Defaults to `false`. */
  readonly quiet: boolean;
}

/** What the command line asks for. */
export type Command =
  | { readonly kind: "help"; readonly topic: "main" | "serve" }
  | { readonly kind: "version" }
  | { readonly kind: "serve"; readonly args: ServeArgs };

/** A command line the binary does not understand; exit status 2. */
export class UsageError extends Error {
  /**
   * @param message What is wrong, in the Deno std style.
   * @param options The underlying cause, if any.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsageError";
  }
}

/** The defaults of `understudy serve`. */
export const SERVE_DEFAULTS: ServeArgs = Object.freeze({
  host: "127.0.0.1",
  port: 8080,
  token: undefined,
  demo: "trading",
  allowFaultInjection: false,
  quiet: false,
});

const VALUE_FLAGS = ["--host", "--port", "--token", "--demo"] as const;
const BOOLEAN_FLAGS = ["--allow-fault-injection", "--quiet"] as const;
type ValueFlag = typeof VALUE_FLAGS[number];

/**
 * Parses the arguments after the program name.
 *
 * @param argv The arguments, such as `["serve", "--port", "0"]`.
 * @returns The command to run.
 * @throws {UsageError} On an unknown command or flag, a missing or invalid
 * value, or a repeated flag.
 * @example
 * ```ts
 * import { parseArgs } from "./args.ts";
 * const command = parseArgs(["serve", "--port=0", "--demo", "none"]);
 * console.assert(command.kind === "serve" && command.args.port === 0);
 * ```
 */
export function parseArgs(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined) return { kind: "help", topic: "main" };
  if (command === "-h" || command === "--help" || command === "help") {
    return { kind: "help", topic: rest[0] === "serve" ? "serve" : "main" };
  }
  if (command === "version" || command === "--version" || command === "-V") {
    if (rest.some(isHelp)) return { kind: "help", topic: "main" };
    const extra = rest[0];
    if (extra !== undefined) {
      throw new UsageError(`Unexpected argument "${extra}" after "version"`);
    }
    return { kind: "version" };
  }
  if (command === "serve") {
    if (rest.some(isHelp)) return { kind: "help", topic: "serve" };
    return { kind: "serve", args: parseServe(rest) };
  }
  if (command.startsWith("-")) {
    throw new UsageError(`Unknown flag "${command}": expected a command first`);
  }
  throw new UsageError(`Unknown command "${command}"`);
}

function isHelp(arg: string): boolean {
  return arg === "-h" || arg === "--help";
}

function parseServe(argv: readonly string[]): ServeArgs {
  const values: Partial<Record<ValueFlag, string>> = {};
  const booleans = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    if ((BOOLEAN_FLAGS as readonly string[]).includes(flag)) {
      if (eq !== -1) {
        throw new UsageError(`Flag "${flag}" takes no value`);
      }
      if (booleans.has(flag)) throw repeated(flag);
      booleans.add(flag);
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(flag)) {
      throw flag.startsWith("-")
        ? new UsageError(`Unknown flag "${flag}" for "serve"`)
        : new UsageError(`Unexpected argument "${arg}" for "serve"`);
    }
    let value: string | undefined;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      value = argv[++i];
      if (value === undefined || VALUE_FLAGS.some((f) => f === value)) {
        throw new UsageError(`Missing value for flag "${flag}"`);
      }
    }
    if (values[flag as ValueFlag] !== undefined) throw repeated(flag);
    values[flag as ValueFlag] = value;
  }
  return {
    host: parseHost(values["--host"]),
    port: parsePort(values["--port"]),
    token: parseToken(values["--token"]),
    demo: parseDemo(values["--demo"]),
    allowFaultInjection: booleans.has("--allow-fault-injection"),
    quiet: booleans.has("--quiet"),
  };
}

function repeated(flag: string): UsageError {
  return new UsageError(`Flag "${flag}" given more than once`);
}

function parseHost(value: string | undefined): string {
  if (value === undefined) return SERVE_DEFAULTS.host;
  const host = value.startsWith("[") && value.endsWith("]")
    ? value.slice(1, -1)
    : value;
  if (host === "" || /[\s/#?@]/.test(host)) {
    throw new UsageError(`Invalid value for "--host": "${value}"`);
  }
  return host;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return SERVE_DEFAULTS.port;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError(
      `Invalid value for "--port": expected an integer from 0 to 65535, got "${value}"`,
    );
  }
  return port;
}

function parseToken(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isValidToken(value)) {
    throw new UsageError(
      `Invalid value for "--token": it must be non-empty, without spaces or control characters`,
    );
  }
  return value;
}

function isValidToken(value: string): boolean {
  return value !== "" && !/\s/.test(value) &&
    ![...value].some((c) => c < " " || c === "\x7f");
}

/** Where the bearer token came from. */
export type TokenSource = "flag" | "env" | "generated";

/**
 * Picks the bearer token: `--token`, else the `UNDERSTUDY_TOKEN` environment
 * variable (ignored when empty), else `generate()`.
 *
 * @param flag The `--token` value, if given.
 * @param env The `UNDERSTUDY_TOKEN` value, if set.
 * @param generate Makes a fresh random token.
 * @returns The token and where it came from.
 * @throws {UsageError} When the environment variable holds spaces or control
 * characters.
 * @example
 * ```ts
 * import { resolveToken } from "./args.ts";
 * const { source } = resolveToken(undefined, "s3cret", () => "random");
 * console.assert(source === "env");
 * ```
 */
export function resolveToken(
  flag: string | undefined,
  env: string | undefined,
  generate: () => string,
): { readonly token: string; readonly source: TokenSource } {
  if (flag !== undefined) return { token: flag, source: "flag" };
  if (env !== undefined && env !== "") {
    if (!isValidToken(env)) {
      throw new UsageError(
        `Invalid environment variable "UNDERSTUDY_TOKEN": it must not contain spaces or control characters`,
      );
    }
    return { token: env, source: "env" };
  }
  return { token: generate(), source: "generated" };
}

function parseDemo(value: string | undefined): Demo {
  if (value === undefined) return SERVE_DEFAULTS.demo;
  if (value !== "trading" && value !== "none") {
    throw new UsageError(
      `Invalid value for "--demo": expected "trading" or "none", got "${value}"`,
    );
  }
  return value;
}
