/**
 * The `directLinks` option checked and its listener opened, before the node
 * joins (so its first heartbeat can advertise the address).
 *
 * @module
 */

import { defaultSecret, randomHex } from "./_link_auth.ts";
import { LineListener } from "./_link_socket.ts";
import type { ClusterOptions } from "./options.ts";

/** A node's direct link settings, resolved. */
export interface DirectSetup {
  readonly listener: LineListener;
  /** The `host:port` to advertise. */
  readonly address: string;
  /** This node's random link key (advertised). */
  readonly key: string;
  /** The cluster secret. */
  readonly secret: string;
}

function usesTls(options: ClusterOptions): boolean {
  const servers = options.servers ?? [];
  const list = typeof servers === "string" ? servers.split(",") : servers;
  return options.tls !== undefined ||
    list.some((url) => /^\s*tls:/i.test(String(url)));
}

function invalid(what: string): TypeError {
  return new TypeError(`Invalid cluster options: directLinks.${what}`);
}

/**
 * Opens the direct link listener when the options ask for links.
 *
 * @param options The cluster options.
 * @returns The setup, or `null` for NATS only.
 * @throws {TypeError} When a `directLinks` setting is invalid.
 * @throws {Error} When the address cannot be bound.
 */
export async function openDirect(
  options: ClusterOptions,
): Promise<DirectSetup | null> {
  const given = options.directLinks;
  if (given === false || (given === undefined && usesTls(options))) {
    return null;
  }
  if (given !== undefined && given !== true && typeof given !== "object") {
    throw new TypeError(
      "Invalid cluster options: directLinks must be a boolean or an object",
    );
  }
  const settings = typeof given === "object" && given !== null ? given : {};
  const host = settings.host ?? "127.0.0.1";
  const port = settings.port ?? 0;
  if (typeof host !== "string" || host === "") {
    throw invalid("host must be a non-empty string");
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw invalid("port must be an integer from 0 to 65535");
  }
  const { advertise, secret } = settings;
  if (advertise !== undefined && !/^.+:\d{1,5}$/.test(String(advertise))) {
    throw invalid('advertise must be "host:port"');
  }
  if (secret !== undefined && (typeof secret !== "string" || secret === "")) {
    throw invalid("secret must be a non-empty string");
  }
  let listener: LineListener;
  try {
    listener = await LineListener.open(host, port);
  } catch (error) {
    throw new Error(
      `Cannot listen for direct links on ${host}:${port}: ${
        (error as Error)?.message ?? error
      }`,
      { cause: error },
    );
  }
  const bracketed = host.includes(":") ? `[${host}]` : host;
  return {
    listener,
    address: advertise ?? `${bracketed}:${listener.port}`,
    key: randomHex(16),
    secret: secret ??
      defaultSecret([
        options.token,
        options.user,
        options.pass,
        options.nkeySeed,
      ]),
  };
}
