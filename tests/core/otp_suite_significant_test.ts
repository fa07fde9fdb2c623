import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type AutoShutdown,
  dynamicSupervisor,
  startChild,
  supervisor,
  terminateChild,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { at, control, spec, which } from "./_otp_child.ts";

// OTP 24's significant children and auto_shutdown (EEP 56), as
// supervisor.erl's do_auto_shutdown implements them: only a significant
// child's own exit counts (never one the supervisor caused); a transient one
// counts when it exits normally (a failure restarts it), a temporary one
// whatever the reason; `any_significant` shuts the supervisor down at the
// first, `all_significant` when none is left with a process. The supervisor
// stops with reason normal, so its own parent's policy applies.

async function start(
  kit: TestKit,
  autoShutdown: AutoShutdown,
  restart: "transient" | "temporary",
) {
  const ctl = control();
  const sup = await kit.system.start(
    supervisor({
      autoShutdown,
      children: [
        spec(ctl, "worker"),
        spec(ctl, "s1", { restart, significant: true }),
        spec(ctl, "s2", { restart, significant: true }),
      ],
    }),
    { name: "sup" },
  );
  return { ctl, sup };
}

describe("significant children and auto-shutdown", () => {
  for (const restart of ["transient", "temporary"] as const) {
    test(`any-significant: a ${restart} significant child that stops normally shuts the supervisor down`, async () => {
      await using kit = new TestKit();
      const { ctl, sup } = await start(kit, "any-significant", restart);
      at(kit.system, "/sup/s1").tell("stop");
      await kit.runUntilIdle();
      assert.equal(sup.status, "stopped");
      assert.deepEqual(ctl.log.slice(-3), [
        "stop s1 normal",
        "stop s2 shutdown",
        "stop worker shutdown",
      ]);
      assert.deepEqual(
        kit.eventsOf("stopped").filter((e) => e.path === "/sup")
          .map((e) => e.reason),
        ["normal"],
      );
    });
  }

  test("any-significant: a transient significant child that fails is restarted, no shutdown", async () => {
    await using kit = new TestKit();
    const { sup } = await start(kit, "any-significant", "transient");
    at(kit.system, "/sup/s1").tell("die");
    await kit.runUntilIdle();
    assert.equal(sup.status, "running");
    assert.equal(at(kit.system, "/sup/s1").restarts, 1);
  });

  test("any-significant: a temporary significant child that fails shuts the supervisor down", async () => {
    await using kit = new TestKit();
    const { sup } = await start(kit, "any-significant", "temporary");
    at(kit.system, "/sup/s1").tell("die");
    await kit.runUntilIdle();
    assert.equal(sup.status, "stopped");
  });

  test("all-significant: the supervisor shuts down only when the last significant child has exited", async () => {
    await using kit = new TestKit();
    const { sup } = await start(kit, "all-significant", "transient");
    at(kit.system, "/sup/s1").tell("stop");
    await kit.runUntilIdle();
    assert.equal(sup.status, "running");
    assert.deepEqual(which(sup), [
      ["s2", "running"],
      ["s1", "undefined"],
      ["worker", "running"],
    ]);
    at(kit.system, "/sup/s2").tell("stop");
    await kit.runUntilIdle();
    assert.equal(sup.status, "stopped");
  });

  test("terminateChild of a significant child never shuts the supervisor down", async () => {
    await using kit = new TestKit();
    const { sup } = await start(kit, "any-significant", "transient");
    await terminateChild(sup, "s1");
    await terminateChild(sup, "s2");
    await kit.runUntilIdle();
    assert.equal(sup.status, "running");
  });

  test("a non-significant child's exit never shuts the supervisor down", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      supervisor({
        autoShutdown: "any-significant",
        children: [spec(ctl, "t", { restart: "temporary" })],
      }),
      { name: "sup" },
    );
    at(kit.system, "/sup/t").tell("stop");
    await kit.runUntilIdle();
    assert.equal(sup.status, "running");
    assert.deepEqual(which(sup), []);
  });

  test("auto-shutdown cascades: a significant transient supervisor that shuts down shuts its own supervisor down", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const top = await kit.system.start(
      supervisor({
        autoShutdown: "any-significant",
        children: [spec(ctl, "w"), {
          id: "inner",
          start: supervisor({
            autoShutdown: "any-significant",
            children: [spec(ctl, "job", {
              restart: "transient",
              significant: true,
            })],
          }),
          restart: "transient",
          significant: true,
        }],
      }),
      { name: "top" },
    );
    at(kit.system, "/top/inner/job").tell("stop");
    await kit.runUntilIdle();
    assert.equal(top.status, "stopped");
  });

  test("a permanent parent restarts a supervisor that shut itself down (its exit is normal)", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const top = await kit.system.start(
      supervisor({
        children: [{
          id: "inner",
          start: supervisor({
            autoShutdown: "any-significant",
            children: [spec(ctl, "job", {
              restart: "transient",
              significant: true,
            })],
          }),
        }],
      }),
      { name: "top" },
    );
    at(kit.system, "/top/inner/job").tell("stop");
    await kit.runUntilIdle();
    assert.equal(top.status, "running");
    assert.equal(at(kit.system, "/top/inner").restarts, 1);
    assert.equal(at(kit.system, "/top/inner/job").status, "running");
  });

  test("a template supervisor with a significant template shuts down with all-significant when its last child exits", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(
      dynamicSupervisor({
        autoShutdown: "all-significant",
        template: spec(ctl, "job", { restart: "temporary", significant: true }),
      }),
      { name: "jobs" },
    );
    const a = (await startChild(sup))!;
    const b = (await startChild(sup))!;
    a.tell("stop" as never);
    await kit.runUntilIdle();
    assert.equal(sup.status, "running");
    b.tell("stop" as never);
    await kit.runUntilIdle();
    assert.equal(sup.status, "stopped");
  });

  test("startChild refuses a significant child under autoShutdown never, and a permanent significant one", async () => {
    await using kit = new TestKit();
    const ctl = control();
    const sup = await kit.system.start(supervisor({ children: [] }), {
      name: "sup",
    });
    await assert.rejects(
      startChild(
        sup,
        spec(ctl, "s", { restart: "transient", significant: true }),
      ),
      RangeError,
    );
    await assert.rejects(
      startChild(sup, spec(ctl, "p", { significant: true })),
      RangeError,
    );
    assert.throws(
      () =>
        dynamicSupervisor({
          template: spec(ctl, "x", {
            restart: "temporary",
            significant: true,
          }),
        }),
      RangeError,
    );
  });
});

