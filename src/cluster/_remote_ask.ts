/**
 * Asks and control requests to other nodes: a waiting port on this node,
 * the request frame, a timeout on the system clock, an optional abort
 * signal. They settle exactly once: the reply, `AskTimeoutError`,
 * `NodeDownError` when the node is lost first, the remote failure, or the
 * signal's reason.
 *
 * @module
 */

import type { AnyActorRef } from "../core/actor_context.ts";
import type { AskOptions, ReplyPort } from "../core/actor_ref.ts";
import type { Clock } from "../core/clock.ts";
import { ActorStoppedError } from "../core/errors.ts";
import { NodeDownError } from "./errors.ts";
import { ASK, CALL } from "./_frames.ts";
import type { WaitingPort } from "./_ports.ts";
import type { RemoteRef } from "./remote_ref.ts";
import type { WireCodec } from "./_wire_codec.ts";
import type { AskLanes } from "./_ask_lanes.ts";
import { quote } from "./_json_writer.ts";

/** What asks need of their node. */
export interface Asker {
  readonly self: string;
  readonly clock: Clock;
  readonly wire: WireCodec;
  /** Timeouts of asks, one timer per length. */
  readonly lanes: AskLanes;
  isDown(node: string): boolean;
  localRef(path: string): AnyActorRef | undefined;
  /** A registered waiting port, removed from the table when it settles. */
  waiting<R>(
    resolve: (value: R) => void,
    reject: (error: unknown) => void,
    node: string,
    path: string,
  ): WaitingPort<R>;
  send(node: string, frame: string): void;
}

/**
 * Asks a remote actor.
 *
 * @param host The node.
 * @param ref The actor.
 * @param build Makes the request around the reply port.
 * @param options Timeout and cancellation.
 * @returns The reply.
 */
export function remoteAsk<R>(
  host: Asker,
  ref: RemoteRef<unknown>,
  build: (replyTo: ReplyPort<R>) => unknown,
  options?: AskOptions,
): Promise<R> {
  const node = ref.node;
  const path = ref.path;
  if (node === host.self) {
    const local = host.localRef(path);
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
  const port = host.waiting<R>(resolve, reject, node, path);
  try {
    const message = build(port);
    const signal = options?.signal;
    if (signal?.aborted) {
      port.fail(signal.reason);
      return promise;
    }
    if (node === host.self) {
      throw new ActorStoppedError(
        path,
        `Cannot ask actor "${path}": actor is stopped`,
        { undelivered: message },
      );
    }
    if (host.isDown(node)) {
      throw new NodeDownError(node, path, { undelivered: message });
    }
    const wire = host.wire;
    wire.asking = port as WaitingPort;
    let payload: string;
    try {
      payload = wire.encode(path, message);
    } finally {
      wire.asking = null;
    }
    if (timeoutMs !== Infinity) {
      port.message = message;
      host.lanes.add(timeoutMs, port as WaitingPort<never>);
    }
    if (signal !== undefined) {
      const abort = () => port.fail(signal.reason);
      signal.addEventListener("abort", abort, { once: true });
      port.onSettle(() => signal.removeEventListener("abort", abort));
    }
    const wait = timeoutMs === Infinity ? -1 : timeoutMs;
    host.send(
      node,
      `[${ASK},${quote(path)},${payload},${port.id},${wait}]`,
    );
  } catch (error) {
    port.fail(error);
  }
  return promise;
}

/**
 * Sends a control request (`stop`, `lookup`, `spawn`) and waits for the
 * answer.
 *
 * @param host The node.
 * @param node The node asked.
 * @param op The operation.
 * @param argument Its JSON argument.
 * @param timeoutMs How long to wait.
 * @returns The answer.
 */
export function remoteCall(
  host: Asker,
  node: string,
  op: string,
  argument: unknown,
  timeoutMs: number,
): Promise<unknown> {
  const { promise, resolve, reject } = Promise.withResolvers<unknown>();
  const path = typeof argument === "string" ? argument : "";
  const port = host.waiting(resolve, reject, node, path);
  if (host.isDown(node)) {
    port.fail(new NodeDownError(node, path));
    return promise;
  }
  const clock = host.clock;
  const timer = clock.setTimeout(
    () =>
      port.fail(
        new Error(
          `Cluster request "${op}" to node "${node}" got no answer within ${timeoutMs} ms`,
        ),
      ),
    timeoutMs,
  );
  port.onSettle(() => clock.clearTimeout(timer));
  const arg = JSON.stringify(argument ?? null);
  host.send(node, `[${CALL},${JSON.stringify(op)},${arg},${port.id}]`);
  return promise;
}
