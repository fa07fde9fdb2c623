import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { SpawnError, supervisor, type SupervisorOptions } from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// Port of OTP's supervisor_SUITE sup_flags: bad supervisor flags are
// refused (OTP's `{error, {supervisor_data, Reason}}` from start_link),
// unknown ones ignored. Options given directly are checked when the
// supervisor is defined (RangeError / TypeError naming the flag), options
// from an init function when it starts (the start rejects with a SpawnError
// whose cause is that error).

describe("OTP supervisor_SUITE: sup_flags", () => {
  const bad: [string, unknown, string, string][] = [
    [
      "invalid_strategy",
      { strategy: "none_for_one" },
      "RangeError",
      'Invalid supervisor options: unknown strategy "none_for_one"',
    ],
    [
      "invalid_intensity",
      { maxRestarts: Infinity },
      "RangeError",
      'Invalid supervisor options: maxRestarts must be a non-negative integer, got "Infinity"',
    ],
    [
      "invalid_period",
      { withinMs: 0 },
      "RangeError",
      'Invalid supervisor options: withinMs must be a positive number, got "0"',
    ],
    [
      "invalid_period",
      { withinMs: Infinity },
      "RangeError",
      'Invalid supervisor options: withinMs must be a positive number, got "Infinity"',
    ],
    [
      "invalid_auto_shutdown",
      { autoShutdown: "sometimes" },
      "RangeError",
      'Invalid supervisor options: autoShutdown must be "never", "any-significant" or "all-significant", got "sometimes"',
    ],
  ];

  test("sup_flags: bad flags fail the definition, or the start when they come from an init function", async () => {
    await using kit = new TestKit();
    for (const [reason, flags, name, message] of bad) {
      const options = {
        children: [],
        ...(flags as object),
      } as SupervisorOptions;
      assert.throws(() => supervisor(options), { name, message }, reason);
      await assert.rejects(
        kit.system.start(supervisor(() => options), { name: "sup_test" }),
        (e) => {
          assert.ok(e instanceof SpawnError, reason);
          assert.equal((e.cause as Error).name, name);
          assert.equal((e.cause as Error).message, message);
          return true;
        },
      );
      assert.equal(kit.system.lookup("/sup_test"), undefined);
    }
  });

  test("sup_flags: flags that are not an options object (OTP's invalid_type) fail", async () => {
    await using kit = new TestKit();
    const tuple = ["one-for-one", 2] as unknown as SupervisorOptions;
    const message = "Invalid supervisor options: children must be an array";
    assert.throws(() => supervisor(tuple), { name: "TypeError", message });
    await assert.rejects(
      kit.system.start(supervisor(() => tuple), { name: "sup_test" }),
      (e) => e instanceof SpawnError && (e.cause as Error).message === message,
    );
  });

  test("sup_flags: unexpected flags are ignored", async () => {
    await using kit = new TestKit();
    const options = { children: [], silly_flag: true } as SupervisorOptions;
    const sup = await kit.system.start(supervisor(options), {
      name: "sup_test",
    });
    assert.equal(sup.status, "running");
    await sup.stop();
    const sup2 = await kit.system.start(supervisor(() => options), {
      name: "sup_test",
    });
    assert.equal(sup2.status, "running");
    await sup2.stop();
    assert.equal(sup2.status, "stopped");
  });
});
