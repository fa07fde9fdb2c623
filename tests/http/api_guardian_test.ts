import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ActorEvent } from "../../mod.ts";
import { assertError, json, setup } from "./_fixtures.ts";

/** The system is still running and the control plane still answers. */
async function assertAlive(h: ReturnType<typeof setup>): Promise<void> {
  await h.kit.runUntilIdle();
  assert.equal(h.kit.system.status, "running", "the system keeps running");
  const health = await h.app.request("/healthz");
  assert.equal(health.status, 200);
  const spawned = await h.call("POST", "/v1/actors", { kind: "silent" });
  assert.equal(spawned.status, 201, await spawned.text());
}

describe("the API guardian", () => {
  test("a supervisor whose child fails to start is a 422 start_failed, and the system keeps running", async () => {
    await using h = setup();
    const res = await h.call("POST", "/v1/supervisors", {
      name: "doomed",
      children: [{ id: "f", kind: "faulty" }],
    });
    await assertError(res, 422, "start_failed", /faulty cannot start/);
    await assertAlive(h);
    assert.equal(h.kit.system.lookup("/api/doomed"), undefined);
  });

  test("a spawned actor that fails to start is a 422 start_failed", async () => {
    await using h = setup();
    await assertError(
      await h.call("POST", "/v1/actors", { kind: "faulty", name: "f" }),
      422,
      "start_failed",
      /faulty cannot start/,
    );
    await assertAlive(h);
    assert.equal(h.kit.system.lookup("/api/spawned/f"), undefined);
  });

  test("a supervisor with maxRestarts 0 that gives up after one $stop stops only its subtree, reported in events, status and metrics", async () => {
    await using h = setup();
    const events: ActorEvent[] = [];
    h.kit.system.events.subscribe((e) => void events.push(e));
    const info = await json(
      await h.call("POST", "/v1/supervisors", {
        name: "fragile",
        maxRestarts: 0,
        children: [{ id: "c", kind: "counter", args: { start: 0 } }],
      }),
      201,
    );
    assert.equal(info.path, "/api/fragile");
    const stop = await h.call("POST", "/v1/actors/api/fragile/c/$stop", {});
    assert.equal(stop.status, 200);
    await assertAlive(h);
    assert.equal(h.kit.system.lookup("/api/fragile"), undefined);
    assert.ok(
      events.some((e) => e.type === "escalated" && e.path === "/api/fragile"),
      "the give-up is an event",
    );
    const system = await json(await h.call("GET", "/v1/system"), 200);
    assert.equal(system.api.guardian, "/api");
    assert.equal(system.api.subtreesStopped, 1);
    assert.equal(system.api.lastStopped.path, "/api/fragile");
    assert.match(system.api.lastStopped.error, /gave up/);
    const metrics = await (await h.call("GET", "/metrics")).text();
    assert.match(metrics, /^understudy_api_subtrees_stopped_total 1$/m);
  });

  test("crash-looping spawned actors can exhaust their pool, never the process", async () => {
    await using h = setup();
    for (let i = 0; i < 15; i++) {
      await json(
        await h.call("POST", "/v1/actors", {
          kind: "counter",
          name: `c${i}`,
          args: { start: 0 },
        }),
        201,
      );
    }
    for (let round = 0; round < 60; round++) {
      for (let i = 0; i < 15; i++) {
        await h.call("POST", `/v1/actors/api/spawned/c${i}/$tell`, {
          message: { type: "crash" },
        });
      }
      await h.kit.runUntilIdle();
      await h.kit.advance(1000);
    }
    const system = await json(await h.call("GET", "/v1/system"), 200);
    assert.equal(
      system.api.lastStopped?.path,
      "/api/spawned",
      "the pool gave up",
    );
    await assertAlive(h);
  });

  test("stopping or deleting the guardian itself is harmless: it comes back on next use", async () => {
    await using h = setup();
    await json(await h.call("POST", "/v1/actors", { kind: "silent" }), 201);
    assert.equal(
      (await h.call("POST", "/v1/actors/api/$stop", {})).status,
      200,
    );
    await assertAlive(h);
    assert.equal((await h.call("DELETE", "/v1/actors/api")).status, 204);
    await assertAlive(h);
  });

  test("a program actor named api is never used as the guardian", async () => {
    await using h = setup();
    h.kit.system.spawn(
      (await import("./_fixtures.ts")).silentKind,
      { name: "api" },
    );
    await h.kit.runUntilIdle();
    await assertError(
      await h.call("POST", "/v1/actors", { kind: "silent" }),
      409,
      "conflict",
      /"\/api"/,
    );
  });
});
