/**
 * The heart of a cluster node: batching frames to other nodes over NATS,
 * dispatching the frames it receives, and the asks and reply ports in
 * flight. Watches live in `_watches.ts`, membership in `_membership.ts`.
 *
 * Outgoing frames to one node are queued and published as one NATS message
 * at the end of the current microtask checkpoint (or at once when the batch
 * is large), so a burst of tells costs one publish while a lone tell waits
 * for nothing: batching without latency at low load.
 *
 * @module
 */

import type { NatsConnection } from "@nats-io/nats-core";
import type { AnyActorRef, Terminated } from "../core/actor_context.ts";
import type { AskOptions, ReplyPort } from "../core/actor_ref.ts";
import { type ActorSystem, runtimeOf } from "../core/actor_system.ts";
import {
  ActorStoppedError,
  AskTimeoutError,
  errorMessage,
} from "../core/errors.ts";
import {
  type Codec,
  type CodecContext,
  encodeJson,
  isActorRef,
  jsonCodec,
  revive,
  type WirePort,
  type WireRef,
} from "./codec.ts";
import { MessageEncodingError, NodeDownError } from "./errors.ts";
import {
  ASK,
  CALL,
  DOWN,
  FAIL,
  GROUP,
  Outbox,
  REPLY,
  RESYNC,
  TELL,
  UNWATCH,
  WATCH,
} from "./_frames.ts";
import { SendingPort, WaitingPort } from "./_ports.ts";
import { type RemoteLinks, RemoteRef } from "./remote_ref.ts";
import { fromWireError, toWireError, type WireError } from "./_wire_errors.ts";
import { Watches } from "./_watches.ts";

/** Frames queued past this many UTF-16 units are flushed at once. */
const BATCH_CHARS = 60_000;
/** Reply ports handed out in tells are remembered at most this many. */
const MAX_LOOSE_PORTS = 100_000;

/** A control request handler: `stop`, `lookup`, `spawn`. */
export type CallHandler = (argument: unknown, from: string) => Promise<unknown>;

/** Settings of an engine. */
export interface EngineSettings {
  readonly system: ActorSystem;
  readonly nc: NatsConnection;
  readonly prefix: string;
  readonly self: string;
  readonly codec: Codec;
  /** Whether a node is known down. */
  readonly isDown: (node: string) => boolean;
}

/** Transport, asks and dispatch of one cluster node. */
export class Engine implements RemoteLinks {
  readonly self: string;
  readonly system: ActorSystem;
  readonly watches: Watches;
  readonly calls = new Map<string, CallHandler>();
  readonly #nc: NatsConnection;
  readonly #prefix: string;
  readonly #codec: Codec;
  readonly #json: boolean;
  readonly #isDown: (node: string) => boolean;
  readonly #outboxes = new Map<string, Outbox>();
  readonly #refs = new Map<string, RemoteRef<unknown>>();
  readonly #local = new Map<string, AnyActorRef>();
  readonly #ports = new Map<number, WaitingPort>();
  readonly #loose = new Map<number, ReplyPort<unknown>>();
  readonly #maxPayload: number;
  #nextId = 0;
  #closed = false;
  /** The asking port of the frame being encoded, if any. */
  #asking: WaitingPort | null = null;
  /** The node whose frame is being decoded, and the local port for its ask. */
  #from = "";
  #askId = -1;
  #askPort: ReplyPort<unknown> | null = null;
  readonly context: CodecContext;

  constructor(settings: EngineSettings) {
    this.self = settings.self;
    this.system = settings.system;
    this.#nc = settings.nc;
    this.#prefix = settings.prefix;
    this.#codec = settings.codec;
    this.#json = settings.codec === jsonCodec;
    this.#isDown = settings.isDown;
    this.#maxPayload = settings.nc.info?.max_payload ?? 1024 * 1024;
    this.watches = new Watches(this);
    this.context = {
      encodeRef: (ref) => this.#encodeRef(ref),
      decodeRef: (wire) => this.refFor(wire.node, wire.path),
      encodePort: (port) => this.#encodePort(port),
      decodePort: (wire) => this.#decodePort(wire),
    };
  }

  /** The subject a node listens on. */
  subjectOf(node: string): string {
    return `${this.#prefix}.node.${node}`;
  }

