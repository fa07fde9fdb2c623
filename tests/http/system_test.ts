import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  childSpec,
  defineActor,
  dynamicSupervisor,
  startChild,
  supervisor,
} from "../../mod.ts";
import { dashboardPage } from "../../src/http/dashboard.ts";
import { assertError, brokenKind, counterKind, setup } from "./_fixtures.ts";

describe("public routes", () => {
  test("GET / serves the dashboard page as HTML", async () => {
    await using h = setup();
    const res = await h.app.request("/");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
    assert.equal(await res.text(), dashboardPage());
  });

  test("GET /healthz answers ok", async () => {
    await using h = setup();
    const res = await h.app.request("/healthz");
    assert.deepEqual(await res.json(), { status: "ok" });
  });

  test("GET /readyz is 200 while the system runs and 503 once it stops", async () => {
    await using h = setup();
    const ready = await h.app.request("/readyz");
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: "ready" });
    const done = h.kit.system.shutdown();
    const stopping = await h.app.request("/readyz");
    assert.equal(stopping.status, 503);
    assert.deepEqual(await stopping.json(), { status: "stopping" });
    await h.kit.runUntilIdle();
    await done;
    assert.equal((await h.app.request("/readyz")).status, 503);
  });

  test("responses carry defensive headers", async () => {
    await using h = setup();
    const res = await h.app.request("/healthz");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.equal(res.headers.get("cache-control"), "no-store");
  });

  test("an unknown route is 404 route_not_found", async () => {
    await using h = setup();
    await assertError(await h.app.request("/nope"), 404, "route_not_found");
    await assertError(
      await h.call("GET", "/v1/no\u0001pe"),
      404,
      "route_not_found",
      /no%01pe/,
    );
  });

  test("a wrong method on a known route is 405 with Allow, after the token check", async () => {
    await using h = setup();
    const put = await h.call("PUT", "/v1/system");
    assert.equal(put.headers.get("allow"), "GET, HEAD");
    await assertError(put, 405, "method_not_allowed", /PUT/);
    const post = await h.app.request("/healthz", { method: "POST" });
    assert.equal(post.headers.get("allow"), "GET, HEAD");
    await assertError(post, 405, "method_not_allowed");
    const actors = await h.call("DELETE", "/v1/actors");
    assert.equal(actors.headers.get("allow"), "GET, HEAD, POST");
    await assertError(actors, 405, "method_not_allowed");
    const node = await h.call("GET", "/v1/cluster/nodes/n1/actors");
    assert.equal(node.headers.get("allow"), "POST", "one-segment parameters");
    await assertError(node, 405, "method_not_allowed");
    await assertError(
      await h.app.request("/v1/system", { method: "PUT" }),
      401,
      "unauthorized",
    );
  });

  test("HEAD works wherever GET does", async () => {
    await using h = setup();
    const res = await h.app.request("/healthz", { method: "HEAD" });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "");
  });
});

describe("GET /v1/system", () => {
  test("reports name, version, runtime, uptime, counts, dead letters and scheduler", async () => {
    await using h = setup({
      version: "9.9.9",
      runtime: { name: "testrt", version: "1.2.3" },
      allowFaultInjection: true,
    });
    const { kit } = h;
    const ref = kit.system.spawn(counterKind(), {
      name: "c",
      args: { start: 0 },
    });
    await kit.runUntilIdle();
    await ref.stop();
    ref.tell({ type: "add", n: 1 }); // a dead letter
    kit.system.spawn(counterKind(), { name: "d", args: { start: 0 } });
    await kit.advance(1500);
    const body = await (await h.call("GET", "/v1/system")).json();
    assert.equal(body.name, "understudy");
    assert.equal(body.version, "9.9.9");
    assert.deepEqual(body.runtime, { name: "testrt", version: "1.2.3" });
    assert.equal(body.status, "running");
    assert.equal(body.uptimeMs, 1500);
    assert.equal(body.actors.total, 1);
    assert.equal(body.actors.byStatus.running, 1);
    assert.equal(body.actors.byStatus.failed, 0);
    assert.equal(body.deadLetters, 1);
    for (const key of ["queued", "inFlight", "turns", "yields"]) {
      assert.equal(typeof body.scheduler[key], "number", key);
    }
    assert.ok(body.scheduler.turns > 0);
    assert.equal(body.faultInjection, true);
  });

  test("detects the runtime from the user agent by default", async () => {
    await using h = setup();
    const body = await (await h.call("GET", "/v1/system")).json();
    assert.ok(["deno", "bun", "node"].includes(body.runtime.name));
    assert.match(body.runtime.version, /^\d+\.\d+/);
    assert.equal(body.faultInjection, false);
  });
});

