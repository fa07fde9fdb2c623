/**
 * The flags of `understudy serve`, which a user's own binary built around
 * `serve()` accepts too: pure parsing, no I/O, so every rule is unit-tested.
 *
 * Accepts `--flag value` and `--flag=value`; at most one positional
 * argument, the app module (the same as `--app`). Every flag is one entry of
 * {@linkcode SERVE_FLAGS}: adding a flag is adding an entry there and a
 * field to {@linkcode ServeArgs}.
 *
 * @module
 */

import { UsageError } from "./usage_error.ts";
import {
  CLUSTER_DEFAULTS,
  CLUSTER_FLAGS,
  type ClusterArgs,
} from "./cluster_flags.ts";

/** The settings of a server, every default applied. */
export interface ServeArgs extends ClusterArgs {
  /** The app module to load at run time, or `undefined`. Defaults to none. */
  readonly app: string | undefined;
  /** The embedded demo to serve, or `"none"`. Defaults to `undefined`. */
  readonly demo: string | undefined;
  /** The address to bind. Defaults to `"127.0.0.1"`. */
  readonly host: string;
  /** The TCP port; 0 picks a free one. Defaults to 8080. */
  readonly port: number;
  /**
   * The bearer token from `--token`, or `undefined` when not given (the
   * environment or a generated token then applies).
   */
  readonly token: string | undefined;
  /**
   * How long a graceful shutdown lets mailboxes drain, in milliseconds.
   * Defaults to 10000.
   */
  readonly shutdownTimeoutMs: number;
  /** Whether `POST /v1/actors/{path}/$fault` is allowed. Defaults to `false`. */
  readonly allowFaultInjection: boolean;
  /** Whether to hide the app's log lines. Defaults to `false`. */
  readonly quiet: boolean;
  /**
   * The most actors clients keep in `/api/spawned`. Defaults to 100,000;
   * `Infinity` for no limit.
   */
  readonly maxSpawned: number;
  /**
   * The most supervisors clients keep under `/api`. Defaults to 1,000;
   * `Infinity` for no limit.
   */
  readonly maxSupervisors: number;
}

/** The defaults of every serve flag. */
export const SERVE_DEFAULTS: ServeArgs = Object.freeze({
  ...CLUSTER_DEFAULTS,
  app: undefined,
  demo: undefined,
  host: "127.0.0.1",
  port: 8080,
  token: undefined,
  shutdownTimeoutMs: 10_000,
  allowFaultInjection: false,
  quiet: false,
  maxSpawned: 100_000,
  maxSupervisors: 1_000,
});

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One flag: its name, and how it sets the parsed arguments. */
export interface FlagSpec {
  /** The flag, such as `"--port"`. */
  readonly name: string;
  /** Whether it takes a value (`--port 0`) or is a switch (`--quiet`). */
  readonly takesValue: boolean;
  /**
   * Stores the flag in `args`.
   *
   * @param args The arguments parsed so far.
   * @param value The value (`""` for a switch).
   * @throws {UsageError} When the value is invalid.
   */
  apply(args: Mutable<ServeArgs>, value: string): void;
}

/** Every flag of `understudy serve`, in the order the help lists them. */
export const SERVE_FLAGS: readonly FlagSpec[] = [
  { name: "--app", takesValue: true, apply: (a, v) => void (a.app = v) },
  { name: "--demo", takesValue: true, apply: (a, v) => void (a.demo = v) },
  { name: "--host", takesValue: true, apply: (a, v) => a.host = parseHost(v) },
  { name: "--port", takesValue: true, apply: (a, v) => a.port = parsePort(v) },
  {
    name: "--token",
    takesValue: true,
    apply(a, v) {
      if (!isValidToken(v)) {
        throw new UsageError(
          `Invalid value for "--token": it must be non-empty, without spaces or control characters`,
        );
      }
      a.token = v;
    },
  },
  {
    name: "--shutdown-timeout",
    takesValue: true,
    apply: (a, v) => a.shutdownTimeoutMs = parseDuration(v),
  },
  {
    name: "--allow-fault-injection",
    takesValue: false,
    apply: (a) => a.allowFaultInjection = true,
  },
  { name: "--quiet", takesValue: false, apply: (a) => a.quiet = true },
  {
    name: "--max-spawned",
    takesValue: true,
    apply: (a, v) => a.maxSpawned = parseLimit("--max-spawned", v),
  },
  {
    name: "--max-supervisors",
    takesValue: true,
    apply: (a, v) => a.maxSupervisors = parseLimit("--max-supervisors", v),
  },
  ...CLUSTER_FLAGS,
];

