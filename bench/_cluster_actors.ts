/**
 * The actors of the cluster benchmark: a sink that counts and answers once
 * it has seen what it expects, and an echo for ping-pong.
 *
 * @module
 */

import { defineActor, type ReplyPort } from "../mod.ts";

/** Messages of the sink. */
export type SinkMsg =
  | number
  | { t: "expect"; n: number; replyTo: ReplyPort<number> };

interface SinkState {
  count: number;
  expect: number;
  replyTo: ReplyPort<number> | null;
}

/** Counts numbers; answers the pending `expect` when the count is reached. */
export const sink = defineActor({
  kind: "bench-sink",
  init: (): SinkState => ({ count: 0, expect: -1, replyTo: null }),
  receive(state: SinkState, msg: SinkMsg) {
    if (typeof msg === "number") {
      if (++state.count === state.expect) {
        state.replyTo!.reply(state.count);
        state.count = 0;
        state.expect = -1;
      }
    } else {
      state.expect = msg.n;
      state.replyTo = msg.replyTo;
      if (state.count === msg.n) {
        msg.replyTo.reply(state.count);
        state.count = 0;
        state.expect = -1;
      }
    }
    return state;
  },
});

/** Messages of the echo. */
export type EchoMsg = { n: number; replyTo: ReplyPort<number> };

/** Answers every ask with its number. */
export const echo = defineActor({
  kind: "bench-echo",
  init: () => null,
  receive(_: null, msg: EchoMsg) {
    msg.replyTo.reply(msg.n);
    return null;
  },
});
