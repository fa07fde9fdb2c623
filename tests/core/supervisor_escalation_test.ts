import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  childSpec,
  defineActor,
  EscalationError,
  type GuardianOptions,
  supervisor,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// OTP escalation: a supervisor past its intensity terminates its children
// and exits, and its own supervisor treats that like any child exit (restart
// per its strategy, fresh children). A top-level supervisor that gives up
// reaches the root guardian, whose reaction is an option: shut the system
// down (default, as an application whose top supervisor dies) or restart it.

type Msg = "crash";

interface Args {
  readonly id: string;
  readonly log: string[];
}

const worker = defineActor({
  init(args: Args) {
    args.log.push(`start ${args.id}`);
    return args;
  },
  receive(state: Args, _msg: Msg) {
    throw new Error(`${state.id} crashed`);
  },
  stopped(state: Args, reason) {
    state.log.push(`stop ${state.id} ${reason}`);
  },
});

/** root (one-for-one, 3 in 5 s) → mid (1 in 5 s) → x, y; root also has a, z. */
async function threeLevels(kit: TestKit) {
  const log: string[] = [];
  const spec = (id: string) => childSpec(id, worker, { args: { id, log } });
  const mid = supervisor({
    kind: "mid",
    maxRestarts: 1,
    children: [spec("x"), spec("y")],
  });
  const root = kit.system.spawn(
    supervisor({
      maxRestarts: 3,
      children: [spec("a"), childSpec("mid", mid), spec("z")],
    }),
    { name: "root" },
  );
  await kit.runUntilIdle();
  log.length = 0;
  return { log, root };
}

async function topLevel(kit: TestKit) {
  const log: string[] = [];
  const top = kit.system.spawn(
    supervisor({
      maxRestarts: 0,
      children: ["a", "b"].map((id) =>
        childSpec(id, worker, { args: { id, log } })
      ),
    }),
    { name: "top" },
  );
  await kit.runUntilIdle();
  log.length = 0;
  return { log, top };
}

describe("escalation", () => {
  test("a worker past its supervisor's intensity makes the grandparent restart that supervisor with fresh children", async () => {
    await using kit = new TestKit();
    const { log, root } = await threeLevels(kit);
    const mid = kit.system.lookup("/root/mid")!;
    const x = kit.system.lookup<Msg>("/root/mid/x")!;
    x.tell("crash");
    await kit.runUntilIdle();
    assert.deepEqual(log, ["stop x failed", "start x"]);
    assert.equal(x.restarts, 1);
    log.length = 0;

    x.tell("crash"); // mid allows 1 restart: this one escalates
    await kit.runUntilIdle();
    // x failed: it ends with its own reason (OTP: it has already exited).
    assert.deepEqual(log, [
      "stop y shutdown",
      "stop x failed",
      "start x",
      "start y",
    ]);
    assert.equal(mid.restarts, 1, "root restarted mid");
    assert.equal(mid.status, "running");
    assert.equal(kit.system.lookup("/root/mid"), mid, "mid keeps its ref");
    const freshX = kit.system.lookup("/root/mid/x")!;
    assert.notEqual(freshX, x, "mid's children are started afresh");
    assert.equal(freshX.restarts, 0);
    assert.equal(x.status, "stopped");
    assert.deepEqual(
      whichChildren(mid).map((c) => [c.id, c.status, c.restarts]),
      [["y", "running", 0], ["x", "running", 0]],
    );
    // root handled it one-for-one: a and z untouched, root itself fine.
    assert.equal(kit.system.lookup("/root/a")!.restarts, 0);
    assert.equal(kit.system.lookup("/root/z")!.restarts, 0);
    assert.equal(root.status, "running");
    assert.equal(root.restarts, 0);
    assert.deepEqual(kit.eventsOf("escalated").map((e) => e.path), [
      "/root/mid",
    ]);
    const midFailure = kit.eventsOf("failed").find((e) =>
      e.path === "/root/mid"
    );
    assert.ok(midFailure?.error instanceof EscalationError);
    assert.equal((midFailure.error.cause as Error).message, "x crashed");
    assert.equal(kit.system.status, "running");
  });

  test("the escalation counts against the grandparent's own intensity", async () => {
    await using kit = new TestKit();
    const { root } = await threeLevels(kit);
    // Each round: two crashes of x escalate mid once; root allows 3 restarts.
    for (let round = 1; round <= 3; round++) {
      for (let i = 0; i < 2; i++) {
        kit.system.lookup<Msg>("/root/mid/x")!.tell("crash");
        await kit.runUntilIdle();
      }
      assert.equal(kit.system.lookup("/root/mid")!.restarts, round);
    }
    assert.equal(root.status, "running");
    for (let i = 0; i < 2; i++) {
      kit.system.lookup<Msg>("/root/mid/x")?.tell("crash");
      await kit.runUntilIdle();
    }
    const termination = await kit.system.terminated;
    assert.deepEqual(kit.eventsOf("escalated").map((e) => e.path).slice(-3), [
      "/root/mid",
      "/root",
      "/",
    ]);
    assert.ok(termination.error instanceof EscalationError);
    assert.equal(termination.error.path, "/root");
    assert.ok(termination.error.cause instanceof EscalationError);
    assert.equal(termination.error.cause.path, "/root/mid");
  });

  test("when a top-level supervisor gives up, the guardian publishes escalated and shuts the system down", async () => {
    await using kit = new TestKit();
    const { log, top } = await topLevel(kit);
    kit.system.lookup<Msg>("/top/b")!.tell("crash");
    const termination = await kit.system.terminated;
    assert.equal(termination.cause, "escalation");
    assert.ok(termination.error instanceof EscalationError);
    assert.equal(termination.error.path, "/top");
    assert.equal((termination.error.cause as Error).message, "b crashed");
    // b failed: it ends with its own reason, its sibling with shutdown.
    assert.deepEqual(log, ["stop b failed", "stop a shutdown"]);
    assert.equal(top.status, "stopped");
    assert.equal(kit.system.status, "terminated");
    const rootEscalation = kit.eventsOf("escalated").find((e) =>
      e.path === "/"
    );
    assert.equal(rootEscalation?.error, termination.error);
    const shutdown = kit.eventsOf("system-shutdown");
    assert.deepEqual(shutdown.map((e) => e.cause), ["escalation"]);
  });

  test("with guardian onEscalation restart, the top-level supervisor is restarted instead", async () => {
    const guardian: GuardianOptions = { onEscalation: "restart" };
    await using kit = new TestKit({ guardian });
    const { log, top } = await topLevel(kit);
    const b = kit.system.lookup<Msg>("/top/b")!;
    b.tell("crash");
    await kit.runUntilIdle();
    assert.deepEqual(log, [
      "stop b failed",
      "stop a shutdown",
      "start a",
      "start b",
    ]);
    assert.equal(top.restarts, 1);
    assert.equal(top.status, "running");
    assert.equal(kit.system.status, "running");
    assert.deepEqual(kit.eventsOf("escalated").map((e) => e.path), ["/top"]);
    assert.equal(kit.eventsOf("system-shutdown").length, 0);
    assert.equal(kit.system.lookup("/top/b")!.status, "running");
  });
});
