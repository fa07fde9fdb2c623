/**
 * The ref of an actor on another node. It has the same `ActorRef<Msg>` type
 * as a local ref: `tell`, `ask` (timeouts, `AbortSignal`), `stop`, and
 * `ctx.watch` work on it, and it can be put in messages.
 *
 * Follows Erlang's remote pids and Akka's remote `ActorRef`: location
 * transparent, delivery at most once, order kept per sender and receiver.
 *
 * @module
 */

import type { AnyActorRef, Terminated } from "../core/actor_context.ts";
import type {
  ActorRef,
  ActorStatus,
  AskOptions,
  ReplyPort,
} from "../core/actor_ref.ts";
import { FOREIGN_WATCH, type ForeignWatchable } from "../core/foreign_ref.ts";

/** What a remote ref asks of its cluster node; internal. */
export interface RemoteLinks {
  /** Sends a message. */
  tell(ref: RemoteRef<unknown>, message: unknown): boolean;
  /** Sends a request and waits for the reply. */
  ask<R>(
    ref: RemoteRef<unknown>,
    build: (replyTo: ReplyPort<R>) => unknown,
    options?: AskOptions,
  ): Promise<R>;
  /** Stops the actor. */
  stop(ref: RemoteRef<unknown>): Promise<void>;
  /** Starts or cancels a watch. */
  watch(
    ref: RemoteRef<unknown>,
    watcher: AnyActorRef,
    deliver: ((notice: Terminated) => void) | null,
  ): void;
  /** Whether the node is known down. */
  isDown(node: string): boolean;
}

/**
 * A ref to an actor on another node of the cluster. Obtain one from
 * `ClusterNode.refAt`, `lookup`, `whereIs`, `spawnOn`, or inside a message.
 *
 * `status` is `running` until the actor is known to have stopped (through a
 * watch) or its node is down, then `stopped`; `restarts` is not tracked
 * across nodes and reads 0.
 *
 * @typeParam Msg The messages the actor accepts.
 * @example Tell an actor on node "b"
 * ```ts ignore
 * import { joinCluster } from "@understudy/runtime/cluster";
 * const node = await joinCluster({ system, node: "a", servers: "nats://127.0.0.1:4222" });
 * node.refAt<string>("b", "/log").tell("hello from a");
 * ```
 */
export class RemoteRef<Msg> implements ActorRef<Msg>, ForeignWatchable {
  /** The node the actor lives on. */
  readonly node: string;
  /** The actor's path on that node. */
  readonly path: string;
  /** Whether a watch reported that the actor stopped. */
  #stopped = false;
  readonly #links: RemoteLinks;

  /**
   * Creates the instance; use `ClusterNode.refAt` instead.
   *
   * @param links The cluster node.
   * @param node The node.
   * @param path The path.
   */
  constructor(links: RemoteLinks, node: string, path: string) {
    this.#links = links;
    this.node = node;
    this.path = path;
  }

  /** The last segment of the path. */
  get name(): string {
    return this.path.slice(this.path.lastIndexOf("/") + 1);
  }

  /** `running`, or `stopped` once known stopped or its node is down. */
  get status(): ActorStatus {
    return this.#stopped || this.#links.isDown(this.node)
      ? "stopped"
      : "running";
  }

  /** Not tracked across nodes: always 0. */
  get restarts(): number {
    return 0;
  }

  /**
   * Sends a message to the remote actor (at most once).
   *
   * @param message The message.
   * @returns `false` when its node is known down (a dead letter).
   * @throws {MessageEncodingError} When the codec cannot encode it or it is
   * over the NATS payload limit.
   */
  tell(message: Msg): boolean {
    return this.#links.tell(this as RemoteRef<unknown>, message);
  }

  /**
   * Asks the remote actor; settles with the reply, `AskTimeoutError`,
   * `NodeDownError`, `ActorFailedError` when its handler failed, or the
   * signal's reason.
   *
   * @typeParam R The reply type.
   * @param build Makes the request around the reply port.
   * @param options Timeout (defaults to 5000) and cancellation.
   * @returns The reply.
   */
  ask<R>(
    build: (replyTo: ReplyPort<R>) => Msg,
    options?: AskOptions,
  ): Promise<R> {
    return this.#links.ask(this as RemoteRef<unknown>, build, options);
  }

  /**
   * Stops the remote actor (reason `normal`).
   *
   * @returns Resolves when it has stopped on its node.
   */
  stop(): Promise<void> {
    return this.#links.stop(this as RemoteRef<unknown>);
  }

  /**
   * The watch hook `ctx.watch` uses.
   *
   * @param watcher The local watcher.
   * @param deliver Delivers the notice; `null` cancels.
   */
  [FOREIGN_WATCH](
    watcher: AnyActorRef,
    deliver: ((notice: Terminated) => void) | null,
  ): void {
    this.#links.watch(this as RemoteRef<unknown>, watcher, deliver);
  }

  /** Marks the actor as known stopped; internal. */
  markStopped(): void {
    this.#stopped = true;
  }

  /** `node:path`, for logs. */
  toString(): string {
    return `${this.node}:${this.path}`;
  }
}
