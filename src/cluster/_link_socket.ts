/**
 * Newline-delimited text over TCP for direct links between nodes. A batch
 * is JSON, which never holds a raw newline. `LineSocket` splits lines and
 * guards their length; the connection under it comes from the host
 * runtime's own socket API when it has one (`_link_native.ts`: measured
 * faster than `node:net` there), else from `node:net`. Nagle is off, so a
 * lone line goes out at once.
 *
 * @module
 */

import process from "node:process";
import { connect, createServer, type Socket } from "node:net";
import { nativeSockets } from "./_link_native.ts";

/** Lines longer than this before the handshake close the socket. */
const HANDSHAKE_LINE_CHARS = 4096;
/** Lines longer than this afterwards close the socket (a frame is < 64 MiB). */
const MAX_LINE_CHARS = 64 * 1024 * 1024;

/** What a line socket needs of a connection. */
export interface RawConn {
  /** Sends text as UTF-8, in order. */
  write(text: string): void;
  /** Closes after what was written is sent. */
  end(): void;
  /** Closes now. */
  destroy(): void;
}

/** A listening socket, as the runtime's API gives it. */
export interface RawListener {
  readonly port: number;
  close(): void;
}

/** Listen and dial on one socket API. */
export interface SocketApi {
  listen(
    host: string,
    port: number,
    onSocket: (socket: LineSocket) => void,
  ): Promise<RawListener>;
  dial(host: string, port: number, timeoutMs: number): Promise<LineSocket>;
}

/** One side of a line-framed connection. */
export class LineSocket {
  #conn: RawConn | null = null;
  #rest = "";
  #closed = false;
  #ended: (() => void) | null = null;
  /** The longest line accepted: small until the peer is authenticated. */
  #maxLine = HANDSHAKE_LINE_CHARS;
  /** Called with each line received, without its newline. */
  onLine: (line: string) => void = () => {};
  /** Called once when the connection is gone (closed here, there, or broken). */
  onClose: () => void = () => {};

  /** Sets the connection (once, by the socket API). */
  attach(conn: RawConn): void {
    this.#conn = conn;
  }

  /** Whether the connection is gone. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The peer proved who it is: batches may be long. */
  authenticated(): void {
    this.#maxLine = MAX_LINE_CHARS;
  }

