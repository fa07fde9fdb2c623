import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Mailbox, type OverflowPolicy } from "../../src/core/mailbox.ts";

const POLICIES: readonly OverflowPolicy[] = [
  "reject",
  "drop-oldest",
  "drop-newest",
];

describe("Mailbox construction", () => {
  test("default mailbox is unbounded, empty, with reject policy semantics", () => {
    const box = new Mailbox<string, string>();
    assert.equal(box.capacity, Infinity);
    assert.equal(box.length, 0);
    assert.equal(box.highWater, 0);
    assert.equal(box.hasSystem, false);
    assert.equal(box.dropped, undefined);
    assert.equal(box.take(), undefined);
    assert.equal(box.takeSystem(), undefined);
    assert.deepEqual(box.drain(), []);
  });

  test("capacity getter returns the configured bound", () => {
    assert.equal(new Mailbox({ capacity: 1 }).capacity, 1);
    assert.equal(new Mailbox({ capacity: 7 }).capacity, 7);
    assert.equal(new Mailbox({ capacity: Infinity }).capacity, Infinity);
    assert.equal(new Mailbox({}).capacity, Infinity);
  });

  test("default overflow policy is reject when bounded", () => {
    const box = new Mailbox<number>({ capacity: 1 });
    assert.equal(box.offer(1), "queued");
    assert.equal(box.offer(2), "rejected");
    assert.deepEqual(box.drain(), [1]);
  });

  test("constructor throws RangeError when capacity is 0, 1.5, -1 or otherwise not a positive integer", () => {
    for (const capacity of [0, 1.5, -1, -Infinity, NaN, 0.999]) {
      assert.throws(
        () => new Mailbox({ capacity }),
        (err: unknown) =>
          err instanceof RangeError &&
          /^Cannot create mailbox: capacity must be a positive integer/.test(
            err.message,
          ),
        `capacity ${capacity} should throw RangeError`,
      );
    }
  });

  test("constructor throws RangeError when the overflow policy is unknown", () => {
    for (const overflow of ["drop-all", "", "Reject", "dropOldest"]) {
      assert.throws(
        () =>
          new Mailbox({ capacity: 2, overflow: overflow as OverflowPolicy }),
        (err: unknown) =>
          err instanceof RangeError &&
          /^Cannot create mailbox: unknown overflow policy/.test(err.message) &&
          err.message.includes(`"${overflow}"`),
        `overflow ${JSON.stringify(overflow)} should throw RangeError`,
      );
    }
  });

  test("constructor accepts every documented overflow policy with any bound", () => {
    for (const overflow of POLICIES) {
      for (const capacity of [1, 2, 100, Infinity]) {
        const box = new Mailbox({ capacity, overflow });
        assert.equal(box.capacity, capacity);
      }
    }
  });

  test("initialCapacity larger than the bound still enforces the bound", () => {
    const box = new Mailbox<number>({ capacity: 3, initialCapacity: 64 });
    assert.equal(box.offer(1), "queued");
    assert.equal(box.offer(2), "queued");
    assert.equal(box.offer(3), "queued");
    assert.equal(box.offer(4), "rejected");
    assert.equal(box.length, 3);
  });

  test("small initialCapacity on an unbounded mailbox grows without losing order", () => {
    const box = new Mailbox<number>({ initialCapacity: 1 });
    for (let i = 0; i < 100; i++) assert.equal(box.offer(i), "queued");
    assert.equal(box.length, 100);
    assert.deepEqual(
      box.drain(),
      Array.from({ length: 100 }, (_, i) => i),
    );
  });
});

