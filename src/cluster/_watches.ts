/**
 * Watches across nodes, both ways: local actors watching remote ones (a
 * `WATCH` frame to their node, a `DOWN` frame back when they stop, or
 * `node-down` when their node is lost), and remote nodes watching local actors
 * (through a small agent actor that watches them locally).
 *
 * Follows Erlang's monitors: one `DOWN` per watch, `noconnection` (here
 * `node-down`) when the node is lost; a watch on an actor that does not exist
 * fires at once with reason `normal`.
 *
 * @module
 */

import type { AnyActorRef, Terminated } from "../core/actor_context.ts";
import { defineActor } from "../core/actor_definition.ts";
import type { Engine } from "./_engine.ts";
import { DOWN, UNWATCH, WATCH } from "./_frames.ts";
import type { RemoteRef } from "./remote_ref.ts";
import { fromWireError, toWireError, type WireError } from "./_wire_errors.ts";

/** The agent's messages. */
type AgentMsg =
  | { readonly t: "watch"; readonly ref: AnyActorRef }
  | { readonly t: "unwatch"; readonly ref: AnyActorRef }
  | { readonly t: "down"; readonly notice: Terminated };

/** The name of the agent actor each cluster node runs at the top level. */
export const AGENT_NAME = "understudy-cluster";

const agent = defineActor({
  kind: "understudy-cluster",
  init: (watches: Watches) => watches,
  receive(watches: Watches, msg: AgentMsg, ctx) {
    if (msg.t === "watch") {
      ctx.watch(msg.ref, (notice) => ({ t: "down", notice }));
    } else if (msg.t === "unwatch") ctx.unwatch(msg.ref);
    else watches.localDown(msg.notice);
    return watches;
  },
});

