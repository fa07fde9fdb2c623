/**
 * Messages to and from frame payloads: the configured codec, with the refs
 * and reply ports inside turned into wire markers and back, and the payload
 * limit checked at the sender.
 *
 * @module
 */

import type { AnyActorRef } from "../core/actor_context.ts";
import type { ReplyPort } from "../core/actor_ref.ts";
import { errorMessage } from "../core/errors.ts";
import {
  type Codec,
  type CodecContext,
  isActorRef,
  jsonCodec,
  revive,
  type WirePort,
  type WireRef,
} from "./codec.ts";
import { MessageEncodingError } from "./errors.ts";
import { JsonWriter } from "./_json_writer.ts";
import { SendingPort, type WaitingPort } from "./_ports.ts";
import { RemoteRef } from "./remote_ref.ts";

/** Reply ports handed out in tells are remembered at most this many. */
const MAX_LOOSE_PORTS = 100_000;

/** What the codec needs of its node. */
export interface WireCodecHost {
  /** This node's name. */
  readonly self: string;
  /** The ports waiting for a remote answer, by id. */
  readonly ports: { get(id: number): WaitingPort | undefined };
  /** A fresh id for a port. */
  nextId(): number;
  /** A working ref for a node and path. */
  refFor(node: string, path: string): AnyActorRef;
  /** Sends a reply or failure to a waiting port on another node. */
  answer(node: string, id: number, ok: boolean, value: unknown): void;
}

/** The codec of one node, with the state of the frame being handled. */
export class WireCodec {
  /** What the codec hands user codecs. */
  readonly context: CodecContext;
  /** The asking port of the frame being encoded, if any. */
  asking: WaitingPort | null = null;
  /** The node whose frame is being decoded. */
  from = "";
  /** The id of the ask being decoded, and the local port standing for it. */
  askId = -1;
  /** The local port of the ask being decoded. */
  askPort: ReplyPort<unknown> | null = null;
  readonly #host: WireCodecHost;
  readonly #codec: Codec;
  /** The JSON codec's writer, or `null` with another codec. */
  readonly #writer: JsonWriter | null;
  readonly #limit: number;
  readonly #loose = new Map<number, ReplyPort<unknown>>();

  /**
   * Creates the instance.
   *
   * @param host The node.
   * @param codec The message codec.
   * @param maxPayload The NATS payload limit, in bytes.
   */
  constructor(host: WireCodecHost, codec: Codec, maxPayload: number) {
    this.#host = host;
    this.#codec = codec;

    this.#limit = maxPayload - 1024;
    this.context = {
      encodeRef: (ref) => this.#encodeRef(ref),
      decodeRef: (wire) => host.refFor(wire.node, wire.path),
      encodePort: (port) => this.#encodePort(port),
      decodePort: (wire) => this.#decodePort(wire),
    };
    this.#writer = codec === jsonCodec ? new JsonWriter(this.context) : null;
  }

  /**
   * The payload and `enc` fields of a frame.
   *
   * @param path The target, for errors.
   * @param message The message.
   * @returns `payload,enc`.
   * @throws {MessageEncodingError} When it cannot be encoded or is too large.
   */
  encode(path: string, message: unknown): string {
    let text: string;
    let enc: number;
    try {
      const writer = this.#writer;
      if (writer !== null) {
        text = writer.write(message);
        enc = writer.marked ? 1 : 0;
      } else {
        text = JSON.stringify(this.#codec.encode(message, this.context));
        enc = 2;
      }
    } catch (cause) {
      throw new MessageEncodingError(
        path,
        `Cannot send to actor "${path}": codec "${this.#codec.name}" cannot encode the message: ${
          errorMessage(cause)
        }`,
        { cause, undelivered: message },
      );
    }
    const limit = this.#limit;
    if (text.length * 3 > limit) {
      const bytes = new TextEncoder().encode(text).length;
      if (bytes > limit) {
        throw new MessageEncodingError(
          path,
          `Cannot send to actor "${path}": the encoded message is ${bytes} bytes, over the NATS payload limit of ${limit} bytes`,
          { undelivered: message },
        );
      }
    }
    return `${text},${enc}`;
  }

  /**
   * A message from a frame's payload and `enc`.
   *
   * @param from The sending node.
   * @param payload The parsed payload.
   * @param enc How it is written.
   * @returns The message.
   */
  decode(from: string, payload: unknown, enc: number): unknown {
    this.from = from;
    if (enc === 0) return payload;
    if (enc === 1) return revive(payload, this.context);
    return this.#codec.decode(payload as string, this.context);
  }

  /** Takes a port handed out in a tell, once answered. */
  takeLoose(id: number): ReplyPort<unknown> | undefined {
    const port = this.#loose.get(id);
    if (port !== undefined) this.#loose.delete(id);
    return port;
  }

  /** Forgets the ports handed out. */
  clear(): void {
    this.#loose.clear();
  }

  #encodeRef(ref: AnyActorRef): WireRef {
    if (ref instanceof RemoteRef) return { node: ref.node, path: ref.path };
    if (!isActorRef(ref)) throw new TypeError("Not an actor ref");
    return { node: this.#host.self, path: ref.path };
  }

  #encodePort(port: ReplyPort<unknown>): WirePort {
    const self = this.#host.self;
    if (port === this.asking) return { node: self, id: this.asking.id };
    if (port instanceof SendingPort) return { node: port.node, id: port.id };
    const id = this.#host.nextId();
    this.#loose.set(id, port);
    if (this.#loose.size > MAX_LOOSE_PORTS) {
      this.#loose.delete(this.#loose.keys().next().value!);
    }
    return { node: self, id };
  }

  #decodePort(wire: WirePort): ReplyPort<unknown> {
    if (wire.node === this.from && wire.id === this.askId) {
      return this.askPort!;
    }
    const host = this.#host;
    if (wire.node === host.self) {
      return host.ports.get(wire.id) ?? this.#loose.get(wire.id) ??
        new SendingPort(wire.node, wire.id, () => {});
    }
    return new SendingPort(
      wire.node,
      wire.id,
      (node, id, ok, value) => host.answer(node, id, ok, value),
    );
  }
}
