/**
 * The risk manager: checks orders against a position limit and tracks
 * exposure, marked to the last price it heard on the `marketData` topic. It
 * fails on order `ORDER-FAIL`, as in the seed.
 *
 * @module
 */

import { defineActor } from "@understudy/runtime";
import {
  type ExecutorMsg,
  type Log,
  marketData,
  quiet,
  type RiskMsg,
} from "./messages.ts";
import { named } from "./named.ts";

/** The risk manager's arguments. */
export interface RiskArgs {
  readonly maxPositionSize: number;
  /** The registered name of the executor. */
  readonly executor: string;
  readonly log: Log;
}

/** Validates orders before execution. */
export const riskManager = defineActor({
  kind: "risk-manager",
  init: (
    {
      maxPositionSize = 10_000,
      executor = "AAPL-executor",
      log = quiet,
    }: Partial<RiskArgs> = {},
    ctx,
  ) => {
    log(`[RiskManager] Starting with max position ${maxPositionSize}`);
    ctx.subscribe(marketData, (tick) => ({ type: "market", tick }));
    return {
      maxPositionSize,
      log,
      executor: named<ExecutorMsg>(ctx.system, executor),
      exposure: 0,
      /** The quantity held, signed (buys positive). */
      position: 0,
      lastPrice: null as number | null,
      checked: 0,
      rejected: 0,
    };
  },
  receive(state, msg: RiskMsg) {
    switch (msg.type) {
      case "check": {
        const { order } = msg;
        state.checked++;
        if (order.quantity > state.maxPositionSize) {
          state.rejected++;
          state.log(
            `[RiskManager] REJECTED ${order.orderId}: quantity ${order.quantity} exceeds limit ${state.maxPositionSize}`,
          );
          return;
        }
        if (order.orderId === "ORDER-FAIL") {
          throw new Error("Risk calculation error: invalid market state");
        }
        state.exposure += order.quantity * order.price;
        state.position += order.side === "buy"
          ? order.quantity
          : -order.quantity;
        state.log(
          `[RiskManager] APPROVED ${order.orderId}: exposure now ${
            state.exposure.toFixed(2)
          }`,
        );
        state.executor.tell({ type: "execute", order });
        return;
      }
      case "market":
        state.lastPrice = msg.tick.price;
        return;
      case "exposure":
        return msg.replyTo.reply(state.exposure);
      case "reset":
        state.log("[RiskManager] Resetting state");
        state.exposure = 0;
        state.position = 0;
        state.checked = 0;
        state.rejected = 0;
    }
  },
  snapshot: ({ exposure, position, lastPrice, checked, rejected }) => ({
    exposure,
    position,
    lastPrice,
    markToMarket: lastPrice === null ? null : position * lastPrice,
    checked,
    rejected,
  }),
});
