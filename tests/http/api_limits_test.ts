import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ActorSystem } from "../../mod.ts";
import { Catalog, createControlPlane } from "../../http.ts";
import { assertError, json, setup, TOKEN } from "./_fixtures.ts";

// What clients may create is bounded: the default pool holds at most
// `maxSpawned` actors and `/api` at most `maxSupervisors` client supervisors,
// past which a spawn is a 409 `max_children` that creates nothing.

const team = (name: string) => ({
  name,
  children: [{ id: "w", kind: "silent" }],
});

describe("limits on what clients create", () => {
  test("past maxSpawned, POST /v1/actors is 409 max_children; removing one makes room", async () => {
    await using h = setup({ maxSpawned: 2 });
    await json(await h.call("POST", "/v1/actors", { kind: "silent" }), 201);
    await json(
      await h.call("POST", "/v1/actors", { kind: "silent", name: "b" }),
      201,
    );
    await assertError(
      await h.call("POST", "/v1/actors", { kind: "silent", name: "c" }),
      409,
      "max_children",
      /maxChildren \(2\) reached/,
    );
    assert.equal(h.kit.system.lookup("/api/spawned/c"), undefined);
    assert.equal(
      (await h.call("DELETE", "/v1/actors/api/spawned/b")).status,
      204,
    );
    await json(
      await h.call("POST", "/v1/actors", { kind: "silent", name: "c" }),
      201,
    );
    const pool = await json(await h.call("GET", "/v1/actors/api/spawned"), 200);
    assert.equal(pool.supervisor.maxChildren, 2);
  });

  test("past maxSupervisors, POST /v1/supervisors is 409 max_children, and the pool keeps its place", async () => {
    await using h = setup({ maxSupervisors: 2 });
    await json(await h.call("POST", "/v1/supervisors", team("t1")), 201);
    await json(await h.call("POST", "/v1/supervisors", team("t2")), 201);
    await assertError(
      await h.call("POST", "/v1/supervisors", team("t3")),
      409,
      "max_children",
      /"t3".*clients hold 2 supervisors under "\/api".*maxSupervisors/,
    );
    assert.equal(h.kit.system.lookup("/api/t3"), undefined);
    // The default pool, created after the supervisors, still has its place.
    await json(await h.call("POST", "/v1/actors", { kind: "silent" }), 201);
    await assertError(
      await h.call("POST", "/v1/supervisors", team("t3")),
      409,
      "max_children",
    );
    assert.equal((await h.call("DELETE", "/v1/actors/api/t1")).status, 204);
    await json(await h.call("POST", "/v1/supervisors", team("t3")), 201);
  });

  test("requests made at once never take more than the limits", async () => {
    await using h = setup({ maxSpawned: 3, maxSupervisors: 2 });
    const spawns = await Promise.all(
      Array.from(
        { length: 10 },
        () => h.call("POST", "/v1/actors", { kind: "silent" }),
      ),
    );
    const teams = await Promise.all(
      Array.from(
        { length: 6 },
        (_, i) => h.call("POST", "/v1/supervisors", team(`s${i}`)),
      ),
    );
    const count = (all: Response[], status: number) =>
      all.filter((res) => res.status === status).length;
    assert.equal(count(spawns, 201), 3);
    assert.equal(count(spawns, 409), 7);
    assert.ok(count(teams, 201) <= 2, `${count(teams, 201)} supervisors`);
    assert.equal(count(teams, 201) + count(teams, 409), 6);
    for (const res of [...spawns, ...teams]) await res.body?.cancel();
  });

  test("the limits default to 100,000 spawned actors; Infinity lifts them; nonsense is a RangeError", async () => {
    await using h = setup();
    await json(await h.call("POST", "/v1/actors", { kind: "silent" }), 201);
    const pool = await json(await h.call("GET", "/v1/actors/api/spawned"), 200);
    assert.equal(pool.supervisor.maxChildren, 100_000);
    await using open = setup({
      maxSpawned: Infinity,
      maxSupervisors: Infinity,
    });
    await json(await open.call("POST", "/v1/actors", { kind: "silent" }), 201);
    await json(await open.call("POST", "/v1/supervisors", team("t")), 201);
    await using system = new ActorSystem();
    for (const bad of [0, -1, 1.5, NaN]) {
      for (const key of ["maxSpawned", "maxSupervisors"]) {
        assert.throws(
          () =>
            createControlPlane({
              system,
              catalog: new Catalog(),
              token: TOKEN,
              [key]: bad,
            }),
          (error: unknown) =>
            error instanceof RangeError &&
            error.message.includes(`${key} must be a positive integer`),
        );
      }
    }
  });
});
