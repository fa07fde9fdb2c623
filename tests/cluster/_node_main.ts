/**
 * A cluster node process for the tests: joins the cluster named on the
 * command line, spawns the test actors, prints `ready <node>`, and runs until
 * killed or until its standard input closes.
 *
 * Usage: `_node_main.ts <servers> <cluster> <node> <heartbeatMs> <downAfterMs> [directLinks as JSON]`
 *
 * @module
 */

import process from "node:process";
import { ActorSystem } from "../../mod.ts";
import { joinCluster } from "../../cluster.ts";
import { spawnTestActors } from "./_node_actors.ts";

const [servers, cluster, node, heartbeatMs, downAfterMs, direct] = process
  .argv.slice(2);
const system = new ActorSystem({ name: node });
const joined = await joinCluster({
  system,
  servers,
  cluster,
  node,
  heartbeatMs: Number(heartbeatMs),
  downAfterMs: Number(downAfterMs),
  topics: true,
  ...(direct === undefined ? {} : { directLinks: JSON.parse(direct) }),
});
spawnTestActors(joined, system);
console.log(`ready ${node}`);
process.stdin.resume();
process.stdin.on("end", async () => {
  await system.shutdown();
  process.exit(0);
});
