/**
 * Every message ends processed or dead-lettered with a reason, exactly once,
 * including an async handler that settles while its actor is being stopped,
 * restarted or killed (issue 8, item 1).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { defineActor, inspect, restartActor } from "../../mod.ts";
import { TestKit } from "../../testing.ts";

/** Resolves after `n` turns of the microtask queue. */
async function ticks(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

/**
 * An actor whose async handler signals `entered`, waits for `gate`, and then
 * settles as it says.
 */
function gated(
  gate: Promise<"resolve" | "reject">,
  entered?: PromiseWithResolvers<void>,
) {
  return defineActor({
    init: () => null,
    async receive(_: null, _msg: string) {
      entered?.resolve();
      if ((await gate) === "reject") throw new Error("late failure");
    },
  });
}

function deadLetters(kit: TestKit, message: unknown) {
  return kit.eventsOf("dead-letter").filter((e) => e.message === message);
}

describe("exactly once: an async handler settling during teardown", () => {
  test("a rejection while the actor stops gives a dead letter (failed) and a failed event", async () => {
    await using kit = new TestKit();
    const gate = Promise.withResolvers<"resolve" | "reject">();
    const entered = Promise.withResolvers<void>();
    const ref = kit.system.spawn(gated(gate.promise, entered), { name: "a" });
    ref.tell("m");
    await entered.promise;
    const stopped = ref.stop();
    await ticks();
    gate.resolve("reject");
    await stopped;
    await kit.runUntilIdle();
    const dead = deadLetters(kit, "m");
    assert.equal(dead.length, 1);
    assert.equal(dead[0].reason, "failed");
    assert.equal((dead[0].error as Error).message, "late failure");
    const failed = kit.eventsOf("failed").filter((e) => e.path === "/a");
    assert.equal(failed.length, 1);
    assert.equal((failed[0].error as Error).message, "late failure");
    // The stop is a stop: the late failure does not restart anything.
    assert.equal(ref.status, "stopped");
    assert.equal(kit.eventsOf("restarted").length, 0);
  });

  test("a rejection while the actor restarts gives a dead letter (failed) and a failed event", async () => {
    await using kit = new TestKit();
    const gate = Promise.withResolvers<"resolve" | "reject">();
    const entered = Promise.withResolvers<void>();
    const ref = kit.system.spawn(gated(gate.promise, entered), { name: "a" });
    ref.tell("m");
    await entered.promise;
    const restarted = restartActor(ref);
    await ticks();
    gate.resolve("reject");
    await restarted;
    await kit.runUntilIdle();
    const dead = deadLetters(kit, "m");
    assert.equal(dead.length, 1);
    assert.equal(dead[0].reason, "failed");
    assert.equal(kit.eventsOf("failed").length, 1);
    assert.equal(ref.status, "running");
    assert.equal(ref.restarts, 1);
  });

  test("a handler that resolves while the actor stops counts as processed, not as a dead letter", async () => {
    await using kit = new TestKit();
    const gate = Promise.withResolvers<"resolve" | "reject">();
    const entered = Promise.withResolvers<void>();
    const ref = kit.system.spawn(gated(gate.promise, entered), { name: "a" });
    ref.tell("m");
    await entered.promise;
    const stopped = ref.stop();
    await ticks();
    const before = inspect(kit.system, ref)!.processed;
    gate.resolve("resolve");
    await stopped;
    await kit.runUntilIdle();
    assert.equal(deadLetters(kit, "m").length, 0);
    assert.equal(before, 0);
    assert.equal(kit.eventsOf("failed").length, 0);
    assert.equal(inspect(kit.system, "/a"), undefined);
  });

  test("a rejection after the actor was killed for overrunning its shutdown still gives a dead letter", async () => {
    await using kit = new TestKit();
    const gate = Promise.withResolvers<"resolve" | "reject">();
    const entered = Promise.withResolvers<void>();
    const processed: number[] = [];
    const parent = kit.system.spawn(
      defineActor({
        init: (_: void, ctx) =>
          ctx.spawn(gated(gate.promise, entered), {
            name: "child",
            shutdown: 100,
          }),
        receive(child, msg: "go" | "stop", ctx) {
          if (msg === "go") child.tell("m");
          else void ctx.stop(child).then(() => processed.push(1));
          return child;
        },
      }),
      { name: "p" },
    );
    parent.tell("go");
    await entered.promise;
    parent.tell("stop");
    await ticks();
    kit.clock.advance(100);
    await ticks();
    assert.deepEqual(processed, [1]);
    assert.equal(kit.eventsOf("stopped")[0]?.reason, "killed");
    gate.resolve("reject");
    await kit.runUntilIdle();
    const dead = deadLetters(kit, "m");
    assert.equal(dead.length, 1);
    assert.equal(dead[0].reason, "failed");
    assert.equal(
      kit.eventsOf("failed").filter((e) => e.path === "/p/child").length,
      1,
    );
  });
});
