import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Cancellable, defineActor } from "../../mod.ts";
import { TestKit } from "../../testing.ts";

type Msg =
  | { type: "tick"; label: string }
  | { type: "after"; label: string; ms: number }
  | { type: "every"; label: string; ms: number }
  | { type: "cancel"; label: string }
  | { type: "crash" };

/** Schedules timers on request and reports each tick with the clock time. */
function spawnTimerActor(
  kit: TestKit,
  inInit?: (ctx: {
    sendAfter(m: Msg, ms: number): Cancellable;
    sendInterval(m: Msg, ms: number): Cancellable;
  }) => void,
) {
  const ticks: string[] = [];
  const ref = kit.system.spawn(
    defineActor({
      init: (_: void, ctx) => {
        inInit?.(ctx);
        return new Map<string, Cancellable>();
      },
      receive(timers: Map<string, Cancellable>, msg: Msg, ctx) {
        switch (msg.type) {
          case "tick":
            ticks.push(`${msg.label}@${kit.clock.now()}`);
            return;
          case "after":
            timers.set(
              msg.label,
              ctx.sendAfter({ type: "tick", label: msg.label }, msg.ms),
            );
            return;
          case "every":
            timers.set(
              msg.label,
              ctx.sendInterval({ type: "tick", label: msg.label }, msg.ms),
            );
            return;
          case "cancel":
            timers.get(msg.label)?.cancel();
            return;
          case "crash":
            throw new Error("crash");
        }
      },
    }),
    { name: "timers" },
  );
  return { ref, ticks };
}

describe("timers", () => {
  test("sendAfter delivers the message once, exactly when the virtual clock reaches the delay", async () => {
    await using kit = new TestKit();
    const { ref, ticks } = spawnTimerActor(kit);
    ref.tell({ type: "after", label: "t", ms: 500 });
    await kit.advance(499);
    assert.deepEqual(ticks, []);
    await kit.advance(1);
    assert.deepEqual(ticks, ["t@500"]);
    await kit.advance(10_000);
    assert.deepEqual(ticks, ["t@500"]);
  });

  test("timers fire in due order, not in the order they were set", async () => {
    await using kit = new TestKit();
    const { ref, ticks } = spawnTimerActor(kit);
    ref.tell({ type: "after", label: "late", ms: 300 });
    ref.tell({ type: "after", label: "early", ms: 100 });
    ref.tell({ type: "after", label: "middle", ms: 200 });
    await kit.advance(1000);
    assert.deepEqual(ticks, ["early@100", "middle@200", "late@300"]);
  });

  test("sendInterval delivers the message every period until cancelled", async () => {
    await using kit = new TestKit();
    const { ref, ticks } = spawnTimerActor(kit);
    ref.tell({ type: "every", label: "i", ms: 100 });
    await kit.advance(350);
    assert.deepEqual(ticks, ["i@100", "i@200", "i@300"]);
    ref.tell({ type: "cancel", label: "i" });
    await kit.advance(1000);
    assert.deepEqual(ticks, ["i@100", "i@200", "i@300"]);
    assert.equal(kit.clock.pending, 0);
  });

  test("a cancelled sendAfter never fires and cancelling twice is harmless", async () => {
    await using kit = new TestKit();
    const { ref, ticks } = spawnTimerActor(kit);
    ref.tell({ type: "after", label: "a", ms: 100 });
    ref.tell({ type: "after", label: "b", ms: 100 });
    ref.tell({ type: "cancel", label: "a" });
    ref.tell({ type: "cancel", label: "a" });
    await kit.advance(200);
    assert.deepEqual(ticks, ["b@100"]);
  });

  test("timers are cancelled when the actor stops: nothing fires and no dead letters appear", async () => {
    await using kit = new TestKit();
    const { ref, ticks } = spawnTimerActor(kit);
    ref.tell({ type: "every", label: "i", ms: 100 });
    ref.tell({ type: "after", label: "a", ms: 250 });
    await kit.advance(100);
    assert.deepEqual(ticks, ["i@100"]);
    await ref.stop();
    assert.equal(kit.clock.pending, 0, "no timer left on the clock");
    await kit.advance(1000);
    assert.deepEqual(ticks, ["i@100"]);
    assert.equal(kit.system.deadLetters, 0);
  });

  test("timers of the failed incarnation are cancelled on restart; the new init's timers run alone", async () => {
    await using kit = new TestKit();
    const { ref, ticks } = spawnTimerActor(
      kit,
      (ctx) => void ctx.sendInterval({ type: "tick", label: "init" }, 100),
    );
    ref.tell({ type: "after", label: "handler", ms: 150 });
    await kit.advance(100);
    assert.deepEqual(ticks, ["init@100"]);
    ref.tell({ type: "crash" });
    await kit.runUntilIdle();
    assert.equal(ref.restarts, 1);
    await kit.advance(300);
    // One interval (from the new init), phase-shifted to the restart at 100;
    // the old interval and the handler's sendAfter at 150 are gone.
    assert.deepEqual(ticks, ["init@100", "init@200", "init@300", "init@400"]);
  });

  test("sendAfter rejects a negative or non-finite delay and sendInterval a zero period with RangeError", async () => {
    await using kit = new TestKit();
    const errors: unknown[] = [];
    kit.system.spawn(defineActor({
      init: (_: void, ctx) => {
        for (
          const attempt of [
            () => ctx.sendAfter("x", -1),
            () => ctx.sendAfter("x", NaN),
            () => ctx.sendAfter("x", Infinity),
            () => ctx.sendInterval("x", 0),
          ]
        ) {
          try {
            attempt();
          } catch (error) {
            errors.push(error);
          }
        }
      },
      receive: (_: void, _msg: string) => {},
    }));
    await kit.runUntilIdle();
    assert.equal(errors.length, 4);
    assert.ok(errors.every((e) => e instanceof RangeError));
    assert.equal(kit.clock.pending, 0);
  });

  test("sendAfter with a zero delay delivers on the next clock step without moving time", async () => {
    await using kit = new TestKit();
    const { ref, ticks } = spawnTimerActor(kit);
    ref.tell({ type: "after", label: "now", ms: 0 });
    await kit.runUntilIdle();
    assert.deepEqual(ticks, [], "a timer, not a direct tell");
    await kit.advance(0);
    assert.deepEqual(ticks, ["now@0"]);
  });
});
