import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  childSpec,
  countChildren,
  defineActor,
  type RestartPolicy,
  type Strategy,
  supervisor,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// OTP restart policies: a permanent child is always restarted (after a
// failure and after a normal exit), a transient one only after an abnormal
// exit, a temporary one never, and its spec is removed when it exits; a
// temporary child terminated as a bystander of a group restart is not
// restarted either (supervisor_SUITE: temporary_bystander).

type Msg = "crash" | "exit";

interface Args {
  readonly id: string;
  readonly log: string[];
}

const worker = defineActor({
  init(args: Args) {
    args.log.push(`start ${args.id}`);
    return args;
  },
  receive(state: Args, msg: Msg, ctx) {
    if (msg === "crash") throw new Error(`${state.id} crashed`);
    void ctx.stop();
  },
  stopped(state: Args, reason) {
    state.log.push(`stop ${state.id} ${reason}`);
  },
});

type Exit = "failure" | "ref.stop()" | "ctx.stop()";

async function exitChild(
  kit: TestKit,
  restart: RestartPolicy,
  exit: Exit,
) {
  const log: string[] = [];
  const sup = kit.system.spawn(
    supervisor({
      children: [
        childSpec("w", worker, { args: { id: "w", log }, restart }),
        childSpec("other", worker, { args: { id: "other", log } }),
      ],
    }),
    { name: "sup" },
  );
  await kit.runUntilIdle();
  const ref = kit.system.lookup<Msg>("/sup/w")!;
  log.length = 0;
  if (exit === "failure") ref.tell("crash");
  else if (exit === "ctx.stop()") ref.tell("exit");
  else await ref.stop();
  await kit.runUntilIdle();
  return { log, sup, ref };
}

describe("restart policies", () => {
  for (const exit of ["failure", "ref.stop()", "ctx.stop()"] as const) {
    test(`permanent: restarted after ${exit}`, async () => {
      await using kit = new TestKit();
      const { log, sup, ref } = await exitChild(kit, "permanent", exit);
      const reason = exit === "failure" ? "failed" : "normal";
      assert.deepEqual(log, [`stop w ${reason}`, "start w"]);
      assert.equal(ref.status, "running");
      assert.equal(ref.restarts, 1);
      assert.equal(kit.system.lookup("/sup/w"), ref);
      assert.deepEqual(countChildren(sup), {
        specs: 2,
        active: 2,
        supervisors: 0,
        workers: 2,
      });
    });
  }

  test("transient: restarted after a failure", async () => {
    await using kit = new TestKit();
    const { log, ref } = await exitChild(kit, "transient", "failure");
    assert.deepEqual(log, ["stop w failed", "start w"]);
    assert.equal(ref.status, "running");
    assert.equal(ref.restarts, 1);
  });

  for (const exit of ["ref.stop()", "ctx.stop()"] as const) {
    test(`transient: not restarted after a normal stop by ${exit}, its spec kept with status undefined`, async () => {
      await using kit = new TestKit();
      const { log, sup, ref } = await exitChild(kit, "transient", exit);
      assert.deepEqual(log, ["stop w normal"]);
      assert.equal(ref.status, "stopped");
      const w = whichChildren(sup).find((c) => c.id === "w");
      assert.equal(w?.status, "undefined");
      assert.equal(w?.ref, undefined);
      assert.equal(w?.restart, "transient");
      assert.deepEqual(countChildren(sup), {
        specs: 2,
        active: 1,
        supervisors: 0,
        workers: 2,
      });
      assert.deepEqual(
        kit.eventsOf("stopped").map((e) => [e.path, e.reason]),
        [["/sup/w", "normal"]],
      );
    });
  }

  for (const exit of ["failure", "ref.stop()", "ctx.stop()"] as const) {
    test(`temporary: never restarted after ${exit}, and its spec is removed`, async () => {
      await using kit = new TestKit();
      const { log, sup, ref } = await exitChild(kit, "temporary", exit);
      const reason = exit === "failure" ? "failed" : "normal";
      assert.deepEqual(log, [`stop w ${reason}`]);
      assert.equal(ref.status, "stopped");
      assert.deepEqual(whichChildren(sup).map((c) => c.id), ["other"]);
      assert.deepEqual(countChildren(sup), {
        specs: 1,
        active: 1,
        supervisors: 0,
        workers: 1,
      });
      assert.equal(kit.eventsOf("restarted").length, 0);
    });
  }

  for (const strategy of ["one-for-all", "rest-for-one"] as Strategy[]) {
    test(`${strategy}: a temporary child stopped as a bystander of the group restart is not restarted`, async () => {
      await using kit = new TestKit();
      const log: string[] = [];
      const sup = kit.system.spawn(
        supervisor({
          strategy,
          children: [
            childSpec("p", worker, { args: { id: "p", log } }),
            childSpec("t", worker, {
              args: { id: "t", log },
              restart: "temporary",
            }),
            childSpec("q", worker, { args: { id: "q", log } }),
          ],
        }),
        { name: "sup" },
      );
      await kit.runUntilIdle();
      const t = kit.system.lookup("/sup/t")!;
      log.length = 0;
      kit.system.lookup<Msg>("/sup/p")!.tell("crash");
      await kit.runUntilIdle();
      assert.deepEqual(log, [
        "stop q shutdown",
        "stop t shutdown",
        "stop p failed",
        "start p",
        "start q",
      ]);
      assert.equal(t.status, "stopped");
      assert.deepEqual(whichChildren(sup).map((c) => [c.id, c.status]), [
        ["q", "running"],
        ["p", "running"],
      ]);
      assert.equal(sup.status, "running");
    });
  }

  test("one-for-all: a transient child that exits normally leaves its siblings alone", async () => {
    await using kit = new TestKit();
    const log: string[] = [];
    kit.system.spawn(
      supervisor({
        strategy: "one-for-all",
        children: [
          childSpec("a", worker, { args: { id: "a", log } }),
          childSpec("t", worker, {
            args: { id: "t", log },
            restart: "transient",
          }),
        ],
      }),
      { name: "sup" },
    );
    await kit.runUntilIdle();
    log.length = 0;
    kit.system.lookup<Msg>("/sup/t")!.tell("exit");
    await kit.runUntilIdle();
    assert.deepEqual(log, ["stop t normal"]);
    assert.equal(kit.system.lookup("/sup/a")!.restarts, 0);
  });
});
