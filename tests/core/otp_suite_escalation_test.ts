import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type AnyActorRef,
  dynamicSupervisor,
  EscalationError,
  SpawnError,
  startChild,
  supervisor,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { control, counts, spec, which } from "./_otp_child.ts";

// Ports of OTP's supervisor_SUITE escalation cases that the restart file
// does not hold: simple_one_for_one_escalation (one_for_one_escalation,
// one_for_all_escalation and rest_for_one_escalation are in
// otp_suite_restart_test.ts), and what the SUITE's tree case relies on: a
// supervisor that reaches its restart intensity terminates its children and
// exits with reason `shutdown` (supervisor.erl's
// reached_max_restart_intensity), so its own supervisor restarts it only if
// it is permanent.

function die(ref: AnyActorRef): void {
  ref.tell("die" as never);
}

describe("OTP supervisor_SUITE: escalation", () => {
  test("simple_one_for_one_escalation: a template child whose restart keeps failing takes the supervisor and its siblings down", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      dynamicSupervisor({
        template: spec(ctl, "child"),
        maxRestarts: 4,
        withinMs: 3_600_000,
      }),
      { name: "sup_test" },
    );
    // supervisor_1:start_child(error): starts once, then every start fails.
    ctl.errorAfterFirst.add("error");
    const cpid1 = (await startChild(sup, { id: "error", ctl }))!;
    const cpid2 = (await startChild(sup))!;
    die(cpid1);
    const termination = await kit.system.terminated;
    assert.ok(termination.error instanceof EscalationError);
    // The last failure: the restart's init, wrapped in a SpawnError.
    const cause = termination.error.cause;
    assert.ok(cause instanceof SpawnError);
    assert.equal((cause.cause as Error).message, "error cannot start");
    assert.equal(sup.status, "stopped");
    assert.equal(cpid1.status, "stopped");
    assert.equal(cpid2.status, "stopped");
    assert.equal(ctl.starts.get("error"), 5, "the first start, 4 retries");
    assert.equal(ctl.starts.get("child"), 1, "the sibling is not restarted");
    assert.ok(
      ctl.log.includes("stop child shutdown"),
      "the sibling is shut down",
    );
  });

  for (const restart of ["permanent", "transient", "temporary"] as const) {
    const outcome = restart === "permanent"
      ? "restarts it"
      : restart === "transient"
      ? "keeps it down, its spec kept"
      : "forgets it";
    test(`a ${restart} child supervisor that gives up exits with shutdown: its supervisor ${outcome}`, async () => {
      await using kit = new TestKit();
      const ctl = control();
      const top = await kit.system.start(
        supervisor({
          children: [spec(ctl, "sibling"), {
            id: "mid",
            restart,
            start: supervisor({ maxRestarts: 0, children: [spec(ctl, "w")] }),
          }],
        }),
        { name: "top" },
      );
      die(kit.system.lookup("/top/mid/w")!);
      await kit.runUntilIdle();
      assert.equal(top.status, "running");
      const stopped = kit.eventsOf("stopped").map((e) => [e.path, e.reason]);
      if (restart === "permanent") {
        assert.deepEqual(which(top), [["mid", "running"], [
          "sibling",
          "running",
        ]]);
        assert.equal(ctl.starts.get("w"), 2);
        assert.equal(kit.system.lookup("/top/mid")!.restarts, 1);
      } else {
        assert.deepEqual(
          which(top),
          restart === "transient"
            ? [["mid", "undefined"], ["sibling", "running"]]
            : [["sibling", "running"]],
        );
        assert.deepEqual(stopped.at(-1), ["/top/mid", "shutdown"]);
        assert.equal(ctl.starts.get("w"), 1);
        assert.deepEqual(
          counts(top),
          restart === "transient" ? [2, 1, 1, 1] : [1, 1, 0, 1],
        );
      }
      assert.equal(ctl.starts.get("sibling"), 1);
    });
  }

  test("a transient significant child supervisor that gives up shuts its supervisor down (any-significant)", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const top = await kit.system.start(
      supervisor({
        autoShutdown: "any-significant",
        children: [{
          id: "mid",
          restart: "transient",
          significant: true,
          start: supervisor({ maxRestarts: 0, children: [spec(ctl, "w")] }),
        }],
      }),
      { name: "top" },
    );
    die(kit.system.lookup("/top/mid/w")!);
    await kit.runUntilIdle();
    assert.equal(top.status, "stopped");
    assert.deepEqual(
      kit.eventsOf("stopped").map((e) => [e.path, e.reason]).at(-1),
      ["/top", "normal"],
    );
  });

  test("a permanent child supervisor that keeps giving up counts against its supervisor's intensity", async () => {
    await using kit = new TestKit();
    const ctl = control();
    ctl.errorAfterFirst.add("w");
    await kit.system.start(
      supervisor({
        maxRestarts: 1,
        children: [{
          id: "mid",
          start: supervisor({ maxRestarts: 0, children: [spec(ctl, "w")] }),
        }],
      }),
      { name: "top" },
    );
    die(kit.system.lookup("/top/mid/w")!);
    const termination = await kit.system.terminated;
    assert.ok(termination.error instanceof EscalationError);
    assert.equal(termination.error.path, "/top");
  });
});
