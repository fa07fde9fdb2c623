import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type AnyActorRef,
  defineActor,
  dynamicSupervisor,
  getChildSpec,
  injectFault,
  restartChild,
  startChild,
  supervisor,
  terminateChild,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { type ChildArgs, control, spec, which } from "./_otp_child.ts";

// Ports of OTP's supervisor_SUITE misc cases:
// do_not_save_start_parameters_for_temporary_children,
// simple_one_for_one_corruption, simple_global_supervisor (OTP-9212) and
// child_unlink. code_change, code_change_map,
// code_change_simple and code_change_simple_map have no counterpart: there
// is no hot code upgrade of a running supervisor (a supervisor whose options
// come from an init function reads them again when it restarts, which
// otp_suite_sup_init_test.ts checks).

describe("OTP supervisor_SUITE: misc", () => {
  // OTP compares the supervisors' process memory; what a supervisor keeps is
  // visible here through get_childspec: a temporary child's start arguments
  // are not kept (the child itself has them), the others' are.
  for (
    const strategy of [
      "one-for-all",
      "one-for-one",
      "rest-for-one",
      "simple",
    ] as const
  ) {
    test(`do_not_save_start_parameters_for_temporary_children (${strategy}): the supervisor keeps no start arguments of temporary children`, async () => {
      await using kit = new TestKit();
      const ctl = control();
      const large = Array.from({ length: 10 }, () => "Potentially large");
      const seen: unknown[] = [];
      const worker = defineActor({
        init(args: ChildArgs & { large: string[] }) {
          seen.push(args.large);
          return args;
        },
        receive() {},
      });
      for (const restart of ["permanent", "transient", "temporary"] as const) {
        const sup = strategy === "simple"
          ? await kit.system.start(
            dynamicSupervisor({
              template: { start: worker, restart },
              maxRestarts: 2,
              withinMs: 3_600_000,
            }),
            { name: `sup_${restart}` },
          )
          : await kit.system.start(
            supervisor({
              strategy,
              children: [],
              maxRestarts: 2,
              withinMs: 3_600_000,
            }),
            { name: `sup_${restart}` },
          );
        const refs: AnyActorRef[] = [];
        for (let n = 100; n > 0; n--) {
          const args = { id: `child${n}`, ctl, large };
          const ref = strategy === "simple"
            ? await startChild(sup, args)
            : await startChild(sup, {
              id: `child${n}`,
              start: worker,
              args,
              restart,
            });
          refs.push(ref!);
        }
        assert.equal(whichChildren(sup).length, 100);
        for (const ref of refs) {
          const kept = getChildSpec(
            sup,
            strategy === "simple" ? ref : ref.name,
          );
          assert.equal(kept.restart, restart);
          if (restart === "temporary") {
            assert.equal(kept.args, undefined, `${strategy} ${ref.name}`);
          } else {
            assert.equal((kept.args as { large: string[] }).large, large);
          }
        }
        await sup.stop();
      }
      // Every child got its arguments.
      assert.equal(seen.length, 300);
      assert.ok(seen.every((s) => s === large));
    });
  }

  test("do_not_save_start_parameters_for_temporary_children: a temporary child's spec read back has no args, its child still runs with them", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(supervisor({ children: [] }), {
      name: "sup_test",
    });
    const child3 = spec(ctl, "child3", { restart: "temporary" });
    const ref = await startChild(sup, child3);
    assert.equal(getChildSpec(sup, "child3").args, undefined);
    assert.deepEqual(ctl.log, ["start child3"]);
    // Terminated and started again from the caller's spec: args are given.
    await terminateChild(sup, "child3");
    assert.deepEqual(which(sup), []);
    assert.notEqual(await startChild(sup, child3), ref);
    assert.deepEqual(ctl.log, [
      "start child3",
      "stop child3 shutdown",
      "start child3",
    ]);
  });

  test("simple_one_for_one_corruption: after a temporary template child died, the next one's start arguments are still not kept", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      dynamicSupervisor({
        template: spec(ctl, "child", { restart: "temporary", shutdown: 1000 }),
      }),
      { name: "sup_test" },
    );
    const cpid1 = (await startChild(sup))!;
    cpid1.tell("die" as never);
    await kit.runUntilIdle();
    assert.deepEqual(whichChildren(sup), []);
    const bigData = { id: "child", ctl, big: "x".repeat(50_000) };
    const cpid2 = (await startChild(sup, bigData))!;
    assert.equal(cpid2.status, "running");
    assert.equal(getChildSpec(sup, cpid2).args, undefined);
    cpid2.tell("die" as never);
    await kit.runUntilIdle();
    assert.deepEqual(whichChildren(sup), []);
  });

  // OTP-9212: a top one_for_all supervisor over a middle one registered
  // globally as sup2, over a server registered as server. Names here are
  // system-wide (`register`), and a child restarted by its supervisor keeps
  // its ref (a deliberate difference), so "the name points at a new pid"
  // reads "the name points at a running, restarted actor".
  describe("simple_global_supervisor", () => {
    const server = defineActor({
      init: () => null,
      receive(_: null, msg: "fail" | "exit", ctx) {
        if (msg === "fail") throw new Error("fail");
        ctx.stop();
      },
    });
    const middle = supervisor({
      strategy: "one-for-all",
      maxRestarts: 3,
      withinMs: 60_000,
      children: [{
        id: "child",
        start: server,
        register: "server",
        shutdown: 2000,
      }],
    });

    async function start9212(kit: TestKit) {
      const top = await kit.system.start(
        supervisor({
          strategy: "one-for-all",
          maxRestarts: 3,
          withinMs: 60_000,
          children: [{
            id: "middle",
            start: middle,
            register: "sup2",
            shutdown: 2000,
          }],
        }),
        { name: "sup_test" },
      );
      const sup2 = kit.system.whereIs("sup2")!;
      const server1 = kit.system.whereIs<"fail" | "exit">("server")!;
      assert.equal(sup2.status, "running");
      assert.equal(server1.status, "running");
      return { top, sup2, server1 };
    }

    async function stop9212(kit: TestKit, top: AnyActorRef) {
      await top.stop();
      assert.equal(kit.system.whereIs("sup2"), undefined);
      assert.equal(kit.system.whereIs("server"), undefined);
    }

    test("kill_supervisor: the middle supervisor killed, both names point at running actors again", async () => {
      await using kit = new TestKit();
      const { top, sup2, server1 } = await start9212(kit);
      injectFault(sup2, new Error("kill"));
      await kit.runUntilIdle();
      const sup22 = kit.system.whereIs("sup2")!;
      const server2 = kit.system.whereIs("server")!;
      assert.equal(sup22.status, "running");
      assert.equal(sup22.restarts, 1);
      assert.equal(server2.status, "running");
      // The server was started again by the new incarnation of sup2.
      assert.notEqual(server2, server1);
      assert.equal(server1.status, "stopped");
      await stop9212(kit, top);
    });

    test("kill_worker: the server killed is restarted under its name", async () => {
      await using kit = new TestKit();
      const { top, server1 } = await start9212(kit);
      injectFault(server1, new Error("kill"));
      await kit.runUntilIdle();
      const server2 = kit.system.whereIs("server")!;
      assert.equal(server2.status, "running");
      assert.equal(server2.restarts, 1);
      await stop9212(kit, top);
    });

    test("exit_worker: the server exiting normally is restarted under its name", async () => {
      await using kit = new TestKit();
      const { top, server1 } = await start9212(kit);
      server1.tell("exit");
      await kit.runUntilIdle();
      const server2 = kit.system.whereIs("server")!;
      assert.equal(server2.status, "running");
      assert.equal(server2.restarts, 1);
      await stop9212(kit, top);
    });

    test("restart_worker: terminate_child and restart_child through the registered supervisor register the new server", async () => {
      await using kit = new TestKit();
      const { top, server1 } = await start9212(kit);
      const sup2 = kit.system.whereIs("sup2")!;
      await terminateChild(sup2, "child");
      assert.equal(kit.system.whereIs("server"), undefined);
      const child = await restartChild(sup2, "child");
      const server2 = kit.system.whereIs("server")!;
      assert.equal(server2, child);
      assert.notEqual(server2, server1);
      assert.equal(server2.status, "running");
      await stop9212(kit, top);
    });
  });

  // OTP: a child that unlinks from its supervisor must not make
  // terminate_child hang. There are no links here; the nearest hazard is a
  // child that does not finish stopping: terminate_child is bounded by its
  // shutdown time, and the supervisor keeps answering meanwhile.
  test("child_unlink: terminate_child of a child that will not stop ends at its shutdown time; the supervisor is not blocked", async () => {
    await using kit = new TestKit();
    const ctl = control();
    ctl.hangOnStop.add("naughty_child");
    const sup = await kit.system.start(supervisor({ children: [] }), {
      name: "sup_test",
    });
    const naughty = (await startChild(
      sup,
      spec(ctl, "naughty_child", { shutdown: 1000 }),
    ))!;
    let done = false;
    const terminating = terminateChild(sup, "naughty_child").then(() => {
      done = true;
    });
    await kit.runUntilIdle();
    assert.equal(done, false);
    // The supervisor still serves calls while the child is stopping.
    assert.equal(
      (await startChild(sup, spec(ctl, "other")))?.status,
      "running",
    );
    assert.deepEqual(which(sup)[0], ["other", "running"]);
    await kit.advance(1000);
    await terminating;
    assert.equal(done, true);
    assert.equal(naughty.status, "stopped");
    assert.deepEqual(
      kit.eventsOf("stopped").map((e) => [e.path, e.reason]),
      [["/sup_test/naughty_child", "killed"]],
    );
    assert.deepEqual(which(sup), [["other", "running"], [
      "naughty_child",
      "undefined",
    ]]);
  });
});
