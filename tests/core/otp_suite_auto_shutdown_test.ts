import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type ActorRef,
  type AnyActorRef,
  type AutoShutdown,
  dynamicSupervisor,
  injectFault,
  restartChild,
  type RestartPolicy,
  startChild,
  type Strategy,
  supervisor,
  terminateChild,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { type ChildMsg, control, spec, which } from "./_otp_child.ts";

// Ports of the significant group of newer supervisor_SUITE versions (OTP 24,
// auto_shutdown): nonsignificant_temporary, nonsignificant_transient,
// significant_temporary, significant_transient, significant_simple,
// significant_bystander and significant_escalation. OTP's terminate/4 with
// `supervisor` is terminateChild, `kill` an outside failure (injectFault),
// `abnormal` a handler that throws, `normal` the child stopping itself. The
// significant_upgrade_* cases change a running supervisor's flags through a
// code upgrade, which has no counterpart.

type How = "supervisor" | "kill" | "abnormal" | "normal";

async function end(
  kit: TestKit,
  sup: AnyActorRef,
  id: string,
  how: How,
): Promise<void> {
  const child = whichChildren(sup).find((c) => c.id === id)!.ref as ActorRef<
    ChildMsg
  >;
  if (how === "supervisor") await terminateChild(sup, id);
  else if (how === "kill") injectFault(child, new Error("killed"));
  else child.tell(how === "normal" ? "stop" : "die");
  await kit.runUntilIdle();
}

const modes: AutoShutdown[] = ["never", "any-significant", "all-significant"];

/**
 * `sup_test` with two significant children and one that is not, all with
 * restart `restart`, as OTP's significant_* cases start it.
 */
function startSignificant(
  kit: TestKit,
  ctl: ReturnType<typeof control>,
  autoShutdown: "any-significant" | "all-significant",
  restart: RestartPolicy,
) {
  return kit.system.start(
    supervisor({
      autoShutdown,
      maxRestarts: 5,
      children: [
        spec(ctl, "child1", { restart, significant: true }),
        spec(ctl, "child2", { restart, significant: true }),
        spec(ctl, "child3", { restart, significant: false }),
      ],
    }),
    { name: "sup_test" },
  );
}

