import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { dynamicSupervisor } from "../../mod.ts";
import {
  assertError,
  counterKind,
  json,
  populate,
  setup,
  TOKEN,
} from "./_fixtures.ts";

describe("POST /v1/actors", () => {
  test("spawns a catalog kind under /api/spawned, created on first use", async () => {
    await using h = setup();
    assert.equal(h.kit.system.lookup("/api/spawned"), undefined);
    const res = await h.call("POST", "/v1/actors", {
      kind: "counter",
      name: "c1",
      args: { start: 5 },
    });
    const info = await json(res, 201);
    assert.equal(res.headers.get("location"), "/v1/actors/api/spawned/c1");
    assert.equal(info.path, "/api/spawned/c1");
    assert.equal(info.status, "running");
    assert.deepEqual(info.snapshot, { total: 5 });
    const parent = await json(
      await h.call("GET", "/v1/actors/api/spawned"),
      200,
    );
    assert.equal(parent.supervisor.type, "dynamic");
    const second = await json(
      await h.call("POST", "/v1/actors", {
        kind: "counter",
        args: { start: 0 },
      }),
      201,
    );
    assert.equal(
      second.parent,
      "/api/spawned",
      "the same supervisor is reused",
    );
    assert.match(second.name, /^child-\d+$/);
  });

  test("spawns under a named dynamic supervisor and reports max_children", async () => {
    await using h = setup();
    h.kit.system.spawn(dynamicSupervisor({ maxChildren: 1 }), { name: "pool" });
    await h.kit.runUntilIdle();
    const info = await json(
      await h.call("POST", "/v1/actors", {
        kind: "silent",
        supervisor: "/pool",
      }),
      201,
    );
    assert.equal(info.parent, "/pool");
    await assertError(
      await h.call("POST", "/v1/actors", {
        kind: "silent",
        supervisor: "pool",
      }),
      409,
      "max_children",
    );
  });

  test("a taken name is 409 name_taken", async () => {
    await using h = setup();
    const body = { kind: "silent", name: "x" };
    await json(await h.call("POST", "/v1/actors", body), 201);
    await assertError(
      await h.call("POST", "/v1/actors", body),
      409,
      "name_taken",
    );
  });

  test("a supervisor that is not dynamic is 409 not_a_dynamic_supervisor; a missing one is 404", async () => {
    await using h = setup();
    await populate(h);
    await assertError(
      await h.call("POST", "/v1/actors", {
        kind: "silent",
        supervisor: "/app",
      }),
      409,
      "not_a_dynamic_supervisor",
    );
    await assertError(
      await h.call("POST", "/v1/actors", { kind: "silent", supervisor: "/no" }),
      404,
      "actor_not_found",
    );
    h.kit.system.spawn(counterKind(), { name: "api", args: { start: 0 } });
    await assertError(
      await h.call("POST", "/v1/actors", { kind: "silent" }),
      409,
      "conflict",
      /"\/api"/,
    );
  });

  test("names with control or bidirectional-override characters are refused", async () => {
    await using h = setup();
    for (
      const name of [
        "a\u0000b",
        "line\nbreak",
        "tab\there",
        "del\u007f",
        "c1\u0085",
        "evil\u202egnp.exe",
        "iso\u2066late",
        "mark\u200f",
      ]
    ) {
      await assertError(
        await h.call("POST", "/v1/actors", { kind: "silent", name }),
        422,
        "validation_failed",
        /control or bidirectional-override/,
      );
      await assertError(
        await h.call("POST", "/v1/supervisors", {
          name: "s",
          children: [{ id: name, kind: "silent" }],
        }),
        422,
        "validation_failed",
        /children\[0\]\.id" must not contain control/,
      );
    }
    const ok = await h.call("POST", "/v1/actors", {
      kind: "silent",
      name: "café-東京",
    });
    assert.equal(ok.status, 201, "other Unicode is fine");
  });

  test("an unknown kind is 404 kind_not_found", async () => {
    await using h = setup();
    await assertError(
      await h.call("POST", "/v1/actors", { kind: "dragon" }),
      404,
      "kind_not_found",
      /"dragon".*"counter"/,
    );
  });

  test("args are checked by the kind's validation function", async () => {
    await using h = setup();
    await assertError(
      await h.call("POST", "/v1/actors", {
        kind: "counter",
        args: { start: "five" },
      }),
      422,
      "validation_failed",
      /args for kind "counter": start: must be an integer/,
    );
    await assertError(
      await h.call("POST", "/v1/actors", { kind: "counter" }),
      422,
      "validation_failed",
      /must be an object/,
    );
    await assertError(
      await h.call("POST", "/v1/actors", { kind: "silent", args: 1 }),
      422,
      "validation_failed",
      /"args".*takes no args/,
    );
  });

  test("the body is checked strictly, naming the field", async () => {
    await using h = setup();
    await assertError(
      await h.call("POST", "/v1/actors", { kind: "silent", colour: "red" }),
      422,
      "unknown_field",
      /"colour"/,
    );
    await assertError(
      await h.call("POST", "/v1/actors", { name: "x" }),
      422,
      "validation_failed",
      /Field "kind" is required/,
    );
    await assertError(
      await h.call("POST", "/v1/actors", { kind: 7 }),
      422,
      "validation_failed",
      /Field "kind" must be a non-empty string/,
    );
    for (const name of ["$x", "a/b", "x".repeat(201)]) {
      await assertError(
        await h.call("POST", "/v1/actors", { kind: "silent", name }),
        422,
        "validation_failed",
        /Field "name"/,
      );
    }
    await assertError(
      await h.call("POST", "/v1/actors", [1, 2]),
      422,
      "validation_failed",
      /must be a JSON object/,
    );
  });

  test("malformed JSON is 400 invalid_json", async () => {
    await using h = setup();
    await assertError(
      await h.call("POST", "/v1/actors", '{"kind": "silent",'),
      400,
      "invalid_json",
    );
  });

  test("a body that is not application/json is 415", async () => {
    await using h = setup();
    await assertError(
      await h.call("POST", "/v1/actors", '{"kind":"silent"}', {
        "content-type": "text/plain",
      }),
      415,
      "unsupported_media_type",
      /text\/plain/,
    );
    const res = await h.app.request("/v1/actors", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: new Blob(['{"kind":"silent"}']),
    });
    await assertError(res, 415, "unsupported_media_type");
    assert.equal(h.kit.system.lookup("/api/spawned"), undefined);
  });

  test("a body over the limit is 413, whether or not Content-Length is sent", async () => {
    await using h = setup({ bodyLimitBytes: 64 });
    const big = JSON.stringify({ kind: "silent", name: "x".repeat(100) });
    await assertError(
      await h.call("POST", "/v1/actors", big),
      413,
      "payload_too_large",
      /64 bytes/,
    );
    await assertError(
      await h.call("POST", "/v1/actors", big, {
        "content-length": String(big.length),
      }),
      413,
      "payload_too_large",
    );
    const small = await h.call("POST", "/v1/actors", { kind: "silent" });
    assert.equal(small.status, 201);
  });
});

