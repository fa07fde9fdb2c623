import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type ActorEvent, ActorSystem, defineActor } from "../../mod.ts";
import { runUntilIdle, TestKit, VirtualClock } from "../../testing.ts";

const crashy = defineActor({
  kind: "crashy",
  init: () => 0,
  receive(n: number, msg: "inc" | "crash" | "quit", ctx) {
    if (msg === "crash") throw new Error("kaboom");
    if (msg === "quit") void ctx.stop();
    return n + 1;
  },
});

/** Stubs console.error for the duration of `fn`, returning what it got. */
async function capturingConsoleError(
  fn: () => Promise<void>,
): Promise<unknown[][]> {
  const original = console.error;
  const calls: unknown[][] = [];
  console.error = (...args: unknown[]) => void calls.push(args);
  try {
    await fn();
  } finally {
    console.error = original;
  }
  return calls;
}

describe("event stream", () => {
  test("an actor's life publishes spawned, started, failed, dead-letter, started, restarted and stopped in order", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(crashy, { name: "c" });
    ref.tell("inc");
    ref.tell("crash");
    await kit.runUntilIdle();
    await ref.stop();
    const mine = kit.events.filter((e) => e.path === "/c");
    assert.deepEqual(mine.map((e) => e.type), [
      "spawned",
      "started",
      "failed",
      "dead-letter",
      "started",
      "restarted",
      "stopped",
    ]);
    const [spawned, started, failed, dead, started2, restarted, stopped] = mine;
    assert.equal(spawned.type === "spawned" && spawned.kind, "crashy");
    assert.equal(started.type === "started" && started.restarts, 0);
    assert.equal(
      failed.type === "failed" && (failed.error as Error).message,
      "kaboom",
    );
    assert.equal(dead.type === "dead-letter" && dead.message, "crash");
    assert.equal(started2.type === "started" && started2.restarts, 1);
    assert.equal(restarted.type === "restarted" && restarted.restarts, 1);
    assert.equal(stopped.type === "stopped" && stopped.reason, "normal");
  });

  test("events carry consecutive seq numbers and the virtual clock's time", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(crashy);
    await kit.advance(250);
    ref.tell("crash");
    await kit.runUntilIdle();
    const seqs = kit.events.map((e) => e.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1));
    assert.equal(kit.system.events.lastSeq, seqs.length);
    assert.equal(kit.eventsOf("spawned")[0].time, 0);
    assert.equal(kit.eventsOf("failed")[0].time, 250);
  });

  test("the stream does no work when nobody listens: seq stays 0, yet dead letters are still counted", async () => {
    const clock = new VirtualClock();
    await using system = new ActorSystem({ clock });
    const ref = system.spawn(crashy);
    ref.tell("inc");
    ref.tell("crash");
    await runUntilIdle(system);
    await ref.stop();
    ref.tell("inc");
    assert.equal(system.events.active, false);
    assert.equal(system.events.lastSeq, 0, "no event was even built");
    assert.equal(system.deadLetters, 2);
    // Listening starts the sequence at the first event seen.
    const seen: ActorEvent[] = [];
    const off = system.events.subscribe((e) => seen.push(e));
    assert.equal(system.events.active, true);
    system.spawn(crashy, { name: "late" });
    off();
    system.spawn(crashy, { name: "later" });
    assert.deepEqual(seen.map((e) => [e.seq, e.type, e.path]), [[
      1,
      "spawned",
      "/late",
    ]]);
  });

  test("a listener that throws is reported, keeps its subscription, and does not disturb actors or other listeners", async () => {
    const errors = await capturingConsoleError(async () => {
      await using kit = new TestKit();
      let thrown = 0;
      kit.system.events.subscribe(() => {
        thrown++;
        throw new Error("bad listener");
      });
      let after = 0;
      kit.system.events.subscribe(() => void after++);
      const ref = kit.system.spawn(crashy);
      ref.tell("inc");
      ref.tell("crash");
      ref.tell("inc");
      await kit.runUntilIdle();
      assert.equal(ref.status, "running");
      assert.equal(ref.restarts, 1);
      assert.ok(thrown >= 4, "called for every event");
      assert.equal(
        thrown,
        kit.events.length,
        "the earlier listener saw every event",
      );
      assert.equal(after, thrown, "the later listener saw every event");
    });
    assert.ok(errors.length >= 4);
    assert.match(String(errors[0][0]), /event listener threw/);
  });

  test("unsubscribing stops delivery", async () => {
    await using kit = new TestKit();
    const seen: string[] = [];
    const off = kit.system.events.subscribe((e) => seen.push(e.type));
    kit.system.spawn(crashy, { name: "a" });
    off();
    kit.system.spawn(crashy, { name: "b" });
    await kit.runUntilIdle();
    assert.deepEqual(seen, ["spawned"]);
  });

  test("shutdown publishes system-shutdown with cause requested before the stops", async () => {
    await using kit = new TestKit();
    kit.system.spawn(crashy, { name: "a" });
    await kit.runUntilIdle();
    await kit.system.shutdown();
    const types = kit.events.map((e) => `${e.type} ${e.path}`);
    const at = types.indexOf("system-shutdown /");
    assert.ok(at >= 0);
    assert.ok(at < types.indexOf("stopped /a"));
    assert.equal(kit.eventsOf("system-shutdown")[0].cause, "requested");
  });
});
