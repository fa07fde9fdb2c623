/** `watchersOf`: who watches an actor, as inspection shows it. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type ActorRef, defineActor, watchersOf } from "../../mod.ts";
import { TestKit } from "../../testing.ts";

const target = defineActor({
  kind: "target",
  init: () => 0,
  receive: (n: number, _msg: "poke") => n + 1,
});

const watcher = defineActor({
  kind: "watcher",
  init: (watched: ActorRef<"poke">, ctx) => {
    ctx.watch(watched, (notice) => notice);
    return 0;
  },
  receive: (n: number, _msg: unknown) => n + 1,
});

describe("watchersOf", () => {
  test("lists the watchers by path, by path or ref, until they stop", async () => {
    await using kit = new TestKit();
    const t = kit.system.spawn(target, { name: "t" });
    await kit.runUntilIdle();
    assert.deepEqual(watchersOf(kit.system, "/t"), []);
    const a = kit.system.spawn(watcher, { name: "a", args: t });
    const b = kit.system.spawn(watcher, { name: "b", args: t });
    await kit.runUntilIdle();
    assert.deepEqual(watchersOf(kit.system, "/t")?.sort(), ["/a", "/b"]);
    assert.deepEqual(watchersOf(kit.system, t)?.sort(), ["/a", "/b"]);
    await a.stop();
    assert.deepEqual(watchersOf(kit.system, "/t"), ["/b"]);
    await t.stop();
    await kit.runUntilIdle();
    assert.equal(watchersOf(kit.system, "/t"), undefined, "gone");
    assert.equal(watchersOf(kit.system, "/nobody"), undefined);
    await b.stop();
  });
});
