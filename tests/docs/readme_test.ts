import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// Runs the ```ts code blocks of the README (and of docs/supervision.md) as
// they are written, not only type-checks them: each block becomes a module
// whose imports of the package name point at this checkout (through
// deno.json's exports), and importing it must not throw. A block whose
// fence says `ts no-run` (a server on a fixed port, say) is only
// type-checked, by `deno check --doc-only`. A failing console.assert in a
// block fails it.

const root = new URL("../../", import.meta.url);
const DOCUMENTS = ["README.md", "docs/supervision.md"];

interface Block {
  readonly line: number;
  readonly code: string;
}

/** The runnable ```ts blocks of a Markdown text, with their line numbers. */
export function tsBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)(.*)$/.exec(lines[i]);
    if (fence === null) continue;
    const end = lines.indexOf("```", i + 1);
    if (end < 0) break;
    const info = fence[2].split(/\s+/);
    if (
      (fence[1] === "ts" || fence[1] === "typescript") &&
      !info.includes("no-run") && !info.includes("ignore")
    ) {
      blocks.push({ line: i + 1, code: lines.slice(i + 1, end).join("\n") });
    }
    i = end;
  }
  return blocks;
}

/** Rewrites `@understudy/runtime[/sub]` imports to this checkout's files. */
function localImports(code: string): string {
  const deno = JSON.parse(readFileSync(new URL("deno.json", root), "utf8"));
  const name: string = deno.name;
  const exports: Record<string, string> = deno.exports;
  return code.replace(
    /(["'])(@understudy\/runtime(?:\/[\w-]+)?)\1/g,
    (whole, quote: string, specifier: string) => {
      const sub = "." + specifier.slice(name.length);
      const target = exports[sub];
      if (target === undefined) return whole;
      return `${quote}${new URL(target, root).href}${quote}`;
    },
  );
}

const dir = mkdtempSync(join(tmpdir(), "understudy-readme-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("documentation code blocks run as written", () => {
  test("the extraction finds fenced ts blocks and skips no-run ones", () => {
    const md = "x\n```ts\na();\n```\n```ts no-run\nb();\n```\n```sh\nc\n```";
    assert.deepEqual(tsBlocks(md), [{ line: 2, code: "a();" }]);
    assert.equal(
      localImports('import { x } from "@understudy/runtime/testing";'),
      `import { x } from "${new URL("testing.ts", root).href}";`,
    );
  });

  for (const document of DOCUMENTS) {
    let text: string;
    try {
      text = readFileSync(new URL(document, root), "utf8");
    } catch {
      continue;
    }
    const blocks = tsBlocks(text);
    test(`${document} has code to run`, () => {
      assert.ok(blocks.length > 0);
    });
    for (const block of blocks) {
      test(`${document}:${block.line} runs`, async () => {
        const file = join(
          dir,
          `${document.replaceAll("/", "_")}_${block.line}.ts`,
        );
        writeFileSync(file, localImports(block.code));
        // A block's console.assert must hold: it throws here.
        const assertion = console.assert;
        console.assert = (condition?: boolean, ...data: unknown[]) => {
          if (!condition) {
            throw new Error(`Assertion failed: ${data.join(" ")}`.trim());
          }
        };
        try {
          await import(pathToFileURL(file).href);
        } finally {
          console.assert = assertion;
        }
      });
    }
  }
});
