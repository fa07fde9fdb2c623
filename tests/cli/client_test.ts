/**
 * The client commands against a real server (the fixture app in-process on
 * 127.0.0.1, a free port): human output, `--json`, the environment
 * variables, and the exit status of every kind of failure.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../src/cli/main.ts";
import type { RunningServer } from "../../server.ts";
import { FakeRuntime } from "../server/_fake_runtime.ts";
import { startFixture, TOKEN } from "../server/_fixture.ts";

describe("the client commands against a running server", () => {
  let server: RunningServer;
  let env: Record<string, string>;

  before(async () => {
    server = await startFixture();
    env = { UNDERSTUDY_URL: server.url, UNDERSTUDY_TOKEN: TOKEN };
  });

  after(async () => {
    await server.shutdown(1000);
  });

  async function run(
    args: string[],
    environment: Record<string, string> = env,
  ): Promise<{ code: number; out: string[]; err: string[] }> {
    const runtime = new FakeRuntime(args, environment);
    const code = await main(runtime);
    return { code, out: runtime.out, err: runtime.err };
  }

  test("tree prints the outline; --json prints the API's body", async () => {
    const human = await run(["tree"]);
    assert.equal(human.code, 0, human.err.join("\n"));
    assert.match(human.out[0], /^slow {2}running {2}slow$/);
    const json = await run(["tree", "--json"]);
    const body = JSON.parse(json.out.join("\n"));
    assert.equal(body.tree[0].path, "/slow");
  });

  test("actors pages with --limit and --offset", async () => {
    const all = JSON.parse((await run(["actors", "--json"])).out.join("\n"));
    const page = await run([
      "actors",
      "--limit",
      "1",
      "--offset",
      String(all.total),
      "--json",
    ]);
    assert.equal(page.code, 0, page.err.join("\n"));
    const body = JSON.parse(page.out.join("\n"));
    assert.deepEqual(
      [body.items, body.total, body.limit, body.offset],
      [[], all.total, 1, all.total],
    );
  });

  test("spawn, tell, ask, inspect, actors, restart and stop an actor", async () => {
    const spawned = await run(["spawn", "echo", '"> "', "--name", "cli"]);
    assert.deepEqual(spawned.out, ["spawned /api/spawned/cli"]);
    const asked = await run(["ask", "/api/spawned/cli", '"hello"']);
    assert.equal(asked.code, 0, asked.err.join("\n"));
    assert.deepEqual(asked.out, ['"> HELLO"']);
    const askedJson = await run(["ask", "api/spawned/cli", '"x"', "--json"]);
    assert.deepEqual(JSON.parse(askedJson.out.join("\n")), { reply: "> X" });

    const told = await run(["tell", "/slow", '{"work":1}']);
    assert.deepEqual(told.out, ["sent to /slow"]);
    const count = await run(["ask", "/slow", "--timeout", "5000"]);
    assert.equal(count.code, 0, count.err.join("\n"));

    const inspected = await run(["inspect", "/api/spawned/cli"]);
    assert.ok(
      inspected.out.some((line) => /^kind:\s+echo$/.test(line)),
      inspected.out.join("\n"),
    );
    const inspectedJson = await run(["inspect", "/api/spawned/cli", "--json"]);
    assert.equal(JSON.parse(inspectedJson.out.join("\n")).status, "running");

    const listed = await run(["actors", "--kind", "echo"]);
    assert.match(
      listed.out[0],
      /^PATH\s+STATUS\s+KIND\s+RESTARTS\s+MAILBOX\s+PROCESSED$/,
    );
    assert.match(
      listed.out[1],
      /^\/api\/spawned\/cli\s+running\s+echo\s+0\s+0\s+2$/,
    );

    const restarted = await run(["restart", "/api/spawned/cli"]);
    assert.deepEqual(restarted.out, [
      "restarted /api/spawned/cli (restarts: 1)",
    ]);
    const stopped = await run(["stop", "/api/spawned/cli"]);
    assert.deepEqual(stopped.out, ["stopped /api/spawned/cli"]);
  });

  test("events replays the lifecycle as lines, or JSON lines with --json", async () => {
    const human = await run(["events", "--replay", "--limit", "2"]);
    assert.equal(human.code, 0, human.err.join("\n"));
    assert.equal(human.out.length, 2);
    assert.match(human.out[0], /^#\d+ spawned \/slow kind=slow$/);
    const json = await run([
      "events",
      "--replay",
      "--types",
      "started",
      "--limit",
      "1",
      "--json",
    ]);
    const event = JSON.parse(json.out[0]);
    assert.equal(event.type, "started");
    assert.equal(event.path, "/slow");
  });

  test("--url and --token override the environment", async () => {
    const result = await run(["tree", "--url", server.url, "--token", TOKEN], {
      UNDERSTUDY_URL: "http://127.0.0.1:1",
      UNDERSTUDY_TOKEN: "wrong",
    });
    assert.equal(result.code, 0, result.err.join("\n"));
  });

  test("exit statuses: 4 unauthorized, 5 not found, 6 refused, 3 unreachable, 2 usage", async () => {
    const noToken = await run(["tree"], { UNDERSTUDY_URL: server.url });
    assert.equal(noToken.code, 4);
    assert.match(
      noToken.err[0],
      /^understudy tree: 401 unauthorized: .*give --token or set UNDERSTUDY_TOKEN/,
    );
    const wrong = await run(["tree", "--token", "nope"]);
    assert.equal(wrong.code, 4);

    const missing = await run(["inspect", "/nope"]);
    assert.equal(missing.code, 5);
    assert.match(missing.err[0], /404 actor_not_found: No actor at "\/nope"/);
    const kind = await run(["spawn", "chess"]);
    assert.equal(kind.code, 5);

    const invalid = await run(["tell", "/slow", '{"work":"soon"}']);
    assert.equal(invalid.code, 6);
    assert.match(invalid.err[0], /422 validation_failed/);

    const down = await run(["tree", "--url", "http://127.0.0.1:1"]);
    assert.equal(down.code, 3);
    assert.match(down.err[0], /Cannot reach http:\/\/127\.0\.0\.1:1/);

    const badJson = await run(["tell", "/slow", "{work:1}"]);
    assert.equal(badJson.code, 2);
    assert.match(badJson.err[0], /Invalid JSON for message/);
    const missingArg = await run(["tell", "/slow"]);
    assert.equal(missingArg.code, 2);
    assert.match(missingArg.err[0], /Missing message for "tell"/);
    const unknownFlag = await run(["tree", "--verbose"]);
    assert.equal(unknownFlag.code, 2);
    const badUrl = await run(["tree", "--url", "localhost:8080"]);
    assert.equal(badUrl.code, 2);
  });
});
