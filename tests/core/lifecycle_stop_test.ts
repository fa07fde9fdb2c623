import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type ActorRef,
  ActorStoppedError,
  ActorSystem,
  defineActor,
  SpawnError,
} from "../../mod.ts";
import { TestKit, VirtualClock } from "../../testing.ts";

/** An actor that logs its start and stop, and spawns the named children. */
const node = defineActor({
  kind: "node",
  init: (args: { name: string; log: string[]; children?: string[] }, ctx) => {
    args.log.push(`start ${args.name}`);
    for (const child of args.children ?? []) {
      ctx.spawn(node, {
        name: child,
        args: { name: `${args.name}/${child}`, log: args.log },
      });
    }
    return args;
  },
  receive: (_state, _msg: "ping") => {},
  stopped: (state, reason) =>
    void state.log.push(`stop ${state.name} ${reason}`),
});

describe("stopping an actor", () => {
  test("ref.stop runs the stopped hook with reason normal and the final state, then resolves", async () => {
    await using kit = new TestKit();
    const calls: string[] = [];
    const ref = kit.system.spawn(
      defineActor({
        init: () => 0,
        receive: (n: number, _msg: "inc") => n + 1,
        stopped: async (n, reason) => {
          await Promise.resolve();
          calls.push(`stopped n=${n} ${reason}`);
        },
      }),
      { name: "c" },
    );
    ref.tell("inc");
    ref.tell("inc");
    await kit.runUntilIdle();
    await ref.stop();
    assert.deepEqual(
      calls,
      ["stopped n=2 normal"],
      "resolved after the async hook",
    );
    assert.equal(ref.status, "stopped");
    const stopped = kit.eventsOf("stopped");
    assert.deepEqual(stopped.map((e) => [e.path, e.reason]), [[
      "/c",
      "normal",
    ]]);
  });

  test("ctx.stop inside a handler stops after the current message; later mail becomes dead letters", async () => {
    await using kit = new TestKit();
    const handled: string[] = [];
    const ref = kit.system.spawn(defineActor({
      init: () => null,
      receive(_: null, msg: string, ctx) {
        handled.push(msg);
        if (msg === "stop") void ctx.stop();
      },
    }));
    for (const m of ["a", "stop", "b", "c"]) ref.tell(m);
    await kit.runUntilIdle();
    assert.deepEqual(handled, ["a", "stop"]);
    assert.equal(ref.status, "stopped");
    const dead = kit.eventsOf("dead-letter");
    assert.deepEqual(dead.map((e) => [e.message, e.reason]), [
      ["b", "stopped"],
      ["c", "stopped"],
    ]);
  });

  test("ctx.signal aborts with ActorStoppedError when the actor stops", async () => {
    await using kit = new TestKit();
    let signal: AbortSignal | undefined;
    const ref = kit.system.spawn(defineActor({
      init: (_: void, ctx) => void (signal = ctx.signal),
      receive: () => {},
    }));
    await kit.runUntilIdle();
    assert.equal(signal!.aborted, false);
    const stopping = ref.stop();
    assert.equal(signal!.aborted, true, "aborted as soon as the stop begins");
    assert.ok(signal!.reason instanceof ActorStoppedError);
    await stopping;
  });

  test("ctx.signal aborts on restart and the new incarnation gets a fresh signal", async () => {
    await using kit = new TestKit();
    const signals: AbortSignal[] = [];
    const ref = kit.system.spawn(defineActor({
      init: (_: void, ctx) => void signals.push(ctx.signal),
      receive: () => {
        throw new Error("fail");
      },
    }));
    await kit.runUntilIdle();
    ref.tell("x");
    await kit.runUntilIdle();
    assert.equal(signals.length, 2);
    assert.equal(signals[0].aborted, true);
    assert.equal(signals[1].aborted, false);
  });

  test("stopping a parent stops its children first, in reverse start order", async () => {
    await using kit = new TestKit();
    const log: string[] = [];
    const ref = kit.system.spawn(node, {
      name: "p",
      args: { name: "p", log, children: ["a", "b", "c"] },
    });
    await kit.runUntilIdle();
    log.length = 0;
    await ref.stop();
    assert.deepEqual(log, [
      "stop p/c shutdown",
      "stop p/b shutdown",
      "stop p/a shutdown",
      "stop p normal",
    ]);
    assert.equal(kit.system.lookup("/p/a"), undefined);
  });

  test("ctx.stop(child) stops that child with reason shutdown and removes it", async () => {
    await using kit = new TestKit();
    const log: string[] = [];
    const parent = kit.system.spawn(
      defineActor({
        init: (_: void, ctx) => {
          ctx.spawn(node, { name: "kid", args: { name: "kid", log } });
        },
        async receive(_: void, msg: "drop-kid" | "count", ctx) {
          if (msg === "drop-kid") await ctx.stop(ctx.child("kid"));
          else log.push(`children ${ctx.children.length}`);
        },
      }),
      { name: "parent" },
    );
    await kit.runUntilIdle();
    parent.tell("count");
    parent.tell("drop-kid");
    parent.tell("count");
    await kit.runUntilIdle();
    assert.deepEqual(log, [
      "start kid",
      "children 1",
      "stop kid shutdown",
      "children 0",
    ]);
    assert.equal(kit.system.lookup("/parent/kid"), undefined);
    assert.equal(parent.status, "running");
  });

  test("ctx.stop of an actor that is not a child throws TypeError", async () => {
    await using kit = new TestKit();
    const other = kit.system.spawn(node, { args: { name: "o", log: [] } });
    let caught: unknown;
    const ref = kit.system.spawn(defineActor({
      init: () => null,
      receive(_: null, target: ActorRef<"ping">, ctx) {
        try {
          void ctx.stop(target);
        } catch (error) {
          caught = error;
        }
      },
    }));
    ref.tell(other);
    await kit.runUntilIdle();
    assert.ok(caught instanceof TypeError);
    assert.equal(other.status, "running");
  });

  test("a stopped hook that throws is reported as a failed event and the stop still completes", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(
      defineActor({
        init: () => null,
        receive: () => {},
        stopped: () => {
          throw new Error("cleanup failed");
        },
      }),
      { name: "messy" },
    );
    await kit.runUntilIdle();
    await ref.stop();
    assert.equal(ref.status, "stopped");
    const failed = kit.eventsOf("failed");
    assert.equal(failed.length, 1);
    assert.equal((failed[0].error as Error).message, "cleanup failed");
    assert.equal(kit.eventsOf("stopped")[0].reason, "normal");
  });

  test("stop on a stopped actor resolves at once and changes nothing", async () => {
    await using kit = new TestKit();
    const log: string[] = [];
    const ref = kit.system.spawn(node, { args: { name: "x", log } });
    await ref.stop();
    await ref.stop();
    assert.deepEqual(log, ["start x", "stop x normal"]);
    assert.equal(kit.eventsOf("stopped").length, 1);
  });

  test("a child whose stopped hook overruns its shutdown time is killed", async () => {
    const clock = new VirtualClock();
    const system = new ActorSystem({ clock });
    const reasons: string[] = [];
    system.events.subscribe((e) => {
      if (e.type === "stopped" && e.path !== "/") {
        reasons.push(`${e.path} ${e.reason}`);
      }
    });
    let hookStarted!: () => void;
    const started = new Promise<void>((resolve) => (hookStarted = resolve));
    system.spawn(
      defineActor({
        init: () => null,
        receive: () => {},
        stopped: () => {
          hookStarted();
          return new Promise<void>(() => {}); // never finishes
        },
      }),
      { name: "slow", shutdown: 100 },
    );
    const done = system.shutdown();
    await started;
    clock.advance(99);
    await Promise.resolve();
    assert.deepEqual(reasons, []);
    clock.advance(1);
    await done;
    assert.deepEqual(reasons, ["/slow killed"]);
  });
});

