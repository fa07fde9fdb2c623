/**
 * A cluster node: an `ActorSystem` joined to other nodes through NATS.
 * Remote actors are reached with ordinary `ActorRef`s, names are registered
 * cluster-wide in JetStream's key-value store, and a lost node is a
 * `Terminated` with reason `node-down` to watchers and a `NodeDownError` to
 * pending asks.
 *
 * Follows Erlang distribution (nodes, remote pids, `global`, `nodedown`) on
 * NATS instead of a full mesh: delivery is at most once, order is kept per
 * sender and receiver.
 *
 * @module
 */

import type { NatsConnection } from "@nats-io/nats-core";
import type { KV } from "@nats-io/kv";
import type { AnyActorRef } from "../core/actor_context.ts";
import type { ActorRef } from "../core/actor_ref.ts";
import type { ActorSystem } from "../core/actor_system.ts";
import { jsonCodec } from "./codec.ts";
import { Engine } from "./_engine.ts";
import { RESYNC } from "./_frames.ts";
import { Membership, type NodeInfo } from "./_membership.ts";
import { Registry } from "./_registry.ts";
import { PubSubLink } from "./_pubsub_link.ts";
import type { ClusterOptions, Spawner, SpawnRequest } from "./options.ts";
import { checkPath, checkSimple } from "./_checks.ts";
import type { DirectSetup } from "./_direct_setup.ts";
import { Inbound } from "./_inbound.ts";
import { DirectLinks } from "./_links.ts";
import { type BusyWait, holdBusyWait } from "./_busy_wait.ts";

export type { NodeInfo } from "./_membership.ts";

/** A change of membership seen by this node. */
export interface NodeEvent {
  /** `node-up` when a node joined or came back, `node-down` when lost. */
  readonly type: "node-up" | "node-down";
  /** The node. */
  readonly node: string;
}

/**
 * A node of a cluster. Create it with {@linkcode joinCluster}.
 *
 * @example List the nodes
 * ```ts ignore
 * import { joinCluster } from "@understudy/runtime/cluster";
 * const node = await joinCluster({ system, node: "a" });
 * for (const n of node.nodes()) console.log(n.name, n.status, n.lastHeartbeat);
 * ```
 */
export class ClusterNode implements AsyncDisposable {
  /** This node's name. */
  readonly name: string;
  /** The cluster's name. */
  readonly cluster: string;
  /** The joined system. */
  readonly system: ActorSystem;
  /** This node's incarnation: a random id chosen at join. */
  readonly incarnation: string;
  readonly #nc: NatsConnection;
  readonly #engine: Engine;
  readonly #membership: Membership;
  readonly #registry: Registry;
  readonly #pubsub: PubSubLink;
  readonly #links: DirectLinks | null;
  readonly #busy: BusyWait | null;
  readonly #listeners = new Set<(event: NodeEvent) => void>();
  #left: Promise<void> | null = null;

