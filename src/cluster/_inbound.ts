/**
 * Batches arriving at a node, over NATS or over direct links, handed to the
 * engine frame by frame in the order each sender sent them.
 *
 * A sender moves its frames to this node between two paths, and says so
 * over NATS (`LINK` frames, `_frames.ts`):
 *
 * - to a direct link: `[10, id, 1]` is its last NATS frame before the link.
 *   Batches that come over link `id` before that marker was read are held,
 *   so everything it sent over NATS before them is handled first.
 * - back to NATS (the link broke): `[10, id, 0, n]` is its first NATS frame
 *   after `n` batches written to link `id`. If fewer arrived here and the
 *   link is still open, NATS frames from that sender are held until they
 *   have, or the link closes, or a second has passed (they are lost then:
 *   at most once). Later frames never overtake earlier ones.
 *
 * @module
 */

import type { BusyWait } from "./_busy_wait.ts";
import { LINK, RESYNC } from "./_frames.ts";

/** How long NATS frames may wait for a broken link's last batches (ms). */
const DRAIN_WAIT_MS = 1000;

/** What the inbound side hands frames to. */
export interface FrameSink {
  /** Handles one frame from a node. */
  onFrame(from: string, frame: unknown[]): void;
  /** Whether a node is declared down (its frames are dropped). */
  isDown(node: string): boolean;
  /** Called when a node says it had declared this one down. */
  onResync: ((node: string) => void) | null;
}

class LinkIn {
  received = 0;
  closed = false;
  /** Whether the sender's switch marker for this link was read. */
  switched = false;
  /** Batches waiting for the sender's switch marker over NATS. */
  held: unknown[][] = [];
}

class PeerIn {
  /** A switch marker read before its link was known here. */
  early = 0;
  readonly links = new Map<number, LinkIn>();
  /** NATS frames are held until link `id` has delivered `n` batches. */
  waitId = 0;
  waitN = 0;
  waitTimer: ReturnType<typeof setTimeout> | undefined;
  /** Held NATS batches and where in each to resume. */
  heldNats: { batch: unknown[]; start: number }[] = [];
}

/** Orders what arrives from other nodes. */
export class Inbound {
  readonly #sink: FrameSink;
  readonly #peers = new Map<string, PeerIn>();
  /** Told of small batches received (`_busy_wait.ts`), or `null`. */
  busy: BusyWait | null = null;

  /**
   * Creates the instance.
   *
   * @param sink The engine.
   */
  constructor(sink: FrameSink) {
    this.#sink = sink;
  }

  /** A batch that came over NATS: `[from, ...frames]`. */
  natsBatch(text: string): void {
    let batch: unknown[];
    try {
      batch = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(batch) || typeof batch[0] !== "string") return;
    this.busy?.traffic(batch.length - 1);
    const from = batch[0];
    if (this.#sink.isDown(from)) {
      // Nothing from a node declared down, except its word that it had
      // declared this one down too (it may arrive before its heartbeat).
      for (let i = 1; i < batch.length; i++) {
        if ((batch[i] as unknown[])?.[0] === RESYNC) {
          this.#sink.onResync?.(from);
        }
      }
      return;
    }
    const peer = this.#peers.get(from);
    if (peer !== undefined && peer.waitId !== 0) {
      peer.heldNats.push({ batch, start: 1 });
      return;
    }
    this.#deliverNats(from, batch, 1);
  }

  /** A link from `from` opened with id `id`. */
  linkOpened(from: string, id: number): void {
    const peer = this.#peer(from);
    // Ended (over NATS) before it opened here: what it carried is lost.
    if (peer.links.get(id)?.closed) return;
    for (const [old, link] of peer.links) {
      if (link.closed && link.held.length === 0 && old !== peer.waitId) {
        peer.links.delete(old);
      }
    }
    const link = new LinkIn();
    link.switched = peer.early === id;
    peer.links.set(id, link);
  }

  /** A batch that came over link `id` from `from`: `[...frames]`. */
  linkBatch(from: string, id: number, text: string): void {
    const peer = this.#peers.get(from);
    const link = peer?.links.get(id);
    if (link === undefined || link.closed || this.#sink.isDown(from)) return;
    let frames: unknown[];
    try {
      frames = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(frames)) return;
    this.busy?.traffic(frames.length);
    link.received++;
    if (!link.switched) link.held.push(frames);
    else this.#deliver(from, frames, 0);
    if (peer!.waitId === id && link.received >= peer!.waitN) {
      this.#release(from, peer!);
    }
  }

  /** Link `id` from `from` closed. */
  linkClosed(from: string, id: number): void {
    const peer = this.#peers.get(from);
    const link = peer?.links.get(id);
    if (link === undefined) return;
    link.closed = true;
    if (peer!.waitId === id) this.#release(from, peer!);
  }

  /** Forgets a node (declared down): its held frames are dropped. */
  reset(node: string): void {
    const peer = this.#peers.get(node);
    if (peer !== undefined) clearTimeout(peer.waitTimer);
    this.#peers.delete(node);
  }

  #peer(from: string): PeerIn {
    let peer = this.#peers.get(from);
    if (peer === undefined) {
      peer = new PeerIn();
      this.#peers.set(from, peer);
    }
    return peer;
  }

  #deliverNats(from: string, batch: unknown[], start: number): void {
    for (let i = start; i < batch.length; i++) {
      const frame = batch[i] as unknown[];
      if (Array.isArray(frame) && frame[0] === LINK) {
        if (this.#marker(from, frame)) {
          // The earliest frames not handled: before any held later batch.
          this.#peers.get(from)!.heldNats.unshift({ batch, start: i + 1 });
          return;
        }
      } else this.#one(from, frame);
    }
  }

  #deliver(from: string, frames: unknown[], start: number): void {
    for (let i = start; i < frames.length; i++) {
      this.#one(from, frames[i] as unknown[]);
    }
  }

  #one(from: string, frame: unknown[]): void {
    try {
      this.#sink.onFrame(from, frame);
    } catch (error) {
      console.error("understudy: bad cluster frame from", from, error);
    }
  }

  /** Handles a `LINK` marker; `true` when NATS frames must wait. */
  #marker(from: string, frame: unknown[]): boolean {
    const id = frame[1] as number;
    const peer = this.#peer(from);
    const link = peer.links.get(id);
    if (frame[2] === 1) {
      if (link === undefined) peer.early = id;
      else link.switched = true;
      if (link !== undefined && link.held.length > 0) {
        const held = link.held;
        link.held = [];
        for (const frames of held) this.#deliver(from, frames, 0);
      }
      return false;
    }
    const n = frame[3] as number;
    if (link === undefined || link.closed || link.received >= n) {
      const ended = link ?? new LinkIn();
      ended.closed = true;
      peer.links.set(id, ended);
      return false;
    }
    peer.waitId = id;
    peer.waitN = n;
    peer.waitTimer = setTimeout(() => {
      link.closed = true;
      this.#release(from, peer);
    }, DRAIN_WAIT_MS);
    return true;
  }

  #release(from: string, peer: PeerIn): void {
    clearTimeout(peer.waitTimer);
    peer.waitId = 0;
    while (peer.waitId === 0 && peer.heldNats.length > 0) {
      const { batch, start } = peer.heldNats.shift()!;
      this.#deliverNats(from, batch, start);
    }
  }
}
