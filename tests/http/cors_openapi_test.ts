import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { routeTable } from "../../http.ts";
import { setup } from "./_fixtures.ts";

const ORIGIN = "https://ops.example.com";

describe("CORS", () => {
  test("is off by default: no CORS headers at all, and no preflight route", async () => {
    await using h = setup();
    const res = await h.call("GET", "/v1/system", undefined, {
      origin: ORIGIN,
    });
    assert.equal(res.status, 200);
    for (const [name] of res.headers) {
      assert.doesNotMatch(name, /^access-control-/, name);
    }
    const preflight = await h.app.request("/v1/system", {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "GET" },
    });
    assert.equal(preflight.headers.get("access-control-allow-origin"), null);
    assert.notEqual(preflight.status, 204);
  });

  test("when configured, answers preflights and allows only the listed origins", async () => {
    await using h = setup({ cors: { origins: [ORIGIN] } });
    const preflight = await h.app.request("/v1/actors", {
      method: "OPTIONS",
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), ORIGIN);
    assert.match(
      preflight.headers.get("access-control-allow-headers") ?? "",
      /Authorization/,
    );
    assert.match(
      preflight.headers.get("access-control-allow-methods") ?? "",
      /POST/,
    );
    const res = await h.call("GET", "/v1/system", undefined, {
      origin: ORIGIN,
    });
    assert.equal(res.headers.get("access-control-allow-origin"), ORIGIN);
    assert.match(res.headers.get("vary") ?? "", /Origin/);
    const other = await h.call("GET", "/v1/system", undefined, {
      origin: "https://evil.example",
    });
    assert.equal(other.headers.get("access-control-allow-origin"), null);
  });

  test("does not weaken auth: a cross-origin request still needs the token", async () => {
    await using h = setup({ cors: { origins: [ORIGIN] } });
    const res = await h.app.request("/v1/system", {
      headers: { origin: ORIGIN },
    });
    assert.equal(res.status, 401);
  });
});

/** Every route of the API, as the contract lists it. */
const ROUTES = [
  "GET /",
  "GET /healthz",
  "GET /readyz",
  "GET /openapi.json",
  "GET /metrics",
  "GET /v1/system",
  "GET /v1/tree",
  "GET /v1/kinds",
  "GET /v1/actors",
  "POST /v1/actors",
  "POST /v1/supervisors",
  "GET /v1/actors/{path}",
  "DELETE /v1/actors/{path}",
  "POST /v1/actors/{path}/$tell",
  "POST /v1/actors/{path}/$ask",
  "POST /v1/actors/{path}/$stop",
  "POST /v1/actors/{path}/$restart",
  "POST /v1/actors/{path}/$fault",
  "GET /v1/events",
  "GET /v1/cluster",
  "POST /v1/cluster/nodes/{node}/actors",
  "GET /v1/topics",
  "GET /v1/groups",
  "GET /v1/observer/overview",
  "GET /v1/observer/actors",
  "GET /v1/observer/actors/{path}",
  "GET /v1/observer/tree",
];

describe("GET /openapi.json", () => {
  test("is an OpenAPI 3.1 document describing every route", async () => {
    await using h = setup({ version: "1.2.3" });
    const doc = await (await h.app.request("/openapi.json")).json();
    assert.equal(doc.openapi, "3.1.0");
    assert.equal(doc.info.version, "1.2.3");
    const documented = Object.entries(
      doc.paths as Record<string, Record<string, unknown>>,
    ).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)
    );
    assert.deepEqual(documented.sort(), [...ROUTES].sort());
    assert.deepEqual(
      routeTable().map((r) => `${r.method} ${r.path}`).sort(),
      [...ROUTES].sort(),
    );
    assert.deepEqual(doc.components.securitySchemes.bearer, {
      type: "http",
      scheme: "bearer",
    });
    assert.deepEqual(doc.paths["/healthz"].get.security, [], "public");
    assert.ok(doc.paths["/v1/actors/{path}/$ask"].post.responses["504"]);
  });

  test("every documented route is served", async () => {
    await using h = setup({ allowFaultInjection: true });
    h.kit.system.spawn(h.counter, { name: "c", args: { start: 0 } });
    await h.kit.runUntilIdle();
    for (const route of routeTable()) {
      const path = route.path.replace("{path}", "c");
      const res = await h.call(
        route.method,
        path,
        route.method === "POST" ? {} : undefined,
      );
      if (res.headers.get("content-type")?.startsWith("text/event-stream")) {
        assert.equal(res.status, 200);
        await res.body?.cancel();
        continue;
      }
      const text = await res.text();
      assert.ok(
        !text.includes('"route_not_found"'),
        `${route.method} ${path} is routed`,
      );
    }
    for (const route of routeTable()) {
      const path = route.path.replace("{path}", "c");
      if (route.auth) {
        const anonymous = await h.app.request(path, { method: route.method });
        assert.equal(
          anonymous.status,
          401,
          `${route.method} ${path} needs auth`,
        );
        await anonymous.body?.cancel();
      }
    }
  });

  test("the route table lists each route's statuses", () => {
    const ask = routeTable().find((r) =>
      r.method === "POST" && r.path === "/v1/actors/{path}/$ask"
    )!;
    assert.deepEqual(ask.statuses, [
      200,
      400,
      401,
      404,
      409,
      413,
      415,
      422,
      429,
      502,
      504,
    ]);
    const health = routeTable().find((r) => r.path === "/healthz")!;
    assert.equal(health.auth, false);
  });
});
