import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { defineActor } from "../../mod.ts";
import {
  Catalog,
  eventJson,
  isStandardSchema,
  runValidator,
  type StandardSchemaV1,
  toJsonSafe,
} from "../../http.ts";
import { formatIssues } from "../../src/http/validation.ts";
import { boundedJson, serializeError } from "../../src/http/serialize.ts";
import { actorUrl, parseActorUrl } from "../../src/http/actor_url.ts";
import { counterArgs, counterKind, counterMessage } from "./_fixtures.ts";

describe("validators", () => {
  test("a plain function returns the value or the issues", async () => {
    assert.deepEqual(await runValidator(counterArgs, { start: 2 }), {
      ok: true,
      value: { start: 2 },
    });
    assert.deepEqual(await runValidator(counterArgs, { start: "2" }), {
      ok: false,
      issues: [{ message: "must be an integer", path: ["start"] }],
    });
  });

  test("an async Standard Schema works, path segment objects included", async () => {
    assert.equal(isStandardSchema(counterMessage), true);
    assert.deepEqual(
      await runValidator(counterMessage, { type: "add", n: 1 }),
      { ok: true, value: { type: "add", n: 1 } },
    );
    assert.deepEqual(await runValidator(counterMessage, { type: "add" }), {
      ok: false,
      issues: [{ message: "must be a number", path: ["n"] }],
    });
  });

  test("a callable Standard Schema (as arktype makes) is used as a schema", async () => {
    const schema = Object.assign(() => "not this", {
      "~standard": {
        version: 1 as const,
        vendor: "callable",
        validate: (v: unknown) => ({ value: `schema:${v}` }),
      },
    }) as unknown as StandardSchemaV1<unknown, string>;
    assert.deepEqual(await runValidator(schema, "x"), {
      ok: true,
      value: "schema:x",
    });
  });

  test("a validator that returns nonsense is a TypeError", async () => {
    await assert.rejects(
      runValidator(() => 42 as never, 1),
      TypeError,
    );
  });

  test("formatIssues joins issues with their paths", () => {
    assert.equal(
      formatIssues([
        { message: "bad", path: ["items", 0, "price"] },
        { message: "missing" },
      ]),
      "items[0].price: bad; missing",
    );
  });
});

describe("Catalog", () => {
  test("registers kinds in order and finds them by name", () => {
    const catalog = new Catalog()
      .register("counter", { definition: counterKind(), args: counterArgs })
      .register("other", {
        definition: defineActor({
          kind: "other",
          init: () => null,
          receive: () => {},
        }),
      });
    assert.deepEqual(catalog.names(), ["counter", "other"]);
    assert.equal(catalog.get("counter")?.args, counterArgs);
    assert.equal(catalog.get("nope"), undefined);
  });

  test("refuses a name that differs from the definition's kind", () => {
    assert.throws(
      () => new Catalog().register("adder", { definition: counterKind() }),
      (e: unknown) =>
        e instanceof TypeError &&
        /kind must equal the name.*"counter"/.test(e.message),
    );
    const anonymous = defineActor({ init: () => null, receive: () => {} });
    assert.throws(
      () => new Catalog().register("x", { definition: anonymous }),
      TypeError,
    );
  });

  test("refuses a taken name, a non-definition and malformed validators", () => {
    const catalog = new Catalog().register("counter", {
      definition: counterKind(),
    });
    assert.throws(
      () => catalog.register("counter", { definition: counterKind() }),
      /name is taken/,
    );
    const bad = (spec: object) => () =>
      new Catalog().register("counter", {
        definition: counterKind(),
        ...spec,
      } as never);
    assert.throws(bad({ args: 5 }), /args must be a Standard Schema/);
    assert.throws(bad({ message: { "~standard": {} } }), TypeError);
    assert.throws(bad({ ask: {} }), /ask.build must be a function/);
    assert.throws(
      bad({ ask: { build: () => null, input: "x" } }),
      /ask.input/,
    );
    assert.throws(
      () => new Catalog().register("", { definition: counterKind() }),
      TypeError,
    );
    assert.throws(
      () => new Catalog().register("x", { definition: {} } as never),
      /must be an actor definition/,
    );
  });
});

describe("serialization", () => {
  test("errors, bigints, cycles, maps, sets, dates and functions", () => {
    const shared = { v: 1 };
    const value: Record<string, unknown> = {
      error: new RangeError("no"),
      big: 10n,
      map: new Map([["k", 1]]),
      set: new Set([1, 2]),
      date: new Date(0),
      fn: () => 1,
      nan: NaN,
      list: [undefined, () => 2, shared, shared],
    };
    value.self = value;
    assert.deepEqual(toJsonSafe(value), {
      error: { name: "RangeError", message: "no" },
      big: "10",
      map: { k: 1 },
      set: [1, 2],
      date: "1970-01-01T00:00:00.000Z",
      nan: "NaN",
      list: [null, null, { v: 1 }, { v: 1 }],
      self: "[Circular]",
    });
  });

  test("deep nesting is cut, and a throwing getter does not throw", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 40; i++) deep = { deep };
    assert.match(JSON.stringify(toJsonSafe(deep)), /"\[Deep\]"/);
    const hostile = {
      get boom() {
        throw new Error("getter");
      },
    };
    assert.equal(typeof toJsonSafe(hostile), "string");
  });

  test("serializeError never shows a stack", () => {
    assert.deepEqual(serializeError(new TypeError("t")), {
      name: "TypeError",
      message: "t",
    });
    assert.deepEqual(serializeError("plain"), {
      name: "Error",
      message: "plain",
    });
  });

  test("boundedJson keeps small values and cuts big ones", () => {
    assert.deepEqual(boundedJson({ a: 1 }), {
      value: { a: 1 },
      truncated: false,
    });
    assert.deepEqual(boundedJson(undefined), { value: null, truncated: false });
    const cut = boundedJson("y".repeat(2000), 10);
    assert.deepEqual(cut, { value: '"yyyyyyyyy', truncated: true });
  });

  test("eventJson turns errors into name and message and keeps the rest", () => {
    const json = eventJson({
      type: "stopped",
      seq: 3,
      time: 7,
      path: "/a",
      reason: "failed",
      error: new Error("gone"),
    });
    assert.deepEqual(json, {
      type: "stopped",
      seq: 3,
      time: 7,
      path: "/a",
      reason: "failed",
      error: { name: "Error", message: "gone" },
    });
    assert.deepEqual(
      eventJson({
        type: "spawned",
        seq: 1,
        time: 0,
        path: "/b",
        kind: undefined,
      })
        .kind,
      null,
    );
  });
});

describe("actor URLs", () => {
  test("parse paths and actions, decoding segments", () => {
    assert.deepEqual(parseActorUrl("trading/risk"), {
      path: "/trading/risk",
      action: null,
    });
    assert.deepEqual(parseActorUrl("a%20b/%24tell"), {
      path: "/a b",
      action: "tell",
    });
    assert.deepEqual(parseActorUrl("pool/$3"), {
      path: "/pool/$3",
      action: null,
    });
  });

  test("round-trip through actorUrl", () => {
    for (const path of ["/a", "/pool/$1", "/we ird/x%y", "/q?s#h"]) {
      const url = actorUrl(path);
      assert.equal(parseActorUrl(url.slice("/v1/actors/".length)).path, path);
    }
  });
});
