import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type AnyChildSpec,
  dynamicSupervisor,
  EscalationError,
  restartChild,
  startChild,
  type Strategy,
  supervisor,
  terminateChild,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { at, control, counts, spec, which } from "./_otp_child.ts";

// Ports of OTP's supervisor_SUITE restart cases: temporary_bystander,
// multiple_restarts, the one_for_one / one_for_all / rest_for_one /
// simple_one_for_one groups (base case, escalation, another child failing
// its restart), tree and order_of_children. OTP's `terminate(.., normal)`
// is the child stopping itself (ctx.stop()), `abnormal` a handler throwing.
// The termination groups per restart type are in
// otp_suite_termination_test.ts.

async function startSup(
  kit: TestKit,
  strategy: Strategy,
  children: AnyChildSpec[],
  maxRestarts = 2,
  withinMs = 3_600_000,
) {
  return await kit.system.start(
    supervisor({ strategy, children, maxRestarts, withinMs }),
    { name: "sup_test" },
  );
}

describe("OTP supervisor_SUITE: restart types", () => {
  test("temporary_bystander: a temporary child stopped by a group restart is not restarted", async () => {
    for (const strategy of ["one-for-all", "rest-for-one"] as const) {
      await using kit = new TestKit();
      const ctl = control();
      const sup = await startSup(kit, strategy, [], 2, 300);
      await startChild(sup, spec(ctl, "child1", { shutdown: 100 }));
      await startChild(
        sup,
        spec(ctl, "child2", { restart: "temporary", shutdown: 100 }),
      );
      at(kit.system, "/sup_test/child1").tell("stop");
      await kit.advance(350);
      assert.equal(sup.status, "running", strategy);
      assert.deepEqual(which(sup), [["child1", "running"]], strategy);
    }
  });

  test("multiple_restarts: restarts spread wider than the period never reach the intensity", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      supervisor({ children: [], maxRestarts: 1, withinMs: 1000 }),
      { name: "sup_test" },
    );
    await startChild(sup, spec(ctl, "child1", { shutdown: "brutal" }));
    for (let i = 0; i < 4; i++) {
      at(kit.system, "/sup_test/child1").tell("die");
      await kit.advance(2100);
    }
    assert.equal(sup.status, "running");
    await terminateChild(sup, "child1");
  });
});

