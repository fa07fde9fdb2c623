/**
 * How messages cross the wire: a codec turns a message into text and back.
 * The default, {@linkcode jsonCodec}, is JSON in which actor refs and reply
 * ports travel as small markers and come back as working refs and ports on
 * the other node.
 *
 * Follows Akka's pluggable serializers (JSON by default here, never code) and
 * Erlang's external term format, which carries pids the same way.
 *
 * @module
 */

import type { AnyActorRef } from "../core/actor_context.ts";
import type { ReplyPort } from "../core/actor_ref.ts";
import { JsonWriter } from "./_json_writer.ts";

/** A ref on the wire: the node it lives on and its path. */
export interface WireRef {
  /** The node. */
  readonly node: string;
  /** The actor's path on that node. */
  readonly path: string;
}

/** A reply port on the wire: the node that waits for the reply, and an id. */
export interface WirePort {
  /** The node holding the port. */
  readonly node: string;
  /** The port's id on that node. */
  readonly id: number;
}

/** What a codec uses to turn refs and reply ports into data and back. */
export interface CodecContext {
  /**
   * The wire form of a ref (local or remote).
   *
   * @param ref The ref.
   * @returns Its node and path.
   */
  encodeRef(ref: AnyActorRef): WireRef;
  /**
   * A working ref from its wire form.
   *
   * @param wire The node and path.
   * @returns The ref (local when the node is this one).
   */
  decodeRef(wire: WireRef): AnyActorRef;
  /**
   * The wire form of a reply port; the port is remembered until it settles.
   *
   * @param port The port.
   * @returns Its node and id.
   */
  encodePort(port: ReplyPort<unknown>): WirePort;
  /**
   * A working reply port from its wire form: replying sends the value back.
   *
   * @param wire The node and id.
   * @returns The port.
   */
  decodePort(wire: WirePort): ReplyPort<unknown>;
}

/**
 * Turns messages into text and back. A codec must be deterministic and
 * throw on a message it cannot represent; the sender's `tell` then throws
 * (and `ask` rejects) with `MessageEncodingError`, and nothing is sent.
 */
export interface Codec {
  /** The codec's name, for error messages. */
  readonly name: string;
  /**
   * Encodes a message.
   *
   * @param message The message.
   * @param context Encodes the refs and reply ports inside it.
   * @returns The text.
   * @throws When the message cannot be encoded.
   */
  encode(message: unknown, context: CodecContext): string;
  /**
   * Decodes a message.
   *
   * @param text What `encode` returned, on another node.
   * @param context Decodes the refs and reply ports inside it.
   * @returns The message.
   */
  decode(text: string, context: CodecContext): unknown;
}

/** The key marking a ref in the JSON codec: `{"$ref": [node, path]}`. */
export const REF_KEY = "$ref";
/** The key marking a reply port in the JSON codec: `{"$port": [node, id]}`. */
export const PORT_KEY = "$port";

/**
 * Whether a value is an actor ref (local or remote), by shape.
 *
 * @param value Any value.
 * @returns Whether it has a path, `tell`, `ask` and `stop`.
 */
export function isActorRef(value: unknown): value is AnyActorRef {
  const v = value as AnyActorRef;
  return typeof v?.tell === "function" && typeof v.ask === "function" &&
    typeof v.path === "string" && typeof v.stop === "function";
}

/**
 * Whether a value is a reply port, by shape.
 *
 * @param value Any value.
 * @returns Whether it has `reply`, `fail` and `settled`.
 */
export function isReplyPort(value: unknown): value is ReplyPort<unknown> {
  const v = value as ReplyPort<unknown>;
  return typeof v?.reply === "function" && typeof v.fail === "function" &&
    typeof v.settled === "boolean";
}

/**
 * JSON with refs: plain data (objects with the plain prototype, arrays,
 * strings, finite numbers, booleans, `null`; objects with `toJSON`, such
 * as `Date`, as what it returns;
 * `undefined` fields dropped) plus actor refs and reply ports anywhere
 * inside. Functions, symbols, bigints, class instances (`Map`, `Set`,
 * errors...) and cycles are refused with a message naming where they are.
 * User objects with a `$ref` or `$port` key of their own are not supported.
 *
 * @example Round-trip plain data
 * ```ts
 * import { jsonCodec, type CodecContext } from "@understudy/runtime/cluster";
 * const context = {} as CodecContext; // refs need a cluster node's context
 * const text = jsonCodec.encode({ type: "add", n: 2 }, context);
 * console.assert(text === '{"type":"add","n":2}');
 * console.assert((jsonCodec.decode(text, context) as { n: number }).n === 2);
 * ```
 */
export const jsonCodec: Codec = {
  name: "json",
  encode(message, context) {
    return encodeJson(message, context).text;
  },
  decode(text, context) {
    return revive(JSON.parse(text), context);
  },
};

/**
 * Encodes to JSON and says whether refs or ports are inside (so the reader
 * knows whether to revive). For the transport's batches.
 *
 * @param message The message.
 * @param context Encodes refs and ports.
 * @returns The text and whether it holds markers.
 */
export function encodeJson(
  message: unknown,
  context: CodecContext,
): { text: string; marked: boolean } {
  const writer = new JsonWriter(context);
  const text = writer.write(message);
  return { text, marked: writer.marked };
}

/**
 * Replaces ref and port markers in parsed JSON by working refs and ports.
 *
 * @param value Parsed JSON.
 * @param context Decodes refs and ports.
 * @returns The value with markers replaced (in place where possible).
 */
export function revive(value: unknown, context: CodecContext): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === "object" && item !== null) {
        value[i] = revive(item, context);
      }
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  const ref = record[REF_KEY];
  if (Array.isArray(ref) && ref.length === 2) {
    return context.decodeRef({ node: String(ref[0]), path: String(ref[1]) });
  }
  const port = record[PORT_KEY];
  if (Array.isArray(port) && port.length === 2) {
    return context.decodePort({ node: String(port[0]), id: Number(port[1]) });
  }
  // Only objects can hold markers: primitives are neither visited nor
  // written back.
  for (const key in record) {
    const item = record[key];
    if (typeof item === "object" && item !== null) {
      record[key] = revive(item, context);
    }
  }
  return record;
}
