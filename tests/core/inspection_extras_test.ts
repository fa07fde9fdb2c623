/**
 * Inspection for observers: `watchersOf` (who watches an actor) and
 * `listActors` without snapshots (no user code called per actor).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type ActorRef,
  defineActor,
  listActors,
  watchersOf,
} from "../../mod.ts";
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

describe("listActors", () => {
  test("calls snapshot per actor unless asked not to", async () => {
    await using kit = new TestKit();
    let calls = 0;
    const counted = defineActor({
      kind: "counted",
      init: () => 7,
      receive: (n: number, _msg: "x") => n,
      snapshot: (n: number) => (calls++, { n }),
    });
    kit.system.spawn(counted, { name: "a" });
    kit.system.spawn(counted, { name: "b" });
    await kit.runUntilIdle();
    const bare = listActors(kit.system, { snapshots: false });
    assert.equal(calls, 0);
    assert.deepEqual(bare.map((info) => "snapshot" in info), [false, false]);
    assert.deepEqual(bare.map((info) => info.path), ["/a", "/b"]);
    const full = listActors(kit.system);
    assert.equal(calls, 2);
    assert.deepEqual(full.map((info) => info.snapshot), [{ n: 7 }, { n: 7 }]);
    const { snapshot: _, ...rest } = full[0];
    assert.deepEqual(rest, bare[0], "the same description otherwise");
  });
});
