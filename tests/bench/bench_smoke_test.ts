/**
 * Keeps the benchmarks from rotting: every case of every bench file runs its
 * setup, body and teardown once with tiny sizes (each body checks its own
 * result), and the mitata wiring, memory, fairness and report code run once.
 * Asserts on results and shapes, never on timing: benchmarks are not tests.
 * The Erlang peer is left out (starting the VM twice takes over a second);
 * every bench run compiles and runs it, and records "not measured" without
 * `erl`.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { AddCase, BenchCase, Profile } from "../../bench/_harness.ts";
import type { RunOutput } from "../../bench/_results.ts";
import type { Suite } from "../../bench/_suite.ts";
import { RATIO_TARGETS } from "../../bench/_targets.ts";
import { median } from "../../bench/erlang_peer.ts";
import { measureFairness } from "../../bench/fairness_bench.ts";
import { register as mailbox } from "../../bench/mailbox_bench.ts";
import { measureMemory } from "../../bench/memory_bench.ts";
import { register as peers } from "../../bench/peers_bench.ts";
import { renderReport } from "../../bench/report.ts";
import { collect, timeCase, TIMING } from "../../bench/run.ts";
import { register as runtime } from "../../bench/runtime_bench.ts";
import { register as savina } from "../../bench/savina_bench.ts";

type Register = (add: AddCase, profile: Profile) => void;

function casesOf(register: Register): BenchCase[] {
  const cases: BenchCase[] = [];
  register((c) => void cases.push(c as BenchCase), "smoke");
  return cases;
}

const modules: [string, Register][] = [
  ["mailbox_bench.ts", mailbox],
  ["runtime_bench.ts", runtime],
  ["peers_bench.ts", peers],
  ["savina_bench.ts", savina],
];

for (const [file, register] of modules) {
  describe(`bench/${file} with tiny sizes`, () => {
    const cases = casesOf(register);
    test("registers at least one case", () => {
      assert.ok(cases.length > 0);
    });
    for (const c of cases) {
      test(`${c.id} runs setup, body and teardown once`, async () => {
        const state = await c.setup?.();
        await c.body(state);
        await c.teardown?.(state);
      });
    }
  });
}

describe("bench/run.ts", () => {
  const all = collect("smoke");

  test("case ids are unique and every baseline and xstate id names a case", () => {
    const ids = new Set(all.map((c) => c.id));
    assert.equal(ids.size, all.length);
    for (const c of all) {
      if (c.baseline !== undefined) assert.ok(ids.has(c.baseline), c.baseline);
      for (const x of c.xstate ?? []) assert.ok(ids.has(x), x);
    }
  });

  test("every target names cases that exist", () => {
    const ids = new Set(all.map((c) => c.id));
    for (const t of RATIO_TARGETS) {
      assert.ok(ids.has(t.subject), t.subject);
      assert.ok(
        t.reference.startsWith("erlang:") || ids.has(t.reference),
        t.reference,
      );
    }
  });

  test("times a case with mitata and reports its median", async () => {
    const c = all.find((x) => x.id === "tell/understudy")!;
    const result = await timeCase(c, TIMING.smoke);
    assert.equal(result.error, undefined);
    assert.ok(result.samples >= 1 && result.p50 > 0);
  });

  test("records a case that throws instead of failing the run", async () => {
    const result = await timeCase({
      id: "x/throws",
      group: "x",
      name: "throws",
      role: "subject",
      ops: 1,
      unit: "msg",
      body() {
        throw new Error("boom");
      },
    }, TIMING.smoke);
    assert.match(result.error ?? "", /boom/);
  });
});

describe("bench memory, fairness and report", () => {
  // Forced full GCs over the heap the whole suite built take seconds on a
  // loaded machine: bun test's default 5 s is not enough there.
  test("memory bench measures idle actors or says why it cannot", {
    timeout: 60_000,
  }, async () => {
    const memory = await measureMemory(20);
    if (memory.measured) {
      assert.equal(memory.understudy.actors, 20);
      assert.ok(Number.isFinite(memory.understudy.bytesPerActor));
    } else {
      assert.match(memory.reason, /expose-gc/);
    }
  });

  test("fairness bench measures timers idle and under a flood", async () => {
    const fairness = await measureFairness(3);
    assert.equal(fairness.idle.samples, 3);
    assert.equal(fairness.flooded.samples, 3);
    assert.ok(fairness.floodMessages > 0);
  });

  test("erlang median picks the middle sample", () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2);
  });

  test("report renders a full run with verdicts, medians and ranges", () => {
    const run = (understudy: number): RunOutput => ({
      runtime: { name: "deno", version: "0", engine: "test" },
      cpu: { model: "test cpu", cores: 2 },
      startedAt: new Date(0).toISOString(),
      seconds: 1,
      profile: "smoke",
      groups: ["ping-pong"],
      cases: [
        fake("ping-pong/floor", 100),
        fake("ping-pong/understudy", understudy, "ping-pong/floor"),
      ],
    });
    const suite: Suite = {
      profile: "smoke",
      rounds: 3,
      startedAt: new Date(0).toISOString(),
      seconds: 1,
      command: "test command",
      entries: [
        { seq: 0, round: 1, kind: "js", output: run(150) },
        { seq: 1, round: 2, kind: "js", output: run(250) },
        { seq: 2, round: 3, kind: "js", output: run(160) },
      ],
    };
    const markdown = renderReport({ suite, shifts: [] });
    assert.match(markdown, /test cpu/);
    assert.match(markdown, /test command/);
    // Ratios 0.67, 0.40, 0.63: the median clears 0.6, the minimum not 0.5.
    assert.match(
      markdown,
      /ping-pong ≥ 0\.6× the floor, every run ≥ 0\.5× \| \*\*unstable\*\*: 0\.63× \(0\.40×–0\.67×\)/,
    );
    assert.match(markdown, /`ping-pong\/understudy`/);
    assert.match(markdown, /counting ≥ 5× Erlang\S* .*not measured/);
  });
});

function fake(id: string, p50: number, baseline?: string) {
  return {
    id,
    group: id.split("/")[0],
    name: id,
    role: baseline === undefined ? "baseline" as const : "subject" as const,
    ops: 1,
    unit: "msg",
    ...(baseline === undefined ? {} : { baseline }),
    samples: 1,
    min: p50,
    p25: p50,
    p50,
    p75: p50,
    p99: p50,
    max: p50,
  };
}