  /**
   * Sends text that ends with a newline (and holds no other).
   *
   * @param text The line with its `\n`.
   */
  write(text: string): void {
    if (!this.#closed) this.#conn!.write(text);
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
      this.#ended = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#conn!.end();
    });
  }

  /** Closes the connection; `onClose` runs once. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#rest = "";
    this.#conn?.destroy();
    this.onClose();
    this.#ended?.();
  }

  /** Text received (by the socket API). */
  received(chunk: string): void {
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

const STREAM = { stream: true };

/**
 * The text of a chunk read. One that ends a line ends its characters too,
 * so it is decoded as a whole (with whatever the decoder kept of the one
 * before), which skips the options' conversion of a streaming decode.
 *
 * @param decoder The connection's decoder.
 * @param chunk The bytes read.
 * @returns Their text.
 */
export function decodeChunk(decoder: TextDecoder, chunk: Uint8Array): string {
  return chunk[chunk.length - 1] === 10
    ? decoder.decode(chunk)
    : decoder.decode(chunk, STREAM);
}

/** Deno's stream handle under a `node:net` socket (as Node's `StreamBase`). */
interface StreamHandle {
  writeUtf8String(req: object, text: string): number;
}

/**
 * Whether `node:net` sockets may be written through their handle: on the
 * Deno releases this was tested on only. The handle is an internal of Deno's
 * Node compatibility, so another release gets the stream (slower, and
 * correct) until it is tested too.
 *
 * @param host The global object, as `globalThis`.
 * @returns Whether to write through the handle.
 */
export function handleWritesOn(
  host: { readonly Deno?: { readonly version?: { readonly deno?: string } } },
): boolean {
  return /^2\.9\./.test(host.Deno?.version?.deno ?? "");
}

const handleWrites = handleWritesOn(
  globalThis as Parameters<typeof handleWritesOn>[0],
);

/**
 * Writes a line to a `node:net` socket. On Deno it goes to the socket's
 * handle directly, as the stream would after its own bookkeeping: the
 * handle queues what the kernel does not take at once, in order, and
 * `end()` waits for it. Measured in two processes sharing a core: a remote
 * ask round trip 1.06× faster (7 of 8 pairs). Falls back to the stream when
 * the handle is gone or refuses (and on other runtimes, whose handles want
 * their own request objects).
 */
function lineWriter(socket: Socket): (text: string) => void {
  const write = (text: string) => void socket.write(text);
  if (!handleWrites) return write;
  let direct = true;
  const done = (status: number) => {
    if (status < 0) socket.destroy();
  };
  return (text) => {
    const handle = (socket as unknown as { _handle?: StreamHandle | null })
      ._handle;
    if (
      !direct || typeof handle?.writeUtf8String !== "function" ||
      socket.writableLength > 0
    ) return write(text);
    let status: number;
    try {
      status = handle.writeUtf8String({ oncomplete: done }, text);
    } catch {
      // Not the handle this was written for: the stream from now on.
      direct = false;
      return write(text);
    }
    if (status !== 0) socket.destroy();
  };
}

function wrapNet(socket: Socket): LineSocket {
  const line = new LineSocket();
  socket.setNoDelay(true);
  line.attach({
    write: lineWriter(socket),
    end: () => void socket.end(),
    destroy: () => void socket.destroy(),
  });
  // What the socket reads goes to the line splitter as it arrives, instead
  // of through the readable stream's buffer, decoder and `data` event
  // (measured in two processes sharing a core: a remote ask round trip
  // 1.08× faster, 8 of 8 pairs); the end of the stream still goes through
  // it, so `end` and `close` come as before.
  const decoder = new TextDecoder();
  const onBytes = (chunk: Uint8Array) =>
    line.received(decodeChunk(decoder, chunk));
  const push = socket.push;
  socket.push = function (chunk: unknown, encoding?: BufferEncoding) {
    if (chunk instanceof Uint8Array) {
      onBytes(chunk);
      return true;
    }
    return push.call(this, chunk, encoding);
  };
  socket.on("data", onBytes);
  socket.on("error", () => line.close());
  socket.on("close", () => line.close());
  return line;
}

/** `node:net`, on every runtime. */
const netSockets: SocketApi = {
  listen(host, port, onSocket) {
    const server = createServer((socket) => onSocket(wrapNet(socket)));
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        server.on("error", () => {});
        resolve({
          port: (server.address() as { port: number }).port,
          close: () => void server.close(),
        });
      });
    });
  },
  dial(host, port, timeoutMs) {
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
        resolve(wrapNet(socket));
      });
    });
  },
};

/**
 * The socket API of this runtime: its own where it has one, else
 * `node:net` (also when `UNDERSTUDY_LINK_SOCKETS=node`, to compare).
 */
const sockets: SocketApi = process.env.UNDERSTUDY_LINK_SOCKETS === "node"
  ? netSockets
  : nativeSockets() ?? netSockets;

/** A listening socket handing each accepted connection to `onSocket`. */
export class LineListener {
  readonly #raw: RawListener;
  /** The port it listens on. */
  readonly port: number;
  /** Called with each accepted connection. */
  onSocket: (socket: LineSocket) => void = (socket) => socket.close();

  private constructor(raw: RawListener) {
    this.#raw = raw;
    this.port = raw.port;
  }

  /**
   * Listens on a host and port (`0`: any free port).
   *
   * @param host The address to bind.
   * @param port The port.
   * @returns The listener, once bound.
   */
  static async open(host: string, port: number): Promise<LineListener> {
    let listener: LineListener | undefined;
    const raw = await sockets.listen(host, port, (socket) => {
      if (listener === undefined) socket.close();
      else listener.onSocket(socket);
    });
    return listener = new LineListener(raw);
  }

  /** Stops accepting (open connections are closed by their owners). */
  close(): void {
    this.#raw.close();
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
  return sockets.dial(host, port, timeoutMs);
}
