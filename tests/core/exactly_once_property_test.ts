/**
 * The exactly-once rule as a fast-check property against a small model
 * (issue 8): random sends (handlers that succeed, throw, reject, or finish
 * on a timer), external stops, restarts, faults and clock advances, on one
 * top-level actor and on a supervised one. Afterwards every message ended
 * exactly once, processed or dead-lettered, and the model predicts which
 * for the messages whose fate does not depend on timing.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
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
  worker,
} from "../_fixtures/exactly_once.ts";

type Command =
  | { readonly type: "send"; readonly outcome: Outcome }
  | { readonly type: "stop" }
  | { readonly type: "restart" }
  | { readonly type: "fault" }
  | { readonly type: "advance"; readonly ms: number }
  | { readonly type: "idle" };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom<Outcome>(
      "ok",
      "throw",
      "reject",
      "timer-reject",
      "async-ok",
      "timer-ok",
    ).map((outcome) => ({ type: "send", outcome }) as const),
  },
  { weight: 1, arbitrary: fc.constant({ type: "stop" } as const) },
  { weight: 1, arbitrary: fc.constant({ type: "restart" } as const) },
  { weight: 1, arbitrary: fc.constant({ type: "fault" } as const) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 12 }).map((ms) =>
      ({ type: "advance", ms }) as const
    ),
  },
  { weight: 1, arbitrary: fc.constant({ type: "idle" } as const) },
);

/** The model: what it can predict for sure about each message. */
interface Model {
  /** The actor has stopped for good (a top-level actor after `stop`). */
  stopped: boolean;
  /** Expected dead-letter reason per message id, where it is certain. */
  readonly expected: Map<number, "stopped">;
}

async function run(commands: Command[], supervised: boolean): Promise<void> {
  const processed: Processed = new Map();
  const sent: number[] = [];
  const model: Model = { stopped: false, expected: new Map() };
  await using kit = new TestKit();
  const w = worker(processed, 5);
  let ref: ActorRef<Job>;
  if (supervised) {
    kit.system.spawn(
      supervisor({
        maxRestarts: 10_000,
        withinMs: 1000,
        children: [childSpec("w", w, { restart: "temporary", shutdown: 3 })],
      }),
      { name: "sup" },
    );
    await kit.runUntilIdle();
    ref = kit.system.lookup<Job>("/sup/w")!;
  } else {
    ref = kit.system.spawn(w, {
      name: "w",
      shutdown: 3,
      supervision: { maxRestarts: 10_000, withinMs: 1000 },
    });
  }
  for (const c of commands) {
    switch (c.type) {
      case "send": {
        const id = sent.length;
        sent.push(id);
        // Once stopped for good, a message is a dead letter at once.
        if (model.stopped) model.expected.set(id, "stopped");
        ref.tell({ id, outcome: c.outcome });
        break;
      }
      case "stop":
        // A top-level actor (and a temporary child) stops for good.
        model.stopped = true;
        void ref.stop();
        break;
      case "restart":
        void restartActor(ref);
        break;
      case "fault":
        injectFault(ref);
        break;
      case "advance":
        await kit.advance(c.ms);
        break;
      case "idle":
        await kit.runUntilIdle();
        break;
    }
  }
  await kit.advance(100);
  await kit.system.shutdown();
  await kit.runUntilIdle();
  assert.deepEqual(ledger(sent, processed, kit.events), []);
  const reasons = new Map<number, string>();
  for (const e of kit.eventsOf("dead-letter")) {
    const id = (e.message as Partial<Job>).id;
    if (typeof id === "number") reasons.set(id, e.reason);
  }
  for (const [id, reason] of model.expected) {
    assert.equal(reasons.get(id), reason, `job ${id}`);
  }
}

describe("exactly once, as a property", () => {
  test("a top-level actor: every message ends processed or dead-lettered, exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { maxLength: 60 }),
        (commands) => run(commands, false),
      ),
      { numRuns: 150 },
    );
  });

  test("a supervised temporary child: every message ends processed or dead-lettered, exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { maxLength: 60 }),
        (commands) => run(commands, true),
      ),
      { numRuns: 150 },
    );
  });
});