describe("OTP supervisor_SUITE: strategies", () => {
  test("one_for_one: only the failed child restarts; the third failure within the period escalates", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await startSup(kit, "one-for-one", [
      spec(ctl, "child1"),
      spec(ctl, "child2"),
    ]);
    at(kit.system, "/sup_test/child1").tell("die");
    await kit.runUntilIdle();
    assert.equal(at(kit.system, "/sup_test/child2").restarts, 0);
    assert.deepEqual(counts(sup), [2, 2, 0, 2]);
    at(kit.system, "/sup_test/child2").tell("die");
    await kit.runUntilIdle();
    at(kit.system, "/sup_test/child2").tell("die");
    const termination = await kit.system.terminated;
    assert.ok(termination.error instanceof EscalationError);
    assert.equal(sup.status, "stopped");
  });

  for (
    const strategy of ["one-for-one", "one-for-all", "rest-for-one"] as const
  ) {
    const name = strategy.replaceAll("-", "_");
    test(`${name}_escalation: a child whose restart keeps failing takes the supervisor and its siblings down`, async () => {
      await using kit = new TestKit();
      const ctl = control();
      // As the SUITE: under one_for_one child1 cannot restart and dies;
      // under one_for_all and rest_for_one child2 cannot restart and child1
      // dies (its group restart starts child2 again).
      const bad = strategy === "one-for-one" ? "child1" : "child2";
      ctl.errorAfterFirst.add(bad);
      const sup = await startSup(
        kit,
        strategy,
        [spec(ctl, "child1"), spec(ctl, "child2")],
        4,
      );
      const cpid1 = at(kit.system, "/sup_test/child1");
      const cpid2 = at(kit.system, "/sup_test/child2");
      cpid1.tell("die");
      const termination = await kit.system.terminated;
      assert.ok(termination.error instanceof EscalationError);
      // check_exit([SupPid, CPid2]): the supervisor and every child are gone.
      assert.equal(sup.status, "stopped");
      assert.equal(cpid1.status, "stopped");
      assert.equal(cpid2.status, "stopped");
      assert.equal(ctl.starts.get(bad), 5, "the first start, 4 retries");
      if (strategy === "one-for-one") {
        assert.equal(ctl.starts.get("child2"), 1, "the sibling never restarts");
        assert.equal(ctl.log.at(-1), "stop child2 shutdown");
      }
    });
  }

  test("one_for_all: every child restarts, the failed one and its siblings; the old incarnations are gone", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await startSup(kit, "one-for-all", [
      spec(ctl, "child1"),
      spec(ctl, "child2"),
    ]);
    ctl.log.length = 0;
    at(kit.system, "/sup_test/child1").tell("die");
    await kit.runUntilIdle();
    assert.deepEqual(ctl.log, [
      "stop child2 shutdown",
      "stop child1 failed",
      "start child1",
      "start child2",
    ]);
    assert.deepEqual(counts(sup), [2, 2, 0, 2]);
    at(kit.system, "/sup_test/child1").tell("die");
    await kit.runUntilIdle();
    at(kit.system, "/sup_test/child2").tell("die");
    assert.ok((await kit.system.terminated).error instanceof EscalationError);
  });

  test("one_for_all: a group restart starts every spec again, also one stopped earlier with terminate_child", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await startSup(kit, "one-for-all", [
      spec(ctl, "a"),
      spec(ctl, "b", { restart: "transient" }),
      spec(ctl, "c"),
    ]);
    await terminateChild(sup, "b");
    assert.deepEqual(which(sup)[1], ["b", "undefined"]);
    ctl.log.length = 0;
    at(kit.system, "/sup_test/c").tell("die");
    await kit.runUntilIdle();
    assert.deepEqual(ctl.log, [
      "stop c failed",
      "stop a shutdown",
      "start a",
      "start b",
      "start c",
    ]);
    assert.deepEqual(which(sup), [
      ["c", "running"],
      ["b", "running"],
      ["a", "running"],
    ]);
  });

  test("one_for_all_other_child_fails_restart: the retry takes the restarted child down again and restarts all", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await startSup(
      kit,
      "one-for-all",
      [spec(ctl, "child1"), spec(ctl, "child2")],
      3,
    );
    ctl.log.length = 0;
    ctl.failNext.set("child2", 1);
    at(kit.system, "/sup_test/child1").tell("die");
    await kit.runUntilIdle();
    assert.deepEqual(ctl.log, [
      "stop child2 shutdown",
      "stop child1 failed",
      "start child1",
      "fail child2",
      "stop child1 shutdown",
      "start child1",
      "start child2",
    ]);
    assert.deepEqual(which(sup), [
      ["child2", "running"],
      ["child1", "running"],
    ]);
  });

  test("rest_for_one_other_child_fails_restart: the retry restarts the failed child only, not the one started before it", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await startSup(
      kit,
      "rest-for-one",
      [spec(ctl, "child1"), spec(ctl, "child2")],
      3,
    );
    ctl.log.length = 0;
    ctl.failNext.set("child2", 1);
    at(kit.system, "/sup_test/child1").tell("die");
    await kit.runUntilIdle();
    assert.deepEqual(ctl.log, [
      "stop child2 shutdown",
      "stop child1 failed",
      "start child1",
      "fail child2",
      "start child2",
    ]);
    assert.deepEqual(which(sup), [
      ["child2", "running"],
      ["child1", "running"],
    ]);
  });

  test("rest_for_one: the failed child and the ones after it restart, the ones before do not", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await startSup(kit, "rest-for-one", [
      spec(ctl, "child1"),
      spec(ctl, "child2"),
      spec(ctl, "child3"),
    ]);
    assert.deepEqual(counts(sup), [3, 3, 0, 3]);
    ctl.log.length = 0;
    at(kit.system, "/sup_test/child2").tell("die");
    await kit.runUntilIdle();
    assert.deepEqual(ctl.log, [
      "stop child3 shutdown",
      "stop child2 failed",
      "start child2",
      "start child3",
    ]);
    assert.equal(at(kit.system, "/sup_test/child1").restarts, 0);
    assert.deepEqual(counts(sup), [3, 3, 0, 3]);
    at(kit.system, "/sup_test/child3").tell("die");
    await kit.runUntilIdle();
    at(kit.system, "/sup_test/child2").tell("die");
    assert.ok((await kit.system.terminated).error instanceof EscalationError);
  });

  test("order_of_children: children start in spec order and stop in reverse, also after a rest-for-one restart", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const ids = ["ch7", "ch3", "ch10", "ch2", "ch5"];
    const sup = await startSup(
      kit,
      "rest-for-one",
      ids.map((id) => spec(ctl, id)),
    );
    assert.deepEqual(ctl.log, ids.map((id) => `start ${id}`));
    ctl.log.length = 0;
    at(kit.system, "/sup_test/ch10").tell("die");
    await kit.runUntilIdle();
    assert.deepEqual(ctl.log, [
      "stop ch5 shutdown",
      "stop ch2 shutdown",
      "stop ch10 failed",
      "start ch10",
      "start ch2",
      "start ch5",
    ]);
    ctl.log.length = 0;
    await sup.stop();
    assert.deepEqual(
      ctl.log,
      [...ids].reverse().map((id) => `stop ${id} shutdown`),
    );
  });

  test("order_of_children: a child started again with restart_child keeps its place in the stop order", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await startSup(
      kit,
      "one-for-one",
      ["a", "b", "c"].map((id) => spec(ctl, id)),
    );
    await terminateChild(sup, "a");
    await restartChild(sup, "a");
    ctl.log.length = 0;
    await sup.stop();
    assert.deepEqual(ctl.log, [
      "stop c shutdown",
      "stop b shutdown",
      "stop a shutdown",
    ]);
  });

  test("simple_one_for_one: a failed template child restarts alone; the third failure escalates", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      dynamicSupervisor({
        template: spec(ctl, "child"),
        maxRestarts: 2,
        withinMs: 3_600_000,
      }),
      { name: "sup_test" },
    );
    const c1 = (await startChild(sup))!;
    const c2 = (await startChild(sup))!;
    c1.tell("die" as never);
    await kit.runUntilIdle();
    assert.equal(c2.restarts, 0);
    assert.deepEqual(counts(sup), [1, 2, 0, 2]);
    c2.tell("die" as never);
    await kit.runUntilIdle();
    c2.tell("die" as never);
    assert.ok((await kit.system.terminated).error instanceof EscalationError);
  });

  test("tree: a one-for-all group restart restarts nested supervisors with their specs, not their dynamic children", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup1 = supervisor({
      children: [spec(ctl, "child1"), spec(ctl, "child2")],
      maxRestarts: 4,
    });
    const sup2 = supervisor({ children: [], maxRestarts: 4 });
    const top = await startSup(kit, "one-for-all", [], 4);
    await startChild(top, { id: "supchild1", start: sup1 });
    const s2 = (await startChild(top, { id: "supchild2", start: sup2 }))!;
    await startChild(top, {
      id: "supchild3",
      start: supervisor({ children: [] }),
      restart: "transient",
    });
    await terminateChild(top, "supchild3");
    assert.deepEqual(counts(top), [3, 2, 3, 0]);
    ctl.errorAfterFirst.add("child3");
    await startChild(s2, spec(ctl, "child3"));
    await startChild(s2, spec(ctl, "child4"));
    assert.deepEqual(counts(s2), [2, 2, 0, 2]);
    // Only the child that dies is restarted.
    at(kit.system, "/sup_test/supchild2/child4").tell("die");
    await kit.runUntilIdle();
    assert.deepEqual(counts(s2), [2, 2, 0, 2]);
    // child3 cannot restart: supchild2 gives up, the top restarts the tree,
    // supchild3 included, supchild2 without its dynamic children.
    at(kit.system, "/sup_test/supchild2/child3").tell("die");
    await kit.runUntilIdle();
    assert.deepEqual(which(top), [
      ["supchild3", "running"],
      ["supchild2", "running"],
      ["supchild1", "running"],
    ]);
    assert.deepEqual(counts(top), [3, 3, 3, 0]);
    assert.deepEqual(counts(at(kit.system, "/sup_test/supchild1")), [
      2,
      2,
      0,
      2,
    ]);
    assert.deepEqual(counts(s2), [0, 0, 0, 0]);
    assert.deepEqual(counts(at(kit.system, "/sup_test/supchild3")), [
      0,
      0,
      0,
      0,
    ]);
  });
});
