import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { RingBuffer } from "../../src/core/ring_buffer.ts";

/** Smallest power of two that is >= max(n, 4). */
function expectedCapacity(n: number): number {
  let c = 4;
  while (c < n) c *= 2;
  return c;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

describe("RingBuffer construction", () => {
  test("default capacity is 16 and the ring starts empty", () => {
    const ring = new RingBuffer<number>();
    assert.equal(ring.capacity, 16);
    assert.equal(ring.length, 0);
  });

  test("capacity rounds up to a power of two with a minimum of 4", () => {
    const cases: [number, number][] = [
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
      [5, 8],
      [8, 8],
      [9, 16],
      [16, 16],
      [17, 32],
      [100, 128],
      [1024, 1024],
      [1025, 2048],
    ];
    for (const [requested, expected] of cases) {
      assert.equal(
        new RingBuffer(requested).capacity,
        expected,
        `capacity for initialCapacity ${requested}`,
      );
    }
  });

  test("capacity is the smallest power of two >= max(initialCapacity, 4) for any positive integer", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1 << 20 }), (n) => {
        const capacity = new RingBuffer(n).capacity;
        assert.ok(isPowerOfTwo(capacity));
        assert.equal(capacity, expectedCapacity(n));
        assert.ok(capacity >= n && capacity >= 4);
        assert.ok(capacity / 2 < Math.max(n, 4) || capacity === 4);
      }),
      { numRuns: 300 },
    );
  });

  test("constructor throws RangeError when capacity is not a positive integer", () => {
    const bad: unknown[] = [
      0,
      -1,
      -16,
      1.5,
      0.5,
      NaN,
      Infinity,
      -Infinity,
      "4",
      null,
    ];
    const message =
      /^Cannot create ring buffer: capacity must be a positive integer/;
    for (const value of bad) {
      assert.throws(
        () => new RingBuffer(value as number),
        (err: unknown) =>
          err instanceof RangeError && message.test(err.message),
        `initialCapacity ${String(value)} should throw RangeError`,
      );
    }
  });

  test("constructor with undefined capacity uses the default of 16", () => {
    assert.equal(new RingBuffer<number>(undefined).capacity, 16);
  });
});

describe("RingBuffer on an empty ring", () => {
  test("shift, peek and drain on a never-pushed ring return undefined / []", () => {
    const ring = new RingBuffer<string>(4);
    assert.equal(ring.shift(), undefined);
    assert.equal(ring.peek(), undefined);
    assert.deepEqual(ring.drain(), []);
    assert.equal(ring.length, 0);
    assert.equal(ring.capacity, 4);
  });

  test("shift returns undefined after the ring has been emptied", () => {
    const ring = new RingBuffer<number>(4);
    ring.push(1);
    assert.equal(ring.shift(), 1);
    assert.equal(ring.shift(), undefined);
    assert.equal(ring.peek(), undefined);
    assert.equal(ring.length, 0);
  });

  test("repeated shift on empty does not make length negative", () => {
    const ring = new RingBuffer<number>(4);
    for (let i = 0; i < 5; i++) assert.equal(ring.shift(), undefined);
    assert.equal(ring.length, 0);
    ring.push(7);
    assert.equal(ring.length, 1);
    assert.equal(ring.shift(), 7);
  });
});

