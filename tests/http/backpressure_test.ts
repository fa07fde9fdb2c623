import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { TestKit } from "../../testing.ts";
import {
  Catalog,
  createControlPlane,
  DEFAULT_HTTP_MAILBOX,
} from "../../http.ts";
import {
  assertError,
  counterArgs,
  counterKind,
  counterMessage,
  type CounterMsg,
  json,
  setup,
  TOKEN,
} from "./_fixtures.ts";

/** Parks the actor at `path` on a gate; resolves once it waits there. */
async function park(
  h: { kit: TestKit },
  path: string,
): Promise<() => void> {
  const gate = Promise.withResolvers<void>();
  const waiting = Promise.withResolvers<void>();
  h.kit.system.lookup(path)!.tell(
    { type: "wait", gate: gate.promise, waiting: waiting.resolve } as never,
  );
  await waiting.promise;
  return gate.resolve;
}

describe("backpressure", () => {
  test("an actor spawned over HTTP has a bounded mailbox by default, and a full one is 429 with Retry-After", async () => {
    assert.equal(DEFAULT_HTTP_MAILBOX.capacity, 1000);
    await using h = setup();
    const info = await json(
      await h.call("POST", "/v1/actors", {
        kind: "counter",
        name: "c",
        args: { start: 0 },
      }),
      201,
    );
    assert.equal(info.mailbox.capacity, 1000);
    const release = await park(h, "/api/spawned/c");
    const tell = () =>
      h.call("POST", "/v1/actors/api/spawned/c/$tell", {
        message: { type: "add", n: 1 },
      });
    for (let i = 0; i < 1000; i++) {
      const res = await tell();
      assert.equal(res.status, 202, `message ${i}`);
      await res.body?.cancel();
    }
    const full = await tell();
    assert.equal(full.headers.get("retry-after"), "1");
    await assertError(full, 429, "mailbox_full", /retry later/);
    const asked = await h.call("POST", "/v1/actors/api/spawned/c/$ask", {});
    assert.equal(asked.headers.get("retry-after"), "1");
    await assertError(asked, 429, "mailbox_full");
    release();
    await h.kit.runUntilIdle();
    const after = await json(
      await h.call("GET", "/v1/actors/api/spawned/c"),
      200,
    );
    assert.deepEqual(
      after.snapshot,
      { total: 1000 },
      "every accepted message was handled",
    );
    assert.equal((await tell()).status, 202, "accepted again once drained");
  });

  test("a kind overrides the bound, in POST /v1/actors and in supervisor children", async () => {
    await using kit = new TestKit();
    const catalog = new Catalog().register("counter", {
      definition: counterKind(),
      args: counterArgs,
      message: counterMessage,
      mailbox: { capacity: 2 },
    }).register("unbounded", {
      definition: { ...counterKind(), kind: "unbounded" },
      args: counterArgs,
      mailbox: { capacity: Infinity },
    });
    const app = createControlPlane({
      system: kit.system,
      catalog,
      token: TOKEN,
    });
    const call = (method: string, path: string, body?: unknown) =>
      app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          "content-type": "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    await json(
      await call("POST", "/v1/actors", {
        kind: "counter",
        name: "small",
        args: { start: 0 },
      }),
      201,
    );
    const sup = await json(
      await call("POST", "/v1/supervisors", {
        name: "s",
        children: [
          { id: "k", kind: "counter", args: { start: 0 } },
          { id: "u", kind: "unbounded", args: { start: 0 } },
        ],
      }),
      201,
    );
    assert.equal(sup.path, "/api/s");
    const k = await json(await call("GET", "/v1/actors/api/s/k"), 200);
    assert.equal(k.mailbox.capacity, 2);
    const u = await json(await call("GET", "/v1/actors/api/s/u"), 200);
    assert.equal(u.mailbox.capacity, null, "unbounded");
    const release = await park({ kit }, "/api/spawned/small");
    const tell = () =>
      call("POST", "/v1/actors/api/spawned/small/$tell", {
        message: { type: "add", n: 1 } satisfies CounterMsg,
      });
    assert.equal((await tell()).status, 202);
    assert.equal((await tell()).status, 202);
    await assertError(await tell(), 429, "mailbox_full");
    release();
    await kit.runUntilIdle();
  });

  test("the mailbox option is checked when a kind is registered", () => {
    assert.throws(
      () =>
        new Catalog().register("counter", {
          definition: counterKind(),
          mailbox: 5 as never,
        }),
      TypeError,
    );
  });
});
