import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type ActorRef,
  childSpec,
  defineActor,
  type Strategy,
  supervisor,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// OTP `supervisor`: children start in spec order; one_for_one restarts only
// the failed child; one_for_all terminates every other child in reverse start
// order, then restarts all in start order; rest_for_one does the same for the
// failed child and the children started after it.

type Msg = "crash" | "exit" | `note ${string}`;

interface Args {
  readonly id: string;
  readonly log: string[];
}

const worker = defineActor({
  kind: "worker",
  init(args: Args) {
    args.log.push(`start ${args.id}`);
    return args;
  },
  receive(state: Args, msg: Msg, ctx) {
    if (msg === "crash") throw new Error(`${state.id} crashed`);
    if (msg === "exit") return void ctx.stop();
    state.log.push(`${state.id} ${msg}`);
  },
  stopped(state: Args, reason) {
    state.log.push(`stop ${state.id} ${reason}`);
  },
});

async function start(
  kit: TestKit,
  strategy: Strategy,
  ids = ["a", "b", "c", "d"],
) {
  const log: string[] = [];
  const sup = kit.system.spawn(
    supervisor({
      strategy,
      maxRestarts: 10,
      children: ids.map((id) => childSpec(id, worker, { args: { id, log } })),
    }),
    { name: "sup" },
  );
  await kit.runUntilIdle();
  const ref = (id: string) => kit.system.lookup<Msg>(`/sup/${id}`)!;
  return { log, sup, ref };
}

/** Only the lifecycle lines (start/stop), in order. */
function lifecycle(log: string[]): string[] {
  return log.filter((line) => /^(start|stop) /.test(line));
}

describe("supervisor strategies", () => {
  test("children start in spec order", async () => {
    await using kit = new TestKit();
    const { log, sup } = await start(kit, "one-for-one", ["z", "a", "m"]);
    assert.deepEqual(log, ["start z", "start a", "start m"]);
    assert.deepEqual(whichChildren(sup).map((c) => c.id), ["m", "a", "z"]);
    assert.deepEqual(kit.eventsOf("started").map((e) => e.path), [
      "/sup/z",
      "/sup/a",
      "/sup/m",
      "/sup",
    ]);
  });

  test("one-for-one restarts only the failed child", async () => {
    await using kit = new TestKit();
    const { log, ref } = await start(kit, "one-for-one");
    log.length = 0;
    ref("b").tell("crash");
    await kit.runUntilIdle();
    assert.deepEqual(log, ["stop b failed", "start b"]);
    assert.deepEqual(
      ["a", "b", "c", "d"].map((id) => ref(id).restarts),
      [0, 1, 0, 0],
    );
  });

  test("one-for-all stops every sibling in reverse start order and restarts all in start order", async () => {
    await using kit = new TestKit();
    const { log, ref } = await start(kit, "one-for-all");
    log.length = 0;
    ref("b").tell("crash");
    await kit.runUntilIdle();
    assert.deepEqual(lifecycle(log), [
      "stop d shutdown",
      "stop c shutdown",
      "stop b failed",
      "stop a shutdown",
      "start a",
      "start b",
      "start c",
      "start d",
    ]);
    assert.deepEqual(
      ["a", "b", "c", "d"].map((id) => ref(id).restarts),
      [1, 1, 1, 1],
    );
  });

  test("rest-for-one restarts only the failed child and those started after it", async () => {
    await using kit = new TestKit();
    const { log, ref } = await start(kit, "rest-for-one");
    log.length = 0;
    ref("b").tell("crash");
    await kit.runUntilIdle();
    assert.deepEqual(lifecycle(log), [
      "stop d shutdown",
      "stop c shutdown",
      "stop b failed",
      "start b",
      "start c",
      "start d",
    ]);
    assert.deepEqual(
      ["a", "b", "c", "d"].map((id) => ref(id).restarts),
      [0, 1, 1, 1],
    );
  });

  test("rest-for-one on the last child restarts only that child", async () => {
    await using kit = new TestKit();
    const { log, ref } = await start(kit, "rest-for-one");
    log.length = 0;
    ref("d").tell("crash");
    await kit.runUntilIdle();
    assert.deepEqual(log, ["stop d failed", "start d"]);
  });

  test("one-for-all restarts the whole group in the same order when a permanent child exits normally", async () => {
    await using kit = new TestKit();
    const { log, ref } = await start(kit, "one-for-all", ["a", "b", "c"]);
    log.length = 0;
    ref("b").tell("exit");
    await kit.runUntilIdle();
    assert.deepEqual(log, [
      "stop b normal",
      "stop c shutdown",
      "stop a shutdown",
      "start a",
      "start b",
      "start c",
    ]);
    assert.deepEqual(["a", "b", "c"].map((id) => ref(id).status), [
      "running",
      "running",
      "running",
    ]);
  });

  test("rest-for-one restarts the exiting child and those after it, in start order, when a permanent child exits normally", async () => {
    await using kit = new TestKit();
    const { log, ref } = await start(kit, "rest-for-one", ["a", "b", "c"]);
    log.length = 0;
    ref("b").tell("exit");
    await kit.runUntilIdle();
    assert.deepEqual(log, [
      "stop b normal",
      "stop c shutdown",
      "start b",
      "start c",
    ]);
    assert.equal(ref("a").restarts, 0);
  });

  for (
    const strategy of ["one-for-one", "one-for-all", "rest-for-one"] as const
  ) {
    test(`${strategy}: a restarted child keeps its ref and the mail queued behind the failure`, async () => {
      await using kit = new TestKit();
      const { log, ref, sup } = await start(kit, strategy);
      const before: ActorRef<Msg> = ref("b");
      log.length = 0;
      before.tell("crash");
      before.tell("note one");
      before.tell("note two");
      await kit.runUntilIdle();
      assert.equal(ref("b"), before, "the path still resolves to the same ref");
      assert.equal(
        whichChildren(sup).find((c) => c.id === "b")?.ref,
        before,
      );
      assert.equal(before.restarts, 1);
      assert.equal(before.status, "running");
      const restartedAt = log.indexOf("start b");
      assert.ok(restartedAt >= 0);
      assert.deepEqual(
        log.filter((line) => line.startsWith("b note")),
        ["b note one", "b note two"],
      );
      assert.ok(
        log.indexOf("b note one") > restartedAt,
        "queued mail is handled by the new incarnation",
      );
      const dead = kit.eventsOf("dead-letter");
      assert.deepEqual(dead.map((e) => e.message), ["crash"]);
    });
  }

  test("each restart publishes restarted with the child's new count", async () => {
    await using kit = new TestKit();
    const { ref } = await start(kit, "one-for-one", ["a"]);
    ref("a").tell("crash");
    await kit.runUntilIdle();
    ref("a").tell("crash");
    await kit.runUntilIdle();
    assert.deepEqual(
      kit.eventsOf("restarted").map((e) => [e.path, e.restarts]),
      [["/sup/a", 1], ["/sup/a", 2]],
    );
  });
});
