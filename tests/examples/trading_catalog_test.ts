import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { TestKit } from "../../testing.ts";
import { Catalog, createControlPlane } from "../../http.ts";
import {
  registerTradingKinds,
  tradingSystem,
} from "../../examples/trading/mod.ts";

const TOKEN = "trading-test-token";

async function plane() {
  const kit = new TestKit();
  kit.system.spawn(tradingSystem({ log: () => {} }), { name: "trading" });
  await kit.advance(1000);
  const app = createControlPlane({
    system: kit.system,
    catalog: registerTradingKinds(new Catalog()),
    token: TOKEN,
  });
  const call = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { kit, call };
}

const order = {
  orderId: "HTTP-1",
  symbol: "AAPL",
  side: "buy",
  quantity: 10,
  price: 101,
};

describe("trading kinds over the control plane", () => {
  test("an order told to the book over HTTP is risk-checked and executed", async () => {
    const { kit, call } = await plane();
    await using _ = kit;
    const told = await call("POST", "/v1/actors/trading/order-book/$tell", {
      message: { type: "place", order },
    });
    assert.equal(told.status, 202);
    await kit.runUntilIdle();
    const asked = call("POST", "/v1/actors/trading/order-executor/$ask", {});
    await kit.runUntilIdle();
    const reply = await asked;
    assert.equal(reply.status, 200);
    assert.deepEqual(await reply.json(), { reply: 1 });
  });

  test("a malformed order is refused with 422 naming the field, and nothing is sent", async () => {
    const { kit, call } = await plane();
    await using _ = kit;
    const told = await call("POST", "/v1/actors/trading/order-book/$tell", {
      message: { type: "place", order: { ...order, quantity: -3 } },
    });
    assert.equal(told.status, 422);
    const body = await told.json();
    assert.equal(body.error.code, "validation_failed");
    assert.match(body.error.message, /quantity/);
    assert.equal(kit.system.lookup("/trading/order-book")!.restarts, 0);
  });

  test("a risk manager spawned over HTTP with validated args answers its exposure", async () => {
    const { kit, call } = await plane();
    await using _ = kit;
    const spawned = await call("POST", "/v1/actors", {
      kind: "risk-manager",
      name: "risk-2",
      args: { maxPositionSize: 50 },
    });
    assert.equal(spawned.status, 201);
    await call("POST", "/v1/actors/api/spawned/risk-2/$tell", {
      message: { type: "check", order: { ...order, quantity: 5 } },
    });
    await kit.runUntilIdle();
    const asked = call("POST", "/v1/actors/api/spawned/risk-2/$ask", {});
    await kit.runUntilIdle();
    assert.deepEqual(await (await asked).json(), { reply: 505 });
  });
});
