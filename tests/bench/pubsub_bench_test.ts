/**
 * Keeps `bench/pubsub_bench.ts` from rotting: each case runs its setup, body
 * and teardown once with tiny sizes (each body waits until every counter has
 * counted every message, so a lost delivery hangs it). Never asserts on time.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { BenchCase } from "../../bench/_harness.ts";
import { register } from "../../bench/pubsub_bench.ts";
import { collect } from "../../bench/run.ts";

describe("bench/pubsub_bench.ts with tiny sizes", () => {
  const cases: BenchCase[] = [];
  register((c) => void cases.push(c as BenchCase), "smoke");

  test("registers publish and router cases against their baselines", () => {
    const ids = cases.map((c) => c.id);
    assert.ok(ids.includes("pubsub/publish"));
    for (const c of cases) {
      if (c.baseline !== undefined) assert.ok(ids.includes(c.baseline));
    }
    assert.deepEqual(
      collect("smoke").filter((c) => c.group === "pubsub").map((c) => c.id),
      ids,
    );
  });

  for (const c of cases) {
    test(`${c.id} runs setup, body and teardown once`, async () => {
      const state = await c.setup?.();
      await c.body(state);
      await c.teardown?.(state);
    });
  }
});
