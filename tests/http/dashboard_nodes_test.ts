/**
 * The dashboard's Nodes tab in headless Chromium, against a real cluster: a
 * real `nats-server -js`, node "a" served in this process (the runtime that
 * runs the test), node "b" a process of the compiled binary (Bun), and node
 * "c" a system joined from code with no control plane. The page shows the
 * nodes with status, a heartbeat age that ticks, address, runtime and actor
 * count (unknown for c), this node marked; spawns on b through the spawn
 * form; and shows b down, set apart, after a `kill -9`. Without a cluster
 * the tab says so. Takes `docs/dashboard-nodes.png` with `npm run
 * screenshot`. Skipped when Chromium, nats-server or the binary is missing,
 * unless `UNDERSTUDY_REQUIRE_E2E=1`.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { ActorSystem } from "../../mod.ts";
import {
  Catalog,
  type ControlPlaneOptions,
  createControlPlane,
} from "../../http.ts";
import { TestKit } from "../../testing.ts";
import { joinCluster } from "../../cluster.ts";
import { currentRuntime } from "../../src/cli/runtime.ts";
import { type RunningServer, startServer } from "../../src/cli/serve.ts";
import { BINARY, deadline, missing, Proc } from "../cli/_process.ts";
import { natsMissing, NatsServer } from "../cluster/_nats.ts";
import { launch, serve, skip as noChromium } from "./_browser.ts";

const TOKEN = "nodes-token-5b9e01";
const skipCluster = noChromium || natsMissing() ||
  missing(BINARY, "build it with: npm run build");
const UPDATE = process.env.UNDERSTUDY_UPDATE_SCREENSHOT === "1";

type NodeJson = {
  name: string;
  status: string;
  self: boolean;
  heartbeatAgeMs: number;
  link: string | null;
  address: string | null;
  runtime: { name: string; version: string } | null;
  version: string | null;
  actors: number | null;
};

async function get(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(res.status, 200, url);
  return await res.json();
}

/** A one-node cluster as the control plane sees one, without NATS. */
const alone = {
  name: "solo",
  cluster: "c1",
  nodes: () => [{
    name: "solo",
    status: "up" as const,
    self: true,
    lastHeartbeat: Date.now(),
    since: Date.now(),
  }],
  spawnOn: () => Promise.reject(new Error("not here")),
  serveSpawns: () => {},
};

