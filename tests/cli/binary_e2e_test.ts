/**
 * End to end: the compiled binary (`bun build --compile`, see the
 * `build:bun` script) as a separate process on a free loopback port. Skipped
 * with a message when `dist/understudy` has not been built, unless
 * `UNDERSTUDY_REQUIRE_E2E=1`.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { BINARY, deadline, missing, Proc } from "./_process.ts";
import { nextMatching, sseFrames } from "../server/_sse.ts";
import { FIXTURE_APP } from "../server/_fixture.ts";

const skip = missing(
  BINARY,
  "build it with: bun build --compile src/cli/main.ts --outfile dist/understudy",
);
const TOKEN = "e2e-token-4f9c2a7d1b";

/** Sends raw bytes to 127.0.0.1:port and reads the answer until close. */
function rawRequest(port: string, raw: string): Promise<string> {
  return deadline(
    new Promise((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => socket.end(raw));
      let data = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => data += chunk);
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    }),
    10_000,
    "a raw HTTP answer",
  );
}
const RISK = "/trading/risk-manager";
const OPTIONS = { skip, timeout: 60_000 };

function auth(token = TOKEN): HeadersInit {
  return { authorization: `Bearer ${token}` };
}

describe("the understudy binary", () => {
  test(
    "serve: token required, trading tree, a fault restarts the risk manager, SIGTERM exits 0",
    OPTIONS,
    async () => {
      const proc = new Proc([
        "serve",
        "--demo",
        "trading",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--token",
        TOKEN,
        "--allow-fault-injection",
      ]);
      const streamAbort = new AbortController();
      try {
        const [, base] = await deadline(
          proc.line(/^understudy listening on (http:\/\/127\.0\.0\.1:\d+)$/),
          20_000,
          "the listening line",
        );
        assert.ok(
          !proc.out.some((line) => line.includes(TOKEN)),
          "token echoed",
        );

        const anonymous = await fetch(`${base}/v1/tree`);
        assert.equal(anonymous.status, 401);
        assert.equal((await anonymous.json()).error.code, "unauthorized");
        const wrong = await fetch(`${base}/v1/tree`, { headers: auth("nope") });
        assert.equal(wrong.status, 401);
        await wrong.body?.cancel();

        // One event stream for the whole test, replayed from the start: wait
        // until the trading supervisor has started all of its children.
        const events = await fetch(`${base}/v1/events`, {
          headers: { ...auth(), "last-event-id": "0" },
          signal: streamAbort.signal,
        });
        assert.equal(events.status, 200);
        assert.match(
          events.headers.get("content-type")!,
          /^text\/event-stream/,
        );
        const frames = sseFrames(events.body!);
        await deadline(
          nextMatching(
            frames,
            (e) => e.type === "started" && e.path === "/trading",
          ),
          15_000,
          "the trading supervisor to start",
        );

        const treeResponse = await fetch(`${base}/v1/tree`, {
          headers: auth(),
        });
        assert.equal(treeResponse.status, 200);
        const { tree } = await treeResponse.json();
        const trading = tree.find((n: { path: string }) =>
          n.path === "/trading"
        );
        assert.ok(trading, "the tree shows /trading");
        assert.equal(trading.strategy, "one-for-one");
        const children = trading.children.map((c: { path: string }) => c.path);
        for (
          const path of [
            "/trading/order-executor",
            RISK,
            "/trading/order-book",
            "/trading/market-data",
            "/trading/trader",
          ]
        ) {
          assert.ok(children.includes(path), `the tree shows ${path}`);
        }

        const before = await (await fetch(`${base}/v1/actors${RISK}`, {
          headers: auth(),
        })).json();
        const fault = await fetch(`${base}/v1/actors${RISK}/$fault`, {
          method: "POST",
          headers: { ...auth(), "content-type": "application/json" },
          body: JSON.stringify({ message: "e2e drill" }),
        });
        assert.ok(fault.ok, `$fault answered ${fault.status}`);
        await fault.body?.cancel();

        const restarted = await deadline(
          nextMatching(
            frames,
            (e) => e.type === "restarted" && e.path === RISK,
          ),
          15_000,
          "a restarted event for the risk manager",
        );
        assert.equal(restarted.restarts, before.restarts + 1);
        const after = await (await fetch(`${base}/v1/actors${RISK}`, {
          headers: auth(),
        })).json();
        assert.ok(
          after.restarts > before.restarts,
          `restarts went from ${before.restarts} to ${after.restarts}`,
        );

        // The event stream is still open: shutdown must end it, not hang on it.
        const exit = await proc.terminate(15_000);
        assert.deepEqual(exit, { code: 0, signal: null });
        assert.ok(proc.err.some((line) => /received SIGTERM/.test(line)));
      } finally {
        streamAbort.abort();
        proc.kill();
      }
    },
  );

  test(
    "serve refuses a non-loopback host without an explicit token: exit 2",
    OPTIONS,
    async () => {
      // 192.0.2.1 is TEST-NET-1: were the check missing, binding would fail
      // with a different message and exit status instead of exposing a port.
      const proc = new Proc([
        "serve",
        "--demo",
        "trading",
        "--host",
        "192.0.2.1",
        "--port",
        "0",
      ]);
      const exit = await deadline(proc.exited, 15_000, "the refusal");
      assert.deepEqual(exit, { code: 2, signal: null });
      assert.ok(
        proc.err.some((line) =>
          /Refusing to listen on "192\.0\.2\.1"/.test(line)
        ),
      );
      assert.ok(
        !proc.out.some((line) => line.startsWith("understudy listening")),
      );
    },
  );

  test(
    "serve ./app.ts loads a TypeScript app at run time; the client commands drive it",
    OPTIONS,
    async () => {
      const proc = new Proc([
        "serve",
        FIXTURE_APP,
        "--port",
        "0",
        "--token",
        TOKEN,
      ]);
      try {
        const [, base] = await deadline(
          proc.line(/^understudy listening on (http:\/\/127\.0\.0\.1:\d+)$/),
          20_000,
          "the listening line",
        );
        assert.ok(proc.out.includes("fixture: started /slow"));
        const client = async (...args: string[]) => {
          const run = new Proc([...args, "--url", base], {
            UNDERSTUDY_TOKEN: TOKEN,
          });
          const exit = await deadline(run.exited, 20_000, args.join(" "));
          return { code: exit.code, out: run.out, err: run.err };
        };
        const spawned = await client("spawn", "echo", '"> "', "--name", "b");
        assert.deepEqual(spawned, {
          code: 0,
          out: ["spawned /api/spawned/b"],
          err: [],
        });
        const asked = await client("ask", "/api/spawned/b", '"hi"');
        assert.deepEqual(asked.out, ['"> HI"']);
        const told = await client("tell", "/slow", '{"work":1}');
        assert.equal(told.code, 0);
        const inspected = await client("inspect", "/slow", "--json");
        assert.equal(JSON.parse(inspected.out.join("\n")).kind, "slow");
        const tree = await client("tree");
        assert.match(tree.out[0], /^slow {2}running {2}slow$/);
        const wrong = await client("tree", "--token", "nope");
        assert.equal(wrong.code, 4);
        assert.match(wrong.err[0], /401 unauthorized/);
        const missing = await client("inspect", "/nope");
        assert.equal(missing.code, 5);

        // Odd requests never get Bun's development error page (HTML with
        // stack frames, source lines and the working directory): the binary
        // serves in production mode and answers JSON.
        for (
          const raw of [
            "GET /healthz HTTP/1.0\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n",
            "GET /v1/tree HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n",
          ]
        ) {
          const answer = await rawRequest(new URL(base).port, raw);
          const [head, body] = answer.split("\r\n\r\n", 2);
          assert.match(head, /^HTTP\/1\.[01] \d{3}/, answer);
          assert.match(head.toLowerCase(), /content-type: application\/json/);
          assert.doesNotMatch(
            body,
            /<html|\bat \S+:\d+|\/work\/|node_modules/i,
          );
        }
        const exit = await proc.terminate(15_000);
        assert.deepEqual(exit, { code: 0, signal: null });
        assert.ok(
          proc.out.some((line) => line.startsWith("summary: processed ")),
        );
      } finally {
        proc.kill();
      }
    },
  );

  test(
    "serve without an app or a demo exits 2 and says what to give",
    OPTIONS,
    async () => {
      const proc = new Proc(["serve", "--port", "0"]);
      const exit = await deadline(proc.exited, 15_000, "the refusal");
      assert.deepEqual(exit, { code: 2, signal: null });
      assert.match(proc.err.join("\n"), /No app to serve/);
    },
  );

  test("version, --help and an unknown command", OPTIONS, async () => {
    const version = new Proc(["version"]);
    assert.deepEqual(await deadline(version.exited, 15_000, "version"), {
      code: 0,
      signal: null,
    });
    assert.match(version.out[0], /^understudy \d+\.\d+\.\d+\S* \(bun \d/);

    const help = new Proc(["--help"]);
    assert.equal((await deadline(help.exited, 15_000, "help")).code, 0);
    assert.ok(
      help.out.some((line) => line.includes("understudy serve ./app.ts")),
    );

    const unknown = new Proc(["frobnicate"]);
    assert.equal(
      (await deadline(unknown.exited, 15_000, "usage error")).code,
      2,
    );
    assert.match(unknown.err.join("\n"), /Unknown command "frobnicate"/);
  });
});
