import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type ActorDefinition,
  childSpec,
  countChildren,
  defineActor,
  dynamicSupervisor,
  injectFault,
  inspect,
  listActors,
  type ReplyPort,
  restartActor,
  startChild,
  supervisionTree,
  supervisor,
  terminateChild,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// Inspection as OTP's sys:get_status and supervisor:which_children show it,
// plus the operator actions of the control plane: restart an actor by hand,
// inject a fault so its supervisor decides.

type Msg =
  | { type: "add"; n: number }
  | { type: "get"; replyTo: ReplyPort<number> }
  | { type: "block"; until: Promise<void> }
  | { type: "crash" };

const counter = defineActor({
  kind: "counter",
  init: (start: number) => ({ total: start }),
  async receive(state: { total: number }, msg: Msg) {
    if (msg.type === "add") return { total: state.total + msg.n };
    if (msg.type === "get") return msg.replyTo.reply(state.total);
    if (msg.type === "block") return void await msg.until;
    throw new Error(`crashed at ${state.total}`);
  },
  snapshot: (state: { total: number }) => ({ total: state.total }),
});

const silent = defineActor({
  init: () => ({ secret: "hidden" }),
  receive: (_state: { secret: string }, _msg: "ping") => {},
});

async function start(kit: TestKit) {
  const sup = kit.system.spawn(
    supervisor({
      strategy: "one-for-all",
      maxRestarts: 7,
      withinMs: 9000,
      children: [
        childSpec("c", counter, {
          args: 10,
          restart: "transient",
          shutdown: 300,
          mailbox: { capacity: 8 },
        }),
        childSpec("s", silent),
        childSpec(
          "inner",
          supervisor({ children: [childSpec("leaf", silent)] }),
        ),
      ],
    }),
    { name: "sup" },
  );
  await kit.runUntilIdle();
  const c = kit.system.lookup<Msg>("/sup/c")!;
  const get = () => c.ask<number>((replyTo) => ({ type: "get", replyTo }));
  return { sup, c, get };
}

