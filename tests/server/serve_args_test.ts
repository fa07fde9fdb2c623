/** The serve flags: every rule of `parseServeArgs` and `resolveToken`. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  parseServeArgs,
  resolveToken,
  SERVE_DEFAULTS,
  SERVE_FLAGS,
} from "../../src/server/serve_args.ts";
import { UsageError } from "../../src/server/usage_error.ts";

const serve = (...argv: string[]) => parseServeArgs(argv);

function usageError(argv: string[], pattern: RegExp): void {
  assert.throws(() => parseServeArgs(argv), (error: unknown) => {
    assert.ok(error instanceof UsageError, `not a UsageError: ${error}`);
    assert.equal(error.name, "UsageError");
    assert.match(error.message, pattern);
    return true;
  });
}

describe("parseServeArgs", () => {
  test("no flags applies every default", () => {
    assert.deepEqual(serve(), {
      app: undefined,
      demo: undefined,
      host: "127.0.0.1",
      port: 8080,
      token: undefined,
      shutdownTimeoutMs: 10_000,
      allowFaultInjection: false,
      quiet: false,
      maxSpawned: 100_000,
      maxSupervisors: 1_000,
      cluster: undefined,
      node: undefined,
      clusterName: undefined,
      downAfterMs: undefined,
      busyWaitMs: undefined,
      links: undefined,
      linkHost: undefined,
      linkPort: undefined,
      linkAdvertise: undefined,
      linkSecretEnv: undefined,
    });
    assert.deepEqual(serve(), { ...SERVE_DEFAULTS });
  });

  test("reads every flag in the --flag value form", () => {
    assert.deepEqual(
      serve(
        "--app",
        "./app.ts",
        "--host",
        "::1",
        "--port",
        "0",
        "--token",
        "s3cret",
        "--shutdown-timeout",
        "3",
        "--allow-fault-injection",
        "--quiet",
        "--max-spawned",
        "500",
        "--max-supervisors",
        "unlimited",
      ),
      {
        app: "./app.ts",
        demo: undefined,
        host: "::1",
        port: 0,
        token: "s3cret",
        shutdownTimeoutMs: 3000,
        allowFaultInjection: true,
        quiet: true,
        maxSpawned: 500,
        maxSupervisors: Infinity,
        cluster: undefined,
        node: undefined,
        clusterName: undefined,
        downAfterMs: undefined,
        busyWaitMs: undefined,
        links: undefined,
        linkHost: undefined,
        linkPort: undefined,
        linkAdvertise: undefined,
        linkSecretEnv: undefined,
      },
    );
  });

  test("the app may be the one positional argument, before or after flags", () => {
    assert.equal(serve("./app.ts", "--port", "0").app, "./app.ts");
    assert.equal(serve("--port", "0", "app.ts").app, "app.ts");
    usageError(["a.ts", "b.ts"], /Unexpected argument "b\.ts"/);
    usageError(["a.ts", "--app", "b.ts"], /Give the app once/);
    usageError(["--app="], /Invalid value for "--app"/);
  });

  test("an app and a demo together are rejected", () => {
    usageError(["./app.ts", "--demo", "trading"], /an app or a demo, not both/);
  });

  test("the demo name is kept for serve() to check against its demos", () => {
    assert.equal(serve("--demo", "trading").demo, "trading");
    assert.equal(serve("--demo=none").demo, "none");
  });

  test("reads the --flag=value form, and a value may hold '='", () => {
    const args = serve("--port=9000", "--token=a=b", "--host=localhost");
    assert.equal(args.port, 9000);
    assert.equal(args.token, "a=b");
    assert.equal(args.host, "localhost");
  });

  test("the shutdown timeout takes seconds, fractions, s and ms", () => {
    assert.equal(serve("--shutdown-timeout", "10").shutdownTimeoutMs, 10_000);
    assert.equal(serve("--shutdown-timeout=2.5s").shutdownTimeoutMs, 2500);
    assert.equal(serve("--shutdown-timeout=500ms").shutdownTimeoutMs, 500);
    assert.equal(serve("--shutdown-timeout=0").shutdownTimeoutMs, 0);
    for (const bad of ["-1", "ten", "", "1h", "3601", "1e3"]) {
      usageError(
        [`--shutdown-timeout=${bad}`],
        /Invalid value for "--shutdown-timeout"/,
      );
    }
  });

  test("the limits on what clients create take a positive integer or 'unlimited'", () => {
    assert.equal(SERVE_DEFAULTS.maxSpawned, 100_000);
    assert.equal(SERVE_DEFAULTS.maxSupervisors, 1_000);
    assert.equal(serve("--max-spawned=1").maxSpawned, 1);
    assert.equal(
      serve("--max-supervisors", "unlimited").maxSupervisors,
      Infinity,
    );
    for (const bad of ["0", "-1", "2.5", "1e3", "", "lots", "1234567890"]) {
      usageError([`--max-spawned=${bad}`], /Invalid value for "--max-spawned"/);
      usageError(
        [`--max-supervisors=${bad}`],
        /Invalid value for "--max-supervisors".*positive integer or "unlimited"/,
      );
    }
  });

  test("a bracketed IPv6 host loses its brackets", () => {
    assert.equal(serve("--host", "[::1]").host, "::1");
  });

  test("ports outside 0..65535 or not integers are rejected", () => {
    for (const bad of ["65536", "-1", "80.5", "abc", "", "1e3", "0x10"]) {
      usageError([`--port=${bad}`], /Invalid value for "--port"/);
    }
    assert.equal(serve("--port", "65535").port, 65535);
  });

  test("an empty, spaced or control-character token is rejected", () => {
    usageError(["--token="], /Invalid value for "--token"/);
    usageError(["--token", "a b"], /Invalid value for "--token"/);
    for (const bad of ["a\u0000b", "a\u001bb", "a\u007fb", "a\u00a0b"]) {
      usageError([`--token=${bad}`], /Invalid value for "--token"/);
    }
    assert.equal(serve("--token=Zx9_-.~+/=").token, "Zx9_-.~+/=");
  });

  test("a host with URL syntax in it is rejected", () => {
    usageError(["--host", "a/b"], /Invalid value for "--host"/);
    usageError(["--host="], /Invalid value for "--host"/);
  });

  test("a value flag at the end, or followed by a flag, misses its value", () => {
    usageError(["--port"], /Missing value for flag "--port"/);
    usageError(["--token", "--port", "1"], /Missing value.*--token/);
  });

  test("a switch with a value is rejected", () => {
    usageError(
      ["--allow-fault-injection=yes"],
      /Flag "--allow-fault-injection" takes no value/,
    );
  });

  test("a repeated flag is rejected", () => {
    usageError(["--port", "1", "--port", "2"], /more than once/);
    usageError(["--quiet", "--quiet"], /more than once/);
  });

  test("an unknown flag is rejected", () => {
    usageError(["--verbose"], /Unknown flag "--verbose" for "serve"/);
    usageError(["-p", "1"], /Unknown flag "-p"/);
  });

  test("a flag table can be extended without touching the parser", () => {
    const flags = [...SERVE_FLAGS, {
      name: "--region",
      takesValue: true,
      apply: (args: { app: string | undefined }, value: string) => {
        args.app = `region:${value}`;
      },
    }];
    assert.equal(parseServeArgs(["--region", "a"], flags).app, "region:a");
    usageError(["--region", "a"], /Unknown flag "--region"/);
  });
});

describe("resolveToken", () => {
  const generate = () => "generated-token";

  test("the flag wins over the environment", () => {
    assert.deepEqual(resolveToken("flag", "env", generate), {
      token: "flag",
      source: "flag",
    });
  });

  test("the environment is used when no flag is given", () => {
    assert.deepEqual(resolveToken(undefined, "env", generate), {
      token: "env",
      source: "env",
    });
  });

  test("an unset or empty environment variable means a generated token", () => {
    for (const env of [undefined, ""]) {
      assert.deepEqual(resolveToken(undefined, env, generate), {
        token: "generated-token",
        source: "generated",
      });
    }
  });

  test("an environment token with spaces is a usage error", () => {
    assert.throws(
      () => resolveToken(undefined, "a b", generate),
      (error: unknown) =>
        error instanceof UsageError && /UNDERSTUDY_TOKEN/.test(error.message),
    );
  });
});