describe("OTP supervisor_SUITE: significant (auto_shutdown)", () => {
  for (const restart of ["temporary", "transient"] as const) {
    test(`nonsignificant_${restart}: no exit of a ${restart} non-significant child shuts the supervisor down`, async () => {
      for (const autoShutdown of modes) {
        await using kit = new TestKit();
        const ctl = control();
        const sup = await kit.system.start(
          supervisor({ autoShutdown, maxRestarts: 5, children: [] }),
          { name: "sup_test" },
        );
        const child1 = spec(ctl, "child1", { restart, significant: false });
        for (
          const how of ["supervisor", "kill", "abnormal", "normal"] as const
        ) {
          if (whichChildren(sup).length === 0) await startChild(sup, child1);
          else if (whichChildren(sup)[0].status === "undefined") {
            await restartChild(sup, "child1");
          }
          await end(kit, sup, "child1", how);
          assert.equal(sup.status, "running", `${autoShutdown} ${how}`);
        }
      }
    });
  }

  for (const restart of ["temporary", "transient"] as const) {
    // A temporary significant child counts whatever its reason; a transient
    // one only when it exits normally (a failure restarts it).
    const counts = (how: How) =>
      how !== "supervisor" && (restart === "temporary" || how === "normal");
    test(`significant_${restart}: any-significant shuts down at the first significant ${restart} child's own exit that counts`, async () => {
      for (const how of ["supervisor", "kill", "abnormal", "normal"] as const) {
        await using kit = new TestKit();
        const ctl = control();
        const sup = await startSignificant(
          kit,
          ctl,
          "any-significant",
          restart,
        );
        const refs = whichChildren(sup).map((c) => c.ref!);
        await end(kit, sup, "child1", how);
        if (counts(how)) {
          assert.equal(sup.status, "stopped", how);
          assert.ok(refs.every((r) => r.status === "stopped"), how);
        } else {
          assert.equal(sup.status, "running", how);
          assert.equal(refs[1].status, "running", how);
          assert.equal(refs[0].status, "running", how);
        }
      }
    });

    test(`significant_${restart}: all-significant shuts down once the last significant ${restart} child exited`, async () => {
      await using kit = new TestKit();
      const ctl = control();
      const sup = await startSignificant(kit, ctl, "all-significant", restart);
      const child3 = whichChildren(sup)[0].ref!;
      await end(kit, sup, "child1", "normal");
      assert.equal(sup.status, "running");
      await end(kit, sup, "child2", "normal");
      assert.equal(sup.status, "stopped");
      assert.equal(child3.status, "stopped");
    });
  }

  test("significant_simple: a template supervisor shuts down at the first, or the last, significant child's exit", async () => {
    for (
      const autoShutdown of ["any-significant", "all-significant"] as const
    ) {
      await using kit = new TestKit();
      const ctl = control();
      const sup = await kit.system.start(
        dynamicSupervisor({
          autoShutdown,
          template: spec(ctl, "child1", {
            restart: "temporary",
            significant: true,
          }),
        }),
        { name: "sup_test" },
      );
      const c1 = (await startChild(sup))!;
      const c2 = (await startChild(sup))!;
      c1.tell("stop" as never);
      await kit.runUntilIdle();
      if (autoShutdown === "any-significant") {
        assert.equal(sup.status, "stopped");
        assert.equal(c2.status, "stopped");
        continue;
      }
      assert.equal(sup.status, "running");
      assert.equal(c2.status, "running");
      c2.tell("stop" as never);
      await kit.runUntilIdle();
      assert.equal(sup.status, "stopped");
    }
  });

  test("significant_bystander: significant children stopped by a sibling's group restart never shut the supervisor down", async () => {
    const strategies: Strategy[] = [
      "one-for-one",
      "one-for-all",
      "rest-for-one",
    ];
    for (const strategy of strategies) {
      for (
        const autoShutdown of ["any-significant", "all-significant"] as const
      ) {
        await using kit = new TestKit();
        const ctl = control();
        const sup = await kit.system.start(
          supervisor({
            strategy,
            autoShutdown,
            maxRestarts: 5,
            children: [
              spec(ctl, "child1", { restart: "transient", significant: true }),
              spec(ctl, "child2", { restart: "transient" }),
              spec(ctl, "child3", { restart: "transient", significant: true }),
            ],
          }),
          { name: "sup_test" },
        );
        await end(kit, sup, "child2", "kill");
        const where = `${strategy} ${autoShutdown}`;
        assert.equal(sup.status, "running", where);
        assert.deepEqual(
          whichChildren(sup).map((c) => c.status),
          ["running", "running", "running"],
          where,
        );
        const restarted = ["child1", "child2", "child3"].filter((id) =>
          ctl.starts.get(id) === 2
        );
        assert.deepEqual(
          restarted,
          strategy === "one-for-one"
            ? ["child2"]
            : strategy === "one-for-all"
            ? ["child1", "child2", "child3"]
            : ["child2", "child3"],
          where,
        );
        await sup.stop();
      }
    }
  });

  test("significant_escalation: a significant child supervisor's auto-shutdown shuts its supervisor down; a non-significant one's does not", async () => {
    for (const significant of [true, false]) {
      await using kit = new TestKit();
      const ctl = control();
      const sup1 = await kit.system.start(
        supervisor({ autoShutdown: "any-significant", children: [] }),
        { name: "sup_test" },
      );
      const childSup = (await startChild(sup1, {
        id: "sup1",
        start: supervisor({ autoShutdown: "any-significant", children: [] }),
        restart: "transient",
        significant,
      }))!;
      const child = (await startChild(
        childSup,
        spec(ctl, "child1", { restart: "transient", significant: true }),
      ))!;
      child.tell("stop" as never);
      await kit.runUntilIdle();
      assert.equal(child.status, "stopped");
      assert.equal(childSup.status, "stopped");
      assert.equal(sup1.status, significant ? "stopped" : "running");
      if (!significant) {
        assert.deepEqual(
          which(sup1),
          [["sup1", "undefined"]],
        );
      }
    }
  });
});
