/**
 * The class style: a thin adapter that turns a class into an
 * {@linkcode ActorDefinition}, so there is one engine.
 *
 * Follows Akka classic's `Actor` class (fields are the state; a restart
 * constructs a new instance, as Akka does).
 *
 * @module
 */

import type { ActorContext } from "./actor_context.ts";
import type { ActorDefinition } from "./actor_definition.ts";
import type { StopReason } from "./events.ts";

/**
 * Base class for class-style actors: the instance is the state.
 *
 * @typeParam Msg The messages it accepts.
 * @example
 * ```ts
 * import { Actor, ActorSystem, classActor, type ReplyPort } from "@understudy/runtime";
 * type Msg = { type: "inc" } | { type: "get"; replyTo: ReplyPort<number> };
 * class Counter extends Actor<Msg> {
 *   #count = 0;
 *   receive(msg: Msg) {
 *     if (msg.type === "inc") this.#count++;
 *     else msg.replyTo.reply(this.#count);
 *   }
 * }
 * await using system = new ActorSystem();
 * const ref = system.spawn(classActor(Counter));
 * ref.tell({ type: "inc" });
 * console.assert(await ref.ask<number>((replyTo) => ({ type: "get", replyTo })) === 1);
 * ```
 */
export abstract class Actor<Msg> {
  /** The actor's context. */
  readonly ctx: ActorContext<Msg>;

  /**
   * Creates the instance; runs at spawn and at every restart.
   *
   * @param ctx The actor's context.
   */
  constructor(ctx: ActorContext<Msg>) {
    this.ctx = ctx;
  }

  /**
   * Handles one message; may be async. Throwing fails the actor.
   *
   * @param message The message.
   */
  abstract receive(message: Msg): void | PromiseLike<void>;

  /**
   * Cleans up when the actor stops or before a restart.
   *
   * @param _reason Why it stops.
   */
  stopped(_reason: StopReason): void | PromiseLike<void> {}
}

/** A constructor of a class-style actor taking `Args` after the context. */
export type ActorClass<Msg, Args> = new (
  ctx: ActorContext<Msg>,
  args: Args,
) => Actor<Msg>;

/**
 * Adapts an {@linkcode Actor} subclass to a definition.
 *
 * @typeParam Msg The messages it accepts.
 * @typeParam Args The constructor's second argument (`void` for none).
 * @param actorClass The class.
 * @param kind The kind shown by inspection. Defaults to the class name.
 * @returns A definition whose state is the instance.
 */
export function classActor<Msg, Args = void>(
  actorClass: ActorClass<Msg, Args>,
  kind: string = actorClass.name,
): ActorDefinition<Msg, Actor<Msg>, Args> {
  return {
    kind,
    init: (args, ctx) => new actorClass(ctx, args),
    receive: (instance, message) => {
      const result = instance.receive(message);
      return result === undefined ? undefined : result.then(() => undefined);
    },
    stopped: (instance, reason) => instance.stopped(reason),
  };
}
