/**
 * References to actors: the only way to reach one.
 *
 * Follows Akka Typed's `ActorRef[T]` and ractor's `ActorRef`/`RpcReplyPort`.
 * Unlike ractor's, a ref is stable across restarts: whoever holds it keeps
 * talking to the restarted actor (as in Akka and the Trupe seed).
 *
 * @module
 */

/**
 * The lifecycle status of an actor: `starting` (its `init` runs), `running`,
 * `failed` (suspended until its supervisor decides), `restarting`,
 * `backing-off` (waiting before a restart; mail is held), `stopping`,
 * `stopped`.
 */
export type ActorStatus =
  | "starting"
  | "running"
  | "failed"
  | "restarting"
  | "backing-off"
  | "stopping"
  | "stopped";

/**
 * The reply half of an ask: put it in the request message; the handler calls
 * `reply` once. An ask settles exactly once, so later calls do nothing.
 *
 * @typeParam R The reply type.
 */
export interface ReplyPort<R> {
  /**
   * Answers the ask.
   *
   * @param value The reply.
   */
  reply(value: R): void;
  /**
   * Rejects the ask with an error of the handler's choice.
   *
   * @param error The error the asker receives.
   */
  fail(error: unknown): void;
  /** Whether the ask has settled (replied, failed, timed out or aborted). */
  readonly settled: boolean;
}

/** Options for {@linkcode ActorRef.ask}. */
export interface AskOptions {
  /**
   * How long to wait for the reply, in milliseconds of the system clock;
   * `Infinity` waits forever. Defaults to 5000.
   */
  readonly timeoutMs?: number;
  /** Cancels the ask: it rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * A typed handle on an actor. Sending a message of the wrong type is a
 * compile error.
 *
 * @typeParam Msg The messages the actor accepts.
 * @example Tell and ask
 * ```ts
 * import { ActorSystem, defineActor, type ReplyPort } from "@understudy/runtime";
 * type Msg = { type: "add"; n: number } | { type: "get"; replyTo: ReplyPort<number> };
 * const counter = defineActor({
 *   init: () => 0,
 *   receive(total: number, msg: Msg) {
 *     if (msg.type === "add") return total + msg.n;
 *     msg.replyTo.reply(total);
 *   },
 * });
 * await using system = new ActorSystem();
 * const ref = system.spawn(counter);
 * ref.tell({ type: "add", n: 2 });
 * const total = await ref.ask<number>((replyTo) => ({ type: "get", replyTo }));
 * console.assert(total === 2);
 * ```
 */
export interface ActorRef<Msg> {
  /** The actor's hierarchical path, such as `"/trading/risk"`. */
  readonly path: string;
  /** The actor's name, unique among its siblings. */
  readonly name: string;
  /** The actor's current lifecycle status. */
  readonly status: ActorStatus;
  /** How many times the actor has been restarted (its generation). */
  readonly restarts: number;
  /**
   * Sends a message without waiting (fire and forget).
   *
   * @param message The message.
   * @returns `true` when the message was queued or handled by the mailbox's
   * drop policy; `false` when it became a dead letter because the actor has
   * stopped or its bounded mailbox rejected it.
   */
  tell(message: Msg): boolean;
  /**
   * Sends a request built around a reply port and waits for the reply.
   * Settles exactly once: with the reply, with `AskTimeoutError`, with
   * `ActorStoppedError` or `MailboxFullError` if the request could not be
   * delivered, or with `ActorFailedError` as soon as the actor fails while
   * handling it (or restarts before answering).
   *
   * @typeParam R The reply type.
   * @param build Makes the request message from the reply port.
   * @param options Timeout and cancellation.
   * @returns The reply.
   */
  ask<R>(
    build: (replyTo: ReplyPort<R>) => Msg,
    options?: AskOptions,
  ): Promise<R>;
  /**
   * Stops the actor (reason `normal`) after the message it is handling:
   * children first, then its `stopped` hook. A supervisor restarts a
   * `permanent` child stopped this way, as OTP does. The stop is bounded by
   * the actor's shutdown time (`shutdown` of its spawn options or spec:
   * 5000 ms for a worker, `infinity` for a supervisor): a handler or a
   * `stopped` hook still running then is abandoned and the actor is killed
   * (reason `killed`).
   *
   * @returns Resolves when the actor has stopped.
   */
  stop(): Promise<void>;
}
