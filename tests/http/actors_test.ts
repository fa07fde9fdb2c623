import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { defineActor, type ReplyPort } from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { Catalog, createControlPlane } from "../../http.ts";
import {
  assertError,
  counterKind,
  json,
  populate,
  setup,
} from "./_fixtures.ts";

describe("GET /v1/actors", () => {
  test("lists every actor depth first with total, limit and offset", async () => {
    await using h = setup();
    await populate(h);
    const body = await json(await h.call("GET", "/v1/actors"), 200);
    assert.deepEqual(
      body.items.map((i: { path: string }) => i.path),
      ["/app", "/app/a", "/app/b", "/solo"],
    );
    assert.equal(body.total, 4);
    assert.equal(body.limit, 100);
    assert.equal(body.offset, 0);
  });

  test("only the page's actors have their snapshot taken", async () => {
    await using h = setup();
    let snapshots = 0;
    const watched = defineActor({
      kind: "watched",
      init: (n: number) => n,
      receive: (n: number) => n,
      snapshot: (n: number) => {
        snapshots++;
        return { n };
      },
    });
    for (let i = 0; i < 50; i++) {
      h.kit.system.spawn(watched, { name: `w${i}`, args: i });
    }
    await h.kit.runUntilIdle();
    const body = await json(
      await h.call("GET", "/v1/actors?kind=watched&limit=2&offset=10"),
      200,
    );
    assert.equal(body.total, 50);
    assert.deepEqual(
      body.items.map((i: { path: string; snapshot: unknown }) => [
        i.path,
        i.snapshot,
      ]),
      [["/w10", { n: 10 }], ["/w11", { n: 11 }]],
    );
    assert.equal(snapshots, 2);
  });

  test("filters by status, kind and parent, and pages with limit and offset", async () => {
    await using h = setup();
    await populate(h);
    const paths = async (query: string) =>
      (await json(await h.call("GET", `/v1/actors?${query}`), 200)).items.map((
        i: { path: string },
      ) => i.path);
    assert.deepEqual(await paths("kind=counter"), [
      "/app/a",
      "/app/b",
      "/solo",
    ]);
    assert.deepEqual(await paths("parent=/app"), ["/app/a", "/app/b"]);
    assert.deepEqual(await paths("parent=app"), ["/app/a", "/app/b"]);
    assert.deepEqual(await paths("parent=/"), ["/app", "/solo"]);
    assert.deepEqual(await paths("status=running&kind=supervisor"), ["/app"]);
    assert.deepEqual(await paths("status=failed"), []);
    const page = await json(
      await h.call("GET", "/v1/actors?kind=counter&limit=1&offset=1"),
      200,
    );
    assert.deepEqual(page.items.map((i: { path: string }) => i.path), [
      "/app/b",
    ]);
    assert.equal(page.total, 3);
    assert.equal(page.limit, 1);
    assert.equal(page.offset, 1);
  });

  test("a bad query is 400 bad_request", async () => {
    await using h = setup();
    for (
      const query of [
        "status=sleeping",
        "limit=0",
        "limit=501",
        "limit=ten",
        "offset=-1",
        "colour=red",
        "kind=a&kind=b",
        "kind=",
      ]
    ) {
      await assertError(
        await h.call("GET", `/v1/actors?${query}`),
        400,
        "bad_request",
      );
    }
  });
});