describe("the overview routes and user code", () => {
  test("/v1/system, /metrics, /v1/tree and the observer's lists take no snapshot (user code) of any actor", async () => {
    await using h = setup();
    let snapshots = 0;
    const watched = defineActor({
      kind: "watched",
      init: () => 0,
      receive: () => {},
      snapshot: () => {
        snapshots++;
        return {};
      },
    });
    for (let i = 0; i < 20; i++) h.kit.system.spawn(watched, { name: `w${i}` });
    await h.kit.runUntilIdle();
    const system = await (await h.call("GET", "/v1/system")).json();
    assert.equal(system.actors.total, 20);
    const metrics = await (await h.call("GET", "/metrics")).text();
    assert.match(metrics, /understudy_actors\{status="running"\} 20/);
    for (
      const path of ["/v1/tree", "/v1/observer/tree", "/v1/observer/actors"]
    ) {
      assert.equal((await h.call("GET", path)).status, 200, path);
    }
    assert.equal(snapshots, 0);
    const one = await (await h.call("GET", "/v1/actors/w3")).json();
    assert.deepEqual(one.snapshot, {});
    assert.equal(snapshots, 1, "inspecting one actor takes its snapshot");
  });
});

describe("GET /v1/tree and /v1/kinds", () => {
  test("the tree shows supervisors, strategies and children with restarts and mailbox depth", async () => {
    await using h = setup();
    const worker = defineActor({ kind: "w", init: () => 0, receive: () => {} });
    h.kit.system.spawn(
      supervisor({
        strategy: "one-for-all",
        children: [childSpec("a", worker), childSpec("b", worker)],
      }),
      { name: "app" },
    );
    await h.kit.runUntilIdle();
    const { tree } = await (await h.call("GET", "/v1/tree")).json();
    assert.equal(tree.length, 1);
    assert.equal(tree[0].path, "/app");
    assert.equal(tree[0].strategy, "one-for-all");
    assert.deepEqual(
      tree[0].children.map((
        n: { path: string; status: string; restarts: number; kind: string },
      ) => [n.path, n.kind, n.status, n.restarts]),
      [["/app/a", "w", "running", 0], ["/app/b", "w", "running", 0]],
    );
    assert.equal(tree[0].children[0].mailboxDepth, 0);
  });

  test("the tree lists at most ?children= children per actor (1000 by default), the rest counted in more", async () => {
    await using h = setup();
    const worker = defineActor({ kind: "w", init: () => 0, receive: () => {} });
    const pool = h.kit.system.spawn(dynamicSupervisor(), { name: "pool" });
    await h.kit.runUntilIdle();
    for (let i = 0; i < 1003; i++) {
      await startChild(pool, { id: `w${i}`, start: worker });
    }
    for (let i = 0; i < 3; i++) h.kit.system.spawn(worker, { name: `t${i}` });
    await h.kit.runUntilIdle();
    const full = await (await h.call("GET", "/v1/tree")).json();
    assert.equal(full.tree.length, 4);
    assert.equal(full.more, undefined);
    assert.equal(full.tree[0].children.length, 1000);
    assert.equal(full.tree[0].more, 3);
    assert.equal(full.tree[0].children[999].path, "/pool/w999");
    const cut = await (await h.call("GET", "/v1/tree?children=2")).json();
    assert.deepEqual(cut.tree.map((n: { path: string }) => n.path), [
      "/pool",
      "/t0",
    ]);
    assert.equal(cut.more, 2);
    assert.equal(cut.tree[0].more, 1001);
    assert.equal(cut.tree[1].more, undefined);
    for (const bad of ["-1", "x", "100001", ""]) {
      await assertError(
        await h.call("GET", `/v1/tree?children=${bad}`),
        400,
        "bad_request",
        /children/,
      );
    }
    await assertError(
      await h.call("GET", "/v1/tree?depth=2"),
      400,
      "bad_request",
      /Unknown query parameter "depth"/,
    );
  });

  test("the catalog lists each kind and what it accepts", async () => {
    await using h = setup();
    const { items } = await (await h.call("GET", "/v1/kinds")).json();
    assert.deepEqual(items, [
      {
        name: "counter",
        description: "Adds numbers",
        args: true,
        tell: true,
        ask: true,
        schemas: { args: null, message: null, ask: null },
      },
      {
        name: "silent",
        description: null,
        args: false,
        tell: false,
        ask: false,
        schemas: { args: null, message: null, ask: null },
      },
      {
        name: "broken",
        description: null,
        args: false,
        tell: false,
        ask: true,
        schemas: { args: null, message: null, ask: null },
      },
      {
        name: "faulty",
        description: null,
        args: false,
        tell: false,
        ask: false,
        schemas: { args: null, message: null, ask: null },
      },
    ]);
  });
});

describe("unexpected errors", () => {
  test("a bug in program code is a generic 500 internal, logged but not shown", async () => {
    await using h = setup();
    h.kit.system.spawn(brokenKind, { name: "b" });
    await h.kit.runUntilIdle();
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const res = await h.call("POST", "/v1/actors/b/$ask", {});
      const message = await assertError(res, 500, "internal");
      assert.doesNotMatch(message, /secret internal detail/);
    } finally {
      console.error = original;
    }
    assert.equal(logged.length, 1);
    assert.match(String((logged[0][1] as Error).message), /secret internal/);
  });
});
