/**
 * A seeded generator of raw HTTP/1.x requests for the control-plane fuzz
 * test: methods, odd paths and encodings, missing, duplicate and odd headers
 * (Host included), bad and huge bodies, chunked bodies. The same seed always
 * gives the same requests, so a failure can be replayed.
 */

import { concat, generateBody, text } from "./_fuzz_bodies.ts";

/** A deterministic pseudo-random source (mulberry32). */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One of the items. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** One generated request and what the test may expect of it. */
export interface FuzzRequest {
  /** The bytes to send. */
  readonly bytes: Uint8Array;
  /** The method as sent. */
  readonly method: string;
  /** The request target as sent. */
  readonly target: string;
  /** Whether it carries exactly one right `Authorization` header. */
  readonly authorized: boolean;
  /**
   * Whether the runtime's HTTP server may refuse it before the app sees it:
   * it breaks HTTP/1.1 (bad method token, bad header bytes, conflicting or
   * broken framing, a bad request target) or uses a method some servers do
   * not pass on. The runtime may then answer 4xx (or 505) on its own, or
   * close the connection.
   */
  readonly malformed: boolean;
  /** A one-line description for failure messages. */
  readonly label: string;
}

const ACTOR_PATHS = [
  "app",
  "app/a",
  "app/b",
  "solo",
  "api",
  "api/spawned",
  "api/spawned/f1",
  "api/team",
  "app%2Fa",
  "%2Fapp%2Fb",
  "api%2Fspawned%2Ff1",
  "%24tell",
  "app/%24restart",
  "nobody/here",
  "app//a",
  "app/%E0%A4%A",
  "app/%00",
  "..",
  "app/../solo",
  "%2e%2e/%2e%2e/etc/passwd",
  "caf%C3%A9",
  "x".repeat(300),
  "a/".repeat(60) + "b",
];

const ACTIONS = ["", "/$tell", "/$ask", "/$stop", "/$restart", "/$fault"];

/** Targets where a well-formed request changes state: spawn, tell, ask. */
const STATEFUL = [
  "/v1/actors",
  "/v1/actors",
  "/v1/supervisors",
  "/v1/actors/api/spawned/f1/$tell",
  "/v1/actors/api/spawned/n1/$tell",
  "/v1/actors/api/spawned/n2/$ask",
  "/v1/actors/api/team/c/$tell",
  "/v1/actors/api/team/c/$stop",
  "/v1/actors/app/a/$tell",
  "/v1/actors/solo/$ask",
];

const FIXED_PATHS = [
  "/",
  "/healthz",
  "/readyz",
  "/openapi.json",
  "/metrics",
  "/v1/system",
  "/v1/tree",
  "/v1/tree?children=0",
  "/v1/tree?children=1&children=2",
  "/v1/tree?children=-5",
  "/v1/tree?depth=3",
  "/v1/observer/tree?children=99999999999999999999",
  "/v1/kinds",
  "/v1/actors",
  "/v1/supervisors",
  "/v1/events",
  "/v1",
  "/v1/",
  "/v2/system",
  "//healthz",
  "/healthz/",
  "/HEALTHZ",
  "/v1/actors/",
  "/v1/actors?status=running&kind=counter&limit=5&offset=1",
  "/v1/actors?limit=0",
  "/v1/actors?limit=abc&limit=2",
  "/v1/actors?parent=%2Fapp",
  "/v1/actors?colour=red",
  "/v1/actors?status=%00",
  "/v1/events?types=restarted,failed",
  "/v1/events?types=bogus",
  "/v1/events?lastEventId=-1",
  "/v1/events?lastEventId=99999999999999999999",
  "/%",
  "/%%32%65",
  "/healthz?%",
  "/healthz#frag",
  "/v1/system?" + "q=1&".repeat(200),
];

const METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"];
const ODD_METHODS = ["get", "FOO", "CONNECT", "TRACE", "PROPFIND"];
const BAD_METHODS = ["G ET", "GET\u0000", "\u00e9", "(GET)", ""];

