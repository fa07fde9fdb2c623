/**
 * Run until idle when a handler awaits something outside the system (a real
 * timer, a promise that never settles) while no virtual timer is pending: it
 * waits for real work that makes progress, sleeping rather than spinning,
 * and rejects with `IdleTimeoutError` naming the busy actor once nothing
 * has moved for `idleTimeoutMs` of real time.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { defineActor } from "../../mod.ts";
import { IdleTimeoutError, runUntilIdle, TestKit } from "../../testing.ts";

/** A promise settled by a real host timer: work outside the system. */
const realDelay = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("runUntilIdle with work outside the system", () => {
  test("rejects with IdleTimeoutError naming the actor whose handler awaits a promise that never settles", async () => {
    await using kit = new TestKit({ idleTimeoutMs: 100 });
    const never = new Promise<void>(() => {});
    kit.system.spawn(
      defineActor({
        init: () => null,
        receive: async (s: null, _msg: "go") => {
          await never;
          return s;
        },
      }),
      { name: "stuck" },
    ).tell("go");
    kit.system.spawn(
      defineActor({
        init: () => null,
        receive: (s: null, _msg: "poke") => s,
      }),
      { name: "calm" },
    ).tell("poke");
    const started = performance.now();
    const error = await kit.runUntilIdle().then(
      () => assert.fail("runUntilIdle resolved while /stuck was busy"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof IdleTimeoutError, String(error));
    assert.equal(error.name, "IdleTimeoutError");
    assert.deepEqual(error.busy, [
      { path: "/stuck", doing: "awaiting", mailboxDepth: 0 },
    ]);
    assert.ok(error.inFlight >= 1);
    assert.ok(error.waitedMs >= 100);
    assert.ok(performance.now() - started >= 100);
    assert.match(
      error.message,
      /^Cannot run until idle: no progress for \d+ ms of real time and no virtual timer pending: "\/stuck" is awaiting an async handler/,
    );
    // Disposal still ends: the stop is bounded by the virtual shutdown time.
  });

  test("names the mail queued behind the awaiting handler", async () => {
    await using kit = new TestKit({ idleTimeoutMs: 50 });
    const never = new Promise<void>(() => {});
    const ref = kit.system.spawn(
      defineActor({
        init: () => null,
        receive: async (s: null, _msg: "go") => {
          await never;
          return s;
        },
      }),
      { name: "stuck" },
    );
    ref.tell("go");
    ref.tell("go");
    ref.tell("go");
    await assert.rejects(kit.runUntilIdle(), (error: unknown) => {
      assert.ok(error instanceof IdleTimeoutError);
      assert.deepEqual(error.busy, [
        { path: "/stuck", doing: "awaiting", mailboxDepth: 2 },
      ]);
      return true;
    });
  });

  test("waits for a handler awaiting a real timer, and sees what it did", async () => {
    await using kit = new TestKit();
    const probe = kit.probe<string>();
    kit.system.spawn(defineActor({
      init: () => null,
      receive: async (s: null, msg: string) => {
        await realDelay(30);
        probe.ref.tell(`done ${msg}`);
        return s;
      },
    })).tell("a");
    await kit.runUntilIdle();
    assert.deepEqual(probe.messages, ["done a"]);
  });

  test("progress starts the wait over: many short real waits add up past the bound", async () => {
    await using kit = new TestKit({ idleTimeoutMs: 150 });
    const probe = kit.probe<number>();
    const ref = kit.system.spawn(defineActor({
      init: () => null,
      receive: async (s: null, n: number) => {
        await realDelay(25);
        probe.ref.tell(n);
        return s;
      },
    }));
    for (let i = 0; i < 12; i++) ref.tell(i);
    const started = performance.now();
    await kit.runUntilIdle();
    assert.ok(performance.now() - started >= 150, "longer than the bound");
    assert.deepEqual(probe.messages, [...Array(12).keys()]);
  });

  test("a pending virtual timer still means idle: moving the clock is the test's job", async () => {
    await using kit = new TestKit({ idleTimeoutMs: 10_000 });
    const probe = kit.probe<string>();
    kit.system.spawn(defineActor({
      init: () => null,
      receive: async (s: null, _msg: "go", ctx) => {
        await new Promise<void>((resolve) =>
          ctx.system.clock.setTimeout(resolve, 1000)
        );
        probe.ref.tell("woke");
        return s;
      },
    })).tell("go");
    await kit.runUntilIdle();
    assert.deepEqual(probe.messages, []);
    await kit.advance(1000);
    assert.deepEqual(probe.messages, ["woke"]);
  });

  test("a bad idleTimeoutMs is a RangeError", async () => {
    await using kit = new TestKit();
    for (const bad of [-1, Number.NaN]) {
      await assert.rejects(
        runUntilIdle(kit.system, { idleTimeoutMs: bad }),
        RangeError,
      );
      assert.throws(() => new TestKit({ idleTimeoutMs: bad }), RangeError);
    }
  });
});
