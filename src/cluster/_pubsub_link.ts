/**
 * Process groups and topics across nodes, on the core's links.
 *
 * Groups (as OTP `pg` over distribution): each node tells every other node
 * when a local actor joins or leaves a group of a spanned scope, and sends a
 * newcomer its local members; the other nodes add the remote ref to their
 * local view of the group. A down node's members leave everywhere. Joins and
 * leaves travel on the node-to-node stream, so they are ordered with the
 * messages between the two nodes.
 *
 * Topics (when enabled): a message published on the system broker is
 * published on the NATS subject of its topic; a node listens on the subjects
 * of the topics it has subscribers for and hands what arrives to its broker.
 * Delivery is at most once; order is kept per publishing node and topic.
 *
 * @module
 */

import type { NatsConnection, Subscription } from "@nats-io/nats-core";
import type { AnyActorRef } from "../core/actor_context.ts";
import type { ActorSystem } from "../core/actor_system.ts";
import { brokerOf } from "../core/broker.ts";
import { group, groupsOf } from "../core/process_group.ts";
import type { Engine } from "./_engine.ts";
import { GROUP } from "./_frames.ts";
import { RemoteRef } from "./remote_ref.ts";

/** Settings of the link. */
export interface PubSubSettings {
  readonly system: ActorSystem;
  readonly engine: Engine;
  readonly nc: NatsConnection;
  readonly prefix: string;
  /** The group scopes that span the cluster. */
  readonly scopes: readonly string[];
  /** Whether the system broker's topics span the cluster. */
  readonly topics: boolean;
  /** The nodes that are up now (others than this one). */
  readonly peers: () => string[];
}

/** Groups and topics across the cluster. */
export class PubSubLink {
  readonly #s: PubSubSettings;
  readonly #subs = new Map<string, Subscription>();

  constructor(settings: PubSubSettings) {
    this.#s = settings;
  }

  /** Attaches the links. */
  start(): void {
    const { system, engine, scopes } = this.#s;
    for (const scope of scopes) {
      groupsOf(system, scope).link({
        joined: (name, ref) => this.#broadcast(scope, name, ref, 1),
        left: (name, ref) => this.#broadcast(scope, name, ref, 0),
      });
    }
    engine.onGroup = (from, frame) => this.#onGroup(from, frame);
    if (!this.#s.topics) return;
    const broker = brokerOf(system);
    broker.link({
      published: (topic, message) => this.#publish(topic, message),
      interest: (topic, active) => this.#interest(topic, active),
    });
    for (const info of broker.topics()) {
      if (info.scope === "/" && info.subscribers > 0) {
        this.#interest(info.name, true);
      }
    }
  }

  /** Detaches the links. */
  stop(): void {
    for (const scope of this.#s.scopes) {
      groupsOf(this.#s.system, scope).link(null);
    }
    if (this.#s.topics) brokerOf(this.#s.system).link(null);
    for (const sub of this.#subs.values()) sub.unsubscribe();
    this.#subs.clear();
  }

  /** Sends a node that came up every local member of the spanned groups. */
  nodeUp(node: string): void {
    const { system, engine, scopes } = this.#s;
    for (const scope of scopes) {
      for (const info of groupsOf(system, scope).groups()) {
        for (const ref of groupsOf(system, scope).members(group(info.name))) {
          if (ref instanceof RemoteRef) continue;
          engine.send(node, frame(scope, info.name, ref.path, 1));
        }
      }
    }
  }

  /** Removes a down node's members from every spanned group. */
  nodeDown(node: string): void {
    const { system, scopes } = this.#s;
    for (const scope of scopes) {
      const groups = groupsOf(system, scope);
      for (const info of groups.groups()) {
        const key = group(info.name);
        for (const ref of groups.members(key)) {
          if (ref instanceof RemoteRef && ref.node === node) {
            groups.leave(key, ref as AnyActorRef);
          }
        }
      }
    }
  }

  #broadcast(scope: string, name: string, ref: AnyActorRef, join: 0 | 1): void {
    const text = frame(scope, name, ref.path, join);
    for (const node of this.#s.peers()) this.#s.engine.send(node, text);
  }

  #onGroup(from: string, f: unknown[]): void {
    const [, scope, name, path, join] = f as [
      number,
      string,
      string,
      string,
      number,
    ];
    if (!this.#s.scopes.includes(scope)) return;
    const groups = groupsOf(this.#s.system, scope);
    const ref = this.#s.engine.refFor(from, path);
    if (join === 1) groups.join(group<never>(name), ref);
    else groups.leave(group(name), ref);
  }

  #subject(topic: string): string {
    const bytes = new TextEncoder().encode(topic);
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    const token = btoa(binary).replaceAll("+", "-").replaceAll("/", "_")
      .replaceAll("=", "");
    return `${this.#s.prefix}.topic.${token}`;
  }

  #publish(topic: string, message: unknown): void {
    const { engine, nc } = this.#s;
    const payload = engine.encodeMessage(`topic "${topic}"`, message);
    if (nc.isClosed()) return;
    nc.publish(
      this.#subject(topic),
      `[${JSON.stringify(engine.self)},${payload}]`,
    );
  }

  #interest(topic: string, active: boolean): void {
    const existing = this.#subs.get(topic);
    if (!active) {
      existing?.unsubscribe();
      this.#subs.delete(topic);
      return;
    }
    if (existing !== undefined || this.#s.nc.isClosed()) return;
    const { engine, system } = this.#s;
    this.#subs.set(
      topic,
      this.#s.nc.subscribe(this.#subject(topic), {
        callback: (error, msg) => {
          if (error !== null) return;
          try {
            const [from, payload, enc] = JSON.parse(msg.string());
            if (from === engine.self || engine.isDown(from)) return;
            brokerOf(system).deliver(
              topic,
              engine.decodeMessage(from, payload, enc),
            );
          } catch (cause) {
            console.error("understudy: bad topic message", cause);
          }
        },
      }),
    );
  }
}

function frame(scope: string, name: string, path: string, join: 0 | 1): string {
  return `[${GROUP},${JSON.stringify(scope)},${JSON.stringify(name)},${
    JSON.stringify(path)
  },${join}]`;
}
