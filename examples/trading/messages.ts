/**
 * The trading system's data and messages, after the ractor seed.
 *
 * @module
 */

import { type ReplyPort, type Topic, topic } from "@understudy/runtime";

/** A price update from the exchange. */
export interface Tick {
  readonly symbol: string;
  readonly price: number;
  readonly volume: number;
  readonly timestamp: number;
}

/**
 * Market data: the feed publishes every tick here; the order book and the
 * risk manager subscribe. Each trading system has a broker of its own (see
 * `tradingSystem`), so two of them never hear each other's ticks.
 */
export const marketData: Topic<Tick> = topic<Tick>("market-data");

/** An order to buy or sell. */
export interface Order {
  readonly orderId: string;
  readonly symbol: string;
  readonly side: "buy" | "sell";
  readonly quantity: number;
  readonly price: number;
}

/** Messages of the market data feed. */
export type FeedMsg =
  | { readonly type: "start" }
  | { readonly type: "stop" }
  | { readonly type: "tick" };

/** Messages of the order book. */
export type BookMsg =
  | { readonly type: "price"; readonly tick: Tick }
  | { readonly type: "place"; readonly order: Order }
  | { readonly type: "best-bid"; readonly replyTo: ReplyPort<number | null> }
  | { readonly type: "best-ask"; readonly replyTo: ReplyPort<number | null> };

/** Messages of the risk manager. */
export type RiskMsg =
  | { readonly type: "check"; readonly order: Order }
  | { readonly type: "market"; readonly tick: Tick }
  | { readonly type: "exposure"; readonly replyTo: ReplyPort<number> }
  | { readonly type: "reset" };

/** Messages of the order executor. */
export type ExecutorMsg =
  | { readonly type: "execute"; readonly order: Order }
  | { readonly type: "executed-count"; readonly replyTo: ReplyPort<number> };

/** Messages of the demo trader. */
export type TraderMsg = { readonly type: "trade" };

/** A sink for the human-readable log. */
export type Log = (line: string) => void;

/** The log of actors started without one: it drops every line. */
export const quiet: Log = () => {};
