/**
 * Shapes: a request or response shape declared once, as a small object that
 * both checks a value (a 422 naming the field) and emits its JSON Schema
 * (draft 2020-12, as OpenAPI 3.1 uses). The control plane's request
 * validators and its OpenAPI document both come from these declarations, so
 * they cannot disagree.
 *
 * A shape is also a Standard Schema with the Standard JSON Schema extension,
 * so it can serve as a catalog kind's validator, and `GET /v1/kinds` then
 * shows its JSON Schema. Scalars (strings, numbers, ...) are in
 * `shape_scalars.ts`.
 *
 * @module
 */

import { HttpError } from "./errors.ts";
import type { StandardSchemaV1 } from "./validation.ts";

/** A JSON Schema object. */
export type JsonSchema = Record<string, unknown>;

/**
 * A declared shape: it checks values and describes itself as JSON Schema.
 *
 * @typeParam T The checked value's type.
 */
export interface Shape<T> extends StandardSchemaV1<unknown, T> {
  /** Its JSON Schema. */
  readonly schema: JsonSchema;
  /**
   * Checks a value.
   *
   * @param value The value.
   * @param where Where it is, for messages: `""` for a whole request body,
   * `"children[0]"`, `"children[0].restart"`.
   * @returns The value, typed.
   * @throws {HttpError} 422 `validation_failed` or `unknown_field`.
   */
  check(value: unknown, where: string): T;
}

/** Documentation shared by every shape. */
export interface ShapeDocs {
  /** What the value is. */
  readonly description?: string;
  /** An example value, shown in the OpenAPI document. */
  readonly example?: unknown;
  /** Whether it is kept only for older clients. Defaults to `false`. */
  readonly deprecated?: boolean;
}

/**
 * One of a few literal values.
 *
 * @typeParam T The values.
 * @param values The values allowed.
 * @param docs Description and example.
 * @returns The shape.
 */
