/**
 * Actor definitions: what an actor does, as a plain object.
 *
 * Follows ractor's `Actor` trait (`pre_start` builds state from arguments,
 * `handle` takes one message at a time, `post_stop` cleans up) and OTP's
 * `gen_server` (`init`, `handle_*`, `terminate`). A restart runs `init` again
 * with the same arguments: clean state. The class style in `class_actor.ts` is
 * a thin adapter over this form.
 *
 * @module
 */

import type { ActorContext } from "./actor_context.ts";
import type { StopReason } from "./events.ts";

/**
 * What an actor does.
 *
 * @typeParam Msg The messages it accepts.
 * @typeParam State Its private state.
 * @typeParam Args The arguments its `init` takes (`void` for none).
 */
export interface ActorDefinition<Msg, State = unknown, Args = void> {
  /** A name for this kind of actor, shown by inspection. */
  readonly kind?: string;
  /**
   * Builds the initial state. Runs at spawn and again at every restart with
   * the same `args`. Throwing or rejecting is a failure of the actor.
   *
   * @param args The arguments given at spawn.
   * @param ctx The actor's context.
   * @returns The initial state, or a promise of it.
   */
  init(args: Args, ctx: ActorContext<Msg>): State | PromiseLike<State>;
  /**
   * Handles one message. Return the next state, or nothing to keep the
   * current one (mutating it in place is fine). A handler that returns a
   * promise suspends only this actor until it settles. Throwing or rejecting
   * fails the actor.
   *
   * @param state The current state.
   * @param message The message.
   * @param ctx The actor's context.
   * @returns The next state, nothing, or a promise of either.
   */
  receive(
    state: State,
    message: Msg,
    ctx: ActorContext<Msg>,
  ): State | void | PromiseLike<State | void>;
  /**
   * Cleans up, when the actor stops and before a restart replaces the state.
   * Its errors are reported on the event stream and otherwise ignored.
   *
   * @param state The last state.
   * @param reason Why the actor stops (`failed` before a restart).
   * @param ctx The actor's context.
   */
  stopped?(
    state: State,
    reason: StopReason,
    ctx: ActorContext<Msg>,
  ): void | PromiseLike<void>;
  /**
   * Returns a JSON-friendly view of the state for inspection (the control
   * plane shows it). Defaults to none: state stays private.
   *
   * @param state The current state.
   * @returns A snapshot.
   */
  snapshot?(state: State): unknown;
}

/**
 * Returns its argument, so TypeScript infers the message, state and argument
 * types from the handlers.
 *
 * @typeParam Msg The messages the actor accepts.
 * @typeParam State Its private state.
 * @typeParam Args The arguments `init` takes.
 * @param definition The definition.
 * @returns The same definition.
 * @example A counter
 * ```ts
 * import { defineActor } from "@understudy/runtime";
 * const counter = defineActor({
 *   init: (start: number) => start,
 *   receive: (n: number, msg: "inc") => (msg === "inc" ? n + 1 : n),
 * });
 * console.assert(counter.init(1, undefined as never) === 1);
 * ```
 */
export function defineActor<Msg, State, Args = void>(
  definition: ActorDefinition<Msg, State, Args>,
): ActorDefinition<Msg, State, Args> {
  return definition;
}
