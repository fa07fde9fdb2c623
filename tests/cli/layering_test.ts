/**
 * Layering rules for `src/cli/`: exactly one module, `runtime.ts`, touches
 * the `Deno`, `Bun` or `process` globals or imports `node:*`; the rest of the
 * binary is web-standard.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CLI_DIR = fileURLToPath(new URL("../../src/cli/", import.meta.url));
const ADAPTER = "runtime.ts";

/** The code of a file without its comments, so documentation may say "Deno.serve". */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

describe("src/cli layering", () => {
  const files = readdirSync(CLI_DIR).filter((f) => f.endsWith(".ts"));

  test("the adapter exists and really is the one that touches the runtime", () => {
    assert.ok(files.includes(ADAPTER));
    const adapter = code(readFileSync(CLI_DIR + ADAPTER, "utf8"));
    assert.match(adapter, /\bDeno\.serve\b/);
    assert.match(adapter, /\.serve\(/);
  });

  test("no other module mentions Deno., Bun., process or node:", () => {
    const problems: string[] = [];
    for (const file of files) {
      if (file === ADAPTER) continue;
      const lines = code(readFileSync(CLI_DIR + file, "utf8")).split("\n");
      for (const [i, line] of lines.entries()) {
        if (/\b(?:Deno|Bun)\.|\bprocess\b|["']node:/.test(line)) {
          problems.push(`${file}:${i + 1}: ${line.trim()}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
