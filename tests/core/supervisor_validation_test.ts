import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type AnyChildSpec,
  childSpec,
  defineActor,
  dynamicSupervisor,
  startChild,
  supervisor,
  type SupervisorOptions,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// Bad supervisor options and child specs fail fast, when the supervisor is
// defined, with TypeError (wrong type) or RangeError (out of range) and a
// message that names the field and the value (OTP's start_spec errors:
// missing_id, invalid_child_spec, invalid_intensity ...).

const worker = defineActor({ init: () => null, receive: () => {} });
const ok = childSpec("ok", worker);

function rejects(
  options: unknown,
  error: { name: string; message: string },
) {
  assert.throws(() => supervisor(options as SupervisorOptions), error);
}

describe("supervisor options validation", () => {
  test("children must be an array", () => {
    rejects(undefined, {
      name: "TypeError",
      message: "Invalid supervisor options: children must be an array",
    });
    rejects({ children: "a" }, {
      name: "TypeError",
      message: "Invalid supervisor options: children must be an array",
    });
  });

  test("duplicate child ids are a TypeError naming the id", () => {
    rejects({ children: [ok, childSpec("x", worker), ok] }, {
      name: "TypeError",
      message: 'Invalid supervisor options: duplicate child id "ok"',
    });
  });

  test("an unknown strategy is a RangeError naming it", () => {
    rejects({ children: [], strategy: "simple-one-for-one" }, {
      name: "RangeError",
      message:
        'Invalid supervisor options: unknown strategy "simple-one-for-one"',
    });
  });

  test("maxRestarts must be a non-negative integer", () => {
    for (const maxRestarts of [-1, 1.5, Number.NaN, Infinity]) {
      rejects({ children: [], maxRestarts }, {
        name: "RangeError",
        message:
          `Invalid supervisor options: maxRestarts must be a non-negative integer, got "${maxRestarts}"`,
      });
    }
  });

  test("withinMs must be a positive finite number (OTP: period is a positive integer)", () => {
    for (const withinMs of [0, -5, Infinity, Number.NaN]) {
      rejects({ children: [], withinMs }, {
        name: "RangeError",
        message:
          `Invalid supervisor options: withinMs must be a positive number, got "${withinMs}"`,
      });
    }
  });

  test("autoShutdown must be one of its three modes", () => {
    rejects({ children: [], autoShutdown: "sometimes" }, {
      name: "RangeError",
      message:
        'Invalid supervisor options: autoShutdown must be "never", "any-significant" or "all-significant", got "sometimes"',
    });
  });

  test("a significant child must not be permanent, and needs an autoShutdown other than never (OTP's bad_combination)", () => {
    rejects({
      children: [childSpec("p", worker, { significant: true })],
      autoShutdown: "any-significant",
    }, {
      name: "RangeError",
      message:
        'Invalid child spec "p" in supervisor options: a permanent child cannot be significant',
    });
    rejects({
      children: [
        childSpec("t", worker, { significant: true, restart: "transient" }),
      ],
    }, {
      name: "RangeError",
      message:
        'Invalid child spec "t" in supervisor options: a significant child needs autoShutdown "any-significant" or "all-significant"',
    });
    rejects({
      children: [childSpec("t", worker, {
        significant: "yes" as unknown as boolean,
        restart: "transient",
      })],
      autoShutdown: "any-significant",
    }, {
      name: "TypeError",
      message:
        'Invalid child spec "t" in supervisor options: significant must be a boolean, got "yes"',
    });
  });

  test("the decider must be a function", () => {
    rejects({ children: [], decider: "restart" }, {
      name: "TypeError",
      message: "Invalid supervisor options: decider must be a function",
    });
  });

  test("backoff needs minMs and sane numbers", () => {
    rejects({ children: [], backoff: {} }, {
      name: "RangeError",
      message: "Invalid supervisor options: backoff.minMs is required",
    });
    rejects({ children: [], backoff: { minMs: -1 } }, {
      name: "RangeError",
      message:
        'Invalid supervisor options: backoff.minMs must be a non-negative number, got "-1"',
    });
    rejects({ children: [], backoff: { minMs: 10, factor: 0.5 } }, {
      name: "RangeError",
      message:
        'Invalid supervisor options: backoff.factor must be a number of at least 1, got "0.5"',
    });
    rejects({ children: [], backoff: { minMs: 10, factor: Infinity } }, {
      name: "RangeError",
      message:
        'Invalid supervisor options: backoff.factor must be a number of at least 1, got "Infinity"',
    });
    rejects({ children: [], backoff: { minMs: 100, maxMs: 50 } }, {
      name: "RangeError",
      message:
        'Invalid supervisor options: backoff.maxMs must be a number of at least 100, got "50"',
    });
    rejects({ children: [], backoff: "fast" }, {
      name: "TypeError",
      message: "Invalid supervisor options: backoff must be an object",
    });
    rejects({ children: [], backoff: { minMs: 10, jitter: 2 } }, {
      name: "RangeError",
      message:
        'Invalid supervisor options: backoff.jitter must be between 0 and 1, got "2"',
    });
    rejects({ children: [], backoff: { minMs: 10, maxMs: -1 } }, {
      name: "RangeError",
      message:
        'Invalid supervisor options: backoff.maxMs must be a number of at least 10, got "-1"',
    });
  });

  test("the same checks apply to dynamic supervisors", () => {
    assert.throws(() => dynamicSupervisor({ maxRestarts: -1 }), {
      name: "RangeError",
      message:
        'Invalid dynamic supervisor options: maxRestarts must be a non-negative integer, got "-1"',
    });
  });
});