describe("this node's address in GET /v1/cluster", () => {
  const ask = async (address?: ControlPlaneOptions["address"]) => {
    await using kit = new TestKit();
    const app = createControlPlane({
      system: kit.system,
      catalog: new Catalog(),
      token: TOKEN,
      cluster: alone,
      address,
    });
    const res = await app.request("http://example.test:9000/v1/cluster", {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(res.status, 200);
    const node = ((await res.json()).nodes as NodeJson[])[0];
    assert.equal(node.actors, 1, "the node-info actor");
    return node.address;
  };

  test("is the address option, a string or a function read at each request", async () => {
    assert.equal(await ask("http://10.0.0.7:8080"), "http://10.0.0.7:8080");
    assert.equal(
      await ask(() => "http://10.0.0.8:8080"),
      "http://10.0.0.8:8080",
    );
  });

  test("defaults to the origin of the request", async () => {
    assert.equal(await ask(), "http://example.test:9000");
    assert.equal(await ask(() => undefined), "http://example.test:9000");
  });

  test("a bad address option is a TypeError", async () => {
    await using kit = new TestKit();
    assert.throws(
      () =>
        createControlPlane({
          system: kit.system,
          catalog: new Catalog(),
          token: TOKEN,
          address: 42 as never,
        }),
      TypeError,
    );
  });
});

describe("the dashboard's Nodes tab", () => {
  test(
    "says the server is not in a cluster, and the spawn form has no node picker",
    { skip: noChromium, timeout: 60_000 },
    async () => {
      const server = serve(TOKEN);
      const browser = await launch();
      try {
        const page = await browser.open(`${server.url}/#token=${TOKEN}`);
        await page.getByTestId("tab-nodes").click();
        await page.getByTestId("no-cluster").filter({
          hasText: "Not in a cluster",
        }).waitFor();
        assert.equal(await page.getByTestId("node-row").count(), 0);
        await page.getByTestId("tab-spawn").click();
        assert.equal(await page.getByTestId("spawn-node").isVisible(), false);
        await page.close();
      } finally {
        await browser.close();
        await server.close();
      }
    },
  );

  test(
    "lists a real cluster's nodes live, spawns on the other node, and shows it down after kill -9",
    { skip: skipCluster, timeout: 120_000 },
    async () => {
      const nats = await NatsServer.start();
      let a: RunningServer | undefined;
      let b: Proc | undefined;
      const c = new ActorSystem({ name: "c" });
      const browser = await launch({ width: 1300, height: 640 });
      try {
        a = await startServer(currentRuntime(), {
          host: "127.0.0.1",
          port: 0,
          token: TOKEN,
          demo: "trading",
          cluster: {
            servers: nats.url,
            node: "a",
            cluster: "dash",
            heartbeatMs: 250,
            downAfterMs: 1500,
          },
        });
        b = new Proc([
          "serve",
          "--demo",
          "trading",
          "--port",
          "0",
          "--token",
          TOKEN,
          "--cluster",
          nats.url,
          "--node",
          "b",
          "--cluster-name",
          "dash",
          "--down-after",
          "1.5",
        ]);
        const [, bUrl] = await deadline(
          b.line(/^understudy listening on (http:\/\/127\.0\.0\.1:\d+)$/),
          30_000,
          "b's listening line",
        );

        await joinCluster({
          system: c,
          servers: nats.url,
          node: "c",
          cluster: "dash",
          heartbeatMs: 250,
          downAfterMs: 1500,
        });

        const page = await browser.open(`${a.url}/#token=${TOKEN}`);
        await page.getByTestId("tab-nodes").click();
        const rowA = page.locator('[data-testid="node-row"][data-node="a"]');
        const rowB = page.locator('[data-testid="node-row"][data-node="b"]');
        const rowC = page.locator('[data-testid="node-row"][data-node="c"]');
        await rowB.and(page.locator('[data-status="up"]')).waitFor();
        // b's details come from its own control plane, over the cluster.
        await rowB.getByTestId("node-runtime").filter({ hasText: /^bun / })
          .waitFor();

        // c runs no control plane: up, its details unknown.
        await rowC.and(page.locator('[data-status="up"]')).waitFor();
        assert.equal(
          await rowC.getByTestId("node-runtime").textContent(),
          "unknown",
        );
        assert.equal(
          await rowC.getByTestId("node-address").textContent(),
          "unknown",
        );
        assert.equal(
          await rowC.getByTestId("node-actors").textContent(),
          "\u2013",
        );

        // This node: marked, its own runtime, address and actor count.
        assert.equal(
          await rowA.getByTestId("node-self").textContent(),
          "this node",
        );
        assert.equal(await rowB.getByTestId("node-self").count(), 0);
        assert.equal(await rowA.getByTestId("node-status").textContent(), "up");
        assert.match(
          await rowA.getByTestId("node-runtime").textContent() ?? "",
          new RegExp(`^${currentRuntime().name} `),
        );
        assert.equal(
          await rowA.getByTestId("node-address").textContent(),
          a.url,
        );
        assert.equal(
          await rowB.getByTestId("node-address").textContent(),
          bUrl,
        );
        for (const row of [rowA, rowB]) {
          const actors = Number(
            await row.getByTestId("node-actors").textContent(),
          );
          assert.ok(actors > 0, `an actor count, got ${actors}`);
        }
        // The API says the same.
        const cluster = await get(`${a.url}/v1/cluster`);
        const listed = cluster.nodes as NodeJson[];
        assert.deepEqual(listed.map((n) => [n.name, n.status, n.self]), [
          ["a", "up", true],
          ["b", "up", false],
          ["c", "up", false],
        ]);
        assert.deepEqual(
          [listed[2].address, listed[2].runtime, listed[2].actors],
          [null, null, null],
        );
        assert.equal(listed[1].runtime?.name, "bun");
        assert.equal(listed[1].address, bUrl);
        assert.equal(listed[0].link, null);
        assert.ok(
          listed[1].link === "direct" || listed[1].link === "nats",
          `b's link: ${listed[1].link}`,
        );
        assert.ok(listed[1].heartbeatAgeMs >= 0);
        const bSystem = await get(`${bUrl}/v1/system`);
        assert.equal(
          listed[1].version,
          (bSystem as { version: string }).version,
        );

        // Links: a and b talk over a direct link once one is up (the
        // default between loopback nodes), this node has none.
        await rowB.getByTestId("node-link").filter({ hasText: /^direct$/ })
          .waitFor({ timeout: 20_000 });
        assert.equal(
          await rowA.getByTestId("node-link").textContent(),
          "\u2013",
        );

        // The heartbeat age ticks between polls.
        const age = rowB.getByTestId("node-heartbeat");
        const first = await age.textContent();
        assert.match(first ?? "", /^\d+\.\d s ago$/);
        await page.waitForFunction(
          (was) =>
            document.querySelector(
              '[data-node="b"] [data-testid="node-heartbeat"]',
            )?.textContent !== was,
          first,
        );

        // Spawn on b from its row: the form targets b.
        await rowB.getByTestId("node-spawn").click();
        await page.getByTestId("panel-spawn").waitFor();
        assert.equal(await page.getByTestId("spawn-node").inputValue(), "b");
        await page.locator("#spawn-kind").selectOption("order-executor");
        await page.locator("#spawn-name").fill("from-a");
        await page.getByTestId("spawn-form").getByRole("button", {
          name: "Spawn",
        }).click();
        await page.getByTestId("toast").filter({
          hasText: "Spawned /api/spawned/from-a on node b",
        }).waitFor();
        const onB = await fetch(`${bUrl}/v1/actors/api/spawned/from-a`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        assert.equal(onB.status, 200, "the actor lives on b");
        await onB.body?.cancel();
        const onA = await fetch(`${a.url}/v1/actors/api/spawned/from-a`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        assert.equal(onA.status, 404, "not on a");
        await onA.body?.cancel();

        // b dies without a word: a declares it down, and the page shows it.
        b.kill();
        await b.exited;
        await page.getByTestId("tab-nodes").click();
        await rowB.and(page.locator('[data-status="down"]')).waitFor({
          timeout: 20_000,
        });
        assert.equal(
          await rowB.getByTestId("node-status").textContent(),
          "down",
        );
        assert.match(await rowB.getAttribute("class") ?? "", /\bnode-down\b/);
        assert.equal(await rowB.getByTestId("node-spawn").isDisabled(), true);
        assert.equal(
          await rowB.getByTestId("node-actors").textContent(),
          "\u2013",
        );
        const option = page.locator('#spawn-node option[value="b"]');
        assert.equal(await option.isDisabled(), true);
        assert.match(
          await page.locator("#nodes-summary").textContent() ?? "",
          /3 nodes · 1 down/,
        );
        if (UPDATE) {
          const path = fileURLToPath(
            new URL("../../docs/dashboard-nodes.png", import.meta.url),
          );
          await page.mouse.move(0, 0);
          await page.screenshot({ path, animations: "disabled" });
          assert.ok(statSync(path).size > 10_000);
        }

        await page.close();
      } finally {
        b?.kill();
        await browser.close();
        await a?.close();
        await c.shutdown();
        await nats.dispose();
      }
    },
  );
});
