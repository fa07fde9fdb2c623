import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { TestKit } from "../../testing.ts";
import {
  Catalog,
  checkBindSafety,
  createControlPlane,
  generateToken,
  isLoopback,
  timingSafeEqual,
  tokenBits,
} from "../../http.ts";
import { assertError, setup, TOKEN } from "./_fixtures.ts";

describe("bearer token", () => {
  test("a /v1 route without Authorization is 401 unauthorized with a Bearer challenge", async () => {
    await using h = setup();
    const res = await h.app.request("/v1/system");
    assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/);
    await assertError(res, 401, "unauthorized", /Missing bearer token/);
  });

  test("a malformed Authorization header is 401", async () => {
    await using h = setup();
    for (
      const header of [
        `Basic ${btoa("user:pass")}`,
        "Bearer",
        "Bearer ",
        `Bearer ${TOKEN} extra`,
        TOKEN,
      ]
    ) {
      const res = await h.app.request("/v1/system", {
        headers: { authorization: header },
      });
      assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/);
      await assertError(res, 401, "unauthorized", /Malformed/);
    }
  });

  test("a wrong token is 401, whatever its length", async () => {
    await using h = setup();
    for (
      const wrong of [`${TOKEN}x`, TOKEN.slice(1), TOKEN.toUpperCase(), "a"]
    ) {
      const res = await h.app.request("/v1/system", {
        headers: { authorization: `Bearer ${wrong}` },
      });
      await assertError(res, 401, "unauthorized", /Invalid bearer token/);
    }
  });

  test("the right token is accepted, with the scheme in any case", async () => {
    await using h = setup();
    for (const scheme of ["Bearer", "bearer"]) {
      const res = await h.app.request("/v1/system", {
        headers: { authorization: `${scheme} ${TOKEN}` },
      });
      assert.equal(res.status, 200);
    }
  });

  test("/metrics, /v1/events and unknown /v1 routes need the token too", async () => {
    await using h = setup();
    for (const path of ["/metrics", "/v1/events", "/v1/no-such-route", "/v1"]) {
      await assertError(await h.app.request(path), 401, "unauthorized");
    }
    const post = await h.app.request("/v1/actors", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "counter", args: { start: 0 } }),
    });
    await assertError(post, 401, "unauthorized");
    assert.equal(
      h.kit.system.lookup("/api/spawned"),
      undefined,
      "nothing spawned",
    );
  });

  test("/, /healthz, /readyz and /openapi.json are public", async () => {
    await using h = setup();
    for (const path of ["/", "/healthz", "/readyz", "/openapi.json"]) {
      const res = await h.app.request(path);
      assert.equal(res.status, 200, path);
      await res.body?.cancel();
    }
  });
});

describe("tokens", () => {
  test("generateToken makes 32 random bytes as unpadded base64url", () => {
    const a = generateToken();
    const b = generateToken();
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, b);
  });

  test("timingSafeEqual compares whole strings", async () => {
    assert.equal(await timingSafeEqual("secret", "secret"), true);
    assert.equal(await timingSafeEqual("secret", "secreT"), false);
    assert.equal(await timingSafeEqual("secret", "secret2"), false);
    assert.equal(await timingSafeEqual("", ""), true);
  });
});

describe("bind safety", () => {
  test("isLoopback knows the loopback names and addresses", () => {
    for (
      const host of [
        "localhost",
        "LOCALHOST",
        "app.localhost",
        "127.0.0.1",
        "127.1.2.3",
        "::1",
        "[::1]",
        "0:0:0:0:0:0:0:1",
        "::ffff:127.0.0.1",
      ]
    ) assert.equal(isLoopback(host), true, host);
    for (
      const host of [
        "0.0.0.0",
        "::",
        "192.168.1.2",
        "example.com",
        "127.0.0.1.example.com",
        "128.0.0.1",
        "127.0.0.256",
        "",
      ]
    ) assert.equal(isLoopback(host), false, host);
  });

  test("checkBindSafety refuses a non-loopback host without an explicit token", () => {
    assert.throws(
      () => checkBindSafety("0.0.0.0", false),
      (e: unknown) =>
        e instanceof Error && /"0\.0\.0\.0".*token/.test(e.message),
    );
    checkBindSafety("0.0.0.0", true);
    checkBindSafety("127.0.0.1", false);
    checkBindSafety("localhost", false);
  });

  test("checkBindSafety refuses a weak token on a non-loopback host, with a clear error", () => {
    for (
      const weak of [
        "secret",
        "correct-horse",
        "a".repeat(64),
        "0123456789abcdef0123456789abcde", // 31 hex digits: 124 bits
      ]
    ) {
      assert.throws(
        () => checkBindSafety("0.0.0.0", true, weak),
        (e: unknown) =>
          e instanceof Error && /weak token.*128 bits/.test(e.message) &&
          !e.message.includes(weak),
        weak,
      );
    }
    for (
      const strong of [
        generateToken(),
        "0123456789abcdef0123456789abcdef", // 32 hex digits: 128 bits
        "Zq3_x-9PLm0aBc7dEf1GhI", // 22 base64url: 132 bits
      ]
    ) {
      checkBindSafety("0.0.0.0", true, strong);
      checkBindSafety("192.168.1.10", true, strong);
    }
    checkBindSafety("127.0.0.1", true, "weak");
  });

  test("tokenBits estimates conservatively", () => {
    assert.equal(tokenBits("a".repeat(100)), 0, "repetitive");
    assert.equal(tokenBits("0123456789abcdef".repeat(2)), 128);
    assert.ok(tokenBits(generateToken()) >= 250);
    assert.equal(tokenBits(""), 0);
  });
});

describe("createControlPlane options", () => {
  test("a missing or empty token is a TypeError", async () => {
    await using kit = new TestKit();
    const catalog = new Catalog();
    for (const token of ["", undefined, 42]) {
      assert.throws(
        () =>
          createControlPlane({
            system: kit.system,
            catalog,
            token: token as string,
          }),
        TypeError,
      );
    }
  });

  test("a bad system, catalog, body limit, buffer size or CORS origin is rejected", async () => {
    await using kit = new TestKit();
    const base = { system: kit.system, catalog: new Catalog(), token: "t" };
    assert.throws(
      () => createControlPlane({ ...base, system: {} as never }),
      TypeError,
    );
    assert.throws(
      () => createControlPlane({ ...base, catalog: {} as never }),
      TypeError,
    );
    assert.throws(
      () => createControlPlane({ ...base, bodyLimitBytes: 0 }),
      RangeError,
    );
    assert.throws(
      () => createControlPlane({ ...base, eventBufferSize: 1.5 }),
      RangeError,
    );
    assert.throws(
      () => createControlPlane({ ...base, cors: { origins: ["*"] } }),
      TypeError,
    );
  });
});