describe("RingBuffer push/shift/peek", () => {
  test("shift returns items in push order without growth", () => {
    const ring = new RingBuffer<number>(4);
    ring.push(1);
    ring.push(2);
    ring.push(3);
    assert.equal(ring.length, 3);
    assert.equal(ring.shift(), 1);
    assert.equal(ring.shift(), 2);
    assert.equal(ring.shift(), 3);
    assert.equal(ring.length, 0);
    assert.equal(ring.capacity, 4);
  });

  test("peek returns the head without removing it", () => {
    const ring = new RingBuffer<string>(4);
    ring.push("a");
    ring.push("b");
    assert.equal(ring.peek(), "a");
    assert.equal(ring.peek(), "a");
    assert.equal(ring.length, 2);
    assert.equal(ring.shift(), "a");
    assert.equal(ring.peek(), "b");
    assert.equal(ring.length, 1);
  });

  test("ring filled exactly to capacity does not grow", () => {
    const ring = new RingBuffer<number>(8);
    for (let i = 0; i < 8; i++) ring.push(i);
    assert.equal(ring.capacity, 8);
    assert.equal(ring.length, 8);
  });

  test("push beyond capacity doubles the capacity", () => {
    const ring = new RingBuffer<number>(4);
    for (let i = 0; i < 4; i++) ring.push(i);
    assert.equal(ring.capacity, 4);
    ring.push(4);
    assert.equal(ring.capacity, 8);
    for (let i = 5; i < 9; i++) ring.push(i);
    assert.equal(ring.capacity, 16);
    assert.equal(ring.length, 9);
    assert.deepEqual(ring.drain(), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test("shift returns items in push order across growth when the head is wrapped", () => {
    const ring = new RingBuffer<number>(4);
    ring.push(1);
    ring.push(2);
    ring.push(3);
    ring.push(4);
    assert.equal(ring.shift(), 1);
    assert.equal(ring.shift(), 2);
    // Tail wraps around to slots 0 and 1; head is at slot 2.
    ring.push(5);
    ring.push(6);
    assert.equal(ring.capacity, 4);
    assert.equal(ring.length, 4);
    assert.equal(ring.peek(), 3);
    // Full with a wrapped head: this push must grow and unwrap.
    ring.push(7);
    assert.equal(ring.capacity, 8);
    assert.equal(ring.length, 5);
    assert.equal(ring.peek(), 3);
    const out: (number | undefined)[] = [];
    while (ring.length > 0) out.push(ring.shift());
    assert.deepEqual(out, [3, 4, 5, 6, 7]);
  });

  test("growth preserves order for every head offset", () => {
    for (let offset = 0; offset < 8; offset++) {
      const ring = new RingBuffer<number>(8);
      // Move the head to `offset`.
      for (let i = 0; i < offset; i++) ring.push(-1);
      for (let i = 0; i < offset; i++) assert.equal(ring.shift(), -1);
      for (let i = 0; i < 9; i++) ring.push(i);
      assert.equal(ring.capacity, 16, `offset ${offset}`);
      assert.deepEqual(
        ring.drain(),
        [0, 1, 2, 3, 4, 5, 6, 7, 8],
        `offset ${offset}`,
      );
    }
  });

  test("ring grows repeatedly to hold many items and keeps order", () => {
    const ring = new RingBuffer<number>(4);
    const n = 10_000;
    for (let i = 0; i < n; i++) ring.push(i);
    assert.equal(ring.length, n);
    assert.equal(ring.capacity, 16384);
    for (let i = 0; i < n; i++) assert.equal(ring.shift(), i);
    assert.equal(ring.length, 0);
  });

  test("capacity never shrinks after items are taken", () => {
    const ring = new RingBuffer<number>(4);
    for (let i = 0; i < 20; i++) ring.push(i);
    assert.equal(ring.capacity, 32);
    ring.drain();
    assert.equal(ring.capacity, 32);
    assert.equal(ring.length, 0);
  });

  test("undefined and null items are queued and counted like any other item", () => {
    const ring = new RingBuffer<number | null | undefined>(4);
    ring.push(undefined);
    ring.push(null);
    ring.push(0);
    assert.equal(ring.length, 3);
    assert.equal(ring.shift(), undefined);
    assert.equal(ring.length, 2);
    assert.equal(ring.shift(), null);
    assert.equal(ring.shift(), 0);
    assert.equal(ring.length, 0);
  });
});

describe("RingBuffer drain", () => {
  test("drain returns all items oldest first and empties the ring", () => {
    const ring = new RingBuffer<string>(4);
    ring.push("a");
    ring.push("b");
    ring.push("c");
    assert.deepEqual(ring.drain(), ["a", "b", "c"]);
    assert.equal(ring.length, 0);
    assert.equal(ring.peek(), undefined);
    assert.equal(ring.shift(), undefined);
    assert.deepEqual(ring.drain(), []);
  });

  test("drain returns items in order when the head is wrapped", () => {
    const ring = new RingBuffer<number>(4);
    for (let i = 0; i < 4; i++) ring.push(i);
    ring.shift();
    ring.shift();
    ring.shift();
    ring.push(4);
    ring.push(5);
    assert.deepEqual(ring.drain(), [3, 4, 5]);
  });

  test("ring is reusable after drain and keeps FIFO order", () => {
    const ring = new RingBuffer<number>(4);
    for (let i = 0; i < 3; i++) ring.push(i);
    ring.shift();
    ring.drain();
    for (let i = 10; i < 16; i++) ring.push(i);
    assert.equal(ring.length, 6);
    assert.equal(ring.capacity, 8);
    assert.deepEqual(ring.drain(), [10, 11, 12, 13, 14, 15]);
  });

  test("drain returns a fresh array each call", () => {
    const ring = new RingBuffer<number>(4);
    ring.push(1);
    const first = ring.drain();
    ring.push(2);
    const second = ring.drain();
    assert.notEqual(first, second);
    assert.deepEqual(first, [1]);
    assert.deepEqual(second, [2]);
  });
});

describe("RingBuffer slot clearing", () => {
  test("taken items are never returned again by later push/shift cycles", () => {
    const ring = new RingBuffer<{ id: number }>(4);
    const handedOut = new Set<{ id: number }>();
    let next = 0;
    // Cycle many times through a small ring so every slot is reused.
    for (let round = 0; round < 50; round++) {
      const batch = (round % 3) + 1;
      for (let i = 0; i < batch; i++) ring.push({ id: next++ });
      for (let i = 0; i < batch; i++) {
        const item = ring.shift();
        assert.ok(item !== undefined);
        assert.ok(!handedOut.has(item), `item ${item.id} returned twice`);
        handedOut.add(item);
      }
      assert.equal(ring.length, 0);
      assert.equal(ring.shift(), undefined, "empty ring yields no stale item");
      assert.equal(ring.peek(), undefined, "empty ring peeks no stale item");
    }
    assert.equal(handedOut.size, next);
    assert.equal(ring.capacity, 4);
  });

  test("drain after partial shifts returns exactly the remaining items", () => {
    const ring = new RingBuffer<{ id: number }>(4);
    const items = Array.from({ length: 11 }, (_, id) => ({ id }));
    for (const item of items.slice(0, 4)) ring.push(item);
    assert.equal(ring.shift(), items[0]);
    assert.equal(ring.shift(), items[1]);
    for (const item of items.slice(4)) ring.push(item); // wraps, then grows
    assert.equal(ring.shift(), items[2]);
    const rest = ring.drain();
    assert.equal(rest.length, items.length - 3);
    rest.forEach((item, i) => assert.equal(item, items[i + 3]));
    assert.equal(ring.shift(), undefined);
    assert.deepEqual(ring.drain(), []);
  });

  test("after draining a grown ring, refilling it never surfaces old items", () => {
    const ring = new RingBuffer<{ gen: number; id: number }>(4);
    for (let gen = 0; gen < 5; gen++) {
      const count = 3 + gen * 5;
      for (let id = 0; id < count; id++) ring.push({ gen, id });
      // Take some, then drain the rest.
      const taken = Math.floor(count / 2);
      for (let id = 0; id < taken; id++) {
        assert.deepEqual(ring.shift(), { gen, id });
      }
      const rest = ring.drain();
      assert.equal(rest.length, count - taken);
      for (const [i, item] of rest.entries()) {
        assert.deepEqual(item, { gen, id: taken + i });
      }
    }
  });
});

// ---------------------------------------------------------------------------
// Model-based property test: RingBuffer against a plain array.
// ---------------------------------------------------------------------------

interface Item {
  readonly id: number;
}

interface RingModel {
  items: Item[];
  nextId: number;
}

type RingCommand = fc.Command<RingModel, RingBuffer<Item>>;

function checkInvariants(model: RingModel, ring: RingBuffer<Item>): void {
  assert.equal(ring.length, model.items.length, "length");
  assert.ok(isPowerOfTwo(ring.capacity), `capacity ${ring.capacity}`);
  assert.ok(ring.capacity >= 4, "capacity >= 4");
  assert.ok(
    ring.capacity >= ring.length,
    `capacity ${ring.capacity} >= length ${ring.length}`,
  );
}

class PushCommand implements RingCommand {
  constructor(readonly count: number) {}
  check(): boolean {
    return true;
  }
  run(model: RingModel, ring: RingBuffer<Item>): void {
    for (let i = 0; i < this.count; i++) {
      const item = { id: model.nextId++ };
      const before = ring.capacity;
      const full = ring.length === before;
      ring.push(item);
      model.items.push(item);
      assert.equal(
        ring.capacity,
        full ? before * 2 : before,
        "grows by doubling only when full",
      );
      checkInvariants(model, ring);
    }
  }
  toString(): string {
    return `push(${this.count})`;
  }
}

class ShiftCommand implements RingCommand {
  check(): boolean {
    return true;
  }
  run(model: RingModel, ring: RingBuffer<Item>): void {
    const capacity = ring.capacity;
    assert.equal(ring.shift(), model.items.shift());
    assert.equal(ring.capacity, capacity, "shift never changes capacity");
    checkInvariants(model, ring);
  }
  toString(): string {
    return "shift";
  }
}

class PeekCommand implements RingCommand {
  check(): boolean {
    return true;
  }
  run(model: RingModel, ring: RingBuffer<Item>): void {
    assert.equal(ring.peek(), model.items[0]);
    checkInvariants(model, ring);
  }
  toString(): string {
    return "peek";
  }
}

class DrainCommand implements RingCommand {
  check(): boolean {
    return true;
  }
  run(model: RingModel, ring: RingBuffer<Item>): void {
    const capacity = ring.capacity;
    const out = ring.drain();
    assert.equal(out.length, model.items.length);
    out.forEach((item, i) => assert.equal(item, model.items[i]));
    model.items = [];
    assert.equal(ring.capacity, capacity, "drain never changes capacity");
    checkInvariants(model, ring);
  }
  toString(): string {
    return "drain";
  }
}

describe("RingBuffer model-based property", () => {
  test("push/shift/peek/drain sequences behave like a plain array", () => {
    const commands = [
      fc.integer({ min: 1, max: 12 }).map((n): RingCommand =>
        new PushCommand(n)
      ),
      fc.constant<RingCommand>(new PushCommand(1)),
      fc.constant<RingCommand>(new ShiftCommand()),
      fc.constant<RingCommand>(new ShiftCommand()),
      fc.constant<RingCommand>(new PeekCommand()),
      fc.constant<RingCommand>(new DrainCommand()),
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.commands(commands, { maxCommands: 150, size: "medium" }),
        (initialCapacity, cmds) => {
          const ring = new RingBuffer<Item>(initialCapacity);
          assert.equal(ring.capacity, expectedCapacity(initialCapacity));
          const model: RingModel = { items: [], nextId: 0 };
          fc.modelRun(() => ({ model, real: ring }), cmds);
          // Whatever is left drains in model order.
          const rest = ring.drain();
          assert.equal(rest.length, model.items.length);
          rest.forEach((item, i) => assert.equal(item, model.items[i]));
          assert.equal(ring.length, 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("interleaved ops interpreted from descriptors match a plain array at every step", () => {
    type Op =
      | { kind: "push"; value: number }
      | { kind: "shift" }
      | { kind: "peek" }
      | { kind: "drain" };
    const op: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.integer().map((value) => ({
          kind: "push" as const,
          value,
        })),
      },
      { weight: 3, arbitrary: fc.constant({ kind: "shift" as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: "peek" as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: "drain" as const }) },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.array(op, { maxLength: 200, size: "medium" }),
        (initialCapacity, ops) => {
          const ring = new RingBuffer<number>(initialCapacity);
          let model: number[] = [];
          for (const [step, o] of ops.entries()) {
            const where = `step ${step} (${o.kind})`;
            switch (o.kind) {
              case "push":
                ring.push(o.value);
                model.push(o.value);
                break;
              case "shift":
                assert.equal(ring.shift(), model.shift(), where);
                break;
              case "peek":
                assert.equal(ring.peek(), model[0], where);
                break;
              case "drain":
                assert.deepEqual(ring.drain(), model, where);
                model = [];
                break;
            }
            assert.equal(ring.length, model.length, where);
            assert.ok(isPowerOfTwo(ring.capacity), where);
            assert.ok(ring.capacity >= ring.length, where);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
