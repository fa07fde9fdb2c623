import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ActorSystem, defineActor } from "../../mod.ts";
import { runUntilIdle, TestKit, VirtualClock } from "../../testing.ts";

describe("VirtualClock", () => {
  test("time moves only when advanced and starts at the given time", () => {
    const clock = new VirtualClock(1000);
    assert.equal(clock.now(), 1000);
    assert.equal(clock.now(), 1000);
    clock.advance(250);
    assert.equal(clock.now(), 1250);
    assert.equal(new VirtualClock().now(), 0);
  });

  test("advance fires due timers in time order, ties in the order they were set", () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 30);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`b1@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`b2@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`d@${clock.now()}`), 40);
    assert.equal(clock.pending, 5);
    assert.equal(clock.nextAt, 10);
    clock.advance(30);
    assert.deepEqual(fired, ["a@10", "b1@20", "b2@20", "c@30"]);
    assert.equal(clock.now(), 30);
    assert.equal(clock.pending, 1);
    assert.equal(clock.nextAt, 40);
  });

  test("a timer set by a firing timer fires in the same advance when due", () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
    }, 10);
    clock.advance(20);
    assert.deepEqual(fired, [10, 15]);
  });

  test("clearTimeout cancels a timer; clearing twice or an unknown handle does nothing", () => {
    const clock = new VirtualClock();
    let fired = 0;
    const handle = clock.setTimeout(() => fired++, 10);
    clock.setTimeout(() => fired++, 10);
    clock.clearTimeout(handle);
    clock.clearTimeout(handle);
    clock.clearTimeout(12345);
    clock.advance(10);
    assert.equal(fired, 1);
    assert.equal(clock.pending, 0);
    assert.equal(clock.nextAt, undefined);
  });

  test("fireNext fires only the next timer due by the limit and moves time to it", () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(1), 100);
    clock.setTimeout(() => fired.push(2), 200);
    assert.equal(clock.fireNext(50), false);
    assert.equal(clock.now(), 0);
    assert.equal(clock.fireNext(), true);
    assert.deepEqual(fired, [1]);
    assert.equal(clock.now(), 100);
    assert.equal(clock.fireNext(), true);
    assert.equal(clock.fireNext(), false);
    assert.deepEqual(fired, [1, 2]);
  });

  test("advance by a negative or non-finite amount throws RangeError", () => {
    const clock = new VirtualClock();
    assert.throws(() => clock.advance(-1), RangeError);
    assert.throws(() => clock.advance(Infinity), RangeError);
    assert.throws(() => clock.advance(NaN), RangeError);
    assert.equal(clock.now(), 0);
  });
});

