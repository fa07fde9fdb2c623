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

  test("--busy-wait sets busyWaitMs: milliseconds, or off", () => {
    const busy = (value: string) =>
      clusterJoin(
        parseServeArgs([
          "--cluster",
          "nats://x:1",
          "--node",
          "a",
          "--busy-wait",
          value,
        ]),
        none,
      )?.busyWaitMs;
    assert.equal(busy("5"), 5);
    assert.equal(busy("2.5ms"), 2.5);
    assert.equal(busy("0"), 0);
    assert.equal(busy("off"), 0);
    assert.equal(
      clusterJoin(
        parseServeArgs(["--cluster", "nats://x:1", "--node", "a"]),
        none,
      )?.busyWaitMs,
      undefined,
      "the layer's default",
    );
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
    for (const bad of ["-1", "1001", "1s", "", "on"]) {
      usage(
        ["--cluster", "nats://x:1", "--node", "a", "--busy-wait", bad],
        /Invalid value for "--busy-wait"/,
      );
    }
    usage(["--busy-wait", "1"], /"--busy-wait" needs "--cluster"/);
    usage(["--cluster", "nats://x:1"], /"--cluster" needs "--node NAME"/);
    usage(["--node", "a"], /"--node" needs "--cluster"/);
    usage(["--cluster-name", "c"], /"--cluster-name" needs "--cluster"/);
  });
});

describe("serve --cluster with direct-link flags", () => {
  const join = (argv: string[], env: Record<string, string> = {}) =>
    clusterJoin(
      parseServeArgs(["--cluster", "nats://x:1", "--node", "a", ...argv]),
      (name) => env[name],
    )?.directLinks;

  test("each flag maps onto one field of directLinks", () => {
    assert.deepEqual(
      join([
        "--link-host",
        "0.0.0.0",
        "--link-port",
        "7400",
        "--link-advertise=10.0.0.5:7400",
        "--link-secret-env",
        "MY_SECRET",
      ], { MY_SECRET: "s3" }),
      {
        host: "0.0.0.0",
        port: 7400,
        advertise: "10.0.0.5:7400",
        secret: "s3",
      },
    );
    assert.deepEqual(join(["--link-host", "[::1]"]), { host: "::1" });
    assert.deepEqual(join(["--link-port", "0"]), { port: 0 });
  });

  test("--links on|off, and the layer's default without flags", () => {
    assert.equal(join([]), undefined);
    assert.equal(join(["--links", "on"]), true);
    assert.equal(join(["--links", "off"]), false);
    assert.equal(
      join(["--links", "off"], { UNDERSTUDY_LINK_SECRET: "s" }),
      false,
    );
  });

  test("the secret comes from UNDERSTUDY_LINK_SECRET unless --link-secret-env names another", () => {
    const env = { UNDERSTUDY_LINK_SECRET: "dflt", OTHER: "named" };
    assert.deepEqual(join([], env), { secret: "dflt" });
    assert.deepEqual(join(["--links", "on"], env), { secret: "dflt" });
    assert.deepEqual(join(["--link-port", "1"], env), {
      port: 1,
      secret: "dflt",
    });
    assert.deepEqual(join(["--link-secret-env", "OTHER"], env), {
      secret: "named",
    });
    assert.deepEqual(join([], { UNDERSTUDY_LINK_SECRET: "" }), undefined);
  });

  test("with TLS to NATS links stay off unless a flag asks for them", () => {
    const tls = (argv: string[], env: Record<string, string> = {}) =>
      clusterJoin(
        parseServeArgs(["--cluster", "tls://x:1", "--node", "a", ...argv]),
        (name) => env[name],
      )?.directLinks;
    assert.equal(tls([], { UNDERSTUDY_LINK_SECRET: "s" }), undefined);
    assert.equal(tls(["--links", "on"]), true);
    assert.deepEqual(tls(["--link-port", "7400"]), { port: 7400 });
    assert.equal(
      join([], { UNDERSTUDY_LINK_SECRET: "s", UNDERSTUDY_NATS_CA: "/ca" }),
      undefined,
    );
  });

  test("bad values, conflicts and lone flags are usage errors", () => {
    const usage = (
      argv: string[],
      pattern: RegExp,
      env: Record<string, string> = {},
    ) =>
      assert.throws(
        () => clusterJoin(parseServeArgs(argv), (name) => env[name]),
        (e: unknown) => e instanceof UsageError && pattern.test(e.message),
      );
    const c = ["--cluster", "nats://x:1", "--node", "a"];
    usage([...c, "--links", "yes"], /Invalid value for "--links"/);
    usage([...c, "--link-port", "65536"], /Invalid value for "--link-port"/);
    usage([...c, "--link-port", "-1"], /Missing value|"--link-port"/);
    usage([...c, "--link-port", "x"], /Invalid value for "--link-port"/);
    usage([...c, "--link-host", "a b"], /Invalid value for "--link-host"/);
    usage([...c, "--link-host", ""], /Invalid value for "--link-host"/);
    usage(
      [...c, "--link-advertise", "10.0.0.5"],
      /Invalid value for "--link-advertise"/,
    );
    usage(
      [...c, "--link-advertise", "10.0.0.5:0"],
      /Invalid value for "--link-advertise"/,
    );
    usage(
      [...c, "--link-advertise", ":7400"],
      /Invalid value for "--link-advertise"/,
    );
    usage(
      [...c, "--link-secret-env", "NOT-A-NAME"],
      /Invalid value for "--link-secret-env"/,
    );
    usage(
      [...c, "--link-secret-env", "UNSET_VAR"],
      /"UNSET_VAR" \(named by "--link-secret-env"\) is not set/,
    );
    usage(
      [...c, "--link-secret-env", "EMPTY"],
      /"EMPTY" \(named by "--link-secret-env"\) is not set/,
      { EMPTY: "" },
    );
    usage(
      [...c, "--links", "off", "--link-port", "7400"],
      /"--link-port" conflicts with "--links off"/,
    );
    usage(["--link-port", "7400"], /"--link-port" needs "--cluster"/);
    usage(["--links", "off"], /"--links" needs "--cluster"/);
    usage(
      ["--link-secret-env", "X"],
      /"--link-secret-env" needs "--cluster"/,
    );
  });
});
