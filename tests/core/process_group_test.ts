import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type ActorRef,
  ActorSystem,
  defineActor,
  group,
  type GroupChange,
  type GroupLink,
  groupsOf,
  listGroups,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { recorder } from "../_fixtures/pubsub.ts";

const workers = group<string>("workers");
const auditors = group<string>("auditors");

/** A change as plain data: type, group and the members' paths. */
function summary(change: unknown): [string, string, string[]] {
  const c = change as GroupChange<unknown>;
  return [c.type, c.group, c.refs.map((r) => r.path)];
}

describe("process groups", () => {
  test("join, members in join order, leave; joining twice is a no-op", async () => {
    await using kit = new TestKit();
    const groups = groupsOf(kit.system);
    const a = kit.system.spawn(recorder, { name: "a", args: [] });
    const b = kit.system.spawn(recorder, { name: "b", args: [] });
    groups.join(workers, b);
    groups.join(workers, a);
    groups.join(workers, b);
    assert.deepEqual(groups.members(workers), [b, a]);
    assert.equal(groups.leave(workers, b), true);
    assert.equal(groups.leave(workers, b), false);
    assert.deepEqual(groups.members(workers), [a]);
    assert.deepEqual(groups.members(auditors), []);
  });

  test("members returns the same array until the membership changes", async () => {
    await using kit = new TestKit();
    const groups = groupsOf(kit.system);
    const a = kit.system.spawn(recorder, { args: [] });
    groups.join(workers, a);
    const first = groups.members(workers);
    assert.equal(groups.members(workers), first);
    assert.ok(Object.isFrozen(first));
    groups.join(workers, kit.system.spawn(recorder, { args: [] }));
    assert.notEqual(groups.members(workers), first);
    assert.equal(first.length, 1);
  });

  test("a monitor receives typed join and leave notifications, mapped into its own messages", async () => {
    await using kit = new TestKit();
    const groups = groupsOf(kit.system);
    const seen: unknown[] = [];
    const watcher = kit.system.spawn(recorder, { args: seen });
    const a = kit.system.spawn(recorder, { name: "a", args: [] });
    groups.join(workers, a);
    const monitor = groups.monitor(
      workers,
      watcher,
      (change) => ({ type: "workers-changed", change }),
    );
    assert.deepEqual(monitor.members, [a]);
    const b = kit.system.spawn(recorder, { name: "b", args: [] });
    groups.join(workers, b);
    groups.leave(workers, a);
    await kit.runUntilIdle();
    assert.deepEqual(
      seen.map((m) => summary((m as { change: unknown }).change)),
      [["join", "workers", ["/b"]], ["leave", "workers", ["/a"]]],
    );
    monitor.cancel();
    monitor.cancel();
    groups.join(workers, a);
    await kit.runUntilIdle();
    assert.equal(seen.length, 2);
  });

  test("a stopped member leaves all its groups at once; monitors of each group hear it", async () => {
    await using kit = new TestKit();
    const groups = groupsOf(kit.system);
    const seen: unknown[] = [];
    const watcher = kit.system.spawn(recorder, { args: seen });
    const a = kit.system.spawn(recorder, { name: "a", args: [] });
    const b = kit.system.spawn(recorder, { name: "b", args: [] });
    groups.join(workers, a);
    groups.join(auditors, a);
    groups.join(workers, b);
    groups.monitor(workers, watcher);
    groups.monitor(auditors, watcher);
    let during: unknown;
    kit.system.events.subscribe((event) => {
      if (event.type === "stopped" && event.path === "/a") {
        during = [groups.members(workers), groups.members(auditors)];
      }
    });
    await a.stop();
    // Already gone from both when the stop was announced.
    assert.deepEqual(during, [[b], []]);
    await kit.runUntilIdle();
    assert.deepEqual(seen.map(summary), [
      ["leave", "workers", ["/a"]],
      ["leave", "auditors", ["/a"]],
    ]);
    assert.deepEqual(
      listGroups(kit.system).map((g) => [g.name, g.members, g.monitors]),
      [["auditors", [], 1], ["workers", ["/b"], 1]],
    );
  });

  test("a restarted member stays in its groups and monitors hear nothing", async () => {
    await using kit = new TestKit();
    const groups = groupsOf(kit.system);
    const seen: unknown[] = [];
    const watcher = kit.system.spawn(recorder, { args: seen });
    const a = kit.system.spawn(recorder, { args: [] });
    groups.join(workers, a);
    groups.monitor(workers, watcher);
    a.tell("crash");
    await kit.runUntilIdle();
    assert.equal(a.restarts, 1);
    assert.deepEqual(groups.members(workers), [a]);
    assert.deepEqual(seen, []);
  });

  test("a stopped monitor is forgotten; a stopped actor cannot join", async () => {
    await using kit = new TestKit();
    const groups = groupsOf(kit.system);
    const watcher = kit.system.spawn(recorder, { args: [] });
    groups.monitor(workers, watcher);
    await watcher.stop();
    groups.join(workers, kit.system.spawn(recorder, { args: [] }));
    await kit.runUntilIdle();
    assert.equal(kit.system.deadLetters, 0);
    assert.equal(listGroups(kit.system)[0].monitors, 0);
    const gone = kit.system.spawn(recorder, { args: [] });
    await gone.stop();
    groups.join(workers, gone);
    assert.equal(groups.members(workers).length, 1);
  });

  test("a monitor whose mapper throws fails its watcher", async () => {
    await using kit = new TestKit();
    const groups = groupsOf(kit.system);
    const watcher = kit.system.spawn(recorder, { args: [] });
    groups.monitor(workers, watcher, () => {
      throw new Error("bad mapper");
    });
    groups.join(workers, kit.system.spawn(recorder, { args: [] }));
    await kit.runUntilIdle();
    assert.equal(watcher.restarts, 1);
  });

  test("scopes keep the same group name apart, as OTP pg scopes", async () => {
    await using kit = new TestKit();
    const a = kit.system.spawn(recorder, { name: "a", args: [] });
    const b = kit.system.spawn(recorder, { name: "b", args: [] });
    groupsOf(kit.system, "payments").join(workers, a);
    groupsOf(kit.system).join(workers, b);
    assert.deepEqual(groupsOf(kit.system, "payments").members(workers), [a]);
    assert.deepEqual(groupsOf(kit.system).members(workers), [b]);
    assert.equal(groupsOf(kit.system, "payments").scope, "payments");
    assert.deepEqual(
      listGroups(kit.system).map((g) => [g.scope, g.name, g.members]),
      [["default", "workers", ["/b"]], ["payments", "workers", ["/a"]]],
    );
    await using other = new ActorSystem();
    assert.deepEqual(groupsOf(other).members(workers), []);
  });

  test("a link is told of local joins and leaves only; leaveAll removes a ref everywhere", async () => {
    await using kit = new TestKit();
    const groups = groupsOf(kit.system);
    const heard: unknown[] = [];
    const link: GroupLink = {
      joined: (name, ref) => heard.push(["joined", name, ref.path]),
      left: (name, ref) => heard.push(["left", name, ref.path]),
    };
    groups.link(link);
    const a = kit.system.spawn(recorder, { name: "a", args: [] });
    const remote = {
      path: "nats://node-2/w",
      name: "w",
      status: "running",
      restarts: 0,
      tell: () => true,
      ask: () => Promise.reject(new Error("unused")),
      stop: () => Promise.resolve(),
    } as unknown as ActorRef<string>;
    groups.join(workers, a);
    groups.join(workers, remote);
    groups.join(auditors, remote);
    assert.equal(groups.leaveAll(remote), 2);
    await a.stop();
    assert.deepEqual(heard, [["joined", "workers", "/a"], [
      "left",
      "workers",
      "/a",
    ]]);
    assert.deepEqual(groups.members(workers), []);
  });

  test("bad arguments are TypeErrors", async () => {
    await using kit = new TestKit();
    await using other = new ActorSystem();
    const groups = groupsOf(kit.system);
    assert.throws(() => group(""), TypeError);
    assert.throws(() => groupsOf(kit.system, ""), TypeError);
    assert.throws(
      () => groups.join({ name: "x" } as never, null as never),
      /not a group key/,
    );
    assert.throws(() => groups.join(workers, {} as never), /not an actor ref/);
    assert.throws(
      () => groups.join(workers, other.spawn(recorder, { args: [] })),
      /another system/,
    );
    assert.throws(
      () =>
        groups.monitor(
          workers,
          kit.system.spawn(recorder, { args: [] }),
          1 as never,
        ),
      /toMessage must be a function/,
    );
  });

  test("property: after any sequence of join, leave, stop and restart, members equals the model", async () => {
    type Op =
      | { op: "join" | "leave"; actor: number; group: number }
      | { op: "stop" | "restart"; actor: number }
      | { op: "join-all"; group: number };
    const actor = fc.integer({ min: 0, max: 23 });
    const groupIndex = fc.integer({ min: 0, max: 1 });
    // Weighted so that leaves pile up past the compaction threshold.
    const op: fc.Arbitrary<Op> = fc.oneof(
      {
        arbitrary: fc.record({
          op: fc.constant("leave" as const),
          actor,
          group: groupIndex,
        }),
        weight: 6,
      },
      {
        arbitrary: fc.record({
          op: fc.constant("join" as const),
          actor,
          group: groupIndex,
        }),
        weight: 2,
      },
      {
        arbitrary: fc.record({
          op: fc.constantFrom("stop" as const, "restart" as const),
          actor,
        }),
        weight: 2,
      },
      {
        arbitrary: fc.record({
          op: fc.constant("join-all" as const),
          group: groupIndex,
        }),
        weight: 1,
      },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 30, maxLength: 120, size: "max" }),
        async (ops) => {
          await using kit = new TestKit();
          const groups = groupsOf(kit.system);
          const keys = [workers, auditors];
          const refs = Array.from(
            { length: 24 },
            (_, i) =>
              kit.system.spawn(crashable, {
                name: `w${i}`,
                supervision: { maxRestarts: 1000 },
              }),
          );
          const model = keys.map(() => [] as number[]);
          const stopped = new Set<number>();
          for (const step of ops) {
            if (step.op === "join-all") {
              for (const [i, ref] of refs.entries()) {
                groups.join(keys[step.group], ref);
                if (!stopped.has(i) && !model[step.group].includes(i)) {
                  model[step.group].push(i);
                }
              }
              continue;
            }
            const i = step.actor;
            switch (step.op) {
              case "join":
                groups.join(keys[step.group], refs[i]);
                if (!stopped.has(i) && !model[step.group].includes(i)) {
                  model[step.group].push(i);
                }
                break;
              case "leave":
                groups.leave(keys[step.group], refs[i]);
                model[step.group] = model[step.group].filter((m) => m !== i);
                break;
              case "stop":
                await refs[i].stop();
                stopped.add(i);
                for (const [g, members] of model.entries()) {
                  model[g] = members.filter((m) => m !== i);
                }
                break;
              case "restart":
                refs[i].tell("crash");
                break;
            }
            await kit.runUntilIdle();
            for (const [g, key] of keys.entries()) {
              assert.deepEqual(
                groups.members(key).map((r) => r.path),
                model[g].map((m) => `/w${m}`),
              );
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** A member that fails on `"crash"` (and is restarted by the guardian). */
const crashable = defineActor({
  init: () => null,
  receive(_: null, msg: string) {
    if (msg === "crash") throw new Error("crash");
  },
});
