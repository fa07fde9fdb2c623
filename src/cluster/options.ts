/**
 * The options of a cluster node: where NATS is, the cluster and node names,
 * the failure detector's timing, the codec, credentials and remote spawn.
 *
 * @module
 */

import type { AnyActorRef } from "../core/actor_context.ts";
import type { ActorSystem } from "../core/actor_system.ts";
import type { Codec } from "./codec.ts";

/** TLS settings passed to the NATS client (files are read by it). */
export interface ClusterTlsOptions {
  /** A CA certificate file to trust (PEM). Defaults to the system's CAs. */
  readonly caFile?: string;
  /** A client certificate file (PEM), for mutual TLS. Defaults to none. */
  readonly certFile?: string;
  /** The client certificate's key file (PEM). Defaults to none. */
  readonly keyFile?: string;
  /** A CA certificate (PEM text). Defaults to none. */
  readonly ca?: string;
  /** A client certificate (PEM text). Defaults to none. */
  readonly cert?: string;
  /** The client certificate's key (PEM text). Defaults to none. */
  readonly key?: string;
  /** TLS before the NATS greeting (server's `handshake_first`). Defaults to `false`. */
  readonly handshakeFirst?: boolean;
}

/** What a node is asked to spawn by another node (`spawnOn`). */
export interface SpawnRequest {
  /** The catalog kind. */
  readonly kind: string;
  /** The actor's name. Defaults to a generated one. */
  readonly name?: string;
  /** The kind's arguments (checked by its validator). Defaults to none. */
  readonly args?: unknown;
}

/**
 * Spawns an actor of a catalog kind for a remote request; never runs code
 * from the wire. `catalogSpawner` from `@understudy/runtime/http` makes one
 * from a `Catalog`.
 *
 * @param request The kind, name and arguments.
 * @returns The new actor's ref.
 */
export type Spawner = (request: SpawnRequest) => Promise<AnyActorRef>;

/**
 * Where a node accepts direct links from other nodes, and the secret that
 * admits them (`directLinks` of `joinCluster`).
 */
export interface DirectLinkOptions {
  /** The address to listen on. Defaults to `"127.0.0.1"`. */
  readonly host?: string;
  /** The port to listen on; `0` picks a free one. Defaults to `0`. */
  readonly port?: number;
  /**
   * The `host:port` other nodes dial (behind NAT, or when listening on
   * `0.0.0.0`). Defaults to `host` and the bound port.
   */
  readonly advertise?: string;
  /**
   * The secret every node of the cluster shares to open links. Defaults to
   * one derived from the NATS credentials (`token`, `user`/`pass`,
   * `nkeySeed`); without any, links are guarded by the keys nodes advertise
   * over NATS alone.
   */
  readonly secret?: string;
}

/** Options for `joinCluster`. */
export interface ClusterOptions {
  /** The actor system that joins. */
  readonly system: ActorSystem;
  /**
   * This node's name, unique in the cluster: letters, digits, `-` and `_`.
   */
  readonly node: string;
  /**
   * NATS server URLs (`nats://host:4222`, `tls://host:4222`; credentials in
   * the URL work too). Defaults to `"nats://127.0.0.1:4222"`.
   */
  readonly servers?: string | readonly string[];
  /**
   * The cluster's name: nodes of other clusters on the same NATS are
   * ignored. Letters, digits, `-` and `_`. Defaults to `"understudy"`.
   */
  readonly cluster?: string;
  /** How often this node publishes a heartbeat, in ms. Defaults to 1000. */
  readonly heartbeatMs?: number;
  /**
   * A node not heard from for this long is declared down, in ms. Defaults to
   * 5000.
   */
  readonly downAfterMs?: number;
  /** How messages are encoded. Defaults to `jsonCodec` (JSON with refs). */
  readonly codec?: Codec;
  /** A NATS token. Defaults to none. */
  readonly token?: string;
  /** A NATS user name (with `pass`). Defaults to none. */
  readonly user?: string;
  /** The NATS user's password. Defaults to none. */
  readonly pass?: string;
  /** An NKey seed (`SU...`) to sign the server's nonce. Defaults to none. */
  readonly nkeySeed?: string;
  /** TLS to the NATS servers. Defaults to none (or per the URL scheme). */
  readonly tls?: ClusterTlsOptions;
  /** How long to try to connect at first, in ms. Defaults to 5000. */
  readonly connectTimeoutMs?: number;
  /**
   * The process group scopes (`groupsOf(system, scope)`) whose groups span
   * the cluster: members on every node, a down node's members leave.
   * Defaults to `["default"]`; `[]` keeps every group local.
   */
  readonly groups?: readonly string[];
  /**
   * Whether topics of the system broker (`brokerOf(system)`) publish
   * cluster-wide. Defaults to `false`: topics stay local.
   */
  readonly topics?: boolean;
  /**
   * Direct TCP links between nodes beside NATS (plain TCP, authenticated,
   * not encrypted): `true` or settings to offer them, `false` for NATS only.
   * Defaults to `true`, except when `tls` is given or a server URL is
   * `tls://`: then `false`, so nothing travels unencrypted unless asked.
   */
  readonly directLinks?: boolean | DirectLinkOptions;
  /**
   * After a small batch (an ask, a reply, a few tells: not a burst) is sent
   * to or received from another node, one thread of
   * this process spins at the lowest priority (nice 19) for this long, in
   * ms, before it sleeps, as the BEAM's schedulers busy-wait: the next
   * message then wakes a running CPU instead of an idle one, which on a
   * virtual machine can cost more than the rest of a round trip. One thread
   * serves every node of the process (the longest window asked for wins).
   * Linux only; on Deno it needs read access to `/proc/thread-self` and
   * `sys` access to `setPriority` (both in `-A`), else nothing spins.
   * Defaults to 1; 0 turns it off.
   */
  readonly busyWaitMs?: number;
  /**
   * Spawns catalog kinds for `spawnOn` requests from other nodes. Defaults to
   * none: such requests are refused.
   */
  readonly spawner?: Spawner;
}
