/**
 * Timer limits (issue 8, item 11): delays past 2³¹−1 ms are chained instead
 * of firing after about 1 ms; nonsensical delays and timeouts are rejected
 * with a clear error; a throw in `stopped` is reported without counting as a
 * failure.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  ActorSystem,
  AskTimeoutError,
  chainedClock,
  childSpec,
  type Clock,
  defineActor,
  injectFault,
  MAX_TIMER_DELAY,
  realClock,
  type ReplyPort,
  supervisor,
} from "../../mod.ts";
import { runUntilIdle, TestKit, VirtualClock } from "../../testing.ts";

/** A host clock that records every delay it is asked for. */
function recordingHost(): {
  clock: VirtualClock;
  delays: number[];
  host: Clock;
} {
  const clock = new VirtualClock();
  const delays: number[] = [];
  const host: Clock = {
    now: () => clock.now(),
    setTimeout: (fn, ms) => {
      delays.push(ms);
      return clock.setTimeout(fn, ms);
    },
    clearTimeout: (handle) => clock.clearTimeout(handle),
  };
  return { clock, delays, host };
}

describe("long delays are chained", () => {
  test("a delay past the host's limit fires exactly when due, in links no longer than the limit", () => {
    const { clock, delays, host } = recordingHost();
    const chained = chainedClock(host, 1000);
    let firedAt = -1;
    chained.setTimeout(() => (firedAt = clock.now()), 3500);
    clock.advance(3499);
    assert.equal(firedAt, -1);
    clock.advance(1);
    assert.equal(firedAt, 3500);
    assert.ok(delays.every((ms) => ms <= 1000), String(delays));
    assert.equal(delays.length, 4);
  });

  test("a chained timer can be cancelled in any link; Infinity never fires and arms nothing", () => {
    const { clock, delays, host } = recordingHost();
    const chained = chainedClock(host, 1000);
    let fired = 0;
    const handle = chained.setTimeout(() => fired++, 2500);
    clock.advance(1500);
    chained.clearTimeout(handle);
    clock.advance(10_000);
    assert.equal(fired, 0);
    assert.equal(clock.pending, 0);
    const before = delays.length;
    chained.clearTimeout(chained.setTimeout(() => fired++, Infinity));
    assert.equal(delays.length, before);
  });

  test("realClock does not fire a delay of 2^31 ms early", async () => {
    let fired = false;
    const handle = realClock.setTimeout(
      () => (fired = true),
      MAX_TIMER_DELAY + 1,
    );
    // A host timer given this delay directly fires after about 1 ms.
    await new Promise((resolve) => setTimeout(resolve, 20));
    realClock.clearTimeout(handle);
    assert.equal(fired, false);
  });

  test("an ask timeout past the host's limit arms a few links, not one every millisecond", async () => {
    const { clock, delays, host } = recordingHost();
    await using system = new ActorSystem({ clock: chainedClock(host, 1000) });
    const silent = system.spawn(defineActor({
      init: () => null,
      receive: (_: null, _msg: { replyTo: ReplyPort<number> }) => {},
    }));
    const answer = silent.ask<number>((replyTo) => ({ replyTo }), {
      timeoutMs: 10_000,
    });
    const outcome: { error?: unknown } = {};
    answer.catch((e: unknown) => void (outcome.error = e));
    await runUntilIdle(system);
    for (let t = 500; t < 10_000; t += 500) {
      clock.advance(500);
      await runUntilIdle(system);
    }
    assert.equal(outcome.error, undefined);
    clock.advance(1_000);
    await runUntilIdle(system);
    assert.equal(
      (outcome.error as Error | undefined)?.name,
      new AskTimeoutError("/", 1).name,
    );
    assert.ok(delays.length <= 12, `armed ${delays.length} host timers`);
  });

  test("sendAfter with a delay past 2^31 ms delivers exactly then on the virtual clock", async () => {
    await using kit = new TestKit();
    const probe = kit.probe<string>();
    const far = MAX_TIMER_DELAY + 5;
    kit.system.spawn(defineActor({
      init: (_: void, ctx) => void ctx.sendAfter("tick", far),
      receive: (_: void, msg: string) => void probe.ref.tell(msg),
    }));
    await kit.advance(far - 1);
    assert.deepEqual(probe.messages, []);
    await kit.advance(1);
    assert.deepEqual(probe.messages, ["tick"]);
  });
});

describe("nonsense is rejected", () => {
  test("sendAfter and sendInterval: TypeError for a non-number, RangeError for negative, NaN or infinite", async () => {
    await using kit = new TestKit();
    const errors: string[] = [];
    kit.system.spawn(defineActor({
      init(_: void, ctx) {
        for (const ms of [-1, NaN, Infinity, "10"]) {
          for (const send of [ctx.sendAfter, ctx.sendInterval]) {
            try {
              send.call(ctx, "x", ms as number);
              errors.push("none");
            } catch (error) {
              errors.push((error as Error).name);
            }
          }
        }
        try {
          ctx.sendInterval("x", 0);
        } catch (error) {
          errors.push((error as Error).name);
        }
      },
      receive: () => {},
    }));
    await kit.runUntilIdle();
    assert.deepEqual(errors, [
      ...Array(6).fill("RangeError"),
      "TypeError",
      "TypeError",
      "RangeError",
    ]);
  });

  test("ask timeouts: TypeError for a non-number, RangeError for negative or NaN", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(defineActor({
      init: () => null,
      receive: (_: null, _msg: { replyTo: ReplyPort<number> }) => {},
    }));
    for (
      const [timeoutMs, name] of [[-1, "RangeError"], [NaN, "RangeError"], [
        "5",
        "TypeError",
      ]] as const
    ) {
      await assert.rejects(
        ref.ask<number>((replyTo) => ({ replyTo }), {
          timeoutMs: timeoutMs as number,
        }),
        { name },
      );
    }
  });

  test("spawn shutdown: TypeError for a string, RangeError for negative or NaN", async () => {
    await using kit = new TestKit();
    const def = defineActor({ init: () => null, receive: () => {} });
    assert.throws(
      () => kit.system.spawn(def, { shutdown: "soon" as never }),
      TypeError,
    );
    assert.throws(() => kit.system.spawn(def, { shutdown: -1 }), RangeError);
    assert.throws(() => kit.system.spawn(def, { shutdown: NaN }), RangeError);
  });
});

describe("a throw in stopped", () => {
  test("is reported with the hook and the reason, and does not count toward restart intensity", async () => {
    await using kit = new TestKit();
    const worker = defineActor({
      init: () => null,
      receive: () => {},
      stopped() {
        throw new Error("cleanup failed");
      },
    });
    const sup = kit.system.spawn(
      supervisor({
        maxRestarts: 1,
        withinMs: 5000,
        children: [childSpec("w", worker)],
      }),
      { name: "sup" },
    );
    await kit.runUntilIdle();
    const w = kit.system.lookup("/sup/w")!;
    injectFault(w, new Error("boom"));
    await kit.runUntilIdle();
    // One failure, one restart: the throw in `stopped` is not a second one.
    assert.equal(sup.status, "running");
    assert.equal(w.status, "running");
    assert.equal(w.restarts, 1);
    assert.equal(kit.eventsOf("escalated").length, 0);
    const failed = kit.eventsOf("failed").filter((e) => e.path === "/sup/w");
    assert.deepEqual(
      failed.map((e) => [(e.error as Error).message, e.hook, e.reason]),
      [["boom", undefined, undefined], ["cleanup failed", "stopped", "failed"]],
    );
  });
});
