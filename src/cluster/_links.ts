/**
 * Direct links: one TCP connection per pair of nodes beside NATS, as Erlang
 * distribution has, so a round trip crosses no server. Each node listens
 * and advertises its address and a random key in its heartbeats; of two
 * nodes, the one whose name sorts first dials. A link carries the same
 * batches as NATS, one per line, both ways. NATS stays the discovery,
 * registry, heartbeat and fallback path: while no link is up (refused,
 * broken, not offered) frames go over NATS, and a switch keeps the order
 * (`_inbound.ts`).
 *
 * Handshake (JSON lines; `_link_auth.ts` says what the MACs prove):
 * dialer → `{c, f, fi, t, ti, id, na}`; acceptor → `{nb, m}`;
 * dialer → `{m}`; acceptor → `{"ok":true}`. Anything else closes it.
 *
 * @module
 */

import type { Inbound } from "./_inbound.ts";
import { LinkProof, randomHex } from "./_link_auth.ts";
import {
  dialLine,
  type LineListener,
  type LineSocket,
} from "./_link_socket.ts";
import type { Transport } from "./_transport.ts";

/** How long a handshake may take (ms). */
const HANDSHAKE_MS = 5000;
/** Redials wait this long at first, doubling up to `MAX_RETRY_MS`. */
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5000;

/** What the links need from the node. */
export interface LinkSettings {
  readonly self: string;
  readonly incarnation: string;
  readonly cluster: string;
  readonly secret: string;
  /** This node's advertised link key. */
  readonly key: string;
  readonly listener: LineListener;
  readonly transport: Transport;
  readonly inbound: Inbound;
  readonly advertOf: (
    node: string,
  ) => { address: string; key: string } | undefined;
  readonly incarnationOf: (node: string) => string | undefined;
  readonly isDown: (node: string) => boolean;
}

interface Link {
  readonly peer: string;
  readonly id: number;
  readonly socket: LineSocket;
}

/** Reads handshake lines one at a time, keeping what comes early. */
class Reader {
  readonly lines: string[] = [];
  #waiter: ((line: string | null) => void) | null = null;

  constructor(readonly socket: LineSocket) {
    socket.onLine = (line) => {
      const waiter = this.#waiter;
      this.#waiter = null;
      if (waiter !== null) waiter(line);
      else this.lines.push(line);
    };
    socket.onClose = () => this.#waiter?.(null);
  }

  next(): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.close();
        reject(new Error("the handshake timed out"));
      }, HANDSHAKE_MS);
      const take = (line: string | null) => {
        clearTimeout(timer);
        if (line === null) return reject(new Error("the connection closed"));
        try {
          const value = JSON.parse(line);
          if (typeof value === "object" && value !== null) {
            return resolve(value);
          }
        } catch { /* below */ }
        reject(new Error("a malformed handshake"));
      };
      if (this.lines.length > 0) take(this.lines.shift()!);
      else if (this.socket.closed) take(null);
      else this.#waiter = take;
    });
  }
}

function hostPort(address: string): [string, number] {
  const colon = address.lastIndexOf(":");
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  return [host, Number(address.slice(colon + 1))];
}

/** The direct links of one node. */
export class DirectLinks {
  readonly #s: LinkSettings;
  readonly #links = new Map<string, Link>();
  readonly #dialing = new Set<string>();
  readonly #retries = new Map<
    string,
    {
      timer: ReturnType<typeof setTimeout> | undefined;
      delay: number;
      logged: boolean;
    }
  >();
  readonly #ownProof: Promise<LinkProof>;
  #closed = false;

