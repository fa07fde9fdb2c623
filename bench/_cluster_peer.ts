/**
 * The receiving node of the cluster benchmark, in its own process: joins,
 * spawns the sink and the echo, prints `ready`, exits when its input closes.
 *
 * Usage: `_cluster_peer.ts <servers> <cluster>`
 *
 * @module
 */

import process from "node:process";
import { connect } from "@nats-io/transport-node";
import { ActorSystem } from "../mod.ts";
import { joinCluster } from "../cluster.ts";
import { echo, sink } from "./_cluster_actors.ts";

const [servers, cluster] = process.argv.slice(2);
const system = new ActorSystem({ name: "bench-peer" });
system.spawn(sink, { name: "sink" });
system.spawn(echo, { name: "echo" });
await joinCluster({ system, servers, cluster, node: "peer" });
// The transport's floor: a bare NATS echo on its own connection.
const raw = await connect({ servers });
raw.subscribe(`${cluster}.raw.echo`, {
  callback: (_error, msg) => raw.publish(`${cluster}.raw.back`, msg.data),
});
await raw.flush();
console.log("ready");
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
