import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AlreadyPresentError,
  AlreadyStartedError,
  childSpec,
  countChildren,
  defineActor,
  deleteChild,
  NoProcError,
  restartChild,
  startChild,
  supervisor,
  terminateChild,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// OTP's start_child, terminate_child, restart_child, delete_child,
// which_children and count_children on a static supervisor: a terminated
// child keeps its spec (so it can be restarted) unless it is temporary; a
// running child can be neither restarted nor deleted; ids are unique.

type Msg = "crash";

interface Args {
  readonly id: string;
  readonly log: string[];
}

const worker = defineActor({
  async init(args: Args) {
    await Promise.resolve();
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

async function start(kit: TestKit, ids = ["a", "b"]) {
  const log: string[] = [];
  const spec = (id: string) => childSpec(id, worker, { args: { id, log } });
  const sup = kit.system.spawn(
    supervisor({ strategy: "rest-for-one", children: ids.map(spec) }),
    { name: "sup" },
  );
  await kit.runUntilIdle();
  log.length = 0;
  return { log, sup, spec };
}

describe("supervisor children API", () => {
  test("startChild adds a child after the others and resolves once its init has run", async () => {
    await using kit = new TestKit();
    const { log, sup, spec } = await start(kit);
    const c = (await startChild(sup, spec("c")))!;
    assert.deepEqual(log, ["start c"]);
    assert.equal(c.status, "running");
    assert.equal(c.path, "/sup/c");
    assert.equal(kit.system.lookup("/sup/c"), c);
    assert.deepEqual(whichChildren(sup).map((child) => child.id), [
      "c",
      "b",
      "a",
    ]);
    // It is last in start order: a rest-for-one restart of b includes it.
    log.length = 0;
    kit.system.lookup<Msg>("/sup/b")!.tell("crash");
    await kit.runUntilIdle();
    assert.deepEqual(log, [
      "stop c shutdown",
      "stop b failed",
      "start b",
      "start c",
    ]);
  });

  test("startChild with the id of a running child is AlreadyStartedError carrying its ref, of a kept spec AlreadyPresentError", async () => {
    await using kit = new TestKit();
    const { sup, spec } = await start(kit);
    const a = kit.system.lookup("/sup/a");
    await assert.rejects(startChild(sup, spec("a")), (error) => {
      assert.ok(error instanceof AlreadyStartedError);
      assert.equal(error.id, "a");
      assert.equal(error.ref, a);
      assert.equal(
        error.message,
        'Cannot start child "a" of supervisor "/sup": already started',
      );
      return true;
    });
    await terminateChild(sup, "a");
    await assert.rejects(startChild(sup, spec("a")), AlreadyPresentError);
  });

  test("startChild on a stopped supervisor is NoProcError", async () => {
    await using kit = new TestKit();
    const { sup, spec } = await start(kit);
    await sup.stop();
    await assert.rejects(startChild(sup, spec("c")), {
      name: "NoProcError",
      message: 'Cannot start child: supervisor "/sup" is not running',
    });
    assert.throws(() => whichChildren(sup), NoProcError);
    assert.throws(() => countChildren(sup), NoProcError);
    assert.throws(() => deleteChild(sup, "a"), NoProcError);
    await assert.rejects(terminateChild(sup, "a"), NoProcError);
    await assert.rejects(restartChild(sup, "a"), NoProcError);
  });

  test("terminateChild stops a permanent child without restarting it and keeps its spec", async () => {
    await using kit = new TestKit();
    const { log, sup } = await start(kit);
    const a = kit.system.lookup("/sup/a")!;
    await terminateChild(sup, "a");
    await kit.runUntilIdle();
    assert.deepEqual(log, ["stop a shutdown"]);
    assert.equal(a.status, "stopped");
    assert.deepEqual(
      whichChildren(sup).map((c) => [c.id, c.status, c.ref?.path]),
      [["b", "running", "/sup/b"], ["a", "undefined", undefined]],
    );
    assert.deepEqual(countChildren(sup), {
      specs: 2,
      active: 1,
      supervisors: 0,
      workers: 2,
    });
  });

  test("terminateChild of a temporary child forgets its spec", async () => {
    await using kit = new TestKit();
    const { sup } = await start(kit);
    await startChild(sup, {
      id: "t",
      start: worker,
      args: { id: "t", log: [] },
      restart: "temporary",
    });
    await terminateChild(sup, "t");
    assert.deepEqual(whichChildren(sup).map((c) => c.id), ["b", "a"]);
  });

  test("restartChild starts a terminated child again from its spec, in its place", async () => {
    await using kit = new TestKit();
    const { log, sup } = await start(kit);
    await terminateChild(sup, "a");
    log.length = 0;
    const a = (await restartChild(sup, "a"))!;
    assert.deepEqual(log, ["start a"]);
    assert.equal(a.status, "running");
    assert.equal(kit.system.lookup("/sup/a"), a);
    assert.deepEqual(whichChildren(sup).map((c) => [c.id, c.status]), [
      ["b", "running"],
      ["a", "running"],
    ]);
  });

  test("restartChild and deleteChild refuse a running child with ChildRunningError", async () => {
    await using kit = new TestKit();
    const { sup } = await start(kit);
    await assert.rejects(restartChild(sup, "a"), {
      name: "ChildRunningError",
      message:
        'Cannot restart child "a" of supervisor "/sup": child is running',
    });
    assert.throws(() => deleteChild(sup, "a"), {
      name: "ChildRunningError",
      message: 'Cannot delete child "a" of supervisor "/sup": child is running',
    });
    assert.equal(whichChildren(sup).length, 2);
  });

  test("deleteChild removes the spec of a terminated child, after which restartChild cannot find it", async () => {
    await using kit = new TestKit();
    const { sup, spec } = await start(kit);
    await terminateChild(sup, "a");
    deleteChild(sup, "a");
    assert.deepEqual(whichChildren(sup).map((c) => c.id), ["b"]);
    await assert.rejects(restartChild(sup, "a"), {
      name: "ChildNotFoundError",
      message: 'Cannot find child "a" of supervisor "/sup"',
    });
    // The id is free again.
    const a = (await startChild(sup, spec("a")))!;
    assert.equal(a.status, "running");
    assert.deepEqual(whichChildren(sup).map((c) => c.id), ["a", "b"]);
  });

  test("unknown ids give ChildNotFoundError", async () => {
    await using kit = new TestKit();
    const { sup } = await start(kit);
    const notFound = {
      name: "ChildNotFoundError",
      message: 'Cannot find child "zz" of supervisor "/sup"',
    };
    await assert.rejects(terminateChild(sup, "zz"), notFound);
    await assert.rejects(restartChild(sup, "zz"), notFound);
    assert.throws(() => deleteChild(sup, "zz"), notFound);
  });

  test("the children functions reject a ref that is not a supervisor with TypeError", async () => {
    await using kit = new TestKit();
    await start(kit);
    const a = kit.system.lookup("/sup/a")!;
    const notSupervisor = {
      name: "TypeError",
      message: 'Cannot list children: "/sup/a" is not a supervisor',
    };
    assert.throws(() => whichChildren(a), notSupervisor);
    assert.throws(() => countChildren(a), TypeError);
    await assert.rejects(terminateChild(a, "x"), TypeError);
  });

  test("whichChildren reports each child's policy, shutdown, whether it is a supervisor and its restart history", async () => {
    await using kit = new TestKit();
    const log: string[] = [];
    const sup = kit.system.spawn(
      supervisor({
        children: [
          childSpec("w", worker, {
            args: { id: "w", log },
            restart: "transient",
            shutdown: 250,
          }),
          childSpec("s", supervisor({ children: [] })),
        ],
      }),
      { name: "sup" },
    );
    await kit.runUntilIdle();
    await kit.advance(40);
    kit.system.lookup<Msg>("/sup/w")!.tell("crash");
    await kit.runUntilIdle();
    const [s, w] = whichChildren(sup);
    assert.deepEqual(
      { ...w, ref: w.ref?.path },
      {
        id: "w",
        ref: "/sup/w",
        status: "running",
        restart: "transient",
        shutdown: 250,
        supervisor: false,
        significant: false,
        restarts: 1,
        restartTimes: [40],
      },
    );
    assert.equal(s.supervisor, true);
    assert.equal(s.restart, "permanent");
    assert.deepEqual(countChildren(sup), {
      specs: 2,
      active: 2,
      supervisors: 1,
      workers: 1,
    });
  });
});
