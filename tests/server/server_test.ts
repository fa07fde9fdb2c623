/**
 * A real server in-process (the host's own `Deno.serve`/`Bun.serve` on
 * 127.0.0.1, a free port) hosting the fixture app: the API over the app's
 * catalog, and the graceful shutdown: 503 to new requests, queued mail
 * drained within the grace period, the rest dead-lettered and counted.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { call, fixtureApp, startFixture } from "./_fixture.ts";
import { currentRuntime } from "../../src/server/runtime.ts";
import { startServer } from "../../src/server/start.ts";

async function tellWork(base: string, count: number, ms: number) {
  for (let i = 0; i < count; i++) {
    const response = await call(base, "POST", "/v1/actors/slow/$tell", {
      message: { work: ms },
    });
    assert.equal(response.status, 202);
    await response.body?.cancel();
  }
}

describe("a server hosting an app", () => {
  test("a second server on a port in use fails to start; the first keeps the port alone", async () => {
    const first = await startFixture();
    try {
      const port = Number(new URL(first.url).port);
      await assert.rejects(
        startServer(currentRuntime(), {
          app: await fixtureApp(),
          host: "127.0.0.1",
          port,
          token: "another-token-0123456789abcdef",
        }),
      );
      // Every request reaches the first server (its token is accepted).
      for (let i = 0; i < 8; i++) {
        const response = await call(first.url, "GET", "/v1/system");
        assert.equal(response.status, 200);
        await response.body?.cancel();
      }
    } finally {
      await first.shutdown(1000);
    }
  });

  test("serves the app's tree and catalog: spawn, tell and ask over HTTP", async () => {
    const server = await startFixture();
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const tree = await (await call(server.url, "GET", "/v1/tree")).json();
      assert.deepEqual(tree.tree.map((n: { path: string }) => n.path), [
        "/slow",
      ]);
      const spawned = await call(server.url, "POST", "/v1/actors", {
        kind: "echo",
        name: "e",
        args: "> ",
      });
      assert.equal(spawned.status, 201);
      await spawned.body?.cancel();
      const asked = await call(
        server.url,
        "POST",
        "/v1/actors/api/spawned/e/$ask",
        {
          message: "hi",
        },
      );
      assert.equal(asked.status, 200);
      assert.deepEqual(await asked.json(), { reply: "> HI" });
    } finally {
      await server.shutdown(1000);
    }
  });

  test("graceful shutdown: new requests get 503 JSON, queued mail drains, the summary counts it", async () => {
    const server = await startFixture();
    await tellWork(server.url, 10, 20);
    const shutdown = server.shutdown(10_000);
    const refused = await call(server.url, "GET", "/healthz");
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get("retry-after"), "5");
    assert.deepEqual((await refused.json()).error.code, "shutting_down");
    const report = await shutdown;
    assert.equal(report.drain.drained, true);
    assert.equal(report.drain.left, 0);
    assert.equal(report.figures.processed, 10);
    assert.deepEqual(report.figures.deadLetters, {});
    assert.equal(server.system.status, "terminated");
    assert.equal(await server.shutdown(), report, "a second call is the same");
  });

  test("past the grace period the tree stops and the mail left is counted as dead letters", async () => {
    const server = await startFixture();
    await tellWork(server.url, 20, 50);
    const report = await server.shutdown(60);
    assert.equal(report.drain.drained, false);
    assert.ok(report.drain.left > 0, `left ${report.drain.left}`);
    const { processed, deadLetters, deadLettersTotal } = report.figures;
    assert.ok(processed < 20, `processed ${processed}`);
    // Every queued message is accounted for exactly once: handled (the one
    // whose handler is running when the tree stops finishes first), or a
    // dead letter with a reason.
    const counted = processed + deadLettersTotal;
    assert.equal(counted, 20, JSON.stringify(report));
    assert.ok((deadLetters.stopped ?? 0) > 0, JSON.stringify(deadLetters));
  });
});
