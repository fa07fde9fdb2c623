/** The cluster flags of `understudy serve` and the join settings they make. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseServeArgs } from "../../src/server/serve_args.ts";
import { clusterJoin } from "../../src/server/cluster_flags.ts";
import { UsageError } from "../../src/server/usage_error.ts";

const none = () => undefined;

describe("serve --cluster", () => {
  test("--cluster and --node make the join settings; timings follow --down-after", () => {
    const args = parseServeArgs([
      "--cluster",
      "nats://a:4222, tls://b:4222",
      "--node",
      "n1",
      "--cluster-name",
      "prod",
      "--down-after",
      "2s",
    ]);
    assert.deepEqual(clusterJoin(args, none), {
      servers: ["nats://a:4222", "tls://b:4222"],
      node: "n1",
      cluster: "prod",
      downAfterMs: 2000,
      heartbeatMs: 500,
    });
    assert.equal(clusterJoin(parseServeArgs([]), none), undefined);
  });

  test("credentials come from the environment", () => {
    const env: Record<string, string> = {
      UNDERSTUDY_NATS_TOKEN: "t",
      UNDERSTUDY_NATS_USER: "u",
      UNDERSTUDY_NATS_PASS: "p",
      UNDERSTUDY_NATS_NKEY_SEED: "SUxyz",
      UNDERSTUDY_NATS_CA: "/ca.pem",
    };
    const join = clusterJoin(
      parseServeArgs(["--cluster", "nats://x:1", "--node", "a"]),
      (name) => env[name],
    );
    assert.deepEqual(join, {
      servers: ["nats://x:1"],
      node: "a",
      token: "t",
      user: "u",
      pass: "p",
      nkeySeed: "SUxyz",
      tls: { caFile: "/ca.pem", certFile: undefined, keyFile: undefined },
    });
  });

  test("bad values and lone flags are usage errors", () => {
    const usage = (argv: string[], pattern: RegExp) =>
      assert.throws(
        () => clusterJoin(parseServeArgs(argv), none),
        (e: unknown) => e instanceof UsageError && pattern.test(e.message),
      );
    usage(["--cluster", "http://x"], /Invalid value for "--cluster"/);
    usage(["--cluster", ""], /Invalid value for "--cluster"/);
    usage(
      ["--cluster", "nats://x:1", "--node", "a.b"],
      /Invalid value for "--node"/,
    );
    usage(
      ["--cluster", "nats://x:1", "--node", "a", "--down-after", "10ms"],
      /"--down-after"/,
    );
    usage(["--cluster", "nats://x:1"], /"--cluster" needs "--node NAME"/);
    usage(["--node", "a"], /"--node" needs "--cluster"/);
    usage(["--cluster-name", "c"], /"--cluster-name" needs "--cluster"/);
  });
});
