/**
 * Brokers: typed publish/subscribe within a scope. A publish reaches every
 * actor subscribed to the topic in the broker's scope.
 *
 * Follows Acton's broker, which an actor inherits from its parent: an actor's
 * broker is the system's unless an ancestor was spawned from a definition
 * wrapped in {@linkcode withBroker}, which gives its subtree a broker of its
 * own (two instances of one subtree do not hear each other). Subscriptions
 * follow Akka Typed's `Topic`: typed, owned by the subscribing actor, kept
 * across its restarts (the ref is stable), removed when it stops. Unlike
 * Akka, no topic actor sits in between: a publish is a loop of `tell`s, so
 * each subscriber receives a publisher's messages in publish order, and a
 * bounded mailbox applies its own overflow policy.
 *
 * @module
 */

import { ActorCell } from "./actor_cell.ts";
import type { ActorContext, AnyActorRef } from "./actor_context.ts";
import type { ActorDefinition } from "./actor_definition.ts";
import type { ActorRef } from "./actor_ref.ts";
import { ActorSystem, runtimeOf } from "./actor_system.ts";
import type { Topic } from "./topic.ts";
import type { LocalBroker } from "./_local_broker.ts";
import { brokerFor, OWN_BROKER, systemBroker } from "./_broker_for.ts";
import { registryOf } from "./_pubsub.ts";

/** A topic as the control plane lists it. */
export interface TopicInfo {
  /** The broker's scope: `"/"` for the system's, else the owner's path. */
  readonly scope: string;
  /** The topic's name. */
  readonly name: string;
  /** How many actors subscribe to it now. */
  readonly subscribers: number;
  /** How many messages were published on it (or delivered from a link). */
  readonly published: number;
  /**
   * How many deliveries were dropped: a bounded mailbox rejected the message
   * or dropped one to take it, the subscriber had stopped, or its mapper
   * threw. Each is also a dead letter, with its reason.
   */
  readonly dropped: number;
}

/**
 * What a transport (the cluster) plugs into a broker to carry its topics
 * across nodes. Topic names are plain strings and messages plain data, so
 * they can cross as they are.
 */
export interface BrokerLink {
  /**
   * A message was published on this node; forward it to the other nodes,
   * which hand it to their broker's {@linkcode Broker.deliver}.
   *
   * @param topic The topic's name.
   * @param message The message.
   */
  published(topic: string, message: unknown): void;
  /**
   * A topic gained its first subscriber here (`true`) or lost its last
   * (`false`), so the transport may start or stop listening for it.
   *
   * @param topic The topic's name.
   * @param active Whether anyone here subscribes now.
   */
  interest(topic: string, active: boolean): void;
}

/**
 * The broker of one scope. Get one with {@linkcode brokerOf}; inside a
 * handler, `ctx.publish` and `ctx.subscribe` use the actor's broker.
 */
