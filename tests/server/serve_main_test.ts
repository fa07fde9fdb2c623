/**
 * `serve()` as a user's binary runs it (without ending the process): a
 * compiled-in app, the serve flags, and the signals during a shutdown.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { serveMain } from "../../src/server/serve.ts";
import { FakeRuntime } from "./_fake_runtime.ts";
import { fixtureApp, TOKEN } from "./_fixture.ts";

function tell(body: unknown): Request {
  return new Request("http://127.0.0.1:40123/v1/actors/slow/$tell", {
    method: "POST",
    headers: {
      authorization: `Bearer ${TOKEN}`,
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
  });
}

describe("serve() with a compiled-in app", () => {
  test("serves the app with the flags it is given; SIGTERM drains and exits 0", async () => {
    const runtime = new FakeRuntime(["--token", TOKEN, "--quiet"]);
    const exit = serveMain(runtime, { app: await fixtureApp(), usage: "shop" });
    await runtime.waitForLine(/^serving app "fixture"$/);
    const handler = await runtime.handler;
    for (let i = 0; i < 3; i++) {
      assert.equal((await handler(tell({ message: { work: 1 } }))).status, 202);
    }
    runtime.raise("SIGTERM");
    assert.equal(await exit, 0);
    assert.ok(
      runtime.out.includes("summary: processed 3 messages; no dead letters"),
      runtime.out.join("\n"),
    );
    assert.ok(!runtime.out.some((line) => line.includes("fixture: started")));
  });

  test("a second signal during the drain exits 1 at once", async () => {
    const runtime = new FakeRuntime([
      "--token",
      TOKEN,
      "--quiet",
      "--shutdown-timeout",
      "200ms",
    ]);
    const exit = serveMain(runtime, { app: await fixtureApp() });
    const handler = await runtime.handler;
    // Three seconds of queued work: the drain is still going when the
    // second signal comes (it comes at once), and its grace ends it soon.
    for (let i = 0; i < 10; i++) {
      assert.equal(
        (await handler(tell({ message: { work: 300 } }))).status,
        202,
      );
    }
    runtime.raise("SIGTERM");
    await runtime.waitForErrorLine(/received SIGTERM; shutting down/);
    // The fake's exit throws instead of ending the process.
    assert.throws(() => runtime.raise("SIGINT"), /exit\(1\) called/);
    assert.ok(
      runtime.err.some((line) => /SIGINT again; exiting at once/.test(line)),
    );
    // Let the first shutdown finish so the test leaves nothing running.
    assert.equal(await exit, 0);
    assert.ok(runtime.err.some((line) => /grace period over/.test(line)));
  });

  test("the program's name is in the help and in usage errors", async () => {
    const help = new FakeRuntime(["--help"]);
    assert.equal(await serveMain(help, { app: {}, usage: "shop" }), 0);
    assert.equal(help.out[0].split("\n")[0], "Usage: shop [options]");
    const bad = new FakeRuntime(["--port", "x"]);
    assert.equal(await serveMain(bad, { app: {}, usage: "shop" }), 2);
    assert.deepEqual(bad.err.slice(1), ['Run "shop --help" for usage']);
  });
});
