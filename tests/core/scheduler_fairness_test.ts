import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { defineActor, type ReplyPort } from "../../mod.ts";
import { TestKit } from "../../testing.ts";

/** How many messages the flooder handles before giving up on its own. */
const FLOOD_LIMIT = 2_000_000;

/** Keeps sending itself a message; stops by itself at FLOOD_LIMIT so a starving scheduler fails the test instead of hanging it. */
function spawnFlooder(kit: TestKit) {
  const counter = { handled: 0 };
  const ref = kit.system.spawn(
    defineActor({
      init: (_: void, ctx) => void ctx.self.tell("again"),
      receive(_: void, _msg: "again", ctx) {
        if (++counter.handled >= FLOOD_LIMIT) return void ctx.stop();
        ctx.self.tell("again");
      },
    }),
    { name: "flooder" },
  );
  return { ref, counter };
}

const echo = defineActor({
  init: () => null,
  receive: (_: null, msg: { text: string; replyTo: ReplyPort<string> }) =>
    msg.replyTo.reply(msg.text),
});

describe("scheduler fairness", () => {
  test("an actor that sends itself messages forever does not stop another actor's messages from running", async () => {
    await using kit = new TestKit();
    const { ref: flooder, counter } = spawnFlooder(kit);
    const other = kit.system.spawn(echo);
    const replies: string[] = [];
    for (const text of ["one", "two", "three"]) {
      replies.push(await other.ask<string>((replyTo) => ({ text, replyTo })));
    }
    assert.deepEqual(replies, ["one", "two", "three"]);
    assert.equal(flooder.status, "running", "the flood was still going");
    assert.ok(counter.handled > 0 && counter.handled < FLOOD_LIMIT);
    await flooder.stop();
  });

  test("an actor that sends itself messages forever does not stop a real setTimeout(0) callback from running", async () => {
    await using kit = new TestKit();
    const { ref: flooder, counter } = spawnFlooder(kit);
    const yieldsBefore = kit.system.stats.scheduler.yields;
    let handledWhenTimerFired = -1;
    let statusWhenTimerFired = "";
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        handledWhenTimerFired = counter.handled;
        statusWhenTimerFired = flooder.status;
        resolve();
      }, 0)
    );
    assert.equal(statusWhenTimerFired, "running", "the flood was still going");
    assert.ok(handledWhenTimerFired > 0, "the flooder ran before the timer");
    assert.ok(handledWhenTimerFired < FLOOD_LIMIT);
    assert.ok(kit.system.stats.scheduler.yields > yieldsBefore);
    await flooder.stop();
    const handledAtStop = counter.handled;
    await kit.runUntilIdle();
    assert.equal(counter.handled, handledAtStop, "the stop ended the flood");
  });

  test("with throughput N an actor is re-queued after N messages, so two busy actors interleave", async () => {
    await using kit = new TestKit({ throughput: 2 });
    const log: string[] = [];
    const logger = defineActor({
      init: (tag: string) => tag,
      receive: (tag: string, n: number) => void log.push(`${tag}${n}`),
    });
    const a = kit.system.spawn(logger, { args: "a" });
    const b = kit.system.spawn(logger, { args: "b" });
    for (let i = 1; i <= 6; i++) a.tell(i);
    for (let i = 1; i <= 6; i++) b.tell(i);
    await kit.runUntilIdle();
    assert.deepEqual(log, [
      "a1",
      "a2",
      "b1",
      "b2",
      "a3",
      "a4",
      "b3",
      "b4",
      "a5",
      "a6",
      "b5",
      "b6",
    ]);
  });

  test("with the default throughput of 100 an actor handles its whole batch of 6 in one turn", async () => {
    await using kit = new TestKit();
    const log: string[] = [];
    const logger = defineActor({
      init: (tag: string) => tag,
      receive: (tag: string, n: number) => void log.push(`${tag}${n}`),
    });
    const a = kit.system.spawn(logger, { args: "a" });
    const b = kit.system.spawn(logger, { args: "b" });
    for (let i = 1; i <= 6; i++) a.tell(i);
    for (let i = 1; i <= 6; i++) b.tell(i);
    const turnsBefore = kit.system.stats.scheduler.turns;
    await kit.runUntilIdle();
    assert.deepEqual(log, [
      ...[1, 2, 3, 4, 5, 6].map((n) => `a${n}`),
      ...[1, 2, 3, 4, 5, 6].map((n) => `b${n}`),
    ]);
    assert.equal(kit.system.stats.scheduler.turns - turnsBefore, 2);
  });

  test("synchronous handlers run a full batch per turn without a promise; an async handler suspends its actor at each message", async () => {
    await using kit = new TestKit({ throughput: 100 });
    let maxInFlight = 0;
    const sync = kit.system.spawn(defineActor({
      init: () => null,
      receive: (_: null, _n: number) => {
        const inFlight = kit.system.stats.scheduler.inFlight;
        maxInFlight = Math.max(maxInFlight, inFlight);
      },
    }));
    await kit.runUntilIdle();
    let turns = kit.system.stats.scheduler.turns;
    for (let i = 0; i < 1000; i++) sync.tell(i);
    await kit.runUntilIdle();
    assert.equal(kit.system.stats.scheduler.turns - turns, 10, "1000 / 100");
    assert.equal(maxInFlight, 0);

    const async = kit.system.spawn(defineActor({
      init: () => null,
      receive: async (_: null, _n: number) => {
        await Promise.resolve();
      },
    }));
    await kit.runUntilIdle();
    turns = kit.system.stats.scheduler.turns;
    for (let i = 0; i < 10; i++) async.tell(i);
    await kit.runUntilIdle();
    assert.equal(
      kit.system.stats.scheduler.turns - turns,
      10,
      "one per message",
    );
    const stats = kit.system.stats.scheduler;
    assert.equal(stats.queued, 0);
    assert.equal(stats.inFlight, 0);
  });

  test("an invalid throughput is a RangeError", () => {
    assert.throws(() => new TestKit({ throughput: 0 }), RangeError);
    assert.throws(() => new TestKit({ throughput: 1.5 }), RangeError);
    assert.throws(() => new TestKit({ timeSliceMs: 0 }), RangeError);
  });
});
