/**
 * The cluster across real processes and a real nats-server: the test process
 * joins as node `t`, three node processes (Deno, Bun, Deno) join beside it.
 * Remote tell and ask, refs and reply ports in messages, registry
 * uniqueness under concurrent registration, per-pair order, remote watch,
 * `kill -9` giving node-down, and a nats-server restart survived.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import {
  type ActorRef,
  ActorSystem,
  brokerOf,
  defineActor,
  groupsOf,
  type Terminated,
} from "../../mod.ts";
import { type ClusterNode, joinCluster, NodeDownError } from "../../cluster.ts";
import { natsMissing, NatsServer } from "./_nats.ts";
import { type NodeProcess, startNode, stopNode } from "./_nodes.ts";
import { PausableProxy } from "./_proxy.ts";
import type { CollectorMsg, ControlMsg, EchoMsg } from "./_node_actors.ts";
import { NEWS, spawnTestActors, WORKERS } from "./_node_actors.ts";
import { deadline } from "../cli/_process.ts";

const skip = natsMissing();
const OPTIONS = { skip, timeout: 90_000 };
const HEARTBEAT_MS = 100;
const DOWN_AFTER_MS = 1500;

/** A watcher actor that resolves a promise with the notice it receives. */
function watcherOf(
  target: ActorRef<never>,
): { def: ReturnType<typeof defineActor>; notice: Promise<Terminated> } {
  const got = Promise.withResolvers<Terminated>();
  const def = defineActor({
    init: () => null,
    receive(_: null, msg: { t: "go" } | { t: "down"; n: Terminated }, ctx) {
      if (msg.t === "go") ctx.watch(target, (n) => ({ t: "down", n }));
      else got.resolve(msg.n);
      return null;
    },
  });
  return { def: def as ReturnType<typeof defineActor>, notice: got.promise };
}

