/**
 * The files `understudy init` writes: a starter project with an app module,
 * a `main.ts` around `serve()`, a test on the TestKit, and the manifests for
 * Deno (`deno.json`) and Bun/npm (`package.json`, `.npmrc` for JSR's npm
 * registry).
 *
 * @module
 */

const APP = `/**
 * The app: the kinds clients may spawn over HTTP, and the tree started at
 * boot. Serve it with \`understudy serve ./app.ts\`, or build main.ts into
 * a binary.
 */
import { defineActor, type ReplyPort } from "@understudy/runtime";
import { Catalog } from "@understudy/runtime/http";
import { defineApp } from "@understudy/runtime/server";

/** What a counter understands. */
export type CounterMsg =
  | { type: "add"; n: number }
  | { type: "get"; replyTo: ReplyPort<number> };

/** A counter that starts at its argument. */
export const counter = defineActor({
  kind: "counter",
  init: (start: number) => start,
  receive(total: number, msg: CounterMsg) {
    if (msg.type === "add") return total + msg.n;
    msg.replyTo.reply(total);
    return total;
  },
});

export default defineApp({
  name: "__NAME__",
  catalog: new Catalog().register("counter", {
    definition: counter,
    description: "A counter; tell it {\\"add\\": n}, ask it for the total",
    args: (x) =>
      Number.isInteger(x)
        ? { value: x as number }
        : { issues: [{ message: "must be an integer" }] },
    message: (x) => {
      const n = (x as { add?: unknown } | null)?.add;
      return typeof n === "number"
        ? { value: { type: "add" as const, n } }
        : { issues: [{ message: "must be a number", path: ["add"] }] };
    },
    ask: {
      build: (_input, replyTo) => ({
        type: "get",
        replyTo: replyTo as ReplyPort<number>,
      }),
    },
  }),
  start(system, { log }) {
    system.spawn(counter, { name: "total", args: 0 });
    log("started /total");
  },
});
`;

const MAIN = `/**
 * The standalone binary: the app behind the control plane, with the flags
 * of \`understudy serve\` (--port, --token, --shutdown-timeout, ...).
 *
 *   bun build --compile main.ts --outfile __NAME__
 *   deno compile -A --output __NAME__ main.ts
 */
import { serve } from "@understudy/runtime/server";
import app from "./app.ts";

await serve({ app, usage: "__NAME__" });
`;

const TEST = `import { test } from "node:test";
import assert from "node:assert/strict";
import { TestKit } from "@understudy/runtime/testing";
import app, { type CounterMsg } from "./app.ts";

test("the app starts /total, which adds what it is told", async () => {
  await using kit = new TestKit();
  await app.start?.(kit.system, { log: () => {}, env: () => undefined });
  const total = kit.system.lookup<CounterMsg>("/total");
  assert.ok(total, "/total is running");
  total.tell({ type: "add", n: 2 });
  total.tell({ type: "add", n: 3 });
  await kit.runUntilIdle();
  const sum = await total.ask<number>((replyTo) => ({ type: "get", replyTo }));
  assert.equal(sum, 5);
});
`;

const DENO_JSON = `{
  "imports": {
    "@understudy/runtime": "jsr:@understudy/runtime@^__VERSION__",
    "@understudy/runtime/http": "jsr:@understudy/runtime@^__VERSION__/http",
    "@understudy/runtime/server": "jsr:@understudy/runtime@^__VERSION__/server",
    "@understudy/runtime/testing": "jsr:@understudy/runtime@^__VERSION__/testing"
  },
  "tasks": {
    "start": "deno run -A main.ts",
    "test": "deno test -A",
    "compile": "deno compile -A --output dist/__NAME__ main.ts"
  }
}
`;

const PACKAGE_JSON = `{
  "name": "__NAME__",
  "private": true,
  "type": "module",
  "scripts": {
    "start": "bun main.ts",
    "test": "bun test",
    "build": "bun build --compile main.ts --outfile dist/__NAME__"
  },
  "dependencies": {
    "@understudy/runtime": "npm:@jsr/understudy__runtime@^__VERSION__"
  }
}
`;

const NPMRC = `@jsr:registry=https://npm.jsr.io
`;

const GITIGNORE = `dist/
node_modules/
`;

const README = `# __NAME__

An [understudy](https://jsr.io/@understudy/runtime) app.

\`\`\`sh
deno task start          # or: bun install && bun start
deno task test           # or: bun test
deno task compile        # or: bun run build   -> dist/__NAME__
./dist/__NAME__ --port 8080
\`\`\`

\`app.ts\` holds the kinds clients may spawn and the tree started at boot;
\`main.ts\` serves it with the flags of \`understudy serve\`.
`;

/**
 * The starter project's files by relative path.
 *
 * @param name The project's name (the directory's last segment).
 * @param version The package version to depend on, such as `"0.1.0"`.
 * @returns The files' contents by path.
 * @example
 * ```ts
 * import { initFiles } from "./_init_files.ts";
 * console.assert("app.ts" in initFiles("shop", "0.1.0"));
 * ```
 */
export function initFiles(
  name: string,
  version: string,
): Record<string, string> {
  const fill = (text: string) =>
    text.replaceAll("__NAME__", name).replaceAll("__VERSION__", version);
  return {
    "app.ts": fill(APP),
    "main.ts": fill(MAIN),
    "app_test.ts": fill(TEST),
    "deno.json": fill(DENO_JSON),
    "package.json": fill(PACKAGE_JSON),
    ".npmrc": NPMRC,
    ".gitignore": GITIGNORE,
    "README.md": fill(README),
  };
}