describe("Mailbox user lane", () => {
  test("take returns user messages in offer order", () => {
    const box = new Mailbox<string>();
    box.offer("a");
    box.offer("b");
    box.offer("c");
    assert.equal(box.length, 3);
    assert.equal(box.take(), "a");
    assert.equal(box.take(), "b");
    assert.equal(box.take(), "c");
    assert.equal(box.take(), undefined);
    assert.equal(box.length, 0);
  });

  test("unbounded mailbox queues every offer", () => {
    const box = new Mailbox<number>();
    for (let i = 0; i < 1000; i++) assert.equal(box.offer(i), "queued");
    assert.equal(box.length, 1000);
    assert.equal(box.highWater, 1000);
    assert.equal(box.dropped, undefined);
  });

  test("drain returns user messages oldest first and empties the lane", () => {
    const box = new Mailbox<number>({ capacity: 4 });
    box.offer(1);
    box.offer(2);
    box.offer(3);
    box.take();
    box.offer(4);
    box.offer(5);
    assert.deepEqual(box.drain(), [2, 3, 4, 5]);
    assert.equal(box.length, 0);
    assert.equal(box.take(), undefined);
    assert.deepEqual(box.drain(), []);
  });

  test("bounded mailbox accepts offers again after drain", () => {
    const box = new Mailbox<number>({ capacity: 2 });
    box.offer(1);
    box.offer(2);
    assert.equal(box.offer(3), "rejected");
    box.drain();
    assert.equal(box.offer(4), "queued");
    assert.equal(box.offer(5), "queued");
    assert.equal(box.offer(6), "rejected");
    assert.deepEqual(box.drain(), [4, 5]);
  });
});

describe("Mailbox overflow policy reject", () => {
  test("offer returns rejected when full and does not queue the message", () => {
    const box = new Mailbox<string>({ capacity: 2, overflow: "reject" });
    assert.equal(box.offer("a"), "queued");
    assert.equal(box.offer("b"), "queued");
    assert.equal(box.offer("c"), "rejected");
    assert.equal(box.offer("d"), "rejected");
    assert.equal(box.length, 2);
    assert.equal(box.dropped, undefined, "reject never sets dropped");
    assert.deepEqual(box.drain(), ["a", "b"]);
  });

  test("offer is queued again once a take frees a slot", () => {
    const box = new Mailbox<string>({ capacity: 2, overflow: "reject" });
    box.offer("a");
    box.offer("b");
    assert.equal(box.offer("c"), "rejected");
    assert.equal(box.take(), "a");
    assert.equal(box.offer("d"), "queued");
    assert.equal(box.offer("e"), "rejected");
    assert.deepEqual(box.drain(), ["b", "d"]);
  });

  test("capacity 1 rejects every offer while one message is queued", () => {
    const box = new Mailbox<number>({ capacity: 1, overflow: "reject" });
    assert.equal(box.offer(1), "queued");
    for (let i = 2; i < 10; i++) assert.equal(box.offer(i), "rejected");
    assert.equal(box.take(), 1);
    assert.equal(box.take(), undefined);
  });
});

describe("Mailbox overflow policy drop-oldest", () => {
  test("offer returns dropped with dropped = oldest and queues the new message when full", () => {
    const box = new Mailbox<string>({ capacity: 2, overflow: "drop-oldest" });
    assert.equal(box.offer("a"), "queued");
    assert.equal(box.offer("b"), "queued");
    assert.equal(box.offer("c"), "dropped");
    assert.equal(box.dropped, "a");
    assert.equal(box.length, 2);
    assert.equal(box.offer("d"), "dropped");
    assert.equal(box.dropped, "b");
    assert.deepEqual(box.drain(), ["c", "d"]);
  });

  test("capacity 1 keeps only the newest message", () => {
    const box = new Mailbox<number>({ capacity: 1, overflow: "drop-oldest" });
    assert.equal(box.offer(1), "queued");
    for (let i = 2; i <= 5; i++) {
      assert.equal(box.offer(i), "dropped");
      assert.equal(box.dropped, i - 1);
      assert.equal(box.length, 1);
    }
    assert.equal(box.take(), 5);
  });

  test("drop-oldest keeps FIFO order when the ring head has wrapped", () => {
    const box = new Mailbox<number>({ capacity: 3, overflow: "drop-oldest" });
    box.offer(1);
    box.offer(2);
    box.offer(3);
    box.take();
    box.offer(4);
    assert.equal(box.offer(5), "dropped");
    assert.equal(box.dropped, 2);
    assert.equal(box.offer(6), "dropped");
    assert.equal(box.dropped, 3);
    assert.deepEqual(box.drain(), [4, 5, 6]);
  });
});

