/**
 * Newline-delimited text over TCP for direct links between nodes: a
 * listener and a dialer over `node:net` (the same module on Deno and Bun;
 * their native socket APIs measured 10–15 % faster on a bare echo, not
 * worth a second code path). Nagle is off, so a lone line goes out at once.
 * A batch is JSON, which never holds a raw newline.
 *
 * @module
 */

import { connect, createServer, type Server, type Socket } from "node:net";

/** Lines longer than this before the handshake close the socket. */
const HANDSHAKE_LINE_CHARS = 4096;
/** Lines longer than this afterwards close the socket (a frame is < 64 MiB). */
const MAX_LINE_CHARS = 64 * 1024 * 1024;

/** One side of a line-framed connection. */
export class LineSocket {
  readonly #socket: Socket;
  #rest = "";
  #closed = false;
  /** The longest line accepted: small until the peer is authenticated. */
  #maxLine = HANDSHAKE_LINE_CHARS;
  /** Called with each line received, without its newline. */
  onLine: (line: string) => void = () => {};
  /** Called once when the connection is gone (closed here, there, or broken). */
  onClose: () => void = () => {};

  /**
   * Wraps a connected socket.
   *
   * @param socket The socket.
   */
  constructor(socket: Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.#data(chunk));
    socket.on("error", () => this.close());
    socket.on("close", () => this.close());
  }

  /** Whether the connection is gone. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Sends text that ends with a newline (and holds no other).
   *
   * @param text The line with its `\n`.
   */
  write(text: string): void {
    if (!this.#closed) this.#socket.write(text);
  }

  /** The peer proved who it is: batches may be long. */
  authenticated(): void {
    this.#maxLine = MAX_LINE_CHARS;
  }

  /**
   * Closes after what was written is sent (at most a second).
   *
   * @returns Resolves once closed.
   */
  end(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.close(), 1000);
      this.#socket.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      this.#socket.end();
    });
  }

  /** Closes the connection; `onClose` runs once. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#rest = "";
    this.#socket.destroy();
    this.onClose();
  }

  #data(chunk: string): void {
    let start = 0;
    let nl = chunk.indexOf("\n");
    if (nl >= 0 && this.#rest.length > 0) {
      const line = this.#rest + chunk.slice(0, nl);
      this.#rest = "";
      start = nl + 1;
      nl = chunk.indexOf("\n", start);
      this.onLine(line);
    }
    while (nl >= 0 && !this.#closed) {
      this.onLine(chunk.slice(start, nl));
      start = nl + 1;
      nl = chunk.indexOf("\n", start);
    }
    if (this.#closed) return;
    if (start < chunk.length) this.#rest += chunk.slice(start);
    if (this.#rest.length > this.#maxLine) this.close();
  }
}

/** A listening socket handing each accepted connection to `onSocket`. */
export class LineListener {
  readonly #server: Server;
  /** The port it listens on. */
  readonly port: number;
  /** The host it listens on. */
  readonly host: string;
  /** Called with each accepted connection. */
  onSocket: (socket: LineSocket) => void = (socket) => socket.close();

  private constructor(server: Server, host: string, port: number) {
    this.#server = server;
    this.host = host;
    this.port = port;
    server.on("connection", (socket: Socket) => {
      this.onSocket(new LineSocket(socket));
    });
  }

  /**
   * Listens on a host and port (`0`: any free port).
   *
   * @param host The address to bind.
   * @param port The port.
   * @returns The listener, once bound.
   */
  static open(host: string, port: number): Promise<LineListener> {
    const server = createServer();
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        server.on("error", () => {});
        const bound = (server.address() as { port: number }).port;
        resolve(new LineListener(server, host, bound));
      });
    });
  }

  /** Stops accepting (open connections are closed by their owners). */
  close(): void {
    this.#server.close();
  }
}

/**
 * Opens a connection to `host:port`.
 *
 * @param host The host.
 * @param port The port.
 * @param timeoutMs How long to try.
 * @returns The connection.
 * @throws {Error} When refused, unreachable or too slow.
 */
export function dialLine(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<LineSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to ${host}:${port} timed out`));
    }, timeoutMs);
    socket.once("error", (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.removeAllListeners("error");
      resolve(new LineSocket(socket));
    });
  });
}
