/**
 * The direct-link flags of `understudy serve --cluster`: `--links`,
 * `--link-host`, `--link-port`, `--link-advertise` and `--link-secret-env`,
 * mapped one-to-one onto `directLinks` of `joinCluster`. The secret comes
 * from the environment only (`UNDERSTUDY_LINK_SECRET`, or the variable
 * `--link-secret-env` names), so it never shows in a process list.
 *
 * @module
 */

import type { DirectLinkOptions } from "../cluster/options.ts";
import type { FlagSpec } from "./serve_args.ts";
import { UsageError } from "./usage_error.ts";

/** The direct-link fields of the serve arguments. */
export interface LinkArgs {
  /** `--links on|off`. Defaults to none: the cluster layer decides. */
  readonly links: "on" | "off" | undefined;
  /** The address to accept links on. Defaults to the layer's `127.0.0.1`. */
  readonly linkHost: string | undefined;
  /** The port to accept links on, 0 for a free one. Defaults to 0. */
  readonly linkPort: number | undefined;
  /** The `host:port` other nodes dial. Defaults to host and bound port. */
  readonly linkAdvertise: string | undefined;
  /** The environment variable holding the link secret. Defaults to none. */
  readonly linkSecretEnv: string | undefined;
}

/** The defaults of the direct-link flags. */
export const LINK_DEFAULTS: LinkArgs = Object.freeze({
  links: undefined,
  linkHost: undefined,
  linkPort: undefined,
  linkAdvertise: undefined,
  linkSecretEnv: undefined,
});

/** The variable read for the link secret without `--link-secret-env`. */
export const LINK_SECRET_ENV = "UNDERSTUDY_LINK_SECRET";

function host(flag: string, value: string): string {
  const bare = value.startsWith("[") && value.endsWith("]")
    ? value.slice(1, -1)
    : value;
  if (bare === "" || /[\s/#?@\[\]]/.test(bare)) {
    throw new UsageError(
      `Invalid value for "${flag}": expected a host name or address, got "${value}"`,
    );
  }
  return bare;
}

function port(flag: string, value: string, min: number): number {
  const n = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= 65535)) {
    throw new UsageError(
      `Invalid value for "${flag}": expected an integer from ${min} to 65535, got "${value}"`,
    );
  }
  return n;
}

type Mutable = { -readonly [K in keyof LinkArgs]: LinkArgs[K] };
const set = (args: unknown) => args as Mutable;

/** The direct-link flags, for `SERVE_FLAGS`. */
export const LINK_FLAGS: readonly FlagSpec[] = [
  {
    name: "--links",
    takesValue: true,
    apply(args, value) {
      if (value !== "on" && value !== "off") {
        throw new UsageError(
          `Invalid value for "--links": expected "on" or "off", got "${value}"`,
        );
      }
      set(args).links = value;
    },
  },
  {
    name: "--link-host",
    takesValue: true,
    apply: (args, value) =>
      void (set(args).linkHost = host("--link-host", value)),
  },
  {
    name: "--link-port",
    takesValue: true,
    apply: (args, value) =>
      void (set(args).linkPort = port("--link-port", value, 0)),
  },
  {
    name: "--link-advertise",
    takesValue: true,
    apply(args, value) {
      const colon = value.lastIndexOf(":");
      if (colon <= 0) {
        throw new UsageError(
          `Invalid value for "--link-advertise": expected "HOST:PORT", got "${value}"`,
        );
      }
      host("--link-advertise", value.slice(0, colon));
      port("--link-advertise", value.slice(colon + 1), 1);
      set(args).linkAdvertise = value;
    },
  },
  {
    name: "--link-secret-env",
    takesValue: true,
    apply(args, value) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
        throw new UsageError(
          `Invalid value for "--link-secret-env": expected an environment variable's name, got "${value}"`,
        );
      }
      set(args).linkSecretEnv = value;
    },
  },
];

/**
 * The first direct-link flag given, to report one given without `--cluster`.
 *
 * @param args The parsed flags.
 * @returns The flag's name, or `undefined`.
 */
export function strayLinkFlag(args: LinkArgs): string | undefined {
  const given: [unknown, string][] = [
    [args.links, "--links"],
    [args.linkHost, "--link-host"],
    [args.linkPort, "--link-port"],
    [args.linkAdvertise, "--link-advertise"],
    [args.linkSecretEnv, "--link-secret-env"],
  ];
  return given.find(([v]) => v !== undefined)?.[1];
}

/**
 * The `directLinks` join option from the flags and the environment, or
 * `undefined` to leave the cluster layer's default (on, except with TLS to
 * NATS). Settings, or `--links on`, turn links on even with TLS; the secret
 * of `UNDERSTUDY_LINK_SECRET` alone does not.
 *
 * @param args The parsed flags.
 * @param env Reads an environment variable.
 * @param tls Whether the node uses TLS to NATS (links are then off unless
 * asked for).
 * @returns The option.
 * @throws {UsageError} When `--links off` comes with link settings, or the
 * variable `--link-secret-env` names is unset or empty.
 */
export function directLinksOption(
  args: LinkArgs,
  env: (name: string) => string | undefined,
  tls: boolean,
): boolean | DirectLinkOptions | undefined {
  const named = args.linkSecretEnv;
  if (args.links === "off") {
    const stray = strayLinkFlag({ ...args, links: undefined });
    if (stray !== undefined) {
      throw new UsageError(`Flag "${stray}" conflicts with "--links off"`);
    }
    return false;
  }
  if (named !== undefined && !env(named)) {
    throw new UsageError(
      `Environment variable "${named}" (named by "--link-secret-env") is not set or empty`,
    );
  }
  const settings: DirectLinkOptions = {
    host: args.linkHost,
    port: args.linkPort,
    advertise: args.linkAdvertise,
    secret: named !== undefined ? env(named) : undefined,
  };
  const given = Object.fromEntries(
    Object.entries(settings).filter(([, v]) => v !== undefined),
  ) as DirectLinkOptions;
  const fallback = env(LINK_SECRET_ENV) || undefined;
  const withSecret = given.secret === undefined && fallback !== undefined
    ? { ...given, secret: fallback }
    : given;
  if (Object.keys(given).length > 0 || args.links === "on") {
    return Object.keys(withSecret).length > 0 ? withSecret : true;
  }
  // Only the default variable: links keep the layer's default (off with
  // TLS), with this secret when they are on.
  return fallback !== undefined && !tls ? withSecret : undefined;
}

/** The help lines of the direct-link flags and variables. */
export const LINK_HELP = {
  flags:
    `  --links on|off             Direct TCP links to other nodes beside NATS.
                             Default: on, off with TLS to NATS.
  --link-host HOST           Address to accept links on. Default: 127.0.0.1
                             (links only between nodes of one machine).
  --link-port PORT           Port to accept links on, 0 for a free one.
                             Default: 0.
  --link-advertise HOST:PORT The address other nodes dial. Default: the link
                             host and port (set it with 0.0.0.0 or NAT).
  --link-secret-env VAR      Read the link secret from variable VAR.`,
  env: `  UNDERSTUDY_LINK_SECRET     The secret all nodes share to open direct
                             links. Default: derived from NATS credentials.`,
};
