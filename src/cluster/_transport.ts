/**
 * Frames to other nodes over NATS: one outbox per node, flushed as one NATS
 * message at the end of the current microtask checkpoint, or at once when
 * large. A burst of tells costs one publish; a lone tell waits for nothing.
 * All frames from this node to another go through one subject on one
 * connection, so they arrive in the order sent.
 *
 * @module
 */

import type { NatsConnection } from "@nats-io/nats-core";

/** Frames queued past this many UTF-16 units are flushed at once. */
const BATCH_CHARS = 60_000;

/** Pending frames for one node. */
class Outbox {
  frames: string[] = [];
  chars = 0;
  scheduled = false;
  constructor(readonly subject: string) {}
}

/** The NATS side of one node. */
export class Transport {
  readonly #nc: NatsConnection;
  readonly #prefix: string;
  readonly #self: string;
  readonly #outboxes = new Map<string, Outbox>();
  #closed = false;

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

  /** Queues a frame for a node. */
  send(node: string, frame: string): void {
    if (this.#closed) return;
    let box = this.#outboxes.get(node);
    if (box === undefined) {
      box = new Outbox(this.subjectOf(node));
      this.#outboxes.set(node, box);
    }
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
