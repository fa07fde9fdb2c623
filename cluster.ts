/**
 * understudy nodes joined over NATS: location-transparent refs, a
 * cluster-wide registry in JetStream's key-value store, remote watch and
 * node-down, remote spawn of catalog kinds. The only module of the package
 * that imports the NATS client.
 *
 * @example Join a cluster and talk to a remote actor
 * ```ts ignore
 * import { ActorSystem } from "@understudy/runtime";
 * import { joinCluster } from "@understudy/runtime/cluster";
 * await using system = new ActorSystem();
 * await using node = await joinCluster({ system, node: "a", servers: "nats://127.0.0.1:4222" });
 * const log = await node.whereIs<string>("log");
 * log?.tell("hello from a");
 * ```
 *
 * @module
 */

export { ClusterNode } from "./src/cluster/cluster_node.ts";
export { joinCluster } from "./src/cluster/join_cluster.ts";
export type { NodeEvent, NodeInfo } from "./src/cluster/cluster_node.ts";
export { RemoteRef } from "./src/cluster/remote_ref.ts";
export {
  isActorRef,
  isReplyPort,
  jsonCodec,
  PORT_KEY,
  REF_KEY,
} from "./src/cluster/codec.ts";
export type {
  Codec,
  CodecContext,
  WirePort,
  WireRef,
} from "./src/cluster/codec.ts";
export { MessageEncodingError, NodeDownError } from "./src/cluster/errors.ts";
export type {
  ClusterOptions,
  ClusterTlsOptions,
  DirectLinkOptions,
  Spawner,
  SpawnRequest,
} from "./src/cluster/options.ts";
/**
 * The core's types, which this entry's signatures mention, re-exported as
 * types so this entry's API documents itself: they are the same types as
 * `@understudy/runtime`'s.
 */
export type * from "./mod.ts";
