import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { defineActor } from "../../mod.ts";
import { TestKit } from "../../testing.ts";

type LogMsg = { type: "log"; value: number };

const recorder = defineActor({
  init: (seen: number[]) => seen,
  receive(seen: number[], msg: LogMsg) {
    seen.push(msg.value);
  },
});

describe("tell", () => {
  test("tell returns true and delivers every message in the order it was sent", async () => {
    await using kit = new TestKit();
    const seen: number[] = [];
    const ref = kit.system.spawn(recorder, { args: seen });
    const results: boolean[] = [];
    for (let i = 0; i < 50; i++) {
      results.push(ref.tell({ type: "log", value: i }));
    }
    assert.deepEqual(seen, [], "tell does not run the handler synchronously");
    await kit.runUntilIdle();
    assert.ok(results.every((r) => r === true));
    assert.deepEqual(seen, Array.from({ length: 50 }, (_, i) => i));
  });

  test("messages told before init has run are kept and handled after it", async () => {
    await using kit = new TestKit();
    const order: string[] = [];
    const ref = kit.system.spawn(defineActor({
      init: () => void order.push("init"),
      receive: (_: void, msg: string) => void order.push(msg),
    }));
    assert.equal(ref.status, "starting");
    ref.tell("a");
    ref.tell("b");
    await kit.runUntilIdle();
    assert.equal(ref.status, "running");
    assert.deepEqual(order, ["init", "a", "b"]);
  });

  test("a handler's return value becomes the next state; returning nothing keeps it", async () => {
    await using kit = new TestKit();
    const states: number[] = [];
    const ref = kit.system.spawn(defineActor({
      init: () => ({ n: 1 }),
      receive(state: { n: number }, msg: "double" | "bump" | "peek") {
        if (msg === "double") return { n: state.n * 2 };
        if (msg === "bump") {
          state.n += 1; // in place, returning nothing
          return;
        }
        states.push(state.n);
      },
    }));
    ref.tell("double");
    ref.tell("peek");
    ref.tell("bump");
    ref.tell("peek");
    ref.tell("double");
    ref.tell("peek");
    await kit.runUntilIdle();
    assert.deepEqual(states, [2, 3, 6]);
  });

  test("a message from a handler to another actor arrives after the sender's earlier messages", async () => {
    await using kit = new TestKit();
    const probe = kit.probe<string>();
    const relay = kit.system.spawn(defineActor({
      init: () => null,
      receive: (_: null, msg: string) => void probe.ref.tell(`relayed ${msg}`),
    }));
    for (const m of ["1", "2", "3"]) relay.tell(m);
    await kit.runUntilIdle();
    assert.deepEqual(probe.messages, ["relayed 1", "relayed 2", "relayed 3"]);
  });

  test("tell to a stopped actor returns false and the message is not handled", async () => {
    await using kit = new TestKit();
    const seen: number[] = [];
    const ref = kit.system.spawn(recorder, { args: seen });
    await ref.stop();
    assert.equal(ref.status, "stopped");
    assert.equal(ref.tell({ type: "log", value: 7 }), false);
    await kit.runUntilIdle();
    assert.deepEqual(seen, []);
    assert.equal(kit.system.deadLetters, 1);
  });

  test("a ref reports its path, name and status", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(recorder, { name: "rec", args: [] });
    assert.equal(ref.path, "/rec");
    assert.equal(ref.name, "rec");
    assert.equal(ref.restarts, 0);
    assert.equal(String(ref), "ActorRef(/rec)");
    assert.equal(JSON.stringify({ ref }), '{"ref":"/rec"}');
    await kit.runUntilIdle();
    assert.equal(ref.status, "running");
  });
});

describe("definition methods", () => {
  test("init, receive and stopped run with the definition as this, so helpers on it work", async () => {
    const seen: string[] = [];
    const definition = {
      prefix: "got",
      label(text: string): string {
        return `${this.prefix} ${text}`;
      },
      init(this: { label(text: string): string }, _args: void) {
        seen.push(this.label("init"));
        return null;
      },
      receive(
        this: { label(text: string): string },
        _state: null,
        msg: string,
      ) {
        seen.push(this.label(msg));
      },
      stopped(this: { label(text: string): string }) {
        seen.push(this.label("stopped"));
      },
    };
    await using kit = new TestKit();
    const ref = kit.system.spawn(definition);
    ref.tell("hello");
    await kit.runUntilIdle();
    await ref.stop();
    assert.deepEqual(seen, ["got init", "got hello", "got stopped"]);
  });
});
