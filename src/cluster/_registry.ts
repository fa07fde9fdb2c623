/**
 * The cluster-wide name registry, stored in a JetStream key-value bucket
 * (`understudy_<cluster>`): each key is a name, each value the node,
 * incarnation and path of the actor. Creation is atomic on the server, so
 * of two nodes registering one name at the same time exactly one wins.
 *
 * Follows Erlang's `global` (`register_name` fails on a taken name; names of
 * a lost node are removed) with NATS's store instead of a lock protocol.
 *
 * @module
 */

import type { KV, KvEntry } from "@nats-io/kv";
import type { AnyActorRef } from "../core/actor_context.ts";
import { errorMessage, SpawnError } from "../core/errors.ts";
import { isActorRef } from "./codec.ts";
import type { Engine } from "./_engine.ts";
import { RemoteRef } from "./remote_ref.ts";

/** A registry value. */
interface Entry {
  readonly node: string;
  readonly inc: string;
  readonly path: string;
}

/** What the registry asks of membership. */
export interface RegistryMembers {
  isUp(node: string): boolean;
  incarnationOf(node: string): string | undefined;
}

const NAME = /^[-_=a-zA-Z0-9][-_=.a-zA-Z0-9]*$/;

/** Checks a cluster-wide name. */
export function checkName(name: unknown): string {
  if (typeof name !== "string" || !NAME.test(name) || name.endsWith(".")) {
    throw new TypeError(
      `Invalid cluster name "${name}": use letters, digits, "-", "_", "=" and inner "."`,
    );
  }
  return name;
}

/** The registry of one node. */
export class Registry {
  readonly #kv: KV | null;
  readonly #why: string;
  readonly #engine: Engine;
  readonly #members: RegistryMembers;
  /** Names this node registered: name to revision. */
  readonly #own = new Map<string, { path: string; revision: number }>();

  constructor(
    kv: KV | null,
    why: string,
    engine: Engine,
    members: RegistryMembers,
  ) {
    this.#kv = kv;
    this.#why = why;
    this.#engine = engine;
    this.#members = members;
  }

