import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  defineActor,
  MailboxFullError,
  type OverflowPolicy,
  type ReplyPort,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

type Msg = number | { replyTo: ReplyPort<string> };

/** A bounded actor; messages told before the scheduler runs fill its mailbox. */
function spawnBounded(kit: TestKit, overflow: OverflowPolicy, capacity = 2) {
  const handled: number[] = [];
  const ref = kit.system.spawn(
    defineActor({
      init: () => null,
      receive(_: null, msg: Msg) {
        if (typeof msg === "number") handled.push(msg);
        else msg.replyTo.reply("ok");
      },
    }),
    { name: "bounded", mailbox: { capacity, overflow } },
  );
  return { ref, handled };
}

describe("bounded mailboxes", () => {
  test("reject: a tell past capacity returns false and the message becomes a dead letter with reason full", async () => {
    await using kit = new TestKit();
    const { ref, handled } = spawnBounded(kit, "reject");
    assert.deepEqual([ref.tell(1), ref.tell(2), ref.tell(3)], [
      true,
      true,
      false,
    ]);
    await kit.runUntilIdle();
    assert.deepEqual(handled, [1, 2]);
    const dead = kit.eventsOf("dead-letter");
    assert.deepEqual(dead.map((e) => [e.path, e.message, e.reason]), [
      ["/bounded", 3, "full"],
    ]);
    assert.equal(kit.system.deadLetters, 1);
    // Room again once the actor has drained its mailbox.
    assert.equal(ref.tell(4), true);
    await kit.runUntilIdle();
    assert.deepEqual(handled, [1, 2, 4]);
  });

  test("reject: an ask past capacity rejects at once with MailboxFullError carrying the request", async () => {
    await using kit = new TestKit();
    const { ref } = spawnBounded(kit, "reject", 1);
    ref.tell(1);
    const asked = ref.ask<string>((replyTo) => ({ replyTo }));
    await assert.rejects(asked, (error: unknown) => {
      assert.ok(error instanceof MailboxFullError);
      assert.equal(error.path, "/bounded");
      assert.match(error.message, /mailbox is full/);
      assert.equal(typeof error.undelivered, "object");
      return true;
    });
    assert.equal(kit.clock.now(), 0);
  });

  test("drop-oldest: every tell is accepted and the oldest queued message is dropped as a dead letter", async () => {
    await using kit = new TestKit();
    const { ref, handled } = spawnBounded(kit, "drop-oldest");
    assert.deepEqual([1, 2, 3, 4].map((n) => ref.tell(n)), [
      true,
      true,
      true,
      true,
    ]);
    await kit.runUntilIdle();
    assert.deepEqual(handled, [3, 4]);
    assert.deepEqual(
      kit.eventsOf("dead-letter").map((e) => [e.message, e.reason]),
      [[1, "full"], [2, "full"]],
    );
  });

  test("drop-oldest: an ask pushed out of the mailbox rejects with MailboxFullError", async () => {
    await using kit = new TestKit();
    const { ref } = spawnBounded(kit, "drop-oldest", 1);
    const asked = ref.ask<string>((replyTo) => ({ replyTo }));
    ref.tell(1);
    await assert.rejects(asked, MailboxFullError);
  });

  test("drop-newest: every tell is accepted and the new message is dropped as a dead letter when full", async () => {
    await using kit = new TestKit();
    const { ref, handled } = spawnBounded(kit, "drop-newest");
    assert.deepEqual([1, 2, 3, 4].map((n) => ref.tell(n)), [
      true,
      true,
      true,
      true,
    ]);
    await kit.runUntilIdle();
    assert.deepEqual(handled, [1, 2]);
    assert.deepEqual(
      kit.eventsOf("dead-letter").map((e) => [e.message, e.reason]),
      [[3, "full"], [4, "full"]],
    );
  });

  test("drop-newest: a dropped ask rejects with MailboxFullError", async () => {
    await using kit = new TestKit();
    const { ref } = spawnBounded(kit, "drop-newest", 1);
    ref.tell(1);
    await assert.rejects(
      ref.ask<string>((replyTo) => ({ replyTo })),
      MailboxFullError,
    );
  });

  test("an invalid capacity or overflow policy throws RangeError at spawn", async () => {
    await using kit = new TestKit();
    const actor = defineActor({ init: () => null, receive: () => {} });
    for (const capacity of [0, -1, 1.5]) {
      assert.throws(
        () => kit.system.spawn(actor, { mailbox: { capacity } }),
        RangeError,
      );
    }
    assert.throws(
      () =>
        kit.system.spawn(actor, {
          mailbox: { capacity: 1, overflow: "bogus" as OverflowPolicy },
        }),
      RangeError,
    );
  });

  test("an unbounded mailbox accepts every message", async () => {
    await using kit = new TestKit();
    const handled: number[] = [];
    const ref = kit.system.spawn(defineActor({
      init: () => null,
      receive: (_: null, n: number) => void handled.push(n),
    }));
    for (let i = 0; i < 10_000; i++) assert.equal(ref.tell(i), true);
    await kit.runUntilIdle();
    assert.equal(handled.length, 10_000);
    assert.equal(handled[9_999], 9_999);
    assert.equal(kit.system.deadLetters, 0);
  });
});
