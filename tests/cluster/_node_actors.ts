/**
 * The actors every test node runs: an echo, a collector that records what
 * each sender sent in order, and a control actor through which the tests
 * drive the node (register names, send bursts, forward ports, spawn and stop).
 *
 * @module
 */

import {
  type ActorRef,
  type ActorSystem,
  brokerOf,
  defineActor,
  group,
  groupsOf,
  type ReplyPort,
  topic,
} from "../../mod.ts";

/** The group the tests use. */
export const WORKERS = group<EchoMsg>("workers");
/** The topic the tests use. */
export const NEWS = topic<{ from: string; n: number }>("news");
import type { ClusterNode } from "../../cluster.ts";

/** Messages of the echo. */
export type EchoMsg =
  | { t: "echo"; text: string; replyTo: ReplyPort<string> }
  | { t: "boom"; replyTo: ReplyPort<string> }
  | { t: "never"; replyTo: ReplyPort<string> }
  | { t: "whoami"; replyTo: ReplyPort<ActorRef<EchoMsg>> };

/** Echoes text with the node's name; fails on `boom`. */
export const echo = defineActor({
  kind: "echo",
  init: (node: string) => node,
  receive(node: string, msg: EchoMsg, ctx) {
    if (msg.t === "echo") msg.replyTo.reply(`${msg.text}@${node}`);
    else if (msg.t === "boom") throw new Error("boom on purpose");
    else if (msg.t === "whoami") {
      msg.replyTo.reply(ctx.self as ActorRef<EchoMsg>);
    }
    return node;
  },
});

/** Messages of the collector. */
export type CollectorMsg =
  | { t: "put"; from: string; seq: number }
  | { t: "get"; replyTo: ReplyPort<Record<string, number[]>> };

/** Records sequence numbers per sender. */
export const collector = defineActor({
  kind: "collector",
  init: () => ({} as Record<string, number[]>),
  receive(seen: Record<string, number[]>, msg: CollectorMsg) {
    if (msg.t === "put") (seen[msg.from] ??= []).push(msg.seq);
    else msg.replyTo.reply(seen);
    return seen;
  },
});

/** Messages of the control actor. */
export type ControlMsg =
  | { t: "register"; name: string; path: string; replyTo: ReplyPort<string> }
  | {
    t: "burst";
    to: ActorRef<CollectorMsg>;
    n: number;
    replyTo: ReplyPort<string>;
  }
  | {
    t: "forward";
    to: ActorRef<EchoMsg>;
    text: string;
    replyTo: ReplyPort<string>;
  }
  | {
    t: "stream";
    to: ActorRef<CollectorMsg>;
    n: number;
    chunk: number;
    replyTo: ReplyPort<string>;
  }
  | { t: "spawn"; name: string; replyTo: ReplyPort<string> }
  | { t: "join"; path: string; replyTo: ReplyPort<number> }
  | { t: "publish"; n: number; replyTo: ReplyPort<number> };

/** Drives its node for the tests. */
export function control(node: ClusterNode, system: ActorSystem) {
  return defineActor({
    kind: "control",
    init: () => null,
    async receive(_: null, msg: ControlMsg) {
      switch (msg.t) {
        case "register": {
          const ref = system.lookup(msg.path)!;
          try {
            await node.register(msg.name, ref);
            msg.replyTo.reply("ok");
          } catch (error) {
            msg.replyTo.reply(`error: ${(error as Error).name}`);
          }
          break;
        }
        case "burst":
          for (let seq = 0; seq < msg.n; seq++) {
            msg.to.tell({ t: "put", from: node.name, seq });
          }
          msg.replyTo.reply("sent");
          break;
        case "stream":
          // Tells in chunks, each in its own macrotask, so a link can break
          // between two of them.
          for (let seq = 0; seq < msg.n; seq++) {
            msg.to.tell({ t: "put", from: node.name, seq });
            if (seq % msg.chunk === msg.chunk - 1) {
              await new Promise((resolve) => setTimeout(resolve, 1));
            }
          }
          msg.replyTo.reply("sent");
          break;
        case "forward":
          msg.to.tell({ t: "echo", text: msg.text, replyTo: msg.replyTo });
          break;
        case "join":
          groupsOf(system).join(
            WORKERS,
            system.lookup<EchoMsg>(msg.path)!,
          );
          msg.replyTo.reply(groupsOf(system).members(WORKERS).length);
          break;
        case "publish":
          msg.replyTo.reply(
            brokerOf(system).publish(NEWS, { from: node.name, n: msg.n }),
          );
          break;
        case "spawn":
          msg.replyTo.reply(
            system.spawn(echo, { name: msg.name, args: node.name }).path,
          );
          break;
      }
      return null;
    },
  });
}

/**
 * Spawns the test actors on a joined node.
 *
 * @param node The node.
 * @param system Its system.
 */
export function spawnTestActors(node: ClusterNode, system: ActorSystem): void {
  system.spawn(echo, { name: "echo", args: node.name });
  system.spawn(collector, { name: "collector" });
  system.spawn(control(node, system), { name: "control" });
}