describe("POST /v1/supervisors", () => {
  test("spawns a supervisor of catalog kinds under /api and answers once it runs", async () => {
    await using h = setup();
    const res = await h.call("POST", "/v1/supervisors", {
      name: "team",
      strategy: "rest-for-one",
      maxRestarts: 5,
      withinMs: 1000,
      children: [
        { id: "first", kind: "counter", args: { start: 1 } },
        { id: "second", kind: "silent", restart: "transient", shutdown: 100 },
      ],
    });
    const info = await json(res, 201);
    assert.equal(res.headers.get("location"), "/v1/actors/api/team");
    assert.equal(info.status, "running");
    assert.deepEqual(info.children, ["/api/team/first", "/api/team/second"]);
    assert.equal(info.supervisor.strategy, "rest-for-one");
    assert.equal(info.supervisor.maxRestarts, 5);
    assert.equal(info.supervisor.withinMs, 1000);
    const second = await json(
      await h.call("GET", "/v1/actors/api/team/second"),
      200,
    );
    assert.deepEqual(second.spec, {
      id: "second",
      restart: "transient",
      shutdown: 100,
    });
  });

  test("child specs are checked: kind, args, fields, ids", async () => {
    await using h = setup();
    const post = (children: unknown[], extra = {}) =>
      h.call("POST", "/v1/supervisors", { name: "s", children, ...extra });
    await assertError(
      await post([{ id: "a", kind: "dragon" }]),
      404,
      "kind_not_found",
      /children\[0\]/,
    );
    await assertError(
      await post([{ id: "a", kind: "counter", args: { start: 0.5 } }]),
      422,
      "validation_failed",
      /children\[0\]\.args for kind "counter": start: must be an integer/,
    );
    await assertError(
      await post([{ id: "a", kind: "silent", colour: 1 }]),
      422,
      "unknown_field",
      /"colour" in children\[0\]/,
    );
    await assertError(
      await post([{ id: "a", kind: "silent", restart: "always" }]),
      422,
      "validation_failed",
      /children\[0\]\.restart/,
    );
    await assertError(
      await post([{ id: "a", kind: "silent", shutdown: -1 }]),
      422,
      "validation_failed",
      /children\[0\]\.shutdown/,
    );
    await assertError(
      await post([{ kind: "silent" }]),
      422,
      "validation_failed",
      /children\[0\]\.id" is required/,
    );
    await assertError(
      await post([{ id: "a", kind: "silent" }, { id: "a", kind: "silent" }]),
      422,
      "validation_failed",
      /duplicate child id "a"/,
    );
    await assertError(
      await post([], { strategy: "all-for-none" }),
      422,
      "validation_failed",
      /"strategy"/,
    );
    await assertError(
      await h.call("POST", "/v1/supervisors", { name: "s" }),
      422,
      "validation_failed",
      /"children" is required/,
    );
    assert.equal(
      h.kit.system.lookup("/api/s"),
      undefined,
      "nothing was spawned",
    );
  });

  test("a taken name is 409 name_taken", async () => {
    await using h = setup();
    await json(
      await h.call("POST", "/v1/supervisors", { name: "app", children: [] }),
      201,
    );
    await assertError(
      await h.call("POST", "/v1/supervisors", { name: "app", children: [] }),
      409,
      "name_taken",
    );
  });
});
