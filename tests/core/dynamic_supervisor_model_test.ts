import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type ActorRef,
  countChildren,
  dynamicSupervisor,
  inspect,
  type RestartPolicy,
  startChild,
  terminateChild,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { type ChildMsg, control, spec } from "./_otp_child.ts";

// Model-based test of a template dynamic supervisor (OTP's
// simple_one_for_one): random starts, failures, normal exits, terminations
// by ref (also of children already gone) and clock advances against OTP's
// rules: a dynamic child is forgotten once it stops for good (permanent
// children never do on their own, transient ones after a normal exit,
// temporary ones always); restarts count against the intensity; one spec.

type Command =
  | { readonly kind: "start" }
  | { readonly kind: "fail" | "exit" | "terminate"; readonly pick: number }
  | { readonly kind: "advance"; readonly ms: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: "start" as const }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        "fail" as const,
        "exit" as const,
        "terminate" as const,
      ),
      pick: fc.nat(20),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("advance" as const),
      ms: fc.integer({ min: 0, max: 3000 }),
    }),
  },
);

describe("template dynamic supervisor against a model of simple_one_for_one", () => {
  test("which_children, count_children and escalation agree after every command", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<RestartPolicy>("permanent", "transient", "temporary"),
        fc.integer({ min: 1, max: 4 }),
        fc.array(command, { minLength: 5, maxLength: 30, size: "max" }),
        async (restart, maxRestarts, commands) => {
          await using kit = new TestKit();
          const ctl = control();
          const sup = await kit.system.start(
            dynamicSupervisor({
              template: spec(ctl, "worker", { restart }),
              maxRestarts,
              withinMs: 1000,
            }),
            { name: "pool" },
          );
          // Every ref ever started, and the model: which of them it keeps.
          const refs: ActorRef<ChildMsg>[] = [];
          const kept = new Set<number>();
          let times: number[] = [];
          let now = 0;
          for (const [step, cmd] of commands.entries()) {
            const where = `step ${step} ${JSON.stringify(cmd)}`;
            let escalated = false;
            if (cmd.kind === "advance") {
              await kit.advance(cmd.ms);
              now += cmd.ms;
            } else if (cmd.kind === "start") {
              const ref = await startChild(sup);
              assert.ok(ref !== undefined, where);
              refs.push(ref as ActorRef<ChildMsg>);
              kept.add(refs.length - 1);
            } else if (refs.length > 0) {
              const i = cmd.pick % refs.length;
              if (cmd.kind === "terminate") {
                // Terminating a child that is gone already is ok.
                await terminateChild(sup, refs[i]);
                kept.delete(i);
              } else if (kept.has(i)) {
                refs[i].tell(cmd.kind === "fail" ? "die" : "stop");
                await kit.runUntilIdle();
                const restarts = restart === "permanent" ||
                  (restart === "transient" && cmd.kind === "fail");
                if (!restarts) {
                  kept.delete(i);
                } else {
                  times = times.filter((t) => t > now - 1000);
                  if (times.length >= maxRestarts) escalated = true;
                  else times.push(now);
                }
              }
            }
            if (escalated) {
              assert.equal(
                (await kit.system.terminated).cause,
                "escalation",
                where,
              );
              return;
            }
            assert.equal(sup.status, "running", where);
            const expected = [...kept].sort((a, b) => b - a).map((i) => [
              refs[i].name,
              "running",
            ]);
            assert.deepEqual(
              whichChildren(sup).map((c) => [c.id, c.status]),
              expected,
              where,
            );
            assert.deepEqual(countChildren(sup), {
              specs: 1,
              active: kept.size,
              supervisors: 0,
              workers: kept.size,
            }, where);
            const info = inspect(kit.system, sup)?.supervisor;
            assert.deepEqual(
              [info?.specs, info?.template, info?.children, info?.active],
              [1, true, kept.size, kept.size],
              `inspection, ${where}`,
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
