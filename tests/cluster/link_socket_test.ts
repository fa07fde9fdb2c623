/**
 * The line sockets of direct links over real loopback connections: lines
 * arrive whole and in order whatever the chunks (multi-byte characters
 * split between them included), a burst larger than the kernel's buffers
 * is delivered in full before `end()` closes, and either side's close
 * reaches the other once. On Deno the sockets read and write past
 * `node:net`'s streams (`_link_socket.ts`); on Bun they are Bun's own.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  dialLine,
  handleWritesOn,
  LineListener,
  type LineSocket,
} from "../../src/cluster/_link_socket.ts";

async function pair(): Promise<{
  listener: LineListener;
  client: LineSocket;
  server: LineSocket;
}> {
  const listener = await LineListener.open("127.0.0.1", 0);
  const accepted = new Promise<LineSocket>((resolve) => {
    listener.onSocket = resolve;
  });
  const client = await dialLine("127.0.0.1", listener.port, 5000);
  const server = await accepted;
  client.authenticated();
  server.authenticated();
  return { listener, client, server };
}

/** Runs `body` on a fresh pair, then closes both ends and the listener. */
async function withPair(
  body: (ends: { client: LineSocket; server: LineSocket }) => Promise<void>,
): Promise<void> {
  const { listener, client, server } = await pair();
  try {
    await body({ client, server });
  } finally {
    client.close();
    server.close();
    listener.close();
  }
}

/** Collects a socket's lines until `count` have come or it closes. */
function collect(
  socket: LineSocket,
  count: number,
): { lines: string[]; done: Promise<"all" | "closed"> } {
  const lines: string[] = [];
  const done = new Promise<"all" | "closed">((resolve) => {
    socket.onLine = (line) => {
      lines.push(line);
      if (lines.length === count) resolve("all");
    };
    socket.onClose = () => resolve("closed");
  });
  return { lines, done };
}

describe("line sockets", () => {
  test("lines arrive whole and in order, multi-byte text included", async () => {
    await withPair(async ({ client, server }) => {
      const sent: string[] = [];
      for (let i = 0; i < 2000; i++) {
        sent.push(`${i} é€😀 ${"ü".repeat(i % 97)}`);
      }
      const { lines, done } = collect(server, sent.length);
      // Lines written in pieces of odd sizes, so that chunks end in the
      // middle of lines and of characters' UTF-8 bytes.
      let text = "";
      for (const line of sent) text += `${line}\n`;
      for (let at = 0; at < text.length;) {
        const end = Math.min(text.length, at + 1 + (at % 331));
        let piece = text.slice(at, end);
        // Never split a surrogate pair: the writer takes whole strings.
        if (/[\ud800-\udbff]$/.test(piece)) piece = text.slice(at, end + 1);
        client.write(piece);
        at += piece.length;
      }
      assert.equal(await done, "all");
      assert.deepEqual(lines, sent);
    });
  });

  test("a burst past the kernel's buffers arrives in full before end() closes", async () => {
    await withPair(async ({ client, server }) => {
      const count = 20_000;
      const pad = "x".repeat(500);
      const received: number[] = [];
      let broken = false;
      const closed = new Promise<void>((resolve) => {
        server.onLine = (line) => {
          const n = Number(line.slice(0, line.indexOf(" ")));
          if (n !== received.length || !line.endsWith(pad)) broken = true;
          received.push(n);
        };
        server.onClose = resolve;
      });
      // About 10 MB written in one go: most of it waits in the socket's
      // queue, in order.
      for (let i = 0; i < count; i++) client.write(`${i} ${pad}\n`);
      await client.end();
      await closed;
      assert.equal(received.length, count);
      assert.equal(broken, false);
    });
  });

  test("a close on either side reaches the other once; later writes are dropped", async () => {
    for (const side of ["client", "server"] as const) {
      const { listener, client, server } = await pair();
      const [closer, other] = side === "client"
        ? [client, server]
        : [server, client];
      let closes = 0;
      const closed = new Promise<void>((resolve) => {
        other.onClose = () => {
          closes++;
          resolve();
        };
      });
      closer.close();
      await closed;
      other.write("after\n");
      other.close();
      assert.equal(closes, 1);
      assert.equal(other.closed, true);
      listener.close();
    }
  });

  test("writes go through the socket's handle on the tested Deno release only", () => {
    assert.equal(
      handleWritesOn({ Deno: { version: { deno: "2.9.6" } } }),
      true,
    );
    for (const deno of ["2.10.0", "3.0.0", "1.46.3", ""]) {
      assert.equal(handleWritesOn({ Deno: { version: { deno } } }), false);
    }
    assert.equal(handleWritesOn({}), false, "not on Bun");
  });
});
