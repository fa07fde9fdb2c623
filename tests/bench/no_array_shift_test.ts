/**
 * No `Array.prototype.shift` on the hot path: on V8 it turns O(n) past about
 * 16k queued elements. Scans every file of `src/core` with the line-based
 * check in `bench/_shift_scan.ts`: a `.shift(` call passes only when its
 * receiver is provably a `RingBuffer` (declared or assigned with `RingBuffer`
 * in the same file, or aliased from such a name), or is listed in its
 * `ALLOWED` table with a reason. The check is simple on purpose; the tests on
 * synthetic sources below prove it catches an Array and lets a ring through.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { findArrayShifts, ringNames } from "../../bench/_shift_scan.ts";

const CORE_DIR = fileURLToPath(new URL("../../src/core/", import.meta.url));

describe("no Array.prototype.shift in src/core", () => {
  test("every .shift( call in src/core is on a RingBuffer", () => {
    const files = readdirSync(CORE_DIR).filter((f) => f.endsWith(".ts"));
    assert.ok(files.includes("scheduler.ts") && files.includes("mailbox.ts"));
    const findings = files.flatMap((file) =>
      findArrayShifts(file, readFileSync(CORE_DIR + file, "utf8"))
    );
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line}: ${f.text}`),
      [],
      "use RingBuffer instead of an Array queue",
    );
  });

  test("the hot-path files do call shift on their rings", () => {
    // Guards the check itself: if the core stopped using `.shift(` on rings
    // (renamed to `take`, say), this check would pass vacuously.
    for (const file of ["scheduler.ts", "mailbox.ts"]) {
      const source = readFileSync(CORE_DIR + file, "utf8");
      assert.match(source, /\.shift\(/, file);
    }
  });
});

describe("the shift check on synthetic sources", () => {
  test("flags shift on an Array field and on an Array local", () => {
    const source = [
      "class Q {",
      "  readonly #items: number[] = [];",
      "  take() { return this.#items.shift(); }",
      "}",
      "function f(queue: string[]) { const waiting = queue; return waiting.shift(); }",
    ].join("\n");
    const findings = findArrayShifts("scheduler.ts", source);
    assert.deepEqual(findings.map((f) => [f.line, f.receiver]), [
      [3, "#items"],
      [5, "waiting"],
    ]);
  });

  test("passes shift on a RingBuffer field, an alias of it and a map of rings", () => {
    const source = [
      "class S {",
      "  readonly #queue = new RingBuffer<number>(64);",
      "  #system: RingBuffer<string> | null = null;",
      "  readonly #queues = new Map<number, RingBuffer<number>>();",
      "  run() { const queue = this.#queue; queue.shift(); this.#system!.shift(); }",
      "  fire() { for (const [k, q] of this.#queues) q.shift(); }",
      "  add(k: number) { let ring = this.#queues.get(k); ring!.shift(); }",
      "}",
    ].join("\n");
    assert.deepEqual(findArrayShifts("scheduler.ts", source), []);
    assert.deepEqual(
      [...ringNames(source)].sort(),
      ["#queue", "#queues", "#system", "q", "queue", "ring"],
    );
  });

  test("ignores comments and allows the ring's own shift only in ring_buffer.ts", () => {
    const source = [
      " * queue.shift() in a doc comment",
      "out.push(this.shift());",
    ].join("\n");
    assert.deepEqual(findArrayShifts("ring_buffer.ts", source), []);
    assert.equal(findArrayShifts("mailbox.ts", source).length, 1);
  });
});
