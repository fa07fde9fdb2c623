/**
 * The order executor: sends approved orders to the exchange and counts them.
 *
 * @module
 */

import { defineActor } from "@understudy/runtime";
import { type ExecutorMsg, type Log, quiet } from "./messages.ts";

/** The executor's arguments. */
export interface ExecutorArgs {
  readonly log: Log;
}

/** Executes approved orders. */
export const orderExecutor = defineActor({
  kind: "order-executor",
  init: ({ log = quiet }: Partial<ExecutorArgs> = {}) => {
    log("[Executor] Ready");
    return { log, executed: 0 };
  },
  receive(state, msg: ExecutorMsg) {
    if (msg.type === "execute") {
      state.executed++;
      state.log(
        `[Executor] EXECUTED ${msg.order.orderId}: ${msg.order.side} ${msg.order.quantity} @ ${
          msg.order.price.toFixed(2)
        } (total ${state.executed})`,
      );
    } else {
      msg.replyTo.reply(state.executed);
    }
  },
  snapshot: (state) => ({ executed: state.executed }),
});
