/**
 * The arithmetic of repeated runs: medians and ranges, verdicts, the order of
 * a full run's processes, Erlang neighbours, and before/after comparisons.
 * Pure functions on made-up figures; nothing here is timed.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { compareRuns } from "../../bench/_compare.ts";
import { pairCase } from "../../bench/ab.ts";
import type { CaseResult, RunOutput } from "../../bench/_results.ts";
import { judge, spread } from "../../bench/_stats.ts";
import {
  aggregate,
  erlangRatios,
  pairedRatios,
  plan,
  type SuiteEntry,
} from "../../bench/_suite.ts";
import { evaluateTargets } from "../../bench/_targets.ts";

describe("spread", () => {
  test("gives the median with min and max, ignoring non-finite values", () => {
    assert.deepEqual(spread([3, 1, NaN, 2]), {
      n: 3,
      median: 2,
      min: 1,
      max: 3,
    });
    assert.equal(spread([4, 1, 3, 2]).median, 2.5);
    assert.equal(spread([]).n, 0);
  });
});

describe("judge", () => {
  const goal = { value: 0.6, kind: "min", every: 0.5 } as const;
  test("met when the median clears the goal and every run the lower bound", () => {
    assert.equal(judge(spread([0.55, 0.62, 0.7]), goal), "met");
  });
  test("unstable when the median clears but one run is below the lower bound", () => {
    assert.equal(judge(spread([0.45, 0.62, 0.7]), goal), "unstable");
  });
  test("unstable when only some runs clear the goal", () => {
    assert.equal(judge(spread([0.5, 0.55, 0.65]), goal), "unstable");
  });
  test("missed when no run clears the goal", () => {
    assert.equal(judge(spread([0.5, 0.55, 0.59]), goal), "missed");
  });
  test("reads an upper bound the other way", () => {
    const max = { value: 300, kind: "max" } as const;
    assert.equal(judge(spread([280, 290, 310]), max), "met");
    assert.equal(judge(spread([290, 310, 320]), max), "unstable");
    assert.equal(judge(spread([310, 320]), max), "missed");
    assert.equal(judge(spread([]), max), "not measured");
  });
});

describe("plan", () => {
  test("alternates the runtimes and surrounds Erlang groups with Erlang runs", () => {
    const slots = plan(
      ["tell", "ping-pong", "savina"],
      ["deno", "bun"],
      2,
      true,
    );
    const text = slots.map((s) =>
      s.kind === "erlang" ? "E" : `${s.runtime[0]}:${s.group}`
    );
    assert.deepEqual(text.slice(0, 9), [
      "d:tell",
      "b:tell",
      "E",
      "d:ping-pong",
      "E",
      "b:ping-pong",
      "E",
      "d:savina",
      "E",
    ]);
    assert.equal(slots.filter((s) => s.kind === "js").length, 12);
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i];
      if (s.kind !== "js" || s.group === "tell") continue;
      assert.equal(slots[i - 1].kind, "erlang");
      assert.equal(slots[i + 1].kind, "erlang");
    }
  });
  test("leaves Erlang out when asked", () => {
    assert.ok(
      plan(["savina"], ["bun"], 3, false).every((s) => s.kind === "js"),
    );
  });
});

describe("aggregate", () => {
  const entries: SuiteEntry[] = [
    erlang(0, 100),
    js(1, "deno", [c("savina/counting/understudy", 20)]),
    erlang(2, 140),
    js(3, "bun", [c("savina/counting/understudy", 10)]),
    erlang(4, 60),
    js(5, "deno", [
      c("ping-pong/floor", 10),
      c("ping-pong/understudy", 20, "ping-pong/floor"),
    ]),
  ];

  test("each Erlang ratio uses the mean of the Erlang runs on either side", () => {
    const [deno, bun] = aggregate(entries);
    assert.equal(deno.runtime.name, "deno");
    // deno: (100 + 140) / 2 / 20 = 6; bun: (140 + 60) / 2 / 10 = 10.
    assert.deepEqual(deno.erlang.get("counting")?.ratio, [6]);
    assert.deepEqual(bun.erlang.get("counting")?.ratio, [10]);
    assert.deepEqual(
      erlangRatios(bun, entries, "savina/counting/understudy", "counting"),
      [10],
    );
  });

  test("pairs subject and reference by process", () => {
    const [deno] = aggregate(entries);
    assert.deepEqual(
      pairedRatios(deno, "ping-pong/understudy", "ping-pong/floor"),
      [0.5],
    );
    const verdicts = evaluateTargets(deno, entries, []);
    const pingPong = verdicts.find((t) => t.id === "ping-pong-floor")!;
    assert.equal(pingPong.status, "missed");
    assert.equal(pingPong.spread.median, 0.5);
    assert.equal(
      verdicts.find((t) => t.id === "counting-erlang")!.status,
      "met",
    );
  });
});

describe("compareRuns", () => {
  test("pairs the two sides of each round and divides their times", () => {
    const runs = [1, 2].flatMap((round) => [
      {
        arm: "before" as const,
        round,
        output: js(0, "deno", [
          c("x/floor", 10),
          c("x/understudy", 30, "x/floor"),
        ]).output,
      },
      {
        arm: "after" as const,
        round,
        output: js(0, "deno", [
          c("x/floor", 10 * round),
          c("x/understudy", 20 * round, "x/floor"),
        ]).output,
      },
    ]);
    const row = compareRuns(runs).find((r) => r.id === "x/understudy")!;
    assert.deepEqual([row.speed.min, row.speed.max], [0.75, 1.5]);
    // Against the in-process floor the change is 1.5x in both rounds.
    assert.deepEqual([row.vsBaseline.min, row.vsBaseline.max], [1.5, 1.5]);
    // CPU time per call is the fake's time per op halved (see c()).
    const cpu = compareRuns(runs, "cpu").find((r) => r.id === "x/understudy")!;
    assert.deepEqual([cpu.before.median, cpu.after.median], [15, 15]);
  });
});

describe("pairCase", () => {
  test("alternates the two sides and reports their paired speed ratio", async () => {
    const calls: string[] = [];
    const side = (name: string) => ({
      id: "x/understudy",
      group: "x",
      name,
      role: "subject" as const,
      ops: 1,
      unit: "msg",
      body() {
        calls.push(name);
        let x = 0;
        for (let i = 0; i < 300_000; i++) x += i;
        return x;
      },
    });
    const figure = await pairCase(side("before"), side("after"), 5);
    assert.ok(figure.pairs >= 5);
    assert.equal(calls.length, 2 * (figure.pairs + 3));
    assert.deepEqual(calls.slice(0, 4), ["before", "after", "before", "after"]);
    // (A body too quick for the CPU clock gives no ratio, not a wrong one.)
    assert.ok(!(figure.speed.p25 > figure.speed.median));
    assert.ok(!(figure.speed.median > figure.speed.p75));
  });
});

function c(id: string, perOp: number, baseline?: string): CaseResult {
  return {
    id,
    group: id.split("/")[0],
    name: id,
    role: baseline === undefined ? "floor" : "subject",
    ops: 1,
    unit: "msg",
    ...(baseline === undefined ? {} : { baseline }),
    samples: 1,
    min: perOp,
    p25: perOp,
    p50: perOp,
    p75: perOp,
    p99: perOp,
    max: perOp,
    cpu: perOp / 2,
  };
}

function js(
  seq: number,
  name: "deno" | "bun",
  cases: CaseResult[],
): SuiteEntry & { kind: "js"; output: RunOutput } {
  return {
    seq,
    round: 1,
    kind: "js",
    output: {
      runtime: { name, version: "0", engine: "test" },
      cpu: { model: "test", cores: 2 },
      startedAt: new Date(0).toISOString(),
      seconds: 1,
      profile: "smoke",
      groups: null,
      cases,
    },
  };
}

function erlang(seq: number, countingPerOp: number): SuiteEntry {
  return {
    seq,
    round: 1,
    kind: "erlang",
    erlang: {
      available: true,
      otp: "25",
      erts: "13",
      schedulers: 1,
      idleProcessBytes: 2640,
      benchmarks: [{
        id: "counting",
        ops: 10,
        samples: [countingPerOp * 10],
        p50: countingPerOp * 10,
      }],
    },
  };
}
