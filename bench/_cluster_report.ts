/**
 * The cluster benchmark's runs in `bench/RESULTS.md`: each run of
 * `cluster_bench.ts` appends its summary to `bench/out/cluster-runs.jsonl`,
 * and the report shows the last three runs of each runtime, with the goals of
 * issue 11 (remote ping-pong at least half of Erlang distribution's rate,
 * remote tells at least its rate), judged per run on the median of the runs'
 * Erlang pairs.
 *
 * @module
 */

import { readText, writeText } from "./_host.ts";

/** A median with the lowest and highest of the pairs it summarises. */
export interface PairedRatio {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** What the report needs of one cluster run. */
export interface ClusterRun {
  readonly runtime: { readonly name: string; readonly version: string };
  readonly at: string;
  /** The nodes' `busyWaitMs` (absent in runs from before it existed). */
  readonly busyWaitMs?: number;
  readonly pingPongMicros: {
    readonly remote: number;
    readonly tcpRaw: number;
    /** The bare echo with a busy-wait thread (absent before it existed). */
    readonly tcpSpin?: number;
    readonly erlangDistribution: number;
  };
  readonly vsErlangPairs: {
    readonly remoteTell: PairedRatio | null;
    readonly natsOnlyTell: PairedRatio | null;
    readonly remotePingPong: PairedRatio | null;
    readonly natsOnlyPingPong: PairedRatio | null;
  };
}

/** Where the runs are kept. */
export const CLUSTER_RUNS = new URL("./out/cluster-runs.jsonl", import.meta.url)
  .pathname;

/**
 * Appends a run's summary to the file of runs.
 *
 * @param run The summary.
 * @param path The file (tests pass another).
 */
export function appendClusterRun(run: ClusterRun, path = CLUSTER_RUNS): void {
  writeText(path, (readText(path) ?? "") + JSON.stringify(run) + "\n");
}

/**
 * The runs kept, oldest first (runs from before pairing are skipped).
 *
 * @param path The file.
 * @returns The runs.
 */
export function readClusterRuns(path = CLUSTER_RUNS): ClusterRun[] {
  return (readText(path) ?? "").split("\n").filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as ClusterRun)
    .filter((r) => r.vsErlangPairs !== undefined);
}

const ratio = (r: PairedRatio | null) =>
  r === null ? "—" : `${r.median}× (${r.min}–${r.max}×)`;

const verdict = (r: PairedRatio | null, goal: number) =>
  r === null ? "not measured" : r.median >= goal ? "**met**" : "**missed**";

/**
 * The cluster section of the report: the last three runs per runtime.
 *
 * @param runs The runs, oldest first.
 * @returns The Markdown lines (none without runs).
 */
export function clusterTable(runs: readonly ClusterRun[]): string[] {
  if (runs.length === 0) return [];
  const shown: ClusterRun[] = [];
  for (const name of new Set(runs.map((r) => r.runtime.name))) {
    shown.push(...runs.filter((r) => r.runtime.name === name).slice(-3));
  }
  return [
    "## Cluster (issue 11): remote tells and ping-pong against Erlang distribution",
    "",
    "Made with `npm run bench:cluster` (a peer node process of the same runtime, direct links, a loopback nats-server, and two local `erl -sname` nodes with Erlang's default settings). Every run of a remote case is paired with the same Erlang run seconds apart; a ratio is the median of a run's 7 pairs, with the lowest and highest pair. Goals: remote ping-pong ≥ 0.5× Erlang's rate, remote tells ≥ 1×. Busy wait: the nodes' `busyWaitMs` (docs/cluster.md, \"Busy waiting\"; \"—\" for runs before it existed). On a quiet machine these ratios overstate the lead: Erlang's round trip measured beside busy-waiting runs is slower than beside runs without busy wait, and with one core kept busy (every CPU awake, where busy waiting changes nothing) Deno's ping-pong is about 0.6× Erlang's and Bun's about 1×; docs/cluster.md (\"Speed\") has those runs. The last three runs per runtime:",
    "",
    "| runtime | run at | busy wait | remote ping-pong vs Erlang (≥ 0.5×) | NATS only | remote tells vs Erlang (≥ 1×) | NATS only | round trip: remote / TCP echo / TCP echo with busy wait / Erlang |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...shown.map((r) => {
      const v = r.vsErlangPairs;
      const p = r.pingPongMicros;
      const busy = r.busyWaitMs === undefined
        ? "—"
        : r.busyWaitMs === 0
        ? "off"
        : `${r.busyWaitMs} ms`;
      return `| ${r.runtime.name} ${r.runtime.version} | ${r.at} | ${busy} | ${
        verdict(v.remotePingPong, 0.5)
      }: ${ratio(v.remotePingPong)} | ${ratio(v.natsOnlyPingPong)} | ${
        verdict(v.remoteTell, 1)
      }: ${ratio(v.remoteTell)} | ${
        ratio(v.natsOnlyTell)
      } | ${p.remote} / ${p.tcpRaw} / ${
        p.tcpSpin ?? "—"
      } / ${p.erlangDistribution} µs |`;
    }),
    "",
  ];
}
