/** The gate: passes requests until closed, then answers 503 JSON; never throws. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Gate } from "../../src/server/gate.ts";

const request = () => new Request("http://127.0.0.1/v1/tree");

describe("Gate", () => {
  test("passes requests on while open", async () => {
    const gate = new Gate();
    const handler = gate.wrap(() => new Response("ok"));
    assert.equal(await (await handler(request())).text(), "ok");
    assert.equal(gate.open, true);
  });

  test("once closed, every request gets a JSON 503 with Retry-After, and the handler is not called", async () => {
    const gate = new Gate();
    let calls = 0;
    const handler = gate.wrap(() => {
      calls++;
      return new Response("ok");
    });
    gate.close();
    const response = await handler(request());
    assert.equal(response.status, 503);
    assert.equal(response.headers.get("retry-after"), "5");
    assert.equal(response.headers.get("connection"), "close");
    assert.deepEqual((await response.json()).error.code, "shutting_down");
    assert.equal(calls, 0);
  });

  test("an error escaping the handler is a JSON 500 without a stack", async () => {
    const gate = new Gate();
    const original = console.error;
    const logged: unknown[][] = [];
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const handler = gate.wrap(() => {
        throw new Error("secret detail at /home/user/app.ts:12");
      });
      const response = await handler(request());
      assert.equal(response.status, 500);
      const text = await response.text();
      assert.deepEqual(JSON.parse(text), {
        error: { code: "internal", message: "Internal server error" },
      });
      assert.ok(!text.includes("secret"), "no detail leaks to the client");
      assert.equal(logged.length, 1, "the error is logged on the server");
    } finally {
      console.error = original;
    }
  });
});
