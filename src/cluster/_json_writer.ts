/**
 * The JSON codec's writer: `JSON.stringify` with refs and reply ports turned
 * into markers and what JSON cannot carry refused, walked in JavaScript.
 * `JSON.stringify` with a replacer function calls back from C++ into
 * JavaScript for every key, which measured the largest single cost of
 * sending a remote ask on Deno; this writer gives the same text (the
 * property test in `tests/cluster/json_writer_test.ts` holds it to the
 * replacer it replaces) without those calls.
 *
 * @module
 */

import type { AnyActorRef } from "../core/actor_context.ts";
import type { ReplyPort } from "../core/actor_ref.ts";
import {
  isActorRef,
  isReplyPort,
  type WirePort,
  type WireRef,
} from "./codec.ts";
import { SendingPort, WaitingPort } from "./_ports.ts";

/** Keys, node names and paths whose JSON form is remembered, at most. */
const MAX_QUOTED = 1024;
const quoted = new Map<string, string>();

/**
 * `JSON.stringify(text)`, remembered for the first keys, node names and
 * paths met: messages and frames repeat them.
 *
 * @param text A string.
 * @returns It as a JSON string.
 */
export function quote(text: string): string {
  let json = quoted.get(text);
  if (json === undefined) {
    json = JSON.stringify(text);
    if (quoted.size < MAX_QUOTED) quoted.set(text, json);
  }
  return json;
}

/** What the writer needs to mark refs and ports. */
export interface MarkerEncoder {
  encodeRef(ref: AnyActorRef): WireRef;
  encodePort(port: ReplyPort<unknown>): WirePort;
}

/** Writes messages as JSON with `$ref` and `$port` markers. */
export class JsonWriter {
  /** Whether the last message written held a ref or a port. */
  marked = false;
  readonly #markers: MarkerEncoder;
  /** The objects being written, outermost first (to refuse cycles). */
  readonly #stack: object[] = [];

  /**
   * Creates the instance.
   *
   * @param markers Encodes refs and ports.
   */
  constructor(markers: MarkerEncoder) {
    this.#markers = markers;
  }

  /**
   * The JSON text of a message.
   *
   * @param message The message.
   * @returns The text.
   * @throws {TypeError} When the message holds what JSON cannot carry.
   */
  write(message: unknown): string {
    this.marked = false;
    // Empty unless the last message threw half-way (setting the length of
    // an array costs a call into the engine's runtime, even to its value).
    if (this.#stack.length > 0) this.#stack.length = 0;
    const text = this.#value(message, "");
    if (text === undefined) {
      throw new TypeError(
        `The message is ${typeof message}, which JSON cannot carry`,
      );
    }
    return text;
  }

  /** A value at `key` of its holder, or `undefined` when it is left out. */
  #value(raw: unknown, key: string): string | undefined {
    switch (typeof raw) {
      case "string":
        return JSON.stringify(raw);
      case "number":
        // A finite number's JSON is its string form.
        checkNumber(raw, key);
        return "" + raw;
      case "boolean":
        return raw ? "true" : "false";
      case "undefined":
        return undefined;
      case "object":
        break;
      default:
        // function, symbol, bigint
        throw new TypeError(
          `${where(key)} is a ${typeof raw}, which JSON cannot carry`,
        );
    }
    if (raw === null) return "null";
    // The cluster's own ports first: they are what asks carry.
    if (raw instanceof WaitingPort || raw instanceof SendingPort) {
      return this.#port(raw);
    }
    const toJSON = (raw as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") {
      const value = toJSON.call(raw, key);
      if (value !== raw) {
        // Local refs (and dates) have a `toJSON`: a ref is a marker, the
        // rest is written as `toJSON` made it, unchecked (as JSON does).
        if (isActorRef(raw)) return this.#ref(raw);
        return this.#unchecked(value, key);
      }
    }
    if (Array.isArray(raw)) return this.#array(raw);
    if (isActorRef(raw)) return this.#ref(raw);
    if (isReplyPort(raw)) return this.#port(raw);
    const proto = Object.getPrototypeOf(raw);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(
        `${where(key)} is a ${
          proto?.constructor?.name ?? "non-plain object"
        }, which JSON cannot carry`,
      );
    }
    return this.#object(raw as Record<string, unknown>);
  }

  /** What a `toJSON` returned: written without this codec's checks. */
  #unchecked(value: unknown, key: string): string | undefined {
    switch (typeof value) {
      case "number":
        return Number.isFinite(value) ? JSON.stringify(value) : "null";
      case "function":
      case "symbol":
        return undefined;
      case "bigint":
        // As JSON.stringify does.
        throw new TypeError(
          `${where(key)} is a bigint, which JSON cannot carry`,
        );
      case "object":
        if (value === null) return "null";
        if (
          value instanceof Number || value instanceof String ||
          value instanceof Boolean
        ) {
          return JSON.stringify(value);
        }
        return Array.isArray(value)
          ? this.#array(value)
          : this.#object(value as Record<string, unknown>);
      default:
        return this.#value(value, key);
    }
  }

  #port(port: ReplyPort<unknown>): string {
    this.marked = true;
    const wire = this.#markers.encodePort(port);
    return `{"$port":[${this.#quote(wire.node)},${JSON.stringify(wire.id)}]}`;
  }

  #ref(ref: AnyActorRef): string {
    this.marked = true;
    const wire = this.#markers.encodeRef(ref);
    return `{"$ref":[${this.#quote(wire.node)},${JSON.stringify(wire.path)}]}`;
  }

  #quote(text: string): string {
    return quote(text);
  }

  #enter(value: object): void {
    const stack = this.#stack;
    if (stack.includes(value)) {
      throw new TypeError("Converting circular structure to JSON");
    }
    stack.push(value);
  }

  #array(array: unknown[]): string {
    this.#enter(array);
    let text = "[";
    for (let i = 0; i < array.length; i++) {
      if (i > 0) text += ",";
      text += this.#value(array[i], String(i)) ?? "null";
    }
    this.#stack.pop();
    return text + "]";
  }

  #object(record: Record<string, unknown>): string {
    this.#enter(record);
    let text = "{";
    let first = true;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const value = this.#value(record[key], key);
      if (value === undefined) continue;
      if (first) first = false;
      else text += ",";
      text += this.#quote(key) + ":" + value;
    }
    this.#stack.pop();
    return text + "}";
  }
}

function checkNumber(n: number, key: string): void {
  if (!Number.isFinite(n)) {
    throw new TypeError(`${where(key)} is ${n}, which JSON cannot carry`);
  }
}

function where(key: string): string {
  return key === "" ? "The message" : `Field "${key}"`;
}
