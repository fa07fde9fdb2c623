import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type ActorSystem,
  ChildStartError,
  defineActor,
  restartChild,
  startChild,
  supervisor,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import {
  at,
  type ChildMsg,
  control,
  counts,
  spec,
  which,
} from "./_otp_child.ts";

// Ports of OTP's supervisor_SUITE termination groups: normal_termination
// (the child stops itself: ctx.stop()), shutdown_termination (it is stopped
// from outside: ref.stop(), as gen_server:stop/1 or an exit signal would)
// and abnormal_termination (its handler throws), each for a permanent,
// transient and temporary child, then which_children and count_children.
// OTP's do_restart/3 treats `normal`, `shutdown` and `{shutdown, Term}`
// alike (restart a permanent child, keep a transient one down, forget a
// temporary one); our stop reasons carry no term, so OTP's second stop with
// `{shutdown, some_info}` is a second stop from outside, of the new child.
// Also faulty_application_shutdown (adapted: there are no applications; a
// top-level supervisor whose child calls an undefined function in init).

/** OTP's terminate/4: ends the child of `id` and waits until it is down. */
async function terminate(
  kit: TestKit,
  id: string,
  how: "normal" | "shutdown" | "abnormal",
): Promise<void> {
  const child = at(kit.system, `/sup_test/${id}`);
  if (how === "shutdown") {
    await child.stop();
  } else {
    child.tell(how === "normal" ? "stop" : "die");
  }
  await kit.runUntilIdle();
}

async function startSup(kit: TestKit) {
  return await kit.system.start(
    supervisor({ children: [], maxRestarts: 2, withinMs: 3_600_000 }),
    { name: "sup_test" },
  );
}

function alive(system: ActorSystem, id: string) {
  return system.lookup<ChildMsg>(`/sup_test/${id}`)?.status === "running";
}

describe("OTP supervisor_SUITE: termination", () => {
  for (const how of ["normal", "shutdown", "abnormal"] as const) {
    test(`permanent_${how}: a permanent child is always restarted`, async () => {
      await using kit = new TestKit();
      const ctl = control();
      const sup = await startSup(kit);
      await startChild(sup, spec(ctl, "child1", { shutdown: 1000 }));
      await terminate(kit, "child1", how);
      assert.deepEqual(which(sup), [["child1", "running"]]);
      assert.equal(ctl.starts.get("child1"), 2, "restarted");
      assert.ok(alive(kit.system, "child1"));
      assert.deepEqual(counts(sup), [1, 1, 0, 1]);
      if (how !== "shutdown") return;
      // Once more, as OTP stops it again with {shutdown, some_info}.
      await terminate(kit, "child1", how);
      assert.deepEqual(which(sup), [["child1", "running"]]);
      assert.equal(ctl.starts.get("child1"), 3, "restarted again");
      assert.deepEqual(counts(sup), [1, 1, 0, 1]);
    });

    const transientRestarts = how === "abnormal";
    test(`transient_${how}: a transient child is ${transientRestarts ? "restarted after a failure" : `not restarted after a ${how} exit`}`, async () => {
      await using kit = new TestKit();
      const ctl = control();
      const sup = await startSup(kit);
      await startChild(
        sup,
        spec(ctl, "child1", { restart: "transient", shutdown: 1000 }),
      );
      await terminate(kit, "child1", how);
      if (transientRestarts) {
        assert.deepEqual(which(sup), [["child1", "running"]]);
        assert.equal(ctl.starts.get("child1"), 2);
        assert.deepEqual(counts(sup), [1, 1, 0, 1]);
        return;
      }
      assert.deepEqual(which(sup), [["child1", "undefined"]]);
      assert.deepEqual(counts(sup), [1, 0, 0, 1]);
      assert.equal(ctl.starts.get("child1"), 1, "not restarted");
      if (how !== "shutdown") return;
      // The spec is kept: restart_child starts it; stopped again, it stays down.
      const cpid2 = await restartChild(sup, "child1");
      assert.equal(cpid2?.status, "running");
      await terminate(kit, "child1", how);
      assert.deepEqual(which(sup), [["child1", "undefined"]]);
      assert.deepEqual(counts(sup), [1, 0, 0, 1]);
    });

    test(`temporary_${how}: a temporary child is never restarted and its spec is forgotten`, async () => {
      await using kit = new TestKit();
      const ctl = control();
      const sup = await startSup(kit);
      const child1 = spec(ctl, "child1", {
        restart: "temporary",
        shutdown: 1000,
      });
      await startChild(sup, child1);
      await terminate(kit, "child1", how);
      assert.deepEqual(which(sup), []);
      assert.deepEqual(counts(sup), [0, 0, 0, 0]);
      assert.equal(ctl.starts.get("child1"), 1);
      if (how !== "shutdown") return;
      // The id is free again: start_child starts a new one.
      assert.equal((await startChild(sup, child1))?.status, "running");
      await terminate(kit, "child1", how);
      assert.deepEqual(which(sup), []);
      assert.deepEqual(counts(sup), [0, 0, 0, 0]);
    });
  }

  test("permanent_shutdown: a stop from outside is no failure: nothing failed, the restart counts against the intensity", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await startSup(kit);
    await startChild(sup, spec(ctl, "child1"));
    for (let i = 0; i < 2; i++) await terminate(kit, "child1", "shutdown");
    assert.deepEqual(kit.eventsOf("failed"), []);
    assert.equal(sup.status, "running");
    // A third restart within the period exceeds maxRestarts (2).
    await terminate(kit, "child1", "shutdown");
    assert.equal(sup.status, "stopped");
  });

  test("faulty_application_shutdown: a child calling an undefined function in init fails the top supervisor's start, passing the error on", async () => {
    await using kit = new TestKit();
    const faultyServer = defineActor({
      init() {
        const module = {} as Record<string, () => void>;
        module.an_undefined_function();
        return null;
      },
      receive() {},
    });
    const start = kit.system.start(
      supervisor({
        children: [{ id: "app_faulty", start: faultyServer }],
      }),
      { name: "app_faulty" },
    );
    await assert.rejects(start, (error) => {
      assert.ok(error instanceof ChildStartError);
      assert.equal(error.id, "app_faulty");
      assert.equal(error.path, "/app_faulty");
      assert.ok(error.cause instanceof TypeError);
      assert.match(error.cause.message, /an_undefined_function/);
      return true;
    });
    assert.equal(kit.system.lookup("/app_faulty"), undefined);
    assert.equal(kit.system.topLevel.length, 0);
    assert.equal(kit.eventsOf("restarted").length, 0);
  });
});
