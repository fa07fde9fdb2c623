import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  childSpec,
  defineActor,
  EscalationError,
  inspect,
  SpawnError,
  type Strategy,
  supervisor,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// OTP restart intensity: at most `intensity` restarts within `period` (a
// sliding window over the supervisor's recent restarts). One more and the
// supervisor terminates all its children (reverse start order) and then
// itself, so its own supervisor decides. A child whose start fails while it
// is being restarted counts as another restart (supervisor_SUITE:
// one_for_one_escalation).

type Msg = "crash" | "exit";

interface Args {
  readonly id: string;
  readonly log: string[];
  /** Starts (1-based) whose `init` throws. */
  readonly failStarts?: readonly number[];
}

function makeWorker() {
  const starts = new Map<string, number>();
  return defineActor({
    init(args: Args) {
      const n = (starts.get(args.id) ?? 0) + 1;
      starts.set(args.id, n);
      args.log.push(`start ${args.id}`);
      if (args.failStarts?.includes(n)) {
        throw new Error(`${args.id} cannot start (#${n})`);
      }
      return args;
    },
    receive(state: Args, msg: Msg, ctx) {
      if (msg === "crash") throw new Error(`${state.id} crashed`);
      void ctx.stop();
    },
    stopped(state: Args, reason) {
      state.log.push(`stop ${state.id} ${reason}`);
    },
  });
}

interface Setup {
  readonly maxRestarts: number;
  readonly withinMs: number;
  readonly strategy?: Strategy;
  readonly failStarts?: readonly number[];
}

async function start(kit: TestKit, setup: Setup) {
  const log: string[] = [];
  const worker = makeWorker();
  const sup = kit.system.spawn(
    supervisor({
      strategy: setup.strategy,
      maxRestarts: setup.maxRestarts,
      withinMs: setup.withinMs,
      children: ["a", "b", "c"].map((id) =>
        childSpec(id, worker, {
          args: {
            id,
            log,
            failStarts: id === "b" ? setup.failStarts : undefined,
          },
        })
      ),
    }),
    { name: "sup" },
  );
  await kit.runUntilIdle();
  log.length = 0;
  const b = kit.system.lookup<Msg>("/sup/b")!;
  return { log, sup, b };
}

describe("restart intensity", () => {
  test("maxRestarts failures within withinMs are all restarted (at the limit)", async () => {
    await using kit = new TestKit();
    const { sup, b } = await start(kit, { maxRestarts: 3, withinMs: 1000 });
    for (let i = 0; i < 3; i++) {
      b.tell("crash");
      await kit.advance(100);
    }
    assert.equal(b.restarts, 3);
    assert.equal(b.status, "running");
    assert.equal(sup.status, "running");
    assert.equal(kit.eventsOf("escalated").length, 0);
    assert.equal(kit.system.status, "running");
  });

  test("one failure past the limit stops the children in reverse order and fails the supervisor with EscalationError", async () => {
    await using kit = new TestKit();
    const { log, sup, b } = await start(kit, {
      maxRestarts: 2,
      withinMs: 1000,
    });
    b.tell("crash");
    await kit.advance(10);
    b.tell("crash");
    await kit.advance(10);
    assert.equal(b.restarts, 2);
    log.length = 0;
    b.tell("crash");
    const termination = await kit.system.terminated;
    assert.deepEqual(log, [
      "stop c shutdown",
      "stop b failed",
      "stop a shutdown",
    ]);
    assert.equal(b.restarts, 2, "the third failure is not restarted");
    const supFailure = kit.eventsOf("failed").find((e) => e.path === "/sup");
    const error = supFailure?.error;
    assert.ok(error instanceof EscalationError);
    assert.equal(error.path, "/sup");
    assert.match(
      error.message,
      /"\/sup" gave up after a failure of "\/sup\/b"/,
    );
    assert.ok(error.cause instanceof Error);
    assert.equal(error.cause.message, "b crashed");
    assert.deepEqual(kit.eventsOf("escalated")[0].path, "/sup");
    assert.equal(termination.cause, "escalation");
    assert.equal(termination.error, error);
    assert.equal(sup.status, "stopped");
  });

  test("maxRestarts 0 escalates on the first failure", async () => {
    await using kit = new TestKit();
    const { b } = await start(kit, { maxRestarts: 0, withinMs: 1000 });
    b.tell("crash");
    await kit.system.terminated;
    assert.equal(b.restarts, 0);
    assert.deepEqual(kit.eventsOf("escalated").map((e) => e.path), [
      "/sup",
      "/",
    ]);
  });

  test("the window slides: failures spread out beyond withinMs never accumulate", async () => {
    await using kit = new TestKit();
    const { sup, b } = await start(kit, { maxRestarts: 2, withinMs: 1000 });
    // Six failures 600 ms apart: any 1000 ms window holds at most two.
    for (let i = 0; i < 6; i++) {
      b.tell("crash");
      await kit.advance(600);
    }
    assert.equal(b.restarts, 6);
    assert.equal(sup.status, "running");
    assert.equal(kit.eventsOf("escalated").length, 0);
  });

  test("the window slides: only the restarts of the last withinMs count", async () => {
    await using kit = new TestKit();
    const { sup, b } = await start(kit, { maxRestarts: 2, withinMs: 1000 });
    b.tell("crash"); // t=0
    await kit.advance(500);
    b.tell("crash"); // t=500
    await kit.advance(501);
    b.tell("crash"); // t=1001: the restart at 0 has left the window
    await kit.advance(0);
    assert.equal(b.restarts, 3);
    assert.equal(sup.status, "running");
    b.tell("crash"); // t=1001: 500, 1001 and this one: past the limit
    await kit.system.terminated;
    assert.equal(b.restarts, 3);
    assert.equal(kit.eventsOf("escalated")[0].path, "/sup");
  });

  test("a group restart counts once against the intensity", async () => {
    await using kit = new TestKit();
    const { sup, b } = await start(kit, {
      strategy: "one-for-all",
      maxRestarts: 2,
      withinMs: 1000,
    });
    b.tell("crash");
    await kit.advance(10);
    b.tell("crash");
    await kit.advance(10);
    assert.equal(kit.system.lookup("/sup/a")!.restarts, 2);
    assert.equal(sup.status, "running", "two group restarts, six child starts");
  });

  test("normal exits of a permanent child count against the intensity", async () => {
    await using kit = new TestKit();
    const { sup, b } = await start(kit, { maxRestarts: 2, withinMs: 1000 });
    b.tell("exit");
    await kit.advance(10);
    b.tell("exit");
    await kit.advance(10);
    assert.equal(b.restarts, 2);
    assert.equal(sup.status, "running");
    b.tell("exit");
    await kit.system.terminated;
    assert.equal(kit.eventsOf("escalated")[0].path, "/sup");
  });
});

