import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  appendClusterRun,
  type ClusterRun,
  clusterTable,
  readClusterRuns,
} from "../../bench/_cluster_report.ts";

const run = (name: string, at: string, pingPong: number): ClusterRun => ({
  runtime: { name, version: "1" },
  at,
  pingPongMicros: { remote: 20, tcpRaw: 15, erlangDistribution: 12 },
  vsErlangPairs: {
    remoteTell: { median: 3, min: 2, max: 4 },
    natsOnlyTell: null,
    remotePingPong: { median: pingPong, min: pingPong - 0.1, max: 1 },
    natsOnlyPingPong: null,
  },
});

describe("the cluster runs in RESULTS.md", () => {
  test("runs appended are read back in order; the table shows the last three per runtime with the goals' verdicts", () => {
    const dir = mkdtempSync(join(tmpdir(), "understudy-cluster-runs-"));
    try {
      const path = join(dir, "runs.jsonl");
      for (const [i, median] of [0.3, 0.45, 0.55, 0.6].entries()) {
        appendClusterRun(run("deno", `d${i + 1}`, median), path);
      }
      appendClusterRun({
        ...run("bun", "b1", 0.9),
        busyWaitMs: 1,
        pingPongMicros: {
          remote: 14,
          tcpRaw: 70,
          tcpSpin: 12,
          erlangDistribution: 60,
        },
      }, path);
      const runs = readClusterRuns(path);
      assert.deepEqual(runs.map((r) => r.at), ["d1", "d2", "d3", "d4", "b1"]);
      const rows = clusterTable(runs).filter((l) =>
        l.startsWith("| deno") || l.startsWith("| bun")
      );
      assert.deepEqual(rows.map((l) => l.split(" | ")[1]), [
        "d2",
        "d3",
        "d4",
        "b1",
      ]);
      assert.match(rows[0], /\*\*missed\*\*: 0\.45× \(0\.35–1×\)/);
      assert.match(rows[1], /\*\*met\*\*: 0\.55×/);
      assert.match(rows[3], /\*\*met\*\*: 3× \(2–4×\)/);
      // The busy wait and the spinning echo, or a dash where a run had none.
      assert.equal(rows[0].split(" | ")[2], "—");
      assert.match(rows[0], /20 \/ 15 \/ — \/ 12 µs/);
      assert.equal(rows[3].split(" | ")[2], "1 ms");
      assert.match(rows[3], /14 \/ 70 \/ 12 \/ 60 µs/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("no runs, no section", () => {
    assert.deepEqual(clusterTable([]), []);
  });
});
