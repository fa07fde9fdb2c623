/**
 * `understudy init`: the starter project it writes type-checks and its test
 * passes, against this very package (offline: the JSR import map it writes
 * is replaced by this repository's `deno.json` for Deno, and by `paths` in a
 * `tsconfig.json` for Bun). Under `deno test` the project is type-checked
 * and tested with Deno; under `bun test`, tested with Bun.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import denoJson from "../../deno.json" with { type: "json" };
import { main } from "../../src/cli/main.ts";
import { currentRuntime } from "../../src/server/runtime.ts";
import { FakeRuntime } from "../server/_fake_runtime.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";

describe("understudy init", () => {
  let parent = "";
  let dir = "";
  const out: string[] = [];

  before(async () => {
    parent = mkdtempSync(join(tmpdir(), "understudy-init-"));
    dir = join(parent, "My Shop");
    const runtime = {
      ...currentRuntime(),
      args: ["init", dir],
      print: (line: string) => void out.push(line),
    };
    assert.equal(await main(runtime), 0);
  });

  after(() => {
    if (parent !== "") rmSync(parent, { recursive: true, force: true });
  });

  test("writes the app, main, test and both manifests, and says what next", () => {
    assert.match(
      out[0],
      /^created .*My Shop\/ with app\.ts, main\.ts, app_test\.ts, deno\.json, package\.json/,
    );
    assert.ok(out.some((line) => line.includes("deno task test")));
    const deno = JSON.parse(readFileSync(join(dir, "deno.json"), "utf8"));
    assert.equal(
      deno.imports["@understudy/runtime/server"],
      `jsr:@understudy/runtime@^${denoJson.version}/server`,
    );
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    assert.equal(pkg.name, "my-shop");
    assert.equal(
      pkg.dependencies["@understudy/runtime"],
      `npm:@jsr/understudy__runtime@^${denoJson.version}`,
    );
    assert.match(pkg.scripts.build, /^bun build --compile main\.ts/);
    assert.match(readFileSync(join(dir, ".npmrc"), "utf8"), /npm\.jsr\.io/);
    const mainTs = readFileSync(join(dir, "main.ts"), "utf8");
    assert.match(
      mainTs,
      /import \{ serve \} from "@understudy\/runtime\/server"/,
    );
  });

  test(
    isDeno
      ? "the project type-checks and its test passes (deno check, deno test)"
      : "the project's test passes (bun test)",
    { timeout: 120_000 },
    () => {
      if (isDeno) {
        const config = join(ROOT, "deno.json");
        const deno = process.execPath;
        execFileSync(deno, [
          "check",
          "--config",
          config,
          "main.ts",
          "app_test.ts",
        ], { cwd: dir, stdio: "pipe", timeout: 100_000 });
        const result = execFileSync(deno, [
          "test",
          "-A",
          "--no-check",
          "--config",
          config,
          "app_test.ts",
        ], { cwd: dir, stdio: "pipe", timeout: 100_000 }).toString();
        assert.match(result, /1 passed/);
      } else {
        const to = (file: string) => [join(ROOT, file)];
        writeFileSync(
          join(dir, "tsconfig.json"),
          JSON.stringify({
            compilerOptions: {
              paths: {
                "@understudy/runtime": to("mod.ts"),
                "@understudy/runtime/http": to("http.ts"),
                "@understudy/runtime/server": to("server.ts"),
                "@understudy/runtime/testing": to("testing.ts"),
              },
            },
          }),
        );
        const result = spawnSync(process.execPath, ["test"], {
          cwd: dir,
          encoding: "utf8",
          timeout: 100_000,
        });
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stderr, /\b1 pass\b/);
        assert.match(result.stderr, /\b0 fail\b/);
      }
    },
  );

  test("refuses a directory that is not empty (exit 1) and a missing one (exit 2)", async () => {
    const again = new FakeRuntime(["init", dir]);
    // The fake's files are in memory: make the directory look taken.
    await again.writeTextFile(`${dir}/app.ts`, "");
    assert.equal(await main(again), 1);
    assert.match(again.err[0], /is not empty/);

    const none = new FakeRuntime(["init"]);
    assert.equal(await main(none), 2);
    assert.match(none.err[0], /usage: understudy init <dir>/);
  });
});
