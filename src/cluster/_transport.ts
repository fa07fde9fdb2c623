/**
 * Frames to other nodes: one outbox per node, flushed as one batch at the
 * end of the current microtask checkpoint, or at once when large. A burst
 * of tells costs one write; a lone tell waits for nothing, and a lone ask or
 * reply over a direct link is written at once (`sendNow`). A batch goes over
 * the node's direct link when one is up (`_links.ts`), else as one NATS
 * message on the node's subject. Frames to one node go through one path at a
 * time, and a switch of path is marked in order (`_inbound.ts`), so they
 * arrive in the order sent.
 *
 * @module
 */

import type { NatsConnection } from "@nats-io/nats-core";
import { LINK } from "./_frames.ts";
import type { BusyWait } from "./_busy_wait.ts";
import type { LineSocket } from "./_link_socket.ts";

/** Frames queued past this many UTF-16 units are flushed at once. */
const BATCH_CHARS = 60_000;

/** Pending frames for one node. */
class Outbox {
  frames: string[] = [];
  chars = 0;
  scheduled = false;
  /** The direct link batches go to, or `null` for NATS. */
  link: LineSocket | null = null;
  linkId = 0;
  /** Batches written to the link. */
  sent = 0;
  /** Whether a frame was written at once in this microtask checkpoint. */
  eager = false;
  readonly endEager = (): void => {
    this.eager = false;
  };
  constructor(readonly subject: string) {}
}

/** The NATS side of one node. */
export class Transport {
  readonly #nc: NatsConnection;
  readonly #prefix: string;
  readonly #self: string;
  readonly #outboxes = new Map<string, Outbox>();
  #closed = false;
  /** Told of small batches sent (`_busy_wait.ts`), or `null`. */
  busy: BusyWait | null = null;

  /**
   * Creates the instance.
   *
   * @param nc The connection.
   * @param prefix The cluster's subject prefix.
   * @param self This node's name.
   */
  constructor(nc: NatsConnection, prefix: string, self: string) {
    this.#nc = nc;
    this.#prefix = prefix;
    this.#self = self;
  }

  /** Whether `close` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The subject a node listens on. */
  subjectOf(node: string): string {
    return `${this.#prefix}.node.${node}`;
  }

  /** Calls `onBatch` with the text of every batch sent to this node. */
  listen(onBatch: (text: string) => void): void {
    this.#nc.subscribe(this.subjectOf(this.#self), {
      callback: (error, msg) => {
        if (error === null) onBatch(msg.string());
      },
    });
  }

  #box(node: string): Outbox {
    let box = this.#outboxes.get(node);
    if (box === undefined) {
      box = new Outbox(this.subjectOf(node));
      this.#outboxes.set(node, box);
    }
    return box;
  }

  /**
   * Sends what follows to a node over a direct link: what is queued goes
   * over NATS first, then the switch marker.
   */
  useLink(node: string, id: number, link: LineSocket): void {
    const box = this.#box(node);
    if (box.link !== null) this.dropLink(node, box.linkId);
    box.frames.push(`[${LINK},${id},1]`);
    this.#flush(box);
    box.link = link;
    box.linkId = id;
    box.sent = 0;
  }

  /** Sends what follows to a node over NATS again (link `id` broke). */
  dropLink(node: string, id: number): void {
    const box = this.#outboxes.get(node);
    if (box === undefined || box.link === null || box.linkId !== id) return;
    box.link = null;
    box.frames.unshift(`[${LINK},${id},0,${box.sent}]`);
    this.#flush(box);
  }

  /** Whether frames to a node go over a direct link. */
  isDirect(node: string): boolean {
    return this.#outboxes.get(node)?.link != null;
  }

  /**
   * Sends a frame that someone waits for (an ask, a reply): over a direct
   * link with nothing queued for the node and no such write yet in this
   * microtask checkpoint, it is written at once instead of at the end of
   * the checkpoint, so the time from the handler's reply (or the ask) to
   * the socket is not spent on the rest of the checkpoint first. Otherwise
   * it is queued as by {@linkcode send}: order is kept either way, and a
   * burst costs at most one write more than batching alone.
   */
  sendNow(node: string, frame: string): void {
    if (this.#closed) return;
    const box = this.#box(node);
    if (
      box.link === null || box.frames.length > 0 || box.eager
    ) return this.send(node, frame);
    box.eager = true;
    queueMicrotask(box.endEager);
    box.sent++;
    this.busy?.traffic(1);
    box.link.write(`[${frame}]\n`);
  }

  /** Queues a frame for a node. */
  send(node: string, frame: string): void {
    if (this.#closed) return;
    const box = this.#box(node);
    if (box.chars + frame.length > BATCH_CHARS && box.frames.length > 0) {
      this.#flush(box);
    }
    box.frames.push(frame);
    box.chars += frame.length;
    if (box.chars > BATCH_CHARS) {
      this.#flush(box);
    } else if (!box.scheduled) {
      box.scheduled = true;
      queueMicrotask(() => this.#flush(box));
    }
  }

  /** Drops what is queued for a node (it went down). */
  forget(node: string): void {
    this.#outboxes.delete(node);
  }

  /** Publishes every queued frame now. */
  flushAll(): void {
    for (const box of this.#outboxes.values()) this.#flush(box);
  }

  /** Flushes and stops sending. */
  close(): void {
    this.flushAll();
    this.#closed = true;
  }

  #flush(box: Outbox): void {
    box.scheduled = false;
    const frames = box.frames;
    if (frames.length === 0) return;
    box.frames = [];
    box.chars = 0;
    if (this.#closed) return;
    this.busy?.traffic(frames.length);
    if (box.link !== null) {
      box.sent++;
      box.link.write(`[${frames.join(",")}]\n`);
      return;
    }
    try {
      this.#nc.publish(
        box.subject,
        `[${JSON.stringify(this.#self)},${frames.join(",")}]`,
      );
    } catch (error) {
      // A closed or draining connection: at most once, the frames are lost.
      if (!this.#nc.isClosed()) {
        console.error("understudy: cluster publish failed", error);
      }
    }
  }
}
