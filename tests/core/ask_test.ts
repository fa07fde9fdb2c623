import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  ActorFailedError,
  ActorStoppedError,
  AskTimeoutError,
  defineActor,
  type ReplyPort,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

type Msg =
  | { type: "get"; replyTo: ReplyPort<number> }
  | { type: "twice"; replyTo: ReplyPort<number> }
  | { type: "refuse"; replyTo: ReplyPort<number> }
  | { type: "hold"; replyTo: ReplyPort<number> }
  | { type: "answer-held"; value: number }
  | { type: "crash"; replyTo: ReplyPort<number> }
  | { type: "crash-async"; replyTo: ReplyPort<number> }
  | { type: "boom" };

interface State {
  value: number;
  held: ReplyPort<number>[];
}

const server = defineActor({
  init: (value: number): State => ({ value, held: [] }),
  receive(state: State, msg: Msg): void | Promise<void> {
    switch (msg.type) {
      case "get":
        return msg.replyTo.reply(state.value);
      case "twice":
        msg.replyTo.reply(1);
        msg.replyTo.reply(2);
        msg.replyTo.fail(new Error("late"));
        return;
      case "refuse":
        return msg.replyTo.fail(new RangeError("no such value"));
      case "hold":
        state.held.push(msg.replyTo);
        return;
      case "answer-held":
        for (const port of state.held) port.reply(msg.value);
        return;
      case "crash":
        throw new Error("crashed on ask");
      case "crash-async":
        return Promise.resolve().then(() => {
          throw new Error("rejected on ask");
        });
      case "boom":
        throw new Error("boom");
    }
  },
});

/** Observes a promise without awaiting it. */
function watchPromise<T>(promise: Promise<T>) {
  const seen: { settled: boolean; value?: T; error?: unknown } = {
    settled: false,
  };
  promise.then(
    (value) => Object.assign(seen, { settled: true, value }),
    (error) => Object.assign(seen, { settled: true, error }),
  );
  return seen;
}

