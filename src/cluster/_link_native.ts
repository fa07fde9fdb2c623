/**
 * Direct link sockets on the host runtime's own API where it pays: Bun's
 * `Bun.listen` / `Bun.connect`. Measured between two processes on loopback
 * (`bench/cluster_bench.ts`, `UNDERSTUDY_LINK_SOCKETS=node` for the other
 * side of the comparison): a remote ask round trip 28 µs on them against
 * 34–42 µs on `node:net`. On Deno, `Deno.connect` measured no faster than
 * `node:net` for a remote ask (58–188 µs against 58–66 µs on a busy
 * machine; again 0.98× and 1.06× in a same-process A/B on 2026-11-26), so Deno uses `node:net`. This is the cluster layer's one
 * contact with a host runtime's own API.
 *
 * @module
 */

import {
  decodeChunk,
  LineSocket,
  type RawConn,
  type SocketApi,
} from "./_link_socket.ts";

const encoder = new TextEncoder();

// ---- Bun ------------------------------------------------------------------

interface BunSocket {
  data: BunConn;
  write(data: Uint8Array): number;
  end(): void;
  terminate?(): void;
  setNoDelay?(noDelay: boolean): void;
}

interface BunApi {
  listen(options: unknown): { port: number; stop(closeActive?: boolean): void };
  connect(options: unknown): Promise<BunSocket>;
}

/** A Bun socket as a raw connection: writes the rest on `drain`. */
class BunConn implements RawConn {
  readonly line = new LineSocket();
  readonly #decoder = new TextDecoder();
  #socket: BunSocket | null = null;
  #pending: Uint8Array[] = [];
  #ending = false;

  constructor() {
    this.line.attach(this);
  }

  open(socket: BunSocket): void {
    this.#socket = socket;
    socket.setNoDelay?.(true);
  }

  write(text: string): void {
    const bytes = encoder.encode(text);
    if (this.#pending.length > 0) {
      this.#pending.push(bytes);
      return;
    }
    const n = this.#socket!.write(bytes);
    if (n < bytes.length) this.#pending.push(bytes.subarray(Math.max(n, 0)));
  }

  drain(): void {
    const socket = this.#socket!;
    while (this.#pending.length > 0) {
      const bytes = this.#pending[0];
      const n = socket.write(bytes);
      if (n < bytes.length) {
        this.#pending[0] = bytes.subarray(Math.max(n, 0));
        return;
      }
      this.#pending.shift();
    }
    if (this.#ending) socket.end();
  }

  data(chunk: Uint8Array): void {
    this.line.received(decodeChunk(this.#decoder, chunk));
  }

  end(): void {
    this.#ending = true;
    if (this.#pending.length === 0) this.#socket?.end();
  }

  destroy(): void {
    const socket = this.#socket;
    if (socket === null) return;
    if (socket.terminate !== undefined) socket.terminate();
    else socket.end();
  }
}

const bunHandlers = {
  data: (socket: BunSocket, chunk: Uint8Array) => socket.data.data(chunk),
  drain: (socket: BunSocket) => socket.data.drain(),
  close: (socket: BunSocket) => socket.data?.line.close(),
  error: (socket: BunSocket) => socket.data?.line.close(),
  end: (socket: BunSocket) => socket.data?.line.close(),
};

function bunSockets(bun: BunApi): SocketApi {
  return {
    listen(host, port, onSocket) {
      const server = bun.listen({
        hostname: host,
        port,
        socket: {
          ...bunHandlers,
          open(socket: BunSocket) {
            const conn = new BunConn();
            socket.data = conn;
            conn.open(socket);
            onSocket(conn.line);
          },
        },
      });
      return Promise.resolve({
        port: server.port,
        close: () => server.stop(false),
      });
    },
    async dial(host, port, timeoutMs) {
      const conn = new BunConn();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`connect to ${host}:${port} timed out`)),
          timeoutMs,
        );
      });
      const connecting = bun.connect({
        hostname: host,
        port,
        data: conn,
        socket: { ...bunHandlers, open: (s: BunSocket) => conn.open(s) },
      });
      try {
        const socket = await Promise.race([connecting, timeout]);
        conn.open(socket);
        return conn.line;
      } catch (error) {
        connecting.then((socket) => socket.end(), () => {});
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** This runtime's own socket API, or `null` (use `node:net`). */
export function nativeSockets(): SocketApi | null {
  const host = globalThis as { Bun?: BunApi };
  return host.Bun === undefined ? null : bunSockets(host.Bun);
}
