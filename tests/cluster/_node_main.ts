/**
 * A cluster node process for the tests: joins the cluster named on the
 * command line, spawns the test actors, prints `ready <node>`, and runs until
 * killed, until a "stop" line on its standard input (a graceful shutdown), or
 * until its standard input closes without one (an abrupt exit).
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
// A "stop" line shuts the node down gracefully. Standard input closing
// without it (the test process went away, or is about to kill this one: some
// runtimes close a child's pipes before they signal it) ends the process at
// once, as a kill would: a graceful shutdown racing a `kill -9` would tell the
// other nodes `shutdown` where they must see the node go down.
let input = "";
let stopping = false;
process.stdin.setEncoding("utf8");
process.stdin.on("data", async (chunk: string) => {
  input += chunk;
  if (!stopping && input.split("\n").includes("stop")) {
    stopping = true;
    await system.shutdown();
    process.exit(0);
  }
});
process.stdin.on("end", () => {
  if (!stopping) process.exit(1);
});
