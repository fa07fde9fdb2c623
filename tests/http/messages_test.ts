import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { childSpec, supervisor } from "../../mod.ts";
import {
  assertError,
  counterKind,
  type CounterMsg,
  type Harness,
  setup,
  silentKind,
} from "./_fixtures.ts";

/** Spawns the counter `/c` (start 10) from the program. */
async function spawnCounter(h: Harness, options = {}) {
  const ref = h.kit.system.spawn(h.counter, {
    name: "c",
    args: { start: 10 },
    ...options,
  });
  await h.kit.runUntilIdle();
  return ref;
}

async function snapshotOf(h: Harness, path: string) {
  return (await (await h.call("GET", `/v1/actors/${path}`)).json()).snapshot;
}

describe("POST /v1/actors/{path}/$tell", () => {
  test("delivers a message validated by the kind's Standard Schema", async () => {
    await using h = setup();
    await spawnCounter(h);
    const res = await h.call("POST", "/v1/actors/c/$tell", {
      message: { type: "add", n: 5 },
    });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { delivered: true });
    await h.kit.runUntilIdle();
    assert.deepEqual(await snapshotOf(h, "c"), { total: 15 });
  });

  test("an actor spawned over HTTP is told the same way", async () => {
    await using h = setup();
    await h.call("POST", "/v1/actors", {
      kind: "counter",
      name: "web",
      args: { start: 1 },
    });
    const res = await h.call("POST", "/v1/actors/api/spawned/web/$tell", {
      message: { type: "add", n: 1 },
    });
    assert.equal(res.status, 202);
    await h.kit.runUntilIdle();
    assert.deepEqual(await snapshotOf(h, "api/spawned/web"), { total: 2 });
  });

  test("a message the schema refuses is 422 validation_failed naming the path", async () => {
    await using h = setup();
    await spawnCounter(h);
    await assertError(
      await h.call("POST", "/v1/actors/c/$tell", {
        message: { type: "add", n: "5" },
      }),
      422,
      "validation_failed",
      /Invalid message for actor "\/c": n: must be a number/,
    );
    await assertError(
      await h.call("POST", "/v1/actors/c/$tell", { message: { type: "get" } }),
      422,
      "validation_failed",
      /type: must be "add" or "crash"/,
    );
    await h.kit.runUntilIdle();
    assert.deepEqual(await snapshotOf(h, "c"), { total: 10 });
  });

  test("the body needs exactly the message field", async () => {
    await using h = setup();
    await spawnCounter(h);
    await assertError(
      await h.call("POST", "/v1/actors/c/$tell", {}),
      422,
      "validation_failed",
      /"message" is required/,
    );
    await assertError(
      await h.call("POST", "/v1/actors/c/$tell", { message: 1, urgent: true }),
      422,
      "unknown_field",
      /"urgent"/,
    );
  });

  test("an actor whose kind declares no message validator is 422 not_accepted", async () => {
    await using h = setup();
    h.kit.system.spawn(silentKind, { name: "quiet" });
    h.kit.system.spawn(supervisor({ children: [] }), { name: "sup" });
    await h.kit.runUntilIdle();
    await assertError(
      await h.call("POST", "/v1/actors/quiet/$tell", { message: 1 }),
      422,
      "not_accepted",
      /kind "silent" does not accept messages/,
    );
    await assertError(
      await h.call("POST", "/v1/actors/sup/$tell", { message: 1 }),
      422,
      "not_accepted",
    );
  });

  test("a full mailbox is 429 mailbox_full with Retry-After", async () => {
    await using h = setup();
    const ref = await spawnCounter(h, {
      mailbox: { capacity: 1, overflow: "reject" },
    });
    const gate = Promise.withResolvers<void>();
    const waiting = Promise.withResolvers<void>();
    ref.tell({
      type: "wait",
      gate: gate.promise,
      waiting: waiting.resolve,
    } as CounterMsg);
    await waiting.promise; // the counter now waits on the gate
    const tell = () =>
      h.call("POST", "/v1/actors/c/$tell", { message: { type: "add", n: 1 } });
    assert.equal((await tell()).status, 202);
    const full = await tell();
    assert.equal(full.headers.get("retry-after"), "1");
    await assertError(full, 429, "mailbox_full", /mailbox is full/);
    gate.resolve();
    await h.kit.runUntilIdle();
    assert.deepEqual(await snapshotOf(h, "c"), { total: 11 });
  });

  test("an unknown actor is 404 actor_not_found", async () => {
    await using h = setup();
    await assertError(
      await h.call("POST", "/v1/actors/ghost/$tell", { message: 1 }),
      404,
      "actor_not_found",
    );
  });
});

