/**
 * `ref.stop()` is bounded by the actor's shutdown time, then the actor is
 * killed (reason `killed`), supervised or not (issue 8, item 9).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { childSpec, defineActor, supervisor } from "../../mod.ts";
import { TestKit } from "../../testing.ts";

/** Resolves after `n` turns of the microtask queue. */
async function ticks(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

const never = new Promise<never>(() => {});

/** An actor whose `stopped` hook never settles. */
const stuckInStopped = defineActor({
  init: () => null,
  receive: () => {},
  stopped: () => never,
});

/** An actor whose handler never settles. */
const stuckInHandler = defineActor({
  init: () => null,
  receive: (_: null, _msg: "hang") => never,
});

describe("bounded stop", () => {
  test("a stopped hook that never settles: stop() resolves at 5000 ms and the actor is killed", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(stuckInStopped, { name: "a" });
    await kit.runUntilIdle();
    let done = false;
    const stopping = ref.stop().then(() => void (done = true));
    await kit.advance(4999);
    assert.equal(done, false);
    assert.equal(ref.status, "stopping");
    await kit.advance(1);
    await stopping;
    assert.equal(ref.status, "stopped");
    assert.deepEqual(
      kit.eventsOf("stopped").map((e) => [e.path, e.reason]),
      [["/a", "killed"]],
    );
  });

  test("a handler that never settles: stop() resolves at the spawn option's shutdown time", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(stuckInHandler, { name: "a", shutdown: 100 });
    ref.tell("hang");
    ref.tell("hang");
    await ticks();
    let done = false;
    const stopping = ref.stop().then(() => void (done = true));
    await ticks();
    kit.clock.advance(99);
    await ticks();
    assert.equal(done, false);
    kit.clock.advance(1);
    await stopping;
    assert.equal(ref.status, "stopped");
    assert.equal(kit.eventsOf("stopped")[0].reason, "killed");
    // The queued message is accounted for.
    assert.deepEqual(
      kit.eventsOf("dead-letter").map((e) => [e.message, e.reason]),
      [["hang", "stopped"]],
    );
  });

  test("a supervised child's stop() is bounded by its spec's shutdown as well", async () => {
    await using kit = new TestKit();
    const sup = kit.system.spawn(
      supervisor({
        children: [
          childSpec("w", stuckInStopped, {
            restart: "temporary",
            shutdown: 250,
          }),
        ],
      }),
      { name: "sup" },
    );
    await kit.runUntilIdle();
    const child = kit.system.lookup("/sup/w")!;
    assert.ok(child);
    const stopping = child.stop();
    await kit.advance(250);
    await stopping;
    assert.equal(child.status, "stopped");
    assert.equal(
      kit.eventsOf("stopped").find((e) => e.path === "/sup/w")?.reason,
      "killed",
    );
    assert.equal(sup.status, "running");
  });

  test("shutdown infinity waits for the hook; brutal kills at once", async () => {
    await using kit = new TestKit();
    const gate = Promise.withResolvers<void>();
    const patient = kit.system.spawn(
      defineActor({
        init: () => null,
        receive: () => {},
        stopped: () => gate.promise,
      }),
      { name: "patient", shutdown: "infinity" },
    );
    const brutal = kit.system.spawn(stuckInStopped, {
      name: "brutal",
      shutdown: "brutal",
    });
    await kit.runUntilIdle();
    await brutal.stop();
    assert.equal(brutal.status, "stopped");
    let done = false;
    const stopping = patient.stop().then(() => void (done = true));
    await ticks();
    kit.clock.advance(60_000);
    await ticks();
    assert.equal(done, false);
    gate.resolve();
    await stopping;
    assert.equal(patient.status, "stopped");
    assert.deepEqual(
      kit.eventsOf("stopped").map((e) => [e.path, e.reason]),
      [["/brutal", "killed"], ["/patient", "normal"]],
    );
  });

  test("a synchronous stopped hook runs in the stop's turn: no timer is armed, state and reason reach it", async () => {
    await using kit = new TestKit();
    const seen: string[] = [];
    const ref = kit.system.spawn(
      defineActor({
        init: () => 0,
        receive: (n: number, _msg: "inc") => n + 1,
        stopped: (n, reason) => void seen.push(`${n} ${reason}`),
      }),
      { name: "quick", shutdown: 100 },
    );
    ref.tell("inc");
    await kit.runUntilIdle();
    const stopping = ref.stop();
    assert.equal(kit.clock.pending, 0, "no shutdown timer for a certain stop");
    await stopping;
    assert.deepEqual(seen, ["1 normal"]);
    assert.equal(ref.status, "stopped");
    assert.equal(kit.clock.pending, 0);
    assert.deepEqual(kit.eventsOf("failed"), []);
  });

  test("a stopped hook that turns async is bounded from when it starts, and a rejection is a failed event", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(stuckInStopped, { name: "a", shutdown: 100 });
    const failing = kit.system.spawn(
      defineActor({
        init: () => null,
        receive: () => {},
        stopped: () => Promise.reject(new Error("cleanup failed")),
      }),
      { name: "b", shutdown: 100 },
    );
    await kit.runUntilIdle();
    let done = false;
    const stopping = ref.stop().then(() => void (done = true));
    await failing.stop();
    assert.equal(failing.status, "stopped");
    assert.deepEqual(
      kit.eventsOf("failed").map((e) => [e.path, (e.error as Error).message]),
      [["/b", "cleanup failed"]],
    );
    await kit.advance(99);
    assert.equal(done, false);
    assert.equal(ref.status, "stopping");
    await kit.advance(1);
    await stopping;
    assert.deepEqual(
      kit.eventsOf("stopped").map((e) => [e.path, e.reason]),
      [["/b", "normal"], ["/a", "killed"]],
    );
  });

  test("an actor stopped before its first turn whose async init never settles runs init once and is killed at its shutdown time", async () => {
    await using kit = new TestKit();
    let inits = 0;
    const ref = kit.system.spawn(
      defineActor({
        init: () => (inits++, never),
        receive: () => {},
        stopped: () => {},
      }),
      { name: "slow-start", shutdown: 100 },
    );
    let done = false;
    const stopping = ref.stop().then(() => void (done = true));
    await kit.advance(99);
    assert.equal(done, false);
    await kit.advance(1);
    await stopping;
    assert.equal(ref.status, "stopped");
    assert.equal(kit.eventsOf("stopped")[0].reason, "killed");
    assert.equal(inits, 1);
  });
});
