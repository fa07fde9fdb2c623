/**
 * Who is in the cluster: every node publishes a heartbeat; a node not heard
 * from within the down window is declared down (as is a node that says
 * goodbye, or that comes back with a new incarnation after a crash).
 *
 * Follows Erlang's `net_ticktime` (a node silent for a while is `nodedown`)
 * and Akka's failure detector in its simplest, deterministic form: a fixed
 * window rather than phi accrual. A disconnected node stops hearing the
 * others and declares them down too, as both ends of a broken Erlang
 * connection do.
 *
 * @module
 */

import type { NatsConnection, Subscription } from "@nats-io/nats-core";

/** What `nodes()` reports about one node. */
export interface NodeInfo {
  /** The node's name. */
  readonly name: string;
  /** `up`, or `down` once declared down. */
  readonly status: "up" | "down";
  /** Whether this is the node asking. */
  readonly self: boolean;
  /** When its last heartbeat arrived (epoch milliseconds). */
  readonly lastHeartbeat: number;
  /** Its incarnation: a random id chosen when it joined. */
  readonly incarnation: string;
  /** When it joined or was declared down, as seen here (epoch ms). */
  readonly since: number;
  /** Whether frames to it go over a direct link now (else over NATS). */
  readonly direct: boolean;
}

interface Member {
  /** When this node last saw it come back after declaring it down (ms). */
  returnedAt: number;
  name: string;
  incarnation: string;
  status: "up" | "down";
  lastHeartbeat: number;
  /** Monotonic time of the last heartbeat. */
  lastSeen: number;
  since: number;
  /** Its direct link address (`host:port`) and key, when it offers links. */
  address: string;
  linkKey: string;
}

/** Settings of the membership. */
export interface MembershipSettings {
  readonly nc: NatsConnection;
  readonly prefix: string;
  readonly self: string;
  readonly incarnation: string;
  readonly heartbeatMs: number;
  readonly downAfterMs: number;
  /** This node's direct link address and key, advertised in heartbeats. */
  readonly advert?: { readonly address: string; readonly key: string };
  /** A node joined (or came back). */
  readonly onUp: (node: string) => void;
  /** A node was declared down; `heardAgain` when it spoke after that. */
  readonly onDown: (node: string) => void;
  /** A node that had been declared down speaks again (same incarnation). */
  readonly onReturn: (node: string) => void;
}

/** Heartbeats and the down detector of one node. */
export class Membership {
  readonly #s: MembershipSettings;
  readonly #members = new Map<string, Member>();
  readonly #subs: Subscription[] = [];
  readonly #joinedAt = Date.now();
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastTick = performance.now();
  #warned = false;

  constructor(settings: MembershipSettings) {
    this.#s = settings;
  }

