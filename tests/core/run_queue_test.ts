import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { RunQueue } from "../../src/core/_run_queue.ts";

describe("RunQueue", () => {
  test("takes items in the order they were queued, across growth and wrap-around", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.nat(), fc.constant(-1)), { maxLength: 400 }),
        (ops) => {
          const queue = new RunQueue<number>();
          const model: number[] = [];
          for (const op of ops) {
            if (op === -1) assert.equal(queue.shift(), model.shift());
            else {
              queue.push(op);
              model.push(op);
            }
            assert.equal(queue.length, model.length);
          }
        },
      ),
    );
  });

  test("an empty queue past 1024 slots lets go of its storage and still works", () => {
    const queue = new RunQueue<number>();
    for (let i = 0; i < 5000; i++) queue.push(i);
    while (queue.length > 0) queue.shift();
    queue.compact();
    queue.push(7);
    assert.equal(queue.shift(), 7);
    assert.equal(queue.shift(), undefined);
  });
});