describe("POST /v1/actors/{path}/$ask", () => {
  test("returns the reply", async () => {
    await using h = setup();
    await spawnCounter(h);
    const res = await h.call("POST", "/v1/actors/c/$ask", {
      message: { op: "get" },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { reply: 10 });
    const older = await h.call("POST", "/v1/actors/c/$ask", {
      input: { op: "get" },
    });
    assert.deepEqual(await older.json(), { reply: 10 }, "input still works");
    const bare = await h.call("POST", "/v1/actors/c/$ask");
    assert.deepEqual(await bare.json(), { reply: 10 }, "no body at all");
  });

  test("is 504 ask_timeout when no reply comes within timeoutMs (virtual clock)", async () => {
    const held = Promise.withResolvers<void>();
    await using h = setup({}, { onHold: () => held.resolve() });
    await spawnCounter(h);
    const pending = h.call("POST", "/v1/actors/c/$ask", {
      message: { op: "hold" },
      timeoutMs: 2000,
    });
    await held.promise; // the ask has reached the actor
    await h.kit.advance(1999);
    let settled = false;
    pending.then(() => (settled = true));
    await h.kit.runUntilIdle();
    assert.equal(settled, false, "no answer before the timeout");
    await h.kit.advance(1);
    await assertError(await pending, 504, "ask_timeout", /2000 ms/);
  });

  test("defaults to a 5000 ms timeout", async () => {
    const held = Promise.withResolvers<void>();
    await using h = setup({}, { onHold: () => held.resolve() });
    await spawnCounter(h);
    const pending = h.call("POST", "/v1/actors/c/$ask", {
      message: { op: "hold" },
    });
    await held.promise;
    await h.kit.advance(5000);
    await assertError(await pending, 504, "ask_timeout", /5000 ms/);
  });

  test("is 502 actor_failed when the actor fails while handling it", async () => {
    await using h = setup();
    await spawnCounter(h);
    await assertError(
      await h.call("POST", "/v1/actors/c/$ask", { message: { op: "explode" } }),
      502,
      "actor_failed",
    );
    await h.kit.runUntilIdle();
    const info = await (await h.call("GET", "/v1/actors/c")).json();
    assert.equal(info.restarts, 1);
  });

  test("is 422 ask_rejected when the actor fails the ask on purpose", async () => {
    await using h = setup();
    await spawnCounter(h);
    await assertError(
      await h.call("POST", "/v1/actors/c/$ask", { message: { op: "refuse" } }),
      422,
      "ask_rejected",
      /counter refuses/,
    );
  });

  test("message and timeoutMs are validated", async () => {
    await using h = setup();
    await spawnCounter(h);
    await assertError(
      await h.call("POST", "/v1/actors/c/$ask", { message: { op: "dance" } }),
      422,
      "validation_failed",
      /ask message for actor "\/c": op: unknown op/,
    );
    await assertError(
      await h.call("POST", "/v1/actors/c/$ask", {
        message: { op: "get" },
        input: { op: "get" },
      }),
      422,
      "validation_failed",
      /either "message" or its older name "input"/,
    );
    for (const timeoutMs of [0, 60001, 1.5, "100"]) {
      await assertError(
        await h.call("POST", "/v1/actors/c/$ask", { timeoutMs }),
        422,
        "validation_failed",
        /"timeoutMs" must be an integer from 1 to 60000/,
      );
    }
    await assertError(
      await h.call("POST", "/v1/actors/c/$ask", { question: 1 }),
      422,
      "unknown_field",
    );
  });

  test("an actor whose kind declares no ask is 422 not_accepted", async () => {
    await using h = setup();
    h.kit.system.spawn(silentKind, { name: "quiet" });
    await h.kit.runUntilIdle();
    await assertError(
      await h.call("POST", "/v1/actors/quiet/$ask", {}),
      422,
      "not_accepted",
      /does not accept asks/,
    );
  });

  test("an actor whose definition has no kind is 422 not_accepted", async () => {
    await using h = setup();
    const { kind: _, ...anonymous } = counterKind();
    h.kit.system.spawn(
      supervisor({
        children: [childSpec("anon", anonymous, { args: { start: 0 } })],
      }),
      { name: "s" },
    );
    await h.kit.runUntilIdle();
    await assertError(
      await h.call("POST", "/v1/actors/s/anon/$ask", {}),
      422,
      "not_accepted",
      /has no kind/,
    );
  });
});
