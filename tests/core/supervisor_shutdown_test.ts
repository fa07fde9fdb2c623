import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  childSpec,
  defineActor,
  type ShutdownTime,
  supervisor,
  terminateChild,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// OTP child shutdown: a number is the time the child gets to terminate
// before it is killed (exit reason `killed`); `brutal_kill` kills at once
// without running its cleanup; `infinity` waits for as long as it takes (the
// default for supervisors, 5000 for workers). A supervisor terminates its
// children in reverse start order, one after the other.

interface Args {
  readonly id: string;
  readonly log: string[];
  /** What the `stopped` hook does. */
  readonly hook?: "quick" | "hang" | "slow";
  /** For `slow`: resolves the hook. */
  readonly release?: Promise<void>;
  /** Receives the context's abort signal. */
  readonly signals?: Map<string, AbortSignal>;
}

const worker = defineActor({
  init(args: Args, ctx) {
    args.signals?.set(args.id, ctx.signal);
    return args;
  },
  receive() {},
  async stopped(state: Args, reason) {
    state.log.push(`stopping ${state.id} ${reason}`);
    if (state.hook === "hang") await new Promise<void>(() => {});
    if (state.hook === "slow") await state.release;
    await Promise.resolve();
    state.log.push(`stopped ${state.id}`);
  },
});

async function start(
  kit: TestKit,
  children: { id: string; shutdown?: ShutdownTime; hook?: Args["hook"] }[],
  release?: Promise<void>,
) {
  const log: string[] = [];
  const signals = new Map<string, AbortSignal>();
  const sup = kit.system.spawn(
    supervisor({
      children: children.map(({ id, shutdown, hook }) =>
        childSpec(id, worker, {
          args: { id, log, hook, release, signals },
          shutdown,
        })
      ),
    }),
    { name: "sup" },
  );
  await kit.runUntilIdle();
  return { log, sup, signals };
}

function stops(kit: TestKit) {
  return kit.eventsOf("stopped").map((e) => [e.path, e.reason, e.time]);
}