describe("inspect", () => {
  test("describes a worker: identity, spec, counters, restart history and last error", async () => {
    await using kit = new TestKit();
    const { c } = await start(kit);
    c.tell({ type: "add", n: 1 });
    c.tell({ type: "add", n: 2 });
    await kit.advance(40);
    c.tell({ type: "crash" });
    await kit.runUntilIdle();
    const info = inspect(kit.system, "/sup/c");
    assert.ok(info !== undefined);
    assert.deepEqual(
      { ...info, mailbox: undefined, snapshot: undefined },
      {
        path: "/sup/c",
        name: "c",
        kind: "counter",
        status: "running",
        parent: "/sup",
        children: [],
        restarts: 1,
        restartTimes: [40],
        failures: 1,
        lastError: "crashed at 13",
        mailbox: undefined,
        processed: 2,
        startedAt: 40,
        stopReason: null,
        spec: { id: "c", restart: "transient", shutdown: 300 },
        supervisor: null,
        snapshot: undefined,
      },
    );
    assert.deepEqual(info.snapshot, { total: 10 }, "state after the restart");
    assert.equal(inspect(kit.system, c)?.path, "/sup/c", "by ref too");
  });

  test("reports mailbox depth, high-water mark and capacity", async () => {
    await using kit = new TestKit();
    const { c } = await start(kit);
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    c.tell({ type: "block", until });
    for (let i = 0; i < 5; i++) c.tell({ type: "add", n: 1 });
    await Promise.resolve();
    assert.deepEqual(inspect(kit.system, c)?.mailbox, {
      depth: 5,
      highWater: 6,
      capacity: 8,
    });
    release();
    await kit.runUntilIdle();
    assert.deepEqual(inspect(kit.system, c)?.mailbox, {
      depth: 0,
      highWater: 6,
      capacity: 8,
    });
    assert.equal(inspect(kit.system, c)?.processed, 6);
    assert.equal(inspect(kit.system, "/sup/s")?.mailbox.capacity, null);
  });

  test("shows a snapshot only when the definition offers snapshot()", async () => {
    await using kit = new TestKit();
    const { c } = await start(kit);
    c.tell({ type: "add", n: 5 });
    await kit.runUntilIdle();
    assert.deepEqual(inspect(kit.system, c)?.snapshot, { total: 15 });
    const silentInfo = inspect(kit.system, "/sup/s");
    assert.ok(silentInfo !== undefined);
    assert.equal("snapshot" in silentInfo, false);
  });

  test("describes a supervisor's policy and children", async () => {
    await using kit = new TestKit();
    await start(kit);
    const info = inspect(kit.system, "/sup");
    assert.equal(info?.kind, "supervisor");
    assert.equal(info?.parent, null);
    assert.equal(info?.spec, null);
    assert.deepEqual(info?.children, ["/sup/c", "/sup/s", "/sup/inner"]);
    assert.deepEqual(info?.supervisor, {
      type: "supervisor",
      strategy: "one-for-all",
      maxRestarts: 7,
      withinMs: 9000,
      maxChildren: null,
      backoff: false,
      specs: 3,
      template: false,
      children: 3,
      active: 3,
    });
    assert.deepEqual(inspect(kit.system, "/sup/inner")?.spec, {
      id: "inner",
      restart: "permanent",
      shutdown: "infinity",
    });
    const pool = kit.system.spawn(dynamicSupervisor({ maxChildren: 4 }), {
      name: "pool",
    });
    await kit.runUntilIdle();
    assert.equal(inspect(kit.system, pool)?.supervisor?.maxChildren, 4);
    assert.equal(inspect(kit.system, pool)?.supervisor?.type, "dynamic");
  });

  test("a template dynamic supervisor reports one spec and the children it runs, not one spec per child", async () => {
    await using kit = new TestKit();
    const pool = await kit.system.start(
      dynamicSupervisor({ template: { start: counter, restart: "temporary" } }),
      { name: "pool" },
    );
    const empty = inspect(kit.system, pool)?.supervisor;
    assert.deepEqual(
      [empty?.specs, empty?.template, empty?.children, empty?.active],
      [1, true, 0, 0],
    );
    const refs = [];
    for (let i = 0; i < 4; i++) refs.push(await startChild(pool, i));
    let info = inspect(kit.system, pool);
    assert.equal(info?.children.length, 4);
    assert.deepEqual(
      [
        info?.supervisor?.specs,
        info?.supervisor?.children,
        info?.supervisor?.active,
      ],
      [1, 4, 4],
    );
    assert.deepEqual(countChildren(pool), {
      specs: 1,
      active: 4,
      supervisors: 0,
      workers: 4,
    });
    await terminateChild(pool, refs[0]!);
    refs[1]!.tell({ type: "crash" } as never);
    await kit.runUntilIdle();
    info = inspect(kit.system, pool);
    assert.deepEqual(
      [
        info?.supervisor?.specs,
        info?.supervisor?.children,
        info?.supervisor?.active,
      ],
      [1, 2, 2],
      "a terminated child and a temporary child that failed are gone",
    );
  });

  test("a supervisor's children count leaves out those down, active those restarting", async () => {
    await using kit = new TestKit();
    const sup = await kit.system.start(
      supervisor({
        backoff: { minMs: 1000, maxMs: 1000 },
        children: [
          childSpec("a", counter, { args: 0 }),
          childSpec("b", counter, { args: 0 }),
          childSpec("c", counter, { args: 0 }),
        ],
      }),
      { name: "sup" },
    );
    await terminateChild(sup, "a");
    kit.system.lookup("/sup/b")!.tell({ type: "crash" } as never);
    await kit.runUntilIdle();
    assert.equal(inspect(kit.system, "/sup/b")?.status, "backing-off");
    const info = inspect(kit.system, sup)?.supervisor;
    assert.deepEqual(
      [info?.specs, info?.template, info?.children, info?.active],
      [3, false, 2, 1],
    );
    await kit.advance(1000);
    assert.equal(inspect(kit.system, sup)?.supervisor?.active, 2);
  });

  test("returns undefined for a path where no actor runs", async () => {
    await using kit = new TestKit();
    await start(kit);
    assert.equal(inspect(kit.system, "/nope"), undefined);
    assert.equal(inspect(kit.system, "/sup/c/deeper"), undefined);
    assert.equal(inspect(kit.system, "/"), undefined);
  });

  test("a stopped actor is gone from its path but its ref still tells why it stopped", async () => {
    await using kit = new TestKit();
    const { c } = await start(kit);
    await c.stop();
    assert.equal(inspect(kit.system, "/sup/c"), undefined);
    const info = inspect(kit.system, c);
    assert.equal(info?.status, "stopped");
    assert.equal(info?.stopReason, "normal");
  });
});

