import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { brokerOf, groupsOf, inspect, listTopics } from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import {
  marketData,
  runScenario,
  tradingSystem,
} from "../../examples/trading/mod.ts";

async function runOnVirtualClock() {
  const kit = new TestKit();
  const lines: string[] = [];
  const stats = await runScenario(kit.system, {
    log: (line) => lines.push(line),
    wait: (ms) => kit.advance(ms),
  });
  return { kit, lines, stats };
}

describe("trading system from the ractor seed", () => {
  test("reaches the seed's outcome: feed restarts 1, risk manager restarts 1, 8 orders executed", async () => {
    const { kit, stats } = await runOnVirtualClock();
    await using _ = kit;
    assert.equal(stats.marketDataRestarts, 1);
    assert.equal(stats.riskManagerRestarts, 1);
    assert.equal(stats.ordersExecuted, 8);
  });

  test("the risk manager restarts with clean state: exposure holds only ORDER-5", async () => {
    const { kit, stats } = await runOnVirtualClock();
    await using _ = kit;
    assert.equal(stats.exposureAfterRestart, 100 * 105);
  });

  test("an order sent right behind ORDER-FAIL is risk-checked and executed", async () => {
    const { kit, lines } = await runOnVirtualClock();
    await using _ = kit;
    const failedAt = lines.findIndex((l) => l.includes("risk-manager failed"));
    const approved = lines.findIndex((l) => l.includes("APPROVED ORDER-5"));
    const executed = lines.findIndex((l) => l.includes("EXECUTED ORDER-5"));
    assert.ok(failedAt >= 0, "the risk manager failed");
    assert.ok(approved > failedAt, "ORDER-5 approved after the failure");
    assert.ok(executed > approved, "ORDER-5 executed");
    const failing = kit.eventsOf("dead-letter").filter((e) =>
      e.path === "/trading/risk-manager"
    );
    assert.equal(failing.length, 1);
    assert.equal(failing[0].reason, "failed");
    assert.equal(
      (failing[0].message as { order: { orderId: string } }).order.orderId,
      "ORDER-FAIL",
    );
  });

  test("the order book keeps the ref it got at start: no re-wiring after the restart", async () => {
    const { kit } = await runOnVirtualClock();
    await using _ = kit;
    const risk = kit.system.lookup("/trading/risk-manager");
    assert.ok(risk);
    assert.equal(risk, kit.system.whereIs("AAPL-risk"));
    assert.equal(risk.restarts, 1);
    // Only the two failing actors ever restarted; the book kept running.
    const restarted = kit.eventsOf("restarted").map((e) => e.path).sort();
    assert.deepEqual(restarted, [
      "/trading/market-data",
      "/trading/risk-manager",
    ]);
    assert.equal(kit.system.lookup("/trading/order-book")!.restarts, 0);
  });

  test("the feed's first connection fails and the restarted feed connects", async () => {
    const { kit, lines } = await runOnVirtualClock();
    await using _ = kit;
    const failed = lines.findIndex((l) =>
      l.includes("market-data failed: Failed to connect to exchange")
    );
    const connected = lines.findIndex((l) =>
      l.includes("Connected to exchange")
    );
    assert.ok(failed >= 0 && connected > failed);
  });

  test("market data goes over the trading system's own topic to the book and the risk manager", async () => {
    const { kit } = await runOnVirtualClock();
    await using _ = kit;
    const trading = kit.system.lookup("/trading")!;
    const broker = brokerOf(trading);
    assert.equal(broker.scope, "/trading");
    assert.deepEqual(
      broker.subscribers(marketData).map((ref) => ref.path).sort(),
      ["/trading/order-book", "/trading/risk-manager"],
    );
    const [topic] = listTopics(kit.system);
    assert.equal(topic.name, "market-data");
    assert.ok(topic.published >= 8, `${topic.published} ticks`);
    assert.equal(topic.dropped, 0);
    // Every tick reached the book; the risk manager holds the last price.
    const book = inspect(kit.system, "/trading/order-book")!;
    assert.equal(
      (book.snapshot as { updates: number }).updates,
      topic.published,
    );
    const risk = inspect(kit.system, "/trading/risk-manager")!;
    assert.equal(
      (risk.snapshot as { lastPrice: number }).lastPrice,
      100 + (topic.published - 1) * 0.5,
    );
    // Nothing went to the system's broker, and no group was needed.
    assert.deepEqual(brokerOf(kit.system).topics(), []);
    assert.deepEqual(groupsOf(kit.system).groups(), []);
  });

  test("two trading systems do not hear each other's market data", async () => {
    await using kit = new TestKit();
    kit.system.spawn(tradingSystem({ symbol: "AAPL", log: () => {} }), {
      name: "aapl",
    });
    kit.system.spawn(tradingSystem({ symbol: "MSFT", log: () => {} }), {
      name: "msft",
    });
    await kit.advance(3000);
    const updates = (path: string) =>
      (inspect(kit.system, path)!.snapshot as { updates: number }).updates;
    const published = listTopics(kit.system).map((t) => [t.scope, t.published]);
    // Each feed published on its own system's broker, none on the system's.
    assert.deepEqual(published, [["/aapl", 6], ["/msft", 6]]);
    assert.equal(updates("/aapl/order-book"), 6);
    assert.equal(updates("/msft/order-book"), 6);
    const risk = brokerOf(kit.system.lookup("/aapl/risk-manager")!);
    assert.equal(risk.subscribers(marketData).length, 2);
  });
});
