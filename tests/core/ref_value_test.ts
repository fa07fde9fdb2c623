/**
 * Refs behave like values (issue 9): they print as their path and
 * incarnation, serialise to JSON as their path, and offer plain JavaScript
 * nothing but the `ActorRef` API.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { inspect as nodeInspect } from "node:util";
import { defineActor, restartActor } from "../../mod.ts";
import { TestKit } from "../../testing.ts";

/** The host's own inspector, as `console.log` uses it. */
function hostInspect(value: unknown): string {
  const host = globalThis as {
    Deno?: { inspect(value: unknown): string };
    Bun?: { inspect(value: unknown): string };
  };
  if (host.Deno !== undefined) return host.Deno.inspect(value);
  if (host.Bun !== undefined) return host.Bun.inspect(value);
  return nodeInspect(value);
}

const worker = defineActor({ init: () => 0, receive: (n: number) => n + 1 });

describe("refs behave like values", () => {
  test("a ref prints as its path, incarnation and status, on this runtime's console and node:util", async () => {
    await using kit = new TestKit();
    const parent = kit.system.spawn(
      defineActor({
        init: (_: void, ctx) => ctx.spawn(worker, { name: "w" }),
        receive: () => {},
      }),
      { name: "app" },
    );
    await kit.runUntilIdle();
    const ref = kit.system.lookup("/app/w")!;
    assert.equal(hostInspect(ref), "ActorRef(/app/w, incarnation 0, running)");
    assert.equal(nodeInspect(ref), "ActorRef(/app/w, incarnation 0, running)");
    await restartActor(ref);
    assert.equal(hostInspect(ref), "ActorRef(/app/w, incarnation 1, running)");
    // Nested in an object, the ref still prints as itself, not as its cell.
    assert.match(hostInspect({ to: parent }), /ActorRef\(\/app, incarnation 0/);
    assert.doesNotMatch(
      hostInspect({ to: parent }),
      /runtime|mailbox|behavior/,
    );
    assert.equal(String(ref), "ActorRef(/app/w)");
  });

  test("JSON.stringify gives the path", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(worker, { name: "w" });
    assert.equal(JSON.stringify(ref), '"/w"');
    assert.equal(
      JSON.stringify({ to: ref, list: [ref] }),
      '{"to":"/w","list":["/w"]}',
    );
  });

  test("internal methods are not reachable from plain JavaScript", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(worker, { name: "w" }) as unknown as Record<
      string,
      unknown
    >;
    for (
      const name of [
        "kill",
        "fail",
        "enqueue",
        "enqueueAsk",
        "runTurn",
        "restart",
        "prepareRestart",
        "completeRestart",
        "requestStop",
        "stopChild",
        "spawnChild",
        "resume",
        "record",
        "whenStarted",
        "forget",
        "addWatcher",
        "removeWatcher",
        "registerAs",
        "child",
        "memberships",
      ]
    ) {
      assert.equal(typeof ref[name], "undefined", name);
    }
    // The methods a ref offers, all of its prototype chain's: the API only.
    const methods = new Set<string>();
    for (
      let proto = Object.getPrototypeOf(ref);
      proto !== null && proto !== Object.prototype;
      proto = Object.getPrototypeOf(proto)
    ) {
      for (const key of Object.getOwnPropertyNames(proto)) {
        const descriptor = Object.getOwnPropertyDescriptor(proto, key)!;
        if (typeof descriptor.value === "function" && key !== "constructor") {
          methods.add(key);
        }
      }
    }
    assert.deepEqual(
      [...methods].sort(),
      ["ask", "stop", "tell", "toJSON", "toString"],
    );
  });
});
