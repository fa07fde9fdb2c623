import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type ActorRef,
  defineActor,
  type TerminatedReason,
} from "../../mod.ts";
import { type Probe, TestKit } from "../../testing.ts";

/** The watcher's own message type: the notice arrives translated into it. */
type WatcherMsg =
  | { type: "watch"; target: ActorRef<Work> }
  | { type: "unwatch"; target: ActorRef<Work> }
  | { type: "down"; path: string; reason: TerminatedReason; error?: unknown };

type Work = "work" | "crash" | "quit";

type Down = Extract<WatcherMsg, { type: "down" }>;

const worker = defineActor({
  init: () => null,
  receive(_: null, msg: Work, ctx) {
    if (msg === "crash") throw new Error("worker crashed");
    if (msg === "quit") void ctx.stop();
  },
});

function spawnWatcher(kit: TestKit, probe: Probe<WatcherMsg>) {
  return kit.system.spawn(
    defineActor({
      init: () => null,
      receive(_: null, msg: WatcherMsg, ctx) {
        if (msg.type === "watch") {
          ctx.watch(msg.target, (notice) => ({
            type: "down",
            path: notice.path,
            reason: notice.reason,
            error: notice.error,
          }));
        } else if (msg.type === "unwatch") {
          ctx.unwatch(msg.target);
        } else {
          probe.ref.tell(msg);
        }
      },
    }),
    { name: "watcher" },
  );
}

describe("watch", () => {
  test("a watcher receives its own message with reason normal when the watched actor stops itself", async () => {
    await using kit = new TestKit();
    const probe = kit.probe<WatcherMsg>();
    const target = kit.system.spawn(worker, { name: "w" });
    const watcher = spawnWatcher(kit, probe);
    watcher.tell({ type: "watch", target });
    await kit.runUntilIdle();
    assert.deepEqual(probe.messages, []);
    target.tell("quit");
    assert.deepEqual(await probe.next(), {
      type: "down",
      path: "/w",
      reason: "normal",
      error: undefined,
    });
  });

  test("a watcher is not notified of restarts, only of the final stop with reason failed and the error", async () => {
    await using kit = new TestKit();
    const probe = kit.probe<WatcherMsg>();
    const target = kit.system.spawn(worker, { name: "w" });
    const watcher = spawnWatcher(kit, probe);
    watcher.tell({ type: "watch", target });
    await kit.runUntilIdle();
    for (let i = 0; i < 3; i++) target.tell("crash");
    await kit.runUntilIdle();
    assert.equal(target.restarts, 3);
    assert.equal(target.status, "running");
    assert.equal(probe.messages.length, 0, "restarts are not stops");
    target.tell("crash"); // one past the guardian's limit
    await kit.runUntilIdle();
    assert.equal(probe.messages.length, 1);
    const notice = probe.messages[0] as Down;
    assert.equal(notice.type, "down");
    assert.equal(notice.reason, "failed");
    assert.equal((notice.error as Error).message, "worker crashed");
  });

  test("a watcher is notified with reason shutdown when the watched actor's parent stops it", async () => {
    await using kit = new TestKit();
    const probe = kit.probe<WatcherMsg>();
    const parent = kit.system.spawn(
      defineActor({
        init: (_: void, ctx) => void ctx.spawn(worker, { name: "kid" }),
        receive: () => {},
      }),
      { name: "p" },
    );
    await kit.runUntilIdle();
    const kid = kit.system.lookup("/p/kid") as ActorRef<Work>;
    spawnWatcher(kit, probe).tell({ type: "watch", target: kid });
    await kit.runUntilIdle();
    await parent.stop();
    const notice = await probe.next() as Down;
    assert.equal(notice.reason, "shutdown");
    assert.equal(notice.path, "/p/kid");
  });

  test("watching an actor that has already stopped notifies at once with its stop reason", async () => {
    await using kit = new TestKit();
    const probe = kit.probe<WatcherMsg>();
    const target = kit.system.spawn(worker, { name: "w" });
    target.tell("quit");
    await kit.runUntilIdle();
    assert.equal(target.status, "stopped");
    spawnWatcher(kit, probe).tell({ type: "watch", target });
    await kit.runUntilIdle();
    assert.deepEqual(probe.messages, [{
      type: "down",
      path: "/w",
      reason: "normal",
      error: undefined,
    }]);
  });

  test("unwatch before the stop means no notice arrives", async () => {
    await using kit = new TestKit();
    const probe = kit.probe<WatcherMsg>();
    const target = kit.system.spawn(worker, { name: "w" });
    const other = kit.system.spawn(worker, { name: "other" });
    const watcher = spawnWatcher(kit, probe);
    watcher.tell({ type: "watch", target });
    watcher.tell({ type: "watch", target: other });
    watcher.tell({ type: "unwatch", target });
    await kit.runUntilIdle();
    await target.stop();
    await other.stop();
    await kit.runUntilIdle();
    assert.deepEqual(probe.messages.map((m) => (m as Down).path), [
      "/other",
    ]);
  });

  test("a watcher that stopped first gets no notice and leaves no dead letter", async () => {
    await using kit = new TestKit();
    const probe = kit.probe<WatcherMsg>();
    const target = kit.system.spawn(worker, { name: "w" });
    const watcher = spawnWatcher(kit, probe);
    watcher.tell({ type: "watch", target });
    await kit.runUntilIdle();
    await watcher.stop();
    await target.stop();
    await kit.runUntilIdle();
    assert.deepEqual(probe.messages, []);
    assert.equal(kit.system.deadLetters, 0);
  });

  test("each of several watchers gets its own notice once", async () => {
    await using kit = new TestKit();
    const probe = kit.probe<string>();
    const target = kit.system.spawn(worker, { name: "w" });
    for (const name of ["a", "b"]) {
      kit.system.spawn(
        defineActor({
          init: (_: void, ctx) =>
            ctx.watch(
              target,
              (notice) => `${name} saw ${notice.path} ${notice.reason}`,
            ),
          receive: (_: void, msg: string) => void probe.ref.tell(msg),
        }),
        { name },
      );
    }
    await kit.runUntilIdle();
    await target.stop();
    await kit.runUntilIdle();
    assert.deepEqual(probe.messages.sort(), [
      "a saw /w normal",
      "b saw /w normal",
    ]);
  });

  test("watch with a toMessage that is not a function throws TypeError", async () => {
    await using kit = new TestKit();
    const target = kit.system.spawn(worker);
    let caught: unknown;
    kit.system.spawn(defineActor({
      init: (_: void, ctx) => {
        try {
          ctx.watch(target, "nope" as never);
        } catch (error) {
          caught = error;
        }
      },
      receive: () => {},
    }));
    await kit.runUntilIdle();
    assert.ok(caught instanceof TypeError);
  });
});