  /**
   * Creates the instance and starts accepting links.
   *
   * @param settings What the links need.
   */
  constructor(settings: LinkSettings) {
    this.#s = settings;
    this.#ownProof = LinkProof.of(
      settings.secret,
      settings.cluster,
      settings.key,
    );
    settings.listener.onSocket = (socket) => void this.#accept(socket);
  }

  /** Whether frames to a node go over a direct link now. */
  isDirect(node: string): boolean {
    return this.#s.transport.isDirect(node);
  }

  /** A node is up: dial it when this node's name sorts first. */
  nodeUp(node: string): void {
    if (this.#closed || !(this.#s.self < node)) return;
    void this.#dial(node);
  }

  /** A node is down: close its link, stop redialing. */
  nodeDown(node: string): void {
    const retry = this.#retries.get(node);
    if (retry !== undefined) clearTimeout(retry.timer);
    this.#retries.delete(node);
    this.#links.get(node)?.socket.close();
    this.#s.inbound.reset(node);
  }

  /** Stops listening and ends every link, letting written batches out. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#s.listener.close();
    for (const retry of this.#retries.values()) clearTimeout(retry.timer);
    this.#retries.clear();
    await Promise.all([...this.#links.values()].map((l) => l.socket.end()));
  }

  async #dial(node: string): Promise<void> {
    const advert = this.#s.advertOf(node);
    const ti = this.#s.incarnationOf(node);
    if (
      advert === undefined || ti === undefined || this.#links.has(node) ||
      this.#dialing.has(node)
    ) return;
    this.#dialing.add(node);
    let socket: LineSocket | undefined;
    try {
      const [host, port] = hostPort(advert.address);
      socket = await dialLine(host, port, HANDSHAKE_MS);
      const reader = new Reader(socket);
      const proof = await LinkProof.of(
        this.#s.secret,
        this.#s.cluster,
        advert.key,
      );
      const { cluster: c, self: f, incarnation: fi } = this.#s;
      const id = crypto.getRandomValues(new Uint32Array(1))[0] || 1;
      const na = randomHex(16);
      socket.write(`${JSON.stringify({ c, f, fi, t: node, ti, id, na })}\n`);
      const reply = await reader.next();
      const transcript = [c, f, fi, node, ti, id, na, reply.nb].join("|");
      if (!await proof.verify("accept", transcript, reply.m)) {
        throw new Error("it did not prove it belongs to the cluster");
      }
      socket.write(
        `${JSON.stringify({ m: await proof.sign("dial", transcript) })}\n`,
      );
      if ((await reader.next()).ok !== true) throw new Error("refused");
      if (this.#closed || this.#s.incarnationOf(node) !== ti) {
        throw new Error("it went away");
      }
      this.#attach(node, id, reader);
      this.#retries.delete(node);
    } catch (error) {
      socket?.close();
      this.#retry(node, error);
    } finally {
      this.#dialing.delete(node);
    }
  }

  #retry(node: string, error?: unknown): void {
    if (this.#closed || this.#s.isDown(node)) return;
    const last = this.#retries.get(node);
    const log = error !== undefined && last?.logged !== true;
    if (log) {
      console.error(
        `understudy: no direct link to node "${node}" yet, frames go over NATS:`,
        error instanceof Error ? error.message : error,
      );
    }
    const delay = last === undefined
      ? FIRST_RETRY_MS
      : Math.min(last.delay * 2, MAX_RETRY_MS);
    const timer = setTimeout(() => void this.#dial(node), delay);
    this.#retries.set(node, { timer, delay, logged: log || !!last?.logged });
  }

  async #accept(socket: LineSocket): Promise<void> {
    if (this.#closed) return socket.close();
    const reader = new Reader(socket);
    try {
      const { cluster: c, self: t, incarnation: ti } = this.#s;
      const hello = await reader.next();
      const { f, fi, id, na } = hello;
      if (
        hello.c !== c || hello.t !== t || hello.ti !== ti ||
        typeof f !== "string" || f === t || typeof fi !== "string" ||
        typeof na !== "string" || !Number.isInteger(id) || id === 0
      ) throw new Error("a handshake for another node");
      const nb = randomHex(16);
      const transcript = [c, f, fi, t, ti, id, na, nb].join("|");
      const proof = await this.#ownProof;
      socket.write(
        `${
          JSON.stringify({ nb, m: await proof.sign("accept", transcript) })
        }\n`,
      );
      const answer = await reader.next();
      if (!await proof.verify("dial", transcript, answer.m)) {
        throw new Error("the dialer did not prove it belongs to the cluster");
      }
      const known = this.#s.incarnationOf(f);
      if (this.#closed || this.#s.isDown(f) || (known ?? fi) !== fi) {
        throw new Error("the dialer is not up");
      }
      socket.write(`{"ok":true}\n`);
      this.#attach(f, id as number, reader);
    } catch {
      socket.close();
    }
  }

  /** Makes a handshaken connection the link to `peer`. */
  #attach(peer: string, id: number, reader: Reader): void {
    const socket = reader.socket;
    if (socket.closed) throw new Error("the connection closed");
    this.#links.get(peer)?.socket.close();
    const link: Link = { peer, id, socket };
    this.#links.set(peer, link);
    const { inbound, transport } = this.#s;
    socket.authenticated();
    inbound.linkOpened(peer, id);
    socket.onLine = (line) => inbound.linkBatch(peer, id, line);
    socket.onClose = () => this.#lost(link);
    transport.useLink(peer, id, socket);
    for (const line of reader.lines.splice(0)) {
      inbound.linkBatch(peer, id, line);
    }
  }

  #lost(link: Link): void {
    this.#s.inbound.linkClosed(link.peer, link.id);
    this.#s.transport.dropLink(link.peer, link.id);
    if (this.#links.get(link.peer) !== link) return;
    this.#links.delete(link.peer);
    if (this.#s.self < link.peer) this.#retry(link.peer);
  }
}
