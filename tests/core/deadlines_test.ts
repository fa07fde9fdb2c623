import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Deadlines } from "../../src/core/_deadlines.ts";
import { VirtualClock } from "../../src/testing/virtual_clock.ts";

/** Lets settled promises run their callbacks. */
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("shutdown deadlines", () => {
  test("work that finishes in time wins; work that does not expires at its own deadline", async () => {
    const clock = new VirtualClock();
    const deadlines = new Deadlines(clock);
    const quick = Promise.withResolvers<void>();
    const hung = Promise.withResolvers<void>();
    const a = deadlines.within(quick.promise, 100);
    clock.advance(40);
    const b = deadlines.within(hung.promise, 100); // due at 140
    quick.resolve();
    assert.equal(await a, true);
    const results: string[] = [];
    b.then((inTime) => results.push(`b ${inTime} at ${clock.now()}`));
    clock.advance(59); // t = 99
    await flush();
    assert.deepEqual(results, []);
    clock.advance(41); // t = 140
    await flush();
    assert.deepEqual(results, ["b false at 140"]);
  });

  test("durations keep separate timers and one timer serves many waits", async () => {
    const clock = new VirtualClock();
    const deadlines = new Deadlines(clock);
    const never = new Promise<void>(() => {});
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      deadlines.within(never, 50).then(() => order.push(`50#${i}`));
    }
    deadlines.within(never, 10).then(() => order.push("10"));
    clock.advance(10);
    await flush();
    assert.deepEqual(order, ["10"]);
    clock.advance(40);
    await flush();
    assert.deepEqual(order, ["10", "50#0", "50#1", "50#2"]);
  });

  test("a rejection of the work is passed on", async () => {
    const clock = new VirtualClock();
    const deadlines = new Deadlines(clock);
    await assert.rejects(
      deadlines.within(Promise.reject(new Error("boom")), 100),
      /boom/,
    );
  });
});
