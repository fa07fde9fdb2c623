/**
 * The cluster through the control plane: `GET /v1/cluster` lists the nodes,
 * `POST /v1/cluster/nodes/{node}/actors` spawns a catalog kind on another
 * node (validated by that node's catalog), and both answer 404
 * `cluster_disabled` on a server that joined no cluster.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  ActorSystem,
  countChildren,
  defineActor,
  type ReplyPort,
} from "../../mod.ts";
import { Catalog, createControlPlane } from "../../http.ts";
import { type ClusterNode, joinCluster } from "../../cluster.ts";
import { natsMissing, NatsServer } from "./_nats.ts";

const skip = natsMissing();
const OPTIONS = { skip, timeout: 30_000 };
const TOKEN = "cluster-test-token";
const B_POOL = 5;

type Msg = { type: "get"; replyTo: ReplyPort<number> };
const counter = defineActor({
  kind: "counter",
  init: (start: number) => start,
  receive(n: number, msg: Msg) {
    msg.replyTo.reply(n);
    return n;
  },
});

function catalog(): Catalog {
  return new Catalog().register("counter", {
    definition: counter,
    args: (x) =>
      typeof x === "number"
        ? { value: x }
        : { issues: [{ message: "must be a number" }] },
  });
}

async function call(
  app: ReturnType<typeof createControlPlane>,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      "content-type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe("the control plane of a cluster node", { skip }, () => {
  let server: NatsServer;
  const systems: ActorSystem[] = [];
  const nodes: ClusterNode[] = [];
  const apps: ReturnType<typeof createControlPlane>[] = [];

  before(async () => {
    server = await NatsServer.start();
    for (const name of ["a", "b"]) {
      const system = new ActorSystem({ name });
      const node = await joinCluster({
        system,
        node: name,
        cluster: "plane",
        servers: server.url,
        heartbeatMs: 100,
        downAfterMs: 1000,
      });
      systems.push(system);
      nodes.push(node);
      apps.push(
        createControlPlane({
          system,
          catalog: catalog(),
          token: TOKEN,
          cluster: node,
          // b's pool is small, so a remote spawn can find it full.
          ...(name === "b" ? { maxSpawned: B_POOL } : {}),
        }),
      );
    }
    if (!nodes[0].nodes().some((n) => n.name === "b")) {
      await new Promise<void>((resolve) => {
        const off = nodes[0].onNodeEvent((e) => {
          if (e.node === "b") {
            off();
            resolve();
          }
        });
      });
    }
  });

  after(async () => {
    for (const system of systems) await system.shutdown();
    await server?.dispose();
  });

  test(
    "GET /v1/cluster lists the nodes with status and last heartbeat",
    OPTIONS,
    async () => {
      const { status, json } = await call(apps[0], "GET", "/v1/cluster");
      assert.equal(status, 200);
      assert.equal(json.cluster, "plane");
      assert.equal(json.node, "a");
      const list = json.nodes as {
        name: string;
        status: string;
        self: boolean;
        lastHeartbeat: string;
      }[];
      assert.deepEqual(list.map((n) => [n.name, n.status, n.self]), [[
        "a",
        "up",
        true,
      ], ["b", "up", false]]);
      assert.ok(!Number.isNaN(Date.parse(list[1].lastHeartbeat)));
    },
  );

  test(
    "POST /v1/cluster/nodes/b/actors spawns on b through a's control plane",
    OPTIONS,
    async () => {
      const { status, json } = await call(
        apps[0],
        "POST",
        "/v1/cluster/nodes/b/actors",
        {
          kind: "counter",
          name: "c1",
          args: 41,
        },
      );
      assert.equal(status, 201, JSON.stringify(json));
      assert.deepEqual(json, { node: "b", path: "/api/spawned/c1" });
      const local = systems[1].lookup<Msg>("/api/spawned/c1");
      assert.ok(local !== undefined, "spawned on b");
      assert.equal(
        await local.ask<number>((replyTo) => ({ type: "get", replyTo })),
        41,
      );
      const remote = nodes[0].refAt<Msg>("b", "/api/spawned/c1");
      assert.equal(
        await remote.ask<number>((replyTo) => ({ type: "get", replyTo })),
        41,
      );
    },
  );

  test(
    "refusals keep their status: unknown kind, bad args, taken name, unknown node",
    OPTIONS,
    async () => {
      const path = "/v1/cluster/nodes/b/actors";
      const unknown = await call(apps[0], "POST", path, { kind: "nope" });
      assert.equal(unknown.status, 404);
      assert.equal(
        (unknown.json.error as { code: string }).code,
        "kind_not_found",
      );
      const bad = await call(apps[0], "POST", path, {
        kind: "counter",
        args: "x",
      });
      assert.equal(bad.status, 422);
      assert.equal(
        (bad.json.error as { code: string }).code,
        "validation_failed",
      );
      await call(apps[0], "POST", path, {
        kind: "counter",
        name: "twice",
        args: 1,
      });
      const taken = await call(apps[0], "POST", path, {
        kind: "counter",
        name: "twice",
        args: 1,
      });
      assert.equal(taken.status, 409, JSON.stringify(taken.json));
      const nowhere = await call(
        apps[0],
        "POST",
        "/v1/cluster/nodes/zz/actors",
        { kind: "counter" },
      );
      assert.equal(nowhere.status, 404);
      assert.equal(
        (nowhere.json.error as { code: string }).code,
        "node_not_found",
      );
    },
  );

  test(
    "a spawn on a node whose pool is full is 409 max_children, and adds nothing there",
    OPTIONS,
    async () => {
      const path = "/v1/cluster/nodes/b/actors";
      const statuses: number[] = [];
      let full: { status: number; json: Record<string, unknown> } | undefined;
      for (let i = 0; i <= B_POOL && full === undefined; i++) {
        const res = await call(apps[0], "POST", path, {
          kind: "counter",
          args: i,
        });
        statuses.push(res.status);
        if (res.status !== 201) full = res;
      }
      assert.ok(full !== undefined, `never full: ${statuses}`);
      assert.equal(full.status, 409, JSON.stringify(full.json));
      assert.equal(
        (full.json.error as { code: string }).code,
        "max_children",
      );
      const pool = systems[1].lookup("/api/spawned")!;
      assert.equal(countChildren(pool).active, B_POOL);
    },
  );

  test(
    "a server without a cluster answers 404 cluster_disabled",
    OPTIONS,
    async () => {
      await using system = new ActorSystem();
      const app = createControlPlane({
        system,
        catalog: catalog(),
        token: TOKEN,
      });
      const res = await call(app, "GET", "/v1/cluster");
      assert.equal(res.status, 404);
      assert.equal(
        (res.json.error as { code: string }).code,
        "cluster_disabled",
      );
    },
  );
});
