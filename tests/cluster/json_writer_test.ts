/**
 * The JSON codec's writer against the model it replaced: `JSON.stringify`
 * with a replacer that marks refs and ports and refuses what JSON cannot
 * carry. For any message (plain data, refs with and without `toJSON`, reply
 * ports, dates, `undefined` fields and elements, functions, bigints,
 * non-finite numbers, class instances, cycles) both give the same text and
 * the same `marked`, or both throw the same error message.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { type CodecContext, isActorRef, isReplyPort } from "../../cluster.ts";
import { JsonWriter } from "../../src/cluster/_json_writer.ts";

/** The replacer-based encoder the writer replaced (the model). */
function model(
  message: unknown,
  context: CodecContext,
): { text: string; marked: boolean } {
  const where = (key: string) => key === "" ? "The message" : `Field "${key}"`;
  let marked = false;
  const text = JSON.stringify(
    message,
    function (this: Record<string, unknown>, key: string, value: unknown) {
      const raw = this[key];
      if (raw !== value && typeof raw === "object" && raw !== null) {
        if (isActorRef(raw)) {
          marked = true;
          const wire = context.encodeRef(raw);
          return { $ref: [wire.node, wire.path] };
        }
        return value;
      }
      switch (typeof value) {
        case "object": {
          if (value === null || Array.isArray(value)) return value;
          if (isActorRef(value)) {
            marked = true;
            const wire = context.encodeRef(value);
            return { $ref: [wire.node, wire.path] };
          }
          if (isReplyPort(value)) {
            marked = true;
            const wire = context.encodePort(value);
            return { $port: [wire.node, wire.id] };
          }
          const proto = Object.getPrototypeOf(value);
          if (proto !== Object.prototype && proto !== null) {
            throw new TypeError(
              `${where(key)} is a ${
                proto?.constructor?.name ?? "non-plain object"
              }, which JSON cannot carry`,
            );
          }
          return value;
        }
        case "number":
          if (!Number.isFinite(value)) {
            throw new TypeError(
              `${where(key)} is ${value}, which JSON cannot carry`,
            );
          }
          return value;
        case "function":
        case "symbol":
        case "bigint":
          throw new TypeError(
            `${where(key)} is a ${typeof value}, which JSON cannot carry`,
          );
        default:
          return value;
      }
    },
  );
  if (text === undefined) {
    throw new TypeError(
      `The message is ${typeof message}, which JSON cannot carry`,
    );
  }
  return { text, marked };
}

/** A remote-style ref (no `toJSON`). */
const plainRef = (path: string) => ({
  path,
  tell: () => true,
  ask: () => Promise.resolve(),
  stop: () => Promise.resolve(),
});
/** A local-style ref: prints as its path. */
const jsonRef = (path: string) => ({
  ...plainRef(path),
  toJSON: () => path,
});
const port = (id: number) => ({
  id,
  reply() {},
  fail() {},
  settled: false,
});

const context: CodecContext = {
  encodeRef: (ref) => ({ node: 'n"1', path: ref.path }),
  decodeRef: () => {
    throw new Error("not used");
  },
  encodePort: (p) => ({ node: "n", id: (p as unknown as { id: number }).id }),
  decodePort: () => {
    throw new Error("not used");
  },
};

/** Anything a message may hold, the awkward cases included. */
const leaf = fc.oneof(
  fc.jsonValue({ maxDepth: 1 }),
  fc.string(),
  fc.double(),
  fc.constantFrom(
    undefined,
    -0,
    NaN,
    Infinity,
    1n,
    () => 1,
    Symbol("s"),
    new Map(),
    new Date(0),
    new Date(NaN),
    Object.create(null),
    { toJSON: () => ({ inner: [1, undefined, () => 2] }) },
    { toJSON: () => NaN },
    { toJSON: () => new Map([[1, 2]]) },
  ),
  fc.stringMatching(/^\/[a-z"]{1,6}$/).map(plainRef),
  fc.stringMatching(/^\/[a-z]{1,6}$/).map(jsonRef),
  fc.nat(1000).map(port),
);
const message = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom("0", "10", "a")),
      tie("value"),
      { maxKeys: 4 },
    ),
  ),
})).value;

/** What an encoder gives: its output or its error message. */
function outcome(
  encode: () => { text: string; marked: boolean },
): { text: string; marked: boolean } | { error: string } {
  try {
    return encode();
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe("the JSON codec's writer", () => {
  test("writes what JSON.stringify with the marking replacer writes", () => {
    const writer = new JsonWriter(context);
    fc.assert(
      fc.property(message, (value) => {
        const expected = outcome(() => model(value, context));
        const got = outcome(() => ({
          text: writer.write(value),
          marked: writer.marked,
        }));
        if ("error" in expected) {
          assert.ok("error" in got, `expected a throw, got ${got}`);
          // The cycle message is the engine's own; the rest are ours.
          if (!/circular/i.test(expected.error)) {
            assert.equal(got.error, expected.error);
          }
        } else {
          assert.deepEqual(got, expected);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test("refuses a cycle, and writes a shared object twice", () => {
    const writer = new JsonWriter(context);
    const cycle: Record<string, unknown> = { a: [1] };
    (cycle.a as unknown[]).push(cycle);
    assert.throws(() => writer.write(cycle), /circular/);
    const shared = { x: 1 };
    assert.equal(writer.write([shared, shared]), '[{"x":1},{"x":1}]');
    assert.equal(writer.marked, false);
  });
});
