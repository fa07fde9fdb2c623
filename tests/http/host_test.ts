import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { abandon, rawRequest } from "./_raw.ts";
import { serveOnLoopback } from "./_serve.ts";
import { setup, TOKEN } from "./_fixtures.ts";

/** Runs `body` against a real server on 127.0.0.1, capturing console.error. */
async function withServer(
  body: (port: number, logged: unknown[][]) => Promise<void>,
): Promise<void> {
  await using h = setup();
  await using server = serveOnLoopback(h.app.fetch);
  const logged: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void logged.push(args);
  try {
    await body(server.port, logged);
  } finally {
    console.error = original;
  }
}

const get = (path: string, head: string) =>
  `GET ${path} HTTP/1.1\r\n${head}Connection: close\r\n\r\n`;

describe("the Host header over real TCP", () => {
  test("empty, malformed or missing (HTTP/1.0) Host never gives a 500, on any route", async () => {
    await withServer(async (port, logged) => {
      const hosts = [
        "Host: \r\n",
        "Host: a b\r\n",
        "Host: [::1\r\n",
        "Host: x:99999\r\n",
        "Host: evil.example\r\n",
        "Host: \u00e9\r\n",
      ];
      const routes = ["/healthz", "/readyz", "/openapi.json", "/v1/system"];
      for (const route of routes) {
        for (const host of hosts) {
          const res = await rawRequest(
            port,
            get(route, `${host}Authorization: Bearer ${TOKEN}\r\n`),
          );
          assert.ok(
            res.status >= 200 && res.status < 500,
            `${route} with ${JSON.stringify(host)}: ${res.status} ${res.body}`,
          );
          if (res.status === 200) {
            assert.match(res.headers["content-type"], /json/);
          }
        }
        const old = await rawRequest(
          port,
          `GET ${route} HTTP/1.0\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`,
        );
        assert.equal(old.status, 200, `${route} over HTTP/1.0: ${old.body}`);
      }
      assert.deepEqual(logged, [], "nothing was an internal error");
    });
  });

  test("a Location header never carries the client's Host", async () => {
    await withServer(async (port) => {
      const body = JSON.stringify({ kind: "silent", name: "l" });
      const res = await rawRequest(
        port,
        `POST /v1/actors HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      assert.equal(res.status, 201, res.body);
      assert.equal(res.headers["location"], "/v1/actors/api/spawned/l");
      assert.doesNotMatch(res.body, /evil/);
    });
  });

  test("a client that goes away mid-body is not an internal error", async () => {
    await withServer(async (port, logged) => {
      for (
        const framing of ["Content-Length: 1000", "Transfer-Encoding: chunked"]
      ) {
        await abandon(
          port,
          `POST /v1/actors HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\n${framing}\r\n\r\n${
            framing.startsWith("Transfer") ? "10\r\n" : ""
          }{"kind":"sil`,
        );
      }
      const res = await rawRequest(port, get("/healthz", "Host: x\r\n"));
      assert.equal(res.status, 200, "the server still answers");
      assert.deepEqual(logged, [], "nothing was logged as an internal error");
    });
  });
});

describe("bodies over real TCP", () => {
  test("a POST without any body or framing headers (curl -X POST) reads as {}", async () => {
    await withServer(async (port) => {
      const spawn = JSON.stringify({ kind: "silent", name: "s" });
      await rawRequest(
        port,
        `POST /v1/actors HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${spawn.length}\r\nConnection: close\r\n\r\n${spawn}`,
      );
      const res = await rawRequest(
        port,
        `POST /v1/actors/api/spawned/s/$stop HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: close\r\n\r\n`,
      );
      assert.equal(res.status, 200, res.body);
    });
  });

  test("a chunked JSON body is read like any other", async () => {
    await withServer(async (port) => {
      const body = JSON.stringify({ kind: "silent", name: "chunky" });
      const half = Math.floor(body.length / 2);
      const chunks = [body.slice(0, half), body.slice(half)].map((c) =>
        `${c.length.toString(16)}\r\n${c}\r\n`
      ).join("");
      const res = await rawRequest(
        port,
        `POST /v1/actors HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks}0\r\n\r\n`,
      );
      assert.equal(res.status, 201, res.body);
      assert.equal(JSON.parse(res.body).path, "/api/spawned/chunky");
    });
  });
});
