/**
 * The cluster flags of `understudy serve`: join a cluster over NATS with
 * `--cluster nats://127.0.0.1:4222 --node a`. Credentials come from the
 * environment only, so they never show in a process list.
 *
 * @module
 */

import type { ClusterOptions } from "../cluster/options.ts";
import { MAX_BUSY_WAIT_MS } from "../cluster/_busy_wait.ts";
import type { FlagSpec } from "./serve_args.ts";
import { UsageError } from "./usage_error.ts";
import {
  directLinksOption,
  LINK_DEFAULTS,
  LINK_FLAGS,
  LINK_HELP,
  type LinkArgs,
  strayLinkFlag,
} from "./link_flags.ts";

/** How a server joins a cluster, before it has a system. */
export type ClusterJoin = Omit<ClusterOptions, "system">;

/** The cluster fields of the serve arguments. */
export interface ClusterArgs extends LinkArgs {
  /** NATS server URLs, comma-separated. Defaults to none: no cluster. */
  readonly cluster: string | undefined;
  /** This node's name. Required with `--cluster`. */
  readonly node: string | undefined;
  /** The cluster's name. Defaults to `"understudy"`. */
  readonly clusterName: string | undefined;
  /** The down window in ms. Defaults to the cluster layer's 5000. */
  readonly downAfterMs: number | undefined;
  /** The busy-wait window in ms. Defaults to the cluster layer's 1. */
  readonly busyWaitMs: number | undefined;
}

/** The defaults of the cluster flags. */
export const CLUSTER_DEFAULTS: ClusterArgs = Object.freeze({
  ...LINK_DEFAULTS,
  cluster: undefined,
  node: undefined,
  clusterName: undefined,
  downAfterMs: undefined,
  busyWaitMs: undefined,
});

const NAME = /^[A-Za-z0-9_-]+$/;

function name(flag: string, value: string): string {
  if (!NAME.test(value)) {
    throw new UsageError(
      `Invalid value for "${flag}": use letters, digits, "-" and "_", got "${value}"`,
    );
  }
  return value;
}

/** The cluster flags, for `SERVE_FLAGS`. */
export const CLUSTER_FLAGS: readonly FlagSpec[] = [
  {
    name: "--cluster",
    takesValue: true,
    apply(args, value) {
      const urls = value.split(",").map((u) => u.trim()).filter((u) => u);
      if (
        urls.length === 0 ||
        urls.some((u) => !/^(nats|tls):\/\/[^\s]+$/.test(u))
      ) {
        throw new UsageError(
          `Invalid value for "--cluster": expected nats:// or tls:// URLs separated by commas, got "${value}"`,
        );
      }
      (args as { cluster?: string }).cluster = urls.join(",");
    },
  },
  {
    name: "--node",
    takesValue: true,
    apply: (args, value) =>
      void ((args as { node?: string }).node = name("--node", value)),
  },
  {
    name: "--cluster-name",
    takesValue: true,
    apply: (args, value) =>
      void ((args as { clusterName?: string }).clusterName = name(
        "--cluster-name",
        value,
      )),
  },
  {
    name: "--down-after",
    takesValue: true,
    apply(args, value) {
      const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value);
      const ms = match === null
        ? NaN
        : Number(match[1]) * (match[2] === "ms" ? 1 : 1000);
      if (!(ms >= 100 && ms <= 3_600_000)) {
        throw new UsageError(
          `Invalid value for "--down-after": expected "5", "2.5s" or "1500ms" (at least 100 ms), got "${value}"`,
        );
      }
      (args as { downAfterMs?: number }).downAfterMs = ms;
    },
  },
  {
    name: "--busy-wait",
    takesValue: true,
    apply(args, value) {
      const match = /^(\d+(?:\.\d+)?)(ms)?$/.exec(value);
      const ms = value === "off" ? 0 : match === null ? NaN : Number(match[1]);
      if (!(ms >= 0 && ms <= MAX_BUSY_WAIT_MS)) {
        throw new UsageError(
          `Invalid value for "--busy-wait": expected milliseconds from 0 to ${MAX_BUSY_WAIT_MS} ("1", "2.5ms") or "off", got "${value}"`,
        );
      }
      (args as { busyWaitMs?: number }).busyWaitMs = ms;
    },
  },
  ...LINK_FLAGS,
];

