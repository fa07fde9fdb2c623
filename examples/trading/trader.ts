/**
 * A demo trader: submits an order to the book on a timer, so the demo system
 * stays busy while you watch it.
 *
 * @module
 */

import { defineActor } from "@understudy/runtime";
import type { BookMsg, Log, TraderMsg } from "./messages.ts";
import { named } from "./named.ts";

/** The trader's arguments. */
export interface TraderArgs {
  readonly symbol: string;
  /** The registered name of the order book. */
  readonly book: string;
  /** Milliseconds between orders. */
  readonly everyMs: number;
  readonly log: Log;
}

/** Places an order every `everyMs`. */
export const trader = defineActor({
  kind: "trader",
  init: (args: TraderArgs, ctx) => {
    ctx.sendInterval({ type: "trade" }, args.everyMs);
    return {
      args,
      book: named<BookMsg>(ctx.system, args.book),
      placed: 0,
    };
  },
  receive(state, _msg: TraderMsg) {
    const n = state.placed++;
    state.book.tell({
      type: "place",
      order: {
        orderId: `DEMO-${n}`,
        symbol: state.args.symbol,
        side: n % 2 === 0 ? "buy" : "sell",
        quantity: 10 + (n % 5) * 10,
        price: 100 + (n % 7),
      },
    });
  },
  snapshot: ({ placed }) => ({ placed }),
});
