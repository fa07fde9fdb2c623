/**
 * The trading system of the ractor seed, on understudy: one supervisor over
 * the order executor, risk manager, order book and market data feed, started
 * in that order (as the seed does). The seed's supervisor hand-wrote its
 * restarts and re-wired refs; here it is a child-spec list, and market data
 * goes over a topic of the supervisor's own broker (`withBroker`), so the
 * feed needs no ref and two trading systems do not hear each other.
 *
 * @module
 */

import {
  childSpec,
  supervisor,
  type SupervisorDefinition,
  withBroker,
} from "@understudy/runtime";
import { Exchange } from "./exchange.ts";
import { marketDataFeed } from "./market_data_feed.ts";
import type { Log } from "./messages.ts";
import { orderBook } from "./order_book.ts";
import { orderExecutor } from "./order_executor.ts";
import { riskManager } from "./risk_manager.ts";
import { trader } from "./trader.ts";

/** Options for {@linkcode tradingSystem}. */
export interface TradingOptions {
  /** The traded symbol. Defaults to `"AAPL"`. */
  readonly symbol?: string;
  /**
   * Stream forever and run a demo trader (the binary's default demo).
   * Defaults to `false`: the seed's 10 ticks, orders come from outside.
   */
  readonly continuous?: boolean;
  /** Milliseconds between market ticks. Defaults to 500, as the seed. */
  readonly tickMs?: number;
  /** Milliseconds between the demo trader's orders. Defaults to 1000. */
  readonly orderEveryMs?: number;
  /** The risk manager's position limit. Defaults to 10000, as the seed. */
  readonly maxPositionSize?: number;
  /** The exchange connection (its first attempt fails). Defaults to a new one. */
  readonly exchange?: Exchange;
  /** Where the human-readable log goes. Defaults to `console.log`. */
  readonly log?: Log;
}

/** The registered names of the trading actors for `symbol`. */
export function tradingNames(symbol = "AAPL"): {
  readonly executor: string;
  readonly risk: string;
  readonly book: string;
  readonly feed: string;
} {
  return {
    executor: `${symbol}-executor`,
    risk: `${symbol}-risk`,
    book: `${symbol}-book`,
    feed: `${symbol}-market`,
  };
}

/**
 * The trading supervisor. Spawn it as `"trading"`: its children are
 * `/trading/order-executor`, `/trading/risk-manager`, `/trading/order-book`,
 * `/trading/market-data` and, when continuous, `/trading/trader`.
 *
 * @param options Symbol, timing, log.
 * @returns The supervisor definition.
 */
export function tradingSystem(
  options: TradingOptions = {},
): SupervisorDefinition {
  const symbol = options.symbol ?? "AAPL";
  const log = options.log ?? ((line: string) => console.log(line));
  const continuous = options.continuous ?? false;
  const names = tradingNames(symbol);
  const children = [
    childSpec("order-executor", orderExecutor, {
      args: { log },
      register: names.executor,
    }),
    childSpec("risk-manager", riskManager, {
      args: {
        maxPositionSize: options.maxPositionSize ?? 10_000,
        executor: names.executor,
        log,
      },
      register: names.risk,
    }),
    childSpec("order-book", orderBook, {
      args: { symbol, risk: names.risk, log },
      register: names.book,
    }),
    childSpec("market-data", marketDataFeed, {
      args: {
        symbol,
        exchange: options.exchange ?? new Exchange(),
        tickMs: options.tickMs ?? 500,
        ticks: continuous ? Infinity : 10,
        autoStart: true,
        log,
      },
      register: names.feed,
    }),
  ];
  if (continuous) {
    children.push(
      childSpec("trader", trader, {
        args: {
          symbol,
          book: names.book,
          everyMs: options.orderEveryMs ?? 1000,
          log,
        },
      }) as never,
    );
  }
  return withBroker(supervisor({
    kind: "trading-supervisor",
    strategy: "one-for-one",
    maxRestarts: 10,
    withinMs: 60_000,
    children,
  }));
}
