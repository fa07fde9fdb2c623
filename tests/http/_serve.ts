/**
 * Serves an app's `fetch` on 127.0.0.1 and a free port with the host
 * runtime's own server (Deno.serve or Bun.serve), for tests that need real
 * TCP: raw requests with odd Host headers, HTTP/1.0, chunked bodies.
 */

/** A listening test server. */
export interface TestServer extends AsyncDisposable {
  /** The bound port on 127.0.0.1. */
  readonly port: number;
  /** Stops listening. */
  close(): Promise<void>;
}

type Fetch = (request: Request) => Response | Promise<Response>;

interface BunServer {
  readonly port: number;
  stop(closeActive?: boolean): Promise<void> | void;
}

/** Serves `fetch` on 127.0.0.1, port picked by the OS. */
export function serveOnLoopback(fetch: Fetch): TestServer {
  const bun = (globalThis as {
    Bun?: {
      serve(o: {
        hostname: string;
        port: number;
        development: boolean;
        fetch: Fetch;
      }): BunServer;
    };
  }).Bun;
  if (bun !== undefined) {
    const server = bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      development: false,
      fetch,
    });
    const close = async () => void await server.stop(true);
    return { port: server.port, close, [Symbol.asyncDispose]: close };
  }
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: () => {},
  }, fetch);
  const close = async () => {
    await server.shutdown();
  };
  return {
    port: (server.addr as Deno.NetAddr).port,
    close,
    [Symbol.asyncDispose]: close,
  };
}
