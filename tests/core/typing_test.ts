/**
 * Compile-time guarantees. Each `@ts-expect-error` line must fail to type
 * check (`deno check` / `deno test` report an unused directive otherwise);
 * none of them runs.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type ActorRef, defineActor, type ReplyPort } from "../../mod.ts";
import { TestKit } from "../../testing.ts";

type Msg =
  | { type: "add"; n: number }
  | { type: "get"; replyTo: ReplyPort<number> };

const counter = defineActor({
  init: (start: number) => start,
  receive(total: number, msg: Msg) {
    if (msg.type === "add") return total + msg.n;
    msg.replyTo.reply(total);
  },
});

const noArgs = defineActor({
  init: () => null,
  receive: (_: null, _msg: "ping") => {},
});

/** Type checks only: the body is never executed. */
function compileTimeChecks(ref: ActorRef<Msg>, kit: TestKit): void {
  // @ts-expect-error: a message that is not one of the actor's does not compile
  ref.tell({ type: "subtract", n: 1 });
  // @ts-expect-error: a field of the wrong type does not compile
  ref.tell({ type: "add", n: "1" });
  // @ts-expect-error: a bare string is not a Msg
  ref.tell("add");

  // @ts-expect-error: asking with a reply type the message does not carry
  void ref.ask<string>((replyTo) => ({ type: "get", replyTo }));
  // @ts-expect-error: the reply is typed: a number reply is not a string
  const wrongReply: Promise<string> = ref.ask<number>((replyTo) => ({
    type: "get",
    replyTo,
  }));
  void wrongReply;
  // @ts-expect-error: the request built for the ask must be a Msg
  void ref.ask<number>((replyTo) => ({ type: "fetch", replyTo }));

  // @ts-expect-error: a ref to one actor is not a ref to another
  const other: ActorRef<"ping"> = ref;
  void other;

  // @ts-expect-error: init takes arguments, so spawn needs them
  kit.system.spawn(counter);
  // @ts-expect-error: arguments of the wrong type
  kit.system.spawn(counter, { args: "10" });
  // @ts-expect-error: options are not a number
  kit.system.spawn(noArgs, 5);

  defineActor({
    init: (_: void, ctx) => {
      // @ts-expect-error: timers only send the actor's own message type
      ctx.sendAfter("not-a-msg", 10);
      // @ts-expect-error: a watch notice must become the watcher's own message
      ctx.watch(ref, (notice) => notice.reason);
      // @ts-expect-error: self only accepts the actor's own messages
      ctx.self.tell({ type: "add", n: 1 });
    },
    receive: (_: void, _msg: "tick") => {},
  });
}

describe("typing", () => {
  test("a correctly typed tell and ask compile and work", async () => {
    await using kit = new TestKit();
    const ref: ActorRef<Msg> = kit.system.spawn(counter, { args: 1 });
    assert.equal(ref.tell({ type: "add", n: 2 }), true);
    const total: number = await ref.ask<number>((replyTo) => ({
      type: "get",
      replyTo,
    }));
    assert.equal(total, 3);
    assert.equal(typeof compileTimeChecks, "function");
  });
});
