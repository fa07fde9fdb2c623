/**
 * A bounded fuzz test of the control plane over real TCP: several thousand
 * generated requests (see `_fuzz_requests.ts`) against the server on
 * 127.0.0.1, a few connections at a time. It asserts that nothing answers
 * 5xx, that no protected route answers 2xx without the token, that every
 * error the app answers has the documented JSON shape, that nothing is
 * logged as an internal error, and that the server still works afterwards.
 *
 * Bounded: at most `UNDERSTUDY_FUZZ_COUNT` requests (default 3000) and
 * `UNDERSTUDY_FUZZ_MS` milliseconds (default 60000); the seed is
 * `UNDERSTUDY_FUZZ_SEED` (default fixed), printed with any failure.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { ActorSystem, childSpec, supervisor } from "../../mod.ts";
import { createControlPlane } from "../../http.ts";
import { rawRequest, type RawResponse } from "./_raw.ts";
import { serveOnLoopback } from "./_serve.ts";
import { counterKind, testCatalog, TOKEN } from "./_fixtures.ts";
import { type FuzzRequest, generateRequest, Rng } from "./_fuzz_requests.ts";

const COUNT = Number(process.env.UNDERSTUDY_FUZZ_COUNT ?? 3000);
const BUDGET_MS = Number(process.env.UNDERSTUDY_FUZZ_MS ?? 60_000);
const SEED = Number(process.env.UNDERSTUDY_FUZZ_SEED ?? 0x5eed);
const PARALLEL = 8;
/** A test token strong enough for any bind (258 bits). */
const STRONG = `${TOKEN}-${"Zq3x9PLm0aBc7dEf1GhIjK"}`;

/**
 * The only 5xx the app may answer: an actor that failed while handling an
 * ask (502) or did not answer in time (504), the documented upstream
 * failures of `$ask`; never an internal error.
 */
const UPSTREAM = ["502 actor_failed", "504 ask_timeout"];

/** Routes a request without the token must never get a 2xx from. */
function isProtected(target: string): boolean {
  const path = target.replace(/^https?:\/\/[^/]*/, "");
  return /^\/(v1|metrics)(\/|\?|#|$)/i.test(path) ||
    /^\/\/+(v1|metrics)/i.test(path);
}

/** The problems with one answer, or an empty list. */
function problems(request: FuzzRequest, res: RawResponse): string[] {
  const out: string[] = [];
  if (res.status === 0) {
    if (!request.malformed) out.push("no response to a well-formed request");
    return out;
  }
  const fromApp = res.headers["x-content-type-options"] === "nosniff";
  if (!fromApp) {
    // The runtime's own answer: only to a request it may refuse, and only
    // a refusal (4xx, or 505 for a broken request line), never a 500.
    if (!request.malformed || res.status < 400 || res.status === 500) {
      out.push(`the runtime answered ${res.status} on its own`);
    }
    return out;
  }
  const code = /"code":"([a-z_]+)"/.exec(res.body)?.[1];
  if (res.status >= 500 && !UPSTREAM.includes(`${res.status} ${code}`)) {
    out.push(`answered ${res.status}`);
  }
  if (
    res.status >= 200 && res.status < 300 && !request.authorized &&
    isProtected(request.target)
  ) {
    out.push(`protected route answered ${res.status} without the token`);
  }
  if (res.status >= 400 && request.method !== "HEAD") {
    if (!/^application\/json/.test(res.headers["content-type"] ?? "")) {
      out.push(
        `error without JSON content type: ${res.headers["content-type"]}`,
      );
    } else {
      try {
        const body = JSON.parse(res.body);
        const keys = Object.keys(body).join();
        const error = body.error ?? {};
        if (
          keys !== "error" ||
          Object.keys(error).sort().join() !== "code,message" ||
          !/^[a-z_]+$/.test(error.code) || typeof error.message !== "string"
        ) out.push(`error body not { error: { code, message } }: ${res.body}`);
        if (/\n\s+at |file:\/\/|\/work\//.test(res.body)) {
          out.push(`error body leaks a stack or a path: ${res.body}`);
        }
      } catch {
        out.push(`error body is not JSON: ${res.body.slice(0, 200)}`);
      }
    }
  }
  if (res.status === 405 && res.headers["allow"] === undefined) {
    out.push("405 without Allow");
  }
  return out;
}

describe("fuzzing the control plane over TCP", () => {
  test(
    `${COUNT} generated requests: no 5xx, no protected 2xx without the token, JSON errors, still serving`,
    {
      timeout: BUDGET_MS + 60_000,
    },
    async () => {
      // The program's own tree restarts on escalation here, so that fault
      // injection and stops aimed at it cannot end the run; what clients
      // create lives under /api whatever the system's settings.
      await using system = new ActorSystem({
        guardian: { onEscalation: "restart" },
      });
      const counter = counterKind();
      system.spawn(
        supervisor({
          children: [
            childSpec("a", counter, { args: { start: 1 } }),
            childSpec("b", counter, { args: { start: 2 } }),
          ],
        }),
        { name: "app" },
      );
      system.spawn(counter, { name: "solo", args: { start: 3 } });
      const plane = createControlPlane({
        system,
        catalog: testCatalog({}, false),
        token: STRONG,
        allowFaultInjection: true,
        bodyLimitBytes: 64 * 1024,
      });
      await using server = serveOnLoopback(plane.fetch);
      const logged: unknown[][] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => void logged.push(args);
      const rng = new Rng(SEED);
      const started = performance.now();
      const failures: string[] = [];
      let sent = 0;
      const tally = new Map<string, number>();
      try {
        const worker = async () => {
          while (
            sent < COUNT && performance.now() - started < BUDGET_MS &&
            failures.length < 10
          ) {
            const request = generateRequest(rng, server.port, STRONG);
            sent++;
            const res = await rawRequest(server.port, request.bytes, 10_000);
            const code = /"code":"([a-z_]+)"/.exec(res.body)?.[1] ??
              (res.headers["x-content-type-options"] ? "" : "(runtime)");
            const key = `${res.status}${code === "" ? "" : ` ${code}`}`;
            tally.set(key, (tally.get(key) ?? 0) + 1);
            for (const problem of problems(request, res)) {
              failures.push(`${problem}\n    request: ${request.label}`);
            }
          }
        };
        await Promise.all(Array.from({ length: PARALLEL }, worker));
      } finally {
        console.error = original;
      }
      const elapsed = Math.round(performance.now() - started);
      const summary = `seed ${SEED}: ${sent} requests in ${elapsed} ms; ${
        [...tally].sort().map(([k, n]) => `${k}: ${n}`).join(", ")
      }`;
      console.log(`fuzz: ${summary}`);
      assert.deepEqual(failures, [], summary);
      assert.deepEqual(
        logged.map((args) => String(args[0])),
        [],
        `nothing is logged as an internal error (${summary})`,
      );
      assert.ok(
        sent >= Math.min(COUNT, 500),
        `enough requests ran: ${summary}`,
      );
      // Still serving, and still the same system.
      const health = await rawRequest(
        server.port,
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
      );
      assert.equal(health.status, 200);
      assert.equal(system.status, "running");
      const body = JSON.stringify({ kind: "silent", name: "after-fuzz" });
      const spawned = await rawRequest(
        server.port,
        `POST /v1/actors HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${STRONG}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      assert.equal(spawned.status, 201, spawned.body);
    },
  );
});
