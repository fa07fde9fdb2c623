/**
 * Your own binary, end to end: the fixture's `main.ts` (a few lines around
 * `serve()`, living outside `src/` and importing the package by name) is
 * compiled with `bun build --compile` into one executable, which is then
 * driven over HTTP on a free loopback port: the app's tree, spawn, tell,
 * inspect, and SIGTERM with exit 0. Skipped when Bun is not installed,
 * unless `UNDERSTUDY_REQUIRE_E2E=1`.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { call, TOKEN } from "./_fixture.ts";
import { deadline, missing, Proc } from "../cli/_process.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BUN = join(ROOT, "node_modules/bun/bin/bun.exe");
const MAIN = join(ROOT, "tests/server/_fixture_app/main.ts");
const skip = missing(BUN, "install the dev dependencies: npm ci");
const OPTIONS = { skip, timeout: 120_000 };

describe("a user's own binary built with bun build --compile", () => {
  let dir = "";
  let binary = "";

  before(() => {
    if (skip) return;
    dir = mkdtempSync(join(tmpdir(), "understudy-own-binary-"));
    binary = join(dir, "fixture");
    execFileSync(BUN, ["build", "--compile", MAIN, "--outfile", binary], {
      cwd: ROOT,
      stdio: "pipe",
      timeout: 100_000,
    });
  }, { timeout: 110_000 });

  after(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  test(
    "serves its app with the serve flags; spawn, tell, inspect; SIGTERM exits 0",
    OPTIONS,
    async () => {
      const proc = new Proc(
        ["--port", "0", "--token", TOKEN, "--shutdown-timeout", "5"],
        {},
        binary,
      );
      try {
        const [, base] = await deadline(
          proc.line(/^understudy listening on (http:\/\/127\.0\.0\.1:\d+)$/),
          30_000,
          "the listening line",
        );
        await deadline(
          proc.line(/^serving app "fixture"$/),
          10_000,
          "the serving line",
        );
        assert.ok(proc.out.includes("fixture: started /slow"));

        const tree = await (await call(base, "GET", "/v1/tree")).json();
        assert.deepEqual(tree.tree.map((n: { path: string }) => n.path), [
          "/slow",
        ]);
        const spawned = await call(base, "POST", "/v1/actors", {
          kind: "echo",
          name: "e",
          args: "> ",
        });
        assert.equal(spawned.status, 201);
        await spawned.body?.cancel();
        const asked = await call(
          base,
          "POST",
          "/v1/actors/api/spawned/e/$ask",
          {
            message: "ok",
          },
        );
        assert.deepEqual(await asked.json(), { reply: "> OK" });
        for (let i = 0; i < 3; i++) {
          const told = await call(base, "POST", "/v1/actors/slow/$tell", {
            message: { work: 1 },
          });
          assert.equal(told.status, 202);
          await told.body?.cancel();
        }
        const slow = await (await call(base, "GET", "/v1/actors/slow")).json();
        assert.equal(slow.kind, "slow");
        assert.equal(slow.status, "running");
        const kinds = await call(base, "POST", "/v1/actors", { kind: "nope" });
        assert.equal(kinds.status, 404);
        assert.equal((await kinds.json()).error.code, "kind_not_found");

        const exit = await proc.terminate(20_000);
        assert.deepEqual(exit, { code: 0, signal: null });
        // 3 work messages and 1 ask, whatever else ran.
        const summary = proc.out.find((l) => l.startsWith("summary: "));
        assert.match(
          summary ?? "",
          /^summary: processed 4 messages; no dead letters$/,
        );
      } finally {
        proc.kill();
      }
    },
  );

  test(
    "takes the serve flags: --help, and a usage error exits 2",
    OPTIONS,
    async () => {
      const help = new Proc(["--help"], {}, binary);
      assert.equal((await deadline(help.exited, 20_000, "help")).code, 0);
      assert.ok(
        help.out.some((l) => l === "Usage: fixture [options]"),
      );
      assert.ok(help.out.some((l) => l.includes("--shutdown-timeout")));
      assert.ok(!help.out.some((l) => l.includes("--app")));

      const bad = new Proc(["--port", "x"], {}, binary);
      assert.equal((await deadline(bad.exited, 20_000, "usage error")).code, 2);
      assert.match(bad.err.join("\n"), /Invalid value for "--port"/);

      const other = new Proc(["./other.ts", "--port", "0"], {}, binary);
      assert.equal((await deadline(other.exited, 20_000, "refusal")).code, 2);
      assert.match(other.err.join("\n"), /carries its own app/);
    },
  );
});
