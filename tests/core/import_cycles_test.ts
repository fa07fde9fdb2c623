/**
 * No runtime import cycle in `src/core/`: the modules evaluate in one order
 * (type-only imports are erased and do not count). The cell's rare paths are
 * plain functions below `actor_cell.ts`, which alone imports them.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CORE_DIR = fileURLToPath(new URL("../../src/core/", import.meta.url));

/** The `./x.ts` siblings `source` imports or re-exports at run time. */
function runtimeImports(source: string): string[] {
  const out: string[] = [];
  const pattern =
    /^[ \t]*(import|export)\s+(type\s+)?([^;"'`]*?)\s*from\s*["'](\.\/[^"'\n]+)["']/gm;
  for (const match of source.matchAll(pattern)) {
    if (match[2] !== undefined) continue; // `import type` / `export type`
    const clause = match[3];
    const braces = /^\{([\s\S]*)\}$/.exec(clause.trim());
    if (braces !== null) {
      const names = braces[1].split(",").map((n) => n.trim()).filter(Boolean);
      if (names.every((n) => n.startsWith("type "))) continue;
    }
    out.push(match[4].slice(2));
  }
  for (
    const match of source.matchAll(/^[ \t]*import\s*["'](\.\/[^"']+)["']/gm)
  ) {
    out.push(match[1].slice(2));
  }
  return out;
}

/** The strongly connected components with a cycle (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) {
        found.push(component.sort());
      }
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

describe("src/core import graph", () => {
  const graph = new Map<string, string[]>();
  for (const name of readdirSync(CORE_DIR)) {
    if (!name.endsWith(".ts")) continue;
    graph.set(
      name,
      runtimeImports(readFileSync(join(CORE_DIR, name), "utf8")),
    );
  }

  test("has no runtime import cycle", () => {
    assert.deepEqual(cycles(graph), []);
  });

  test("sees the cell's runtime imports (the scan is not vacuous)", () => {
    assert.ok(graph.get("actor_cell.ts")!.includes("_cell_stop.ts"));
    assert.ok(graph.get("_context.ts")!.includes("actor_cell.ts"));
    assert.ok(!graph.get("actor_cell.ts")!.includes("_context.ts"));
  });
});

describe("the cycle finder", () => {
  test("finds a two-module cycle made of value imports only", () => {
    const a = `import { b } from "./b.ts";\nimport type { C } from "./c.ts";`;
    const b = `import { type X, a } from "./a.ts";`;
    const c =
      `import { type B } from "./b.ts";\nexport type { A } from "./a.ts";`;
    const graph = new Map([
      ["a.ts", runtimeImports(a)],
      ["b.ts", runtimeImports(b)],
      ["c.ts", runtimeImports(c)],
    ]);
    assert.deepEqual(graph.get("c.ts"), []);
    assert.deepEqual(cycles(graph), [["a.ts", "b.ts"]]);
  });
});