describe("child shutdown", () => {
  test("a child whose stopped hook never finishes is killed after its shutdown time", async () => {
    await using kit = new TestKit();
    const { log, sup, signals } = await start(kit, [
      { id: "w", shutdown: 50, hook: "hang" },
    ]);
    const ref = kit.system.lookup("/sup/w")!;
    let done = false;
    const terminated = terminateChild(sup, "w").then(() => (done = true));
    await kit.advance(49);
    assert.deepEqual(log, ["stopping w shutdown"]);
    assert.equal(ref.status, "stopping");
    assert.equal(done, false);
    assert.deepEqual(stops(kit), []);
    await kit.advance(1);
    await terminated;
    assert.equal(ref.status, "stopped");
    assert.deepEqual(stops(kit), [["/sup/w", "killed", 50]]);
    assert.equal(signals.get("w")?.aborted, true);
    assert.deepEqual(log, ["stopping w shutdown"], "the hook never finished");
  });

  test("a killed child leaves no work in flight, so the system can go idle", async () => {
    await using kit = new TestKit();
    const { sup } = await start(kit, [{ id: "w", shutdown: 50, hook: "hang" }]);
    const terminated = terminateChild(sup, "w");
    await kit.advance(50);
    await terminated;
    assert.equal(kit.system.stats.scheduler.inFlight, 0);
    await kit.runUntilIdle();
  });

  test("a child that finishes its hook within the shutdown time stops with reason shutdown", async () => {
    await using kit = new TestKit();
    const { log, sup } = await start(kit, [{ id: "w", shutdown: 50 }]);
    await terminateChild(sup, "w");
    assert.deepEqual(log, ["stopping w shutdown", "stopped w"]);
    assert.deepEqual(stops(kit), [["/sup/w", "shutdown", 0]]);
  });

  test("brutal kills at once without running the stopped hook", async () => {
    await using kit = new TestKit();
    const { log, sup, signals } = await start(kit, [
      { id: "w", shutdown: "brutal", hook: "hang" },
    ]);
    await terminateChild(sup, "w");
    assert.deepEqual(log, []);
    assert.deepEqual(stops(kit), [["/sup/w", "killed", 0]]);
    assert.equal(signals.get("w")?.aborted, true);
  });

  test("infinity waits for the stopped hook however long it takes", async () => {
    await using kit = new TestKit();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const { log, sup } = await start(
      kit,
      [{ id: "w", shutdown: "infinity", hook: "slow" }],
      released,
    );
    let done = false;
    const terminated = terminateChild(sup, "w").then(() => (done = true));
    // The hook is user work in flight, so move the clock by hand rather than
    // run until idle: no kill timer exists, however far time goes.
    await Promise.resolve();
    assert.equal(kit.clock.pending, 0);
    kit.clock.advance(24 * 3600_000);
    for (let i = 0; i < 10; i++) await Promise.resolve();
    assert.equal(done, false);
    assert.equal(kit.system.lookup("/sup/w")?.status, "stopping");
    release();
    await terminated;
    assert.deepEqual(log, ["stopping w shutdown", "stopped w"]);
    assert.deepEqual(stops(kit), [["/sup/w", "shutdown", 24 * 3600_000]]);
  });

  test("stopping a supervisor stops its children in reverse start order, each finishing before the next begins", async () => {
    await using kit = new TestKit();
    const { log, sup } = await start(kit, [
      { id: "a" },
      { id: "b" },
      { id: "c" },
    ]);
    await sup.stop();
    assert.deepEqual(log, [
      "stopping c shutdown",
      "stopped c",
      "stopping b shutdown",
      "stopped b",
      "stopping a shutdown",
      "stopped a",
    ]);
    assert.deepEqual(kit.eventsOf("stopped").map((e) => e.path), [
      "/sup/c",
      "/sup/b",
      "/sup/a",
      "/sup",
    ]);
  });

  test("during a supervisor's shutdown an overrunning child is killed and the next one is stopped after it", async () => {
    await using kit = new TestKit();
    const { log } = await start(kit, [
      { id: "a" },
      { id: "b", shutdown: 50, hook: "hang" },
      { id: "c" },
    ]);
    const shutdown = kit.system.shutdown();
    await kit.advance(50);
    await shutdown;
    assert.deepEqual(log, [
      "stopping c shutdown",
      "stopped c",
      "stopping b shutdown",
      "stopping a shutdown",
      "stopped a",
    ]);
    assert.deepEqual(stops(kit), [
      ["/sup/c", "shutdown", 0],
      ["/sup/b", "killed", 50],
      ["/sup/a", "shutdown", 50],
      ["/sup", "shutdown", 50],
    ]);
  });

  test("shutdown defaults to 5000 ms for a worker and infinity for a supervisor", async () => {
    await using kit = new TestKit();
    const log: string[] = [];
    const sup = kit.system.spawn(
      supervisor({
        children: [
          childSpec("worker", worker, { args: { id: "worker", log } }),
          childSpec("nested", supervisor({ children: [] })),
        ],
      }),
      { name: "sup" },
    );
    await kit.runUntilIdle();
    assert.deepEqual(
      whichChildren(sup).map((c) => [c.id, c.shutdown, c.supervisor]),
      [["nested", "infinity", true], ["worker", 5000, false]],
    );
  });

  test("the default 5000 ms applies: a hung worker is killed at 5000", async () => {
    await using kit = new TestKit();
    const { sup } = await start(kit, [{ id: "w", hook: "hang" }]);
    const terminated = terminateChild(sup, "w");
    await kit.advance(4999);
    assert.deepEqual(stops(kit), []);
    await kit.advance(1);
    await terminated;
    assert.deepEqual(stops(kit), [["/sup/w", "killed", 5000]]);
  });
});
