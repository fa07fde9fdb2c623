/**
 * Joining a cluster: connect to NATS (credentials passed through), open the
 * registry bucket, and start a {@linkcode ClusterNode}.
 *
 * @module
 */

import { connect } from "@nats-io/transport-node";
import { type ConnectionOptions, nkeyAuthenticator } from "@nats-io/nats-core";
import { type KV, Kvm } from "@nats-io/kv";
import { ActorSystem } from "../core/actor_system.ts";
import { errorMessage } from "../core/errors.ts";
import { ClusterNode } from "./cluster_node.ts";
import type { ClusterOptions } from "./options.ts";
import { checkBusyWait, checkMs, checkSimple } from "./_checks.ts";
import { type DirectSetup, openDirect } from "./_direct_setup.ts";

/**
 * Joins a cluster: connects to NATS, opens the registry and starts
 * heartbeats. The node leaves when its system shuts down.
 *
 * @param options The system, node name, servers and settings.
 * @returns The node, once connected.
 * @throws {TypeError} When a name or option is invalid.
 * @throws {Error} When no NATS server could be reached in time.
 * @example Two nodes in one process
 * ```ts ignore
 * import { ActorSystem, defineActor } from "@understudy/runtime";
 * import { joinCluster } from "@understudy/runtime/cluster";
 * const echo = defineActor({ init: () => null, receive: (_: null, m: { text: string; replyTo: { reply(t: string): void } }) => m.replyTo.reply(m.text) });
 * await using systemB = new ActorSystem();
 * systemB.spawn(echo, { name: "echo" });
 * const b = await joinCluster({ system: systemB, node: "b" });
 * await using systemA = new ActorSystem();
 * const a = await joinCluster({ system: systemA, node: "a" });
 * const text = await a.refAt<{ text: string; replyTo: { reply(t: string): void } }>("b", "/echo")
 *   .ask<string>((replyTo) => ({ text: "hi", replyTo }));
 * ```
 */
export async function joinCluster(
  options: ClusterOptions,
): Promise<ClusterNode> {
  const { system } = options ?? {};
  if (!(system instanceof ActorSystem)) {
    throw new TypeError(
      "Invalid cluster options: system must be an ActorSystem",
    );
  }
  const node = checkSimple(options.node, "node");
  const cluster = checkSimple(options.cluster ?? "understudy", "cluster");
  const heartbeatMs = checkMs(options.heartbeatMs ?? 1000, "heartbeatMs");
  const downAfterMs = checkMs(options.downAfterMs ?? 5000, "downAfterMs");
  if (downAfterMs <= heartbeatMs) {
    throw new RangeError(
      `Invalid cluster options: downAfterMs (${downAfterMs}) must exceed heartbeatMs (${heartbeatMs})`,
    );
  }
  const busyWaitMs = checkBusyWait(options.busyWaitMs);
  const direct: DirectSetup | null = await openDirect(options);
  let nc;
  try {
    nc = await connect(connectionOptions(options, node));
  } catch (error) {
    direct?.listener.close();
    throw error;
  }
  let kv: KV | null = null;
  let why = "";
  try {
    kv = await new Kvm(nc).create(`understudy_${cluster}`, { history: 1 });
  } catch (error) {
    why = errorMessage(error);
  }
  const joined = new ClusterNode(options, nc, kv, why, {
    node,
    cluster,
    heartbeatMs,
    downAfterMs,
    busyWaitMs,
    direct,
  });
  // A round trip to the server: once this resolves, its subscriptions are
  // in place and messages to this node reach it.
  await nc.flush();
  return joined;
}

function connectionOptions(
  options: ClusterOptions,
  node: string,
): ConnectionOptions {
  const servers = options.servers ?? "nats://127.0.0.1:4222";
  const out: ConnectionOptions = {
    servers: typeof servers === "string" ? servers : [...servers],
    name: `understudy:${options.cluster ?? "understudy"}:${node}`,
    timeout: options.connectTimeoutMs ?? 5000,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    reconnectJitter: 100,
    pingInterval: 10_000,
  };
  if (options.token !== undefined) out.token = options.token;
  if (options.user !== undefined) out.user = options.user;
  if (options.pass !== undefined) out.pass = options.pass;
  if (options.nkeySeed !== undefined) {
    out.authenticator = nkeyAuthenticator(
      new TextEncoder().encode(options.nkeySeed),
    );
  }
  if (options.tls !== undefined) out.tls = { ...options.tls };
  return out;
}
