/**
 * The heart of a cluster node: tells, asks and control requests to other
 * nodes, the frames it receives, and the asks in flight. The wire lives in
 * `_transport.ts` (batches out), `_inbound.ts` (batches in, in order),
 * `_links.ts` (direct links) and `_wire_codec.ts` (payloads), watches in
 * `_watches.ts`, membership in `_membership.ts`.
 *
 * @module
 */

import type { NatsConnection } from "@nats-io/nats-core";
import type { AnyActorRef, Terminated } from "../core/actor_context.ts";
import type { AskOptions, ReplyPort } from "../core/actor_ref.ts";
import { type ActorSystem, runtimeOf } from "../core/actor_system.ts";
import { askWith } from "../core/actor_cell.ts";
import { ActorStoppedError, AskTimeoutError } from "../core/errors.ts";
import type { Codec } from "./codec.ts";
import { NodeDownError } from "./errors.ts";
import {
  ASK,
  CALL,
  DOWN,
  FAIL,
  GROUP,
  REPLY,
  RESYNC,
  TELL,
  UNWATCH,
  WATCH,
} from "./_frames.ts";
import { PortTable, WaitingPort } from "./_ports.ts";
import { AskLanes } from "./_ask_lanes.ts";
import { type Asker, remoteAsk, remoteCall } from "./_remote_ask.ts";
import { type RemoteLinks, RemoteRef } from "./remote_ref.ts";
import { Transport } from "./_transport.ts";
import { WireCodec } from "./_wire_codec.ts";
import { fromWireError, toWireError, type WireError } from "./_wire_errors.ts";
import { Watches } from "./_watches.ts";
import { quote } from "./_json_writer.ts";

/** Fails a remote ask whose time is up. */
function expireAsk(port: WaitingPort<never>, ms: number): void {
  port.fail(
    new AskTimeoutError(port.path, ms, { undelivered: port.message }),
  );
}

