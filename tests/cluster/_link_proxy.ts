/**
 * A TCP proxy on a free loopback port for testing path switches: it can
 * delay what flows back to the client (a slow NATS for one node), hold what
 * the client sends (bytes in flight), and break its connections so that the
 * client sees the drop at once while the held bytes reach the other side
 * later (a link whose last batches trail the sender's switch to NATS).
 *
 * @module
 */

import { createServer, type Server, Socket } from "node:net";

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  /** Client bytes not forwarded yet (while holding). */
  held: Uint8Array[] | null;
}

/** A proxy to a TCP port on 127.0.0.1. */
export class LinkProxy {
  readonly #server: Server;
  readonly #pairs = new Set<Pair>();
  readonly #downDelayMs: number;
  port = 0;

  private constructor(target: number, downDelayMs: number) {
    this.#downDelayMs = downDelayMs;
    this.#server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(target, "127.0.0.1");
      const pair: Pair = { client, upstream, held: null };
      this.#pairs.add(pair);
      client.setNoDelay(true);
      upstream.setNoDelay(true);
      client.on("data", (chunk: Uint8Array) => {
        if (pair.held !== null) pair.held.push(chunk);
        else upstream.write(chunk);
      });
      // Delayed in order: each chunk leaves `downDelayMs` after it came.
      const queue: { at: number; chunk: Uint8Array }[] = [];
      const drain = () => {
        while (queue.length > 0 && queue[0].at <= performance.now()) {
          client.write(queue.shift()!.chunk);
        }
        if (queue.length > 0) {
          setTimeout(drain, queue[0].at - performance.now());
        }
      };
      upstream.on("data", (chunk: Uint8Array) => {
        if (this.#downDelayMs === 0) return void client.write(chunk);
        queue.push({ at: performance.now() + this.#downDelayMs, chunk });
        if (queue.length === 1) setTimeout(drain, this.#downDelayMs);
      });
      for (const socket of [client, upstream]) {
        socket.on("error", () => {});
        socket.on("close", () => {
          if (pair.held !== null && socket === client) return;
          this.#pairs.delete(pair);
          client.destroy();
          upstream.destroy();
        });
      }
    });
  }

  /**
   * Starts a proxy to `target`.
   *
   * @param target The port to forward to.
   * @param downDelayMs How long bytes to the client are delayed.
   * @returns The proxy, listening.
   */
  static start(target: number, downDelayMs = 0): Promise<LinkProxy> {
    const proxy = new LinkProxy(target, downDelayMs);
    return new Promise((resolve) => {
      proxy.#server.listen(0, "127.0.0.1", () => {
        proxy.port = (proxy.#server.address() as { port: number }).port;
        resolve(proxy);
      });
    });
  }

  /** The client URL (for NATS). */
  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Chunks the clients sent that are held now. */
  get held(): number {
    let n = 0;
    for (const pair of this.#pairs) n += pair.held?.length ?? 0;
    return n;
  }

  /** Keeps what clients send from now on, instead of forwarding it. */
  hold(): void {
    for (const pair of this.#pairs) pair.held ??= [];
  }

  /**
   * Breaks every connection: the clients' at once; the held bytes reach the
   * other side `afterMs` later, then its connection ends too. New
   * connections are carried as usual.
   *
   * @param afterMs How long the held bytes trail.
   */
  break(afterMs: number): void {
    for (const pair of [...this.#pairs]) {
      pair.held ??= [];
      pair.client.destroy();
      setTimeout(() => {
        for (const chunk of pair.held!) pair.upstream.write(chunk);
        pair.upstream.end();
        this.#pairs.delete(pair);
      }, afterMs);
    }
  }

  /** Closes every connection and the listener. */
  close(): Promise<void> {
    for (const pair of this.#pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
