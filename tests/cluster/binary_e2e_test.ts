/**
 * End to end: two `understudy serve --cluster` processes of the compiled
 * binary join one cluster through a real nats-server; an actor is spawned on
 * one through the other's control plane. Skipped when the binary or
 * nats-server is missing, unless `UNDERSTUDY_REQUIRE_E2E=1`.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BINARY, deadline, missing, Proc } from "../cli/_process.ts";
import { natsMissing, NatsServer } from "./_nats.ts";

const skip = natsMissing() ||
  missing(BINARY, "build it with: npm run build");
const TOKEN = "cluster-e2e-token-8d2f";
const OPTIONS = { skip, timeout: 90_000 };
const auth = { authorization: `Bearer ${TOKEN}` };

async function json(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    ...init,
    headers: { ...auth, "content-type": "application/json", ...init.headers },
  });
  return { status: res.status, body: await res.json() };
}

describe("two understudy binaries in one cluster", { skip }, () => {
  let server: NatsServer;
  const procs: Proc[] = [];
  const urls: string[] = [];

  before(async () => {
    server = await NatsServer.start();
    for (const node of ["a", "b"]) {
      procs.push(
        new Proc([
          "serve",
          "--demo",
          "trading",
          "--port",
          "0",
          "--token",
          TOKEN,
          "--cluster",
          server.url,
          "--node",
          node,
          "--cluster-name",
          "e2e",
          "--down-after",
          "2",
        ]),
      );
    }
    for (const proc of procs) {
      const [, url] = await deadline(
        proc.line(/^understudy listening on (http:\/\/127\.0\.0\.1:\d+)$/),
        30_000,
        "the listening line",
      );
      urls.push(url);
      await deadline(
        proc.line(/^cluster: node "[ab]" of "e2e"$/),
        5_000,
        "the cluster line",
      );
    }
  }, { timeout: 60_000 });

  after(async () => {
    for (const proc of procs) proc.kill();
    await Promise.all(procs.map((p) => p.exited));
    await server?.dispose();
  });

  test(
    "a spawns an actor on b through its control plane; both exit 0 on SIGTERM",
    OPTIONS,
    async () => {
      // b said hello while joining, before it listened: a knows it by now,
      // or within a few requests.
      let nodes: { name: string; status: string }[] = [];
      for (let i = 0; i < 500 && !nodes.some((n) => n.name === "b"); i++) {
        nodes = (await json(`${urls[0]}/v1/cluster`)).body
          .nodes as typeof nodes;
      }
      assert.deepEqual(nodes.map((n) => [n.name, n.status]), [["a", "up"], [
        "b",
        "up",
      ]]);

      const spawned = await json(`${urls[0]}/v1/cluster/nodes/b/actors`, {
        method: "POST",
        body: JSON.stringify({ kind: "order-executor", name: "ex1" }),
      });
      assert.equal(spawned.status, 201, JSON.stringify(spawned.body));
      assert.deepEqual(spawned.body, { node: "b", path: "/api/spawned/ex1" });
      const onB = await json(`${urls[1]}/v1/actors/api/spawned/ex1`);
      assert.equal(onB.status, 200);
      const onA = await json(`${urls[0]}/v1/actors/api/spawned/ex1`);
      assert.equal(onA.status, 404, "it lives on b, not a");

      const unknown = await json(`${urls[0]}/v1/cluster/nodes/b/actors`, {
        method: "POST",
        body: JSON.stringify({ kind: "no-such-kind" }),
      });
      assert.equal(unknown.status, 404);
      assert.equal(
        (unknown.body.error as { code: string }).code,
        "kind_not_found",
      );

      for (const proc of procs) {
        const exit = await proc.terminate(20_000);
        assert.equal(exit.code, 0, proc.err.join("\n"));
      }
    },
  );

  test(
    "--node without --cluster is a usage error (exit 2)",
    OPTIONS,
    async () => {
      const proc = new Proc([
        "serve",
        "--demo",
        "none",
        "--port",
        "0",
        "--node",
        "x",
      ]);
      const exit = await deadline(proc.exited, 20_000, "exit");
      assert.equal(exit.code, 2);
      assert.match(proc.err.join("\n"), /"--node" needs "--cluster"/);
    },
  );
});
