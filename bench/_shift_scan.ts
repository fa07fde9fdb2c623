/**
 * A static check that no `Array.prototype.shift` is used in the core: on V8 it
 * turns O(n) past about 16k queued elements (see the mailbox group). Used by
 * `tests/bench/no_array_shift_test.ts` and by the report.
 *
 * Deliberately simple, line-based, no type checker: a `.shift(` call passes
 * only when its receiver is provably a `RingBuffer`:
 *
 * 1. the receiver is a name (`queue`, `this.#user` → `#user`) that the same
 *    file declares or assigns with `RingBuffer` (or the scheduler's
 *    `RunQueue`, the same ring) on that line
 *    (`#queue = new RingBuffer(...)`, `#user: RingBuffer<M>`,
 *    `new Map<number, RingBuffer<T>>()`);
 * 2. or a name assigned from such a name on one line (`const queue =
 *    this.#queue`, `let queue = this.#queues.get(k)`, `for (const [k, queue]
 *    of this.#queues)`), repeated until nothing changes;
 * 3. or `this.shift(` inside a class that `extends RingBuffer` (the ring
 *    itself in `ring_buffer.ts`, the mailbox).
 *
 * Names are per file, not per scope: a file that used one name for a ring in
 * one function and for an array in another would pass. Everything else is
 * flagged unless {@linkcode ALLOWED} lists it with a reason.
 *
 * @module
 */

/** A `.shift(` call the check could not prove is on a `RingBuffer`. */
export interface ShiftFinding {
  readonly file: string;
  readonly line: number;
  readonly receiver: string;
  readonly text: string;
}

/** Known Array shifts off the message path, with why they are harmless. */
export const ALLOWED: readonly {
  readonly file: string;
  readonly receiver: string;
  readonly why: string;
}[] = [
  {
    file: "actor_cell.ts",
    receiver: "times",
    why: "restart history capped at 10 entries, touched once per restart",
  },
];

const IDENT = String.raw`#?[A-Za-z_$][\w$]*`;

/** Whether a line is a comment line (JSDoc body, `//`, `/*`). */
function isComment(line: string): boolean {
  const t = line.trimStart();
  return t.startsWith("*") || t.startsWith("//") || t.startsWith("/*");
}

/** Names the file declares or assigns as rings (rules 1 and 2). */
export function ringNames(source: string): Set<string> {
  const lines = source.split("\n").filter((l) => !isComment(l));
  const rings = new Set<string>();
  const declared = new RegExp(
    `(${IDENT})\\s*(?:[?!]?:|=|\\?\\?=)[^;]*\\b(?:RingBuffer|RunQueue)\\b`,
  );
  for (const line of lines) {
    const match = declared.exec(line);
    if (match !== null) rings.add(match[1]);
  }
  const alias = new RegExp(
    `(?:const|let|var)\\s+(${IDENT})\\s*=\\s*this\\.(${IDENT})\\b`,
  );
  const forOf = new RegExp(
    `for\\s*\\(\\s*(?:const|let)\\s*\\[[^\\]]*?(${IDENT})\\s*\\]\\s*of\\s+this\\.(${IDENT})\\b`,
  );
  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      for (const pattern of [alias, forOf]) {
        const match = pattern.exec(line);
        if (match !== null && rings.has(match[2]) && !rings.has(match[1])) {
          rings.add(match[1]);
          changed = true;
        }
      }
    }
  }
  return rings;
}

/**
 * Finds `.shift(` calls not provably on a `RingBuffer`.
 *
 * @param file The file's name (`scheduler.ts`).
 * @param source Its text.
 * @returns The findings, allowed ones left out.
 */
export function findArrayShifts(file: string, source: string): ShiftFinding[] {
  const rings = ringNames(source);
  const findings: ShiftFinding[] = [];
  const call = new RegExp(`(${IDENT}|\\))\\s*!?\\??\\.shift\\(`, "g");
  source.split("\n").forEach((text, index) => {
    if (isComment(text)) return;
    for (const match of text.matchAll(call)) {
      const receiver = match[1];
      if (rings.has(receiver)) continue;
      if (
        receiver === "this" &&
        (file === "ring_buffer.ts" || /\bextends RingBuffer\b/.test(source))
      ) continue;
      if (ALLOWED.some((a) => a.file === file && a.receiver === receiver)) {
        continue;
      }
      findings.push({ file, line: index + 1, receiver, text: text.trim() });
    }
  });
  return findings;
}
