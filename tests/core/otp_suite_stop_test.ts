import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type AnyActorRef,
  defineActor,
  dynamicSupervisor,
  type RestartPolicy,
  startChild,
  supervisor,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// Ports of the sup_stop cases that newer supervisor_SUITE versions add:
// sup_stop_timeout_dynamic, sup_stop_brutal_kill_dynamic, sup_stop_race and
// sup_stop_non_shutdown_exit_dynamic. A supervisor shutting down stops its
// children (reason shutdown, or killed past their shutdown time); a child
// that exits on its own meanwhile keeps its own exit reason and is never
// restarted. OTP's `{shutdown, test}` and `other` exit reasons are a normal
// stop (ctx.stop()) and a failure here: our stop reasons carry no term.

/** A worker that, told to, exits on its own: normally or by failing. */
function exiting(kit: TestKit) {
  return defineActor({
    init: (stopMs: number | undefined) => stopMs,
    receive(_: number | undefined, msg: "normal" | "fail", ctx) {
      if (msg === "fail") throw new Error("other");
      ctx.stop();
    },
    // supervisor_2: takes `stopMs` to finish stopping, on the virtual clock.
    stopped(stopMs: number | undefined) {
      if (stopMs === undefined) return;
      return new Promise<void>((resolve) => {
        kit.clock.setTimeout(resolve, stopMs);
      });
    },
  });
}

function reasons(kit: TestKit): Map<string, string> {
  return new Map(kit.eventsOf("stopped").map((e) => [e.path, e.reason]));
}

describe("OTP supervisor_SUITE: sup_stop (dynamic, races)", () => {
  test("sup_stop_timeout_dynamic: a template child that overruns its shutdown time is killed, the others stop with shutdown", async () => {
    await using kit = new TestKit();
    const sup = await kit.system.start(
      dynamicSupervisor({
        template: { start: exiting(kit), restart: "temporary", shutdown: 1000 },
      }),
      { name: "sup_test" },
    );
    const c1 = (await startChild(sup))!;
    const c2 = (await startChild(sup, 200_000))!;
    const stopping = sup.stop();
    await kit.advance(1000);
    await stopping;
    const r = reasons(kit);
    assert.equal(r.get(c1.path), "shutdown");
    assert.equal(r.get(c2.path), "killed");
    assert.equal(r.get("/sup_test"), "normal");
  });

  test("sup_stop_brutal_kill_dynamic: brutal template children are all killed at once", async () => {
    await using kit = new TestKit();
    const sup = await kit.system.start(
      dynamicSupervisor({
        template: {
          start: exiting(kit),
          restart: "temporary",
          shutdown: "brutal",
          args: 200_000,
        },
      }),
      { name: "sup_test" },
    );
    const refs: AnyActorRef[] = [];
    for (let i = 0; i < 10; i++) refs.push((await startChild(sup))!);
    await sup.stop();
    const r = reasons(kit);
    for (const ref of refs) assert.equal(r.get(ref.path), "killed");
  });

  test("sup_stop_race: children exiting on their own while the supervisor shuts down keep their reasons and are not restarted", async () => {
    await using kit = new TestKit();
    const worker = exiting(kit);
    const sup = await kit.system.start(supervisor({ children: [] }), {
      name: "sup_test",
    });
    const a = (await startChild(sup, {
      id: "child_a",
      start: worker,
      restart: "temporary",
      shutdown: 1000,
    }))!;
    const racers: [AnyActorRef, "normal" | "fail"][] = [];
    for (const restart of ["temporary", "transient", "permanent"] as const) {
      for (const how of ["normal", "fail"] as const) {
        const ref = await startChild(sup, {
          id: `child_${restart}_${how}`,
          start: worker,
          restart: restart as RestartPolicy,
          shutdown: 1000,
        });
        racers.push([ref!, how]);
      }
    }
    // The last child takes 1000 ms to stop: the others exit meanwhile.
    const z = (await startChild(sup, {
      id: "child_z",
      start: worker,
      args: 1000,
      restart: "temporary",
      shutdown: 2000,
    }))!;
    const stopping = sup.stop();
    await kit.advance(200);
    for (const [ref, how] of racers) ref.tell(how as never);
    await kit.advance(1000);
    await stopping;
    const r = reasons(kit);
    assert.equal(r.get("/sup_test"), "normal");
    assert.equal(r.get(z.path), "shutdown");
    for (const [ref, how] of racers) {
      assert.equal(r.get(ref.path), how === "normal" ? "normal" : "failed");
      assert.equal(ref.status, "stopped");
    }
    assert.equal(r.get(a.path), "shutdown");
    assert.deepEqual(kit.eventsOf("restarted"), [], "nothing restarts");
  });

  test("sup_stop_non_shutdown_exit_dynamic: template children that exited on their own do not disturb the supervisor's shutdown", async () => {
    for (const restart of ["temporary", "transient", "permanent"] as const) {
      await using kit = new TestKit();
      const sup = await kit.system.start(
        dynamicSupervisor({
          template: { start: exiting(kit), restart, shutdown: 5000 },
          maxRestarts: 10,
        }),
        { name: "sup_test" },
      );
      const normal = (await startChild(sup))!;
      const failing = (await startChild(sup))!;
      const staying = (await startChild(sup))!;
      normal.tell("normal" as never);
      failing.tell("fail" as never);
      await kit.runUntilIdle();
      await sup.stop();
      assert.equal(sup.status, "stopped", restart);
      for (const ref of [normal, failing, staying]) {
        assert.equal(ref.status, "stopped", `${restart} ${ref.path}`);
      }
      const r = reasons(kit);
      assert.equal(r.get(staying.path), "shutdown", restart);
      assert.equal(r.get("/sup_test"), "normal", restart);
    }
  });
});