describe("Mailbox overflow policy drop-newest", () => {
  test("offer returns dropped with dropped = the new message and leaves the queue unchanged when full", () => {
    const box = new Mailbox<string>({ capacity: 2, overflow: "drop-newest" });
    assert.equal(box.offer("a"), "queued");
    assert.equal(box.offer("b"), "queued");
    assert.equal(box.offer("c"), "dropped");
    assert.equal(box.dropped, "c");
    assert.equal(box.offer("d"), "dropped");
    assert.equal(box.dropped, "d");
    assert.equal(box.length, 2);
    assert.deepEqual(box.drain(), ["a", "b"]);
  });

  test("capacity 1 keeps only the first message", () => {
    const box = new Mailbox<number>({ capacity: 1, overflow: "drop-newest" });
    assert.equal(box.offer(1), "queued");
    for (let i = 2; i <= 5; i++) {
      assert.equal(box.offer(i), "dropped");
      assert.equal(box.dropped, i);
    }
    assert.equal(box.take(), 1);
    assert.equal(box.take(), undefined);
  });
});

describe("Mailbox dropped field", () => {
  test("dropped keeps the last discarded message after later queued offers", () => {
    for (const overflow of ["drop-oldest", "drop-newest"] as const) {
      const box = new Mailbox<string>({ capacity: 1, overflow });
      box.offer("a");
      assert.equal(box.offer("b"), "dropped");
      const discarded = box.dropped;
      assert.equal(discarded, overflow === "drop-oldest" ? "a" : "b");
      box.take();
      assert.equal(box.offer("c"), "queued");
      assert.equal(box.dropped, discarded, overflow);
    }
  });

  test("dropped is undefined until an offer returns dropped", () => {
    for (const overflow of POLICIES) {
      const box = new Mailbox<number>({ capacity: 3, overflow });
      box.offer(1);
      box.offer(2);
      box.offer(3);
      box.take();
      box.drain();
      assert.equal(box.dropped, undefined, overflow);
    }
  });
});

describe("Mailbox highWater", () => {
  test("highWater records the largest user queue length and is not lowered by take or drain", () => {
    const box = new Mailbox<number>();
    box.offer(1);
    box.offer(2);
    box.offer(3);
    assert.equal(box.highWater, 3);
    box.take();
    box.take();
    assert.equal(box.highWater, 3);
    box.offer(4);
    assert.equal(box.highWater, 3);
    box.offer(5);
    box.offer(6);
    assert.equal(box.highWater, 4);
    box.drain();
    assert.equal(box.highWater, 4);
    assert.equal(box.length, 0);
  });

  test("highWater never exceeds the bound under any overflow policy", () => {
    for (const overflow of POLICIES) {
      const box = new Mailbox<number>({ capacity: 3, overflow });
      for (let i = 0; i < 20; i++) box.offer(i);
      assert.equal(box.highWater, 3, overflow);
      assert.equal(box.length, 3, overflow);
    }
  });

  test("highWater ignores system signals", () => {
    const box = new Mailbox<number, string>({ capacity: 2 });
    for (let i = 0; i < 10; i++) box.offerSystem(`s${i}`);
    assert.equal(box.highWater, 0);
    box.offer(1);
    assert.equal(box.highWater, 1);
  });
});

describe("Mailbox system lane", () => {
  test("system signals are taken in FIFO order and hasSystem tracks them", () => {
    const box = new Mailbox<number, string>();
    assert.equal(box.hasSystem, false);
    box.offerSystem("start");
    assert.equal(box.hasSystem, true);
    box.offerSystem("stop");
    assert.equal(box.takeSystem(), "start");
    assert.equal(box.hasSystem, true);
    assert.equal(box.takeSystem(), "stop");
    assert.equal(box.hasSystem, false);
    assert.equal(box.takeSystem(), undefined);
    assert.equal(box.hasSystem, false);
  });

  test("system lane is independent of the user bound and unbounded", () => {
    for (const overflow of POLICIES) {
      const box = new Mailbox<number, number>({ capacity: 1, overflow });
      box.offer(0);
      for (let i = 0; i < 50; i++) box.offerSystem(i);
      assert.equal(box.length, 1, overflow);
      for (let i = 0; i < 50; i++) assert.equal(box.takeSystem(), i);
      assert.equal(box.hasSystem, false);
      assert.equal(box.take(), 0);
    }
  });

  test("system signals do not count toward length and do not affect offers", () => {
    const box = new Mailbox<string, string>({
      capacity: 2,
      overflow: "reject",
    });
    box.offerSystem("x");
    box.offerSystem("y");
    assert.equal(box.length, 0);
    assert.equal(box.offer("a"), "queued");
    assert.equal(box.offer("b"), "queued");
    assert.equal(box.offer("c"), "rejected");
    assert.equal(box.takeSystem(), "x");
    assert.equal(box.offer("d"), "rejected", "taking a signal frees no slot");
  });

  test("take and drain never return system signals", () => {
    const box = new Mailbox<string, string>();
    box.offerSystem("sig");
    assert.equal(box.take(), undefined);
    assert.deepEqual(box.drain(), []);
    box.offer("msg");
    assert.deepEqual(box.drain(), ["msg"]);
    assert.equal(box.hasSystem, true);
    assert.equal(box.takeSystem(), "sig");
  });

  test("takeSystem never returns user messages", () => {
    const box = new Mailbox<string, string>();
    box.offer("msg");
    assert.equal(box.takeSystem(), undefined);
    assert.equal(box.hasSystem, false);
    assert.equal(box.take(), "msg");
  });
});