  /**
   * Creates the node; use {@linkcode joinCluster}.
   *
   * @param options The options.
   * @param nc The NATS connection.
   * @param kv The registry bucket, or `null`.
   * @param why Why the bucket is missing.
   * @param resolved The checked names and timings, and the direct link
   * listener (`null`: NATS only).
   */
  constructor(
    options: ClusterOptions,
    nc: NatsConnection,
    kv: KV | null,
    why: string,
    resolved: {
      node: string;
      cluster: string;
      heartbeatMs: number;
      downAfterMs: number;
      busyWaitMs: number;
      direct: DirectSetup | null;
    },
  ) {
    const direct = resolved.direct;
    this.name = resolved.node;
    this.cluster = resolved.cluster;
    this.system = options.system;
    this.incarnation = crypto.randomUUID().slice(0, 8);
    this.#nc = nc;
    const prefix = `understudy.${resolved.cluster}`;
    const membership: Membership = this.#membership = new Membership({
      nc,
      prefix,
      self: resolved.node,
      incarnation: this.incarnation,
      heartbeatMs: resolved.heartbeatMs,
      downAfterMs: resolved.downAfterMs,
      advert: direct ?? undefined,
      onUp: (node) => {
        this.#links?.nodeUp(node);
        this.#pubsub.nodeUp(node);
        this.#emit({ type: "node-up", node });
      },
      onDown: (node) => this.#nodeDown(node),
      onReturn: (node) => engine.send(node, `[${RESYNC}]`),
    });
    const engine = this.#engine = new Engine({
      system: options.system,
      nc,
      prefix,
      self: resolved.node,
      codec: options.codec ?? jsonCodec,
      isDown: (node) => membership.isDown(node),
    });
    this.#registry = new Registry(kv, why, engine, {
      isUp: (node) => node === this.name || membership.mayBeUp(node),
      incarnationOf: (node) => membership.incarnationOf(node),
    });
    this.#pubsub = new PubSubLink({
      system: options.system,
      engine,
      nc,
      prefix,
      scopes: [...(options.groups ?? ["default"])],
      topics: options.topics === true,
      peers: () =>
        membership.nodes().filter((n) => !n.self && n.status === "up").map((
          n,
        ) => n.name),
    });
    engine.onResync = (node) => {
      // The other side had declared us down. Unless we saw the same loss
      // (or still see it), settle it as if we had (its names stay: it is
      // up), then write our names back where it removed them.
      if (!membership.isDown(node) && !membership.sawReturn(node)) {
        this.#nodeDown(node, false);
        this.#pubsub.nodeUp(node);
        this.#emit({ type: "node-up", node });
      }
      void this.#registry.reassert();
    };
    const inbound = new Inbound(engine);
    const busy = this.#busy = holdBusyWait(resolved.busyWaitMs);
    engine.transport.busy = busy;
    inbound.busy = busy;
    this.#links = direct === null ? null : new DirectLinks({
      ...direct,
      self: this.name,
      incarnation: this.incarnation,
      cluster: this.cluster,
      transport: engine.transport,
      inbound,
      advertOf: (node) => membership.advertOf(node),
      incarnationOf: (node) => membership.incarnationOf(node),
      isDown: (node) => membership.isDown(node),
    });
    this.#installCalls(options);
    engine.watches.start();
    this.#pubsub.start();
    engine.transport.listen((text) => inbound.natsBatch(text));
    membership.start();
    void this.#followStatus();
    void options.system.terminated.then(() => this.leave());
  }

  /**
   * Every node known here, this one first, with status and last heartbeat.
   *
   * @returns The nodes.
   */
  nodes(): NodeInfo[] {
    const links = this.#links;
    const all = this.#membership.nodes();
    return links === null
      ? all
      : all.map((n) => n.self ? n : { ...n, direct: links.isDirect(n.name) });
  }

  /**
   * A ref to the actor at `path` on `node`, without checking that it exists
   * (as Erlang's `{Name, Node} ! Msg`); a local ref when `node` is this one
   * and the actor exists.
   *
   * @typeParam Msg The messages the caller knows it accepts.
   * @param node The node's name.
   * @param path The actor's absolute path there.
   * @returns The ref.
   */
  refAt<Msg = never>(node: string, path: string): ActorRef<Msg> {
    checkSimple(node, "node");
    checkPath(path);
    return this.#engine.refFor(node, path) as ActorRef<Msg>;
  }

  /**
   * Finds the actor at `path` on `node`, asking that node.
   *
   * @typeParam Msg The messages the caller knows it accepts.
   * @param node The node's name.
   * @param path The actor's absolute path there.
   * @returns The ref, or `undefined` when no such actor runs there.
   * @throws {NodeDownError} When the node is down.
   */
  async lookup<Msg = never>(
    node: string,
    path: string,
  ): Promise<ActorRef<Msg> | undefined> {
    checkSimple(node, "node");
    checkPath(path);
    const found = node === this.name
      ? this.#engine.localRef(path) !== undefined
      : await this.#engine.call(node, "lookup", path);
    return found === true
      ? this.#engine.refFor(node, path) as ActorRef<Msg>
      : undefined;
  }

  /**
   * Registers a ref under a cluster-wide name. The name is freed when the
   * actor stops or its node goes down.
   *
   * @param name The name: letters, digits, `-`, `_`, `=` and inner `.`.
   * @param ref The actor (local, or remote on a node that is up).
   * @throws {SpawnError} When the name is taken by another running actor.
   * @throws {TypeError} When the name is invalid.
   */
  register(name: string, ref: AnyActorRef): Promise<void> {
    return this.#registry.register(name, ref);
  }

  /**
   * Frees a cluster-wide name.
   *
   * @param name The name.
   * @returns Whether it was registered.
   */
  unregister(name: string): Promise<boolean> {
    return this.#registry.unregister(name);
  }

  /**
   * Finds an actor by its cluster-wide name.
   *
   * @typeParam Msg The messages the caller knows it accepts.
   * @param name The name.
   * @returns The ref, or `undefined`.
   */
  async whereIs<Msg = never>(name: string): Promise<ActorRef<Msg> | undefined> {
    return await this.#registry.whereIs(name) as ActorRef<Msg> | undefined;
  }

  /**
   * The registered names, with node and path.
   *
   * @returns The names, sorted.
   */
  registered(): Promise<{ name: string; node: string; path: string }[]> {
    return this.#registry.names();
  }

  /**
   * Spawns an actor of a catalog kind on a node (never code over the wire):
   * the node's `spawner` checks the kind and arguments.
   *
   * @typeParam Msg The messages the kind accepts.
   * @param node The node's name.
   * @param request The kind, name and arguments.
   * @returns The new actor's ref.
   * @throws {NodeDownError} When the node is down.
   * @throws {Error} When the node refuses (unknown kind, invalid arguments,
   * taken name, no spawner).
   */
  async spawnOn<Msg = never>(
    node: string,
    request: SpawnRequest,
  ): Promise<ActorRef<Msg>> {
    checkSimple(node, "node");
    if (typeof request?.kind !== "string" || request.kind === "") {
      throw new TypeError(
        "Cannot spawn remotely: kind must be a non-empty string",
      );
    }
    const body = { kind: request.kind, name: request.name, args: request.args };
    const path = node === this.name
      ? await this.#spawnHere(body)
      : await this.#engine.call(node, "spawn", body);
    return this.#engine.refFor(node, path as string) as ActorRef<Msg>;
  }

  /**
   * Sets how this node answers other nodes' `spawnOn` requests (replacing the
   * `spawner` option). `createControlPlane({ cluster })` installs one that
   * spawns from its catalog under its `/api` guardian.
   *
   * @param spawner Spawns a catalog kind.
   */
  serveSpawns(spawner: Spawner): void {
    if (typeof spawner !== "function") {
      throw new TypeError("Cannot serve spawns: spawner must be a function");
    }
    this.#spawner = spawner;
  }

  /**
   * Calls `listener` when a node comes up or goes down.
   *
   * @param listener The function.
   * @returns A function that removes it.
   */
  onNodeEvent(listener: (event: NodeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Leaves the cluster: says goodbye, fails pending asks, closes the NATS
   * connection. The system keeps running on its own.
   *
   * @returns Resolves when the connection is closed.
   */
  leave(): Promise<void> {
    return this.#left ??= (async () => {
      this.#busy?.release();
      this.#pubsub.stop();
      this.#engine.close(new Error(`Node "${this.name}" left the cluster`));
      // Batches written to links go out before the goodbye over NATS.
      await this.#links?.close();
      this.#membership.stop();
      try {
        await this.#nc.drain();
      } catch {
        await this.#nc.close();
      }
    })();
  }

  /** Leaves the cluster. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.leave();
  }

  #spawnHere(body: SpawnRequest): Promise<string> {
    return this.#spawner!(body).then((ref) => ref.path);
  }

  #spawner: ClusterOptions["spawner"];

  #installCalls(options: ClusterOptions): void {
    const engine = this.#engine;
    this.#spawner = options.spawner ?? (() =>
      Promise.reject(
        new TypeError(`Node "${this.name}" accepts no remote spawns`),
      ));
    engine.calls.set("lookup", (path) =>
      Promise.resolve(
        typeof path === "string" && engine.localRef(path) !== undefined,
      ));
    engine.calls.set(
      "stop",
      (path) =>
        typeof path === "string"
          ? engine.localRef(path)?.stop() ?? Promise.resolve()
          : Promise.resolve(),
    );
    engine.calls.set("spawn", (body) => this.#spawnHere(body as SpawnRequest));
  }

  #nodeDown(node: string, names = true): void {
    const inc = this.#membership.incarnationOf(node);
    this.#engine.nodeDown(node);
    this.#links?.nodeDown(node);
    this.#pubsub.nodeDown(node);
    this.#emit({ type: "node-down", node });
    if (names) void this.#registry.nodeDown(node, inc);
  }

  #emit(event: NodeEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error("understudy: a node event listener threw", error);
      }
    }
  }

  async #followStatus(): Promise<void> {
    for await (const status of this.#nc.status()) {
      if (status.type === "reconnect") {
        this.#membership.beat();
        void this.#registry.reassert();
      }
    }
  }
}