describe("child spec validation", () => {
  const cases: [string, unknown, { name: string; message: string }][] = [
    ["a spec that is not an object", null, {
      name: "TypeError",
      message: "Invalid child spec in supervisor options: must be an object",
    }],
    ["a missing id", { start: worker }, {
      name: "TypeError",
      message:
        "Invalid child spec in supervisor options: id must be a non-empty string",
    }],
    ["an empty id", { id: "", start: worker }, {
      name: "TypeError",
      message:
        "Invalid child spec in supervisor options: id must be a non-empty string",
    }],
    ["a start that is not a definition", { id: "w", start: () => {} }, {
      name: "TypeError",
      message:
        'Invalid child spec "w" in supervisor options: start must be an actor definition',
    }],
    ["an unknown restart policy", {
      id: "w",
      start: worker,
      restart: "always",
    }, {
      name: "RangeError",
      message:
        'Invalid child spec "w" in supervisor options: unknown restart policy "always"',
    }],
    ["a negative shutdown", { id: "w", start: worker, shutdown: -1 }, {
      name: "RangeError",
      message:
        'Invalid child spec "w" in supervisor options: shutdown must be a non-negative number, "brutal" or "infinity", got "-1"',
    }],
    ["a NaN shutdown", { id: "w", start: worker, shutdown: Number.NaN }, {
      name: "RangeError",
      message:
        'Invalid child spec "w" in supervisor options: shutdown must be a non-negative number, "brutal" or "infinity", got "NaN"',
    }],
    ['an Infinity shutdown (say "infinity")', {
      id: "w",
      start: worker,
      shutdown: Infinity,
    }, {
      name: "RangeError",
      message:
        'Invalid child spec "w" in supervisor options: shutdown must be a non-negative number, "brutal" or "infinity", got "Infinity"',
    }],
    ["an unknown shutdown word", { id: "w", start: worker, shutdown: "kill" }, {
      name: "RangeError",
      message:
        'Invalid child spec "w" in supervisor options: shutdown must be a non-negative number, "brutal" or "infinity", got "kill"',
    }],
    ["an unknown mailOnRestart", {
      id: "w",
      start: worker,
      mailOnRestart: "forward",
    }, {
      name: "RangeError",
      message:
        'Invalid child spec "w" in supervisor options: mailOnRestart must be "keep" or "drop", got "forward"',
    }],
  ];
  for (const [what, spec, error] of cases) {
    test(`${what} is rejected when the supervisor is defined`, () => {
      rejects({ children: [ok, spec] }, error);
    });
  }

  test("startChild checks the spec too, naming the supervisor", async () => {
    await using kit = new TestKit();
    const sup = kit.system.spawn(supervisor({ children: [] }), {
      name: "sup",
    });
    await kit.runUntilIdle();
    await assert.rejects(
      startChild(sup, { start: worker } as unknown as AnyChildSpec),
      {
        name: "TypeError",
        message:
          'Invalid child spec in supervisor "/sup": id must be a non-empty string',
      },
    );
    await assert.rejects(
      startChild(
        sup,
        { id: "w", start: worker, restart: "sometimes" } as never,
      ),
      {
        name: "RangeError",
        message:
          'Invalid child spec "w" in supervisor "/sup": unknown restart policy "sometimes"',
      },
    );
  });
});
