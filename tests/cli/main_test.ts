/**
 * The binary's commands, run in-process against a fake runtime adapter:
 * help, version, usage errors, and `serve` end to end through the real
 * control plane (without a socket), on both Deno and Bun.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import denoJson from "../../deno.json" with { type: "json" };
import { main } from "../../src/cli/main.ts";
import { FakeRuntime } from "../server/_fake_runtime.ts";
import { nextMatching, sseFrames } from "../server/_sse.ts";

const TOKEN = "test-token-0123456789";

function request(
  path: string,
  init: RequestInit & { token?: string } = {},
): Request {
  const headers = new Headers(init.headers);
  if (init.token !== undefined) {
    headers.set("authorization", `Bearer ${init.token}`);
  }
  if (init.body !== undefined) headers.set("content-type", "application/json");
  return new Request(`http://127.0.0.1:40123${path}`, { ...init, headers });
}

describe("understudy help and version", () => {
  test("--help prints the commands and exits 0", async () => {
    const runtime = new FakeRuntime(["--help"]);
    assert.equal(await main(runtime), 0);
    const help = runtime.out.join("\n");
    assert.match(help, /understudy serve \.\/app\.ts \[options\]/);
    for (
      const command of ["init", "tree", "inspect", "tell", "ask", "events"]
    ) {
      assert.match(help, new RegExp(`understudy ${command}\\b`));
    }
    assert.deepEqual(runtime.err, []);
  });

  test("serve --help prints every serve flag", async () => {
    const runtime = new FakeRuntime(["serve", "-h"]);
    assert.equal(await main(runtime), 0);
    const help = runtime.out.join("\n");
    for (
      const flag of [
        "--host",
        "--port",
        "--token",
        "--demo",
        "--allow-fault-injection",
        "--shutdown-timeout",
        "--app",
        "UNDERSTUDY_TOKEN",
      ]
    ) {
      assert.ok(help.includes(flag), `help lacks ${flag}`);
    }
  });

  test("version prints the deno.json version and the runtime", async () => {
    const runtime = new FakeRuntime(["version"]);
    assert.equal(await main(runtime), 0);
    assert.deepEqual(runtime.out, [
      `understudy ${denoJson.version} (fake 0.0.0)`,
    ]);
  });

  test("an unknown command exits 2 with the error and a hint on stderr", async () => {
    const runtime = new FakeRuntime(["launch"]);
    assert.equal(await main(runtime), 2);
    assert.deepEqual(runtime.out, []);
    assert.match(runtime.err[0], /Unknown command "launch"/);
    assert.match(runtime.err[1], /understudy --help/);
  });

  test("an unknown serve flag exits 2 before anything starts", async () => {
    const runtime = new FakeRuntime(["serve", "--bogus"]);
    assert.equal(await main(runtime), 2);
    assert.match(runtime.err[0], /Unknown flag "--bogus"/);
    assert.equal(runtime.listen, undefined);
  });
});

describe("understudy serve (in-process)", () => {
  test("no app and no demo exits 2 with what to give", async () => {
    const runtime = new FakeRuntime(["serve", "--token", TOKEN]);
    assert.equal(await main(runtime), 2);
    assert.match(runtime.err[0], /No app to serve/);
    assert.match(runtime.err[0], /--demo trading/);
    assert.equal(runtime.listen, undefined);
  });

  test("an unknown demo exits 2 with the demos this binary has", async () => {
    const runtime = new FakeRuntime(["serve", "--demo", "chess"]);
    assert.equal(await main(runtime), 2);
    assert.match(runtime.err[0], /expected "trading" or "none", got "chess"/);
  });

  test("--demo none serves an empty system", async () => {
    const runtime = new FakeRuntime([
      "serve",
      "--demo",
      "none",
      "--token",
      TOKEN,
    ]);
    const exit = main(runtime);
    await runtime.waitForLine(/^serving an empty system$/);
    const handler = await runtime.handler;
    const response = await handler(request("/v1/tree", { token: TOKEN }));
    assert.deepEqual(await response.json(), { tree: [] });
    runtime.raise("SIGTERM");
    assert.equal(await exit, 0);
    assert.ok(
      runtime.out.includes("summary: processed 0 messages; no dead letters"),
    );
  });

  test("a non-loopback host without a given token exits 2 and binds nothing", async () => {
    const runtime = new FakeRuntime([
      "serve",
      "--demo",
      "none",
      "--host",
      "0.0.0.0",
    ]);
    assert.equal(await main(runtime), 2);
    assert.match(runtime.err[0], /Refusing to listen on "0\.0\.0\.0"/);
    assert.equal(runtime.listen, undefined);
  });

  test("a non-loopback host needs a strong token: a weak one exits 2", async () => {
    const runtime = new FakeRuntime(
      ["serve", "--host", "0.0.0.0", "--demo", "none"],
      { UNDERSTUDY_TOKEN: "secret-password" },
    );
    assert.equal(await main(runtime), 2);
    assert.match(runtime.err[0], /weak token.*128 bits/);
    assert.equal(runtime.listen, undefined);
  });

  test("a non-loopback host is allowed with a strong token from the environment", async () => {
    const strong = "0123456789abcdef0123456789abcdef"; // 128 bits of hex
    const runtime = new FakeRuntime(
      ["serve", "--host", "0.0.0.0", "--demo", "none"],
      { UNDERSTUDY_TOKEN: strong },
    );
    const exit = main(runtime);
    await runtime.waitForLine(/^understudy listening on /);
    assert.deepEqual(runtime.listen, { hostname: "0.0.0.0", port: 8080 });
    const handler = await runtime.handler;
    assert.equal(
      (await handler(request("/v1/tree", { token: strong }))).status,
      200,
    );
    runtime.raise("SIGINT");
    assert.equal(await exit, 0);
  });

  test("a generated token is printed once and opens the dashboard URL", async () => {
    const runtime = new FakeRuntime([
      "serve",
      "--demo",
      "trading",
      "--port",
      "0",
      "--quiet",
    ]);
    const exit = main(runtime);
    const listening = await runtime.waitForLine(/^understudy listening on /);
    assert.equal(listening, "understudy listening on http://127.0.0.1:40123");
    const tokenLine = await runtime.waitForLine(/^token: /);
    const token = tokenLine.slice("token: ".length);
    assert.ok(token.length >= 20, "the generated token is long");
    const dashboard = await runtime.waitForLine(/^dashboard: /);
    assert.equal(
      dashboard,
      `dashboard: http://127.0.0.1:40123/#token=${encodeURIComponent(token)}`,
    );
    assert.equal(
      runtime.out.filter((line) => line.startsWith("understudy listening"))
        .length,
      1,
    );
    const handler = await runtime.handler;
    assert.equal((await handler(request("/v1/tree"))).status, 401);
    assert.equal((await handler(request("/v1/tree", { token }))).status, 200);
    runtime.raise("SIGTERM");
    assert.equal(await exit, 0);
  });

  test("a token given by flag is never echoed", async () => {
    const runtime = new FakeRuntime([
      "serve",
      "--demo",
      "trading",
      "--token",
      TOKEN,
      "--quiet",
    ]);
    const exit = main(runtime);
    await runtime.waitForLine(/^dashboard: /);
    assert.ok(runtime.out.every((line) => !line.includes(TOKEN)));
    runtime.raise("SIGTERM");
    assert.equal(await exit, 0);
    assert.ok(runtime.err.every((line) => !line.includes(TOKEN)));
  });

  test("serves the trading demo; SIGTERM drains the server, stops the system and exits 0", async () => {
    const runtime = new FakeRuntime([
      "serve",
      "--demo",
      "trading",
      "--port",
      "0",
      "--token",
      TOKEN,
      "--quiet",
    ]);
    const exit = main(runtime);
    await runtime.waitForLine(/^understudy listening on /);
    const handler = await runtime.handler;
    // Replay from the start and wait until the supervisor has started all
    // of its children.
    const events = await handler(request("/v1/events", {
      token: TOKEN,
      headers: { "last-event-id": "0" },
    }));
    assert.equal(events.status, 200);
    const frames = sseFrames(events.body!);
    await nextMatching(
      frames,
      (e) => e.type === "started" && e.path === "/trading",
    );
    const response = await handler(request("/v1/tree", { token: TOKEN }));
    const { tree } = await response.json() as {
      tree: { path: string; strategy: string; children: { path: string }[] }[];
    };
    assert.equal(tree.length, 1);
    assert.equal(tree[0].path, "/trading");
    assert.equal(tree[0].strategy, "one-for-one");
    assert.deepEqual(tree[0].children.map((c) => c.path), [
      "/trading/order-executor",
      "/trading/risk-manager",
      "/trading/order-book",
      "/trading/market-data",
      "/trading/trader",
    ]);
    const reading = (async () => {
      for await (const _ of frames);
    })();
    runtime.raise("SIGTERM");
    assert.equal(await exit, 0);
    await reading; // the open event stream was ended, not left hanging
    assert.equal(runtime.shutdowns, 1);
    assert.equal(runtime.signalListeners, 0);
    assert.ok(runtime.err.some((line) => /received SIGTERM/.test(line)));
  });

  test("without fault injection enabled, $fault is refused with 403", async () => {
    const runtime = new FakeRuntime([
      "serve",
      "--demo",
      "trading",
      "--token",
      TOKEN,
      "--quiet",
    ]);
    const exit = main(runtime);
    const handler = await runtime.handler;
    const response = await handler(
      request("/v1/actors/trading/risk-manager/$fault", {
        method: "POST",
        token: TOKEN,
        body: "{}",
      }),
    );
    assert.equal(response.status, 403);
    const body = await response.json() as { error: { code: string } };
    assert.equal(body.error.code, "fault_injection_disabled");
    runtime.raise("SIGTERM");
    assert.equal(await exit, 0);
  });

  test("an escalation that reaches the root guardian exits 1", async () => {
    const runtime = new FakeRuntime([
      "serve",
      "--demo",
      "trading",
      "--token",
      TOKEN,
      "--allow-fault-injection",
      "--quiet",
    ]);
    const exit = main(runtime);
    const handler = await runtime.handler;
    const stream = await handler(request("/v1/events", { token: TOKEN }));
    const frames = sseFrames(stream.body!);
    let code: number | undefined;
    exit.then((c) => (code = c));
    // The trading supervisor allows 10 restarts a minute; the 11th failure
    // makes it give up and escalate to the root guardian.
    for (let i = 0; i < 20 && code === undefined; i++) {
      const response = await handler(
        request("/v1/actors/trading/risk-manager/$fault", {
          method: "POST",
          token: TOKEN,
          body: JSON.stringify({ message: `drill ${i}` }),
        }),
      );
      if (response.status !== 202 && response.status !== 200) break;
      await nextMatching(
        frames,
        (e) =>
          e.path === "/trading/risk-manager" && e.type === "restarted" ||
          e.type === "escalated" && e.path === "/",
      ).catch(() => {});
    }
    assert.equal(await exit, 1);
    assert.ok(
      runtime.err.some((line) => /escalated to the root guardian/.test(line)),
    );
  });

  test("an address that cannot be bound exits 1 and stops the system", async () => {
    const runtime = new FakeRuntime([
      "serve",
      "--demo",
      "trading",
      "--token",
      TOKEN,
      "--quiet",
    ]);
    runtime.serveError = new Error("Address already in use");
    assert.equal(await main(runtime), 1);
    assert.match(
      runtime.err[0],
      /Cannot listen on "127\.0\.0\.1" port 8080: Address already in use/,
    );
    assert.equal(runtime.signalListeners, 0);
  });
});
