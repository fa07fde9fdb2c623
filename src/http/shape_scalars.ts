/**
 * Scalar and helper shapes: any value, strings, integers, numbers, booleans,
 * `null`-able values, maps and references. See `shape.ts`.
 *
 * @module
 */

import {
  invalid,
  makeShape,
  type Shape,
  type ShapeDocs,
  withDocs,
} from "./shape.ts";

/**
 * Any JSON value.
 *
 * @param docs Description and example.
 * @returns The shape.
 */
export function anyValue(docs: ShapeDocs = {}): Shape<unknown> {
  return makeShape(withDocs({}, docs), (value) => value);
}

/**
 * A number (any finite one).
 *
 * @param docs Description and example.
 * @returns The shape.
 */
export function number(docs: ShapeDocs = {}): Shape<number> {
  return makeShape(withDocs({ type: "number" }, docs), (value, where) => {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw invalid(where, "must be a number");
    }
    return value;
  });
}

/**
 * `true` or `false`.
 *
 * @param docs Description and example.
 * @returns The shape.
 */
export function boolean(docs: ShapeDocs = {}): Shape<boolean> {
  return makeShape(withDocs({ type: "boolean" }, docs), (value, where) => {
    if (typeof value !== "boolean") throw invalid(where, "must be a boolean");
    return value;
  });
}

/**
 * A shape, or `null`.
 *
 * @typeParam T The value when not `null`.
 * @param inner The shape of a non-null value.
 * @param docs Description and example.
 * @returns The shape.
 */
export function nullable<T>(
  inner: Shape<T>,
  docs: ShapeDocs = {},
): Shape<T | null> {
  const schema = withDocs({ anyOf: [inner.schema, { type: "null" }] }, docs);
  return makeShape(
    schema,
    (value, where) => value === null ? null : inner.check(value, where),
  );
}

/**
 * An object whose every value has one shape (a map by key).
 *
 * @typeParam T The values.
 * @param values The values' shape.
 * @param docs Description and example.
 * @returns The shape.
 */
export function record<T>(
  values: Shape<T>,
  docs: ShapeDocs = {},
): Shape<Record<string, T>> {
  const schema = withDocs({
    type: "object",
    additionalProperties: values.schema,
  }, docs);
  return makeShape(schema, (value, where) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw invalid(where, "must be a JSON object");
    }
    const out: Record<string, T> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = values.check(item, where === "" ? key : `${where}.${key}`);
    }
    return out;
  });
}

/**
 * A reference to a named schema of the OpenAPI document
 * (`#/components/schemas/<name>`), for response shapes that nest or
 * recurse. It describes; it does not check (any value passes).
 *
 * @param name The component's name.
 * @returns The shape.
 */
export function ref(name: string): Shape<unknown> {
  return makeShape({ $ref: `#/components/schemas/${name}` }, (value) => value);
}

/** Options for {@linkcode string}. */
export interface StringOptions extends ShapeDocs {
  /** The longest string allowed. Defaults to no limit. */
  readonly maxLength?: number;
  /**
   * One more rule: return a problem (`"must not contain ..."`) or
   * `undefined`. Defaults to none.
   */
  readonly rule?: (value: string) => string | undefined;
}

/**
 * A non-empty string.
 *
 * @param options Limits, rule, description and example.
 * @returns The shape.
 */
export function string(options: StringOptions = {}): Shape<string> {
  const schema = withDocs({
    type: "string",
    minLength: 1,
    ...(options.maxLength === undefined
      ? {}
      : { maxLength: options.maxLength }),
  }, options);
  return makeShape(schema, (value, where) => {
    if (typeof value !== "string" || value === "") {
      throw invalid(where, "must be a non-empty string");
    }
    const problem = options.rule?.(value);
    if (problem !== undefined) throw invalid(where, problem);
    return value;
  });
}

/** Options for {@linkcode integer}. */
export interface IntegerOptions extends ShapeDocs {
  /** The smallest value. */
  readonly minimum: number;
  /** The largest value. */
  readonly maximum: number;
  /** The value used when absent, documented only. Defaults to none. */
  readonly default?: number;
}

/**
 * An integer within bounds.
 *
 * @param options Bounds, default, description and example.
 * @returns The shape.
 */
export function integer(options: IntegerOptions): Shape<number> {
  const { minimum, maximum } = options;
  const schema = withDocs({
    type: "integer",
    minimum,
    ...(Number.isFinite(maximum) ? { maximum } : {}),
    ...(options.default === undefined ? {} : { default: options.default }),
  }, options);
  return makeShape(schema, (value, where) => {
    if (
      !Number.isInteger(value) || (value as number) < minimum ||
      (value as number) > maximum
    ) {
      throw invalid(where, `must be an integer from ${minimum} to ${maximum}`);
    }
    return value as number;
  });
}
