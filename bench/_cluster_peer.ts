/**
 * The receiving node of the cluster benchmark, in its own process: joins
 * two clusters (one with direct links, one over NATS only), spawns a sink
 * and an echo in each, runs a bare NATS echo and a bare TCP echo (the two
 * transports' floors), prints `ready <tcp port>`, exits when its input
 * closes.
 *
 * Usage: `_cluster_peer.ts <servers> <cluster> <busyWaitMs>`
 *
 * @module
 */

import process from "node:process";
import { createServer } from "node:net";
import { connect } from "@nats-io/transport-node";
import { ActorSystem } from "../mod.ts";
import { joinCluster } from "../cluster.ts";
import { echo, sink } from "./_cluster_actors.ts";

const [servers, cluster, busyWaitMs] = process.argv.slice(2);
for (const [name, directLinks] of [[cluster, true], [`${cluster}n`, false]]) {
  const system = new ActorSystem({ name: `bench-peer-${name}` });
  system.spawn(sink, { name: "sink" });
  system.spawn(echo, { name: "echo" });
  await joinCluster({
    system,
    servers,
    cluster: name as string,
    node: "peer",
    directLinks: directLinks as boolean,
    busyWaitMs: Number(busyWaitMs),
  });
}
// The transports' floors: a bare NATS echo on its own connection, and a
// bare TCP echo (node:net, Nagle off).
const raw = await connect({ servers });
raw.subscribe(`${cluster}.raw.echo`, {
  callback: (_error, msg) => raw.publish(`${cluster}.raw.back`, msg.data),
});
await raw.flush();
const tcp = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on("data", (chunk) => socket.write(chunk));
});
await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
console.log(`ready ${(tcp.address() as { port: number }).port}`);
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