describe("supervisionTree and listActors", () => {
  test("supervisionTree nests the live actors in start order with status, restarts, depth and strategy", async () => {
    await using kit = new TestKit();
    const { c } = await start(kit);
    c.tell({ type: "crash" });
    await kit.runUntilIdle();
    const tree = supervisionTree(kit.system);
    const shape = (node: (typeof tree)[number]): unknown => ({
      path: node.path,
      status: node.status,
      restarts: node.restarts,
      strategy: node.strategy,
      depth: node.mailboxDepth,
      children: node.children.map(shape),
    });
    assert.deepEqual(tree.map(shape), [{
      path: "/sup",
      status: "running",
      restarts: 0,
      strategy: "one-for-all",
      depth: 0,
      children: [
        {
          path: "/sup/c",
          status: "running",
          restarts: 1,
          strategy: null,
          depth: 0,
          children: [],
        },
        {
          path: "/sup/s",
          status: "running",
          restarts: 1,
          strategy: null,
          depth: 0,
          children: [],
        },
        {
          path: "/sup/inner",
          status: "running",
          restarts: 1,
          strategy: "one-for-one",
          depth: 0,
          children: [{
            path: "/sup/inner/leaf",
            status: "running",
            restarts: 0,
            strategy: null,
            depth: 0,
            children: [],
          }],
        },
      ],
    }]);
    assert.equal(tree[0].kind, "supervisor");
    assert.equal(tree[0].children[0].kind, "counter");
  });

  test("supervisionTree lists at most maxChildren children per actor and counts the rest in more", async () => {
    await using kit = new TestKit();
    const leaf = defineActor({ init: () => 0, receive: () => {} });
    const pool = kit.system.spawn(
      defineActor({
        init: (_: null, ctx) => {
          for (let i = 0; i < 5; i++) ctx.spawn(leaf, { name: `c${i}` });
          return null;
        },
        receive: () => {},
      }),
      { name: "pool", args: null },
    );
    kit.system.spawn(leaf, { name: "lone" });
    await kit.runUntilIdle();
    const cut = supervisionTree(kit.system, { maxChildren: 2 });
    assert.deepEqual(cut.map((n) => [n.path, n.more]), [
      ["/pool", 3],
      ["/lone", undefined],
    ]);
    assert.deepEqual(cut[0].children.map((n) => n.path), [
      "/pool/c0",
      "/pool/c1",
    ]);
    assert.equal("more" in cut[1], false, "absent when all are listed");
    const none = supervisionTree(kit.system, { maxChildren: 0 });
    assert.deepEqual(none.map((n) => [n.children.length, n.more]), [
      [0, 5],
      [0, undefined],
    ]);
    assert.equal(supervisionTree(kit.system)[0].children.length, 5);
    assert.equal(
      supervisionTree(kit.system, { maxChildren: Infinity })[0].more,
      undefined,
    );
    for (const bad of [-1, 1.5, NaN]) {
      assert.throws(
        () => supervisionTree(kit.system, { maxChildren: bad }),
        /maxChildren must be a non-negative integer or Infinity/,
      );
    }
    assert.equal(pool.status, "running");
  });

  test("listActors lists every live actor depth first in start order", async () => {
    await using kit = new TestKit();
    await start(kit);
    kit.system.spawn(silent, { name: "solo" });
    await kit.runUntilIdle();
    assert.deepEqual(listActors(kit.system).map((info) => info.path), [
      "/sup",
      "/sup/c",
      "/sup/s",
      "/sup/inner",
      "/sup/inner/leaf",
      "/solo",
    ]);
  });

  test("a chain of actors 20,000 deep is walked without overflowing the call stack", async () => {
    await using kit = new TestKit();
    const depth = 20_000;
    const link: ActorDefinition<never, number, number> = defineActor({
      kind: "chain-link",
      init: (level: number, ctx) => {
        if (level < depth) ctx.spawn(link, { name: "next", args: level + 1 });
        return level;
      },
      receive: (level: number, _message: never) => level,
    });
    kit.system.spawn(link, { name: "next", args: 1 });
    await kit.runUntilIdle();
    const tree = supervisionTree(kit.system);
    let levels = 0;
    for (let n = tree[0]; n !== undefined; n = n.children[0]) levels++;
    assert.equal(levels, depth);
    const all = listActors(kit.system, { snapshots: false });
    assert.equal(all.length, depth);
    assert.equal(all.at(-1)?.path, "/next".repeat(depth));
  });
});

describe("operator actions", () => {
  test("restartActor restarts by hand: fresh state, same ref, mail kept, counted as a restart", async () => {
    await using kit = new TestKit();
    const { c, get } = await start(kit);
    c.tell({ type: "add", n: 5 });
    assert.equal(await get(), 15);
    await kit.advance(25);
    let release!: () => void;
    c.tell({ type: "block", until: new Promise((r) => (release = r)) });
    c.tell({ type: "add", n: 1 }); // queued behind the handler in flight
    await Promise.resolve();
    const restarted = restartActor(c);
    release();
    await restarted;
    assert.equal(await get(), 11, "fresh 10, then the queued add");
    assert.equal(kit.system.lookup("/sup/c"), c);
    const info = inspect(kit.system, c);
    assert.equal(info?.restarts, 1);
    assert.deepEqual(info?.restartTimes, [25]);
    assert.equal(info?.failures, 0);
    assert.equal(kit.system.lookup("/sup/s")!.restarts, 0, "only that actor");
  });

  test("injectFault fails the actor so its supervisor decides, with the given error or a default one", async () => {
    await using kit = new TestKit();
    const errors: unknown[] = [];
    const sup = kit.system.spawn(
      supervisor({
        decider: (error) => {
          errors.push(error);
          return "restart";
        },
        children: [childSpec("c", counter, { args: 1 })],
      }),
      { name: "sup" },
    );
    await kit.runUntilIdle();
    const c = kit.system.lookup<Msg>("/sup/c")!;
    const drill = new Error("drill");
    injectFault(c, drill);
    await kit.runUntilIdle();
    injectFault(c);
    await kit.runUntilIdle();
    assert.equal(errors[0], drill);
    assert.equal((errors[1] as Error).message, "Injected fault");
    const info = inspect(kit.system, c);
    assert.equal(info?.restarts, 2);
    assert.equal(info?.failures, 2);
    assert.equal(info?.lastError, "Injected fault");
    assert.equal(sup.status, "running");
    assert.deepEqual(kit.eventsOf("failed").map((e) => e.error), errors);
  });
});
