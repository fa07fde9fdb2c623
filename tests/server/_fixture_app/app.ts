/**
 * A fixture app living outside `src/`, as a user's would: a `slow` kind
 * that takes its time per message (for the graceful-shutdown drain), an
 * `echo` kind that answers asks, and `/slow` started at boot. It imports the
 * package by name only.
 */
import { defineActor, type ReplyPort } from "@understudy/runtime";
import { Catalog } from "@understudy/runtime/http";
import { defineApp } from "@understudy/runtime/server";

type SlowMsg =
  | { type: "work"; ms: number }
  | { type: "count"; replyTo: ReplyPort<number> };

/** Handles each `work` message in `ms` milliseconds of real time. */
const slow = defineActor({
  kind: "slow",
  init: () => 0,
  async receive(done: number, msg: SlowMsg) {
    if (msg.type === "count") return msg.replyTo.reply(done);
    await new Promise((resolve) => setTimeout(resolve, msg.ms));
    return done + 1;
  },
});

type EchoMsg = { text: string; replyTo: ReplyPort<string> };

/** Answers every ask with its text, upper-cased. */
const echo = defineActor({
  kind: "echo",
  init: (prefix: string) => prefix,
  receive(prefix: string, msg: EchoMsg) {
    msg.replyTo.reply(prefix + msg.text.toUpperCase());
  },
});

export default defineApp({
  name: "fixture",
  catalog: new Catalog()
    .register("slow", {
      definition: slow,
      message: (x) => {
        const ms = (x as { work?: unknown } | null)?.work;
        return typeof ms === "number" && ms >= 0 && ms <= 10_000
          ? { value: { type: "work" as const, ms } }
          : { issues: [{ message: "must be a number of ms", path: ["work"] }] };
      },
      ask: {
        build: (_input, replyTo) => ({
          type: "count",
          replyTo: replyTo as ReplyPort<number>,
        }),
      },
    })
    .register("echo", {
      definition: echo,
      args: (x) =>
        typeof x === "string"
          ? { value: x }
          : { issues: [{ message: "must be a string" }] },
      ask: {
        input: (x) =>
          typeof x === "string"
            ? { value: x }
            : { issues: [{ message: "must be a string" }] },
        build: (input, replyTo) => ({
          text: input as string,
          replyTo: replyTo as ReplyPort<string>,
        }),
      },
    }),
  start(system, { log }) {
    system.spawn(slow, { name: "slow" });
    log("fixture: started /slow");
  },
});
