import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  brokerOf,
  childSpec,
  group,
  groupsOf,
  supervisor,
  topic,
  withBroker,
} from "../../mod.ts";
import { assertError, setup } from "./_fixtures.ts";

const ticks = topic<{ type: "add"; n: number }>("ticks");
const adders = group<{ type: "add"; n: number }>("adders");

describe("GET /v1/topics and /v1/groups", () => {
  test("list topics of every broker with subscriber, published and dropped counts", async () => {
    await using h = setup();
    const system = h.kit.system;
    const full = system.spawn(h.counter, {
      name: "full",
      args: { start: 0 },
      mailbox: { capacity: 1 },
    });
    const c = system.spawn(h.counter, { name: "c", args: { start: 0 } });
    const broker = brokerOf(system);
    broker.subscribe(ticks, full);
    broker.subscribe(ticks, c);
    broker.publish(ticks, { type: "add", n: 1 });
    broker.publish(ticks, { type: "add", n: 2 });
    const desk = system.spawn(
      withBroker(supervisor({
        children: [childSpec("c", h.counter, { args: { start: 0 } })],
      })),
      { name: "desk" },
    );
    brokerOf(desk).publish(ticks, { type: "add", n: 3 });
    await h.kit.runUntilIdle();
    const res = await h.call("GET", "/v1/topics");
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      items: [
        {
          scope: "/",
          name: "ticks",
          subscribers: 2,
          published: 2,
          dropped: 1,
        },
        {
          scope: "/desk",
          name: "ticks",
          subscribers: 0,
          published: 1,
          dropped: 0,
        },
      ],
    });
    const scoped = await h.call("GET", "/v1/topics?scope=%2Fdesk");
    assert.deepEqual(
      (await scoped.json()).items.map((t: { scope: string }) => t.scope),
      ["/desk"],
    );
  });

  test("list groups of every scope with their members in join order", async () => {
    await using h = setup();
    const system = h.kit.system;
    const a = system.spawn(h.counter, { name: "a", args: { start: 0 } });
    const b = system.spawn(h.counter, { name: "b", args: { start: 0 } });
    groupsOf(system).join(adders, b);
    groupsOf(system).join(adders, a);
    groupsOf(system, "billing").join(adders, a);
    const res = await h.call("GET", "/v1/groups");
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      items: [
        { scope: "billing", name: "adders", members: ["/a"], monitors: 0 },
        {
          scope: "default",
          name: "adders",
          members: ["/b", "/a"],
          monitors: 0,
        },
      ],
    });
    await a.stop();
    const after = await h.call("GET", "/v1/groups?scope=default");
    assert.deepEqual((await after.json()).items, [
      { scope: "default", name: "adders", members: ["/b"], monitors: 0 },
    ]);
  });

  test("need the token", async () => {
    await using h = setup();
    for (const path of ["/v1/topics", "/v1/groups"]) {
      await assertError(await h.app.request(path), 401, "unauthorized");
    }
  });
});