describe("GET /v1/actors/{path}", () => {
  test("describes an actor in detail, with its snapshot", async () => {
    await using h = setup();
    await populate(h);
    const info = await json(await h.call("GET", "/v1/actors/app/b"), 200);
    assert.equal(info.path, "/app/b");
    assert.equal(info.name, "b");
    assert.equal(info.kind, "counter");
    assert.equal(info.status, "running");
    assert.equal(info.parent, "/app");
    assert.deepEqual(info.children, []);
    assert.equal(info.restarts, 0);
    assert.equal(info.lastError, null);
    assert.deepEqual(info.mailbox, { depth: 0, highWater: 0, capacity: null });
    assert.equal(info.processed, 0);
    assert.deepEqual(info.spec, {
      id: "b",
      restart: "permanent",
      shutdown: 5000,
    });
    assert.deepEqual(info.snapshot, { total: 2 });
    const app = await json(await h.call("GET", "/v1/actors/app"), 200);
    assert.equal(app.supervisor.strategy, "one-for-one");
    assert.deepEqual(app.children, ["/app/a", "/app/b"]);
  });

  test("a path sent as one encoded segment, as generated clients do, works", async () => {
    await using h = setup();
    await populate(h);
    for (const encoded of ["app%2Fa", "%2Fapp%2Fa", "app/a"]) {
      const info = await json(
        await h.call("GET", `/v1/actors/${encoded}`),
        200,
      );
      assert.equal(info.path, "/app/a", encoded);
    }
    const told = await h.call("POST", "/v1/actors/app%2Fa/$tell", {
      message: { type: "add", n: 1 },
    });
    assert.equal(told.status, 202);
    await assertError(
      await h.call("GET", "/v1/actors/app%2F%2Fa"),
      400,
      "bad_request",
    );
  });

  test("generated names starting with $ work, encoded or not", async () => {
    await using h = setup();
    h.kit.system.spawn(counterKind(), { args: { start: 0 } });
    await h.kit.runUntilIdle();
    for (const url of ["/v1/actors/$1", "/v1/actors/%241"]) {
      assert.equal((await json(await h.call("GET", url), 200)).path, "/$1");
    }
  });

  test("an unknown actor is 404 actor_not_found; a bad path is 400; an action is not a GET (405)", async () => {
    await using h = setup();
    await populate(h);
    await assertError(
      await h.call("GET", "/v1/actors/app/zz"),
      404,
      "actor_not_found",
      /"\/app\/zz"/,
    );
    await assertError(
      await h.call("GET", "/v1/actors/app/%E0%A4%A"),
      400,
      "bad_request",
    );
    await assertError(
      await h.call("GET", "/v1/actors/app//a"),
      400,
      "bad_request",
    );
    const action = await h.call("GET", "/v1/actors/app/a/$tell");
    assert.equal(action.headers.get("allow"), "POST");
    await assertError(action, 405, "method_not_allowed");
    const actor = await h.call("POST", "/v1/actors/app/a", {});
    assert.equal(actor.headers.get("allow"), "GET, HEAD, DELETE");
    await assertError(actor, 405, "method_not_allowed");
  });
});

