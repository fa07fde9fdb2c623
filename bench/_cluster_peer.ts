/**
 * The receiving node of the cluster benchmark, in its own process: joins,
 * spawns the sink and the echo, prints `ready`, exits when its input closes.
 *
 * Usage: `_cluster_peer.ts <servers> <cluster>`
 *
 * @module
 */

import process from "node:process";
import { ActorSystem } from "../mod.ts";
import { joinCluster } from "../cluster.ts";
import { echo, sink } from "./_cluster_actors.ts";

const [servers, cluster] = process.argv.slice(2);
const system = new ActorSystem({ name: "bench-peer" });
system.spawn(sink, { name: "sink" });
system.spawn(echo, { name: "echo" });
await joinCluster({ system, servers, cluster, node: "peer" });
console.log("ready");
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
