/**
 * Turns runtime values (messages, replies, errors, snapshots) into values that
 * `JSON.stringify` accepts and that never leak a stack trace.
 *
 * @module
 */

/** An error as the control plane shows it: name and message, never a stack. */
export interface SerializedError {
  /** The error's `name`, such as `"RangeError"`. */
  readonly name: string;
  /** The error's `message`. */
  readonly message: string;
}

/** The deepest nesting {@linkcode toJsonSafe} walks before cutting. */
const MAX_DEPTH = 32;

/**
 * Describes any thrown value as `{ name, message }`.
 *
 * @param error The thrown value.
 * @returns Its name (`"Error"` for non-errors) and message.
 * @example
 * ```ts
 * import { serializeError } from "./serialize.ts";
 * console.assert(serializeError(new RangeError("no")).name === "RangeError");
 * ```
 */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    return { name: error.name, message: error.message };
  }
  return { name: "Error", message: stringOf(error) };
}

/**
 * Makes a value safe for `JSON.stringify`: errors become `{ name, message }`,
 * bigints strings, a reference back to an enclosing object `"[Circular]"`,
 * maps objects, sets arrays, non-finite numbers strings; `toJSON` is honoured;
 * functions and symbols are dropped (`null` in an array); nesting past 32
 * levels becomes `"[Deep]"`.
 *
 * @param value Any value.
 * @returns A JSON-safe copy.
 * @example
 * ```ts
 * import { toJsonSafe } from "@understudy/runtime/http";
 * const a: Record<string, unknown> = { n: 1n };
 * a.self = a;
 * console.assert(JSON.stringify(toJsonSafe(a)) === '{"n":"1","self":"[Circular]"}');
 * ```
 */
export function toJsonSafe(value: unknown): unknown {
  return walk(value, new Set(), 0);
}

/**
 * Serializes a value as JSON text, at most `maxChars` long. A longer text is
 * cut and returned as a string marked `truncated`.
 *
 * @param value Any value.
 * @param maxChars The longest JSON text kept. Defaults to 1024.
 * @returns The JSON-safe value, or the cut text with `truncated: true`.
 * @example
 * ```ts
 * import { boundedJson } from "./serialize.ts";
 * console.assert(boundedJson("x".repeat(5000)).truncated);
 * ```
 */
export function boundedJson(
  value: unknown,
  maxChars = 1024,
): { value: unknown; truncated: boolean } {
  const safe = toJsonSafe(value);
  const text = JSON.stringify(safe) ?? "null";
  if (text.length <= maxChars) return { value: safe ?? null, truncated: false };
  return { value: text.slice(0, maxChars), truncated: true };
}

/**
 * Text cut to at most `max` characters, ending with an ellipsis when cut.
 *
 * @param text The text.
 * @param max The most characters kept.
 * @returns The text, or its cut.
 */
export function truncateText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}\u2026`;
}

function walk(value: unknown, seen: Set<object>, depth: number): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Error) return serializeError(object);
  if (object instanceof Date) {
    return Number.isNaN(object.getTime()) ? null : object.toISOString();
  }
  if (seen.has(object)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Deep]";
  seen.add(object);
  try {
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") {
      return walk(toJSON.call(object), seen, depth + 1);
    }
    if (Array.isArray(object)) {
      return object.map((item) => walk(item, seen, depth + 1) ?? null);
    }
    if (object instanceof Set) {
      return [...object].map((item) => walk(item, seen, depth + 1) ?? null);
    }
    const entries: Iterable<[unknown, unknown]> = object instanceof Map
      ? object.entries()
      : Object.entries(object);
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const safe = walk(item, seen, depth + 1);
      if (safe !== undefined) out[String(key)] = safe;
    }
    return out;
  } catch {
    return stringOf(object);
  } finally {
    seen.delete(object);
  }
}

function stringOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
