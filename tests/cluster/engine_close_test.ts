/**
 * A node that leaves stops the timers of its remote asks: they were failed
 * with the leave's reason, and an armed timer would keep the process alive
 * until it ran (a 120 s ask timeout held the cluster benchmark's process two
 * minutes after it had finished).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ActorSystem } from "../../mod.ts";
import { jsonCodec } from "../../cluster.ts";
import { VirtualClock } from "../../testing.ts";
import { Engine } from "../../src/cluster/_engine.ts";
import { RemoteRef } from "../../src/cluster/remote_ref.ts";

describe("Engine.close", () => {
  test("fails pending remote asks and stops their timeouts' timers", async () => {
    const clock = new VirtualClock();
    const system = new ActorSystem({ name: "engine-close", clock });
    const published: string[] = [];
    const nc = {
      publish: (_subject: string, text: string) => void published.push(text),
      isClosed: () => false,
      info: undefined,
    };
    const engine = new Engine({
      system,
      nc: nc as never,
      prefix: "x",
      self: "a",
      codec: jsonCodec,
      isDown: () => false,
    });
    const ref = new RemoteRef<{ replyTo: unknown }>(engine, "b", "/echo");
    const before = clock.pending;
    const asks = [10, 5000, 120_000].map((timeoutMs) =>
      engine.ask(ref as never, (replyTo) => ({ replyTo }), { timeoutMs })
    );
    assert.equal(clock.pending, before + 3);
    const reason = new Error("left");
    engine.close(reason);
    for (const ask of asks) await assert.rejects(ask, (e) => e === reason);
    assert.equal(clock.pending, before);
    await system.shutdown();
  });
});
