/**
 * Runs the ractor seed's scenario on understudy and prints what happened:
 * the feed fails its first connection and is restarted; five orders execute;
 * `ORDER-FAIL` crashes the risk manager, which restarts with clean state;
 * three more orders execute, the first sent right behind the failing one.
 *
 * Run: `npm run example:trading`
 *
 * @module
 */

import { ActorSystem } from "@understudy/runtime";
import { runScenario } from "./scenario.ts";

await using system = new ActorSystem({ name: "trading-example" });
const stats = await runScenario(system, {
  log: (line) => console.log(line),
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});
console.log("\n=== Final Statistics ===");
console.log(`Market data restarts: ${stats.marketDataRestarts}`);
console.log(`Risk manager restarts: ${stats.riskManagerRestarts}`);
console.log(`Orders executed: ${stats.ordersExecuted}`);
