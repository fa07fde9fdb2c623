import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type ActorRef,
  childSpec,
  type Decider,
  defineActor,
  type Directive,
  EscalationError,
  type ReplyPort,
  supervisor,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// The decider (Akka's supervisor strategy decider, the Trupe seed's
// FailureAction) chooses per failure: restart (the default), resume (keep
// state, drop only the failing message as a dead letter), stop (the child
// stops with reason "failed" and is not restarted) or escalate (the
// supervisor fails itself so its parent decides).

class Resumable extends Error {}
class Fatal extends Error {}
class Bubble extends Error {}

type Msg =
  | { type: "inc" }
  | { type: "throw"; error: Error }
  | { type: "get"; replyTo: ReplyPort<number> };

const counter = defineActor({
  init: (log: string[]) => {
    log.push("start");
    return { count: 0 };
  },
  receive(state: { count: number }, msg: Msg) {
    if (msg.type === "inc") return { count: state.count + 1 };
    if (msg.type === "get") return msg.replyTo.reply(state.count);
    throw msg.error;
  },
});

const byClass: Decider = (error) =>
  error instanceof Resumable
    ? "resume"
    : error instanceof Fatal
    ? "stop"
    : error instanceof Bubble
    ? "escalate"
    : "restart";

async function start(kit: TestKit, decider: Decider = byClass) {
  const log: string[] = [];
  const sup = kit.system.spawn(
    supervisor({
      decider,
      children: [
        childSpec("c", counter, { args: log }),
        childSpec("other", counter, { args: [] }),
      ],
    }),
    { name: "sup" },
  );
  await kit.runUntilIdle();
  const c = kit.system.lookup<Msg>("/sup/c")!;
  const get = () => c.ask<number>((replyTo) => ({ type: "get", replyTo }));
  return { log, sup, c, get };
}

describe("decider", () => {
  test("resume keeps the state and drops only the failing message as a dead letter", async () => {
    await using kit = new TestKit();
    const { log, c, get } = await start(kit);
    c.tell({ type: "inc" });
    c.tell({ type: "inc" });
    const failing: Msg = { type: "throw", error: new Resumable("skip me") };
    c.tell(failing);
    c.tell({ type: "inc" });
    assert.equal(await get(), 3, "the next message sees the old state");
    assert.deepEqual(log, ["start"], "init did not run again");
    assert.equal(c.restarts, 0);
    assert.equal(c.status, "running");
    const dead = kit.eventsOf("dead-letter");
    assert.equal(dead.length, 1);
    assert.equal(dead[0].message, failing);
    assert.equal(dead[0].reason, "failed");
    assert.equal((dead[0].error as Error).message, "skip me");
    assert.deepEqual(kit.eventsOf("resumed").map((e) => e.path), ["/sup/c"]);
  });

  test("restart rebuilds the state from init, the failing message dropped", async () => {
    await using kit = new TestKit();
    const { log, c, get } = await start(kit);
    c.tell({ type: "inc" });
    c.tell({ type: "throw", error: new Error("plain") });
    assert.equal(await get(), 0);
    assert.deepEqual(log, ["start", "start"]);
    assert.equal(c.restarts, 1);
  });

  test("stop stops the child with reason failed and does not restart it", async () => {
    await using kit = new TestKit();
    const { log, sup, c } = await start(kit);
    const fatal = new Fatal("give up");
    c.tell({ type: "throw", error: fatal });
    await kit.runUntilIdle();
    assert.equal(c.status, "stopped");
    assert.deepEqual(log, ["start"]);
    const stopped = kit.eventsOf("stopped");
    assert.deepEqual(stopped.map((e) => [e.path, e.reason]), [
      ["/sup/c", "failed"],
    ]);
    assert.equal(stopped[0].error, fatal);
    assert.deepEqual(whichChildren(sup).map((w) => [w.id, w.status]), [
      ["other", "running"],
      ["c", "undefined"],
    ]);
    assert.equal(sup.status, "running");
  });

  test("escalate fails the supervisor with the child's error as cause", async () => {
    await using kit = new TestKit();
    const { sup, c } = await start(kit);
    const bubble = new Bubble("not mine to handle");
    c.tell({ type: "throw", error: bubble });
    const termination = await kit.system.terminated;
    assert.ok(termination.error instanceof EscalationError);
    assert.equal(termination.error.path, "/sup");
    assert.equal(termination.error.cause, bubble);
    assert.equal(sup.status, "stopped");
    assert.equal(c.restarts, 0);
    assert.deepEqual(kit.eventsOf("escalated").map((e) => e.path), [
      "/sup",
      "/",
    ]);
  });

  test("the decider is called once per failure with the error and the failed child's ref", async () => {
    await using kit = new TestKit();
    const calls: [unknown, ActorRef<never>][] = [];
    const { c } = await start(kit, (error, child) => {
      calls.push([error, child]);
      return "resume";
    });
    const first = new Error("one");
    const second = new Error("two");
    c.tell({ type: "throw", error: first });
    c.tell({ type: "throw", error: second });
    await kit.runUntilIdle();
    assert.equal(calls.length, 2);
    assert.equal(calls[0][0], first);
    assert.equal(calls[1][0], second);
    assert.equal(calls[0][1], c);
  });

  test("a decider that throws escalates with the decider's error", async () => {
    await using kit = new TestKit();
    const broken = new Error("decider bug");
    const { c } = await start(kit, (): Directive => {
      throw broken;
    });
    c.tell({ type: "throw", error: new Error("child failure") });
    const termination = await kit.system.terminated;
    assert.ok(termination.error instanceof EscalationError);
    assert.equal(termination.error.cause, broken);
  });
});