/** Builds one request. */
export function generateRequest(
  rng: Rng,
  port: number,
  token: string,
): FuzzRequest {
  const target = rng.chance(0.12)
    ? rng.pick(STATEFUL)
    : rng.chance(0.45)
    ? `/v1/actors/${rng.pick(ACTOR_PATHS)}${rng.pick(ACTIONS)}`
    : rng.chance(0.9)
    ? rng.pick(FIXED_PATHS)
    : rng.pick([
      "*",
      `http://evil.example${rng.pick(FIXED_PATHS)}`,
      "/v1/actors/" + "%ff".repeat(50),
      "/\u00e9\u00e8",
      "/v1/actors/a\u202eb",
    ]);
  let malformed = false;
  const method = rng.chance(0.7)
    ? rng.pick(rightMethods(target))
    : rng.chance(0.86)
    ? rng.pick(METHODS)
    : (malformed = true, rng.pick(rng.chance(0.6) ? ODD_METHODS : BAD_METHODS));
  if (
    target.startsWith("*") || /[^\x21-\x7e]/.test(target) ||
    /%(?![0-9a-f]{2})/i.test(target)
  ) malformed = true;
  const version = rng.chance(0.9) ? "HTTP/1.1" : "HTTP/1.0";
  const headers: string[] = [];
  // Host: right, missing, empty, duplicated, odd.
  // (RFC 9112 lets a server answer 400 to a missing, repeated or invalid
  // Host; some runtimes do, others pass the request on.)
  const host = rng.chance(0.7) ? 0 : 1 + rng.int(5);
  if (host === 0) headers.push(`Host: 127.0.0.1:${port}`);
  else if (host === 1) headers.push("Host: ");
  else if (host === 2) headers.push("Host: a.example", "Host: b.example");
  else if (host === 3) headers.push(`Host: ${rng.pick(ODD_HOSTS)}`);
  else if (host === 5) headers.push("Host: localhost");
  // host === 4: no Host header at all
  if (host === 2 || host === 3 || (host === 4 && version === "HTTP/1.1")) {
    malformed = true; // RFC 9112 lets the server refuse these with a 400
  }
  // Authorization: right (most of the time), wrong, malformed, duplicated.
  const auth = rng.int(10);
  let authorized = false;
  if (auth < 6) {
    headers.push(`Authorization: Bearer ${token}`);
    authorized = true;
  } else if (auth === 6) headers.push("Authorization: Bearer wrong-token");
  else if (auth === 7) headers.push(`Authorization: Basic ${token}`);
  else if (auth === 8) {
    headers.push(
      `Authorization: Bearer ${token}`,
      `Authorization: Bearer ${token}`,
    );
  }
  // Odd extra headers.
  let odd = "";
  if (rng.chance(0.15)) {
    odd = rng.pick(ODD_HEADERS);
    headers.push(odd);
    if (odd.startsWith("Transfer-Encoding")) malformed = true;
  }
  if (rng.chance(0.05)) {
    malformed = true;
    odd = rng.pick(BAD_HEADERS);
    headers.push(odd);
  }
  // Body.
  const body = rng.chance(STATEFUL.includes(target) ? 0.9 : 0.55)
    ? generateBody(rng, target)
    : null;
  let framing = body === null ? "none" : rng.pick(FRAMINGS);
  if (body === null && rng.chance(0.05)) framing = "length-zero";
  const type = rng.int(10);
  if (body !== null || rng.chance(0.1)) {
    if (type < 7) headers.push("Content-Type: application/json");
    else if (type === 7) headers.push("Content-Type: text/plain");
    else if (type === 8) {
      headers.push("Content-Type: application/json; charset=utf-8");
    } else {
      headers.push(
        "Content-Type: application/json",
        "Content-Type: application/xml",
      );
    }
  }
  let payload: Uint8Array = new Uint8Array(0);
  const encoded = body === null ? new Uint8Array(0) : body;
  switch (framing) {
    case "length":
      headers.push(`Content-Length: ${encoded.length}`);
      payload = encoded;
      break;
    case "length-zero":
      headers.push("Content-Length: 0");
      break;
    case "chunked":
      headers.push("Transfer-Encoding: chunked");
      payload = chunk(rng, encoded);
      break;
    case "bad-chunked":
      malformed = true;
      headers.push("Transfer-Encoding: chunked");
      payload = concat(text("zz\r\n"), encoded, text("\r\n0\r\n\r\n"));
      break;
    case "both":
      malformed = true;
      headers.push(
        `Content-Length: ${encoded.length}`,
        "Transfer-Encoding: chunked",
      );
      payload = chunk(rng, encoded);
      break;
    case "negative":
      malformed = true;
      headers.push("Content-Length: -1");
      break;
  }
  if (
    (framing === "chunked" && version === "HTTP/1.0") ||
    (method === "HEAD" && payload.length > 0)
  ) malformed = true;
  headers.push("Connection: close");
  const head = `${method} ${target} ${version}\r\n${
    headers.join("\r\n")
  }\r\n\r\n`;
  return {
    bytes: concat(text(head), payload),
    method,
    target,
    authorized,
    malformed,
    label: `${JSON.stringify(method)} ${
      JSON.stringify(target.slice(0, 80))
    } ${version} host=${host} auth=${auth} framing=${framing} body=${encoded.length}B ${
      JSON.stringify(odd.slice(0, 40))
    }`,
  };
}

const ODD_HOSTS = [
  "a b",
  "[::1",
  "x:99999",
  "evil.example:80@127.0.0.1",
  "%00",
  "\u00e9.example",
  "h".repeat(2000),
  "127.0.0.1:0",
  "[::ffff:127.0.0.1]",
];

const ODD_HEADERS = [
  "Last-Event-ID: abc",
  "Last-Event-ID: 0",
  "Origin: https://evil.example",
  "X-Forwarded-Host: evil.example",
  "X-Forwarded-Proto: gopher",
  "Expect: 100-continue",
  "Accept: */*",
  "Accept-Encoding: gzip, br",
  "Cookie: a=b",
  "X-Long: " + "v".repeat(4000),
  "Transfer-Encoding: identity",
];

const BAD_HEADERS = [
  "Bad Header: x",
  "X-Nul: a\u0000b",
  ": no-name",
  "X-Bare-CR: a\rb",
];

const FRAMINGS = [
  ...Array(6).fill("length"),
  ...Array(3).fill("chunked"),
  "bad-chunked",
  "both",
  "negative",
];

/** The methods a target is served with, or GET for unknown ones. */
function rightMethods(target: string): string[] {
  if (/\/\$(tell|ask|stop|restart|fault)$/.test(target)) return ["POST"];
  if (target.startsWith("/v1/actors/")) return ["GET", "DELETE"];
  if (target.startsWith("/v1/actors")) return ["GET", "POST"];
  if (target.startsWith("/v1/supervisors")) return ["POST"];
  return ["GET", "HEAD"];
}

function chunk(rng: Rng, body: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at < body.length) {
    const size = Math.min(body.length - at, 1 + rng.int(4096));
    parts.push(
      text(`${size.toString(16)}\r\n`),
      body.subarray(at, at + size),
      text("\r\n"),
    );
    at += size;
  }
  parts.push(text("0\r\n\r\n"));
  return concat(...parts);
}
