/**
 * Contract tests: the live API against its own OpenAPI document. Every
 * response below (successes and errors) must have a documented status and
 * fit the documented schema, checked by an independent small JSON Schema
 * validator; the documented request examples must fit their schemas and be
 * accepted by the server.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Schema, validate } from "./_json_schema.ts";
import { populate, setup } from "./_fixtures.ts";

type Doc = Schema & {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
};

/** The documented response schema, or a failure message. */
function documented(
  doc: Doc,
  template: string,
  method: string,
  status: number,
): Schema | string {
  const op = doc.paths[template]?.[method.toLowerCase()];
  if (op === undefined) return `${method} ${template} is not documented`;
  const response = (op.responses as Record<string, Schema>)[String(status)];
  if (response === undefined) {
    return `${method} ${template} answered ${status}, not documented`;
  }
  const content = response.content as Record<string, Schema> | undefined;
  return (content?.["application/json"]?.schema as Schema) ?? {};
}

/** The request body schema and example of an operation. */
function requestOf(doc: Doc, template: string, method: string) {
  const op = doc.paths[template][method];
  const schema = ((op.requestBody as Schema)?.content as Record<string, Schema>)
    ?.["application/json"]?.schema as Schema | undefined;
  return { schema, example: (schema?.examples as unknown[])?.[0] };
}

describe("the OpenAPI contract", () => {
  test("live responses, successes and errors, fit the documented schemas", async () => {
    await using h = setup({ allowFaultInjection: true });
    await populate(h);
    const doc = await (await h.app.request("/openapi.json")).json() as Doc;
    const example = (template: string) =>
      requestOf(doc, template, "post").example;
    const calls: [string, string, string, unknown?][] = [
      ["GET", "/healthz", "/healthz"],
      ["GET", "/readyz", "/readyz"],
      ["GET", "/v1/system", "/v1/system"],
      ["GET", "/v1/tree", "/v1/tree"],
      ["GET", "/v1/kinds", "/v1/kinds"],
      ["GET", "/v1/topics", "/v1/topics"],
      ["GET", "/v1/groups", "/v1/groups"],
      ["POST", "/v1/actors", "/v1/actors", example("/v1/actors")],
      ["POST", "/v1/actors", "/v1/actors", { kind: "faulty" }],
      ["POST", "/v1/actors", "/v1/actors", { kind: "dragon" }],
      ["POST", "/v1/actors", "/v1/actors", { kind: "silent", x: 1 }],
      ["POST", "/v1/actors", "/v1/actors", "{"],
      [
        "POST",
        "/v1/supervisors",
        "/v1/supervisors",
        example("/v1/supervisors"),
      ],
      [
        "POST",
        "/v1/supervisors",
        "/v1/supervisors",
        example("/v1/supervisors"),
      ],
      ["GET", "/v1/actors", "/v1/actors"],
      ["GET", "/v1/actors", "/v1/actors?limit=0"],
      ["GET", "/v1/actors/{path}", "/v1/actors/api/spawned/c1"],
      ["GET", "/v1/actors/{path}", "/v1/actors/app"],
      ["GET", "/v1/actors/{path}", "/v1/actors/nobody"],
      ["GET", "/v1/actors/{path}", "/v1/actors/app//a"],
      [
        "POST",
        "/v1/actors/{path}/$tell",
        "/v1/actors/api/spawned/c1/$tell",
        example("/v1/actors/{path}/$tell"),
      ],
      ["POST", "/v1/actors/{path}/$tell", "/v1/actors/app/$tell", {
        message: 1,
      }],
      [
        "POST",
        "/v1/actors/{path}/$ask",
        "/v1/actors/api/spawned/c1/$ask",
        example("/v1/actors/{path}/$ask"),
      ],
      ["POST", "/v1/actors/{path}/$ask", "/v1/actors/solo/$ask", {
        message: { op: "refuse" },
      }],
      ["POST", "/v1/actors/{path}/$restart", "/v1/actors/solo/$restart", {}],
      ["POST", "/v1/actors/{path}/$fault", "/v1/actors/app/b/$fault", {
        message: "drill",
      }],
      ["POST", "/v1/actors/{path}/$stop", "/v1/actors/app/a/$stop", {}],
      ["DELETE", "/v1/actors/{path}", "/v1/actors/api/team"],
      ["DELETE", "/v1/actors/{path}", "/v1/actors/api/team"],
      ["GET", "/v1/system", "/v1/system"],
      ["GET", "/v1/observer/overview", "/v1/observer/overview"],
      ["GET", "/v1/observer/actors", "/v1/observer/actors"],
      ["GET", "/v1/observer/actors/{path}", "/v1/observer/actors/app"],
      ["GET", "/v1/observer/actors/{path}", "/v1/observer/actors/solo"],
      ["GET", "/v1/observer/tree", "/v1/observer/tree"],
    ];
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const [method, template, url, body] of calls) {
      const res = await h.call(method, url, body);
      await h.kit.runUntilIdle();
      seen.add(`${method} ${template} ${res.status}`);
      const schema = documented(doc, template, method, res.status);
      if (typeof schema === "string") {
        problems.push(schema);
        await res.body?.cancel();
        continue;
      }
      if (res.status === 204) continue;
      const value = await res.json();
      for (const problem of validate(value, schema, doc)) {
        problems.push(`${method} ${url} (${res.status}): ${problem}`);
      }
    }
    assert.deepEqual(problems, []);
    for (
      const expected of [
        "POST /v1/actors 201",
        "POST /v1/actors 422",
        "POST /v1/supervisors 201",
        "POST /v1/supervisors 409",
        "POST /v1/actors/{path}/$tell 202",
        "POST /v1/actors/{path}/$ask 200",
        "POST /v1/actors/{path}/$ask 422",
        "DELETE /v1/actors/{path} 204",
        "DELETE /v1/actors/{path} 404",
      ]
    ) assert.ok(seen.has(expected), `exercised ${expected}`);
  });

  test("every documented request example fits its own schema", async () => {
    await using h = setup();
    const doc = await (await h.app.request("/openapi.json")).json() as Doc;
    let examples = 0;
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        const { schema, example } = requestOf(doc, template, method);
        if (schema === undefined || example === undefined) continue;
        examples++;
        assert.deepEqual(validate(example, schema, doc), [], template);
      }
    }
    assert.ok(examples >= 4, `${examples} examples`);
  });

  test("every object schema says which fields are required, and every operation has a tag", async () => {
    await using h = setup();
    const doc = await (await h.app.request("/openapi.json")).json() as Doc;
    const missing: string[] = [];
    const walk = (schema: unknown, where: string, request: boolean) => {
      if (schema === null || typeof schema !== "object") return;
      const s = schema as Schema;
      if (
        s.type === "object" && s.properties !== undefined &&
        Object.keys(s.properties as object).length > 0 && !request &&
        !Array.isArray(s.required)
      ) missing.push(where);
      for (const [key, value] of Object.entries(s)) {
        if (key === "examples") continue;
        walk(value, `${where}.${key}`, request);
      }
    };
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      walk(schema, `components.schemas.${name}`, false);
    }
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        assert.ok(
          Array.isArray(op.tags) && op.tags.length === 1,
          `${method} ${template} has a tag`,
        );
        walk(op.responses, `${method} ${template}`, false);
      }
    }
    assert.deepEqual(missing, []);
  });
});