describe("dynamic supervisor shutdown", () => {
  test("simple_one_for_one_shutdown: all children are told to stop at once; N slow children take about 1x, not Nx", async () => {
    await using kit = new TestKit();
    const ctl = control();
    for (let i = 1; i <= 5; i++) ctl.hangOnStop.add(`child-${i}`);
    const sup = await kit.system.start(
      dynamicSupervisor({ template: spec(ctl, "x", { shutdown: 1000 }) }),
      { name: "pool" },
    );
    // startChild(sup, extraArgs): the extra args are each child's init args.
    for (let i = 1; i <= 5; i++) {
      await startChild(sup, { id: `child-${i}`, ctl });
    }
    const stopping = sup.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await kit.advance(999);
    assert.equal(stopped, false, "the slow children get their shutdown time");
    await kit.advance(1);
    assert.equal(stopped, true, "all five killed together at 1000 ms");
    const kills = kit.eventsOf("stopped").filter((e) => e.reason === "killed");
    assert.equal(kills.length, 5);
    assert.ok(kills.every((e) => e.time === kills[0].time));
  });

  test("a static supervisor stops its children one after another, in reverse start order", async () => {
    await using kit = new TestKit();
    const ctl = control();
    ctl.hangOnStop.add("a");
    ctl.hangOnStop.add("b");
    const sup = await kit.system.start(
      supervisor({
        children: [
          spec(ctl, "a", { shutdown: 1000 }),
          spec(ctl, "b", { shutdown: 1000 }),
        ],
      }),
      { name: "sup" },
    );
    const t0 = kit.clock.now();
    const stopping = sup.stop();
    await kit.advance(2000);
    await stopping;
    assert.deepEqual(
      kit.eventsOf("stopped").filter((e) => e.reason === "killed")
        .map((e) => [e.path, e.time - t0]),
      [["/sup/b", 1000], ["/sup/a", 2000]],
    );
  });
});
