import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { defineActor, type ReplyPort } from "../../mod.ts";
import { TestKit } from "../../testing.ts";

type Get = { replyTo: ReplyPort<number> };

const counter = defineActor({
  init: () => 0,
  receive(n: number, msg: Get) {
    msg.replyTo.reply(n);
    return n + 1;
  },
});

/** Resolves after `n` turns of the microtask queue. */
async function ticks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

describe("async handlers", () => {
  test("an async handler suspends only its own actor: another actor keeps handling messages meanwhile", async () => {
    await using kit = new TestKit();
    const gate = Promise.withResolvers<void>();
    const entered = Promise.withResolvers<void>();
    const log: string[] = [];
    const slow = kit.system.spawn(defineActor({
      init: () => null,
      async receive(_: null, msg: string) {
        log.push(`start ${msg}`);
        if (msg === "wait") {
          entered.resolve();
          await gate.promise;
        }
        log.push(`end ${msg}`);
      },
    }));
    const fast = kit.system.spawn(counter);
    try {
      slow.tell("wait");
      slow.tell("next");
      await entered.promise;
      for (let i = 0; i < 5; i++) {
        assert.equal(await fast.ask<number>((replyTo) => ({ replyTo })), i);
      }
      assert.deepEqual(
        log,
        ["start wait"],
        "slow is suspended, its next message waits",
      );
      assert.equal(kit.system.stats.scheduler.inFlight, 1);
    } finally {
      gate.resolve();
    }
    await kit.runUntilIdle();
    assert.deepEqual(log, ["start wait", "end wait", "start next", "end next"]);
  });

  test("async handlers run one message at a time, in arrival order, even when later ones would finish first", async () => {
    await using kit = new TestKit();
    const log: string[] = [];
    const ref = kit.system.spawn(defineActor({
      init: () => null,
      async receive(_: null, msg: number) {
        log.push(`start ${msg}`);
        await ticks(10 - msg * 2); // earlier messages take longer
        log.push(`end ${msg}`);
      },
    }));
    for (let i = 0; i < 5; i++) ref.tell(i);
    await kit.runUntilIdle();
    assert.deepEqual(
      log,
      [0, 1, 2, 3, 4].flatMap((i) => [`start ${i}`, `end ${i}`]),
    );
  });

  test("an async handler's resolved value becomes the state; resolving to nothing keeps it", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(defineActor({
      init: () => ({ n: 1 }),
      async receive(state: { n: number }, msg: "double" | "bump" | Get) {
        await ticks(1);
        if (msg === "double") return { n: state.n * 2 };
        if (msg === "bump") {
          state.n++;
          return;
        }
        msg.replyTo.reply(state.n);
      },
    }));
    ref.tell("double");
    ref.tell("bump");
    ref.tell("double");
    assert.equal(await ref.ask<number>((replyTo) => ({ replyTo })), 6);
  });

  test("an async init holds the actor's mail until it resolves", async () => {
    await using kit = new TestKit();
    const ready = Promise.withResolvers<string>();
    const handled: string[] = [];
    const ref = kit.system.spawn(defineActor({
      init: () => ready.promise,
      receive: (state: string, msg: string) =>
        void handled.push(`${state}:${msg}`),
    }));
    ref.tell("a");
    ref.tell("b");
    await ticks(20);
    assert.equal(ref.status, "starting");
    assert.deepEqual(handled, []);
    ready.resolve("ready");
    await kit.runUntilIdle();
    assert.equal(ref.status, "running");
    assert.deepEqual(handled, ["ready:a", "ready:b"]);
  });

  test("ctx.signal lets an async handler notice that its actor is stopping", async () => {
    await using kit = new TestKit();
    const entered = Promise.withResolvers<void>();
    let sawAbort = false;
    const ref = kit.system.spawn(defineActor({
      init: () => null,
      async receive(_: null, _msg: "work", ctx) {
        entered.resolve();
        await new Promise<void>((resolve) =>
          ctx.signal.addEventListener("abort", () => resolve(), { once: true })
        );
        sawAbort = ctx.signal.aborted;
      },
    }));
    ref.tell("work");
    await entered.promise;
    await ref.stop(); // resolves only once the handler has finished
    assert.equal(sawAbort, true);
    assert.equal(ref.status, "stopped");
  });
});