/**
 * The join settings from the flags and the environment, or `undefined`
 * without `--cluster`.
 *
 * @param args The parsed flags.
 * @param env Reads an environment variable.
 * @returns The settings.
 * @throws {UsageError} When `--cluster` and `--node` do not come together,
 * a cluster flag is given without `--cluster`, or the link flags conflict
 * (see `directLinksOption`).
 */
export function clusterJoin(
  args: ClusterArgs,
  env: (name: string) => string | undefined,
): ClusterJoin | undefined {
  if (args.cluster === undefined) {
    const stray = args.node !== undefined
      ? "--node"
      : args.clusterName !== undefined
      ? "--cluster-name"
      : args.downAfterMs !== undefined
      ? "--down-after"
      : args.busyWaitMs !== undefined
      ? "--busy-wait"
      : strayLinkFlag(args);
    if (stray !== undefined) {
      throw new UsageError(`Flag "${stray}" needs "--cluster"`);
    }
    return undefined;
  }
  if (args.node === undefined) {
    throw new UsageError(`Flag "--cluster" needs "--node NAME"`);
  }
  const downAfterMs = args.downAfterMs;
  const file = (variable: string) => env(variable) || undefined;
  const tls = {
    caFile: file("UNDERSTUDY_NATS_CA"),
    certFile: file("UNDERSTUDY_NATS_CERT"),
    keyFile: file("UNDERSTUDY_NATS_KEY"),
  };
  const join: ClusterJoin = {
    servers: args.cluster.split(","),
    node: args.node,
    cluster: args.clusterName,
    downAfterMs,
    busyWaitMs: args.busyWaitMs,
    heartbeatMs: downAfterMs === undefined
      ? undefined
      : Math.max(20, Math.min(1000, Math.floor(downAfterMs / 4))),
    token: file("UNDERSTUDY_NATS_TOKEN"),
    user: file("UNDERSTUDY_NATS_USER"),
    pass: file("UNDERSTUDY_NATS_PASS"),
    nkeySeed: file("UNDERSTUDY_NATS_NKEY_SEED"),
    tls: Object.values(tls).some((v) => v !== undefined) ? tls : undefined,
  };
  const usesTls = join.tls !== undefined ||
    args.cluster.split(",").some((url) => url.startsWith("tls://"));
  const directLinks = directLinksOption(args, env, usesTls);
  return Object.fromEntries(
    Object.entries({ ...join, directLinks }).filter(([, v]) => v !== undefined),
  ) as ClusterJoin;
}

/** The help lines of the cluster flags and variables. */
export const CLUSTER_HELP = {
  flags: `  --cluster URLS             Join a cluster through these NATS servers
                             (nats:// or tls://, comma-separated).
  --node NAME                This node's name in the cluster (with --cluster).
  --cluster-name NAME        The cluster's name. Default: understudy.
  --down-after SECS          A node silent this long is down. Default: 5.
  --busy-wait MS             Spin a low-priority thread this long after
                             traffic with other nodes; "off" for never.
                             Default: 1.
${LINK_HELP.flags}`,
  env: `  UNDERSTUDY_NATS_TOKEN      NATS token, with --cluster.
  UNDERSTUDY_NATS_USER, UNDERSTUDY_NATS_PASS
                             NATS user and password.
  UNDERSTUDY_NATS_NKEY_SEED  NATS NKey seed (SU...).
  UNDERSTUDY_NATS_CA, UNDERSTUDY_NATS_CERT, UNDERSTUDY_NATS_KEY
                             TLS: CA file to trust; client certificate and key.
${LINK_HELP.env}`,
};
