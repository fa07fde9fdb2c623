/**
 * The app shape: `defineApp` checks it, and `loadApp` imports an app module
 * at run time (TypeScript, importing the package by name) on Deno and Bun,
 * with the package's own classes, so its catalog is the one the server
 * knows.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { Catalog } from "../../http.ts";
import { AppLoadError, defineApp } from "../../server.ts";
import { loadApp } from "../../src/server/load_app.ts";
import { currentRuntime } from "../../src/server/runtime.ts";

const FIXTURE = fileURLToPath(new URL("./_fixture_app/", import.meta.url));

describe("defineApp", () => {
  test("returns the app frozen, with its fields", () => {
    const catalog = new Catalog();
    const start = () => {};
    const app = defineApp({ name: "x", catalog, start });
    assert.equal(app.catalog, catalog);
    assert.equal(app.start, start);
    assert.ok(Object.isFrozen(app));
  });

  test("rejects malformed apps with a TypeError naming the field", () => {
    const cases: [unknown, RegExp][] = [
      [null, /expected an object/],
      [{ catalog: {} }, /catalog must be a Catalog/],
      [{ start: 1 }, /start must be a function/],
      [{ name: 3 }, /name must be a string/],
      [{ kinds: [] }, /unknown field "kinds"/],
    ];
    for (const [value, pattern] of cases) {
      assert.throws(
        () => defineApp(value as never),
        (error: unknown) =>
          error instanceof TypeError && pattern.test(error.message),
      );
    }
  });
});

describe("loadApp", () => {
  const runtime = currentRuntime();

  test("imports a TypeScript app module that imports the package by name", async () => {
    const app = await loadApp(runtime, `${FIXTURE}app.ts`);
    assert.equal(app.name, "fixture");
    // The same Catalog class as this test's: one copy of the package.
    assert.ok(app.catalog instanceof Catalog);
    assert.deepEqual(app.catalog.names().sort(), ["echo", "slow"]);
    assert.equal(typeof app.start, "function");
  });

  test("a missing file is an AppLoadError naming the path", async () => {
    await assert.rejects(
      loadApp(runtime, `${FIXTURE}missing.ts`),
      (error: unknown) =>
        error instanceof AppLoadError &&
        /Cannot load app ".*missing\.ts"/.test(error.message),
    );
  });

  test("a module without a default export says what to write", async () => {
    await assert.rejects(
      loadApp(runtime, `${FIXTURE}no_default.ts`),
      (error: unknown) =>
        error instanceof AppLoadError &&
        /export default defineApp/.test(error.message),
    );
  });

  test("a default export that is not an app says what is wrong", async () => {
    await assert.rejects(
      loadApp(runtime, `${FIXTURE}not_an_app.ts`),
      (error: unknown) =>
        error instanceof AppLoadError &&
        /catalog must be a Catalog/.test(error.message),
    );
  });
});
