import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type AnyChildSpec,
  type AutoShutdown,
  checkChildSpecs,
  defineActor,
  getChildSpec,
  startChild,
  supervisor,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// OTP's check_childspecs/2 as a property: for random specs (valid and
// invalid values of every key, unknown keys, missing keys) and a random
// autoShutdown, checkChildSpecs, the supervisor's definition and
// startChild agree with a small model of supervisor.erl's check_childspec
// (which key is wrong, TypeError or RangeError), and a spec they accept
// reads back through getChildSpec with OTP's defaults.

const worker = defineActor({ init: () => null, receive: () => {} });
const sub = supervisor({ children: [] });

const field = <T>(...values: T[]) =>
  fc.option(fc.constantFrom(...values), { nil: undefined, freq: 3 });

const specArb = fc.record({
  id: field<unknown>("a", "", 7),
  start: field<unknown>(worker, sub, "mfa", () => {}),
  restart: field<unknown>("permanent", "transient", "temporary", "prmanent"),
  shutdown: field<unknown>(0, 1000, "infinity", "brutal", -10, NaN, "1000"),
  significant: field<unknown>(true, false, "maybe"),
  mailOnRestart: field<unknown>("keep", "drop", "lose"),
  mailbox: field<unknown>(
    { capacity: 10 },
    { capacity: 0 },
    { overflow: "x" },
    5,
  ),
  register: field<unknown>("name", ""),
  dummy: field<unknown>("dummy"),
}, { requiredKeys: [] });

type Verdict = [name: "TypeError" | "RangeError", detail: string] | null;

/** The model: the first check that fails, in supervisor.erl's key order. */
function model(spec: Record<string, unknown>, auto: AutoShutdown): Verdict {
  if (typeof spec.id !== "string" || spec.id === "") {
    return ["TypeError", "id must be a non-empty string"];
  }
  if (spec.start !== worker && spec.start !== sub) {
    return ["TypeError", "start must be an actor definition"];
  }
  const restart = spec.restart;
  if (
    restart !== undefined &&
    !["permanent", "transient", "temporary"].includes(restart as string)
  ) {
    return ["RangeError", `unknown restart policy "${restart}"`];
  }
  const shutdown = spec.shutdown;
  if (
    shutdown !== undefined && shutdown !== "infinity" &&
    shutdown !== "brutal" &&
    !(typeof shutdown === "number" && shutdown >= 0)
  ) {
    return ["RangeError", "shutdown"];
  }
  if (spec.significant !== undefined && typeof spec.significant !== "boolean") {
    return ["TypeError", "significant must be a boolean"];
  }
  if (spec.significant === true && (restart ?? "permanent") === "permanent") {
    return ["RangeError", "a permanent child cannot be significant"];
  }
  const mailbox = spec.mailbox as
    | { capacity?: number; overflow?: string }
    | number
    | undefined;
  if (mailbox !== undefined) {
    if (typeof mailbox !== "object") {
      return ["TypeError", "mailbox must be an object"];
    }
    if (mailbox.capacity === 0) return ["RangeError", "mailbox.capacity"];
    if (mailbox.overflow !== undefined) {
      return ["RangeError", "mailbox.overflow"];
    }
  }
  if (spec.register === "") {
    return ["TypeError", "register must be a non-empty string"];
  }
  if (spec.mailOnRestart === "lose") return ["RangeError", "mailOnRestart"];
  if (spec.significant === true && auto === "never") {
    return ["RangeError", "a significant child needs autoShutdown"];
  }
  return null;
}

function outcome(run: () => unknown): [string, string] | null {
  try {
    run();
    return null;
  } catch (error) {
    return [(error as Error).name, (error as Error).message];
  }
}

describe("checkChildSpecs against a model of check_childspecs", () => {
  test("checkChildSpecs, supervisor() and startChild accept and refuse the same specs, as the model does", async () => {
    await fc.assert(
      fc.asyncProperty(
        specArb,
        fc.constantFrom<AutoShutdown>(
          "never",
          "any-significant",
          "all-significant",
        ),
        async (raw, autoShutdown) => {
          const spec = raw as unknown as AnyChildSpec;
          const expected = model(raw, autoShutdown);
          const checked = outcome(() => checkChildSpecs([spec], autoShutdown));
          const defined = outcome(() =>
            supervisor({ autoShutdown, children: [spec] })
          );
          if (expected === null) {
            assert.equal(checked, null);
            assert.equal(defined, null);
          } else {
            assert.ok(checked !== null && defined !== null, "refused");
            assert.equal(checked[0], expected[0], checked[1]);
            assert.ok(checked[1].includes(expected[1]), checked[1]);
            assert.ok(checked[1].includes("child specs (index 0)"), checked[1]);
            // The same error, named for where the spec was given.
            assert.equal(defined[0], checked[0]);
            assert.equal(
              defined[1],
              checked[1].replace("child specs (index 0)", "supervisor options"),
            );
          }
          await using kit = new TestKit();
          const sup = await kit.system.start(
            supervisor({ autoShutdown, children: [] }),
            { name: "sup" },
          );
          let started: unknown;
          try {
            started = await startChild(sup, { ...spec, register: undefined });
          } catch (error) {
            started = error;
          }
          const viaStart = model({ ...raw, register: undefined }, autoShutdown);
          if (viaStart !== null) {
            assert.ok(started instanceof Error, "startChild refuses it");
            assert.equal(started.name, viaStart[0]);
            return;
          }
          assert.ok(!(started instanceof Error), String(started));
          const read = getChildSpec(sup, spec.id);
          const isSup = spec.start === sub;
          assert.equal(read.restart, spec.restart ?? "permanent");
          assert.equal(
            read.shutdown,
            spec.shutdown ?? (isSup ? "infinity" : 5000),
          );
          assert.equal(read.significant, spec.significant ?? false);
          assert.equal(read.mailOnRestart, spec.mailOnRestart ?? "keep");
          assert.equal(read.type, isSup ? "supervisor" : "worker");
        },
      ),
      { numRuns: 300 },
    );
  });
});
