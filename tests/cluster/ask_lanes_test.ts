/**
 * The remote ask timeouts (`AskLanes`) against a model, as a property on
 * the virtual clock: ports of a few timeout lengths are added, settled and
 * left to run out in any order; after every step, exactly the ports still
 * waiting whose deadline has passed have expired, each once, with its own
 * length, and no settled port ever expires.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { VirtualClock } from "../../testing.ts";
import { AskLanes } from "../../src/cluster/_ask_lanes.ts";
import { WaitingPort } from "../../src/cluster/_ports.ts";

type Op =
  | { k: "add"; ms: number }
  | { k: "settle"; pick: number }
  | { k: "advance"; ms: number }
  | { k: "burst"; ms: number; n: number }
  | { k: "settleOldest"; n: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    k: fc.constant("add" as const),
    ms: fc.constantFrom(0, 10, 25, 100),
  }),
  fc.record({ k: fc.constant("settle" as const), pick: fc.nat() }),
  fc.record({
    k: fc.constant("advance" as const),
    ms: fc.integer({ min: 0, max: 60 }),
  }),
);

/** Bursts of asks and of answers, past the lanes' compaction threshold. */
const bulkOp: fc.Arbitrary<Op> = fc.oneof(
  op,
  fc.record({
    k: fc.constant("burst" as const),
    ms: fc.constantFrom(10, 100),
    n: fc.integer({ min: 1, max: 2500 }),
  }),
  fc.record({
    k: fc.constant("settleOldest" as const),
    n: fc.integer({ min: 1, max: 2500 }),
  }),
);

function check(ops: Op[]): void {
  const clock = new VirtualClock();
  const expired = new Map<number, number>();
  const lanes = new AskLanes(clock, (port, ms) => {
    assert.ok(!port.settled, "a settled port expired");
    assert.ok(!expired.has(port.id), "expired twice");
    expired.set(port.id, ms);
    port.fail(new Error("timeout"));
  });
  // Timers run as the clock advances: a port is due once the clock
  // has advanced past its deadline after it was added.
  const model: {
    port: WaitingPort<never>;
    at: number;
    ms: number;
    due: boolean;
  }[] = [];
  let id = 0;
  const add = (ms: number) => {
    const port = new WaitingPort<never>(++id, () => {}, () => {});
    lanes.add(ms, port);
    model.push({ port, at: clock.now() + ms, ms, due: false });
  };
  for (const o of ops) {
    if (o.k === "add") {
      add(o.ms);
    } else if (o.k === "burst") {
      for (let i = 0; i < o.n; i++) add(o.ms);
    } else if (o.k === "settleOldest") {
      let left = o.n;
      for (const m of model) {
        if (left === 0) break;
        if (!m.port.settled) {
          m.port.reply(undefined as never);
          left--;
        }
      }
    } else if (o.k === "settle") {
      const waiting = model.filter((m) => !m.port.settled);
      if (waiting.length > 0) {
        waiting[o.pick % waiting.length].port.reply(undefined as never);
      }
    } else {
      clock.advance(o.ms);
      for (const m of model) m.due ||= m.at <= clock.now();
    }
    for (const m of model) {
      if (expired.has(m.port.id)) {
        assert.equal(expired.get(m.port.id), m.ms);
        assert.ok(m.at <= clock.now(), "expired early");
      } else if (!m.port.settled) {
        assert.ok(
          !m.due,
          `port ${m.port.id} not expired at ${clock.now()}`,
        );
      }
    }
  }
}

describe("AskLanes", () => {
  test("expires exactly the waiting ports past their deadline, once", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), check),
      { numRuns: 500 },
    );
  });

  test("clear stops every lane's timer: nothing expires after it", () => {
    const clock = new VirtualClock();
    const expired: number[] = [];
    const lanes = new AskLanes(clock, (port) => void expired.push(port.id));
    for (const ms of [10, 100, 120_000]) {
      lanes.add(ms, new WaitingPort<never>(ms, () => {}, () => {}));
    }
    assert.equal(clock.pending, 3);
    lanes.clear();
    assert.equal(clock.pending, 0);
    clock.advance(200_000);
    assert.deepEqual(expired, []);
    // Still usable after.
    lanes.add(5, new WaitingPort<never>(7, () => {}, () => {}));
    clock.advance(5);
    assert.deepEqual(expired, [7]);
  });

  test("the same with bursts past the lanes' compaction threshold", () => {
    fc.assert(
      fc.property(fc.array(bulkOp, { maxLength: 25 }), check),
      { numRuns: 60 },
    );
  });
});
