/**
 * A TCP proxy on a free loopback port that can stop and restart carrying
 * bytes: a network partition between one node and NATS, without signals.
 * While paused nothing is read from either side, so what was sent waits in
 * the sockets and flows on when resumed (as after a healed partition).
 *
 * @module
 */

import { createServer, type Server, type Socket } from "node:net";

/** A pausable proxy to a TCP port on 127.0.0.1. */
export class PausableProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #paused = false;
  port = 0;

  private constructor(target: number) {
    this.#server = createServer((client) => {
      const upstream = new (client.constructor as typeof Socket)();
      upstream.connect(target, "127.0.0.1");
      for (const [from, to] of [[client, upstream], [upstream, client]]) {
        this.#sockets.add(from);
        from.on("data", (chunk) => to.write(chunk));
        from.on("error", () => to.destroy());
        from.on("close", () => {
          this.#sockets.delete(from);
          to.destroy();
        });
        if (this.#paused) from.pause();
      }
    });
  }

  /**
   * Starts a proxy to `target`.
   *
   * @param target The port to forward to.
   * @returns The proxy, listening.
   */
  static start(target: number): Promise<PausableProxy> {
    const proxy = new PausableProxy(target);
    return new Promise((resolve) => {
      proxy.#server.listen(0, "127.0.0.1", () => {
        proxy.port = (proxy.#server.address() as { port: number }).port;
        resolve(proxy);
      });
    });
  }

  /** The client URL. */
  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Stops carrying bytes. */
  pause(): void {
    this.#paused = true;
    for (const socket of this.#sockets) socket.pause();
  }

  /** Carries bytes again. */
  resume(): void {
    this.#paused = false;
    for (const socket of this.#sockets) socket.resume();
  }

  /** Closes every connection and the listener. */
  close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
