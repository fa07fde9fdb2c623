/**
 * The cluster API within one process (two or three systems, one real
 * nats-server): cluster name isolation, codec errors at the sender, the
 * registry's conflicts and cleanup, remote spawn, and `jsonCodec` itself.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type ActorRef,
  ActorSystem,
  defineActor,
  type ReplyPort,
} from "../../mod.ts";
import {
  type ClusterNode,
  type CodecContext,
  joinCluster,
  jsonCodec,
  MessageEncodingError,
} from "../../cluster.ts";
import { natsMissing, NatsServer } from "./_nats.ts";
import fc from "fast-check";

const skip = natsMissing();
const OPTIONS = { skip, timeout: 30_000 };

type Msg = { text: unknown; replyTo?: ReplyPort<unknown> };
const echo = defineActor({
  kind: "echo",
  init: () => null,
  receive(_: null, msg: Msg) {
    msg.replyTo?.reply(msg.text);
    return null;
  },
});

/** Resolves when `node` sees every name in `names` up. */
function seen(node: ClusterNode, names: string[]): Promise<void> {
  const done = () =>
    names.every((n) =>
      node.nodes().some((i) => i.name === n && i.status === "up")
    );
  if (done()) return Promise.resolve();
  return new Promise((resolve) => {
    const off = node.onNodeEvent(() => {
      if (done()) {
        off();
        resolve();
      }
    });
  });
}

