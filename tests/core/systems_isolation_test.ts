import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type ActorEvent, ActorSystem, defineActor } from "../../mod.ts";
import { runUntilIdle, VirtualClock } from "../../testing.ts";

const idle = defineActor({
  init: () => null,
  receive: (_: null, _msg: string) => {},
});

function twoSystems() {
  const clockA = new VirtualClock();
  const clockB = new VirtualClock();
  return {
    a: new ActorSystem({ name: "a", clock: clockA }),
    b: new ActorSystem({ name: "b", clock: clockB }),
    clockA,
    clockB,
  };
}

describe("two systems in one process", () => {
  test("names, paths and generated names are per system", async () => {
    const { a, b } = twoSystems();
    await using _a = a;
    await using _b = b;
    const inA = a.spawn(idle, { name: "svc", register: "service" });
    const inB = b.spawn(idle, { name: "svc", register: "service" });
    assert.notEqual(inA, inB);
    assert.equal(a.lookup("/svc"), inA);
    assert.equal(b.lookup("/svc"), inB);
    assert.equal(a.whereIs("service"), inA);
    assert.equal(b.whereIs("service"), inB);
    assert.equal(a.spawn(idle).name, "$1");
    assert.equal(b.spawn(idle).name, "$1");
    await inA.stop();
    assert.equal(b.whereIs("service"), inB, "stopping in a frees nothing in b");
  });

  test("dead letters and events stay in the system where they happened", async () => {
    const { a, b } = twoSystems();
    await using _a = a;
    await using _b = b;
    const eventsA: ActorEvent[] = [];
    const eventsB: ActorEvent[] = [];
    a.events.subscribe((e) => eventsA.push(e));
    b.events.subscribe((e) => eventsB.push(e));
    const ref = a.spawn(idle, { name: "x" });
    await ref.stop();
    ref.tell("lost");
    assert.equal(a.deadLetters, 1);
    assert.equal(b.deadLetters, 0);
    assert.ok(eventsA.some((e) => e.type === "dead-letter"));
    assert.deepEqual(eventsB, []);
    assert.equal(b.events.lastSeq, 0);
  });

  test("shutting one system down leaves the other running", async () => {
    const { a, b } = twoSystems();
    await using _b = b;
    const inA = a.spawn(idle);
    const handled: string[] = [];
    const inB = b.spawn(defineActor({
      init: () => null,
      receive: (_: null, msg: string) => void handled.push(msg),
    }));
    await a.shutdown();
    assert.equal(a.status, "terminated");
    assert.equal(inA.status, "stopped");
    assert.equal(b.status, "running");
    assert.equal(inB.tell("still here"), true);
    await runUntilIdle(b);
    assert.deepEqual(handled, ["still here"]);
  });

  test("each system runs its timers on its own clock", async () => {
    const { a, b, clockA, clockB } = twoSystems();
    await using _a = a;
    await using _b = b;
    const ticks: string[] = [];
    const ticker = defineActor({
      init: (tag: string, ctx) => {
        ctx.sendAfter("tick", 100);
        return tag;
      },
      receive: (tag: string, _msg: string) => void ticks.push(tag),
    });
    a.spawn(ticker, { args: "a" });
    b.spawn(ticker, { args: "b" });
    await runUntilIdle(a);
    await runUntilIdle(b);
    clockA.advance(100);
    await runUntilIdle(a);
    assert.deepEqual(ticks, ["a"]);
    assert.equal(clockB.pending, 1);
    clockB.advance(100);
    await runUntilIdle(b);
    assert.deepEqual(ticks, ["a", "b"]);
  });
});
