import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  ChildStartError,
  countChildren,
  dynamicSupervisor,
  restartChild,
  startChild,
  supervisor,
  terminateChild,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { at, control, counts, otpChild, spec, which } from "./_otp_child.ts";

// Ports of OTP's supervisor_SUITE sup_start group: how starts end (ok,
// ignore, error) for start_child, restart_child and the supervisor's own
// start (failed_to_start_child). Case names are the SUITE's.

describe("OTP supervisor_SUITE: sup_start", () => {
  test("sup_start_normal: a supervisor without children starts and stops with reason shutdown", async () => {
    await using kit = new TestKit();
    const sup = await kit.system.start(
      supervisor({ children: [], maxRestarts: 2, withinMs: 3_600_000 }),
      { name: "sup_test" },
    );
    assert.equal(sup.status, "running");
    await kit.system.shutdown();
    assert.deepEqual(
      kit.eventsOf("stopped").map((e) => [e.path, e.reason]),
      [["/sup_test", "shutdown"]],
    );
  });

  test("sup_start_ignore_child: start_child of a child that ignores answers undefined and keeps a permanent spec", async () => {
    await using kit = new TestKit();
    const ctl = control();
    ctl.ignoreStart.add("child1");
    const sup = await kit.system.start(supervisor({ children: [] }), {
      name: "sup_test",
    });
    assert.equal(await startChild(sup, spec(ctl, "child1")), undefined);
    const child2 = await startChild(sup, spec(ctl, "child2"));
    assert.equal(child2?.status, "running");
    assert.deepEqual(which(sup), [["child2", "running"], [
      "child1",
      "undefined",
    ]]);
    assert.equal(whichChildren(sup)[1].ref, undefined);
    assert.deepEqual(counts(sup), [2, 1, 0, 2]);
    assert.equal(kit.system.lookup("/sup_test/child1"), undefined);
  });

  test("ignore is no failure: no failed event, nothing counted, the child stops with reason normal", async () => {
    await using kit = new TestKit();
    const ctl = control();
    ctl.ignoreStart.add("child1");
    const sup = await kit.system.start(supervisor({ children: [] }), {
      name: "sup_test",
    });
    assert.equal(await startChild(sup, spec(ctl, "child1")), undefined);
    assert.deepEqual(kit.eventsOf("failed"), []);
    assert.deepEqual(
      kit.eventsOf("stopped").map((e) => [e.path, e.reason]),
      [["/sup_test/child1", "normal"]],
    );
    // A top-level actor that ignores: system.start resolves, it has stopped.
    const top = await kit.system.start(otpChild, {
      name: "top",
      args: { id: "child1", ctl },
    });
    assert.equal(top.status, "stopped");
    assert.deepEqual(kit.eventsOf("failed"), []);
  });

  test("sup_start_ignore_temporary_child: a temporary child that ignores at supervisor start is not stored", async () => {
    await using kit = new TestKit();
    const ctl = control();
    ctl.ignoreStart.add("child1");
    const sup = await kit.system.start(
      supervisor({
        children: [
          spec(ctl, "child1", { restart: "temporary" }),
          spec(ctl, "child2", { restart: "temporary" }),
        ],
      }),
      { name: "sup_test" },
    );
    assert.deepEqual(which(sup), [["child2", "running"]]);
    assert.deepEqual(counts(sup), [1, 1, 0, 1]);
  });

  test("sup_start_ignore_temporary_child_start_child: nor through start_child", async () => {
    await using kit = new TestKit();
    const ctl = control();
    ctl.ignoreStart.add("child1");
    const sup = await kit.system.start(supervisor({ children: [] }), {
      name: "sup_test",
    });
    const t = { restart: "temporary" } as const;
    assert.equal(await startChild(sup, spec(ctl, "child1", t)), undefined);
    await startChild(sup, spec(ctl, "child2", t));
    assert.deepEqual(which(sup), [["child2", "running"]]);
    assert.deepEqual(counts(sup), [1, 1, 0, 1]);
  });

  for (const restart of ["temporary", "permanent"] as const) {
    test(`sup_start_ignore_${restart}_child_start_child_simple: a template child that ignores is not stored`, async () => {
      await using kit = new TestKit();
      const ctl = control();
      const sup = await kit.system.start(
        dynamicSupervisor({ template: spec(ctl, "child", { restart }) }),
        { name: "sup_test" },
      );
      ctl.ignoreStart.add("child");
      assert.equal(await startChild(sup), undefined);
      ctl.ignoreStart.delete("child");
      const child = await startChild(sup);
      assert.deepEqual(which(sup), [[child!.name, "running"]]);
      assert.deepEqual(counts(sup), [1, 1, 0, 1]);
      // Regression in OTP: the supervisor still terminates cleanly.
      await sup.stop();
      assert.equal(sup.status, "stopped");
    });
  }

  test("sup_start_child_returns_error: start_child whose init throws rejects with the cause and stores nothing", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      supervisor({ children: [spec(ctl, "other")] }),
      { name: "sup_test" },
    );
    ctl.failStart.add("child1");
    await assert.rejects(startChild(sup, spec(ctl, "child1")), (error) => {
      assert.ok(error instanceof ChildStartError);
      assert.equal(error.id, "child1");
      assert.equal(error.path, "/sup_test");
      assert.equal((error.cause as Error).message, "child1 cannot start");
      return true;
    });
    await kit.runUntilIdle();
    assert.deepEqual(which(sup), [["other", "running"]]);
    assert.equal(kit.system.lookup("/sup_test/child1"), undefined);
    // The supervisor is untouched: no restart, no escalation.
    assert.equal(sup.status, "running");
    assert.equal(at(kit.system, "/sup_test/other").restarts, 0);
    assert.equal(kit.eventsOf("escalated").length, 0);
    assert.equal(kit.eventsOf("restarted").length, 0);
    // The id is free: a start that works now succeeds.
    ctl.failStart.delete("child1");
    assert.equal(
      (await startChild(sup, spec(ctl, "child1")))?.status,
      "running",
    );
  });

  test("sup_start_restart_child_returns_error: a failed restart_child leaves the child undefined", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      supervisor({ children: [spec(ctl, "child1")] }),
      { name: "sup_test" },
    );
    await terminateChild(sup, "child1");
    ctl.failStart.add("child1");
    await assert.rejects(restartChild(sup, "child1"), ChildStartError);
    await kit.runUntilIdle();
    assert.deepEqual(which(sup), [["child1", "undefined"]]);
    assert.equal(sup.status, "running");
  });

  test("sup_start_child_returns_error_simple: a template child whose init throws is not stored", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      dynamicSupervisor({ template: spec(ctl, "child") }),
      { name: "sup_test" },
    );
    ctl.failStart.add("child");
    await assert.rejects(startChild(sup), ChildStartError);
    assert.deepEqual(whichChildren(sup), []);
    assert.deepEqual(counts(sup), [1, 0, 0, 0]);
  });

  test("sup_stop_infinity: children with shutdown infinity are waited for, worker or supervisor", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(supervisor({ children: [] }), {
      name: "sup_test",
    });
    const c1 = await startChild(sup, {
      id: "child1",
      start: supervisor({ children: [] }),
      shutdown: "infinity",
    });
    const c2 = await startChild(
      sup,
      spec(ctl, "child2", { shutdown: "infinity" }),
    );
    await sup.stop();
    assert.equal(c1?.status, "stopped");
    assert.equal(c2?.status, "stopped");
    assert.deepEqual(
      kit.eventsOf("stopped").map((e) => [e.path, e.reason]),
      [
        ["/sup_test/child2", "shutdown"],
        ["/sup_test/child1", "shutdown"],
        ["/sup_test", "normal"],
      ],
    );
  });

  test("sup_stop_timeout: a child that overruns its shutdown time is killed", async () => {
    await using kit = new TestKit();
    const ctl = control();
    ctl.hangOnStop.add("child2");
    const sup = await kit.system.start(supervisor({ children: [] }), {
      name: "sup_test",
    });
    await startChild(sup, spec(ctl, "child1", { shutdown: 1000 }));
    await startChild(sup, spec(ctl, "child2", { shutdown: 1000 }));
    const stopping = sup.stop();
    await kit.advance(1000);
    await stopping;
    assert.deepEqual(
      kit.eventsOf("stopped").map((e) => [e.path, e.reason]),
      [
        ["/sup_test/child2", "killed"],
        ["/sup_test/child1", "shutdown"],
        ["/sup_test", "normal"],
      ],
    );
  });

  test("sup_stop_brutal_kill: a brutal child is killed at once", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(supervisor({ children: [] }), {
      name: "sup_test",
    });
    await startChild(sup, spec(ctl, "child1", { shutdown: 1000 }));
    await startChild(sup, spec(ctl, "child2", { shutdown: "brutal" }));
    await sup.stop();
    assert.deepEqual(
      kit.eventsOf("stopped").map((e) => [e.path, e.reason]),
      [
        ["/sup_test/child2", "killed"],
        ["/sup_test/child1", "shutdown"],
        ["/sup_test", "normal"],
      ],
    );
  });

  test("failed_to_start_child: a child failing while its supervisor starts fails the start; started siblings stop in reverse order", async () => {
    await using kit = new TestKit();
    const ctl = control();
    ctl.failStart.add("c");
    const start = kit.system.start(
      supervisor({
        children: ["a", "b", "c", "d"].map((id) => spec(ctl, id)),
      }),
      { name: "sup_test" },
    );
    await assert.rejects(start, (error) => {
      assert.ok(error instanceof ChildStartError);
      assert.equal(error.id, "c");
      assert.equal((error.cause as Error).message, "c cannot start");
      return true;
    });
    assert.deepEqual(ctl.log, [
      "start a",
      "start b",
      "fail c",
      "stop b shutdown",
      "stop a shutdown",
    ]);
    assert.equal(ctl.starts.get("d"), undefined, "d never starts");
    assert.equal(kit.system.lookup("/sup_test"), undefined);
    assert.equal(kit.eventsOf("restarted").length, 0, "nothing restarts");
  });

  test("failed_to_start_child nests: a grandchild failing fails every supervisor's start up to the caller", async () => {
    await using kit = new TestKit();
    const ctl = control();
    ctl.failStart.add("x");
    const start = kit.system.start(
      supervisor({
        children: [
          spec(ctl, "a"),
          {
            id: "mid",
            start: supervisor({ children: [spec(ctl, "w"), spec(ctl, "x")] }),
          },
        ],
      }),
      { name: "top" },
    );
    await assert.rejects(start, (error) => {
      assert.ok(error instanceof ChildStartError);
      assert.equal(error.id, "mid");
      assert.ok(error.cause instanceof ChildStartError);
      assert.equal(error.cause.id, "x");
      assert.equal(error.cause.path, "/top/mid");
      return true;
    });
    assert.deepEqual(ctl.log, [
      "start a",
      "start w",
      "fail x",
      "stop w shutdown",
      "stop a shutdown",
    ]);
    assert.equal(kit.system.topLevel.length, 0);
  });

  test("start is awaitable: once system.start resolves, every child of the tree runs and can be found", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      supervisor({
        children: [
          spec(ctl, "a"),
          {
            id: "mid",
            start: supervisor({ children: [spec(ctl, "b")] }),
          },
        ],
      }),
      { name: "app" },
    );
    // No runUntilIdle: the promise itself proves the start.
    assert.equal(kit.system.lookup("/app/mid/b")?.status, "running");
    assert.deepEqual(which(sup), [["mid", "running"], ["a", "running"]]);
    assert.deepEqual(countChildren(sup), {
      specs: 2,
      active: 2,
      supervisors: 1,
      workers: 1,
    });
  });
});
