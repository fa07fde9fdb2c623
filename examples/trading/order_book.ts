/**
 * The order book: keeps the best bid and ask from the market data it
 * subscribes to (its broker's `marketData` topic, mapped into its own
 * messages) and forwards orders to the risk manager. The subscription is
 * kept across restarts and dropped when the book stops. It holds the risk
 * manager's ref for good: the
 * ref stays valid across the risk manager's restarts, so nothing re-wires it
 * (the seed's supervisor had to send `UpdateRiskManager` after each restart).
 *
 * @module
 */

import { defineActor } from "@understudy/runtime";
import {
  type BookMsg,
  type Log,
  marketData,
  quiet,
  type RiskMsg,
} from "./messages.ts";
import { named } from "./named.ts";

/** The order book's arguments. */
export interface BookArgs {
  readonly symbol: string;
  /** The registered name of the risk manager. */
  readonly risk: string;
  readonly log: Log;
}

/** Maintains market state and routes orders to risk checks. */
export const orderBook = defineActor({
  kind: "order-book",
  init: (
    { symbol = "AAPL", risk = "AAPL-risk", log = quiet }: Partial<BookArgs> =
      {},
    ctx,
  ) => {
    log(`[OrderBook] Initializing for ${symbol}`);
    ctx.subscribe(marketData, (tick) => ({ type: "price", tick }));
    return {
      symbol,
      log,
      risk: named<RiskMsg>(ctx.system, risk),
      bestBid: null as number | null,
      bestAsk: null as number | null,
      lastPrice: null as number | null,
      updates: 0,
    };
  },
  receive(state, msg: BookMsg) {
    switch (msg.type) {
      case "price":
        if (msg.tick.symbol !== state.symbol) return;
        state.updates++;
        state.lastPrice = msg.tick.price;
        state.bestBid = msg.tick.price - 0.1;
        state.bestAsk = msg.tick.price + 0.1;
        if (state.updates % 5 === 0) {
          state.log(
            `[OrderBook] ${state.updates} updates: last=${
              msg.tick.price.toFixed(2)
            }, bid=${state.bestBid.toFixed(2)}, ask=${
              state.bestAsk.toFixed(2)
            }`,
          );
        }
        return;
      case "place":
        state.log(
          `[OrderBook] Forwarding order ${msg.order.orderId} to risk check`,
        );
        state.risk.tell({ type: "check", order: msg.order });
        return;
      case "best-bid":
        return msg.replyTo.reply(state.bestBid);
      case "best-ask":
        return msg.replyTo.reply(state.bestAsk);
    }
  },
  snapshot: ({ bestBid, bestAsk, lastPrice, updates }) => ({
    bestBid,
    bestAsk,
    lastPrice,
    updates,
  }),
});
