/**
 * A bounded chaos run on the virtual clock (issue 8): a three-level tree with
 * mixed strategies, about 1% failing messages (sync throws and async
 * rejections), handlers that outlive stops, and random external stops,
 * restarts and faults. At the end every message sent was processed or
 * dead-lettered, exactly once.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type ActorRef,
  childSpec,
  injectFault,
  restartActor,
  supervisor,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import {
  type Job,
  ledger,
  type Outcome,
  type Processed,
  random,
  worker,
} from "../_fixtures/exactly_once.ts";

const lenient = { maxRestarts: 10_000, withinMs: 1000 };

/** app (one-for-one) → left (one-for-all), right (rest-for-one) → deep (one-for-all). */
function tree(processed: Processed) {
  const w = worker(processed);
  return supervisor({
    ...lenient,
    strategy: "one-for-one",
    children: [
      childSpec(
        "left",
        supervisor({
          ...lenient,
          strategy: "one-for-all",
          children: [
            childSpec("l1", w),
            childSpec("l2", w, { restart: "transient" }),
          ],
        }),
      ),
      childSpec(
        "right",
        supervisor({
          ...lenient,
          strategy: "rest-for-one",
          children: [
            childSpec("r1", w),
            childSpec(
              "deep",
              supervisor({
                ...lenient,
                strategy: "one-for-all",
                children: [
                  childSpec("d1", w, { shutdown: 3 }),
                  childSpec("d2", w),
                ],
              }),
            ),
            childSpec("r2", w, { shutdown: "brutal" }),
          ],
        }),
      ),
    ],
  });
}

const WORKERS = [
  "/app/left/l1",
  "/app/left/l2",
  "/app/right/r1",
  "/app/right/r2",
  "/app/right/deep/d1",
  "/app/right/deep/d2",
];

async function chaos(seed: number, messages: number): Promise<void> {
  const rand = random(seed);
  const processed: Processed = new Map();
  const sent: number[] = [];
  await using kit = new TestKit();
  kit.system.spawn(tree(processed), { name: "app" });
  await kit.runUntilIdle();
  const refs = WORKERS.map((path) => kit.system.lookup<Job>(path)!);
  assert.ok(refs.every((ref) => ref !== undefined));
  const outcome = (): Outcome => {
    const r = rand();
    if (r < 0.004) return "throw";
    if (r < 0.006) return "reject";
    if (r < 0.01) return "timer-reject";
    if (r < 0.2) return "timer-ok";
    if (r < 0.4) return "async-ok";
    return "ok";
  };
  for (let id = 0; id < messages; id++) {
    const ref: ActorRef<Job> = refs[Math.floor(rand() * refs.length)];
    sent.push(id);
    ref.tell({ id, outcome: outcome() });
    const r = rand();
    const target = refs[Math.floor(rand() * refs.length)];
    if (r < 0.01) void target.stop();
    else if (r < 0.02) void restartActor(target);
    else if (r < 0.025) injectFault(target);
    if (rand() < 0.05) await kit.advance(Math.floor(rand() * 10));
  }
  await kit.advance(1000);
  await kit.system.shutdown();
  await kit.runUntilIdle();
  assert.deepEqual(ledger(sent, processed, kit.events), [], `seed ${seed}`);
  // The run exercised the paths it is about.
  const dead = kit.eventsOf("dead-letter");
  assert.ok(
    dead.some((e) => e.reason === "failed"),
    `seed ${seed}: no failure`,
  );
  assert.ok(kit.eventsOf("restarted").length > 0, `seed ${seed}: no restart`);
}

describe("chaos", () => {
  for (const seed of [1, 2, 3]) {
    test(`seed ${seed}: 3000 messages, 1% failing, random stops, restarts and faults: each message ends exactly once`, async () => {
      await chaos(seed, 3000);
    });
  }
});
