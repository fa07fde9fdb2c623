/**
 * The context a handler works with: itself, its parent, children, watches,
 * timers and a stop signal.
 *
 * Follows Akka Typed's `ActorContext` and ractor's `myself`/`spawn_linked`.
 * Timers (`sendAfter`, `sendInterval`, as ractor and Erlang's `timer`) run on
 * the system clock and are cancelled when the actor stops or restarts; the
 * `signal` aborts at the same moment.
 *
 * @module
 */

import type { ActorDefinition } from "./actor_definition.ts";
import type { ActorRef } from "./actor_ref.ts";
import type { ActorSystem } from "./actor_system.ts";
import type { StopReason } from "./events.ts";
import type { MailboxOptions } from "./mailbox.ts";
import type { SupervisionOptions } from "./supervision.ts";
import type { Topic } from "./topic.ts";

/** Any actor ref, whatever it accepts. */
export type AnyActorRef = ActorRef<never>;

/**
 * How long a parent waits for a child to finish stopping: milliseconds,
 * `"brutal"` (no wait: the child is killed at once) or `"infinity"`.
 */
export type ShutdownTime = number | "brutal" | "infinity";

/** The notice a watcher receives when a watched actor stops for good. */
export interface Terminated {
  /** The actor that stopped. */
  readonly ref: AnyActorRef;
  /** Its path. */
  readonly path: string;
  /**
   * Why it stopped; `node-down` when the actor lived on a cluster node that
   * was lost (it may still be running there, unreachable).
   */
  readonly reason: TerminatedReason;
  /** The failure, when `reason` is `failed`. */
  readonly error?: unknown;
}

/** Why a watched actor is gone: how it stopped, or `node-down`. */
export type TerminatedReason = StopReason | "node-down";

/** A timer that can be cancelled. */
export interface Cancellable {
  /** Cancels the timer; cancelling twice does nothing. */
  cancel(): void;
}

/** Options for spawning an actor. */
export interface SpawnOptions<Args> {
  /**
   * The name, unique among its siblings; it cannot contain `/` or start with
   * `$`. Defaults to a generated `$1`, `$2`, ...
   */
  readonly name?: string;
  /** The arguments for `init`, kept for every restart. */
  readonly args?: Args;
  /** Mailbox bound and overflow policy. Defaults to unbounded. */
  readonly mailbox?: MailboxOptions;
  /**
   * How the parent handles this actor's failures. Defaults to restart, at
   * most 3 times in 5000 ms, then stop it.
   */
  readonly supervision?: SupervisionOptions;
  /**
   * How long the parent waits for this actor to stop. Defaults to 5000 (OTP's
   * default for workers; supervisors default to `"infinity"`).
   */
  readonly shutdown?: ShutdownTime;
  /** Also register the actor under this system-wide name (see `whereIs`). */
  readonly register?: string;
}

/**
 * The spawn options as a rest parameter: optional when `init` takes no
 * arguments, required (with `args`) when it does.
 *
 * @typeParam Args The arguments `init` takes.
 */
export type SpawnArgs<Args> = undefined extends Args
  ? [options?: SpawnOptions<Args>]
  : [options: SpawnOptions<Args> & { readonly args: Args }];

/**
 * What a handler may use.
 *
 * @typeParam Msg The actor's own message type.
 */
export interface ActorContext<Msg> {
  /** The actor's own ref. */
  readonly self: ActorRef<Msg>;
  /** The parent's ref, or `undefined` for a top-level actor. */
  readonly parent: AnyActorRef | undefined;
  /** The system the actor lives in. */
  readonly system: ActorSystem;
  /** The actor's path. */
  readonly path: string;
  /** Aborts when the actor begins to stop or to restart. */
  readonly signal: AbortSignal;
  /** How many times the actor has restarted. */
  readonly restarts: number;
  /** The running children, in start order. */
  readonly children: readonly AnyActorRef[];
  /**
   * Spawns a child supervised by this actor.
   *
   * @typeParam M The child's messages.
   * @typeParam S The child's state.
   * @typeParam A The child's `init` arguments.
   * @param definition What the child does.
   * @param options Name, arguments, mailbox, supervision.
   * @returns The child's ref.
   * @throws {SpawnError} When the name is taken or this actor is stopping.
   */
  spawn<M, S, A>(
    definition: ActorDefinition<M, S, A>,
    ...options: SpawnArgs<A>
  ): ActorRef<M>;
  /**
   * Finds a child by name.
   *
   * @param name The child's name.
   * @returns Its ref, or `undefined`.
   */
  child(name: string): AnyActorRef | undefined;
  /**
   * Stops this actor after the current message, or one of its children
   * (reason `shutdown`, within its shutdown time).
   *
   * @param child A child to stop. Defaults to this actor.
   * @returns For a child, resolves when it has stopped; for this actor,
   * resolves at once (the stop happens after the current message, so a
   * handler can never wait for it).
   */
  stop(child?: AnyActorRef): Promise<void>;
  /**
   * Sends this actor `toMessage(notice)` when `ref` stops for good (at once
   * if it has stopped already). Restarts are not stops.
   *
   * @typeParam T The watched actor's messages.
   * @param ref The actor to watch.
   * @param toMessage Turns the notice into one of this actor's messages.
   */
  watch<T>(ref: ActorRef<T>, toMessage: (notice: Terminated) => Msg): void;
  /**
   * Stops watching `ref`; a notice not yet sent will not be.
   *
   * @typeParam T The watched actor's messages.
   * @param ref The watched actor.
   */
  unwatch<T>(ref: ActorRef<T>): void;
  /**
   * Sends this actor `message` once after `ms` milliseconds.
   *
   * @param message The message.
   * @param ms The delay.
   * @returns A handle to cancel it.
   */
  sendAfter(message: Msg, ms: number): Cancellable;
  /**
   * Sends this actor `message` every `ms` milliseconds.
   *
   * @param message The message.
   * @param ms The period.
   * @returns A handle to cancel it.
   */
  sendInterval(message: Msg, ms: number): Cancellable;
  /**
   * Subscribes this actor to a topic of its broker (the system's, or the one
   * its subtree inherits: see `withBroker`). Idempotent; kept across
   * restarts, removed when the actor stops.
   *
   * @typeParam T The topic's messages, which must be among this actor's.
   * @param topic The topic.
   */
  subscribe<T extends Msg>(topic: Topic<T>): void;
  /**
   * Subscribes this actor to a topic through a mapper into its own messages;
   * subscribing again replaces the mapper.
   *
   * @typeParam T The topic's messages.
   * @param topic The topic.
   * @param toMessage Maps a published message into one of this actor's.
   */
  subscribe<T>(topic: Topic<T>, toMessage: (message: T) => Msg): void;
  /**
   * Ends this actor's subscription to a topic of its broker.
   *
   * @typeParam T The topic's messages.
   * @param topic The topic.
   * @returns Whether it was subscribed.
   */
  unsubscribe<T>(topic: Topic<T>): boolean;
  /**
   * Publishes on this actor's broker.
   *
   * @typeParam T The topic's messages.
   * @param topic The topic.
   * @param message The message.
   * @returns How many subscribers took it without a drop.
   */
  publish<T>(topic: Topic<T>, message: NoInfer<T>): number;
}
