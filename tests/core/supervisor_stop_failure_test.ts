import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type ActorRef,
  childSpec,
  defineActor,
  supervisor,
  type Terminated,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// OTP: a child that crashes while its supervisor terminates the children
// started after it is dead at once, so its monitors get their DOWN then, not
// when the supervisor reaches it in reverse start order.

/** A worker that crashes on "crash"; its `stopped` hook waits for `release` when given. */
const worker = defineActor({
  init: (args: { readonly release?: Promise<void> }) => args,
  receive(_state, message: "crash") {
    if (message === "crash") throw new Error("boom");
  },
  async stopped(state) {
    await state.release;
  },
});

/** An actor that watches `target` and hands the notice to `got`. */
function watcher(
  kit: TestKit,
  target: ActorRef<never>,
  got: (notice: Terminated) => void,
) {
  const ref = kit.system.spawn({
    init: () => null,
    receive(_: null, msg: { t: "go" } | { t: "down"; n: Terminated }, ctx) {
      if (msg.t === "go") ctx.watch(target, (n) => ({ t: "down", n }));
      else got(msg.n);
      return null;
    },
  });
  ref.tell({ t: "go" });
}

describe("a child that fails while its supervisor stops", () => {
  test("stops at once with reason failed: its watchers hear of it before the siblings stopping before it are done", async () => {
    await using kit = new TestKit();
    const release = Promise.withResolvers<void>();
    const sup = kit.system.spawn(
      supervisor({
        children: [
          childSpec("a", worker, { args: {} }),
          childSpec("b", worker, { args: { release: release.promise } }),
        ],
      }),
      { name: "sup" },
    );
    await kit.runUntilIdle();
    const a = kit.system.lookup<"crash">("/sup/a")!;
    const b = kit.system.lookup<"crash">("/sup/b")!;
    const down = Promise.withResolvers<Terminated>();
    watcher(kit, a as ActorRef<never>, down.resolve);
    await kit.runUntilIdle();
    // b (started last) stops first and its hook waits; meanwhile a fails.
    const stopping = sup.stop();
    a.tell("crash");
    const notice = await down.promise;
    assert.equal(notice.reason, "failed");
    assert.equal((notice.error as Error).message, "boom");
    assert.equal(b.status, "stopping", "b's hook has not finished");
    assert.equal(sup.status, "stopping");
    release.resolve();
    await stopping;
    assert.deepEqual(
      kit.eventsOf("stopped").map((e) => [e.path, e.reason]),
      [["/sup/a", "failed"], ["/sup/b", "shutdown"], ["/sup", "normal"]],
    );
  });

  test("the same under a plain parent: the child stops at once with its error", async () => {
    await using kit = new TestKit();
    const release = Promise.withResolvers<void>();
    const parent = kit.system.spawn({
      init(_: undefined, ctx) {
        ctx.spawn(worker, { name: "a", args: {} });
        ctx.spawn(worker, { name: "b", args: { release: release.promise } });
        return null;
      },
      receive: (state: null) => state,
    }, { name: "parent" });
    await kit.runUntilIdle();
    const a = kit.system.lookup<"crash">("/parent/a")!;
    const down = Promise.withResolvers<Terminated>();
    watcher(kit, a as ActorRef<never>, down.resolve);
    await kit.runUntilIdle();
    const stopping = parent.stop();
    a.tell("crash");
    const notice = await down.promise;
    assert.equal(notice.reason, "failed");
    assert.equal((notice.error as Error).message, "boom");
    assert.equal(kit.system.lookup("/parent/b")?.status, "stopping");
    release.resolve();
    await stopping;
    assert.equal(parent.status, "stopped");
  });
});
