import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ActorStoppedError,
  defineActor,
  group,
  groupRouter,
  groupsOf,
  type ReplyPort,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

type Job =
  | { readonly type: "job"; readonly key: string; readonly n: number }
  | {
    readonly type: "who";
    readonly replyTo: ReplyPort<string>;
    readonly key?: string;
  }
  | { readonly type: "crash" };

const jobs = group<Job>("jobs");

/** Logs `[its name, n]` for each job; answers `who` with its name. */
const worker = defineActor({
  kind: "worker",
  init: (args: { name: string; log: [string, number][] }) => args,
  receive(state: { name: string; log: [string, number][] }, msg: Job) {
    if (msg.type === "crash") throw new Error("crash");
    if (msg.type === "who") return msg.replyTo.reply(state.name);
    state.log.push([state.name, msg.n]);
  },
});

function setUp(kit: TestKit, count: number) {
  const groups = groupsOf(kit.system);
  const log: [string, number][] = [];
  const refs = Array.from({ length: count }, (_, i) => {
    const name = `w${i}`;
    const ref = kit.system.spawn(worker, {
      name,
      args: { name, log },
      supervision: { maxRestarts: 100 },
    });
    groups.join(jobs, ref);
    return ref;
  });
  return { groups, log, refs };
}

const job = (n: number, key = `k${n}`): Job => ({ type: "job", key, n });

