/**
 * Reading the JSON Schema a validator offers through the Standard JSON
 * Schema extension.
 *
 * @module
 */

import type { JsonSchema } from "./shape.ts";

/**
 * The JSON Schema a validator offers through the Standard JSON Schema
 * extension (`~standard.jsonSchema.input`, as zod 4, arktype and valibot
 * provide), or `null` when it offers none or cannot convert.
 *
 * @param validator A validator of any kind.
 * @returns The JSON Schema (draft 2020-12), or `null`.
 * @example
 * ```ts
 * import { jsonSchemaOf } from "@understudy/runtime/http";
 * const schema = { type: "integer", minimum: 0 };
 * const validator = {
 *   "~standard": {
 *     version: 1,
 *     vendor: "example",
 *     validate: (value: unknown) => ({ value }),
 *     jsonSchema: { input: () => schema, output: () => schema },
 *   },
 * };
 * console.assert(jsonSchemaOf(validator) === schema);
 * console.assert(jsonSchemaOf((x: unknown) => ({ value: x })) === null);
 * ```
 */
export function jsonSchemaOf(validator: unknown): JsonSchema | null {
  if (
    validator === null ||
    (typeof validator !== "object" && typeof validator !== "function")
  ) return null;
  const convert = (validator as {
    "~standard"?: { jsonSchema?: { input?: unknown } };
  })["~standard"]?.jsonSchema?.input;
  if (typeof convert !== "function") return null;
  try {
    const schema = convert({ target: "draft-2020-12" });
    return schema !== null && typeof schema === "object"
      ? schema as JsonSchema
      : null;
  } catch {
    return null;
  }
}
