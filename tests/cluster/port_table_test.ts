/**
 * The waiting ports of a node (`PortTable`) against a `Map` by id, as a
 * property: ports made in id order settle in any order (some long after
 * later ones, so their slot is taken and they move aside), and at every
 * step each id finds its port while it waits and nothing once settled.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { PortTable, WaitingPort } from "../../src/cluster/_ports.ts";

type Op = { k: "add"; n: number } | { k: "settle"; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    k: fc.constant("add" as const),
    // Sometimes a long run of asks, so ids wrap the slots (1024) around.
    n: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(1500)),
  }),
  fc.record({ k: fc.constant("settle" as const), pick: fc.nat() }),
);

describe("PortTable", () => {
  test("finds what a Map by id finds, whatever the order of settling", () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        fc.boolean(),
        (ops, fail) => {
          const table = new PortTable();
          const model = new Map<number, WaitingPort>();
          let next = 0;
          const check = (ids: number[]) => {
            for (const id of ids) assert.equal(table.get(id), model.get(id));
            assert.deepEqual(
              table.values().map((p) => p.id).sort((a, b) => a - b),
              [...model.keys()].sort((a, b) => a - b),
            );
          };
          for (const o of ops) {
            if (o.k === "add") {
              for (let i = 0; i < o.n; i++) {
                const port = new WaitingPort(++next, () => {}, () => {});
                table.add(port);
                model.set(port.id, port);
                // Most settle at once, as sequential asks do.
                if (o.n > 4 && i % 7 !== 0) {
                  port.reply(0);
                  model.delete(port.id);
                }
              }
            } else if (model.size > 0) {
              const ids = [...model.keys()];
              const port = model.get(ids[o.pick % ids.length])!;
              if (fail) port.fail(new Error("x"));
              else port.reply(1);
              model.delete(port.id);
              assert.equal(table.get(port.id), undefined);
            }
            check([next, next - 1, next - 1024, next - 1025, 1, 2]);
          }
          check([...Array(next).keys()].map((i) => i + 1));
        },
      ),
      { numRuns: 300 },
    );
  });
});
