import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AlreadyPresentError,
  AlreadyStartedError,
  ChildNotFoundError,
  ChildRestartingError,
  ChildRunningError,
  countChildren,
  deleteChild,
  dynamicSupervisor,
  NoProcError,
  restartChild,
  startChild,
  supervisor,
  terminateChild,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { at, control, counts, spec, which } from "./_otp_child.ts";

// Ports of OTP's supervisor_SUITE child administration cases: child_adm,
// extra_return, child_adm_simple, count_children, count_restarting_children,
// hanging_restart_loop (one-for-one, rest-for-one, simple). A child whose
// restart keeps failing is `restarting` (OTP shows the atom restarting):
// here its restarts wait in a backoff, on the virtual clock.

describe("OTP supervisor_SUITE: child administration", () => {
  test("child_adm: start_child, terminate_child, restart_child, delete_child, which_children, count_children", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const child = spec(ctl, "child1");
    const sup = await kit.system.start(supervisor({ children: [child] }), {
      name: "sup_test",
    });
    const cpid = at(kit.system, "/sup_test/child1");
    assert.deepEqual(which(sup), [["child1", "running"]]);
    assert.deepEqual(counts(sup), [1, 1, 0, 1]);
    // Start of an already running process.
    await assert.rejects(
      startChild(sup, child),
      (e) => e instanceof AlreadyStartedError && e.ref === cpid,
    );
    // Termination.
    await assert.rejects(terminateChild(sup, "hej"), ChildNotFoundError);
    await terminateChild(sup, "child1");
    assert.equal(cpid.status, "stopped");
    assert.deepEqual(ctl.log.slice(-1), ["stop child1 shutdown"]);
    assert.deepEqual(which(sup), [["child1", "undefined"]]);
    assert.deepEqual(counts(sup), [1, 0, 0, 1]);
    // Like deleting something that does not exist, it succeeds.
    await terminateChild(sup, "child1");
    // Start of an already existing but not running process.
    await assert.rejects(startChild(sup, child), AlreadyPresentError);
    // Restart.
    const cpid2 = await restartChild(sup, "child1");
    assert.equal(cpid2?.status, "running");
    assert.deepEqual(which(sup), [["child1", "running"]]);
    assert.deepEqual(counts(sup), [1, 1, 0, 1]);
    await assert.rejects(restartChild(sup, "child1"), ChildRunningError);
    await assert.rejects(restartChild(sup, "child2"), ChildNotFoundError);
    // Deletion.
    assert.throws(() => deleteChild(sup, "child1"), ChildRunningError);
    assert.throws(() => deleteChild(sup, "hej"), ChildNotFoundError);
    await terminateChild(sup, "child1");
    deleteChild(sup, "child1");
    await assert.rejects(restartChild(sup, "child1"), ChildNotFoundError);
    assert.deepEqual(which(sup), []);
    assert.deepEqual(counts(sup), [0, 0, 0, 0]);
    // Start.
    const cpid3 = await startChild(sup, child);
    assert.deepEqual(which(sup), [["child1", "running"]]);
    assert.deepEqual(counts(sup), [1, 1, 0, 1]);
    // Terminate with a ref is for dynamic supervisors only.
    await assert.rejects(terminateChild(sup, cpid3!), ChildNotFoundError);
    assert.deepEqual(counts(sup), [1, 1, 0, 1]);
    // noproc: any call on a supervisor that has stopped.
    await sup.stop();
    assert.throws(() => whichChildren(sup), NoProcError);
    assert.throws(() => countChildren(sup), NoProcError);
    await assert.rejects(startChild(sup, child), NoProcError);
    await assert.rejects(terminateChild(sup, "child1"), NoProcError);
    assert.throws(() => deleteChild(sup, "child1"), NoProcError);
  });

  test("extra_return: a child that is restarted automatically keeps its place and its ref", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      supervisor({ children: [spec(ctl, "child1")] }),
      { name: "sup_test" },
    );
    const cpid = at(kit.system, "/sup_test/child1");
    cpid.tell("die");
    await kit.runUntilIdle();
    assert.deepEqual(which(sup), [["child1", "running"]]);
    assert.deepEqual(counts(sup), [1, 1, 0, 1]);
    assert.equal(whichChildren(sup)[0].ref, cpid, "same ref (deliberate)");
    assert.equal(cpid.restarts, 1);
  });

  test("child_adm_simple: a template supervisor lists its children newest first and terminates them by ref", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      dynamicSupervisor({ template: spec(ctl, "child") }),
      { name: "sup_test" },
    );
    assert.deepEqual(which(sup), []);
    assert.deepEqual(counts(sup), [1, 0, 0, 0]);
    const cpid1 = (await startChild(sup))!;
    assert.deepEqual(which(sup), [[cpid1.name, "running"]]);
    assert.deepEqual(counts(sup), [1, 1, 0, 1]);
    const cpid2 = (await startChild(sup))!;
    assert.deepEqual(which(sup).map(([id]) => id), [cpid2.name, cpid1.name]);
    assert.deepEqual(counts(sup), [1, 2, 0, 2]);
    await terminateChild(sup, cpid1);
    assert.equal(cpid1.status, "stopped");
    assert.deepEqual(counts(sup), [1, 1, 0, 1]);
    // Terminating a child that is already gone is ok.
    await terminateChild(sup, cpid1);
    assert.deepEqual(counts(sup), [1, 1, 0, 1]);
    // A ref that is not a child of this supervisor is not.
    const stranger = kit.system.spawn(
      supervisor({ children: [] }),
      { name: "stranger" },
    );
    await assert.rejects(terminateChild(sup, stranger), ChildNotFoundError);
    assert.equal(stranger.status === "stopped", false);
  });

  test("count_children: a template supervisor counts one spec and every child", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      dynamicSupervisor({
        template: spec(ctl, "child", { restart: "temporary" }),
      }),
      { name: "sup_test" },
    );
    const refs = [];
    for (let i = 0; i < 100; i++) refs.push((await startChild(sup))!);
    assert.equal(whichChildren(sup).length, 100);
    assert.deepEqual(counts(sup), [1, 100, 0, 100]);
    for (const ref of refs) await terminateChild(sup, ref);
    assert.deepEqual(counts(sup), [1, 0, 0, 0]);
  });

  test("count_children_supervisor: template children that are supervisors count as supervisors", async () => {
    await using kit = new TestKit();
    const sup = await kit.system.start(
      dynamicSupervisor({
        template: {
          start: supervisor({ children: [] }),
          restart: "temporary",
        },
      }),
      { name: "sup_test" },
    );
    const refs = [];
    for (let i = 0; i < 20; i++) refs.push((await startChild(sup))!);
    assert.deepEqual(counts(sup), [1, 20, 20, 0]);
    assert.ok(whichChildren(sup).every((c) => c.supervisor));
    for (const ref of refs) await terminateChild(sup, ref);
    assert.deepEqual(counts(sup), [1, 0, 0, 0]);
  });

  for (
    const strategy of ["one-for-one", "one-for-all", "rest-for-one"] as const
  ) {
    test(`do_not_save_child_specs_for_temporary_children (${strategy}): permanent and transient specs are kept, temporary ones are not`, async () => {
      for (const how of ["normal", "abnormal", "supervisor"] as const) {
        await using kit = new TestKit();
        const ctl = control();
        const sup = await kit.system.start(
          supervisor({ strategy, children: [], maxRestarts: 2 }),
          { name: "sup_test" },
        );
        const end = async (id: string) => {
          if (how === "supervisor") return await terminateChild(sup, id);
          at(kit.system, `/sup_test/${id}`).tell(
            how === "normal" ? "stop" : "die",
          );
          await kit.runUntilIdle();
        };
        const where = `${strategy} ${how}`;
        // permanent: restarted unless terminated through the API.
        const permanent = spec(ctl, "child1");
        await startChild(sup, permanent);
        await end("child1");
        if (how === "supervisor") {
          await assert.rejects(startChild(sup, permanent), AlreadyPresentError);
          assert.ok(await restartChild(sup, "child1"), where);
        } else {
          await assert.rejects(startChild(sup, permanent), AlreadyStartedError);
        }
        // transient: kept, down after a normal exit or a terminate.
        const transient = spec(ctl, "child2", { restart: "transient" });
        await startChild(sup, transient);
        await end("child2");
        await assert.rejects(
          startChild(sup, transient),
          how === "abnormal" ? AlreadyStartedError : AlreadyPresentError,
        );
        // temporary: never kept.
        const temporary = spec(ctl, "child3", { restart: "temporary" });
        await startChild(sup, temporary);
        await end("child3");
        assert.ok(await startChild(sup, temporary), where);
      }
    });
  }

  test("count_restarting_children: children whose restarts fail count in specs and workers, not active", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      dynamicSupervisor({
        template: spec(ctl, "child"),
        maxRestarts: 20,
        withinMs: 10_000,
        backoff: { minMs: 2000, maxMs: 2000 },
      }),
      { name: "sup_test" },
    );
    const [c1, c2, c3] = [
      (await startChild(sup))!,
      (await startChild(sup))!,
      (await startChild(sup))!,
    ];
    assert.deepEqual(counts(sup), [1, 3, 0, 3]);
    ctl.failStart.add("child");
    c1.tell("die" as never);
    c2.tell("die" as never);
    await kit.advance(4000);
    assert.deepEqual(counts(sup), [1, 1, 0, 3]);
    ctl.failStart.delete("child");
    await kit.advance(4000);
    assert.deepEqual(counts(sup), [1, 3, 0, 3]);
    await terminateChild(sup, c3);
    assert.deepEqual(counts(sup), [1, 2, 0, 2]);
    await terminateChild(sup, c1);
    await terminateChild(sup, c2);
    assert.deepEqual(counts(sup), [1, 0, 0, 0]);
  });

  test("hanging_restart_loop: a child in a failing restart loop is restarting everywhere, and can be terminated", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      supervisor({
        children: [],
        maxRestarts: 8,
        withinMs: 10_000,
        backoff: { minMs: 500, maxMs: 500 },
      }),
      { name: "sup_test" },
    );
    const child1 = spec(ctl, "child1", { shutdown: "brutal" });
    const cpid1 = (await startChild(sup, child1))!;
    ctl.failStart.add("child1");
    cpid1.tell("die" as never);
    await kit.advance(2000);
    await assert.rejects(startChild(sup, child1), AlreadyPresentError);
    await assert.rejects(restartChild(sup, "child1"), ChildRestartingError);
    assert.throws(() => deleteChild(sup, "child1"), ChildRestartingError);
    assert.deepEqual(which(sup), [["child1", "restarting"]]);
    assert.deepEqual(counts(sup), [1, 0, 0, 1]);
    await terminateChild(sup, "child1");
    assert.equal(cpid1.status, "stopped");
    assert.deepEqual(which(sup), [["child1", "undefined"]]);
    ctl.failStart.delete("child1");
    const cpid2 = (await restartChild(sup, "child1"))!;
    assert.equal(cpid2.status, "running");
    ctl.failStart.add("child1");
    cpid2.tell("die" as never);
    await kit.advance(2000);
    // The supervisor does not hang in the restart loop when it stops.
    await sup.stop();
    assert.equal(cpid2.status, "stopped");
    assert.equal(sup.status, "stopped");
  });

  test("hanging_restart_loop_rest_for_one: children after a restarting child stay undefined, also once it is terminated", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      supervisor({
        strategy: "rest-for-one",
        children: [],
        maxRestarts: 8,
        withinMs: 10_000,
        backoff: { minMs: 500, maxMs: 500 },
      }),
      { name: "sup_test" },
    );
    const brutal = { shutdown: "brutal" } as const;
    await startChild(sup, spec(ctl, "child1", brutal));
    const child2 = spec(ctl, "child2", brutal);
    const cpid2 = (await startChild(sup, child2))!;
    await startChild(sup, spec(ctl, "child3", brutal));
    ctl.failStart.add("child2");
    cpid2.tell("die" as never);
    await kit.advance(2000);
    await assert.rejects(startChild(sup, child2), AlreadyPresentError);
    await assert.rejects(restartChild(sup, "child2"), ChildRestartingError);
    assert.throws(() => deleteChild(sup, "child2"), ChildRestartingError);
    assert.deepEqual(which(sup), [
      ["child3", "undefined"],
      ["child2", "restarting"],
      ["child1", "running"],
    ]);
    assert.deepEqual(counts(sup), [3, 1, 0, 3]);
    assert.equal(ctl.starts.get("child3"), 1, "child3 never started again");
    await terminateChild(sup, "child2");
    assert.deepEqual(which(sup), [
      ["child3", "undefined"],
      ["child2", "undefined"],
      ["child1", "running"],
    ]);
    await kit.advance(5000);
    assert.equal(ctl.starts.get("child3"), 1, "not while child2 is down");
    ctl.failStart.delete("child2");
    const cpid22 = (await restartChild(sup, "child2"))!;
    assert.equal(cpid22.status, "running");
    assert.deepEqual(which(sup)[0], ["child3", "undefined"]);
    ctl.failStart.add("child2");
    cpid22.tell("die" as never);
    await kit.advance(2000);
    await sup.stop();
    assert.equal(sup.status, "stopped");
    assert.equal(cpid22.status, "stopped");
  });

  test("hanging_restart_loop_simple: a template child in a restart loop is restarting and can be terminated", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      dynamicSupervisor({
        template: spec(ctl, "child1", { shutdown: "brutal" }),
        maxRestarts: 8,
        withinMs: 10_000,
        backoff: { minMs: 500, maxMs: 500 },
      }),
      { name: "sup_test" },
    );
    const cpid1 = (await startChild(sup))!;
    ctl.failStart.add("child1");
    cpid1.tell("die" as never);
    await kit.advance(2000);
    assert.deepEqual(which(sup), [[cpid1.name, "restarting"]]);
    assert.deepEqual(counts(sup), [1, 0, 0, 1]);
    await terminateChild(sup, cpid1);
    assert.deepEqual(which(sup), []);
    ctl.failStart.delete("child1");
    const cpid2 = (await startChild(sup))!;
    ctl.failStart.add("child1");
    cpid2.tell("die" as never);
    await kit.advance(2000);
    await sup.stop();
    assert.equal(cpid2.status, "stopped");
  });
});
