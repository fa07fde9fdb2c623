import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { defineActor } from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import {
  Catalog,
  createControlPlane,
  jsonSchemaOf,
  type StandardSchemaV1,
} from "../../http.ts";
import { object } from "../../src/http/shape.ts";
import { integer } from "../../src/http/shape_scalars.ts";
import { json, TOKEN } from "./_fixtures.ts";

/** A validator as zod 4 / arktype make them: Standard Schema + JSON Schema. */
function withJsonSchema<T>(
  check: (x: unknown) => x is T,
  schema: Record<string, unknown>,
  targets: string[] = [],
): StandardSchemaV1<unknown, T> {
  return {
    "~standard": {
      version: 1,
      vendor: "fake-zod",
      validate: (value: unknown) =>
        check(value) ? { value } : { issues: [{ message: "invalid" }] },
      jsonSchema: {
        input(options: { target: string }) {
          targets.push(options.target);
          return schema;
        },
        output: () => schema,
      },
    },
  } as StandardSchemaV1<unknown, T>;
}

const echo = defineActor({
  kind: "echo",
  init: (start: number) => start,
  receive: (n: number, _msg: { n: number }) => n,
});

describe("GET /v1/kinds with JSON Schemas", () => {
  test("each kind shows the JSON Schema its validators offer, or null", async () => {
    await using kit = new TestKit();
    const targets: string[] = [];
    const argsSchema = { type: "integer", minimum: 0 };
    const broken = withJsonSchema((_): _ is { n: number } => true, {});
    (broken["~standard"] as unknown as {
      jsonSchema: { input: () => never };
    }).jsonSchema.input = () => {
      throw new Error("cannot convert a transform");
    };
    const catalog = new Catalog()
      .register("echo", {
        definition: echo,
        args: withJsonSchema(
          (x): x is number => Number.isInteger(x) && (x as number) >= 0,
          argsSchema,
          targets,
        ),
        message: broken,
        ask: {
          input: object({ n: integer({ minimum: 0, maximum: 9 }) }, {
            required: ["n"],
          }),
          build: (input, replyTo) => ({
            n: (input as { n: number }).n,
            replyTo,
          }),
        },
      });
    const app = createControlPlane({
      system: kit.system,
      catalog,
      token: TOKEN,
    });
    const res = await app.request("/v1/kinds", {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const { items } = await json(res, 200);
    assert.deepEqual(items[0].schemas.args, argsSchema);
    assert.deepEqual(targets, ["draft-2020-12"]);
    assert.equal(items[0].schemas.message, null, "a converter that throws");
    assert.deepEqual(items[0].schemas.ask, {
      type: "object",
      properties: { n: { type: "integer", minimum: 0, maximum: 9 } },
      required: ["n"],
      additionalProperties: false,
    });
    const spawned = await app.request("/v1/actors", {
      method: "POST",
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ kind: "echo", args: -1 }),
    });
    assert.equal(spawned.status, 422, "the same validator still validates");
  });

  test("jsonSchemaOf is null for plain functions and non-validators", () => {
    assert.equal(jsonSchemaOf((x: unknown) => ({ value: x })), null);
    assert.equal(jsonSchemaOf(undefined), null);
    assert.equal(jsonSchemaOf({ "~standard": { jsonSchema: 1 } }), null);
  });
});
