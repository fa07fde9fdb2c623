/**
 * Ask timeouts as a fast-check property against a small model: asks with
 * mixed timeouts (several per duration, so lanes share one timer), made at
 * different virtual times, answered at chosen times or never. Each ask
 * settles exactly once: with its reply when the answer comes first, with
 * `AskTimeoutError` exactly at its deadline otherwise, or not at all when it
 * has no timeout and no answer.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { AskTimeoutError, defineActor, type ReplyPort } from "../../mod.ts";
import { TestKit } from "../../testing.ts";

type Msg =
  | { type: "hold"; id: number; replyTo: ReplyPort<number> }
  | { type: "answer"; id: number };

/** Holds every ask's reply port until told to answer it. */
const holder = defineActor({
  init: () => new Map<number, ReplyPort<number>>(),
  receive(held: Map<number, ReplyPort<number>>, msg: Msg) {
    if (msg.type === "hold") held.set(msg.id, msg.replyTo);
    else held.get(msg.id)?.reply(msg.id);
  },
});

interface Plan {
  /** When the ask is made. */
  readonly at: number;
  /** Its timeout (even, so it never ties with an answer). */
  readonly timeoutMs: number;
  /** How long after it is made the answer comes (odd), or never. */
  readonly answerAfter: number | null;
}

const plan: fc.Arbitrary<Plan> = fc.record({
  at: fc.integer({ min: 0, max: 4 }),
  timeoutMs: fc.constantFrom(2, 4, 6, Infinity),
  answerAfter: fc.option(fc.constantFrom(1, 3, 5, 7), { nil: null }),
});

interface Seen {
  at: number;
  value?: number;
  error?: unknown;
  times: number;
}

describe("ask timeouts (property)", () => {
  test("every ask settles once: its reply if the answer comes first, else AskTimeoutError at its deadline", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(plan, { minLength: 1, maxLength: 12 }),
        async (plans) => {
          await using kit = new TestKit();
          const ref = kit.system.spawn(holder, { name: "holder" });
          await kit.runUntilIdle();
          const seen: Seen[] = plans.map(() => ({ at: -1, times: 0 }));
          const end = 16;
          for (let t = 0; t <= end; t++) {
            plans.forEach((p, id) => {
              if (p.at === t) {
                const asked = ref.ask<number>(
                  (replyTo) => ({ type: "hold", id, replyTo }),
                  { timeoutMs: p.timeoutMs },
                );
                asked.then(
                  (value) => {
                    Object.assign(seen[id], { at: kit.clock.now(), value });
                    seen[id].times++;
                  },
                  (error) => {
                    Object.assign(seen[id], { at: kit.clock.now(), error });
                    seen[id].times++;
                  },
                );
              }
              if (p.answerAfter !== null && p.at + p.answerAfter === t) {
                ref.tell({ type: "answer", id });
              }
            });
            await kit.advance(1);
          }
          plans.forEach((p, id) => {
            const s = seen[id];
            const answered = p.answerAfter !== null &&
              p.answerAfter < p.timeoutMs;
            if (answered) {
              assert.equal(s.times, 1, `ask ${id} settled once`);
              assert.equal(s.value, id);
              assert.equal(s.at, p.at + p.answerAfter!);
            } else if (p.timeoutMs !== Infinity) {
              assert.equal(s.times, 1, `ask ${id} settled once`);
              assert.ok(s.error instanceof AskTimeoutError, `ask ${id}`);
              assert.equal(s.error.timeoutMs, p.timeoutMs);
              assert.equal(s.at, p.at + p.timeoutMs);
            } else {
              assert.equal(s.times, 0, `ask ${id} still pending`);
            }
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  test("thousands of asks of one duration, most answered: only the others time out, at their deadline", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(holder, { name: "holder" });
    const n = 3000;
    const outcomes: string[] = new Array(n);
    for (let id = 0; id < n; id++) {
      ref.ask<number>((replyTo) => ({ type: "hold", id, replyTo }), {
        timeoutMs: 10,
      }).then(
        () => void (outcomes[id] = `ok@${kit.clock.now()}`),
        (error) =>
          void (outcomes[id] = `${error.constructor.name}@${kit.clock.now()}`),
      );
      // Later asks are made a little later: deadlines in order.
      if (id % 1000 === 999) await kit.advance(1);
    }
    for (let id = 0; id < n; id++) {
      if (id % 7 !== 0) ref.tell({ type: "answer", id });
    }
    await kit.advance(20);
    for (let id = 0; id < n; id++) {
      const made = Math.floor(id / 1000);
      assert.equal(
        outcomes[id],
        id % 7 === 0 ? `AskTimeoutError@${made + 10}` : `ok@3`,
        `ask ${id}`,
      );
    }
  });
});