describe("jsonCodec", () => {
  const context = {} as CodecContext;
  test("round-trips plain data and refuses what JSON cannot carry", () => {
    const message = { a: [1, "x", null, true], b: { c: 2.5 } };
    assert.deepEqual(
      jsonCodec.decode(jsonCodec.encode(message, context), context),
      message,
    );
    assert.throws(
      () => jsonCodec.encode({ f: () => 1 }, context),
      /"f" is a function/,
    );
    assert.throws(
      () => jsonCodec.encode({ m: new Map() }, context),
      /"m" is a Map/,
    );
    assert.throws(
      () => jsonCodec.encode({ n: 1n }, context),
      /"n" is a bigint/,
    );
    assert.throws(() => jsonCodec.encode({ x: NaN }, context), /"x" is NaN/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.throws(() => jsonCodec.encode(cycle, context));
  });
});

/** JSON values without the codec's own marker keys (documented as unsupported). */
function plainJson(constraints: { maxDepth?: number } = {}) {
  return fc.jsonValue(constraints).filter((value) => {
    const text = JSON.stringify(value);
    return !text.includes('"$ref"') && !text.includes('"$port"');
  });
}

describe("jsonCodec properties", () => {
  /** A stand-in ref: what the codec needs of one (a path and the methods). */
  const fakeRef = (path: string) => ({
    path,
    tell: () => true,
    ask: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  });
  const context: CodecContext = {
    encodeRef: (ref) => ({ node: "n", path: ref.path }),
    decodeRef: (wire) => fakeRef(`${wire.node}:${wire.path}`) as never,
    encodePort: () => ({ node: "n", id: 1 }),
    decodePort: () => ({ reply() {}, fail() {}, settled: false }),
  };

  test("any JSON value round-trips as JSON.parse(JSON.stringify(value))", () => {
    fc.assert(
      fc.property(plainJson(), (value) => {
        const text = jsonCodec.encode(value, context);
        assert.deepEqual(
          jsonCodec.decode(text, context),
          JSON.parse(JSON.stringify(value)),
        );
      }),
      { numRuns: 300 },
    );
  });

  test("refs anywhere among plain data come back as refs in the same places", () => {
    const item = fc.oneof(
      plainJson({ maxDepth: 2 }),
      fc.stringMatching(/^\/[a-z]{1,8}$/).map((path) => fakeRef(path)),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), (items) => {
        const decoded = jsonCodec.decode(
          jsonCodec.encode({ items, nested: { items } }, context),
          context,
        ) as { items: unknown[]; nested: { items: unknown[] } };
        for (const list of [decoded.items, decoded.nested.items]) {
          assert.equal(list.length, items.length);
          items.forEach((original, i) => {
            if (typeof (original as { tell?: unknown })?.tell === "function") {
              assert.equal(
                (list[i] as { path: string }).path,
                `n:${(original as { path: string }).path}`,
              );
            } else {
              assert.deepEqual(list[i], JSON.parse(JSON.stringify(original)));
            }
          });
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("a cluster node's API", { skip }, () => {
  let server: NatsServer;
  const systems: ActorSystem[] = [];
  let a: ClusterNode;
  let b: ClusterNode;
  let other: ClusterNode;

  before(async () => {
    server = await NatsServer.start();
    const make = async (node: string, cluster: string) => {
      const system = new ActorSystem({ name: node });
      systems.push(system);
      return await joinCluster({
        system,
        node,
        cluster,
        servers: server.url,
        heartbeatMs: 100,
        downAfterMs: 1000,
        spawner: node === "b"
          ? (request) => {
            if (request.kind !== "echo") {
              return Promise.reject(
                new TypeError(`Unknown kind "${request.kind}"`),
              );
            }
            return Promise.resolve(system.spawn(echo, { name: request.name }));
          }
          : undefined,
      });
    };
    a = await make("a", "blue");
    b = await make("b", "blue");
    other = await make("c", "green");
    await seen(a, ["b"]);
    await seen(b, ["a"]);
  });

  after(async () => {
    for (const system of systems) await system.shutdown();
    await server?.dispose();
  });

  test(
    "nodes of another cluster name on the same NATS are not seen",
    OPTIONS,
    () => {
      assert.deepEqual(a.nodes().map((n) => n.name), ["a", "b"]);
      assert.deepEqual(other.nodes().map((n) => n.name), ["c"]);
      const info = a.nodes()[1];
      assert.equal(info.status, "up");
      assert.ok(info.lastHeartbeat > 0 && info.lastHeartbeat <= Date.now());
    },
  );

  test(
    "un-encodable and oversized messages fail at the sender",
    OPTIONS,
    async () => {
      systems[1].spawn(echo, { name: "sink" });
      const ref = a.refAt<Msg>("b", "/sink");
      assert.throws(
        () => ref.tell({ text: () => 1 }),
        (e: Error) =>
          e instanceof MessageEncodingError && /function/.test(e.message),
      );
      assert.throws(
        () => ref.tell({ text: "x".repeat(2 * 1024 * 1024) }),
        (e: Error) =>
          e instanceof MessageEncodingError && /payload limit/.test(e.message),
      );
      await assert.rejects(
        ref.ask((replyTo) => ({ text: Symbol("no"), replyTo })),
        MessageEncodingError,
      );
      assert.equal(
        await ref.ask((replyTo) => ({ text: "fine", replyTo })),
        "fine",
      );
    },
  );

  test(
    "registry: a taken name is an error; a stopped actor's name is freed",
    OPTIONS,
    async () => {
      const one = systems[0].spawn(echo, { name: "one" });
      const two = systems[1].spawn(echo, { name: "two" });
      await a.register("svc", one);
      await assert.rejects(
        b.register("svc", two),
        /name is taken by "\/one" on node "a"/,
      );
      assert.equal((await b.whereIs<Msg>("svc"))?.path, "/one");
      assert.equal(
        await b.whereIs("svc").then((r) => (r as { node?: string }).node),
        "a",
      );
      await one.stop();
      // Node a deletes the name when it sees the stop; b sees that soon after.
      let found = await b.whereIs("svc");
      for (let i = 0; i < 500 && found !== undefined; i++) {
        found = await b.whereIs("svc");
      }
      assert.equal(found, undefined);
      await b.register("svc", two);
      assert.deepEqual(
        (await a.registered()).filter((r) => r.name === "svc"),
        [{ name: "svc", node: "b", path: "/two" }],
      );
      assert.equal(await a.unregister("svc"), true);
      assert.equal(await a.whereIs("svc"), undefined);
      await assert.rejects(a.register("bad name", two), TypeError);
    },
  );

  test(
    "remote spawn of a catalog kind, refused kinds and nodes",
    OPTIONS,
    async () => {
      const ref = await a.spawnOn<Msg>("b", {
        kind: "echo",
        name: "spawned-1",
      });
      assert.equal(ref.path, "/spawned-1");
      assert.equal(await ref.ask((replyTo) => ({ text: 7, replyTo })), 7);
      assert.equal((await a.lookup("b", "/spawned-1"))?.path, "/spawned-1");
      assert.equal(await a.lookup("b", "/nobody"), undefined);
      await assert.rejects(
        a.spawnOn("b", { kind: "nope" }),
        /Unknown kind "nope"/,
      );
      await assert.rejects(
        b.spawnOn("a", { kind: "echo" }),
        /accepts no remote spawns/,
      );
    },
  );

  test("refs of this node resolve to the local actor", OPTIONS, () => {
    const local = systems[0].spawn(echo, { name: "here" });
    assert.equal(a.refAt("a", "/here"), local as ActorRef<never>);
  });
});
