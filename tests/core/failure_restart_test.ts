import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { defineActor, type ReplyPort, SpawnError } from "../../mod.ts";
import { TestKit } from "../../testing.ts";

type Msg =
  | { type: "add"; n: number }
  | { type: "get"; replyTo: ReplyPort<number> }
  | { type: "crash"; why: string }
  | { type: "reject"; why: string };

interface Args {
  readonly start: number;
  readonly inits: number[];
}

const counter = defineActor({
  kind: "counter",
  init: (args: Args) => {
    args.inits.push(args.start);
    return { total: args.start };
  },
  receive(state: { total: number }, msg: Msg) {
    switch (msg.type) {
      case "add":
        return { total: state.total + msg.n };
      case "get":
        return msg.replyTo.reply(state.total);
      case "crash":
        throw new Error(msg.why);
      case "reject":
        return Promise.reject(new Error(msg.why));
    }
  },
});

function spawnCounter(kit: TestKit, start = 10) {
  const args: Args = { start, inits: [] };
  const ref = kit.system.spawn(counter, { name: "counter", args });
  const get = () => ref.ask<number>((replyTo) => ({ type: "get", replyTo }));
  return { ref, args, get };
}

describe("failure and restart under the guardian", () => {
  test("a handler that throws restarts the actor with state rebuilt from the original args", async () => {
    await using kit = new TestKit();
    const { ref, args, get } = spawnCounter(kit, 10);
    ref.tell({ type: "add", n: 5 });
    assert.equal(await get(), 15);
    ref.tell({ type: "crash", why: "boom" });
    assert.equal(await get(), 10, "fresh state, not 15");
    assert.deepEqual(args.inits, [10, 10], "init ran again with the same args");
    assert.equal(ref.restarts, 1);
    assert.equal(ref.status, "running");
  });

  test("a handler whose promise rejects fails and restarts the actor like a throw", async () => {
    await using kit = new TestKit();
    const { ref, args, get } = spawnCounter(kit, 1);
    ref.tell({ type: "add", n: 1 });
    ref.tell({ type: "reject", why: "async boom" });
    assert.equal(await get(), 1);
    assert.equal(ref.restarts, 1);
    assert.equal(args.inits.length, 2);
    const failed = kit.eventsOf("failed");
    assert.equal(failed.length, 1);
    assert.equal((failed[0].error as Error).message, "async boom");
  });

  test("the same ref keeps working after a restart and the restart count increments each time", async () => {
    await using kit = new TestKit();
    const { ref, get } = spawnCounter(kit, 0);
    const refBefore = kit.system.lookup("/counter");
    for (let i = 1; i <= 3; i++) {
      ref.tell({ type: "crash", why: `crash ${i}` });
      ref.tell({ type: "add", n: i });
      assert.equal(await get(), i);
      assert.equal(ref.restarts, i);
    }
    assert.equal(kit.system.lookup("/counter"), refBefore);
    assert.equal(kit.system.lookup("/counter"), ref);
  });

  test("mail queued behind the failing message is kept and handled by the new instance in order", async () => {
    await using kit = new TestKit();
    const { ref, get } = spawnCounter(kit, 100);
    await kit.runUntilIdle();
    ref.tell({ type: "crash", why: "boom" });
    ref.tell({ type: "add", n: 1 });
    ref.tell({ type: "add", n: 2 });
    ref.tell({ type: "add", n: 3 });
    const total = get();
    assert.equal(await total, 106);
    assert.equal(ref.restarts, 1);
    assert.equal(kit.system.deadLetters, 1, "only the failing message is lost");
  });

  test("the failing message becomes a dead-letter event with reason failed carrying the error", async () => {
    await using kit = new TestKit();
    const { ref } = spawnCounter(kit);
    const crash: Msg = { type: "crash", why: "bad input" };
    ref.tell(crash);
    await kit.runUntilIdle();
    const dead = kit.eventsOf("dead-letter");
    assert.equal(dead.length, 1);
    assert.equal(dead[0].path, "/counter");
    assert.equal(dead[0].reason, "failed");
    assert.equal(dead[0].message, crash);
    assert.ok(dead[0].error instanceof Error);
    assert.equal(dead[0].error.message, "bad input");
    assert.equal(kit.system.deadLetters, 1);
  });

  test("the stopped hook runs with reason failed and the old state before the restart", async () => {
    await using kit = new TestKit();
    const calls: string[] = [];
    const ref = kit.system.spawn(defineActor({
      init: () => {
        calls.push("init");
        return { n: 0 };
      },
      receive(state: { n: number }, msg: "inc" | "crash") {
        if (msg === "crash") throw new Error("x");
        state.n++;
      },
      stopped(state, reason) {
        calls.push(`stopped n=${state.n} ${reason}`);
      },
    }));
    ref.tell("inc");
    ref.tell("inc");
    ref.tell("crash");
    await kit.runUntilIdle();
    assert.deepEqual(calls, ["init", "stopped n=2 failed", "init"]);
  });

  test("three failures within 5000 ms are restarted; the fourth stops the actor with reason failed", async () => {
    await using kit = new TestKit();
    const { ref, get } = spawnCounter(kit, 0);
    for (let i = 1; i <= 3; i++) {
      ref.tell({ type: "crash", why: `crash ${i}` });
      await kit.advance(1000);
    }
    // At the limit: three restarts in 3000 ms, still running.
    assert.equal(ref.restarts, 3);
    assert.equal(ref.status, "running");
    assert.equal(await get(), 0);
    // One past it, still inside the window.
    ref.tell({ type: "crash", why: "crash 4" });
    await kit.runUntilIdle();
    assert.equal(ref.status, "stopped");
    assert.equal(ref.restarts, 3);
    const stopped = kit.eventsOf("stopped");
    assert.equal(stopped.length, 1);
    assert.equal(stopped[0].path, "/counter");
    assert.equal(stopped[0].reason, "failed");
    assert.equal((stopped[0].error as Error).message, "crash 4");
    assert.equal(ref.tell({ type: "add", n: 1 }), false);
    assert.equal(kit.system.lookup("/counter"), undefined);
  });

  test("failures spread beyond the 5000 ms window keep being restarted", async () => {
    await using kit = new TestKit();
    const { ref, get } = spawnCounter(kit, 0);
    for (let i = 1; i <= 8; i++) {
      ref.tell({ type: "crash", why: `crash ${i}` });
      await kit.advance(2000); // at most 3 failures in any 5000 ms
      assert.equal(ref.status, "running", `after failure ${i}`);
    }
    assert.equal(ref.restarts, 8);
    assert.equal(await get(), 0);
  });

  test("the restart window slides: three old restarts no longer count once 5000 ms have passed", async () => {
    await using kit = new TestKit();
    const { ref } = spawnCounter(kit, 0);
    for (let i = 0; i < 3; i++) ref.tell({ type: "crash", why: "burst" });
    await kit.runUntilIdle();
    assert.equal(ref.restarts, 3);
    await kit.advance(5001);
    ref.tell({ type: "crash", why: "later" });
    await kit.runUntilIdle();
    assert.equal(ref.status, "running");
    assert.equal(ref.restarts, 4);
  });

  test("a burst of four failures at the same instant stops the actor after three restarts", async () => {
    await using kit = new TestKit();
    const { ref } = spawnCounter(kit, 0);
    for (let i = 0; i < 4; i++) ref.tell({ type: "crash", why: `c${i}` });
    await kit.runUntilIdle();
    assert.equal(ref.status, "stopped");
    assert.equal(ref.restarts, 3);
    assert.equal(kit.eventsOf("failed").length, 4);
    assert.equal(kit.eventsOf("restarted").length, 3);
  });

  test("a throwing first init is reported as SpawnError with the cause and not restarted (OTP: start_link returns the error)", async () => {
    await using kit = new TestKit();
    let attempts = 0;
    const flaky = defineActor({
      init: () => {
        if (++attempts === 1) throw new Error("no database");
        return "ready";
      },
      receive: (state: string, msg: { replyTo: ReplyPort<string> }) =>
        msg.replyTo.reply(state),
    });
    const ref = kit.system.spawn(flaky, { name: "flaky" });
    await kit.runUntilIdle();
    assert.equal(ref.status, "stopped");
    assert.equal(attempts, 1);
    assert.equal(ref.restarts, 0);
    const failed = kit.eventsOf("failed");
    assert.equal(failed.length, 1);
    const error = failed[0].error;
    assert.ok(error instanceof SpawnError);
    assert.equal(error.path, "/flaky");
    assert.match(error.message, /failed to initialise: no database/);
    assert.equal((error.cause as Error).message, "no database");
    // system.start reports it to the caller; a second start succeeds.
    attempts = 0;
    await assert.rejects(
      kit.system.start(flaky, { name: "again" }),
      (e) =>
        e instanceof SpawnError && (e.cause as Error).message === "no database",
    );
    const ok = await kit.system.start(flaky, { name: "third" });
    assert.equal(ok.status, "running");
  });

  test("an init that always rejects stops the actor with reason failed and a SpawnError, after one attempt", async () => {
    await using kit = new TestKit();
    let attempts = 0;
    let stoppedCalls = 0;
    const ref = kit.system.spawn(defineActor({
      init: () => {
        attempts++;
        return Promise.reject(new TypeError("bad config"));
      },
      receive: (_: never, _msg: string) => {},
      stopped: () => void stoppedCalls++,
    }));
    ref.tell("queued");
    await kit.runUntilIdle();
    assert.equal(ref.status, "stopped");
    assert.equal(attempts, 1, "a failed first start is not retried");
    assert.equal(
      stoppedCalls,
      0,
      "stopped never runs for a state that was never built",
    );
    const stopped = kit.eventsOf("stopped");
    assert.equal(stopped.length, 1);
    assert.equal(stopped[0].reason, "failed");
    assert.ok(stopped[0].error instanceof SpawnError);
    assert.ok(stopped[0].error.cause instanceof TypeError);
    const dead = kit.eventsOf("dead-letter");
    assert.deepEqual(dead.map((e) => [e.message, e.reason]), [[
      "queued",
      "stopped",
    ]]);
  });

  test("ctx.restarts tells a new incarnation how many restarts came before it", async () => {
    await using kit = new TestKit();
    const seen: number[] = [];
    const ref = kit.system.spawn(defineActor({
      init: (_: void, ctx) => void seen.push(ctx.restarts),
      receive: () => {
        throw new Error("again");
      },
    }));
    ref.tell("x");
    ref.tell("x");
    await kit.runUntilIdle();
    assert.deepEqual(seen, [0, 1, 2]);
  });

  test("a restart stops the failed actor's children first and init spawns them afresh", async () => {
    await using kit = new TestKit();
    const log: string[] = [];
    const child = defineActor({
      init: (name: string) => {
        log.push(`start ${name}`);
        return name;
      },
      receive: () => {},
      stopped: (name, reason) => void log.push(`stop ${name} ${reason}`),
    });
    const parent = kit.system.spawn(
      defineActor({
        init: (_: void, ctx) => {
          log.push("start parent");
          ctx.spawn(child, { name: "a", args: "a" });
          ctx.spawn(child, { name: "b", args: "b" });
        },
        receive: () => {
          throw new Error("parent failed");
        },
        stopped: (_s, reason) => void log.push(`stop parent ${reason}`),
      }),
      { name: "p" },
    );
    await kit.runUntilIdle();
    const childBefore = kit.system.lookup("/p/a");
    parent.tell("x");
    await kit.runUntilIdle();
    assert.deepEqual(log, [
      "start parent",
      "start a",
      "start b",
      "stop b shutdown",
      "stop a shutdown",
      "stop parent failed",
      "start parent",
      "start a",
      "start b",
    ]);
    const childAfter = kit.system.lookup("/p/a");
    assert.ok(childAfter !== undefined);
    assert.notEqual(childAfter, childBefore, "children are new actors");
    assert.equal(childBefore!.status, "stopped");
  });
});
