import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ActorSystem,
  type BrokerLink,
  brokerOf,
  childSpec,
  defineActor,
  listTopics,
  type OverflowPolicy,
  supervisor,
  topic,
  withBroker,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { recorder, subscriber } from "../_fixtures/pubsub.ts";

const numbers = topic<number>("numbers");

/** Publishes on its broker every number it is told. */
const publisher = defineActor({
  kind: "publisher",
  init: () => null,
  receive: (_: null, n: number, ctx) => void ctx.publish(numbers, n),
});

describe("topics", () => {
  test("each subscriber receives every publisher's messages in publish order", async () => {
    await using kit = new TestKit();
    const logs = [[], [], []] as unknown[][];
    for (const log of logs) {
      kit.system.spawn(subscriber(numbers), { args: log });
    }
    const p1 = kit.system.spawn(publisher);
    const p2 = kit.system.spawn(publisher);
    await kit.runUntilIdle();
    for (let i = 0; i < 50; i++) {
      p1.tell(i);
      p2.tell(1000 + i);
    }
    await kit.runUntilIdle();
    const expected1 = Array.from({ length: 50 }, (_, i) => i);
    const expected2 = expected1.map((i) => 1000 + i);
    for (const log of logs) {
      assert.equal(log.length, 100);
      assert.deepEqual(log.filter((n) => (n as number) < 1000), expected1);
      assert.deepEqual(log.filter((n) => (n as number) >= 1000), expected2);
    }
  });

  test("publish from outside reaches each subscriber once, in subscription order; subscribing twice is idempotent", async () => {
    await using kit = new TestKit();
    const broker = brokerOf(kit.system);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const refA = kit.system.spawn(recorder, { args: a });
    const refB = kit.system.spawn(recorder, { args: b });
    broker.subscribe(numbers, refA);
    broker.subscribe(numbers, refB);
    broker.subscribe(numbers, refA);
    assert.deepEqual(broker.subscribers(numbers), [refA, refB]);
    assert.equal(broker.publish(numbers, 7), 2);
    await kit.runUntilIdle();
    assert.deepEqual(a, [7]);
    assert.deepEqual(b, [7]);
  });

  test("a mapper turns the topic's messages into the subscriber's own", async () => {
    await using kit = new TestKit();
    const log: unknown[] = [];
    kit.system.spawn(
      subscriber(numbers, (n) => ({ type: "number", n })),
      { args: log },
    );
    await kit.runUntilIdle();
    brokerOf(kit.system).publish(numbers, 3);
    await kit.runUntilIdle();
    assert.deepEqual(log, [{ type: "number", n: 3 }]);
  });

  test("a subscription made once survives the subscriber's restarts", async () => {
    await using kit = new TestKit();
    const broker = brokerOf(kit.system);
    const log: unknown[] = [];
    const ref = kit.system.spawn(recorder, { args: log });
    broker.subscribe(numbers, ref);
    ref.tell("crash");
    await kit.runUntilIdle();
    assert.equal(ref.restarts, 1);
    broker.publish(numbers, 1);
    await kit.runUntilIdle();
    assert.deepEqual(log, [1]);
    assert.deepEqual(broker.subscribers(numbers), [ref]);
  });

  test("re-subscribing in init after a restart keeps a single subscription", async () => {
    await using kit = new TestKit();
    const log: unknown[] = [];
    const ref = kit.system.spawn(subscriber(numbers), { args: log });
    await kit.runUntilIdle();
    ref.tell("crash");
    await kit.runUntilIdle();
    assert.equal(ref.restarts, 1);
    brokerOf(kit.system).publish(numbers, 1);
    await kit.runUntilIdle();
    assert.deepEqual(log, [1]);
  });

  test("a stopped subscriber is removed: later publishes make no dead letters", async () => {
    await using kit = new TestKit();
    const broker = brokerOf(kit.system);
    const ref = kit.system.spawn(subscriber(numbers), { args: [] });
    await kit.runUntilIdle();
    assert.equal(broker.subscribers(numbers).length, 1);
    await ref.stop();
    assert.deepEqual(broker.subscribers(numbers), []);
    assert.equal(broker.publish(numbers, 1), 0);
    await kit.runUntilIdle();
    assert.equal(kit.system.deadLetters, 0);
    assert.deepEqual(
      listTopics(kit.system).map((t) => [t.name, t.subscribers]),
      [["numbers", 0]],
    );
  });

  test("unsubscribe ends delivery, from the context or the broker", async () => {
    await using kit = new TestKit();
    const broker = brokerOf(kit.system);
    const log: unknown[] = [];
    const quitter = kit.system.spawn(
      defineActor({
        init: (_: void, ctx) => void ctx.subscribe(numbers),
        receive: (_: void, n: number, ctx) => {
          log.push(n);
          log.push(ctx.unsubscribe(numbers));
        },
      }),
    );
    const other: unknown[] = [];
    const ref = kit.system.spawn(recorder, { args: other });
    broker.subscribe(numbers, ref);
    await kit.runUntilIdle();
    broker.publish(numbers, 1);
    await kit.runUntilIdle();
    assert.equal(broker.unsubscribe(numbers, ref), true);
    assert.equal(broker.unsubscribe(numbers, ref), false);
    broker.publish(numbers, 2);
    await kit.runUntilIdle();
    assert.deepEqual(log, [1, true]);
    assert.deepEqual(other, [1]);
    assert.deepEqual(broker.subscribers(numbers), []);
    assert.equal(quitter.status, "running");
  });

  for (
    const [overflow, handled, dead] of [
      ["reject", [1, 2], [3, 4, 5]],
      ["drop-newest", [1, 2], [3, 4, 5]],
      ["drop-oldest", [4, 5], [1, 2, 3]],
    ] as [OverflowPolicy, number[], number[]][]
  ) {
    test(`a bounded subscriber (${overflow}) applies its policy; drops are counted and dead-lettered as full`, async () => {
      await using kit = new TestKit();
      const broker = brokerOf(kit.system);
      const log: unknown[] = [];
      const ref = kit.system.spawn(recorder, {
        name: "slow",
        args: log,
        mailbox: { capacity: 2, overflow },
      });
      broker.subscribe(numbers, ref);
      const taken = [1, 2, 3, 4, 5].map((n) => broker.publish(numbers, n));
      assert.deepEqual(taken, [1, 1, 0, 0, 0]);
      await kit.runUntilIdle();
      assert.deepEqual(log, handled);
      const letters = kit.eventsOf("dead-letter");
      assert.deepEqual(letters.map((e) => e.message), dead);
      assert.ok(
        letters.every((e) => e.reason === "full" && e.path === "/slow"),
      );
      const [info] = listTopics(kit.system);
      assert.deepEqual(info, {
        scope: "/",
        name: "numbers",
        subscribers: 1,
        published: 5,
        dropped: 3,
      });
    });
  }

  test("a mapper that throws dead-letters the message and fails its subscriber only", async () => {
    await using kit = new TestKit();
    const good: unknown[] = [];
    const bad = kit.system.spawn(
      subscriber(numbers, (n) => {
        if (n === 2) throw new Error("cannot map 2");
        return n;
      }),
      { name: "bad", args: [] },
    );
    kit.system.spawn(subscriber(numbers), { args: good });
    await kit.runUntilIdle();
    const broker = brokerOf(kit.system);
    assert.equal(broker.publish(numbers, 2), 1);
    await kit.runUntilIdle();
    assert.deepEqual(good, [2]);
    assert.equal(bad.restarts, 1);
    const [letter] = kit.eventsOf("dead-letter");
    assert.equal(letter.path, "/bad");
    assert.equal(letter.message, 2);
    assert.equal(letter.reason, "failed");
    assert.equal(listTopics(kit.system)[0].dropped, 1);
  });

  test("a change of subscribers during a publish applies from the next publish", async () => {
    await using kit = new TestKit();
    const broker = brokerOf(kit.system);
    const logs = { a: [], b: [], c: [], d: [] } as Record<string, unknown[]>;
    const refs = Object.fromEntries(
      Object.entries(logs).map((
        [name, log],
      ) => [name, kit.system.spawn(recorder, { name, args: log })]),
    );
    let first = true;
    broker.subscribe(numbers, refs.a, (n) => {
      if (first) {
        first = false;
        broker.unsubscribe(numbers, refs.c);
        broker.subscribe(numbers, refs.d);
      }
      return n;
    });
    broker.subscribe(numbers, refs.b);
    broker.subscribe(numbers, refs.c);
    assert.equal(broker.publish(numbers, 1), 2);
    assert.equal(broker.publish(numbers, 2), 3);
    await kit.runUntilIdle();
    assert.deepEqual(logs, { a: [1, 2], b: [1, 2], c: [], d: [2] });
  });

  test("a subtree given its own broker hears only its own publishes", async () => {
    await using kit = new TestKit();
    const logs: Record<string, unknown[]> = { a: [], b: [], top: [] };
    const desk = (log: unknown[]) =>
      withBroker(supervisor({
        children: [
          childSpec(
            "team",
            supervisor({
              children: [
                childSpec("reader", subscriber(numbers), { args: log }),
              ],
            }),
          ),
          childSpec("writer", publisher),
        ],
      }));
    const a = kit.system.spawn(desk(logs.a), { name: "a" });
    kit.system.spawn(desk(logs.b), { name: "b" });
    kit.system.spawn(subscriber(numbers), { args: logs.top });
    await kit.runUntilIdle();
    const writerA = kit.system.lookup<number>("/a/writer")!;
    writerA.tell(1);
    brokerOf(kit.system).publish(numbers, 2);
    brokerOf(kit.system.lookup("/b/team")!).publish(numbers, 3);
    await kit.runUntilIdle();
    assert.deepEqual(logs, { a: [1], b: [3], top: [2] });
    assert.equal(brokerOf(a).scope, "/a");
    assert.equal(brokerOf(kit.system.lookup("/a/team/reader")!), brokerOf(a));
    assert.deepEqual(
      listTopics(kit.system).map((t) => [t.scope, t.subscribers, t.published]),
      [["/", 1, 1], ["/a", 1, 1], ["/b", 1, 1]],
    );
  });

  test("a subtree's broker survives its owner's restart and closes when it stops", async () => {
    await using kit = new TestKit();
    const log: unknown[] = [];
    const owner = kit.system.spawn(
      withBroker(defineActor({
        init: (_: void, ctx) => {
          ctx.spawn(subscriber(numbers), { name: "reader", args: log });
        },
        receive(_: void, msg: string) {
          if (msg === "crash") throw new Error("owner crash");
        },
      })),
      { name: "owner" },
    );
    await kit.runUntilIdle();
    const broker = brokerOf(owner);
    owner.tell("crash");
    await kit.runUntilIdle();
    assert.equal(owner.restarts, 1);
    assert.equal(brokerOf(owner), broker);
    // The reader was stopped with the old incarnation and the new one
    // subscribed again.
    assert.equal(broker.publish(numbers, 1), 1);
    await kit.runUntilIdle();
    assert.deepEqual(log, [1]);
    await owner.stop();
    assert.equal(broker.publish(numbers, 2), 0);
    assert.deepEqual(listTopics(kit.system).map((t) => t.scope), []);
  });

  test("a link hears local publishes and interest; deliver reaches local subscribers without echo", async () => {
    await using kit = new TestKit();
    const broker = brokerOf(kit.system);
    const heard: unknown[] = [];
    const link: BrokerLink = {
      published: (name, message) => heard.push(["published", name, message]),
      interest: (name, active) => heard.push(["interest", name, active]),
    };
    broker.link(link);
    const log: unknown[] = [];
    const ref = kit.system.spawn(recorder, { args: log });
    broker.subscribe(numbers, ref);
    broker.publish(numbers, 1);
    assert.equal(broker.deliver("numbers", 2), 1);
    broker.unsubscribe(numbers, ref);
    await kit.runUntilIdle();
    assert.deepEqual(log, [1, 2]);
    assert.deepEqual(heard, [
      ["interest", "numbers", true],
      ["published", "numbers", 1],
      ["interest", "numbers", false],
    ]);
  });

  test("bad arguments are TypeErrors", async () => {
    await using kit = new TestKit();
    await using other = new ActorSystem();
    const broker = brokerOf(kit.system);
    assert.throws(() => topic(""), TypeError);
    assert.throws(() => topic(5 as unknown as string), TypeError);
    assert.throws(
      () => broker.publish({ kind: "topic" } as never, 1 as never),
      TypeError,
    );
    assert.throws(
      () => broker.subscribe(numbers, {} as never),
      /not an actor ref/,
    );
    const stranger = other.spawn(recorder, { args: [] });
    assert.throws(
      () => broker.subscribe(numbers, stranger),
      /another system/,
    );
    const ref = kit.system.spawn(recorder, { args: [] });
    assert.throws(
      () => broker.subscribe(numbers, ref, 5 as never),
      /toMessage must be a function/,
    );
    assert.throws(() => brokerOf({} as never), TypeError);
  });

  test("property: after any sequence of subscribe, unsubscribe, stop and restart, a publish reaches exactly the model's subscribers", async () => {
    type Op =
      | { op: "subscribe" | "unsubscribe" | "stop" | "restart"; actor: number }
      | { op: "subscribe-all" };
    const actor = fc.integer({ min: 0, max: 23 });
    const op: fc.Arbitrary<Op> = fc.oneof(
      {
        arbitrary: fc.record({
          op: fc.constant("unsubscribe" as const),
          actor,
        }),
        weight: 5,
      },
      {
        arbitrary: fc.record({ op: fc.constant("subscribe" as const), actor }),
        weight: 3,
      },
      {
        arbitrary: fc.record({
          op: fc.constantFrom("stop" as const, "restart" as const),
          actor,
        }),
        weight: 2,
      },
      {
        arbitrary: fc.record({ op: fc.constant("subscribe-all" as const) }),
        weight: 1,
      },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 20, maxLength: 100, size: "max" }),
        async (ops) => {
          await using kit = new TestKit();
          const broker = brokerOf(kit.system);
          const logs = Array.from({ length: 24 }, () => [] as unknown[]);
          const refs = logs.map((log, i) =>
            kit.system.spawn(recorder, {
              name: `s${i}`,
              args: log,
              supervision: { maxRestarts: 1000 },
            })
          );
          const model: number[] = [];
          const stopped = new Set<number>();
          const subscribe = (i: number) => {
            broker.subscribe(numbers, refs[i]);
            if (!stopped.has(i) && !model.includes(i)) model.push(i);
          };
          for (const [n, step] of ops.entries()) {
            if (step.op === "subscribe-all") {
              for (let i = 0; i < refs.length; i++) subscribe(i);
            } else if (step.op === "subscribe") {
              subscribe(step.actor);
            } else if (step.op === "unsubscribe") {
              broker.unsubscribe(numbers, refs[step.actor]);
              model.splice(
                0,
                model.length,
                ...model.filter((m) => m !== step.actor),
              );
            } else if (step.op === "stop") {
              await refs[step.actor].stop();
              stopped.add(step.actor);
              model.splice(
                0,
                model.length,
                ...model.filter((m) => m !== step.actor),
              );
            } else if (!stopped.has(step.actor)) {
              refs[step.actor].tell("crash");
            }
            await kit.runUntilIdle();
            assert.equal(broker.publish(numbers, n), model.length);
            await kit.runUntilIdle();
            assert.deepEqual(
              broker.subscribers(numbers),
              model.map((i) => refs[i]),
            );
            const reached = logs.flatMap((
              log,
              i,
            ) => (log.at(-1) === n ? [i] : []));
            assert.deepEqual(reached, [...model].sort((a, b) => a - b));
          }
          // Only the "crash" messages themselves (reason failed).
          assert.deepEqual(
            kit.eventsOf("dead-letter").filter((e) => e.reason !== "failed"),
            [],
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});
