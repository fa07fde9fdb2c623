/**
 * What `GET /v1/cluster` says about a node beyond what the membership knows:
 * its control plane's address, runtime, version and live actor count. This
 * node answers from its own plane. Every other node is asked through the
 * cluster with an ordinary ask to its node-info actor, which each clustered
 * control plane spawns at the top level as `/understudy-node`; the answers
 * are kept for a second or two so a polling dashboard does not ask on every
 * request. A node that runs no control plane, or does not answer within the
 * timeout, reports these fields as `null`; a down node keeps its last known
 * address and runtime, with no actor count.
 *
 * @module
 */

import type { ActorRef, ReplyPort } from "../core/actor_ref.ts";
import { defineActor } from "../core/actor_definition.ts";
import { census } from "../core/census.ts";
import type { Plane } from "./_plane.ts";
import type { RuntimeInfo } from "./runtime_info.ts";

/** The node-info actor's name, under the root. */
export const NODE_INFO_NAME = "understudy-node";
/** How long `/v1/cluster` waits for another node's details (ms). */
export const NODE_INFO_TIMEOUT_MS = 1000;
/** How long another node's details are reused before asking again (ms). */
const FRESH_MS = 1500;

/** A node's details, or `null` for each one not known. */
export interface NodeDetails {
  /** Its control plane's URL. */
  readonly address: string | null;
  /** The runtime its control plane reports. */
  readonly runtime: RuntimeInfo | null;
  /** Its control plane's version. */
  readonly version: string | null;
  /** How many actors are alive there. */
  readonly actors: number | null;
}

/** What the node-info actor answers. */
export type NodeInfoMessage = {
  readonly type: "info";
  readonly replyTo: ReplyPort<NodeDetails>;
};

/** The part of a cluster node the details need. */
export interface NodeLookup {
  /** A ref to the actor at `path` on `node`. */
  refAt<Msg = never>(node: string, path: string): ActorRef<Msg>;
}

/** The details of this node, from its plane. */
export function localDetails(
  plane: Plane,
  address: string | null,
): NodeDetails {
  return {
    address,
    runtime: plane.runtime,
    version: plane.version,
    actors: census(plane.system).total,
  };
}

/**
 * Spawns the node-info actor that answers other nodes' `/v1/cluster`.
 *
 * @param plane The plane.
 * @param address This plane's address, when known.
 */
export function spawnNodeInfo(
  plane: Plane,
  address: () => string | null,
): void {
  const info = defineActor({
    kind: "node-info",
    init: () => null,
    receive(state: null, message: NodeInfoMessage) {
      if (message?.type === "info") {
        message.replyTo.reply(localDetails(plane, address()));
      }
      return state;
    },
  });
  try {
    plane.system.spawn(info, { name: NODE_INFO_NAME });
  } catch {
    // Another control plane over the same system answers already.
  }
}

interface Known {
  details: NodeDetails;
  /** When it was learnt (epoch ms). */
  at: number;
  /** How long it stays fresh (ms). */
  ttl: number;
}

/**
 * The other nodes' details, asked for and kept: the first request about a
 * node waits for its answer (within {@linkcode NODE_INFO_TIMEOUT_MS}); later
 * ones answer at once with what is known and refresh it in the background
 * once it is stale. A node without a control plane answers an ask of a
 * missing actor with an error at once (and dead-letters nothing).
 */
export class NodeDetailsCache {
  readonly #lookup: NodeLookup | undefined;
  readonly #known = new Map<string, Known>();
  readonly #asking = new Map<string, Promise<void>>();

  /** @param lookup The cluster node, if it can reach other nodes' actors. */
  constructor(lookup: NodeLookup | undefined) {
    this.#lookup = lookup;
  }

  /**
   * The details of each node: the up ones never asked are asked now, all at
   * once; stale ones are refreshed in the background.
   *
   * @param nodes The other nodes and whether each is up.
   * @returns Their details, by name.
   */
  async of(
    nodes: readonly { readonly name: string; readonly up: boolean }[],
  ): Promise<Map<string, NodeDetails>> {
    const now = Date.now();
    const first: Promise<void>[] = [];
    for (const n of nodes) {
      if (!n.up) continue;
      const known = this.#known.get(n.name);
      if (known === undefined) first.push(this.#ask(n.name));
      else if (now - known.at > known.ttl) void this.#ask(n.name);
    }
    await Promise.all(first);
    const out = new Map<string, NodeDetails>();
    for (const n of nodes) {
      const known = this.#known.get(n.name)?.details ?? NO_DETAILS;
      out.set(n.name, n.up ? known : { ...known, actors: null });
    }
    return out;
  }

  /** Asks a node once at a time; never rejects. */
  #ask(node: string): Promise<void> {
    let asking = this.#asking.get(node);
    if (asking !== undefined) return asking;
    asking = this.#fetch(node).then((known) => {
      this.#known.set(node, known);
    }).finally(() => this.#asking.delete(node));
    this.#asking.set(node, asking);
    return asking;
  }

  async #fetch(node: string): Promise<Known> {
    const lookup = this.#lookup;
    const previous = this.#known.get(node)?.details ?? NO_DETAILS;
    if (lookup === undefined) {
      return { details: NO_DETAILS, at: Date.now(), ttl: Infinity };
    }
    try {
      const ref = lookup.refAt<NodeInfoMessage>(node, `/${NODE_INFO_NAME}`);
      const details = checked(
        await ref.ask<NodeDetails>((replyTo) => ({ type: "info", replyTo }), {
          timeoutMs: NODE_INFO_TIMEOUT_MS,
        }),
      );
      return { details, at: Date.now(), ttl: FRESH_MS };
    } catch {
      // No control plane there, or no answer in time: keep what was known
      // (nothing, or the last answer), and ask again when stale.
      return { details: previous, at: Date.now(), ttl: FRESH_MS };
    }
  }
}

/** Nothing known about a node. */
export const NO_DETAILS: NodeDetails = {
  address: null,
  runtime: null,
  version: null,
  actors: null,
};

/** Keeps only well-formed fields of an answer from another node. */
function checked(value: unknown): NodeDetails {
  const v = (value ?? {}) as Record<string, unknown>;
  const runtime = v.runtime as Record<string, unknown> | null | undefined;
  return {
    address: typeof v.address === "string" ? v.address : null,
    runtime: runtime !== null && typeof runtime === "object" &&
        typeof runtime.name === "string" && typeof runtime.version === "string"
      ? { name: runtime.name, version: runtime.version }
      : null,
    version: typeof v.version === "string" ? v.version : null,
    actors: Number.isSafeInteger(v.actors) && (v.actors as number) >= 0
      ? v.actors as number
      : null,
  };
}
