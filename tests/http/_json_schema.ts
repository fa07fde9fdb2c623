/**
 * A small JSON Schema (2020-12) validator for the contract tests: the
 * keywords the OpenAPI document uses (`$ref` into `#/components/schemas`,
 * `type`, `enum`, `const`, `properties`, `required`,
 * `additionalProperties`, `items`, bounds, `anyOf`, `oneOf`). It is written
 * apart from `src/http/shape.ts` on purpose: the test checks the document
 * with an independent reading of the standard.
 */

/** A JSON Schema. */
export type Schema = Record<string, unknown>;

/**
 * The problems of `value` against `schema`, as `path: problem` lines.
 *
 * @param value The value.
 * @param schema The schema.
 * @param root The document `$ref`s point into.
 * @param path Where the value is, for messages.
 */
export function validate(
  value: unknown,
  schema: Schema,
  root: Schema,
  path = "$",
): string[] {
  if (typeof schema.$ref === "string") {
    const name = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name === undefined
      ? undefined
      : ((root.components as Schema)?.schemas as Record<string, Schema>)?.[
        name
      ];
    if (target === undefined) return [`${path}: unknown $ref ${schema.$ref}`];
    return validate(value, target, root, path);
  }
  const out: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, t as string))) {
      return [`${path}: expected ${types.join(" or ")}, got ${kindOf(value)}`];
    }
  }
  if ("const" in schema && !same(value, schema.const)) {
    out.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  }
  if (
    Array.isArray(schema.enum) && !schema.enum.some((e) => same(e, value))
  ) {
    out.push(`${path}: ${JSON.stringify(value)} is not one of the enum`);
  }
  if (Array.isArray(schema.anyOf)) {
    const fits = schema.anyOf.some((s) =>
      validate(value, s as Schema, root, path).length === 0
    );
    if (!fits) out.push(`${path}: matches none of anyOf`);
  }
  if (Array.isArray(schema.oneOf)) {
    const fits = schema.oneOf.filter((s) =>
      validate(value, s as Schema, root, path).length === 0
    ).length;
    if (fits !== 1) {
      out.push(`${path}: matches ${fits} of oneOf, not 1`);
    }
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) {
      out.push(`${path}: below minimum ${schema.minimum}`);
    }
    if (typeof schema.maximum === "number" && value > schema.maximum) {
      out.push(`${path}: above maximum ${schema.maximum}`);
    }
  }
  if (typeof value === "string") {
    if (
      typeof schema.minLength === "number" && value.length < schema.minLength
    ) {
      out.push(`${path}: shorter than ${schema.minLength}`);
    }
    if (
      typeof schema.maxLength === "number" && value.length > schema.maxLength
    ) {
      out.push(`${path}: longer than ${schema.maxLength}`);
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) {
      out.push(`${path}: more than ${schema.maxItems} items`);
    }
    if (schema.items !== undefined) {
      value.forEach((item, i) =>
        out.push(
          ...validate(item, schema.items as Schema, root, `${path}[${i}]`),
        )
      );
    }
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) {
      if (!(key in object)) out.push(`${path}: missing required "${key}"`);
    }
    for (const [key, item] of Object.entries(object)) {
      const at = `${path}.${key}`;
      if (key in properties) {
        out.push(...validate(item, properties[key], root, at));
      } else if (schema.additionalProperties === false) {
        out.push(`${path}: unexpected field "${key}"`);
      } else if (
        schema.additionalProperties !== undefined &&
        schema.additionalProperties !== true
      ) {
        out.push(
          ...validate(item, schema.additionalProperties as Schema, root, at),
        );
      }
    }
  }
  return out;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "array":
      return Array.isArray(value);
    case "object":
      return value !== null && typeof value === "object" &&
        !Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    default:
      return false;
  }
}

function kindOf(value: unknown): string {
  return value === null
    ? "null"
    : Array.isArray(value)
    ? "array"
    : typeof value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
