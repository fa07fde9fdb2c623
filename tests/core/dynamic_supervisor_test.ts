import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type ActorRef,
  countChildren,
  defineActor,
  dynamicSupervisor,
  EscalationError,
  inspect,
  type ReplyPort,
  SpawnError,
  startChild,
  terminateChild,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// Elixir's DynamicSupervisor: no children at start, children started and
// terminated at run time, one-for-one only, an optional max_children past
// which start_child fails; a terminated child is forgotten.

type Msg =
  | { type: "add"; n: number }
  | { type: "get"; replyTo: ReplyPort<number> }
  | { type: "crash" };

const counter = defineActor({
  kind: "counter",
  init: (start: number) => start,
  receive(total: number, msg: Msg) {
    if (msg.type === "add") return total + msg.n;
    if (msg.type === "get") return msg.replyTo.reply(total);
    throw new Error("counter crashed");
  },
});

const get = (ref: ActorRef<Msg>) =>
  ref.ask<number>((replyTo) => ({ type: "get", replyTo }));

describe("dynamic supervisor", () => {
  test("starts with no children and starts children at run time, with or without an id", async () => {
    await using kit = new TestKit();
    const pool = kit.system.spawn(dynamicSupervisor(), { name: "pool" });
    await kit.runUntilIdle();
    assert.deepEqual(whichChildren(pool), []);
    const named = (await startChild(pool, {
      id: "named",
      start: counter,
      args: 1,
    }))!;
    const anonymous = (await startChild(pool, { start: counter, args: 2 }))!;
    assert.equal(named.path, "/pool/named");
    assert.equal(anonymous.path, "/pool/child-1");
    assert.equal(named.status, "running");
    assert.equal(await get(named), 1);
    assert.equal(await get(anonymous), 2);
    assert.deepEqual(whichChildren(pool).map((c) => c.id), [
      "child-1",
      "named",
    ]);
    const another = (await startChild(pool, { start: counter, args: 3 }))!;
    assert.equal(another.path, "/pool/child-2", "generated ids never repeat");
  });

  test("startChild past maxChildren throws SpawnError naming the limit", async () => {
    await using kit = new TestKit();
    const pool = kit.system.spawn(dynamicSupervisor({ maxChildren: 2 }), {
      name: "pool",
    });
    await startChild(pool, { id: "a", start: counter, args: 0 });
    await startChild(pool, { id: "b", start: counter, args: 0 });
    await assert.rejects(
      startChild(pool, { id: "c", start: counter, args: 0 }),
      (error) => {
        assert.ok(error instanceof SpawnError);
        assert.equal(
          error.message,
          'Cannot start child "c" under "/pool": maxChildren (2) reached',
        );
        return true;
      },
    );
    assert.equal(kit.system.lookup("/pool/c"), undefined);
    // Room again once one is terminated.
    await terminateChild(pool, "a");
    const c = (await startChild(pool, { id: "c", start: counter, args: 0 }))!;
    assert.equal(c.status, "running");
  });

  test("terminateChild stops the child and forgets it", async () => {
    await using kit = new TestKit();
    const pool = kit.system.spawn(dynamicSupervisor(), { name: "pool" });
    const a = (await startChild(pool, { id: "a", start: counter, args: 0 }))!;
    await startChild(pool, { id: "b", start: counter, args: 0 });
    await terminateChild(pool, "a");
    assert.equal(a.status, "stopped");
    assert.deepEqual(whichChildren(pool).map((c) => c.id), ["b"]);
    assert.deepEqual(countChildren(pool), {
      specs: 1,
      active: 1,
      supervisors: 0,
      workers: 1,
    });
    assert.deepEqual(
      kit.eventsOf("stopped").map((e) => [e.path, e.reason]),
      [["/pool/a", "shutdown"]],
    );
    // The id can be used again.
    const again =
      (await startChild(pool, { id: "a", start: counter, args: 5 }))!;
    assert.equal(await get(again), 5);
  });

  test("a crashing child is restarted with fresh state behind the same ref, its siblings untouched", async () => {
    await using kit = new TestKit();
    const pool = kit.system.spawn(dynamicSupervisor(), { name: "pool" });
    const a = (await startChild(pool, { id: "a", start: counter, args: 10 }))!;
    const b = (await startChild(pool, { id: "b", start: counter, args: 20 }))!;
    a.tell({ type: "add", n: 5 });
    b.tell({ type: "add", n: 5 });
    a.tell({ type: "crash" });
    assert.equal(await get(a), 10, "fresh state from the start args");
    assert.equal(await get(b), 25, "one-for-one: the sibling kept its state");
    assert.equal(a.restarts, 1);
    assert.equal(b.restarts, 0);
    assert.equal(kit.system.lookup("/pool/a"), a);
    assert.equal(whichChildren(pool).find((c) => c.id === "a")?.ref, a);
    assert.equal(
      inspect(kit.system, pool)?.supervisor?.strategy,
      "one-for-one",
    );
    assert.equal(inspect(kit.system, pool)?.supervisor?.type, "dynamic");
  });

  test("a transient child that stops normally is forgotten", async () => {
    await using kit = new TestKit();
    const pool = kit.system.spawn(dynamicSupervisor(), { name: "pool" });
    const a = (await startChild(pool, {
      id: "a",
      start: counter,
      args: 0,
      restart: "transient",
    }))!;
    await a.stop();
    await kit.runUntilIdle();
    assert.deepEqual(whichChildren(pool), []);
  });

  test("crashes past its intensity escalate like any supervisor's", async () => {
    await using kit = new TestKit();
    const pool = kit.system.spawn(
      dynamicSupervisor({ maxRestarts: 1, withinMs: 1000 }),
      { name: "pool" },
    );
    const a = (await startChild(pool, { id: "a", start: counter, args: 0 }))!;
    a.tell({ type: "crash" });
    await kit.runUntilIdle();
    a.tell({ type: "crash" });
    const termination = await kit.system.terminated;
    assert.ok(termination.error instanceof EscalationError);
    assert.equal(termination.error.path, "/pool");
  });

  test("maxChildren must be a positive integer", () => {
    for (const maxChildren of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => dynamicSupervisor({ maxChildren }), {
        name: "RangeError",
        message:
          `Invalid dynamic supervisor options: maxChildren must be a positive integer, got "${maxChildren}"`,
      });
    }
  });
});