describe("system shutdown", () => {
  test("shutdown stops every actor children-before-parents in reverse start order", async () => {
    await using kit = new TestKit();
    const log: string[] = [];
    for (const name of ["a", "b", "c"]) {
      kit.system.spawn(node, {
        name,
        args: { name, log, children: ["x", "y"] },
      });
    }
    await kit.runUntilIdle();
    log.length = 0;
    await kit.system.shutdown();
    assert.deepEqual(log, [
      "stop c/y shutdown",
      "stop c/x shutdown",
      "stop c shutdown",
      "stop b/y shutdown",
      "stop b/x shutdown",
      "stop b shutdown",
      "stop a/y shutdown",
      "stop a/x shutdown",
      "stop a shutdown",
    ]);
  });

  test("shutdown resolves only when every actor has stopped, and terminated reports the cause", async () => {
    await using kit = new TestKit();
    const refs = [0, 1, 2].map(() =>
      kit.system.spawn(defineActor({
        init: () => null,
        receive: () => {},
        stopped: async () => {
          for (let i = 0; i < 5; i++) await Promise.resolve();
        },
      }))
    );
    await kit.runUntilIdle();
    assert.equal(kit.system.status, "running");
    const done = kit.system.shutdown();
    assert.equal(kit.system.status, "stopping");
    assert.equal(
      kit.system.shutdown(),
      done,
      "a second call returns the same promise",
    );
    await done;
    assert.deepEqual(refs.map((r) => r.status), [
      "stopped",
      "stopped",
      "stopped",
    ]);
    assert.equal(kit.system.status, "terminated");
    assert.deepEqual(await kit.system.terminated, { cause: "requested" });
    assert.deepEqual(kit.system.topLevel, []);
  });

  test("await using shuts the system down at the end of the block", async () => {
    const log: string[] = [];
    let ref: ActorRef<"ping">;
    {
      await using system = new ActorSystem({ clock: new VirtualClock() });
      ref = system.spawn(node, { args: { name: "n", log } });
      ref.tell("ping");
    }
    assert.equal(ref.status, "stopped");
    assert.deepEqual(log, ["start n", "stop n shutdown"]);
  });

  test("spawn after shutdown (or during it) throws SpawnError", async () => {
    await using kit = new TestKit();
    const done = kit.system.shutdown();
    assert.throws(
      () => kit.system.spawn(node, { args: { name: "late", log: [] } }),
      SpawnError,
    );
    await done;
    assert.throws(
      () => kit.system.spawn(node, { args: { name: "later", log: [] } }),
      SpawnError,
    );
  });

  test("messages to actors after shutdown become dead letters and tell returns false", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(node, { args: { name: "n", log: [] } });
    await kit.system.shutdown();
    assert.equal(ref.tell("ping"), false);
    const dead = kit.eventsOf("dead-letter");
    assert.deepEqual(dead.map((e) => [e.path, e.message, e.reason]), [
      ["/$1", "ping", "stopped"],
    ]);
  });

  test("a shutdown with a pending ask rejects it with ActorStoppedError", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(defineActor({
      init: () => null,
      receive: (_: null, _msg: { replyTo: unknown }) => {},
    }));
    const asked = ref.ask<number>((replyTo) => ({ replyTo }));
    await kit.runUntilIdle();
    await kit.system.shutdown();
    await assert.rejects(asked, ActorStoppedError);
  });
});