describe("a child that fails during its own restart", () => {
  test("its init failure is reported as SpawnError with the thrown error as cause", async () => {
    await using kit = new TestKit();
    const { b } = await start(kit, {
      maxRestarts: 5,
      withinMs: 1000,
      failStarts: [2],
    });
    b.tell("crash");
    await kit.runUntilIdle();
    const failures = kit.eventsOf("failed").map((e) => e.error);
    assert.equal(failures.length, 2);
    const spawnError = failures[1];
    assert.ok(spawnError instanceof SpawnError);
    assert.equal(spawnError.path, "/sup/b");
    assert.equal(
      spawnError.message,
      'Actor "/sup/b" failed to initialise: b cannot start (#2)',
    );
    assert.ok(spawnError.cause instanceof Error);
    assert.equal(spawnError.cause.message, "b cannot start (#2)");
  });

  test("is restarted again, each attempt counted as a restart", async () => {
    await using kit = new TestKit();
    const { log, sup, b } = await start(kit, {
      maxRestarts: 3,
      withinMs: 1000,
      failStarts: [2, 3],
    });
    b.tell("crash");
    await kit.runUntilIdle();
    assert.deepEqual(log, [
      "stop b failed",
      "start b",
      "start b",
      "start b",
    ]);
    assert.equal(b.status, "running");
    assert.equal(b.restarts, 3);
    assert.equal(sup.status, "running");
    assert.deepEqual(inspect(kit.system, b)?.restartTimes, [0, 0, 0]);
  });

  test("escalates when its failed starts exceed the intensity", async () => {
    await using kit = new TestKit();
    const { log, b } = await start(kit, {
      maxRestarts: 3,
      withinMs: 1000,
      failStarts: [2, 3, 4],
    });
    b.tell("crash");
    const termination = await kit.system.terminated;
    assert.deepEqual(log, [
      "stop b failed",
      "start b",
      "start b",
      "start b",
      "stop c shutdown",
      "stop a shutdown",
    ]);
    const error = termination.error;
    assert.ok(error instanceof EscalationError);
    assert.ok(error.cause instanceof SpawnError);
    assert.equal(
      (error.cause.cause as Error).message,
      "b cannot start (#4)",
    );
  });

  test("one-for-all: a sibling failing to start during the group restart triggers another group restart", async () => {
    await using kit = new TestKit();
    const { log, sup } = await start(kit, {
      strategy: "one-for-all",
      maxRestarts: 5,
      withinMs: 1000,
      failStarts: [2],
    });
    kit.system.lookup<Msg>("/sup/a")!.tell("crash");
    await kit.runUntilIdle();
    assert.deepEqual(log.slice(0, 5), [
      "stop c shutdown",
      "stop b shutdown",
      "stop a failed",
      "start a",
      "start b",
    ]);
    assert.deepEqual(log.slice(-3), ["start a", "start b", "start c"]);
    assert.equal(sup.status, "running");
    for (const id of ["a", "b", "c"]) {
      assert.equal(kit.system.lookup(`/sup/${id}`)!.status, "running");
    }
  });
});
