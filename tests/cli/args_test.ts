/** Command-line parsing: every rule of `parseArgs` and `resolveToken`. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  parseArgs,
  resolveToken,
  SERVE_DEFAULTS,
  type ServeArgs,
  UsageError,
} from "../../src/cli/args.ts";

function serve(...argv: string[]): ServeArgs {
  const command = parseArgs(["serve", ...argv]);
  assert.equal(command.kind, "serve");
  return (command as { args: ServeArgs }).args;
}

function usageError(argv: string[], pattern: RegExp): void {
  assert.throws(() => parseArgs(argv), (error: unknown) => {
    assert.ok(error instanceof UsageError, `not a UsageError: ${error}`);
    assert.equal(error.name, "UsageError");
    assert.match(error.message, pattern);
    return true;
  });
}

describe("parseArgs", () => {
  test("serve without flags applies every default", () => {
    assert.deepEqual(serve(), {
      host: "127.0.0.1",
      port: 8080,
      token: undefined,
      demo: "trading",
      allowFaultInjection: false,
      quiet: false,
    });
    assert.deepEqual(serve(), { ...SERVE_DEFAULTS });
  });

  test("serve reads every flag in the --flag value form", () => {
    assert.deepEqual(
      serve(
        "--host",
        "::1",
        "--port",
        "0",
        "--token",
        "s3cret",
        "--demo",
        "none",
        "--allow-fault-injection",
        "--quiet",
      ),
      {
        host: "::1",
        port: 0,
        token: "s3cret",
        demo: "none",
        allowFaultInjection: true,
        quiet: true,
      },
    );
  });

  test("serve reads the --flag=value form, and a value may hold '='", () => {
    const args = serve("--port=9000", "--token=a=b", "--host=localhost");
    assert.equal(args.port, 9000);
    assert.equal(args.token, "a=b");
    assert.equal(args.host, "localhost");
  });

  test("a bracketed IPv6 host loses its brackets", () => {
    assert.equal(serve("--host", "[::1]").host, "::1");
  });

  test("ports outside 0..65535 or not integers are rejected", () => {
    for (const bad of ["65536", "-1", "80.5", "abc", "", "1e3", "0x10"]) {
      usageError(["serve", `--port=${bad}`], /Invalid value for "--port"/);
    }
    assert.equal(serve("--port", "65535").port, 65535);
  });

  test("an unknown demo is rejected with the allowed values", () => {
    usageError(["serve", "--demo", "chess"], /expected "trading" or "none"/);
  });

  test("an empty or spaced token is rejected", () => {
    usageError(["serve", "--token="], /Invalid value for "--token"/);
    usageError(["serve", "--token", "a b"], /Invalid value for "--token"/);
  });

  test("a host with URL syntax in it is rejected", () => {
    usageError(["serve", "--host", "a/b"], /Invalid value for "--host"/);
    usageError(["serve", "--host="], /Invalid value for "--host"/);
  });

  test("a value flag at the end, or followed by a flag, misses its value", () => {
    usageError(["serve", "--port"], /Missing value for flag "--port"/);
    usageError(["serve", "--token", "--port", "1"], /Missing value.*--token/);
  });

  test("a boolean flag with a value is rejected", () => {
    usageError(
      ["serve", "--allow-fault-injection=yes"],
      /Flag "--allow-fault-injection" takes no value/,
    );
  });

  test("a repeated flag is rejected", () => {
    usageError(["serve", "--port", "1", "--port", "2"], /more than once/);
    usageError(["serve", "--quiet", "--quiet"], /more than once/);
  });

  test("an unknown flag or a stray argument for serve is rejected", () => {
    usageError(["serve", "--verbose"], /Unknown flag "--verbose" for "serve"/);
    usageError(["serve", "-p", "1"], /Unknown flag "-p"/);
    usageError(["serve", "extra"], /Unexpected argument "extra"/);
  });

  test("an unknown command or a leading unknown flag is rejected", () => {
    usageError(["start"], /Unknown command "start"/);
    usageError(["--port", "1"], /Unknown flag "--port": expected a command/);
  });

  test("no arguments, -h, --help and help print the main help", () => {
    for (const argv of [[], ["-h"], ["--help"], ["help"]]) {
      assert.deepEqual(parseArgs(argv), { kind: "help", topic: "main" });
    }
  });

  test("serve --help and help serve print the serve help, even after flags", () => {
    for (const argv of [["serve", "--help"], ["serve", "--port", "1", "-h"]]) {
      assert.deepEqual(parseArgs(argv), { kind: "help", topic: "serve" });
    }
    assert.deepEqual(parseArgs(["help", "serve"]), {
      kind: "help",
      topic: "serve",
    });
  });

  test("version and --version print the version; extra arguments are rejected", () => {
    assert.deepEqual(parseArgs(["version"]), { kind: "version" });
    assert.deepEqual(parseArgs(["--version"]), { kind: "version" });
    usageError(["version", "now"], /Unexpected argument "now"/);
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

describe("token characters", () => {
  test("control characters are rejected in a flag token", () => {
    for (const bad of ["a\u0000b", "a\u001bb", "a\u007fb", "a\u00a0b"]) {
      assert.throws(() => parseArgs(["serve", `--token=${bad}`]), UsageError);
    }
    assert.equal(serve("--token=Zx9_-.~+/=").token, "Zx9_-.~+/=");
  });
});