  /** Starts receiving frames. */
  listen(): void {
    this.#nc.subscribe(this.subjectOf(this.self), {
      callback: (error, msg) => {
        if (error === null) this.#onBatch(msg.string());
      },
    });
  }

  /** A ref for an actor on any node (local when the node is this one). */
  refFor(node: string, path: string): AnyActorRef {
    if (node === this.self) {
      return this.localRef(path) ?? this.#remote(node, path) as AnyActorRef;
    }
    return this.#remote(node, path) as AnyActorRef;
  }

  /** The remote ref for a node and path, one object per pair. */
  #remote(node: string, path: string): RemoteRef<unknown> {
    const key = `${node}\u0000${path}`;
    let ref = this.#refs.get(key);
    if (ref === undefined) {
      ref = new RemoteRef<unknown>(this, node, path);
      this.#refs.set(key, ref);
    }
    return ref;
  }

  /** The running local actor at a path. */
  localRef(path: string): AnyActorRef | undefined {
    let ref = this.#local.get(path);
    if (ref === undefined || ref.status === "stopped") {
      ref = this.system.lookup(path);
      if (ref === undefined) this.#local.delete(path);
      else this.#local.set(path, ref);
    }
    return ref;
  }

  isDown(node: string): boolean {
    return this.#isDown(node);
  }

  // ---- sending -------------------------------------------------------------

  tell(ref: RemoteRef<unknown>, message: unknown): boolean {
    const node = ref.node;
    if (node === this.self) {
      const local = this.localRef(ref.path);
      if (local !== undefined) return local.tell(message as never);
      this.#deadLetter(ref.path, message);
      return false;
    }
    if (this.#isDown(node) || this.#closed) {
      this.#deadLetter(ref.path, message);
      return false;
    }
    const payload = this.#encode(ref.path, message);
    this.send(node, `[${TELL},${JSON.stringify(ref.path)},${payload}]`);
    return true;
  }

  ask<R>(
    ref: RemoteRef<unknown>,
    build: (replyTo: ReplyPort<R>) => unknown,
    options?: AskOptions,
  ): Promise<R> {
    const node = ref.node;
    const path = ref.path;
    if (node === this.self) {
      const local = this.localRef(path);
      if (local !== undefined) {
        return local.ask(build as (p: ReplyPort<R>) => never, options);
      }
    }
    const timeoutMs = options?.timeoutMs ?? 5000;
    if (typeof timeoutMs !== "number" || !(timeoutMs >= 0)) {
      return Promise.reject(
        new RangeError(
          `Invalid ask options: timeoutMs must be a non-negative number or Infinity, got "${timeoutMs}"`,
        ),
      );
    }
    const { promise, resolve, reject } = Promise.withResolvers<R>();
    const port = this.#waiting<R>(resolve, reject, node, path);
    let message: unknown;
    try {
      message = build(port);
      const signal = options?.signal;
      if (signal?.aborted) {
        port.fail(signal.reason);
        return promise;
      }
      if (node === this.self) {
        throw new ActorStoppedError(
          path,
          `Cannot ask actor "${path}": actor is stopped`,
          { undelivered: message },
        );
      }
      if (this.#isDown(node)) {
        throw new NodeDownError(node, path, { undelivered: message });
      }
      this.#asking = port as WaitingPort;
      let payload: string;
      try {
        payload = this.#encode(path, message);
      } finally {
        this.#asking = null;
      }
      const clock = this.system.clock;
      const timer = timeoutMs === Infinity ? undefined : clock.setTimeout(
        () =>
          port.fail(
            new AskTimeoutError(path, timeoutMs, { undelivered: message }),
          ),
        timeoutMs,
      );
      const abort = () => port.fail(signal!.reason);
      signal?.addEventListener("abort", abort, { once: true });
      port.onSettle(() => {
        this.#ports.delete(port.id);
        if (timer !== undefined) clock.clearTimeout(timer);
        signal?.removeEventListener("abort", abort);
      });
      const wait = timeoutMs === Infinity ? -1 : timeoutMs;
      this.send(
        node,
        `[${ASK},${JSON.stringify(path)},${payload},${port.id},${wait}]`,
      );
    } catch (error) {
      port.fail(error);
    }
    return promise;
  }

  stop(ref: RemoteRef<unknown>): Promise<void> {
    return this.call(ref.node, "stop", ref.path).then(() => {});
  }

  watch(
    ref: RemoteRef<unknown>,
    watcher: AnyActorRef,
    deliver: ((notice: Terminated) => void) | null,
  ): void {
    this.watches.watch(ref, watcher, deliver);
  }

  /**
   * Sends a control request to a node and waits for its answer.
   *
   * @param node The node.
   * @param op The operation.
   * @param argument Its JSON argument.
   * @param timeoutMs How long to wait. Defaults to 10000.
   * @returns The answer.
   */
  call(
    node: string,
    op: string,
    argument: unknown,
    timeoutMs = 10_000,
  ): Promise<unknown> {
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    const path = typeof argument === "string" ? argument : "";
    const port = this.#waiting(resolve, reject, node, path);
    if (this.#isDown(node)) {
      port.fail(new NodeDownError(node, path));
      return promise;
    }
    const clock = this.system.clock;
    const timer = clock.setTimeout(
      () =>
        port.fail(
          new Error(
            `Cluster request "${op}" to node "${node}" got no answer within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    port.onSettle(() => {
      this.#ports.delete(port.id);
      clock.clearTimeout(timer);
    });
    const arg = JSON.stringify(argument ?? null);
    this.send(node, `[${CALL},${JSON.stringify(op)},${arg},${port.id}]`);
    return promise;
  }

  /** Queues a frame for a node; flushed at the end of this microtask run. */
  send(node: string, frame: string): void {
    if (this.#closed) return;
    let box = this.#outboxes.get(node);
    if (box === undefined) {
      box = new Outbox(this.subjectOf(node));
      this.#outboxes.set(node, box);
    }
    if (box.chars + frame.length > BATCH_CHARS && box.frames.length > 0) {
      this.#flush(box);
    }
    box.frames.push(frame);
    box.chars += frame.length;
    if (box.chars > BATCH_CHARS) {
      this.#flush(box);
    } else if (!box.scheduled) {
      box.scheduled = true;
      queueMicrotask(() => this.#flush(box));
    }
  }

  /** Publishes every queued frame now. */
  flushAll(): void {
    for (const box of this.#outboxes.values()) this.#flush(box);
  }

  #flush(box: Outbox): void {
    box.scheduled = false;
    const frames = box.frames;
    if (frames.length === 0) return;
    box.frames = [];
    box.chars = 0;
    if (this.#closed) return;
    try {
      this.#nc.publish(
        box.subject,
        `[${JSON.stringify(this.self)},${frames.join(",")}]`,
      );
    } catch (error) {
      // A closed or draining connection: at most once, the frames are lost.
      if (!this.#nc.isClosed()) {
        console.error("understudy: cluster publish failed", error);
      }
    }
  }

  /** Stops sending; pending asks and calls fail. */
  close(reason: unknown): void {
    this.flushAll();
    this.#closed = true;
    for (const port of [...this.#ports.values()]) port.fail(reason);
    this.#loose.clear();
  }

  // ---- encoding ------------------------------------------------------------

  /** The payload and `enc` fields of a frame. */
  #encode(path: string, message: unknown): string {
    let text: string;
    let enc: number;
    try {
      if (this.#json) {
        const encoded = encodeJson(message, this.context);
        text = encoded.text;
        enc = encoded.marked ? 1 : 0;
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
    const limit = this.#maxPayload - 1024;
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
   * A message as the payload and `enc` fields of a frame (for topics).
   *
   * @param where The target, for errors.
   * @param message The message.
   * @returns `payload,enc`.
   * @throws {MessageEncodingError} When it cannot be encoded or is too large.
   */
  encodeMessage(where: string, message: unknown): string {
    return this.#encode(where, message);
  }

  /**
   * A message from a frame's payload and `enc` (for topics).
   *
   * @param from The sending node.
   * @param payload The parsed payload.
   * @param enc How it is written.
   * @returns The message.
   */
  decodeMessage(from: string, payload: unknown, enc: number): unknown {
    this.#from = from;
    return this.#decode(payload, enc);
  }

  #decode(payload: unknown, enc: number): unknown {
    if (enc === 0) return payload;
    if (enc === 1) return revive(payload, this.context);
    return this.#codec.decode(payload as string, this.context);
  }

  #encodeRef(ref: AnyActorRef): WireRef {
    if (ref instanceof RemoteRef) return { node: ref.node, path: ref.path };
    if (!isActorRef(ref)) throw new TypeError("Not an actor ref");
    return { node: this.self, path: ref.path };
  }

  #encodePort(port: ReplyPort<unknown>): WirePort {
    if (port === this.#asking) return { node: this.self, id: this.#asking.id };
    if (port instanceof SendingPort) return { node: port.node, id: port.id };
    const id = ++this.#nextId;
    this.#loose.set(id, port);
    if (this.#loose.size > MAX_LOOSE_PORTS) {
      this.#loose.delete(this.#loose.keys().next().value!);
    }
    return { node: this.self, id };
  }

  #decodePort(wire: WirePort): ReplyPort<unknown> {
    if (wire.node === this.#from && wire.id === this.#askId) {
      return this.#askPort!;
    }
    if (wire.node === this.self) {
      return this.#ports.get(wire.id) ?? this.#loose.get(wire.id) ??
        new SendingPort(wire.node, wire.id, () => {});
    }
    return new SendingPort(
      wire.node,
      wire.id,
      (node, id, ok, value) => this.#answer(node, id, ok, value),
    );
  }

  #waiting<R>(
    resolve: (value: R) => void,
    reject: (error: unknown) => void,
    node: string,
    path: string,
  ): WaitingPort<R> {
    const port = new WaitingPort<R>(++this.#nextId, resolve, reject);
    port.node = node;
    port.path = path;
    port.onSettle(() => this.#ports.delete(port.id));
    this.#ports.set(port.id, port as WaitingPort);
    return port;
  }

  /** Sends a reply or failure to a waiting port on another node. */
  #answer(node: string, id: number, ok: boolean, value: unknown): void {
    if (this.#isDown(node)) return;
    if (ok) {
      let payload: string;
      try {
        payload = this.#encode("", value);
      } catch (error) {
        this.send(
          node,
          `[${FAIL},${id},${JSON.stringify(toWireError(error))}]`,
        );
        return;
      }
      this.send(node, `[${REPLY},${id},${payload}]`);
    } else {
      this.send(node, `[${FAIL},${id},${JSON.stringify(toWireError(value))}]`);
    }
  }

  // ---- receiving -----------------------------------------------------------

  #onBatch(text: string): void {
    let batch: unknown[];
    try {
      batch = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(batch) || typeof batch[0] !== "string") return;
    const from = batch[0];
    if (this.#isDown(from)) return;
    for (let i = 1; i < batch.length; i++) {
      try {
        this.#onFrame(from, batch[i] as unknown[]);
      } catch (error) {
        console.error("understudy: bad cluster frame from", from, error);
      }
    }
  }

  #onFrame(from: string, frame: unknown[]): void {
    switch (frame[0]) {
      case TELL: {
        const path = frame[1] as string;
        this.#from = from;
        const message = this.#decode(frame[2], frame[3] as number);
        const target = this.localRef(path);
        if (target === undefined) this.#deadLetter(path, message);
        else target.tell(message as never);
        return;
      }
      case ASK:
        return this.#onAsk(from, frame);
      case REPLY: {
        const port = this.#takePort(frame[1] as number);
        if (port !== undefined) {
          this.#from = from;
          port.reply(this.#decode(frame[2], frame[3] as number));
        }
        return;
      }
      case FAIL: {
        const port = this.#takePort(frame[1] as number);
        port?.fail(fromWireError(frame[2] as WireError));
        return;
      }
      case WATCH:
        return this.watches.remoteWatch(from, frame[1] as string);
      case UNWATCH:
        return this.watches.remoteUnwatch(from, frame[1] as string);
      case DOWN:
        return this.watches.remoteDown(
          from,
          frame[1] as string,
          frame[2] as Terminated["reason"],
          frame[3] as WireError | null,
        );
      case CALL:
        return this.#onCall(from, frame);
      case RESYNC:
        return this.onResync?.(from);
      case GROUP:
        return this.onGroup?.(from, frame);
    }
  }

  /** Called with a group membership frame. */
  onGroup: ((from: string, frame: unknown[]) => void) | null = null;

  /** Called when a node says it had declared this one down. */
  onResync: ((node: string) => void) | null = null;

  #takePort(id: number): ReplyPort<unknown> | undefined {
    const port = this.#ports.get(id);
    if (port !== undefined) return port;
    const loose = this.#loose.get(id);
    if (loose !== undefined) this.#loose.delete(id);
    return loose;
  }

  #onAsk(from: string, frame: unknown[]): void {
    const path = frame[1] as string;
    const id = frame[4] as number;
    const wait = frame[5] as number;
    const target = this.localRef(path);
    if (target === undefined) {
      const error = new ActorStoppedError(
        path,
        `Cannot ask actor "${path}" on node "${this.self}": no such actor`,
      );
      this.#answer(from, id, false, error);
      return;
    }
    target.ask((port) => {
      this.#from = from;
      this.#askId = id;
      this.#askPort = port;
      try {
        return this.#decode(frame[2], frame[3] as number) as never;
      } finally {
        this.#askId = -1;
        this.#askPort = null;
      }
    }, { timeoutMs: wait < 0 ? Infinity : wait }).then(
      (value) => this.#answer(from, id, true, value),
      (error) => this.#answer(from, id, false, error),
    );
  }

  #onCall(from: string, frame: unknown[]): void {
    const op = frame[1] as string;
    const id = frame[3] as number;
    const handler = this.calls.get(op);
    const result = handler === undefined
      ? Promise.reject(new TypeError(`Unknown cluster request "${op}"`))
      : handler(frame[2], from);
    result.then(
      (value) => this.#answer(from, id, true, value ?? null),
      (error) => this.#answer(from, id, false, error),
    );
  }

  /** Fails what waits on a node that went down, and its watches. */
  nodeDown(node: string): void {
    for (const port of [...this.#ports.values()]) {
      if (port.node === node) {
        port.fail(new NodeDownError(node, port.path));
      }
    }
    this.#outboxes.delete(node);
    this.watches.nodeDown(node);
  }

  #deadLetter(path: string, message: unknown): void {
    runtimeOf(this.system).deadLetter(path, message, "stopped", undefined);
  }
}
