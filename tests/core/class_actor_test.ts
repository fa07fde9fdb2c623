import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  Actor,
  type ActorContext,
  classActor,
  type ReplyPort,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

type Msg =
  | { type: "add"; n: number }
  | { type: "get"; replyTo: ReplyPort<number> }
  | { type: "crash" }
  | { type: "slow"; n: number };

const log: string[] = [];

class Counter extends Actor<Msg> {
  #total: number;
  constructor(ctx: ActorContext<Msg>, start: number) {
    super(ctx);
    this.#total = start;
    log.push(`construct ${start}`);
  }
  async receive(msg: Msg) {
    if (msg.type === "add") this.#total += msg.n;
    else if (msg.type === "get") msg.replyTo.reply(this.#total);
    else if (msg.type === "slow") {
      await Promise.resolve();
      this.#total += msg.n;
    } else throw new Error("boom");
  }
  override stopped(reason: string) {
    log.push(`stopped ${reason} at ${this.#total}`);
  }
}

describe("class-style actors", () => {
  test("the instance is the state and async receive keeps one message at a time", async () => {
    log.length = 0;
    await using kit = new TestKit();
    const ref = kit.system.spawn(classActor(Counter), { args: 5 });
    ref.tell({ type: "slow", n: 1 });
    ref.tell({ type: "add", n: 2 });
    const total = ref.ask<number>((replyTo) => ({ type: "get", replyTo }));
    await kit.runUntilIdle();
    assert.equal(await total, 8);
    assert.equal(kit.system.topLevel[0].path, ref.path);
  });

  test("a restart constructs a new instance from the original arguments", async () => {
    log.length = 0;
    await using kit = new TestKit();
    const ref = kit.system.spawn(classActor(Counter, "counter"), { args: 1 });
    ref.tell({ type: "add", n: 10 });
    ref.tell({ type: "crash" });
    const total = ref.ask<number>((replyTo) => ({ type: "get", replyTo }));
    await kit.runUntilIdle();
    assert.equal(await total, 1);
    assert.equal(ref.restarts, 1);
    assert.deepEqual(log, [
      "construct 1",
      "stopped failed at 11",
      "construct 1",
    ]);
  });
});