/** Watch bookkeeping of one node. */
export class Watches {
  readonly #engine: Engine;
  /** Remote actors watched here: `node\0path` to its local watchers. */
  readonly #remote = new Map<
    string,
    {
      ref: RemoteRef<unknown>;
      watchers: Map<AnyActorRef, (n: Terminated) => void>;
    }
  >();
  /** Which remote watches each local watcher holds. */
  readonly #byWatcher = new Map<AnyActorRef, Set<string>>();
  /** Local actors watched from elsewhere: path to the watching nodes. */
  readonly #local = new Map<string, Set<string>>();
  /** Callbacks for local actors the node itself follows (registry). */
  readonly #hooks = new Map<string, Array<() => void>>();
  #agent: AnyActorRef | null = null;

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  /** Spawns the agent actor. */
  start(): void {
    this.#agent = this.#engine.system.spawn(agent, {
      name: AGENT_NAME,
      args: this,
    }) as AnyActorRef;
  }

  #tellAgent(msg: AgentMsg): void {
    (this.#agent as unknown as { tell(m: AgentMsg): boolean } | null)?.tell(
      msg,
    );
  }

  /** A local watcher starts or cancels a watch of a remote ref. */
  watch(
    ref: RemoteRef<unknown>,
    watcher: AnyActorRef,
    deliver: ((notice: Terminated) => void) | null,
  ): void {
    const key = `${ref.node}\u0000${ref.path}`;
    let entry = this.#remote.get(key);
    if (deliver === null) {
      if (entry === undefined || !entry.watchers.delete(watcher)) return;
      this.#byWatcher.get(watcher)?.delete(key);
      if (entry.watchers.size === 0) {
        this.#remote.delete(key);
        this.#send(ref.node, UNWATCH, ref.path);
      }
      return;
    }
    if (this.#engine.isDown(ref.node)) {
      deliver({ ref: ref as AnyActorRef, path: ref.path, reason: "node-down" });
      return;
    }
    if (entry === undefined) {
      entry = { ref, watchers: new Map() };
      this.#remote.set(key, entry);
      this.#send(ref.node, WATCH, ref.path);
    }
    entry.watchers.set(watcher, deliver);
    let keys = this.#byWatcher.get(watcher);
    if (keys === undefined) {
      this.#byWatcher.set(watcher, keys = new Set());
      this.#tellAgent({ t: "watch", ref: watcher });
    }
    keys.add(key);
  }

  #send(node: string, kind: number, path: string): void {
    if (node === this.#engine.self) {
      if (kind === WATCH) this.remoteWatch(node, path);
      else this.remoteUnwatch(node, path);
    } else this.#engine.send(node, `[${kind},${JSON.stringify(path)}]`);
  }

  /** A node asks to watch a local actor. */
  remoteWatch(from: string, path: string): void {
    const ref = this.#engine.localRef(path);
    if (ref === undefined) {
      this.#sendDown(from, path, "normal", null);
      return;
    }
    let nodes = this.#local.get(path);
    if (nodes === undefined) {
      this.#local.set(path, nodes = new Set());
      this.#tellAgent({ t: "watch", ref });
    }
    nodes.add(from);
  }

  /** A node cancels its watch of a local actor. */
  remoteUnwatch(from: string, path: string): void {
    const nodes = this.#local.get(path);
    if (nodes === undefined) return;
    nodes.delete(from);
    if (nodes.size === 0) {
      this.#local.delete(path);
      const ref = this.#engine.localRef(path);
      if (
        ref !== undefined && !this.#hooks.has(path) && !this.#byWatcher.has(ref)
      ) {
        this.#tellAgent({ t: "unwatch", ref });
      }
    }
  }

  /** Calls `callback` once when a local actor stops. */
  watchLocal(ref: AnyActorRef, callback: () => void): void {
    let hooks = this.#hooks.get(ref.path);
    if (hooks === undefined) this.#hooks.set(ref.path, hooks = []);
    hooks.push(callback);
    this.#tellAgent({ t: "watch", ref });
  }

  /** A local actor the agent watches stopped. */
  localDown(notice: Terminated): void {
    const hooks = this.#hooks.get(notice.path);
    if (hooks !== undefined) {
      this.#hooks.delete(notice.path);
      for (const hook of hooks) hook();
    }
    const nodes = this.#local.get(notice.path);
    if (nodes !== undefined) {
      this.#local.delete(notice.path);
      const error = notice.error === undefined
        ? null
        : toWireError(notice.error);
      for (const node of nodes) {
        this.#sendDown(node, notice.path, notice.reason, error);
      }
    }
    const keys = this.#byWatcher.get(notice.ref);
    if (keys !== undefined) {
      this.#byWatcher.delete(notice.ref);
      for (const key of keys) {
        const entry = this.#remote.get(key);
        if (entry === undefined) continue;
        entry.watchers.delete(notice.ref);
        if (entry.watchers.size === 0) {
          this.#remote.delete(key);
          this.#send(entry.ref.node, UNWATCH, entry.ref.path);
        }
      }
    }
  }

  #sendDown(
    node: string,
    path: string,
    reason: string,
    error: WireError | null,
  ): void {
    if (node === this.#engine.self) {
      this.remoteDown(node, path, reason as Terminated["reason"], error);
      return;
    }
    this.#engine.send(
      node,
      `[${DOWN},${JSON.stringify(path)},${JSON.stringify(reason)},${
        JSON.stringify(error)
      }]`,
    );
  }

  /** A watched remote actor stopped. */
  remoteDown(
    node: string,
    path: string,
    reason: Terminated["reason"],
    error: WireError | null,
  ): void {
    const key = `${node}\u0000${path}`;
    const entry = this.#remote.get(key);
    if (entry === undefined) return;
    this.#remote.delete(key);
    entry.ref.markStopped();
    const notice: Terminated = error === null
      ? { ref: entry.ref as AnyActorRef, path, reason }
      : {
        ref: entry.ref as AnyActorRef,
        path,
        reason,
        error: fromWireError(error),
      };
    this.#deliver(key, entry.watchers, notice);
  }

  /** A node went down: its watched actors are gone, its watches too. */
  nodeDown(node: string): void {
    const prefix = `${node}\u0000`;
    for (const [key, entry] of [...this.#remote]) {
      if (!key.startsWith(prefix)) continue;
      this.#remote.delete(key);
      this.#deliver(key, entry.watchers, {
        ref: entry.ref as AnyActorRef,
        path: entry.ref.path,
        reason: "node-down",
      });
    }
    for (const [path, nodes] of [...this.#local]) {
      if (nodes.delete(node) && nodes.size === 0) {
        this.remoteUnwatch(node, path);
        this.#local.delete(path);
      }
    }
  }

  #deliver(
    key: string,
    watchers: Map<AnyActorRef, (n: Terminated) => void>,
    notice: Terminated,
  ): void {
    for (const [watcher, deliver] of watchers) {
      this.#byWatcher.get(watcher)?.delete(key);
      deliver(notice);
    }
  }

  /** How many watches are held, both ways (for inspection and tests). */
  get size(): { readonly remote: number; readonly local: number } {
    return { remote: this.#remote.size, local: this.#local.size };
  }
}
