import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  AlreadyStartedError,
  ChildRunningError,
  childSpec,
  defineActor,
  restartChild,
  startChild,
  supervisor,
  terminateChild,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { which } from "./_otp_child.ts";

// The calls about one child take effect in the order they were made, as
// OTP's supervisor (a process answering one call at a time) answers them;
// calls about different children do not wait for each other.

/** A child whose `init` takes `hops` microtask turns (0: synchronous). */
const worker = defineActor({
  kind: "call-order-worker",
  init: async (hops: number) => {
    for (let i = 0; i < hops; i++) await null;
    return hops;
  },
  receive: (state: number) => state,
});

/** A child whose `init` waits for `gate` to open. */
const gated = defineActor({
  kind: "call-order-gated",
  init: async (gate: Promise<void>) => {
    await gate;
    return null;
  },
  receive: (state: null) => state,
});

/** What a call came to: "ok" or its error's class name. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (error) {
    return (error as Error).constructor.name;
  }
}

describe("supervisor calls about one child, in the order made", () => {
  test("terminateChild made while startChild runs init stops the started child and keeps its spec", async () => {
    await using kit = new TestKit();
    const sup = await kit.system.start(supervisor({ children: [] }));
    const gate = Promise.withResolvers<void>();
    const starting = startChild(
      sup,
      childSpec("a", gated, { args: gate.promise }),
    );
    const terminating = terminateChild(sup, "a");
    // The start's init is under way (its cell exists) when the gate opens.
    await null;
    gate.resolve();
    const ref = await starting;
    assert.equal(ref?.path, `${sup.path}/a`);
    await terminating;
    assert.equal(ref?.status, "stopped");
    assert.deepEqual(
      which(sup),
      [["a", "undefined"]],
    );
  });

  test("a second startChild of an id answers AlreadyStartedError with the child the first started", async () => {
    await using kit = new TestKit();
    const sup = await kit.system.start(supervisor({ children: [] }));
    const first = startChild(sup, childSpec("a", worker, { args: 3 }));
    const second = startChild(sup, childSpec("a", worker, { args: 3 }));
    const ref = await first;
    await assert.rejects(
      second,
      (e: unknown) => e instanceof AlreadyStartedError && e.ref === ref,
    );
  });

  test("a second restartChild answers ChildRunningError once the first has started the child", async () => {
    await using kit = new TestKit();
    const sup = await kit.system.start(
      supervisor({ children: [childSpec("a", worker, { args: 2 })] }),
    );
    await terminateChild(sup, "a");
    const first = restartChild(sup, "a");
    const second = restartChild(sup, "a");
    assert.equal((await first)?.status, "running");
    await assert.rejects(second, ChildRunningError);
  });

  test("a slow init holds up only the calls about its own child", async () => {
    await using kit = new TestKit();
    const sup = await kit.system.start(supervisor({ children: [] }));
    const gate = Promise.withResolvers<void>();
    const slow = startChild(
      sup,
      childSpec("slow", gated, { args: gate.promise }),
    );
    const fast = await startChild(sup, childSpec("fast", worker, { args: 0 }));
    assert.equal(fast?.status, "running");
    await terminateChild(sup, "fast");
    assert.deepEqual(
      which(sup),
      [["fast", "undefined"], ["slow", "restarting"]],
    );
    gate.resolve();
    assert.equal((await slow)?.status, "running");
  });
});

type Call = {
  readonly kind: "start" | "terminate" | "restart";
  readonly id: "a" | "b";
  readonly hops: number;
};

const call: fc.Arbitrary<Call> = fc.record({
  kind: fc.constantFrom(
    "start" as const,
    "terminate" as const,
    "restart" as const,
  ),
  id: fc.constantFrom("a" as const, "b" as const),
  hops: fc.integer({ min: 0, max: 4 }),
});

/** OTP's answer to each call, the calls about one child taken in order. */
function model(calls: readonly Call[]): {
  answers: string[];
  final: Map<string, "running" | "down">;
} {
  const state = new Map<string, "running" | "down">();
  const answers = calls.map(({ kind, id }) => {
    const now = state.get(id);
    if (kind === "start") {
      if (now === "running") return "AlreadyStartedError";
      if (now === "down") return "AlreadyPresentError";
      state.set(id, "running");
      return "ok";
    }
    if (now === undefined) return "ChildNotFoundError";
    if (kind === "terminate") {
      state.set(id, "down");
      return "ok";
    }
    if (now === "running") return "ChildRunningError";
    state.set(id, "running");
    return "ok";
  });
  return { answers, final: state };
}

describe("supervisor calls made all at once, against a model of OTP's one-at-a-time answers", () => {
  test("every call answers as it would in order, and which_children agrees after", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(call, { minLength: 1, maxLength: 12 }),
        async (calls) => {
          await using kit = new TestKit();
          const sup = await kit.system.start(supervisor({ children: [] }));
          // Made in one go: none waits for another before it is made.
          const made = calls.map(({ kind, id, hops }) =>
            kind === "start"
              ? startChild(sup, childSpec(id, worker, { args: hops }))
              : kind === "terminate"
              ? terminateChild(sup, id)
              : restartChild(sup, id)
          );
          const answers = await Promise.all(made.map(outcome));
          const expected = model(calls);
          assert.deepEqual(answers, expected.answers);
          await kit.runUntilIdle();
          const listed = new Map(
            which(sup),
          );
          for (const id of ["a", "b"]) {
            const want = expected.final.get(id);
            assert.equal(
              listed.get(id),
              want === undefined
                ? undefined
                : want === "running"
                ? "running"
                : "undefined",
              `child ${id}`,
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