export interface Broker {
  /** `"/"` for the system's broker, else the path of the scope's owner. */
  readonly scope: string;
  /**
   * Sends `message` to every subscriber of `topic`, in subscription order:
   * about one `tell` per subscriber.
   *
   * @typeParam T The topic's messages.
   * @param topic The topic.
   * @param message The message; its type must be the topic's.
   * @returns How many subscribers took it without a drop.
   * @throws {TypeError} When `topic` is not a topic key.
   */
  publish<T>(topic: Topic<T>, message: NoInfer<T>): number;
  /**
   * Subscribes an actor that accepts the topic's messages as they are.
   * Idempotent: one subscription per actor and topic, removed when the
   * actor stops, kept across its restarts.
   *
   * @typeParam M The subscriber's messages.
   * @typeParam T The topic's messages, which must be among the subscriber's.
   * @param topic The topic.
   * @param subscriber The actor.
   * @throws {TypeError} When `topic` or `subscriber` is invalid.
   */
  subscribe<M, T extends M>(topic: Topic<T>, subscriber: ActorRef<M>): void;
  /**
   * Subscribes an actor through a mapper into its own messages. Subscribing
   * again replaces the mapper.
   *
   * @typeParam T The topic's messages.
   * @typeParam M The subscriber's messages.
   * @param topic The topic.
   * @param subscriber The actor.
   * @param toMessage Maps a published message to one of the subscriber's;
   * if it throws, the message is a dead letter and the subscriber fails.
   * @throws {TypeError} When an argument is invalid.
   */
  subscribe<T, M>(
    topic: Topic<T>,
    subscriber: ActorRef<M>,
    toMessage: (message: T) => NoInfer<M>,
  ): void;
  /**
   * Ends a subscription.
   *
   * @typeParam T The topic's messages.
   * @param topic The topic.
   * @param subscriber The actor.
   * @returns Whether it was subscribed.
   */
  unsubscribe<T>(topic: Topic<T>, subscriber: AnyActorRef): boolean;
  /**
   * The current subscribers of a topic, in subscription order.
   *
   * @typeParam T The topic's messages.
   * @param topic The topic.
   * @returns Their refs.
   */
  subscribers<T>(topic: Topic<T>): readonly AnyActorRef[];
  /**
   * The topics this broker has seen, by name.
   *
   * @returns Their subscriber, publish and drop counts.
   */
  topics(): TopicInfo[];
  /**
   * For transports: delivers a message published on another node to this
   * broker's subscribers, without handing it back to the link.
   *
   * @param topic The topic's name.
   * @param message The message.
   * @returns How many subscribers took it without a drop.
   */
  deliver(topic: string, message: unknown): number;
  /**
   * For transports: attaches the link that carries this broker's topics to
   * other nodes, replacing any previous one (`null` detaches).
   *
   * @param link The link.
   */
  link(link: BrokerLink | null): void;
}

/**
 * Gives each actor spawned from `definition` (typically a supervisor) a
 * broker of its own, which its whole subtree inherits instead of the
 * system's, as an Acton actor passes its broker to its children. The broker
 * closes when that actor stops; a restart keeps it.
 *
 * @typeParam D The definition's type.
 * @param definition The definition.
 * @returns A copy of the definition with its own broker.
 * @throws {TypeError} When `definition` is not an object.
 * @example Two desks that do not hear each other
 * ```ts
 * import { ActorSystem, brokerOf, childSpec, defineActor, supervisor, topic, withBroker } from "@understudy/runtime";
 * const news = topic<string>("news");
 * const desk = withBroker(supervisor({
 *   children: [childSpec("reader", defineActor({
 *     init: (_: void, ctx) => void ctx.subscribe(news),
 *     receive: () => {},
 *   }))],
 * }));
 * await using system = new ActorSystem();
 * const a = system.spawn(desk, { name: "a" });
 * system.spawn(desk, { name: "b" });
 * console.assert(brokerOf(a).scope === "/a");
 * ```
 */
// deno-lint-ignore no-explicit-any
export function withBroker<D extends ActorDefinition<any, any, any>>(
  definition: D,
): D {
  if (definition === null || typeof definition !== "object") {
    throw new TypeError("Cannot give a broker: definition must be an object");
  }
  return { ...definition, [OWN_BROKER]: true };
}

/**
 * The broker in scope: the system's, or the one an actor inherits (the
 * nearest ancestor spawned from a {@linkcode withBroker} definition, itself
 * included).
 *
 * @param where A system, an actor's context, or an actor's ref.
 * @returns The broker.
 * @throws {TypeError} When `where` is none of these, or a remote ref.
 */
export function brokerOf(
  // deno-lint-ignore no-explicit-any
  where: ActorSystem | ActorContext<any> | AnyActorRef,
): Broker {
  if (where instanceof ActorSystem) return systemBroker(runtimeOf(where));
  const cell = ActorCell.of(where) ??
    ActorCell.of((where as { self?: unknown } | null)?.self);
  if (cell === undefined) {
    throw new TypeError(
      "Cannot find broker: expected a system, a context or a local actor ref",
    );
  }
  return brokerFor(cell);
}

/**
 * Every topic of a system: the system broker's, then each scoped broker's,
 * by scope and name.
 *
 * @param system The system.
 * @returns The topics with their counts.
 */
export function listTopics(system: ActorSystem): TopicInfo[] {
  const registry = registryOf(system);
  const brokers = [
    ...(registry.broker === null ? [] : [registry.broker as LocalBroker]),
    ...([...registry.scopedBrokers.values()] as LocalBroker[])
      .sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0)),
  ];
  return brokers.flatMap((broker) => broker.topics());
}
