/**
 * Typed topic keys: a name and, for the compiler only, the type of the
 * messages published on it.
 *
 * Follows Akka Typed's `Topic[T]` name and OTP's habit of naming things with
 * plain terms: a key is plain data (`{ kind: "topic", name }`), so the same
 * key names the same topic on another node once the cluster extends brokers
 * across nodes. Unlike Akka, a topic is not an actor: a broker delivers a
 * publish directly to each subscriber's mailbox.
 *
 * @module
 */

import { checkName } from "./_pubsub.ts";

/**
 * A typed topic key. Two keys with the same name are the same topic.
 *
 * @typeParam T The messages published on the topic.
 */
export interface Topic<T> {
  /** Always `"topic"`. */
  readonly kind: "topic";
  /** The topic's name, a plain string. */
  readonly name: string;
  /**
   * Type-level only, never present at run time: makes `Topic<A>` and
   * `Topic<B>` incompatible, so a wrong message does not compile.
   */
  readonly "~message"?: (message: T) => T;
}

/**
 * Makes a typed topic key.
 *
 * @typeParam T The messages published on the topic.
 * @param name The topic's name: a non-empty string.
 * @returns The key, frozen.
 * @throws {TypeError} When the name is not a non-empty string.
 * @example Publish prices to a subscriber
 * ```ts
 * import { ActorSystem, brokerOf, defineActor, type ReplyPort, topic } from "@understudy/runtime";
 * type Price = { symbol: string; price: number };
 * const prices = topic<Price>("prices");
 * type Msg = Price | { replyTo: ReplyPort<number> };
 * const last = defineActor({
 *   init: () => 0,
 *   receive: (seen: number, msg: Msg) =>
 *     "replyTo" in msg ? msg.replyTo.reply(seen) : msg.price,
 * });
 * await using system = new ActorSystem();
 * const ref = system.spawn(last);
 * const broker = brokerOf(system);
 * broker.subscribe(prices, ref);
 * broker.publish(prices, { symbol: "AAPL", price: 101 });
 * console.assert(await ref.ask<number>((replyTo) => ({ replyTo })) === 101);
 * ```
 */
export function topic<T>(name: string): Topic<T> {
  return Object.freeze({ kind: "topic", name: checkName(name, "topic") });
}
