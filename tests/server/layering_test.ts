/**
 * Layering rules for `src/server/` and `src/cli/`: exactly one module,
 * `src/server/runtime.ts`, touches the `Deno`, `Bun` or `process` globals or
 * imports `node:*`; the rest of the server and the whole binary are
 * web-standard. The server layer never imports the binary or the examples.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
const ADAPTER = "server/runtime.ts";
/** Holds the starter project's source as text, not as code that runs. */
const TEMPLATES = "cli/_init_files.ts";

/** The code of a file without its comments, so documentation may say "Deno.serve". */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

function files(dir: string): string[] {
  return readdirSync(SRC + dir).filter((f) => f.endsWith(".ts")).map((f) =>
    `${dir}/${f}`
  );
}

describe("src/server and src/cli layering", () => {
  const all = [...files("server"), ...files("cli")];

  test("the adapter exists and really is the one that touches the runtime", () => {
    assert.ok(all.includes(ADAPTER));
    const adapter = code(readFileSync(SRC + ADAPTER, "utf8"));
    assert.match(adapter, /\bDeno\.serve\b/);
    assert.match(adapter, /\.serve\(/);
    assert.match(adapter, /development: false/);
  });

  test("no other module mentions Deno., Bun., process or node:", () => {
    const problems: string[] = [];
    for (const file of all) {
      if (file === ADAPTER || file === TEMPLATES) continue;
      const lines = code(readFileSync(SRC + file, "utf8")).split("\n");
      for (const [i, line] of lines.entries()) {
        if (/\b(?:Deno|Bun)\.|\bprocess\b|["']node:/.test(line)) {
          problems.push(`${file}:${i + 1}: ${line.trim()}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  test("the server layer imports neither the binary nor the examples", () => {
    const problems: string[] = [];
    for (const file of files("server")) {
      const source = code(readFileSync(SRC + file, "utf8"));
      for (const match of source.matchAll(/from\s+"([^"]+)"/g)) {
        if (/\/cli\/|examples\//.test(match[1])) {
          problems.push(`${file}: ${match[1]}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