// ---------------------------------------------------------------------------
// Model-based property test: Mailbox against plain arrays.
// ---------------------------------------------------------------------------

type Op =
  | { kind: "offer" }
  | { kind: "take" }
  | { kind: "offerSystem" }
  | { kind: "takeSystem" }
  | { kind: "drain" };

/** A plain-array implementation of the documented Mailbox semantics. */
class MailboxModel {
  user: number[] = [];
  system: number[] = [];
  highWater = 0;
  dropped: number | undefined = undefined;

  constructor(
    readonly bound: number,
    readonly overflow: OverflowPolicy,
  ) {}

  offer(message: number): "queued" | "rejected" | "dropped" {
    if (this.user.length >= this.bound) {
      switch (this.overflow) {
        case "reject":
          return "rejected";
        case "drop-newest":
          this.dropped = message;
          return "dropped";
        case "drop-oldest":
          this.dropped = this.user.shift();
          this.user.push(message);
          return "dropped";
      }
    }
    this.user.push(message);
    this.highWater = Math.max(this.highWater, this.user.length);
    return "queued";
  }
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: "offer" as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: "take" as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: "offerSystem" as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: "takeSystem" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "drain" as const }) },
);

describe("Mailbox model-based property", () => {
  test("offer/take/offerSystem/takeSystem/drain sequences match a plain-array model at every step", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(Infinity)),
        fc.constantFrom(...POLICIES),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        fc.array(opArb, { maxLength: 200, size: "medium" }),
        (bound, overflow, initialCapacity, ops) => {
          const box = new Mailbox<number, number>({
            capacity: bound,
            overflow,
            initialCapacity,
          });
          const model = new MailboxModel(bound, overflow);
          assert.equal(box.capacity, bound);
          let nextMessage = 0;
          let nextSignal = 0;
          for (const [step, op] of ops.entries()) {
            const where =
              `step ${step} (${op.kind}), bound ${bound}, ${overflow}`;
            switch (op.kind) {
              case "offer": {
                const message = nextMessage++;
                assert.equal(box.offer(message), model.offer(message), where);
                break;
              }
              case "take":
                assert.equal(box.take(), model.user.shift(), where);
                break;
              case "offerSystem": {
                const signal = nextSignal++;
                box.offerSystem(signal);
                model.system.push(signal);
                break;
              }
              case "takeSystem":
                assert.equal(box.takeSystem(), model.system.shift(), where);
                break;
              case "drain":
                assert.deepEqual(box.drain(), model.user, where);
                model.user = [];
                break;
            }
            assert.equal(box.length, model.user.length, `length at ${where}`);
            assert.equal(
              box.highWater,
              model.highWater,
              `highWater at ${where}`,
            );
            assert.equal(box.dropped, model.dropped, `dropped at ${where}`);
            assert.equal(
              box.hasSystem,
              model.system.length > 0,
              `hasSystem at ${where}`,
            );
            assert.ok(box.length <= bound, `length within bound at ${where}`);
            assert.ok(
              box.highWater <= bound,
              `highWater within bound at ${where}`,
            );
          }
          // Remaining contents match the model in order.
          assert.deepEqual(box.drain(), model.user);
          const signals = model.system.map(() => box.takeSystem());
          assert.deepEqual(signals, model.system);
          assert.equal(box.hasSystem, false);
          assert.equal(box.takeSystem(), undefined);
        },
      ),
      { numRuns: 400 },
    );
  });
});