describe("stop, restart, remove", () => {
  test("$stop stops an actor and shows it stopped; it is then gone", async () => {
    await using h = setup();
    await populate(h);
    const info = await json(
      await h.call("POST", "/v1/actors/solo/$stop"),
      200,
    );
    assert.equal(info.path, "/solo");
    assert.equal(info.status, "stopped");
    assert.equal(info.stopReason, "normal");
    await assertError(
      await h.call("GET", "/v1/actors/solo"),
      404,
      "actor_not_found",
    );
    await assertError(
      await h.call("POST", "/v1/actors/solo/$stop"),
      404,
      "actor_not_found",
    );
  });

  test("$restart gives fresh state from the original args and counts a restart", async () => {
    await using h = setup();
    await populate(h);
    const ref = h.kit.system.lookup("/solo")!;
    (ref.tell as (m: unknown) => boolean)({ type: "add", n: 10 });
    await h.kit.runUntilIdle();
    assert.deepEqual(
      (await json(await h.call("GET", "/v1/actors/solo"), 200)).snapshot,
      { total: 13 },
    );
    const info = await json(
      await h.call("POST", "/v1/actors/solo/$restart", {}),
      200,
    );
    assert.equal(info.restarts, 1);
    assert.equal(info.status, "running");
    assert.deepEqual(info.snapshot, { total: 3 });
  });

  test("$stop and $restart accept no fields", async () => {
    await using h = setup();
    await populate(h);
    await assertError(
      await h.call("POST", "/v1/actors/solo/$restart", { force: true }),
      422,
      "unknown_field",
    );
  });

  test("DELETE removes a supervised child and its spec", async () => {
    await using h = setup();
    await populate(h);
    const res = await h.call("DELETE", "/v1/actors/app/a");
    assert.equal(res.status, 204);
    assert.equal(await res.text(), "");
    const app = await json(await h.call("GET", "/v1/actors/app"), 200);
    assert.deepEqual(app.children, ["/app/b"]);
    assert.equal(app.supervisor.specs, 1);
  });

  test("DELETE terminates a dynamic child and stops a plain actor", async () => {
    await using h = setup();
    await populate(h);
    await json(
      await h.call("POST", "/v1/actors", { kind: "silent", name: "d" }),
      201,
    );
    assert.equal(
      (await h.call("DELETE", "/v1/actors/api/spawned/d")).status,
      204,
    );
    const spawned = await json(
      await h.call("GET", "/v1/actors/api/spawned"),
      200,
    );
    assert.deepEqual(spawned.children, []);
    assert.equal(spawned.supervisor.specs, 0);
    assert.equal((await h.call("DELETE", "/v1/actors/solo")).status, 204);
    assert.equal(h.kit.system.lookup("/solo"), undefined);
    await assertError(
      await h.call("DELETE", "/v1/actors/solo"),
      404,
      "actor_not_found",
    );
  });
});

describe("POST /v1/actors/{path}/$fault", () => {
  test("is 403 fault_injection_disabled unless enabled", async () => {
    await using h = setup();
    await populate(h);
    await assertError(
      await h.call("POST", "/v1/actors/solo/$fault", {}),
      403,
      "fault_injection_disabled",
    );
    const info = await json(await h.call("GET", "/v1/actors/solo"), 200);
    assert.equal(info.failures, 0);
  });

  test("when enabled, fails the actor so its supervisor restarts it", async () => {
    await using h = setup({ allowFaultInjection: true });
    await populate(h);
    const res = await h.call("POST", "/v1/actors/app/a/$fault", {
      message: "drill",
    });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { injected: true });
    await h.kit.runUntilIdle();
    const info = await json(await h.call("GET", "/v1/actors/app/a"), 200);
    assert.equal(info.restarts, 1);
    assert.equal(info.failures, 1);
    assert.equal(info.lastError, "drill");
    assert.equal(info.status, "running");
    await assertError(
      await h.call("POST", "/v1/actors/nobody/$fault"),
      404,
      "actor_not_found",
    );
  });
});

describe("a stopping actor", () => {
  test("an ask it can no longer answer is 409 actor_stopped", async () => {
    await using kit = new TestKit();
    const stopping = Promise.withResolvers<void>();
    const asked = Promise.withResolvers<void>();
    const gate = Promise.withResolvers<void>();
    const slow = defineActor({
      kind: "slow",
      init: () => 0,
      receive: (n: number, msg: { replyTo: ReplyPort<number> }) =>
        msg.replyTo.reply(n),
      stopped() {
        stopping.resolve();
        return gate.promise;
      },
    });
    const catalog = new Catalog().register("slow", {
      definition: slow,
      ask: {
        build(_input, replyTo) {
          asked.resolve();
          return { replyTo: replyTo as ReplyPort<number> };
        },
      },
    });
    const app = createControlPlane({ system: kit.system, catalog, token: "t" });
    const ref = kit.system.spawn(slow, { name: "slow" });
    await kit.runUntilIdle();
    const stopped = ref.stop();
    await stopping.promise;
    const pending = app.request("/v1/actors/slow/$ask", {
      method: "POST",
      headers: { authorization: "Bearer t" },
    });
    await asked.promise; // the request is in the stopping actor's mailbox
    gate.resolve();
    await stopped;
    await assertError(await pending, 409, "actor_stopped", /is stopped/);
  });
});