  /** Subscribes, says hello and starts beating. */
  start(): void {
    const { nc, prefix } = this.#s;
    this.#subs.push(
      nc.subscribe(`${prefix}.hb`, {
        callback: (error, msg) => {
          if (error === null) this.#onBeat(msg.string());
        },
      }),
      nc.subscribe(`${prefix}.hello`, {
        callback: (error, msg) => {
          if (error !== null) return;
          this.#onBeat(msg.string());
          this.beat();
        },
      }),
      nc.subscribe(`${prefix}.bye`, {
        callback: (error, msg) => {
          if (error === null) this.#onBye(msg.string());
        },
      }),
    );
    nc.publish(`${prefix}.hello`, this.#beatText());
    const every = Math.max(
      10,
      Math.min(this.#s.heartbeatMs, this.#s.downAfterMs / 4),
    );
    let beatDue = 0;
    this.#timer = setInterval(() => {
      const now = performance.now();
      // A stalled event loop (a long GC, a debugger) is not the others' fault.
      const stalled = now - this.#lastTick > this.#s.downAfterMs / 2;
      this.#lastTick = now;
      if (now >= beatDue) {
        beatDue = now + this.#s.heartbeatMs;
        this.beat();
      }
      this.#sweep(now, stalled);
    }, every);
  }

  /** Publishes a heartbeat now. */
  beat(): void {
    if (this.#s.nc.isClosed()) return;
    this.#s.nc.publish(`${this.#s.prefix}.hb`, this.#beatText());
  }

  #beatText(): string {
    const advert = this.#s.advert;
    return JSON.stringify(
      advert === undefined ? { n: this.#s.self, i: this.#s.incarnation } : {
        n: this.#s.self,
        i: this.#s.incarnation,
        d: advert.address,
        k: advert.key,
      },
    );
  }

  #onBeat(text: string): void {
    let beat: { n?: unknown; i?: unknown; d?: unknown; k?: unknown };
    try {
      beat = JSON.parse(text);
    } catch {
      return;
    }
    const name = beat.n;
    const incarnation = beat.i;
    if (typeof name !== "string" || typeof incarnation !== "string") return;
    if (name === this.#s.self) {
      if (incarnation !== this.#s.incarnation && !this.#warned) {
        this.#warned = true;
        console.error(
          `understudy: another node named "${name}" is in the cluster; node names must be unique`,
        );
      }
      return;
    }
    const now = performance.now();
    const member = this.#members.get(name);
    const address = typeof beat.d === "string" ? beat.d : "";
    const linkKey = typeof beat.k === "string" ? beat.k : "";
    if (member === undefined) {
      this.#members.set(name, {
        address,
        linkKey,
        returnedAt: 0,
        name,
        incarnation,
        status: "up",
        lastHeartbeat: Date.now(),
        lastSeen: now,
        since: Date.now(),
      });
      this.#s.onUp(name);
      return;
    }
    member.lastHeartbeat = Date.now();
    member.lastSeen = now;
    member.address = address;
    member.linkKey = linkKey;
    if (member.incarnation !== incarnation) {
      // Restarted faster than the window: its old incarnation is gone.
      if (member.status === "up") this.#down(member);
      member.incarnation = incarnation;
      member.status = "up";
      member.since = Date.now();
      this.#s.onUp(name);
    } else if (member.status === "down") {
      member.status = "up";
      member.since = Date.now();
      member.returnedAt = now;
      this.#s.onReturn(name);
      this.#s.onUp(name);
    }
  }

  #onBye(text: string): void {
    let bye: { n?: unknown; i?: unknown };
    try {
      bye = JSON.parse(text);
    } catch {
      return;
    }
    const member = typeof bye.n === "string"
      ? this.#members.get(bye.n)
      : undefined;
    if (member?.status === "up" && member.incarnation === bye.i) {
      this.#down(member);
    }
  }

  #sweep(now: number, stalled: boolean): void {
    for (const member of this.#members.values()) {
      if (stalled) member.lastSeen = now;
      if (
        member.status === "up" && now - member.lastSeen > this.#s.downAfterMs
      ) {
        this.#down(member);
      }
    }
  }

  #down(member: Member): void {
    member.status = "down";
    member.since = Date.now();
    this.#s.onDown(member.name);
  }

  /** Whether a node is known and declared down. */
  isDown(node: string): boolean {
    return this.#members.get(node)?.status === "down";
  }

  /**
   * Whether a node is up, or unknown while this node has just joined and
   * may not have heard from everyone yet (within the down window).
   */
  mayBeUp(node: string): boolean {
    const member = this.#members.get(node);
    if (member !== undefined) return member.status === "up";
    return Date.now() - this.#joinedAt < this.#s.downAfterMs;
  }

  /**
   * Whether this node itself saw `node` come back after declaring it down,
   * within the last down window (so it has settled that loss already).
   *
   * @param node The node.
   * @returns Whether it did.
   */
  sawReturn(node: string): boolean {
    const member = this.#members.get(node);
    return member !== undefined && member.returnedAt > 0 &&
      performance.now() - member.returnedAt < this.#s.downAfterMs * 2;
  }

  /**
   * Where a node up accepts direct links, and its key.
   *
   * @param node The node.
   * @returns Its advert, or `undefined` when it offers none.
   */
  advertOf(node: string): { address: string; key: string } | undefined {
    const m = this.#members.get(node);
    return m?.status === "up" && m.address !== "" && m.linkKey !== ""
      ? { address: m.address, key: m.linkKey }
      : undefined;
  }

  /** Whether a node is known and up. */
  isUp(node: string): boolean {
    return this.#members.get(node)?.status === "up";
  }

  /** The incarnation of a known node. */
  incarnationOf(node: string): string | undefined {
    return node === this.#s.self
      ? this.#s.incarnation
      : this.#members.get(node)?.incarnation;
  }

  /** Every node known, this one first. */
  nodes(): NodeInfo[] {
    const self: NodeInfo = {
      name: this.#s.self,
      status: "up",
      self: true,
      lastHeartbeat: Date.now(),
      incarnation: this.#s.incarnation,
      since: this.#joinedAt,
      direct: false,
    };
    const others = [...this.#members.values()]
      .sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
      .map((m): NodeInfo => ({
        name: m.name,
        status: m.status,
        self: false,
        lastHeartbeat: m.lastHeartbeat,
        incarnation: m.incarnation,
        since: m.since,
        direct: false,
      }));
    return [self, ...others];
  }

  /** Says goodbye and stops beating. */
  stop(): void {
    clearInterval(this.#timer);
    if (!this.#s.nc.isClosed()) {
      this.#s.nc.publish(`${this.#s.prefix}.bye`, this.#beatText());
    }
    for (const sub of this.#subs) sub.unsubscribe();
  }
}
