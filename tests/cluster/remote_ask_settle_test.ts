/**
 * A remote ask settles exactly once with the right outcome, over a direct
 * link and over NATS alone: the reply; `ActorFailedError` when the handler
 * throws or the actor fails before answering; `ActorStoppedError` when it
 * stops before answering or does not exist; `AskTimeoutError` when it
 * answers late, and then the late answer sends nothing (the answering
 * side's port was settled by the ask's own timeout there) and the next ask
 * is answered as usual. Two nodes in this process, one real nats-server.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type ActorRef,
  ActorSystem,
  defineActor,
  type ReplyPort,
} from "../../mod.ts";
import { type ClusterNode, joinCluster } from "../../cluster.ts";
import { natsMissing, NatsServer } from "./_nats.ts";

const skip = natsMissing();
const OPTIONS = { skip, timeout: 30_000 };

type Msg =
  | { t: "echo"; n: number; replyTo: ReplyPort<number> }
  | { t: "twice"; n: number; replyTo: ReplyPort<number> }
  | { t: "boom"; replyTo: ReplyPort<number> }
  | { t: "hold"; replyTo: ReplyPort<number> }
  | { t: "fail" }
  | { t: "release"; n: number; replyTo: ReplyPort<boolean[]> };

/** Answers, throws, or holds the ports it is asked with until released. */
const target = defineActor({
  kind: "target",
  init: (onHold: (port: ReplyPort<number>) => void) => ({
    onHold,
    held: [] as ReplyPort<number>[],
  }),
  receive(state, msg: Msg) {
    switch (msg.t) {
      case "echo":
        msg.replyTo.reply(msg.n);
        break;
      case "twice":
        msg.replyTo.reply(msg.n);
        msg.replyTo.reply(msg.n + 1);
        break;
      case "boom":
        throw new Error("boom on purpose");
      case "hold":
        state.held.push(msg.replyTo);
        state.onHold(msg.replyTo);
        break;
      case "fail":
        throw new Error("failed later on purpose");
      case "release": {
        // Whether each held port had settled before this answer.
        const settled = state.held.map((port) => port.settled);
        for (const port of state.held) port.reply(msg.n);
        state.held = [];
        msg.replyTo.reply(settled);
        break;
      }
    }
    return state;
  },
});

