/**
 * NATS credentials pass through `joinCluster`: a token, a user and password,
 * an NKey, and TLS with a CA the node trusts, each against a real nats-server
 * that requires it; wrong or missing credentials fail the join with the
 * server's error.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { nkeys } from "@nats-io/transport-node";
import { ActorSystem } from "../../mod.ts";
import { type ClusterOptions, joinCluster } from "../../cluster.ts";
import { natsMissing, NatsServer } from "./_nats.ts";

const skip = natsMissing();
const OPTIONS = { skip, timeout: 30_000 };
const dir = mkdtempSync(join(tmpdir(), "understudy-nats-auth-"));

/** Joins with `options`, checks the node sees itself, leaves. */
async function joins(
  server: NatsServer,
  options: Partial<ClusterOptions>,
): Promise<void> {
  await using system = new ActorSystem();
  const node = await joinCluster({
    system,
    node: "a",
    servers: server.url,
    // Generous: on a loaded machine a TLS or NKey handshake can take seconds.
    connectTimeoutMs: 15_000,
    ...options,
  });
  assert.equal(node.nodes()[0].name, "a");
  await node.leave();
}

describe("NATS credentials", { skip }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("a token", OPTIONS, async () => {
    const server = await NatsServer.start(["--auth", "s3cret-token"]);
    try {
      await joins(server, { token: "s3cret-token" });
      await assert.rejects(
        joins(server, { token: "wrong" }),
        /Authorization|auth/i,
      );
    } finally {
      await server.dispose();
    }
  });

  test("a user and password", OPTIONS, async () => {
    const server = await NatsServer.start(["--user", "node", "--pass", "pa55"]);
    try {
      await joins(server, { user: "node", pass: "pa55" });
      await assert.rejects(
        joins(server, { user: "node", pass: "nope" }),
        /Authorization|auth/i,
      );
    } finally {
      await server.dispose();
    }
  });

  test("an NKey seed", OPTIONS, async () => {
    const user = nkeys.createUser();
    const seed = new TextDecoder().decode(user.getSeed());
    const config = join(dir, "nkey.conf");
    writeFileSync(
      config,
      `authorization { users = [ { nkey: ${user.getPublicKey()} } ] }\n`,
    );
    const server = await NatsServer.start(["-c", config]);
    try {
      await joins(server, { nkeySeed: seed });
      const other = new TextDecoder().decode(nkeys.createUser().getSeed());
      await assert.rejects(
        joins(server, { nkeySeed: other }),
        /Authorization|auth/i,
      );
    } finally {
      await server.dispose();
    }
  });

  test("TLS with a CA the node trusts", OPTIONS, async () => {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    const made = spawnSync("openssl", [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-keyout",
      key,
      "-out",
      cert,
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ], { stdio: "ignore" });
    if (made.status !== 0) {
      if (process.env.UNDERSTUDY_REQUIRE_E2E === "1") {
        assert.fail("openssl failed");
      }
      return;
    }
    const server = await NatsServer.start([
      "--tls",
      "--tlscert",
      cert,
      "--tlskey",
      key,
    ]);
    try {
      await joins(server, { tls: { caFile: cert } });
      await assert.rejects(joins(server, {}));
    } finally {
      await server.dispose();
    }
  });
});
