/**
 * Raw HTTP/1.x over TCP with `node:net`, for tests that need what `fetch`
 * will not send: an empty or odd Host header, HTTP/1.0 without one,
 * duplicate headers, hand-made chunked bodies, a client that goes away
 * mid-body.
 */
import { Buffer } from "node:buffer";
import net from "node:net";

/** A parsed raw response. */
export interface RawResponse {
  /** The status code, or 0 when the connection closed without a response. */
  readonly status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (chunked bodies decoded). */
  readonly body: string;
}

/**
 * Sends raw bytes to 127.0.0.1:`port` and reads one response. The request
 * should say `Connection: close` (or be HTTP/1.0) so the server ends it.
 *
 * @param port The port.
 * @param request The bytes to send.
 * @param timeoutMs Gives up after this long (then status 0).
 */
export function rawRequest(
  port: number,
  request: string | Uint8Array,
  timeoutMs = 5000,
): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Uint8Array[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks)));
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on("data", (data: Uint8Array) => {
      chunks.push(data);
      if (complete(Buffer.concat(chunks))) finish();
    });
    socket.on("end", finish);
    socket.on("close", finish);
    socket.on("error", finish);
    socket.write(request);
  });
}

/**
 * Opens a connection, sends `head`, then closes it abruptly: a client that
 * goes away mid-body.
 *
 * @param port The port.
 * @param head The bytes sent before going away.
 * @returns Resolves once the socket is closed.
 */
export function abandon(port: number, head: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(head, () => {
        socket.destroy();
        resolve();
      });
    });
    socket.on("error", () => resolve());
  });
}

/** The text after any interim (1xx) responses. */
function final(text: string): string {
  while (/^HTTP\/1\.[01] 1\d\d/.test(text)) {
    const end = text.indexOf("\r\n\r\n");
    if (end < 0) return "";
    text = text.slice(end + 4);
  }
  return text;
}

/** Whether the bytes hold a whole response (by Content-Length or chunks). */
function complete(bytes: Buffer): boolean {
  const text = final(bytes.toString("latin1"));
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return false;
  const head = text.slice(0, end).toLowerCase();
  if (/\r\ncontent-type: *text\/event-stream/.test(head)) return true;
  const body = text.slice(end + 4);
  const length = /\r\ncontent-length: *(\d+)/.exec(head);
  if (length !== null) return body.length >= Number(length[1]);
  if (/\r\ntransfer-encoding: *chunked/.test(head)) {
    return body.endsWith("0\r\n\r\n");
  }
  return /^http\/1\.[01] (204|304)/.test(head);
}

function parse(bytes: Buffer): RawResponse {
  const text = final(bytes.toString("latin1"));
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return { status: 0, headers: {}, body: "" };
  const [statusLine, ...lines] = text.slice(0, end).split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  let body = text.slice(end + 4);
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) body = unchunk(body);
  else if (headers["content-length"] !== undefined) {
    // Anything after is another response (a server may answer a broken
    // body with a 400 after the first answer): not this one's body.
    body = body.slice(0, Number(headers["content-length"]));
  }
  body = Buffer.from(body, "latin1").toString("utf8");
  return { status, headers, body };
}

function unchunk(body: string): string {
  let out = "";
  let rest = body;
  for (;;) {
    const line = rest.indexOf("\r\n");
    if (line < 0) return out;
    const size = parseInt(rest.slice(0, line), 16);
    if (!(size > 0)) return out;
    out += rest.slice(line + 2, line + 2 + size);
    rest = rest.slice(line + 2 + size + 2);
  }
}