/** Polls `check` every 10 ms until it holds (bounded). */
async function until(check: () => boolean, what: string, ms = 20_000) {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Settles with the outcome, counting settlements. */
async function outcome<R>(
  ask: Promise<R>,
): Promise<{ value?: R; error?: Error; settlements: number }> {
  let settlements = 0;
  const result: { value?: R; error?: Error; settlements: number } = {
    settlements: 0,
  };
  await ask.then(
    (value) => {
      settlements++;
      result.value = value;
    },
    (error) => {
      settlements++;
      result.error = error;
    },
  );
  result.settlements = settlements;
  return result;
}

for (const transport of ["a direct link", "NATS only"] as const) {
  describe(`a remote ask over ${transport}`, { skip }, () => {
    let server: NatsServer;
    const systems: ActorSystem[] = [];
    let a: ClusterNode;
    let b: ClusterNode;
    let bSystem: ActorSystem;
    let held: ((port: ReplyPort<number>) => void) | null = null;
    let ref: (name: string) => ActorRef<Msg>;
    /** Resolves once the target holds the next ask's port. */
    const nextHold = () =>
      new Promise<ReplyPort<number>>((resolve) => held = resolve);

    before(async () => {
      server = await NatsServer.start();
      const cluster = transport === "NATS only" ? "settle-nats" : "settle";
      const make = async (node: string) => {
        const system = new ActorSystem({ name: node });
        systems.push(system);
        const joined = await joinCluster({
          system,
          node,
          cluster,
          servers: server.url,
          heartbeatMs: 100,
          downAfterMs: 2000,
          directLinks: transport !== "NATS only",
        });
        return { system, joined };
      };
      a = (await make("a")).joined;
      const made = await make("b");
      b = made.joined;
      bSystem = made.system;
      ref = (name) => a.refAt<Msg>("b", `/${name}`);
      await until(
        () =>
          a.nodes().some((n) => n.name === "b" && n.status === "up") &&
          b.nodes().some((n) => n.name === "a" && n.status === "up"),
        "the nodes see each other",
      );
      if (transport === "a direct link") {
        await until(
          () =>
            a.nodes().some((n) => n.name === "b" && n.direct) &&
            b.nodes().some((n) => n.name === "a" && n.direct),
          "the link",
        );
      }
    });

    after(async () => {
      for (const system of systems) await system.shutdown();
      await server?.dispose();
    });

    const spawn = (name: string) =>
      bSystem.spawn(target, {
        name,
        args: (port: ReplyPort<number>) => held?.(port),
      });

    test(
      "the reply, once, even when the handler replies twice",
      OPTIONS,
      async () => {
        spawn("t1");
        const got = await outcome(
          ref("t1").ask<number>((replyTo) => ({ t: "echo", n: 7, replyTo })),
        );
        assert.deepEqual(got, { value: 7, settlements: 1 });
        const twice = await outcome(
          ref("t1").ask<number>((replyTo) => ({ t: "twice", n: 1, replyTo })),
        );
        assert.deepEqual(twice, { value: 1, settlements: 1 });
        assert.equal(
          a.nodes().find((n) => n.name === "b")?.direct,
          transport === "a direct link",
        );
      },
    );

    test(
      "ActorFailedError when the handler throws on the request",
      OPTIONS,
      async () => {
        spawn("t2");
        const got = await outcome(
          ref("t2").ask<number>((replyTo) => ({ t: "boom", replyTo })),
        );
        assert.equal(got.settlements, 1);
        assert.equal(got.error?.name, "ActorFailedError");
        assert.match(got.error!.message, /boom on purpose/);
      },
    );

    test(
      "ActorFailedError when the actor fails before answering",
      OPTIONS,
      async () => {
        const local = spawn("t3");
        const hold = nextHold();
        const ask = outcome(
          ref("t3").ask<number>((replyTo) => ({ t: "hold", replyTo }), {
            timeoutMs: 10_000,
          }),
        );
        const port = await hold;
        assert.equal(port.settled, false);
        local.tell({ t: "fail" });
        const got = await ask;
        assert.equal(got.settlements, 1);
        assert.equal(got.error?.name, "ActorFailedError");
        assert.match(got.error!.message, /failed before answering/);
        assert.equal(port.settled, true);
      },
    );

    test(
      "ActorStoppedError when the actor stops before answering",
      OPTIONS,
      async () => {
        const local = spawn("t4");
        const hold = nextHold();
        const ask = outcome(
          ref("t4").ask<number>((replyTo) => ({ t: "hold", replyTo }), {
            timeoutMs: Infinity,
          }),
        );
        const port = await hold;
        await local.stop();
        const got = await ask;
        assert.equal(got.settlements, 1);
        assert.equal(got.error?.name, "ActorStoppedError");
        assert.match(got.error!.message, /stopped before answering/);
        assert.equal(port.settled, true);
      },
    );

    test(
      "ActorStoppedError when no such actor runs there",
      OPTIONS,
      async () => {
        const got = await outcome(
          ref("nobody").ask<number>((replyTo) => ({
            t: "echo",
            n: 1,
            replyTo,
          })),
        );
        assert.equal(got.settlements, 1);
        assert.equal(got.error?.name, "ActorStoppedError");
        assert.match(got.error!.message, /no such actor/);
      },
    );

    test(
      "AskTimeoutError when the answer is late; the late answer sends nothing",
      OPTIONS,
      async () => {
        const local = spawn("t5");
        const hold = nextHold();
        const got = await outcome(
          ref("t5").ask<number>((replyTo) => ({ t: "hold", replyTo }), {
            timeoutMs: 200,
          }),
        );
        const port = await hold;
        assert.equal(got.settlements, 1);
        assert.equal(got.error?.name, "AskTimeoutError");
        // The answering side timed the ask out too, by the same timeout:
        // await its settlement there, then answer late.
        await until(() => port.settled, "the remote side's timeout");
        const settled = await local.ask<boolean[]>((replyTo) => ({
          t: "release",
          n: 9,
          replyTo,
        }));
        assert.deepEqual(settled, [true]);
        // The link (or subject) still serves the next ask as usual.
        const next = await outcome(
          ref("t5").ask<number>((replyTo) => ({ t: "echo", n: 3, replyTo })),
        );
        assert.deepEqual(next, { value: 3, settlements: 1 });
      },
    );
  });
}