describe("ask", () => {
  test("ask resolves with the handler's typed reply", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 42 });
    const reply = await ref.ask<number>((replyTo) => ({
      type: "get",
      replyTo,
    }));
    assert.equal(reply, 42);
  });

  test("an ask settles exactly once: later replies and failures are ignored", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 0 });
    let port: ReplyPort<number> | undefined;
    const reply = await ref.ask<number>((replyTo) => {
      port = replyTo;
      return { type: "twice", replyTo };
    });
    assert.equal(reply, 1);
    assert.equal(port!.settled, true);
  });

  test("replyTo.fail rejects the ask with the handler's own error", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 0 });
    await assert.rejects(
      ref.ask<number>((replyTo) => ({ type: "refuse", replyTo })),
      (error: unknown) =>
        error instanceof RangeError && error.message === "no such value",
    );
    assert.equal(ref.restarts, 0, "failing an ask does not fail the actor");
  });

  test("an unanswered ask rejects with AskTimeoutError exactly at its timeout on the virtual clock", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 0 });
    const seen = watchPromise(
      ref.ask<number>((replyTo) => ({ type: "hold", replyTo }), {
        timeoutMs: 1000,
      }),
    );
    await kit.advance(999);
    assert.equal(seen.settled, false);
    await kit.advance(1);
    assert.equal(seen.settled, true);
    assert.ok(seen.error instanceof AskTimeoutError);
    assert.equal(seen.error.timeoutMs, 1000);
    assert.equal(seen.error.path, ref.path);
    assert.equal((seen.error.undelivered as Msg).type, "hold");
    // A reply after the timeout changes nothing.
    ref.tell({ type: "answer-held", value: 5 });
    await kit.runUntilIdle();
    assert.ok(seen.error instanceof AskTimeoutError);
  });

  test("the default ask timeout is 5000 ms", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 0 });
    const seen = watchPromise(
      ref.ask<number>((replyTo) => ({ type: "hold", replyTo })),
    );
    await kit.advance(4999);
    assert.equal(seen.settled, false);
    await kit.advance(1);
    assert.ok(seen.error instanceof AskTimeoutError);
  });

  test("asks with different timeouts each time out at their own deadline", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 0 });
    const hold = (replyTo: ReplyPort<number>): Msg => ({
      type: "hold",
      replyTo,
    });
    const long = watchPromise(ref.ask<number>(hold, { timeoutMs: 300 }));
    const short = watchPromise(ref.ask<number>(hold, { timeoutMs: 100 }));
    await kit.advance(100);
    assert.ok(short.error instanceof AskTimeoutError);
    assert.equal(long.settled, false);
    await kit.advance(200);
    assert.ok(long.error instanceof AskTimeoutError);
  });

  test("an ask answered before its timeout is not rejected when the timeout passes", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 0 });
    const seen = watchPromise(
      ref.ask<number>((replyTo) => ({ type: "hold", replyTo }), {
        timeoutMs: 100,
      }),
    );
    await kit.advance(50);
    ref.tell({ type: "answer-held", value: 9 });
    await kit.advance(100);
    assert.deepEqual(seen, { settled: true, value: 9 });
  });

  test("timeoutMs Infinity never times out", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 0 });
    const seen = watchPromise(
      ref.ask<number>((replyTo) => ({ type: "hold", replyTo }), {
        timeoutMs: Infinity,
      }),
    );
    await kit.advance(1_000_000);
    assert.equal(seen.settled, false);
    ref.tell({ type: "answer-held", value: 3 });
    await kit.runUntilIdle();
    assert.deepEqual(seen, { settled: true, value: 3 });
  });

  test("an invalid timeout rejects the ask with RangeError and sends nothing", async () => {
    await using kit = new TestKit();
    const received: string[] = [];
    const ref = kit.system.spawn(defineActor({
      init: () => null,
      receive: (_: null, msg: { tag: string; replyTo: ReplyPort<void> }) =>
        void received.push(msg.tag),
    }));
    for (const timeoutMs of [-1, NaN]) {
      await assert.rejects(
        ref.ask<void>((replyTo) => ({ tag: `${timeoutMs}`, replyTo }), {
          timeoutMs,
        }),
        RangeError,
      );
    }
    await kit.runUntilIdle();
    assert.deepEqual(received, []);
  });

  test("asking a stopped actor rejects at once with ActorStoppedError carrying the request", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 0 });
    await ref.stop();
    const seen = watchPromise(
      ref.ask<number>((replyTo) => ({ type: "get", replyTo })),
    );
    await Promise.resolve();
    await Promise.resolve();
    assert.ok(seen.error instanceof ActorStoppedError);
    assert.equal((seen.error.undelivered as Msg).type, "get");
    assert.match(
      seen.error.message,
      /Cannot send to actor "\/\$1": actor is stopped/,
    );
    assert.equal(kit.system.deadLetters, 1);
  });

  test("an actor that stops while holding an unanswered ask rejects it with ActorStoppedError", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 0 });
    const seen = watchPromise(
      ref.ask<number>((replyTo) => ({ type: "hold", replyTo })),
    );
    await kit.runUntilIdle();
    assert.equal(seen.settled, false);
    await ref.stop();
    await kit.runUntilIdle();
    assert.equal(kit.clock.now(), 0, "no time passed: not a timeout");
    assert.ok(seen.error instanceof ActorStoppedError);
  });

  test("a handler that throws on the ask rejects it at once with ActorFailedError carrying the cause", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 0 });
    const seen = watchPromise(
      ref.ask<number>((replyTo) => ({ type: "crash", replyTo }), {
        timeoutMs: 60_000,
      }),
    );
    await kit.runUntilIdle();
    assert.equal(kit.clock.now(), 0);
    assert.ok(seen.error instanceof ActorFailedError);
    assert.ok(seen.error.cause instanceof Error);
    assert.equal(seen.error.cause.message, "crashed on ask");
    assert.equal((seen.error.undelivered as Msg).type, "crash");
    assert.equal(ref.restarts, 1);
  });

  test("an async handler that rejects on the ask rejects it at once with ActorFailedError", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 0 });
    const seen = watchPromise(
      ref.ask<number>((replyTo) => ({ type: "crash-async", replyTo })),
    );
    await kit.runUntilIdle();
    assert.equal(kit.clock.now(), 0);
    assert.ok(seen.error instanceof ActorFailedError);
    assert.equal((seen.error.cause as Error).message, "rejected on ask");
  });

  test("an ask held unanswered when the actor fails on another message is rejected at once with the cause", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 0 });
    const seen = watchPromise(
      ref.ask<number>((replyTo) => ({ type: "hold", replyTo })),
    );
    await kit.runUntilIdle();
    assert.equal(seen.settled, false);
    ref.tell({ type: "boom" });
    await kit.runUntilIdle();
    assert.equal(kit.clock.now(), 0);
    assert.ok(seen.error instanceof ActorFailedError);
    assert.equal((seen.error.cause as Error).message, "boom");
  });

  test("an ask queued behind the failing message is answered by the restarted actor", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 7 });
    await kit.runUntilIdle();
    ref.tell({ type: "boom" });
    const reply = ref.ask<number>((replyTo) => ({ type: "get", replyTo }));
    assert.equal(await reply, 7);
    assert.equal(ref.restarts, 1);
  });

  test("an already aborted signal rejects the ask with its reason and sends nothing", async () => {
    await using kit = new TestKit();
    const seenMessages: string[] = [];
    const ref = kit.system.spawn(defineActor({
      init: () => null,
      receive: (_: null, msg: { tag: string; replyTo: ReplyPort<void> }) =>
        void seenMessages.push(msg.tag),
    }));
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    controller.abort(reason);
    await assert.rejects(
      ref.ask<void>((replyTo) => ({ tag: "x", replyTo }), {
        signal: controller.signal,
      }),
      (error) => error === reason,
    );
    await kit.runUntilIdle();
    assert.deepEqual(seenMessages, []);
  });

  test("aborting the signal of a pending ask rejects it with the reason; a later reply is ignored", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 0 });
    const controller = new AbortController();
    const reason = new Error("cancelled");
    const seen = watchPromise(
      ref.ask<number>((replyTo) => ({ type: "hold", replyTo }), {
        signal: controller.signal,
      }),
    );
    await kit.runUntilIdle();
    assert.equal(seen.settled, false);
    controller.abort(reason);
    await kit.runUntilIdle();
    assert.equal(seen.error, reason);
    ref.tell({ type: "answer-held", value: 1 });
    await kit.advance(10_000);
    assert.equal(seen.error, reason);
    assert.equal("value" in seen, false);
  });

  test("an ask whose build function throws rejects with that error", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(server, { args: 0 });
    const error = new Error("cannot build");
    await assert.rejects(
      ref.ask<number>(() => {
        throw error;
      }),
      (e) => e === error,
    );
  });
});
