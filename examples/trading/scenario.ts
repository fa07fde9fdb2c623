/**
 * The seed's scenario as a function, so the example program and the test run
 * the same steps: the program waits on real time, the test on a virtual clock.
 *
 * @module
 */

import type { ActorSystem } from "@understudy/runtime";
import type { BookMsg, ExecutorMsg, Log, Order, RiskMsg } from "./messages.ts";
import { tradingNames, tradingSystem } from "./trading_system.ts";
import { named } from "./named.ts";

/** What the scenario measured, as the seed's `SystemStats`. */
export interface ScenarioStats {
  readonly marketDataRestarts: number;
  readonly riskManagerRestarts: number;
  readonly ordersExecuted: number;
  /** The risk manager's exposure after its restart and ORDER-5. */
  readonly exposureAfterRestart: number;
}

/** How the scenario logs and waits. */
export interface ScenarioIo {
  readonly log: Log;
  /** Lets `ms` of (real or virtual) time pass. */
  readonly wait: (ms: number) => Promise<void>;
}

function order(id: string, i: number, quantity = 100): Order {
  return {
    orderId: id,
    symbol: "AAPL",
    side: i % 2 === 0 ? "buy" : "sell",
    quantity,
    price: 100 + i,
  };
}

/**
 * Runs the seed's steps against a fresh trading system in `system`.
 *
 * @param system The system to run in.
 * @param io Logging and waiting.
 * @returns The final statistics.
 */
export async function runScenario(
  system: ActorSystem,
  io: ScenarioIo,
): Promise<ScenarioStats> {
  const { log, wait } = io;
  const unsubscribe = system.events.subscribe((event) => {
    if (event.type === "failed") {
      const error = event.error instanceof Error
        ? event.error.message
        : String(event.error);
      log(`[Supervisor] ${event.path} failed: ${error}`);
    } else if (event.type === "restarted") {
      log(`[Supervisor] ${event.path} restarted (restart #${event.restarts})`);
    }
  });
  log("=== Starting Trading System ===");
  system.spawn(tradingSystem({ log }), { name: "trading" });
  const names = tradingNames("AAPL");
  await wait(2000);
  const book = named<BookMsg>(system, names.book);
  const risk = named<RiskMsg>(system, names.risk);
  const executor = named<ExecutorMsg>(system, names.executor);
  const feed = system.lookup("/trading/market-data")!;

  log("\n=== Submitting Orders ===");
  for (let i = 0; i < 5; i++) {
    book.tell({ type: "place", order: order(`ORDER-${i}`, i) });
    await wait(200);
  }

  log("\n=== Triggering Risk Manager Failure ===");
  book.tell({ type: "place", order: order("ORDER-FAIL", 5, 500) });
  // Sent at once, before the restart completes: the seed would lose it.
  book.tell({ type: "place", order: order("ORDER-5", 5) });
  await wait(1000);
  const exposureAfterRestart = await risk.ask<number>((replyTo) => ({
    type: "exposure",
    replyTo,
  }));
  log(
    `[Main] Exposure after the restart: ${
      exposureAfterRestart.toFixed(2)
    } (ORDER-5 only: the state was rebuilt)`,
  );

  log("\n=== Submitting Orders After Recovery ===");
  for (let i = 6; i < 8; i++) {
    book.tell({ type: "place", order: order(`ORDER-${i}`, i) });
    await wait(200);
  }
  await wait(500);
  const ordersExecuted = await executor.ask<number>((replyTo) => ({
    type: "executed-count",
    replyTo,
  }));
  unsubscribe();
  return {
    marketDataRestarts: feed.restarts,
    riskManagerRestarts: risk.restarts,
    ordersExecuted,
    exposureAfterRestart,
  };
}
