/**
 * Graceful shutdown in a real process: `understudy serve` of the fixture
 * app under the runtime running this test (`deno run` or `bun`), a slow
 * actor with queued mail, then SIGTERM: new requests get 503 while the mail
 * drains, the summary counts every message, and the exit status is 0.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { FIXTURE_APP, TOKEN } from "./_fixture.ts";
import { deadline, Proc } from "../cli/_process.ts";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
const OPTIONS = { timeout: 60_000 };

function understudy(args: string[]): Proc {
  const argv = isDeno ? ["run", "-A", MAIN, ...args] : [MAIN, ...args];
  return new Proc(argv, {}, process.execPath);
}

async function listening(proc: Proc): Promise<string> {
  const [, base] = await deadline(
    proc.line(/^understudy listening on (http:\/\/127\.0\.0\.1:\d+)$/),
    30_000,
    "the listening line",
  );
  return base;
}

async function tellWork(base: string, count: number, ms: number) {
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${base}/v1/actors/slow/$tell`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ message: { work: ms } }),
    });
    assert.equal(response.status, 202);
    await response.body?.cancel();
  }
}

describe("graceful shutdown of a real process", () => {
  test(
    "SIGTERM: 503 to new requests, the queued mail drains, summary, exit 0",
    OPTIONS,
    async () => {
      const proc = understudy([
        "serve",
        FIXTURE_APP,
        "--port",
        "0",
        "--token",
        TOKEN,
        "--shutdown-timeout",
        "20",
      ]);
      try {
        const base = await listening(proc);
        await tellWork(base, 15, 40);
        process.kill(proc.child.pid!, "SIGTERM");
        await deadline(
          proc.errLine(/received SIGTERM/),
          20_000,
          "the shutdown to begin",
        );
        const refused = await fetch(`${base}/v1/tree`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        }).catch(() => null);
        if (refused !== null) {
          // Still draining (the usual case): the answer is the JSON 503.
          assert.equal(refused.status, 503);
          assert.equal((await refused.json()).error.code, "shutting_down");
        }
        const exit = await deadline(proc.exited, 30_000, "the exit");
        assert.deepEqual(exit, { code: 0, signal: null });
        assert.ok(
          proc.out.includes("summary: processed 15 messages; no dead letters"),
          proc.out.join("\n"),
        );
        assert.ok(!proc.err.some((line) => /grace period over/.test(line)));
      } finally {
        proc.kill();
      }
    },
  );

  test(
    "past --shutdown-timeout the tree stops; the summary lists the dead letters by reason",
    OPTIONS,
    async () => {
      const proc = understudy([
        "serve",
        FIXTURE_APP,
        "--port",
        "0",
        "--token",
        TOKEN,
        "--shutdown-timeout",
        "100ms",
      ]);
      try {
        const base = await listening(proc);
        await tellWork(base, 20, 200);
        const exit = await proc.terminate(30_000);
        assert.deepEqual(exit, { code: 0, signal: null });
        assert.ok(
          proc.err.some((line) =>
            /grace period over with \d+ queued messages? not handled/.test(line)
          ),
          proc.err.join("\n"),
        );
        const summary = proc.out.find((line) => line.startsWith("summary: "));
        assert.match(
          summary ?? "",
          /^summary: processed \d+ messages?; \d+ dead letters? \(stopped \d+\)$/,
        );
      } finally {
        proc.kill();
      }
    },
  );
});
