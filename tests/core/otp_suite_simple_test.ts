import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type AnyActorRef,
  deleteChild,
  dynamicSupervisor,
  EscalationError,
  startChild,
  supervisor,
  terminateChild,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { type ChildArgs, control, counts, spec } from "./_otp_child.ts";

// Ports of OTP's supervisor_SUITE simple_one_for_one cases that the restart
// file does not hold: simple_one_for_one_extra and
// simple_one_for_one_scale_many_temporary_children (simple_one_for_one_escalation
// is in otp_suite_escalation_test.ts), and scale_start_stop_many_children. A template
// supervisor is `dynamicSupervisor({ template })`; `startChild(sup,
// extraArgs)` gives the child `extraArgs` as its init arguments (OTP appends
// them to the template's argument list: a deliberate difference, see
// docs/supervision.md). OTP's `{ok, Pid, Info}` has no counterpart (an init
// returns the state).

function die(ref: AnyActorRef): void {
  ref.tell("die" as never);
}

describe("OTP supervisor_SUITE: simple_one_for_one", () => {
  test("simple_one_for_one_extra: start_child's extra args reach the template's start, and every restart", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      dynamicSupervisor({
        template: spec(ctl, "template"),
        maxRestarts: 2,
        withinMs: 3_600_000,
      }),
      { name: "sup_test" },
    );
    const extra1: ChildArgs = { id: "extra1", ctl };
    const extra2: ChildArgs = { id: "extra2", ctl };
    const cpid1 = (await startChild(sup, extra1))!;
    const cpid2 = (await startChild(sup, extra2))!;
    assert.deepEqual(ctl.log, ["start extra1", "start extra2"]);
    die(cpid1);
    await kit.runUntilIdle();
    // Restarted with the same extra args; the template's own are never used.
    assert.deepEqual(ctl.log.slice(2), ["stop extra1 failed", "start extra1"]);
    assert.equal(ctl.starts.get("template"), undefined);
    const children = whichChildren(sup);
    assert.equal(children.length, 2);
    assert.ok(children.some((c) => c.ref === cpid2 && c.status === "running"));
    assert.deepEqual(counts(sup), [1, 2, 0, 2]);
    // Test the restart frequency property.
    die(cpid2);
    await kit.runUntilIdle();
    assert.equal(ctl.starts.get("extra2"), 2);
    die(whichChildren(sup)[0].ref!);
    const termination = await kit.system.terminated;
    assert.ok(termination.error instanceof EscalationError);
    assert.equal(sup.status, "stopped");
  });

  test("simple_one_for_one_scale_many_temporary_children: many temporary template children start and terminate one by one", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      dynamicSupervisor({
        template: spec(ctl, "child", { restart: "temporary" }),
      }),
      { name: "sup_test" },
    );
    // OTP runs 1000 then 10000 and compares times; here a correctness test,
    // bounded: 500 then 2000.
    for (const n of [500, 2000]) {
      const refs: AnyActorRef[] = [];
      for (let i = 0; i < n; i++) refs.push((await startChild(sup))!);
      assert.deepEqual(counts(sup), [1, n, 0, n]);
      assert.equal(new Set(refs.map((r) => r.name)).size, n, "ids unique");
      for (const ref of refs) await terminateChild(sup, ref);
      assert.ok(refs.every((ref) => ref.status === "stopped"));
      assert.deepEqual(counts(sup), [1, 0, 0, 0]);
      assert.deepEqual(whichChildren(sup), []);
    }
    assert.equal(ctl.starts.get("child"), 2500);
  });
  test("scale_start_stop_many_children: a static supervisor starts and terminates many children by id", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(supervisor({ children: [] }), {
      name: "sup_test",
    });
    // OTP runs 1000 then 100000 and compares times; here a correctness
    // test, bounded: 1000 then 3000.
    for (const n of [1000, 3000]) {
      const ids = Array.from({ length: n }, (_, i) => `c${i}`);
      for (const id of ids) await startChild(sup, spec(ctl, id));
      assert.deepEqual(counts(sup), [n, n, 0, n]);
      for (const id of ids) await terminateChild(sup, id);
      assert.deepEqual(counts(sup), [n, 0, 0, n]);
      for (const id of ids) deleteChild(sup, id);
      assert.deepEqual(counts(sup), [0, 0, 0, 0]);
    }
  });
});
