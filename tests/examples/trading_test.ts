import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { TestKit } from "../../testing.ts";
import { runScenario } from "../../examples/trading/mod.ts";

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
});