/** Remote refs and local lookups are cached at most this many each. */
const MAX_CACHED_REFS = 10_000;

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
  /** Where frames to other nodes go. */
  readonly transport: Transport;
  readonly #wire: WireCodec;
  readonly #isDown: (node: string) => boolean;
  readonly #refs = new Map<string, RemoteRef<unknown>>();
  readonly #local = new Map<string, AnyActorRef>();
  readonly #ports = new PortTable();
  readonly #asker: Asker;
  readonly #lanes: AskLanes;
  #nextId = 0;

  constructor(settings: EngineSettings) {
    this.self = settings.self;
    this.system = settings.system;
    this.#isDown = settings.isDown;
    this.transport = new Transport(settings.nc, settings.prefix, this.self);
    const ports = this.#ports;
    this.#wire = new WireCodec(
      {
        self: this.self,
        ports,
        nextId: () => ++this.#nextId,
        refFor: (node, path) => this.refFor(node, path),
        answer: (node, id, ok, value) => this.#answer(node, id, ok, value),
      },
      settings.codec,
      settings.nc.info?.max_payload ?? 1024 * 1024,
    );
    this.watches = new Watches(this);
    this.#lanes = new AskLanes(this.system.clock, expireAsk);
    this.#asker = {
      self: this.self,
      clock: this.system.clock,
      wire: this.#wire,
      lanes: this.#lanes,
      isDown: (node) => this.#isDown(node),
      localRef: (path) => this.localRef(path),
      waiting: (resolve, reject, node, path) =>
        this.#waiting(resolve, reject, node, path),
      send: (node, frame) => this.transport.sendNow(node, frame),
    };
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
      if (this.#refs.size > MAX_CACHED_REFS) {
        // Refs are equal by node and path, not identity: forgetting the
        // oldest cached one costs a new object next time, nothing else.
        this.#refs.delete(this.#refs.keys().next().value!);
      }
    }
    return ref;
  }

  /** The running local actor at a path. */
  localRef(path: string): AnyActorRef | undefined {
    let ref = this.#local.get(path);
    if (ref === undefined || ref.status === "stopped") {
      ref = this.system.lookup(path);
      if (ref === undefined) this.#local.delete(path);
      else {
        this.#local.set(path, ref);
        if (this.#local.size > MAX_CACHED_REFS) {
          this.#local.delete(this.#local.keys().next().value!);
        }
      }
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
    if (this.#isDown(node) || this.transport.closed) {
      this.#deadLetter(ref.path, message);
      return false;
    }
    const payload = this.#wire.encode(ref.path, message);
    this.send(node, `[${TELL},${quote(ref.path)},${payload}]`);
    return true;
  }

  ask<R>(
    ref: RemoteRef<unknown>,
    build: (replyTo: ReplyPort<R>) => unknown,
    options?: AskOptions,
  ): Promise<R> {
    return remoteAsk(this.#asker, ref, build, options);
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
    return remoteCall(this.#asker, node, op, argument, timeoutMs);
  }

  /** Queues a frame for a node; flushed at the end of this microtask run. */
  send(node: string, frame: string): void {
    this.transport.send(node, frame);
  }

  /** Stops sending; pending asks and calls fail. */
  close(reason: unknown): void {
    this.transport.close();
    for (const port of this.#ports.values()) port.fail(reason);
    this.#lanes.clear();
    this.#wire.clear();
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
    return this.#wire.encode(where, message);
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
    return this.#wire.decode(from, payload, enc);
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
    this.#ports.add(port as WaitingPort);
    return port;
  }

  /** Sends a reply or failure to a waiting port on another node. */
  #answer(node: string, id: number, ok: boolean, value: unknown): void {
    if (this.#isDown(node)) return;
    if (ok) {
      let payload: string;
      try {
        payload = this.#wire.encode("", value);
      } catch (error) {
        this.transport.sendNow(
          node,
          `[${FAIL},${id},${JSON.stringify(toWireError(error))}]`,
        );
        return;
      }
      this.transport.sendNow(node, `[${REPLY},${id},${payload}]`);
    } else {
      this.transport.sendNow(
        node,
        `[${FAIL},${id},${JSON.stringify(toWireError(value))}]`,
      );
    }
  }

  // ---- receiving -----------------------------------------------------------

  /** Handles one frame from another node (in order, from `_inbound.ts`). */
  onFrame(from: string, frame: unknown[]): void {
    switch (frame[0]) {
      case TELL: {
        const path = frame[1] as string;
        const message = this.#wire.decode(from, frame[2], frame[3] as number);
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
          port.reply(this.#wire.decode(from, frame[2], frame[3] as number));
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
    return this.#ports.get(id) ?? this.#wire.takeLoose(id);
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
    const wire = this.#wire;
    const build = (port: ReplyPort<unknown>) => {
      wire.askId = id;
      wire.askPort = port;
      try {
        return wire.decode(from, frame[2], frame[3] as number) as never;
      } finally {
        wire.askId = -1;
        wire.askPort = null;
      }
    };
    const timeoutMs = wait < 0 ? Infinity : wait;
    const resolve = (value: unknown) => this.#answer(from, id, true, value);
    const reject = (error: unknown) => this.#answer(from, id, false, error);
    // A local actor answers through the callbacks, as the handler replies:
    // no promise, and no turn of the microtask queue before the answer.
    if (!askWith(target, build, timeoutMs, resolve, reject)) {
      target.ask(build, { timeoutMs }).then(resolve, reject);
    }
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
    for (const port of this.#ports.values()) {
      if (port.node === node) {
        port.fail(new NodeDownError(node, port.path));
      }
    }
    this.transport.forget(node);
    this.watches.nodeDown(node);
  }

  #deadLetter(path: string, message: unknown): void {
    runtimeOf(this.system).deadLetter(path, message, "stopped", undefined);
  }
}
