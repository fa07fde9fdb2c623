import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  ChildStartError,
  ignore,
  injectFault,
  SpawnError,
  startChild,
  supervisor,
  type SupervisorOptions,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { at, control, spec, which } from "./_otp_child.ts";

// Ports of OTP's supervisor_SUITE sup_start cases on the supervisor's own
// init/1: sup_start_ignore_init, sup_start_error_return, sup_start_fail.
// The SUITE's supervisor callback returns what the test passes to
// start_link; here that is a supervisor whose options come from an init
// function of its spawn arguments (`supervisor((args) => options)`). OTP's
// `ignore` is `ignore()`, `{error, Term}` a rejected start whose SpawnError
// carries the cause.

/** The SUITE's init/1: answers what it was given (or fails on `fail`). */
const suiteSup = supervisor(
  (init: "ignore" | "invalid" | "fail" | SupervisorOptions) => {
    if (init === "ignore") return ignore();
    if (init === "fail") throw new Error("{badmatch,2}");
    return init as SupervisorOptions;
  },
);

describe("OTP supervisor_SUITE: the supervisor's own init", () => {
  test("sup_start_ignore_init: an init that ignores ends the start with ignore and an exit reason normal", async () => {
    await using kit = new TestKit();
    const sup = await kit.system.start(suiteSup, {
      name: "sup_test",
      args: "ignore",
    });
    assert.equal(sup.status, "stopped");
    assert.deepEqual(
      kit.eventsOf("stopped").map((e) => [e.path, e.reason]),
      [["/sup_test", "normal"]],
    );
    assert.deepEqual(kit.eventsOf("failed"), []);
    assert.equal(kit.system.lookup("/sup_test"), undefined);
  });

  test("sup_start_error_return: an init that returns no valid options fails the start with that error", async () => {
    await using kit = new TestKit();
    await assert.rejects(
      kit.system.start(suiteSup, { name: "sup_test", args: "invalid" }),
      (error) => {
        assert.ok(error instanceof SpawnError);
        assert.ok(error.cause instanceof TypeError);
        assert.equal(
          error.cause.message,
          "Invalid supervisor options: children must be an array",
        );
        return true;
      },
    );
    assert.deepEqual(
      kit.eventsOf("stopped").map((e) => [e.path, e.reason]),
      [["/sup_test", "failed"]],
    );
    assert.equal(kit.system.lookup("/sup_test"), undefined);
  });

  test("sup_start_fail: an init that throws fails the start with what it threw", async () => {
    await using kit = new TestKit();
    await assert.rejects(
      kit.system.start(suiteSup, { name: "sup_test", args: "fail" }),
      (error) => {
        assert.ok(error instanceof SpawnError);
        assert.equal((error.cause as Error).message, "{badmatch,2}");
        return true;
      },
    );
    assert.equal(kit.system.lookup("/sup_test"), undefined);
    assert.equal(kit.eventsOf("restarted").length, 0);
  });

  test("an init function's options start the children, as options given directly do", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(suiteSup, {
      name: "sup_test",
      args: {
        strategy: "one-for-all",
        children: [spec(ctl, "child1"), spec(ctl, "child2")],
      },
    });
    assert.deepEqual(which(sup), [["child2", "running"], [
      "child1",
      "running",
    ]]);
    ctl.log.length = 0;
    at(kit.system, "/sup_test/child1").tell("die");
    await kit.runUntilIdle();
    assert.deepEqual(ctl.log, [
      "stop child2 shutdown",
      "stop child1 failed",
      "start child1",
      "start child2",
    ]);
  });

  test("as a child: a supervisor whose init ignores is kept as undefined, one whose init throws fails start_child", async () => {
    await using kit = new TestKit();
    const top = await kit.system.start(supervisor({ children: [] }), {
      name: "top",
    });
    assert.equal(
      await startChild(top, { id: "ignored", start: suiteSup, args: "ignore" }),
      undefined,
    );
    assert.deepEqual(which(top), [["ignored", "undefined"]]);
    await assert.rejects(
      startChild(top, { id: "failing", start: suiteSup, args: "fail" }),
      (error) =>
        error instanceof ChildStartError && error.id === "failing" &&
        (error.cause as Error).message === "{badmatch,2}",
    );
    assert.deepEqual(which(top), [["ignored", "undefined"]]);
  });

  test("init runs again at every start of the supervisor, restarts included (OTP calls init/1 again)", async () => {
    await using kit = new TestKit();
    const ctl = control();
    let inits = 0;
    const counted = supervisor((id: string) => {
      inits++;
      return { children: [spec(ctl, `${id}-${inits}`)] };
    });
    const top = await kit.system.start(
      supervisor({ children: [{ id: "mid", start: counted, args: "w" }] }),
      { name: "top" },
    );
    const mid = kit.system.lookup("/top/mid")!;
    assert.deepEqual(which(mid), [["w-1", "running"]]);
    injectFault(mid, new Error("mid fails"));
    await kit.runUntilIdle();
    assert.equal(inits, 2);
    assert.deepEqual(which(mid), [["w-2", "running"]]);
    assert.deepEqual(which(top), [["mid", "running"]]);
    assert.deepEqual(ctl.log, ["start w-1", "stop w-1 shutdown", "start w-2"]);
  });
});
