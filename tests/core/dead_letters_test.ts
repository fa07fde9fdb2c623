import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ActorStoppedError, defineActor, type ReplyPort } from "../../mod.ts";
import { TestKit } from "../../testing.ts";

type Msg = { type: "note"; text: string } | {
  type: "ask";
  replyTo: ReplyPort<string>;
};

const sink = defineActor({
  init: () => null,
  receive: (_: null, _msg: Msg) => {},
});

describe("dead letters", () => {
  test("a tell to a stopped actor is counted and published with the message, the path and reason stopped", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(sink, { name: "gone" });
    await ref.stop();
    const msg: Msg = { type: "note", text: "hello?" };
    assert.equal(ref.tell(msg), false);
    assert.equal(kit.system.deadLetters, 1);
    assert.equal(kit.system.stats.deadLetters, 1);
    const dead = kit.eventsOf("dead-letter");
    assert.equal(dead.length, 1);
    assert.equal(dead[0].path, "/gone");
    assert.equal(dead[0].message, msg);
    assert.equal(dead[0].reason, "stopped");
    assert.equal(dead[0].error, undefined);
  });

  test("an ask to a stopped actor is a dead letter carrying the request, not the envelope", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(sink);
    await ref.stop();
    await assert.rejects(
      ref.ask<string>((replyTo) => ({ type: "ask", replyTo })),
      ActorStoppedError,
    );
    const dead = kit.eventsOf("dead-letter");
    assert.equal(dead.length, 1);
    assert.equal((dead[0].message as Msg).type, "ask");
  });

  test("mail still queued when an actor stops becomes dead letters, in order", async () => {
    await using kit = new TestKit();
    const handled: string[] = [];
    const ref = kit.system.spawn(defineActor({
      init: () => null,
      receive(_: null, msg: string, ctx) {
        handled.push(msg);
        if (msg === "last") void ctx.stop();
      },
    }));
    for (const m of ["one", "last", "x", "y", "z"]) ref.tell(m);
    await kit.runUntilIdle();
    assert.deepEqual(handled, ["one", "last"]);
    assert.deepEqual(kit.eventsOf("dead-letter").map((e) => e.message), [
      "x",
      "y",
      "z",
    ]);
    assert.equal(kit.system.deadLetters, 3);
  });

  test("the message whose handler failed is a dead letter with reason failed and the error", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(defineActor({
      init: () => null,
      receive: (_: null, msg: { bad: boolean }) => {
        if (msg.bad) throw new SyntaxError("cannot parse");
      },
    }));
    const bad = { bad: true };
    ref.tell({ bad: false });
    ref.tell(bad);
    await kit.runUntilIdle();
    const dead = kit.eventsOf("dead-letter");
    assert.equal(dead.length, 1);
    assert.equal(dead[0].message, bad);
    assert.equal(dead[0].reason, "failed");
    assert.ok(dead[0].error instanceof SyntaxError);
  });
});
