/**
 * End to end: `understudy serve --cluster` processes of the compiled binary
 * with the direct-link flags, on a real nats-server. "a" listens for links
 * on `--link-host 127.0.0.1 --link-port P` with its secret from the variable
 * `--link-secret-env` names; "b" has the same secret from
 * `UNDERSTUDY_LINK_SECRET` and an explicit `--link-advertise`; "c" has
 * another secret; "d" runs `--links off`. `GET /v1/cluster` on a shows b
 * `direct`, c and d `nats`. A bad link flag exits 2 with one clear line.
 * Skipped when the binary or nats-server is missing, unless
 * `UNDERSTUDY_REQUIRE_E2E=1`.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { BINARY, deadline, missing, Proc } from "../cli/_process.ts";
import { freePort, natsMissing, NatsServer } from "./_nats.ts";

const skip = natsMissing() ||
  missing(BINARY, "build it with: npm run build");
const TOKEN = "links-e2e-token-41c7";
const OPTIONS = { skip, timeout: 90_000 };

type NodeJson = { name: string; status: string; link: string | null };

async function nodesOf(url: string): Promise<NodeJson[]> {
  const res = await fetch(`${url}/v1/cluster`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(res.status, 200);
  return (await res.json()).nodes as NodeJson[];
}

/**
 * Each node's `link` as `url` sees it, once it knows all four nodes and its
 * link to `peer` is direct (bounded: the last answer otherwise).
 */
async function settled(
  url: string,
  peer: string,
): Promise<Record<string, string | null>> {
  let nodes: NodeJson[] = [];
  for (let i = 0; i < 2000; i++) {
    nodes = await nodesOf(url);
    const up = nodes.filter((n) => n.status === "up");
    if (
      up.length === 4 &&
      nodes.some((n) => n.name === peer && n.link === "direct")
    ) break;
  }
  return Object.fromEntries(nodes.map((n) => [n.name, n.link]));
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("serve --cluster with direct-link flags", { skip }, () => {
  let server: NatsServer;
  const procs = new Map<string, Proc>();
  const urls = new Map<string, string>();
  let portA = 0;

  const start = (
    node: string,
    flags: string[],
    env: Record<string, string>,
  ) => {
    const proc = new Proc([
      "serve",
      "--demo",
      "none",
      "--port",
      "0",
      "--token",
      TOKEN,
      "--cluster",
      server.url,
      "--node",
      node,
      "--cluster-name",
      "links",
      ...flags,
    ], { UNDERSTUDY_LINK_SECRET: "", ...env });
    procs.set(node, proc);
    return proc;
  };

  before(async () => {
    server = await NatsServer.start();
    portA = await freePort();
    const portB = await freePort();
    start("a", [
      "--link-host",
      "127.0.0.1",
      "--link-port",
      String(portA),
      "--link-secret-env",
      "A_LINK_SECRET",
    ], { A_LINK_SECRET: "shared-1" });
    start("b", [
      "--link-host",
      "127.0.0.1",
      "--link-port",
      String(portB),
      "--link-advertise",
      `127.0.0.1:${portB}`,
    ], { UNDERSTUDY_LINK_SECRET: "shared-1" });
    start("c", ["--link-port", "0"], { UNDERSTUDY_LINK_SECRET: "other" });
    start("d", ["--links", "off"], { UNDERSTUDY_LINK_SECRET: "shared-1" });
    for (const [node, proc] of procs) {
      const [, url] = await deadline(
        proc.line(/^understudy listening on (http:\/\/127\.0\.0\.1:\d+)$/),
        30_000,
        `${node}'s listening line`,
      );
      urls.set(node, url);
    }
  }, { timeout: 60_000 });

  after(async () => {
    for (const proc of procs.values()) proc.kill();
    await Promise.all([...procs.values()].map((p) => p.exited));
    await server?.dispose();
  });

  test(
    "links form on the given port with a shared secret; a wrong secret or --links off keeps NATS",
    OPTIONS,
    async () => {
      const a = urls.get("a")!;
      assert.ok(await listening(portA), "a accepts links on --link-port");
      // a sorts first, so it dials c, and c's other secret fails the
      // handshake: a says so on standard error.
      await deadline(
        procs.get("a")!.errLine(/no direct link to node "c" yet/),
        30_000,
        "a's refused link to c",
      );
      const a4 = await settled(a, "b");
      assert.deepEqual(a4, { a: null, b: "direct", c: "nats", d: "nats" });
      const b4 = await settled(urls.get("b")!, "a");
      assert.deepEqual(b4, { a: "direct", b: null, c: "nats", d: "nats" });
      for (const proc of procs.values()) {
        const exit = await proc.terminate(20_000);
        assert.equal(exit.code, 0, proc.err.join("\n"));
      }
    },
  );

  test(
    "a bad link flag is a usage error (exit 2), no stack trace",
    OPTIONS,
    async () => {
      const proc = new Proc([
        "serve",
        "--demo",
        "none",
        "--port",
        "0",
        "--cluster",
        "nats://127.0.0.1:1",
        "--node",
        "x",
        "--link-secret-env",
        "NO_SUCH_VARIABLE_41C7",
      ]);
      const exit = await deadline(proc.exited, 20_000, "exit");
      assert.equal(exit.code, 2);
      assert.match(
        proc.err[0],
        /"NO_SUCH_VARIABLE_41C7" \(named by "--link-secret-env"\) is not set/,
      );
      assert.doesNotMatch(proc.err.join("\n"), /\n\s+at /);
    },
  );
});