/**
 * Parses serve flags.
 *
 * @param argv The arguments, such as `["./app.ts", "--port", "0"]`.
 * @param flags The flags to accept. Defaults to {@linkcode SERVE_FLAGS}.
 * @returns The settings, every default applied.
 * @throws {UsageError} On an unknown or repeated flag, a missing or invalid
 * value, a second positional argument, or both an app and a demo.
 * @example
 * ```ts
 * import { parseServeArgs } from "./serve_args.ts";
 * const args = parseServeArgs(["./app.ts", "--port=0"]);
 * console.assert(args.app === "./app.ts" && args.port === 0);
 * ```
 */
export function parseServeArgs(
  argv: readonly string[],
  flags: readonly FlagSpec[] = SERVE_FLAGS,
): ServeArgs {
  const args: Mutable<ServeArgs> = { ...SERVE_DEFAULTS };
  const seen = new Set<string>();
  let positional: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("-") || arg === "-") {
      if (positional !== undefined) {
        throw new UsageError(`Unexpected argument "${arg}" for "serve"`);
      }
      positional = arg;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const flag = flags.find((f) => f.name === name);
    if (flag === undefined) {
      throw new UsageError(`Unknown flag "${name}" for "serve"`);
    }
    if (seen.has(name)) {
      throw new UsageError(`Flag "${name}" given more than once`);
    }
    seen.add(name);
    if (!flag.takesValue) {
      if (eq !== -1) throw new UsageError(`Flag "${name}" takes no value`);
      flag.apply(args, "");
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      value = argv[++i];
      if (value === undefined || flags.some((f) => f.name === value)) {
        throw new UsageError(`Missing value for flag "${name}"`);
      }
    }
    flag.apply(args, value);
  }
  if (positional !== undefined) {
    if (args.app !== undefined) {
      throw new UsageError(
        `Give the app once: "${positional}" and "--app ${args.app}"`,
      );
    }
    args.app = positional;
  }
  if (args.app !== undefined && args.demo !== undefined) {
    throw new UsageError(`Give an app or a demo, not both`);
  }
  if (args.app === "") throw new UsageError(`Invalid value for "--app": ""`);
  return args;
}

function parseHost(value: string): string {
  const host = value.startsWith("[") && value.endsWith("]")
    ? value.slice(1, -1)
    : value;
  if (host === "" || /[\s/#?@]/.test(host)) {
    throw new UsageError(`Invalid value for "--host": "${value}"`);
  }
  return host;
}

function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError(
      `Invalid value for "--port": expected an integer from 0 to 65535, got "${value}"`,
    );
  }
  return port;
}

/** Parses a limit: a positive integer, or `unlimited`. */
function parseLimit(flag: string, value: string): number {
  if (value === "unlimited") return Infinity;
  const limit = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1)) {
    throw new UsageError(
      `Invalid value for "${flag}": expected a positive integer or "unlimited", got "${value}"`,
    );
  }
  return limit;
}

/**
 * Parses a duration: seconds (`10`, `2.5`, `10s`) or milliseconds
 * (`500ms`), at most one hour.
 */
function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value);
  const ms = match === null
    ? NaN
    : Number(match[1]) * (match[2] === "ms" ? 1 : 1000);
  if (!(ms >= 0 && ms <= 3_600_000)) {
    throw new UsageError(
      `Invalid value for "--shutdown-timeout": expected seconds such as "10" or "2.5s", or "500ms", at most one hour, got "${value}"`,
    );
  }
  return Math.round(ms);
}

/**
 * Whether a token is usable: non-empty, without spaces or control
 * characters.
 *
 * @param value The token.
 * @returns `true` when usable.
 */
export function isValidToken(value: string): boolean {
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
 * import { resolveToken } from "./serve_args.ts";
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