describe("group routers", () => {
  test("round-robin sends to each member in join order, in turn", async () => {
    await using kit = new TestKit();
    const { groups, log } = setUp(kit, 3);
    const router = groupRouter(groups, jobs, { strategy: "round-robin" });
    for (let n = 0; n < 9; n++) assert.equal(router.tell(job(n)), true);
    await kit.runUntilIdle();
    const by = (name: string) =>
      log.filter(([w]) => w === name).map(([, n]) => n);
    assert.deepEqual(by("w0"), [0, 3, 6]);
    assert.deepEqual(by("w1"), [1, 4, 7]);
    assert.deepEqual(by("w2"), [2, 5, 8]);
  });

  test("round-robin follows joins and leaves at once", async () => {
    await using kit = new TestKit();
    const { groups, log, refs } = setUp(kit, 2);
    const router = groupRouter(groups, jobs);
    router.tell(job(0));
    groups.leave(jobs, refs[0]);
    router.tell(job(1));
    router.tell(job(2));
    await kit.runUntilIdle();
    await refs[1].stop();
    assert.equal(router.tell(job(3)), false);
    await kit.runUntilIdle();
    assert.deepEqual(log, [["w0", 0], ["w1", 1], ["w1", 2]]);
  });

  test("random picks with the given source", async () => {
    await using kit = new TestKit();
    const { groups, log } = setUp(kit, 3);
    const draws = [0.9, 0.1, 0.5, 0.99, 0];
    const router = groupRouter(groups, jobs, {
      strategy: "random",
      random: () => draws.shift()!,
    });
    for (let n = 0; n < 5; n++) router.tell(job(n));
    await kit.runUntilIdle();
    assert.deepEqual(
      log.sort((a, b) => a[1] - b[1]).map(([w]) => w),
      ["w2", "w0", "w1", "w2", "w0"],
    );
  });

  test("consistent hash: a key always reaches the same member, across that member's restarts", async () => {
    await using kit = new TestKit();
    const { groups, log, refs } = setUp(kit, 3);
    const router = groupRouter(groups, jobs, {
      strategy: "consistent-hash",
      hashKey: (msg) => (msg.type === "job" ? msg.key : ""),
    });
    const keys = Array.from({ length: 60 }, (_, i) => `key-${i}`);
    const route = async () => {
      log.length = 0;
      keys.forEach((key, n) => router.tell(job(n, key)));
      await kit.runUntilIdle();
      const owner = new Map<string, string>();
      for (const [name, n] of log) owner.set(keys[n], name);
      return owner;
    };
    const before = await route();
    assert.equal(before.size, keys.length);
    assert.deepEqual(new Set(before.values()), new Set(["w0", "w1", "w2"]));
    for (const ref of refs) ref.tell({ type: "crash" });
    await kit.runUntilIdle();
    assert.deepEqual(refs.map((r) => r.restarts), [1, 1, 1]);
    assert.deepEqual(await route(), before);
    // A join moves only the keys the newcomer takes over.
    const newcomer = kit.system.spawn(worker, {
      name: "w3",
      args: { name: "w3", log },
    });
    groups.join(jobs, newcomer);
    const after = await route();
    let moved = 0;
    for (const key of keys) {
      if (after.get(key) !== before.get(key)) {
        moved++;
        assert.equal(after.get(key), "w3");
      }
    }
    assert.ok(moved > 0 && moved < keys.length / 2, `moved ${moved}`);
  });

  test("broadcast tells every member; its ask takes the first reply", async () => {
    await using kit = new TestKit();
    const { groups, log } = setUp(kit, 3);
    const router = groupRouter(groups, jobs, { strategy: "broadcast" });
    router.tell(job(1));
    await kit.runUntilIdle();
    assert.deepEqual(log.map(([w]) => w).sort(), ["w0", "w1", "w2"]);
    const who = await router.ask<string>((replyTo) => ({
      type: "who",
      replyTo,
    }));
    assert.ok(["w0", "w1", "w2"].includes(who));
  });

  test("ask goes to the member the strategy picks", async () => {
    await using kit = new TestKit();
    const { groups } = setUp(kit, 2);
    const router = groupRouter(groups, jobs);
    const who = () =>
      router.ask<string>((replyTo) => ({ type: "who", replyTo }));
    assert.deepEqual(await Promise.all([who(), who(), who()]), [
      "w0",
      "w1",
      "w0",
    ]);
  });

  test("with no member, tell is a dead letter (unroutable) and ask rejects", async () => {
    await using kit = new TestKit();
    const router = groupRouter(groupsOf(kit.system), jobs);
    assert.equal(router.tell(job(1)), false);
    await assert.rejects(
      router.ask<string>((replyTo) => ({ type: "who", replyTo })),
      (error: unknown) =>
        error instanceof ActorStoppedError && /no members/.test(error.message),
    );
    const letters = kit.eventsOf("dead-letter");
    assert.deepEqual(letters.map((e) => [e.path, e.reason]), [
      ["$router/default/jobs", "unroutable"],
      ["$router/default/jobs", "unroutable"],
    ]);
    assert.equal(router.path, "$router/default/jobs");
  });

  test("a stopped router dead-letters what it is told", async () => {
    await using kit = new TestKit();
    const { groups, log } = setUp(kit, 1);
    const router = groupRouter(groups, jobs);
    await router.stop();
    assert.equal(router.status, "stopped");
    assert.equal(router.tell(job(1)), false);
    await kit.runUntilIdle();
    assert.deepEqual(log, []);
    assert.equal(kit.eventsOf("dead-letter")[0].reason, "stopped");
  });

  test("bad options are rejected", async () => {
    await using kit = new TestKit();
    const groups = groupsOf(kit.system);
    assert.throws(
      () => groupRouter(groups, jobs, { strategy: "consistent-hash" }),
      /needs a hashKey/,
    );
    assert.throws(
      () => groupRouter(groups, jobs, { strategy: "fastest" as never }),
      /unknown strategy "fastest"/,
    );
    assert.throws(
      () => groupRouter(groups, jobs, { virtualNodes: 0 }),
      RangeError,
    );
    assert.throws(() => groupRouter({} as never, jobs), TypeError);
    assert.throws(() => groupRouter(groups, {} as never), TypeError);
  });

  test("property: consistent hash moves only the keys of a member that joins or leaves", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 20 }),
        async (count, pick, join, virtualNodes) => {
          fc.pre(join || count > 1);
          await using kit = new TestKit();
          const { groups, refs } = setUp(kit, count);
          const router = groupRouter(groups, jobs, {
            strategy: "consistent-hash",
            hashKey: (msg) => (msg.type === "crash" ? "" : msg.key ?? ""),
            virtualNodes,
          });
          const keys = Array.from(
            { length: 40 },
            (_, i) => (i % 2 === 0 ? `key-${i}` : String(i * 7919)),
          );
          const owners = () =>
            Promise.all(keys.map(async (key) => {
              return await router.ask<string>((replyTo) => ({
                type: "who",
                replyTo,
                key,
              }));
            }));
          const before = await owners();
          let changed: string;
          if (join) {
            changed = "extra";
            groups.join(
              jobs,
              kit.system.spawn(worker, {
                name: changed,
                args: { name: changed, log: [] },
              }),
            );
          } else {
            const leaver = refs[pick % count];
            changed = leaver.name;
            groups.leave(jobs, leaver);
          }
          const after = await owners();
          for (const [i, owner] of after.entries()) {
            if (owner === before[i]) continue;
            assert.equal(join ? owner : before[i], changed, keys[i]);
          }
          if (!join) assert.ok(!after.includes(changed));
        },
      ),
      { numRuns: 40 },
    );
  });
});
