/**
 * Direct links between real node processes (Deno and Bun) beside a real
 * nats-server: tells and asks cross them while NATS is cut off, a node with
 * a wrong secret (or a bare socket) cannot open one, a link killed in the
 * middle of a stream falls back to NATS and comes back with per-pair order
 * kept across both switches (and a refused redial stays on NATS), and `kill -9` of a linked node still gives
 * node-down.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect as tcpConnect } from "node:net";
import process from "node:process";
import { connect as natsConnect } from "@nats-io/transport-node";
import { type ActorRef, ActorSystem, type Terminated } from "../../mod.ts";
import { type ClusterNode, joinCluster, NodeDownError } from "../../cluster.ts";
import { freePort, natsMissing, NatsServer } from "./_nats.ts";
import { type NodeProcess, startNode, stopNode } from "./_nodes.ts";
import { PausableProxy } from "./_proxy.ts";
import { LinkProxy } from "./_link_proxy.ts";
import type { CollectorMsg, ControlMsg, EchoMsg } from "./_node_actors.ts";
import { spawnTestActors } from "./_node_actors.ts";
import { deadline } from "../cli/_process.ts";

const skip = natsMissing();
const OPTIONS = { skip, timeout: 90_000 };
const HEARTBEAT_MS = 100;
const DOWN_AFTER_MS = 3000;

/** Polls `check` every 10 ms until it holds (bounded). */
async function until(check: () => boolean, what: string, ms = 20_000) {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const direct = (node: ClusterNode, peer: string) =>
  node.nodes().some((n) => n.name === peer && n.direct);

/** Sequence numbers strictly increasing, ending at `last`. */
function assertOrdered(seqs: number[] | undefined, last: number, what: string) {
  assert.ok(seqs !== undefined && seqs.length > 0, `${what}: nothing`);
  for (let i = 1; i < seqs.length; i++) {
    assert.ok(seqs[i] > seqs[i - 1], `${what}: ${seqs[i - 1]} then ${seqs[i]}`);
  }
  assert.equal(seqs.at(-1), last, `${what}: the tail after the switch`);
}

describe("direct links between nodes", { skip }, () => {
  let server: NatsServer;
  let natsProxy: PausableProxy;
  let linkProxy: LinkProxy;
  let slowNats: LinkProxy;
  let system: ActorSystem;
  let node: ClusterNode;
  let systemU: ActorSystem;
  let nodeU: ClusterNode;
  const procs: NodeProcess[] = [];
  const cluster = `d${process.pid}`;
  const settings = () => ({
    servers: server.url,
    cluster,
    heartbeatMs: HEARTBEAT_MS,
    downAfterMs: DOWN_AFTER_MS,
  });

  before(async () => {
    server = await NatsServer.start();
    // n1 < n2 < n3 < t < u: of two nodes, the first in this order dials.
    procs.push(
      startNode("deno", "n1", settings()),
      startNode("bun", "n2", settings()),
      startNode("deno", "n3", {
        ...settings(),
        directLinks: { secret: "not-the-cluster-secret" },
      }),
    );
    // t reaches NATS through a proxy the tests can pause.
    natsProxy = await PausableProxy.start(server.port);
    system = new ActorSystem({ name: "t" });
    node = await joinCluster({
      system,
      node: "t",
      ...settings(),
      servers: natsProxy.url,
    });
    spawnTestActors(node, system);
    // u is dialed through a proxy the tests can break, and hears NATS late.
    const linkPort = await freePort();
    linkProxy = await LinkProxy.start(linkPort);
    slowNats = await LinkProxy.start(server.port, 150);
    systemU = new ActorSystem({ name: "u" });
    nodeU = await joinCluster({
      system: systemU,
      node: "u",
      ...settings(),
      servers: slowNats.url,
      directLinks: {
        port: linkPort,
        advertise: `127.0.0.1:${linkProxy.port}`,
      },
    });
    spawnTestActors(nodeU, systemU);
    await deadline(
      Promise.all(procs.map((p) => p.ready)),
      60_000,
      "three nodes ready",
    );
  }, { timeout: 90_000 });

  after(async () => {
    await Promise.all(procs.map((p) => stopNode(p)));
    await system?.shutdown();
    await systemU?.shutdown();
    await linkProxy?.close();
    await slowNats?.close();
    await natsProxy?.close();
    await server?.dispose();
  }, { timeout: 30_000 });

  test(
    "tells and asks cross Deno and Bun links while NATS is cut off",
    OPTIONS,
    async () => {
      await until(
        () => direct(node, "n1") && direct(node, "n2") && direct(node, "u"),
        "links from t",
      );
      const echoAt = (n: string) => node.refAt<EchoMsg>(n, "/echo");
      natsProxy.pause();
      try {
        for (const n of ["n1", "n2"]) {
          assert.equal(
            await echoAt(n).ask<string>((replyTo) => ({
              t: "echo",
              text: "direct",
              replyTo,
            })),
            `direct@${n}`,
          );
        }
        // n1 (Deno) tells n2 (Bun), which answers t's port: three links.
        assert.equal(
          await node.refAt<ControlMsg>("n1", "/control").ask<string>((
            replyTo,
          ) => ({ t: "forward", to: echoAt("n2"), text: "via", replyTo })),
          "via@n2",
        );
        const collector = system.lookup<CollectorMsg>("/collector")!;
        assert.equal(
          await node.refAt<ControlMsg>("n2", "/control").ask<string>((
            replyTo,
          ) => ({ t: "burst", to: collector, n: 2000, replyTo })),
          "sent",
        );
        const seen = await collector.ask<Record<string, number[]>>((
          replyTo,
        ) => ({ t: "get", replyTo }));
        assert.deepEqual(seen.n2, Array.from({ length: 2000 }, (_, i) => i));
      } finally {
        natsProxy.resume();
      }
    },
  );

  test(
    "a node with a wrong secret, or a bare socket, cannot open a link",
    OPTIONS,
    async () => {
      const n3 = procs[2];
      await until(
        () => n3.log().includes('no direct link to node "t"'),
        "n3 refused by t",
      );
      assert.equal(direct(node, "n3"), false);
      assert.equal(
        await node.refAt<EchoMsg>("n3", "/echo").ask<string>((replyTo) => ({
          t: "echo",
          text: "over nats",
          replyTo,
        })),
        "over nats@n3",
      );
      // t's address, as any reader of the cluster's heartbeats sees it.
      const nc = await natsConnect({ servers: server.url });
      const heard = Promise.withResolvers<string>();
      nc.subscribe(`understudy.${cluster}.hb`, {
        callback: (_error, msg) => {
          const beat = JSON.parse(msg.string());
          if (beat.n === "t") heard.resolve(beat.d);
        },
      });
      const address = await deadline(heard.promise, 10_000, "t's heartbeat");
      await nc.close();
      const port = Number(address.split(":").at(-1));
      const tries = [
        // A batch without a handshake.
        `[[0,"/collector",{"t":"put","from":"evil","seq":0},0]]\n`,
        // A hello with a forged proof.
        `${
          JSON.stringify({
            c: cluster,
            f: "evil",
            fi: "x",
            t: "t",
            ti: node.incarnation,
            id: 7,
            na: "00",
          })
        }\n{"m":"${
          "0".repeat(64)
        }"}\n[[0,"/collector",{"t":"put","from":"evil","seq":1},0]]\n`,
      ];
      for (const text of tries) {
        const socket = tcpConnect(port, "127.0.0.1");
        const closed = new Promise((resolve) => socket.once("close", resolve));
        socket.on("error", () => {});
        socket.resume();
        socket.write(text);
        await deadline(closed, 10_000, "t closes the bare socket");
      }
      const seen = await system.lookup<CollectorMsg>("/collector")!.ask<
        Record<string, number[]>
      >((replyTo) => ({ t: "get", replyTo }));
      assert.equal(seen.evil, undefined);
    },
  );

  test(
    "a link broken mid-stream falls back to NATS and comes back, order kept; a refused redial stays on NATS",
    OPTIONS,
    async () => {
      const N = 30_000;
      await until(() => direct(nodeU, "n1"), "link n1 -> u");
      const mine = systemU.lookup<CollectorMsg>("/collector")!;
      const count = async () =>
        (await mine.ask<Record<string, number[]>>((replyTo) => ({
          t: "get",
          replyTo,
        }))).n1?.length ?? 0;
      const waitFor = async (check: () => boolean | Promise<boolean>) => {
        while (!await check()) {
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      };
      const streamed = nodeU.refAt<ControlMsg>("n1", "/control").ask<string>((
        replyTo,
      ) => ({ t: "stream", to: mine, n: N, chunk: 100, replyTo }), {
        timeoutMs: 60_000,
      });
      await waitFor(async () => await count() >= N / 10);
      // Batches in flight on the link when n1 sees it break reach u 400 ms
      // later, after n1's switch to NATS (150 ms to u): u must hold NATS.
      linkProxy.hold();
      await waitFor(() => linkProxy.held > 0);
      linkProxy.break(400);
      // n1 redials at once: its switch back to the link reaches u over NATS
      // after the link's first batches: u must hold those.
      const before = await count();
      await waitFor(() => direct(nodeU, "n1"));
      assert.equal(await streamed, "sent");
      const got = await mine.ask<Record<string, number[]>>((replyTo) => ({
        t: "get",
        replyTo,
      }));
      assertOrdered(got.n1, N - 1, "n1 -> u");
      assert.ok(before < N && got.n1!.length > before);
      // The proxy goes: n1's redial is refused and it stays on NATS.
      await linkProxy.close();
      await until(
        () => procs[0].log().includes('no direct link to node "u"'),
        "n1's redial refused",
      );
      assert.equal(direct(nodeU, "n1"), false);
      assert.equal(
        await nodeU.refAt<EchoMsg>("n1", "/echo").ask<string>((replyTo) => ({
          t: "echo",
          text: "still",
          replyTo,
        })),
        "still@n1",
      );
    },
  );

  test(
    "kill -9 of a linked node: node-down to watchers, NodeDownError to asks",
    OPTIONS,
    async () => {
      await until(() => direct(node, "n2"), "link to n2");
      const target = node.refAt<EchoMsg>("n2", "/echo");
      const got = Promise.withResolvers<Terminated>();
      const watcher = system.spawn({
        init: () => null,
        receive(_: null, msg: { t: "go" } | { t: "down"; n: Terminated }, ctx) {
          if (msg.t === "go") {
            ctx.watch(target as ActorRef<never>, (n) => ({ t: "down", n }));
          } else got.resolve(msg.n);
          return null;
        },
      }) as ActorRef<{ t: "go" }>;
      watcher.tell({ t: "go" });
      const pending = target.ask<string>((replyTo) => ({
        t: "never",
        replyTo,
      }), { timeoutMs: 60_000 });
      pending.catch(() => {});
      // The watch and the ask reached n2 before this answer (pair order).
      await target.ask<string>((replyTo) => ({
        t: "echo",
        text: "x",
        replyTo,
      }));
      await stopNode(procs[1], true);
      const notice = await deadline(
        got.promise,
        DOWN_AFTER_MS + 10_000,
        "node-down",
      );
      assert.equal(notice.reason, "node-down");
      await assert.rejects(
        pending,
        (e: Error) => e instanceof NodeDownError && e.node === "n2",
      );
    },
  );
});
