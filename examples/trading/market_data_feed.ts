/**
 * The market data feed: connects to the exchange on `start` and publishes
 * ticks on the `marketData` topic on a timer; it knows none of its
 * subscribers (the seed wired the order book's ref in by hand). Its first
 * connection fails, as in the seed; the supervisor restarts it with clean
 * state and it connects.
 *
 * @module
 */

import { type Cancellable, defineActor } from "@understudy/runtime";
import type { Exchange } from "./exchange.ts";
import { type FeedMsg, type Log, marketData } from "./messages.ts";

/** The feed's arguments. */
export interface FeedArgs {
  readonly symbol: string;
  readonly exchange: Exchange;
  /** Milliseconds between ticks. */
  readonly tickMs: number;
  /** Ticks per connection; `Infinity` streams until stopped. */
  readonly ticks: number;
  /** Connect at start (after a restart too) without waiting for `start`. */
  readonly autoStart: boolean;
  readonly log: Log;
}

/** Streams price updates from the exchange. */
export const marketDataFeed = defineActor({
  kind: "market-data-feed",
  init: (args: FeedArgs, ctx) => {
    args.log(`[MarketData] Starting feed for ${args.symbol}`);
    if (args.autoStart) ctx.self.tell({ type: "start" });
    return {
      args,
      sent: 0,
      timer: null as Cancellable | null,
    };
  },
  receive(state, msg: FeedMsg, ctx) {
    const { args } = state;
    switch (msg.type) {
      case "start":
        if (state.timer !== null) return;
        args.exchange.connect();
        args.log(`[MarketData] Connected to exchange for ${args.symbol}`);
        state.timer = ctx.sendInterval({ type: "tick" }, args.tickMs);
        return;
      case "stop":
        state.timer?.cancel();
        state.timer = null;
        args.log(`[MarketData] Stopping feed for ${args.symbol}`);
        return;
      case "tick": {
        const i = state.sent++;
        const wave = args.ticks === Infinity ? Math.sin(i / 5) * 2 : i * 0.5;
        ctx.publish(marketData, {
          symbol: args.symbol,
          price: 100 + wave,
          volume: 1000 + (i % 10) * 100,
          timestamp: ctx.system.clock.now(),
        });
        if (state.sent >= args.ticks) {
          state.timer?.cancel();
          state.timer = null;
        }
      }
    }
  },
  stopped: (state, reason) =>
    state.args.log(
      `[MarketData] Stopped (${reason}) after ${state.args.exchange.attempts} connection attempts`,
    ),
  snapshot: ({ sent, timer }) => ({
    ticksSent: sent,
    streaming: timer !== null,
  }),
});
