import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  census,
  childSpec,
  defineActor,
  injectFault,
  listActors,
  supervisor,
} from "../../mod.ts";
import { tallyActors } from "../../src/core/census.ts";
import {
  childRestartsSince,
  listChildren,
  summarizeActors,
} from "../../src/core/inspection.ts";
import { TestKit } from "../../testing.ts";

const counter = defineActor({
  kind: "counter",
  init: (_: null, ctx) => {
    ctx.spawn(leaf, { name: "leaf" });
    return 0;
  },
  receive: (n: number, _msg: "inc") => n + 1,
});
const leaf = defineActor({ init: () => 0, receive: () => {} });

/** Starts counters `/c0` … (each with a `leaf` child) and lets them start. */
async function counters(kit: TestKit, n: number) {
  const refs = Array.from(
    { length: n },
    (_, i) => kit.system.spawn(counter, { name: `c${i}`, args: null }),
  );
  await kit.runUntilIdle();
  return refs;
}

describe("census", () => {
  test("counts the live actors by status, the mail queued and handled, as listActors sees them", async () => {
    await using kit = new TestKit();
    const refs = await counters(kit, 5);
    for (let i = 0; i < 5; i++) {
      for (let n = 0; n < i; n++) refs[i].tell("inc");
    }
    const before = census(kit.system, { busiest: 10 });
    assert.equal(before.total, 10);
    assert.equal(before.byStatus.running, 10);
    assert.equal(before.byStatus.stopped, 0);
    assert.equal(before.queued, 0 + 1 + 2 + 3 + 4);
    const infos = listActors(kit.system, { snapshots: false });
    assert.equal(before.total, infos.length);
    assert.equal(
      before.queued,
      infos.reduce((sum, info) => sum + info.mailbox.depth, 0),
    );
    // Mailboxes that held more than one message, highest first.
    assert.deepEqual(
      before.busiest.map((b) => [b.path, b.depth, b.highWater]),
      [["/c4", 4, 4], ["/c3", 3, 3], ["/c2", 2, 2]],
    );
    await kit.runUntilIdle();
    const after = census(kit.system, { busiest: 2 });
    assert.equal(after.queued, 0);
    assert.equal(after.processed, 10);
    assert.equal(
      after.processed,
      listActors(kit.system).reduce((sum, info) => sum + info.processed, 0),
    );
    assert.deepEqual(
      after.busiest.map((b) => [b.path, b.depth, b.highWater]),
      [["/c4", 0, 4], ["/c3", 0, 3]],
      "at most `busiest`, kept after they drained",
    );
    assert.deepEqual(census(kit.system).busiest, [], "none unless asked");
    await refs[0].stop();
    const stopped = census(kit.system);
    assert.equal(stopped.total, 8);
    assert.equal(stopped.byStatus.running, 8);
  });

  test("ties between equal high-water marks go by path", async () => {
    await using kit = new TestKit();
    const a = kit.system.spawn(leaf, { name: "b" });
    const b = kit.system.spawn(leaf, { name: "a" });
    await kit.runUntilIdle();
    for (const ref of [a, b]) {
      ref.tell("x" as never);
      ref.tell("x" as never);
    }
    assert.deepEqual(
      census(kit.system, { busiest: 5 }).busiest.map((x) => x.path),
      ["/a", "/b"],
    );
  });

  test("tallyActors visits every live actor as listActors lists it: same order, paths, statuses, handled and queued", async () => {
    await using kit = new TestKit();
    const refs = await counters(kit, 4);
    refs[1].tell("inc");
    await kit.runUntilIdle();
    refs[2].tell("inc");
    refs[2].tell("inc");
    refs[3].stop();
    const seen: [string, string, number, number][] = [];
    tallyActors(kit.system, (path, status, processed, depth) => {
      seen.push([path, status, processed, depth]);
    });
    assert.deepEqual(
      seen,
      listActors(kit.system, { snapshots: false }).map((info) => [
        info.path,
        info.status,
        info.processed,
        info.mailbox.depth,
      ]),
    );
    assert.deepEqual(seen.slice(0, 4).map(([path]) => path), [
      "/c0",
      "/c0/leaf",
      "/c1",
      "/c1/leaf",
    ]);
    assert.deepEqual(seen[2].slice(2), [1, 0], "c1 handled one");
    assert.deepEqual(seen[4].slice(2), [0, 2], "c2 holds two");
  });

  test("counts supervisors and restarts; a group restart counts once among its supervisor's child restarts", async () => {
    await using kit = new TestKit();
    kit.system.spawn(
      supervisor({
        strategy: "one-for-all",
        maxRestarts: 5,
        withinMs: 1000,
        children: [
          childSpec("x", leaf),
          childSpec("y", leaf),
          childSpec("z", leaf),
        ],
      }),
      { name: "group" },
    );
    kit.system.spawn(leaf, { name: "alone" });
    await kit.runUntilIdle();
    const start = kit.system.clock.now();
    injectFault(kit.system.lookup("/group/y")!);
    await kit.runUntilIdle();
    const counts = census(kit.system);
    assert.equal(counts.total, 5);
    assert.equal(counts.supervisors, 1);
    assert.equal(counts.restarts, 3, "all three children restarted");
    assert.equal(childRestartsSince(kit.system, "/group", start - 1), 1);
    assert.equal(childRestartsSince(kit.system, "/group", start), 0);
    assert.equal(childRestartsSince(kit.system, "/alone", 0), 0);
    assert.equal(childRestartsSince(kit.system, "/nobody", 0), undefined);
  });

  test("listChildren describes at most max children (or top-level actors) and counts the rest", async () => {
    await using kit = new TestKit();
    await counters(kit, 3);
    const top = listChildren(kit.system, null, 2)!;
    assert.deepEqual(top.listed.map((info) => info.path), ["/c0", "/c1"]);
    assert.equal(top.more, 1);
    assert.equal(top.listed[0].parent, null);
    assert.deepEqual(top.listed[0].children, ["/c0/leaf"]);
    const below = listChildren(kit.system, "/c2", 10)!;
    assert.deepEqual(below.listed.map((info) => [info.path, info.parent]), [[
      "/c2/leaf",
      "/c2",
    ]]);
    assert.equal(below.more, 0);
    assert.deepEqual(
      listChildren(kit.system, "/c2", 0),
      { listed: [], more: 1 },
    );
    assert.equal(listChildren(kit.system, "/none", 5), undefined);
  });

  test("summarizeActors says of each actor what listActors says of its table columns", async () => {
    await using kit = new TestKit();
    kit.system.spawn(
      supervisor({
        strategy: "one-for-one",
        maxRestarts: 5,
        withinMs: 1000,
        children: [
          childSpec("x", leaf),
          childSpec("y", counter, { args: null }),
        ],
      }),
      { name: "sup" },
    );
    const busy = kit.system.spawn(counter, { name: "busy", args: null });
    await kit.runUntilIdle();
    injectFault(kit.system.lookup("/sup/x")!, new Error("boom"));
    await kit.runUntilIdle();
    busy.tell("inc");
    busy.tell("inc");
    busy.tell("inc");
    const summaries = summarizeActors(kit.system);
    assert.deepEqual(
      summaries,
      listActors(kit.system, { snapshots: false }).map((info) => ({
        path: info.path,
        kind: info.kind,
        status: info.status,
        depth: info.mailbox.depth,
        highWater: info.mailbox.highWater,
        processed: info.processed,
        restarts: info.restarts,
        failures: info.failures,
        lastError: info.lastError,
      })),
    );
    const x = summaries.find((s) => s.path === "/sup/x")!;
    assert.deepEqual([x.restarts, x.failures, x.lastError], [1, 1, "boom"]);
    const queued = summaries.find((s) => s.path === "/busy")!;
    assert.deepEqual([queued.depth, queued.kind], [3, "counter"]);
  });
});