describe("cluster nodes in separate processes", { skip }, () => {
  let server: NatsServer;
  let system: ActorSystem;
  let node: ClusterNode;
  const procs: NodeProcess[] = [];
  const cluster = `t${process.pid}`;

  before(async () => {
    server = await NatsServer.start();
    const settings = {
      servers: server.url,
      cluster,
      heartbeatMs: HEARTBEAT_MS,
      downAfterMs: DOWN_AFTER_MS,
    };
    procs.push(
      startNode("deno", "n1", settings),
      startNode("bun", "n2", settings),
      startNode("deno", "n3", settings),
    );
    system = new ActorSystem({ name: "t" });
    node = await joinCluster({ system, node: "t", ...settings, topics: true });
    spawnTestActors(node, system);
    await deadline(
      Promise.all(procs.map((p) => p.ready)),
      60_000,
      "three nodes ready",
    );
  }, { timeout: 90_000 });

  after(async () => {
    await Promise.all(procs.map((p) => stopNode(p)));
    await system?.shutdown();
    await server?.dispose();
  }, { timeout: 30_000 });

  const control = (n: string) => node.refAt<ControlMsg>(n, "/control");
  const echoAt = (n: string) => node.refAt<EchoMsg>(n, "/echo");

  test(
    "remote ask answers from every node; a failing handler rejects with ActorFailedError",
    OPTIONS,
    async () => {
      for (const n of ["n1", "n2", "n3"]) {
        const reply = await echoAt(n).ask<string>((replyTo) => ({
          t: "echo",
          text: "hi",
          replyTo,
        }));
        assert.equal(reply, `hi@${n}`);
      }
      await assert.rejects(
        echoAt("n2").ask<string>((replyTo) => ({ t: "boom", replyTo })),
        (e: Error) =>
          e.name === "ActorFailedError" && /boom on purpose/.test(e.message),
      );
      await assert.rejects(
        echoAt("n1").ask<string>((replyTo) => ({ t: "never", replyTo }), {
          timeoutMs: 50,
        }),
        (e: Error) => e.name === "AskTimeoutError",
      );
      const aborted = new AbortController();
      const pending = echoAt("n3").ask<string>(
        (replyTo) => ({ t: "never", replyTo }),
        {
          signal: aborted.signal,
        },
      );
      aborted.abort(new Error("changed my mind"));
      await assert.rejects(pending, /changed my mind/);
      assert.deepEqual(node.nodes().map((n) => [n.name, n.status]), [
        ["t", "up"],
        ["n1", "up"],
        ["n2", "up"],
        ["n3", "up"],
      ]);
    },
  );

  test(
    "refs and reply ports inside messages work on the other side",
    OPTIONS,
    async () => {
      // The ref n1 gets back from n2 is a ref to n2's echo that works from here.
      const ref = await echoAt("n2").ask<ActorRef<EchoMsg>>((replyTo) => ({
        t: "whoami",
        replyTo,
      }));
      assert.equal(ref.path, "/echo");
      assert.equal(
        await ref.ask<string>((replyTo) => ({
          t: "echo",
          text: "via ref",
          replyTo,
        })),
        "via ref@n2",
      );
      // Our reply port travels to n1, which forwards it to n3's echo, which
      // answers us directly.
      const reply = await control("n1").ask<string>((replyTo) => ({
        t: "forward",
        to: node.refAt<EchoMsg>("n3", "/echo"),
        text: "relayed",
        replyTo,
      }));
      assert.equal(reply, "relayed@n3");
    },
  );

  test(
    "concurrent registration of one name: exactly one node wins",
    OPTIONS,
    async () => {
      const outcomes = await Promise.all(
        ["n1", "n2", "n3", "t"].map((n) =>
          n === "t"
            ? node.register("leader", system.lookup("/echo")!).then(
              () => "ok",
              (e: Error) => `error: ${e.name}`,
            )
            : control(n).ask<string>((replyTo) => ({
              t: "register",
              name: "leader",
              path: "/echo",
              replyTo,
            }))
        ),
      );
      assert.equal(
        outcomes.filter((o) => o === "ok").length,
        1,
        String(outcomes),
      );
      assert.equal(outcomes.filter((o) => o === "error: SpawnError").length, 3);
      const winner = ["n1", "n2", "n3", "t"][outcomes.indexOf("ok")];
      const leader = await node.whereIs<EchoMsg>("leader");
      assert.ok(leader !== undefined);
      assert.equal(
        await leader.ask<string>((replyTo) => ({
          t: "echo",
          text: "l",
          replyTo,
        })),
        `l@${winner}`,
      );
    },
  );

  test("order is kept per sender and receiver", OPTIONS, async () => {
    const n = 2000;
    const target = node.refAt<CollectorMsg>("n2", "/collector");
    await Promise.all(
      ["n1", "n3"].map((from) =>
        control(from).ask<string>((replyTo) => ({
          t: "burst",
          to: target,
          n,
          replyTo,
        }))
      ),
    );
    for (let seq = 0; seq < n; seq++) target.tell({ t: "put", from: "t", seq });
    const expected = Array.from({ length: n }, (_, i) => i);
    const seen = await target.ask<Record<string, number[]>>((replyTo) => ({
      t: "get",
      replyTo,
    }));
    // Ours arrived before our ask; n1 and n3 answered after sending theirs,
    // but their frames to n2 may still be in flight: ask until complete.
    assert.deepEqual(seen.t, expected);
    let all = seen;
    for (
      let i = 0;
      i < 100 && (all.n1?.length !== n || all.n3?.length !== n);
      i++
    ) {
      all = await target.ask((replyTo) => ({ t: "get", replyTo }));
    }
    assert.deepEqual(all.n1, expected);
    assert.deepEqual(all.n3, expected);
  });

  test(
    "process groups span the nodes: members on every node, routed to across them",
    OPTIONS,
    async () => {
      const groups = groupsOf(system);
      const full = Promise.withResolvers<void>();
      const watcher = system.spawn(defineActor({
        init: () => null,
        receive(_: null, _change: unknown) {
          if (groups.members(WORKERS).length === 4) full.resolve();
          return null;
        },
      }));
      groups.monitor(WORKERS, watcher, (change) => change);
      groups.join(WORKERS, system.lookup<EchoMsg>("/echo")!);
      for (const n of ["n1", "n2", "n3"]) {
        await control(n).ask<number>((replyTo) => ({
          t: "join",
          path: "/echo",
          replyTo,
        }));
      }
      await deadline(full.promise, 10_000, "four members");
      const replies = await Promise.all(
        groups.members(WORKERS).map((member) =>
          member.ask<string>((replyTo) => ({ t: "echo", text: "w", replyTo }))
        ),
      );
      assert.deepEqual(replies.sort(), ["w@n1", "w@n2", "w@n3", "w@t"]);
      // n2 sees the same four members (its view fills in as joins arrive).
      let there = 0;
      for (let i = 0; i < 100 && there !== 4; i++) {
        there = await control("n2").ask<number>((replyTo) => ({
          t: "join",
          path: "/echo",
          replyTo,
        }));
      }
      assert.equal(there, 4);
    },
  );

  test("topics publish cluster-wide when enabled", OPTIONS, async () => {
    const got = Promise.withResolvers<{ from: string; n: number }>();
    const reader = system.spawn(defineActor({
      init: () => null,
      receive(_: null, msg: { from: string; n: number }) {
        if (msg.from === "n3") got.resolve(msg);
        return null;
      },
    }));
    brokerOf(system).subscribe(NEWS, reader);
    // The subscription takes effect once the NATS server has it; an ask to
    // n3 over a direct link can overtake it, and a message published before
    // is not delivered (at most once). So n3 publishes again until one
    // arrives (bounded by the deadline below).
    let arrived = false;
    got.promise.then(() => arrived = true);
    const publishing = (async () => {
      while (!arrived) {
        await control("n3").ask<number>((replyTo) => ({
          t: "publish",
          n: 7,
          replyTo,
        }));
        await Promise.race([
          got.promise,
          new Promise((resolve) => setTimeout(resolve, 100)),
        ]);
      }
    })();
    try {
      assert.deepEqual(await deadline(got.promise, 10_000, "news from n3"), {
        from: "n3",
        n: 7,
      });
    } finally {
      arrived = true;
      await publishing;
    }
  });

  test(
    "a watcher of a remote actor gets Terminated when it stops",
    OPTIONS,
    async () => {
      const path = await control("n3").ask<string>((replyTo) => ({
        t: "spawn",
        name: "victim",
        replyTo,
      }));
      const victim = node.refAt<EchoMsg>("n3", path);
      const { def, notice } = watcherOf(victim as ActorRef<never>);
      (system.spawn(def) as ActorRef<{ t: "go" }>).tell({ t: "go" });
      // The watch frame precedes the stop request on the same node pair.
      await victim.stop();
      const n = await deadline(notice, 10_000, "Terminated");
      assert.equal(n.reason, "normal");
      assert.equal(n.path, "/victim");
      assert.equal(victim.status, "stopped");
    },
  );

  test(
    "kill -9 of a node: node-down to watchers, NodeDownError to asks, its names gone",
    OPTIONS,
    async () => {
      const doomed = startNode("bun", "k1", {
        servers: server.url,
        cluster,
        heartbeatMs: HEARTBEAT_MS,
        downAfterMs: DOWN_AFTER_MS,
      });
      procs.push(doomed);
      await deadline(doomed.ready, 30_000, "k1 ready");
      const up = Promise.withResolvers<void>();
      const off = node.onNodeEvent((e) =>
        e.node === "k1" && e.type === "node-up" && up.resolve()
      );
      if (node.nodes().some((n) => n.name === "k1" && n.status === "up")) {
        up.resolve();
      }
      await deadline(up.promise, 10_000, "k1 up");
      off();
      assert.equal(
        await node.refAt<ControlMsg>("k1", "/control").ask<string>((
          replyTo,
        ) => ({
          t: "register",
          name: "doomed",
          path: "/echo",
          replyTo,
        })),
        "ok",
      );
      const target = node.refAt<EchoMsg>("k1", "/echo");
      const { def, notice } = watcherOf(target as ActorRef<never>);
      (system.spawn(def) as ActorRef<{ t: "go" }>).tell({ t: "go" });
      const pending = target.ask<string>(
        (replyTo) => ({ t: "never", replyTo }),
        {
          timeoutMs: 60_000,
        },
      );
      pending.catch(() => {});
      // Make sure the watch reached k1 before killing it: an ask after it on
      // the same pair is answered after it was handled.
      await target.ask<string>((replyTo) => ({
        t: "echo",
        text: "x",
        replyTo,
      }));
      const killedAt = performance.now();
      await stopNode(doomed, true);
      const n = await deadline(notice, DOWN_AFTER_MS + 10_000, "node-down");
      const elapsed = performance.now() - killedAt;
      assert.equal(n.reason, "node-down");
      assert.ok(
        elapsed < DOWN_AFTER_MS + 5_000,
        `node-down after ${elapsed} ms`,
      );
      await assert.rejects(
        pending,
        (e: Error) => e instanceof NodeDownError && e.node === "k1",
      );
      assert.equal(await node.whereIs("doomed"), undefined);
      assert.ok(
        !groupsOf(system).members(WORKERS).some((m) =>
          (m as { node?: string }).node === "k1"
        ),
        "k1's member left the group",
      );
      assert.equal(target.tell({ t: "never", replyTo: null as never }), false);
    },
  );

  test(
    "a partitioned node is declared down, then comes back and rewrites its names",
    OPTIONS,
    async () => {
      const proxy = await PausableProxy.start(server.port);
      const paused = startNode("deno", "p1", {
        servers: proxy.url,
        cluster,
        heartbeatMs: HEARTBEAT_MS,
        downAfterMs: DOWN_AFTER_MS,
      });
      procs.push(paused);
      await deadline(paused.ready, 30_000, "p1 ready");
      const events: string[] = [];
      const down = Promise.withResolvers<void>();
      const back = Promise.withResolvers<void>();
      const off = node.onNodeEvent((e) => {
        if (e.node !== "p1") return;
        events.push(e.type);
        if (e.type === "node-down") down.resolve();
        if (e.type === "node-up" && events.includes("node-down")) {
          back.resolve();
        }
      });
      const echo = node.refAt<EchoMsg>("p1", "/echo");
      // Asked (not told) so the name is there once p1 answers.
      assert.equal(
        await node.refAt<ControlMsg>("p1", "/control").ask<string>(
          (replyTo) => ({
            t: "register",
            name: "pausable",
            path: "/echo",
            replyTo,
          }),
          { timeoutMs: 10_000 },
        ),
        "ok",
      );
      const { def, notice } = watcherOf(echo as ActorRef<never>);
      (system.spawn(def) as ActorRef<{ t: "go" }>).tell({ t: "go" });
      await echo.ask<string>((replyTo) => ({ t: "echo", text: "x", replyTo }));
      proxy.pause();
      try {
        await deadline(down.promise, DOWN_AFTER_MS + 10_000, "p1 down");
        assert.equal(
          (await deadline(notice, 5_000, "Terminated")).reason,
          "node-down",
        );
        assert.equal(await node.whereIs("pausable"), undefined);
      } finally {
        proxy.resume();
      }
      await deadline(back.promise, 20_000, "p1 back");
      off();
      assert.equal(
        await echo.ask<string>((replyTo) => ({
          t: "echo",
          text: "again",
          replyTo,
        })),
        "again@p1",
      );
      // p1 learns it had been declared down and writes its name back.
      let found = await node.whereIs<EchoMsg>("pausable");
      for (let i = 0; i < 500 && found === undefined; i++) {
        found = await node.whereIs<EchoMsg>("pausable");
      }
      assert.equal((found as { node?: string } | undefined)?.node, "p1");
      await stopNode(paused);
      await proxy.close();
    },
  );

  test("a nats-server restart is survived", OPTIONS, async () => {
    await server.restart();
    for (const n of ["n1", "n2", "n3"]) {
      let reply: string | undefined;
      for (let i = 0; i < 100 && reply === undefined; i++) {
        reply = await echoAt(n).ask<string>(
          (replyTo) => ({ t: "echo", text: "again", replyTo }),
          { timeoutMs: 200 },
        ).catch(() => undefined);
      }
      assert.equal(reply, `again@${n}`);
    }
    // Direct links answer before the NATS client is back: JetStream calls
    // fail until it is (documented: a registry call in an outage rejects).
    let registered: unknown = new Error("not tried");
    for (let i = 0; i < 100 && registered !== undefined; i++) {
      registered = await node.register(
        "after-restart",
        system.lookup("/collector")!,
      ).catch((error) => error);
      if (registered !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    assert.equal(registered, undefined);
    assert.equal((await node.whereIs("after-restart"))?.path, "/collector");
  });
});
