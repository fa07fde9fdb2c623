/**
 * `$stop` and `DELETE` cannot hang: the stop is bounded by the actor's
 * shutdown time, then the actor is killed (issue 8, item 9).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { defineActor } from "../../mod.ts";
import { json, setup } from "./_fixtures.ts";

/** Resolves after `n` turns of the microtask queue. */
async function ticks(n = 30): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

const stuck = defineActor({
  init: () => null,
  receive: (_: null, _msg: "hang") => new Promise<never>(() => {}),
});

describe("bounded stop over HTTP", () => {
  for (
    const [method, path] of [["POST", "/v1/actors/stuck/$stop"], [
      "DELETE",
      "/v1/actors/stuck",
    ]]
  ) {
    test(`${method} ${path} on an actor whose handler never settles answers at its shutdown time`, async () => {
      await using h = setup();
      const ref = h.kit.system.spawn(stuck, { name: "stuck" });
      ref.tell("hang");
      await ticks();
      let answered = false;
      const response = h.call(method, path).then((res) => {
        answered = true;
        return res;
      });
      // The request reaches `ref.stop()` once its body is read: the stop's
      // deadline is then the one timer on the virtual clock.
      for (let i = 0; i < 200 && h.kit.clock.pending === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      assert.equal(h.kit.clock.pending, 1);
      h.kit.clock.advance(4999);
      await ticks();
      assert.equal(answered, false);
      h.kit.clock.advance(1);
      const res = await response;
      assert.ok(res.status < 300, `status ${res.status}`);
      if (method === "POST") {
        const info = await json(res, 200);
        assert.equal(info.stopReason, "killed");
      }
      assert.equal(ref.status, "stopped");
      assert.equal(h.kit.eventsOf("stopped")[0].reason, "killed");
    });
  }
});