export function oneOf<const T extends string | number | boolean>(
  values: readonly T[],
  docs: ShapeDocs = {},
): Shape<T> {
  return makeShape(withDocs({ enum: [...values] }, docs), (value, where) => {
    if (!values.includes(value as T)) {
      throw invalid(
        where,
        `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
      );
    }
    return value as T;
  });
}

/**
 * A value that matches the first of several shapes it fits.
 *
 * @typeParam T The union of the shapes' values.
 * @param shapes The alternatives.
 * @param problem What to say when none fits, such as `"must be ..."`.
 * @param docs Description and example.
 * @returns The shape.
 */
export function either<T>(
  shapes: readonly Shape<T>[],
  problem: string,
  docs: ShapeDocs = {},
): Shape<T> {
  const schema = withDocs({ oneOf: shapes.map((s) => s.schema) }, docs);
  return makeShape(schema, (value, where) => {
    for (const each of shapes) {
      try {
        return each.check(value, where);
      } catch {
        // try the next one
      }
    }
    throw invalid(where, problem);
  });
}

/** Options for {@linkcode array}. */
export interface ArrayOptions extends ShapeDocs {
  /** The most items. Defaults to no limit. */
  readonly maxItems?: number;
}

/**
 * An array of items of one shape.
 *
 * @typeParam T The items.
 * @param items The items' shape.
 * @param options Limit, description and example.
 * @returns The shape.
 */
export function array<T>(
  items: Shape<T>,
  options: ArrayOptions = {},
): Shape<T[]> {
  const max = options.maxItems;
  const schema = withDocs({
    type: "array",
    items: items.schema,
    ...(max === undefined ? {} : { maxItems: max }),
  }, options);
  return makeShape(schema, (value, where) => {
    if (!Array.isArray(value)) throw invalid(where, "must be an array");
    if (max !== undefined && value.length > max) {
      throw invalid(where, `must have at most ${max} items`);
    }
    return value.map((item, i) => items.check(item, `${where}[${i}]`));
  });
}

/** The field shapes of an object, by name. */
export type Fields = Readonly<Record<string, Shape<unknown>>>;

/** The value of an object shape: required fields present, others optional. */
export type ObjectOf<F extends Fields, R extends keyof F> =
  & { -readonly [K in R]: ValueOf<F[K]> }
  & { -readonly [K in Exclude<keyof F, R>]?: ValueOf<F[K]> };

/** The value type of a shape. */
export type ValueOf<S> = S extends Shape<infer T> ? T : never;

/** Options for {@linkcode object}. */
export interface ObjectOptions<R> extends ShapeDocs {
  /** The fields that must be present. Defaults to none. */
  readonly required?: readonly R[];
  /**
   * Whether fields not listed are refused (`unknown_field`). Request bodies
   * are closed; responses are open, so clients ignore fields added later.
   * Defaults to `true`.
   */
  readonly closed?: boolean;
}

/**
 * A JSON object with named fields.
 *
 * @typeParam F The fields.
 * @typeParam R The required fields.
 * @param fields The fields' shapes.
 * @param options Required fields, openness, description and example.
 * @returns The shape.
 */
export function object<F extends Fields, R extends keyof F & string = never>(
  fields: F,
  options: ObjectOptions<R> = {},
): Shape<ObjectOf<F, R>> & { readonly fields: F } {
  const required = [...(options.required ?? [])];
  const closed = options.closed ?? true;
  const properties: Record<string, JsonSchema> = {};
  for (const [key, field] of Object.entries(fields)) {
    properties[key] = field.schema;
  }
  const schema = withDocs({
    type: "object",
    properties,
    ...(required.length === 0 ? {} : { required }),
    ...(closed ? { additionalProperties: false } : {}),
  }, options);
  const made = makeShape(schema, (value, where) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new HttpError(
        422,
        "validation_failed",
        `${
          where === "" ? "Request body" : `Field "${where}"`
        } must be a JSON object`,
      );
    }
    const input = value as Record<string, unknown>;
    if (closed) {
      for (const key of Object.keys(input)) {
        if (!Object.hasOwn(fields, key)) {
          const names = Object.keys(fields).map((a) => `"${a}"`);
          throw new HttpError(
            422,
            "unknown_field",
            `Unknown field "${key.slice(0, 100)}" in ${
              where === "" ? "request body" : where
            }: allowed fields are ${names.join(", ") || "none"}`,
          );
        }
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(fields)) {
      const at = where === "" ? key : `${where}.${key}`;
      const item = input[key];
      if (item === undefined || !Object.hasOwn(input, key)) {
        if ((required as string[]).includes(key)) {
          throw invalid(at, "is required");
        }
        continue;
      }
      out[key] = field.check(item, at);
    }
    return out as ObjectOf<F, R>;
  });
  return Object.assign(made, { fields });
}

/**
 * A 422 `validation_failed` about one field.
 *
 * @param where The field, such as `"children[0].restart"`.
 * @param problem What is wrong, such as `"is required"`.
 * @returns The error.
 */
export function invalid(where: string, problem: string): HttpError {
  return new HttpError(
    422,
    "validation_failed",
    where === "" ? `Value ${problem}` : `Field "${where}" ${problem}`,
  );
}

/**
 * A schema with the description, example and deprecation of `docs`; for the
 * shape modules.
 *
 * @param schema The schema.
 * @param docs The documentation.
 * @returns The schema with it.
 */
export function withDocs(schema: JsonSchema, docs: ShapeDocs): JsonSchema {
  return {
    ...schema,
    ...(docs.description === undefined
      ? {}
      : { description: docs.description }),
    ...(docs.example === undefined ? {} : { examples: [docs.example] }),
    ...(docs.deprecated === true ? { deprecated: true } : {}),
  };
}

/**
 * A shape from its schema and its check; for the shape modules.
 *
 * @typeParam T The checked value.
 * @param schema Its JSON Schema.
 * @param check Checks a value, throwing a 422 {@linkcode HttpError}.
 * @returns The shape, also a Standard Schema with JSON Schema.
 */
export function makeShape<T>(
  schema: JsonSchema,
  check: (value: unknown, where: string) => T,
): Shape<T> {
  return {
    schema,
    check,
    "~standard": {
      version: 1,
      vendor: "understudy",
      validate(value: unknown) {
        try {
          return { value: check(value, "") };
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          return { issues: [{ message: error.message }] };
        }
      },
      jsonSchema: { input: () => schema, output: () => schema },
    } as StandardSchemaV1<unknown, T>["~standard"],
  };
}
