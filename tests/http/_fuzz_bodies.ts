/**
 * Request bodies for the fuzz test: the shapes each route takes, near
 * misses, garbage and huge ones. See `_fuzz_requests.ts`.
 */
import type { Rng } from "./_fuzz_requests.ts";

/** A body: valid shapes, near misses, garbage, huge. */
export function generateBody(rng: Rng, target: string): Uint8Array {
  const fitting = target === "/v1/actors"
    ? 0
    : target === "/v1/supervisors"
    ? 1
    : target.endsWith("/$tell")
    ? 2
    : target.endsWith("/$ask")
    ? 3
    : -1;
  const kind = fitting >= 0 && rng.chance(0.65) ? fitting : rng.int(16);
  switch (kind) {
    case 0: {
      const kind = rng.pick([
        "counter",
        "counter",
        "silent",
        "faulty",
        "dragon",
      ]);
      const args = kind === "counter" && rng.chance(0.8)
        ? { start: rng.int(100) }
        : kind === "silent" && rng.chance(0.8)
        ? undefined
        : rng.pick([{ start: "1" }, null, [], 7]);
      return text(JSON.stringify({
        kind,
        name: rng.chance(0.75)
          ? rng.pick(["f1", `n${rng.int(4)}`, `n${rng.int(50)}`, "team"])
          : rng.pick(["c\u202ex", "$x", "a/b", "x".repeat(300)]),
        args,
      }));
    }
    case 1:
      return text(JSON.stringify({
        name: rng.pick(["team", `t${rng.int(20)}`, "spawned"]),
        strategy: rng.pick([
          "one-for-one",
          "rest-for-one",
          "one-for-all",
          "none",
        ]),
        maxRestarts: rng.pick([0, 0, 1, -1, 1e9, 1.5]),
        children: rng.pick([
          [{ id: "c", kind: "counter", args: { start: 1 } }],
          [{ id: "c", kind: "counter", args: { start: 1 } }],
          [{ id: "f", kind: "faulty" }],
          [{ id: "x", kind: "silent" }, { id: "x", kind: "silent" }],
          "nope",
          Array.from(
            { length: 101 },
            (_, i) => ({ id: `s${i}`, kind: "silent" }),
          ),
        ]),
      }));
    case 2:
      return text(JSON.stringify({
        message: rng.pick([
          { type: "add", n: rng.int(10) },
          { type: "crash" },
          { type: "add", n: "x" },
          null,
          "text",
        ]),
      }));
    case 3:
      return text(JSON.stringify({
        message: rng.pick([{ op: "get" }, { op: "refuse" }, { op: "dance" }]),
        timeoutMs: rng.pick([1, 50, 100, 0, -5, "10", 1e12]),
      }));
    case 4:
      return text(JSON.stringify({ input: { op: "explode" }, timeoutMs: 100 }));
    case 5:
      return text('{"kind": "counter", "args": {"start": 1}');
    case 6:
      return text("[".repeat(5000) + "]".repeat(5000));
    case 7:
      return text(`{"a":"${"x".repeat(70_000)}"}`);
    case 8:
      return text(
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}',
      );
    case 9:
      return new Uint8Array(Array.from({ length: 64 }, () => rng.int(256)));
    case 10:
      return text('{"kind": "silent", "kind": "counter"}');
    case 11:
      return text("\ufeff{}");
    case 12:
      return text(JSON.stringify({ message: "\ud800 lone surrogate" }));
    case 13:
      return text("null");
    case 14:
      return text(`{"message": ${"1".repeat(400)}}`);
    default:
      return text("{}");
  }
}

const encoder = new TextEncoder();

export function text(value: string): Uint8Array {
  return encoder.encode(value);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