describe("TestKit", () => {
  test("advance fires timers in order and lets actors run between them", async () => {
    await using kit = new TestKit();
    const seen: string[] = [];
    // Each tick schedules the next one from inside the handler: only a
    // kit that runs the actor between timers sees all of them.
    kit.system.spawn(defineActor({
      init: (_: void, ctx) => void ctx.sendAfter(1, 100),
      receive(_: void, n: number, ctx) {
        seen.push(`tick ${n} at ${kit.clock.now()}`);
        if (n < 3) ctx.sendAfter(n + 1, 50);
      },
    }));
    await kit.advance(1000);
    assert.deepEqual(seen, [
      "tick 1 at 100",
      "tick 2 at 150",
      "tick 3 at 200",
    ]);
    assert.equal(kit.clock.now(), 1000, "time ends at the target");
  });

  test("advance fires a timer that an async handler is awaiting, then lets the handler finish", async () => {
    await using kit = new TestKit();
    const log: string[] = [];
    const ref = kit.system.spawn(defineActor({
      init: () => null,
      async receive(_: null, msg: string, ctx) {
        log.push(`start ${msg} at ${kit.clock.now()}`);
        await new Promise<void>((resolve) =>
          ctx.system.clock.setTimeout(resolve, 100)
        );
        log.push(`end ${msg} at ${kit.clock.now()}`);
      },
    }));
    ref.tell("a");
    ref.tell("b");
    await kit.advance(99);
    assert.deepEqual(log, ["start a at 0"]);
    await kit.advance(101);
    assert.deepEqual(log, [
      "start a at 0",
      "end a at 100",
      "start b at 100",
      "end b at 200",
    ]);
  });

  test("advance drives a restart backoff: the actor restarts when the delay has passed", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(
      defineActor({
        init: () => null,
        receive: () => {
          throw new Error("fail");
        },
      }),
      { supervision: { backoff: { minMs: 100 } } },
    );
    ref.tell("x");
    await kit.advance(99);
    assert.equal(ref.status, "backing-off");
    assert.equal(ref.restarts, 0);
    await kit.advance(1);
    assert.equal(ref.status, "running");
    assert.equal(ref.restarts, 1);
  });

  test("advance stops at the target time: a timer due later waits", async () => {
    await using kit = new TestKit();
    const probe = kit.probe<string>();
    kit.system.spawn(defineActor({
      init: (_: void, ctx) => void ctx.sendAfter("go", 500),
      receive: (_: void, msg: string) => void probe.ref.tell(msg),
    }));
    await kit.advance(499);
    assert.deepEqual(probe.messages, []);
    assert.equal(kit.clock.now(), 499);
    await kit.advance(1);
    assert.deepEqual(probe.messages, ["go"]);
  });

  test("advance rejects a negative or non-finite amount with RangeError", async () => {
    await using kit = new TestKit();
    await assert.rejects(kit.advance(-5), RangeError);
    await assert.rejects(kit.advance(Infinity), RangeError);
  });

  test("runUntilIdle returns once a chain of actors and async handlers has finished, without moving time", async () => {
    await using kit = new TestKit();
    const probe = kit.probe<number>();
    type Hop = { hops: number };
    const relay = defineActor({
      init: (next: { tell(m: Hop): boolean } | null) => next,
      async receive(next: { tell(m: Hop): boolean } | null, msg: Hop) {
        await Promise.resolve();
        if (next === null) probe.ref.tell(msg.hops);
        else next.tell({ hops: msg.hops + 1 });
      },
    });
    let head: { tell(m: Hop): boolean } | null = null;
    for (let i = 0; i < 50; i++) {
      head = kit.system.spawn(relay, { args: head });
    }
    head!.tell({ hops: 0 });
    await kit.runUntilIdle();
    assert.deepEqual(probe.messages, [49]);
    assert.equal(kit.clock.now(), 0);
  });

  test("runUntilIdle works on a plain system too", async () => {
    await using system = new ActorSystem({ clock: new VirtualClock() });
    const seen: number[] = [];
    const ref = system.spawn(defineActor({
      init: () => null,
      receive: (_: null, n: number) => void seen.push(n),
    }));
    for (let i = 0; i < 300; i++) ref.tell(i);
    await runUntilIdle(system);
    assert.equal(seen.length, 300);
  });

  test("probe.next returns messages in order and waits for one not yet sent", async () => {
    await using kit = new TestKit();
    const probe = kit.probe<string>("p");
    assert.equal(probe.ref.path, "/p");
    probe.ref.tell("a");
    probe.ref.tell("b");
    assert.equal(await probe.next(), "a");
    assert.equal(await probe.next(), "b");
    const later = probe.next();
    let got: string | undefined;
    later.then((m) => (got = m));
    await kit.runUntilIdle();
    assert.equal(got, undefined);
    probe.ref.tell("c");
    assert.equal(await later, "c");
    assert.deepEqual(probe.messages, ["a", "b", "c"]);
  });

  test("probe.expect skips messages until one matches", async () => {
    await using kit = new TestKit();
    const probe = kit.probe<number>();
    for (const n of [1, 3, 4, 5, 6]) probe.ref.tell(n);
    assert.equal(await probe.expect((n) => n % 2 === 0), 4);
    assert.equal(await probe.expect((n) => n % 2 === 0), 6);
  });

  test("the kit records every event and eventsOf filters them by type", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(
      defineActor({
        init: () => null,
        receive: () => {},
      }),
      { name: "x" },
    );
    await ref.stop();
    assert.deepEqual(kit.events.map((e) => e.type), [
      "spawned",
      "started",
      "stopped",
    ]);
    assert.deepEqual(kit.eventsOf("stopped").map((e) => e.path), ["/x"]);
    assert.deepEqual(kit.eventsOf("failed"), []);
  });

  test("the kit's system uses the virtual clock and the given options", async () => {
    await using kit = new TestKit({ name: "under-test" });
    assert.equal(kit.system.clock, kit.clock);
    assert.equal(kit.system.name, "under-test");
  });

  test("disposing the kit shuts its system down, firing timers a stopping actor waits on", async () => {
    let system: ActorSystem;
    let cleanedAt = -1;
    {
      await using kit = new TestKit();
      system = kit.system;
      kit.system.spawn(defineActor({
        init: () => null,
        receive: () => {},
        stopped: (_s, _r, ctx) =>
          new Promise<void>((resolve) =>
            ctx.system.clock.setTimeout(() => {
              cleanedAt = kit.clock.now();
              resolve();
            }, 300)
          ),
      }));
      await kit.runUntilIdle();
    }
    assert.equal(system.status, "terminated");
    assert.equal(cleanedAt, 300);
  });
});
