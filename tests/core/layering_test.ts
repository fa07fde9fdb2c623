/**
 * Layering rules for `src/core/`: the core is runtime-agnostic and
 * self-contained. It may only import its own siblings (`./x.ts`), and may not
 * touch the `Deno` or `Bun` globals.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const CORE_DIR = fileURLToPath(new URL("../../src/core/", import.meta.url));

interface Specifier {
  readonly specifier: string;
  readonly line: number;
}

/** 1-based line number of character `index` in `source`. */
function lineAt(source: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (source[i] === "\n") line++;
  return line;
}

/**
 * Every module specifier in `source`: static `import … from` / `export … from`
 * (possibly spanning lines), side-effect `import "x"`, and dynamic
 * `import("x")`. Static forms must start a line, so examples inside JSDoc
 * comments (` * import …`) are not counted.
 */
function findSpecifiers(source: string): Specifier[] {
  const patterns = [
    /^[ \t]*(?:import|export)\b[^;"'`]*?\bfrom\s*(["'])([^"'\n]*)\1/gm,
    /^[ \t]*import\s*(["'])([^"'\n]*)\1/gm,
    /\bimport\s*\(\s*(["'`])([^"'`\n]*)\1/g,
  ];
  const found: Specifier[] = [];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[2];
      const offset = match.index + match[0].length - specifier.length - 1;
      found.push({ specifier, line: lineAt(source, offset) });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/** Whether `specifier` names a sibling inside the core: `./x`, never `..`. */
function isCoreRelative(specifier: string): boolean {
  return specifier.startsWith("./") && !specifier.split("/").includes("..");
}

/** Layering violations in one file, each as `file:line: reason`. */
function checkSource(file: string, source: string): string[] {
  const problems: string[] = [];
  for (const { specifier, line } of findSpecifiers(source)) {
    if (!isCoreRelative(specifier)) {
      problems.push(
        `${file}:${line}: import specifier "${specifier}" is not a ./ sibling of src/core`,
      );
    }
  }
  const lines = source.split("\n");
  for (const [i, text] of lines.entries()) {
    const runtime = /\b(Deno|Bun)\./.exec(text);
    if (runtime) {
      problems.push(
        `${file}:${i + 1}: mentions the runtime global "${
          runtime[1]
        }.": ${text.trim()}`,
      );
    }
  }
  return problems;
}

/** Every `.ts` file under `dir`, recursively, as absolute paths. */
function listTsFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listTsFiles(path));
    else if (entry.isFile() && entry.name.endsWith(".ts")) files.push(path);
  }
  return files.sort();
}

describe("src/core layering", () => {
  const files = listTsFiles(CORE_DIR);

  test("the scan finds at least 2 core .ts files", () => {
    assert.ok(
      files.length >= 2,
      `expected >= 2 .ts files under ${CORE_DIR}, found ${files.length}`,
    );
  });

  test("core files import only ./ siblings and never mention Deno. or Bun.", () => {
    const problems = files.flatMap((path) =>
      checkSource(relative(CORE_DIR, path), readFileSync(path, "utf8"))
    );
    assert.deepEqual(
      problems,
      [],
      `layering violations in src/core:\n${problems.join("\n")}`,
    );
  });

  test("the scan sees the real imports of core files", () => {
    // mailbox.ts imports the ring buffer; if the scanner found nothing, the
    // previous test would pass vacuously.
    const specifiers = files.flatMap((path) =>
      findSpecifiers(readFileSync(path, "utf8")).map((s) => s.specifier)
    );
    assert.ok(
      specifiers.includes("./ring_buffer.ts"),
      `found specifiers: ${JSON.stringify(specifiers)}`,
    );
  });
});

describe("layering checker", () => {
  test("checker flags a node: import with file and line", () => {
    const problems = checkSource(
      "fake.ts",
      `// header\nimport x from "node:fs";\n`,
    );
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.match(problems[0], /^fake\.ts:2: .*"node:fs"/);
  });

  test("checker flags bare, npm:, jsr:, http:, parent-relative and ./.. specifiers", () => {
    const source = [
      `import fc from "fast-check";`,
      `import { a } from "npm:left-pad";`,
      `import type { B } from "jsr:@std/assert";`,
      `export { c } from "http://example.com/c.ts";`,
      `export * from "../testing/mod.ts";`,
      `import "./../escape.ts";`,
      `const m = await import("https://example.com/m.ts");`,
      `import {`,
      `  d,`,
      `  e,`,
      `} from "@scope/pkg";`,
    ].join("\n");
    const problems = checkSource("bad.ts", source);
    const lines = problems.map((p) => Number(/^bad\.ts:(\d+):/.exec(p)?.[1]));
    assert.deepEqual(lines, [1, 2, 3, 4, 5, 6, 7, 11], problems.join("\n"));
  });

  test("checker accepts ./ sibling imports and ignores JSDoc examples", () => {
    const source = [
      `/**`,
      ` * @example`,
      ` * import { spawn } from "@understudy/runtime";`,
      ` */`,
      `import { RingBuffer } from "./ring_buffer.ts";`,
      `import type { X } from "./sub/x.ts";`,
      `export { Mailbox } from "./mailbox.ts";`,
      `const s = Array.from("abc");`,
    ].join("\n");
    assert.deepEqual(checkSource("ok.ts", source), []);
  });

  test("checker flags Deno. and Bun. tokens with the offending line", () => {
    const source = [
      `const ok = "Denominator.x";`,
      `const a = Deno.env.get("X");`,
      `if (typeof Bun !== "undefined") Bun.gc(true);`,
    ].join("\n");
    const problems = checkSource("rt.ts", source);
    assert.equal(problems.length, 2, problems.join("\n"));
    assert.match(problems[0], /^rt\.ts:2: .*Deno\..*Deno\.env\.get/);
    assert.match(problems[1], /^rt\.ts:3: .*Bun\./);
  });
});