  #store(): KV {
    if (this.#kv === null) {
      throw new Error(
        `The cluster registry is unavailable: ${this.#why} (start nats-server with JetStream: -js)`,
      );
    }
    return this.#kv;
  }

  /** Whether an entry points at a node incarnation that is gone. */
  #stale(entry: Entry): boolean {
    if (entry.node === this.#engine.self) {
      return entry.inc !== this.#members.incarnationOf(entry.node) ||
        this.#engine.localRef(entry.path) === undefined;
    }
    if (!this.#members.isUp(entry.node)) return true;
    const inc = this.#members.incarnationOf(entry.node);
    return inc !== undefined && inc !== entry.inc;
  }

  async register(name: string, ref: AnyActorRef): Promise<void> {
    checkName(name);
    if (!isActorRef(ref)) {
      throw new TypeError(`Cannot register "${name}": not an actor ref`);
    }
    const kv = this.#store();
    const node = ref instanceof RemoteRef ? ref.node : this.#engine.self;
    const inc = this.#members.incarnationOf(node);
    if (
      inc === undefined ||
      (node !== this.#engine.self && !this.#members.isUp(node))
    ) {
      throw new SpawnError(
        ref.path,
        `Cannot register actor as "${name}": node "${node}" is not up`,
      );
    }
    const value = JSON.stringify({ node, inc, path: ref.path });
    let revision: number;
    try {
      revision = await kv.create(name, value);
    } catch (error) {
      const current = await kv.get(name);
      // No entry: the create failed for another reason (JetStream not ready).
      if (current === null) throw error;
      const entry = parse(current);
      if (entry !== undefined && !this.#stale(entry)) {
        if (entry.node === node && entry.path === ref.path) return;
        throw new SpawnError(
          ref.path,
          `Cannot register actor as "${name}": name is taken by "${entry.path}" on node "${entry.node}"`,
          { cause: error },
        );
      }
      try {
        revision = await kv.update(name, value, current.revision);
      } catch (cause) {
        throw new SpawnError(
          ref.path,
          `Cannot register actor as "${name}": name is taken (${
            errorMessage(cause)
          })`,
          { cause },
        );
      }
    }
    if (node === this.#engine.self) {
      this.#own.set(name, { path: ref.path, revision });
      this.#engine.watches.watchLocal(ref, () => {
        const own = this.#own.get(name);
        if (own !== undefined && own.revision === revision) {
          this.#own.delete(name);
          kv.delete(name, { previousSeq: revision }).catch(() => {});
        }
      });
    }
  }

  async unregister(name: string): Promise<boolean> {
    checkName(name);
    const kv = this.#store();
    const current = await kv.get(name);
    if (parse(current) === undefined) return false;
    this.#own.delete(name);
    try {
      await kv.delete(name, { previousSeq: current!.revision });
      return true;
    } catch {
      return false;
    }
  }

  async whereIs(name: string): Promise<AnyActorRef | undefined> {
    checkName(name);
    const entry = parse(await this.#store().get(name));
    if (entry === undefined || this.#stale(entry)) return undefined;
    return this.#engine.refFor(entry.node, entry.path);
  }

  /** The names and where they point, skipping stale entries. */
  async names(): Promise<{ name: string; node: string; path: string }[]> {
    const kv = this.#store();
    const out: { name: string; node: string; path: string }[] = [];
    for await (const key of await kv.keys()) {
      const entry = parse(await kv.get(key));
      if (entry !== undefined && !this.#stale(entry)) {
        out.push({ name: key, node: entry.node, path: entry.path });
      }
    }
    return out.sort((a, b) => a.name < b.name ? -1 : 1);
  }

  /** Removes the names of a node that went down (if still its own). */
  async nodeDown(node: string, inc: string | undefined): Promise<void> {
    const kv = this.#kv;
    if (kv === null) return;
    try {
      for await (const key of await kv.keys()) {
        const current = await kv.get(key);
        const entry = parse(current);
        // The node may have come back (a healed partition) while this ran,
        // and written its names again: those stay.
        if (this.#members.isUp(node)) return;
        if (entry?.node === node && (inc === undefined || entry.inc === inc)) {
          await kv.delete(key, { previousSeq: current!.revision }).catch(
            () => {},
          );
        }
      }
    } catch {
      // The store is unreachable now; the entries stay stale and are
      // ignored by `whereIs` and replaced by `register`.
    }
  }

  /**
   * Writes this node's names again where they were removed (after a
   * reconnect or a healed partition). Calls while one runs make it run once
   * more; a name now held by another running actor is given up.
   */
  async reassert(): Promise<void> {
    if (this.#kv === null) return;
    if (this.#reasserting) {
      this.#again = true;
      return;
    }
    this.#reasserting = true;
    try {
      // A few rounds: a race or an unreachable store gets retried, a
      // store that stays unreachable is left to the next reconnect.
      for (let round = 0; round < 5; round++) {
        this.#again = false;
        await this.#reassertOnce(this.#kv);
        if (!this.#again) break;
      }
    } finally {
      this.#reasserting = false;
    }
  }

  #reasserting = false;
  #again = false;

  async #reassertOnce(kv: KV): Promise<void> {
    const self = this.#engine.self;
    const inc = this.#members.incarnationOf(self)!;
    for (const [name, own] of [...this.#own]) {
      const value = JSON.stringify({ node: self, inc, path: own.path });
      try {
        const current = await kv.get(name);
        const entry = parse(current);
        if (entry?.node === self && entry.inc === inc) continue;
        if (entry === undefined || current === null) {
          own.revision = await kv.create(name, value);
        } else if (this.#stale(entry)) {
          own.revision = await kv.update(name, value, current.revision);
        } else {
          this.#own.delete(name);
        }
      } catch {
        // The store is unreachable or raced: the next reassert tries again.
        this.#again = true;
        return;
      }
    }
  }
}

function parse(entry: KvEntry | null): Entry | undefined {
  if (entry === null || entry.operation !== "PUT") return undefined;
  try {
    const value = entry.json<Entry>();
    return typeof value?.node === "string" && typeof value.path === "string"
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}
