/**
 * Cluster benchmark: remote tell throughput and remote ping-pong between
 * this process and a peer node process (same runtime), over direct links
 * (the default) and over NATS only (`directLinks: false`, through a loopback
 * nats-server), against the same work inside one system, and against Erlang
 * distribution between two local `erl -sname` nodes, in the same run: each
 * remote tell and ping-pong run is followed by the same Erlang run, and a
 * ratio against Erlang is the median of these pairs' ratios (runs seconds
 * apart share the machine's state; see `_cluster_erlang.ts`).
 *
 * ```sh
 * npm run bench:cluster            # both runtimes
 * deno run -A bench/cluster_bench.ts [--quick] [--busy-wait=MS]
 * bun bench/cluster_bench.ts [--quick] [--busy-wait=MS]
 * ```
 *
 * Both nodes join with `busyWaitMs` as `--busy-wait=` says (default: the
 * cluster's default, 1 ms; `0` to compare without it). The bare TCP echo
 * runs twice: as it is, and with this process's busy-wait thread marked
 * on every round trip (the floor a busy-waiting node can reach). Erlang
 * runs with its default settings unless `ERL_FLAGS` says otherwise (the
 * summary records it), e.g. its longest busy wait:
 * `ERL_FLAGS="+sbwt very_long +sbwtdcpu very_long +sbwtdio very_long +swt very_low"`.
 *
 * Writes `bench/out/cluster-<runtime>.json` and prints medians and ratios.
 * Throughput is messages per second from the first tell to the sink's
 * acknowledgement of the last; ping-pong is one sequential ask after another
 * (each alone on the wire: the latency batching must not cost), beside a bare
 * NATS echo and a bare TCP echo between the same two processes (the two
 * transports' floors).
 *
 * @module
 */

import process from "node:process";
import { connect } from "@nats-io/transport-node";
import { connect as tcpConnect } from "node:net";
import { ActorSystem } from "../mod.ts";
import { joinCluster } from "../cluster.ts";
import { holdBusyWait } from "../src/cluster/_busy_wait.ts";
import type { ActorRef } from "../mod.ts";
import { echo, type EchoMsg, sink, type SinkMsg } from "./_cluster_actors.ts";
import { startNats, startPeer } from "./_cluster_host.ts";
import {
  type ErlangDistribution,
  startErlangDistribution,
} from "./_cluster_erlang.ts";
import { runtimeInfo, scriptArgs, writeText } from "./_host.ts";
import { appendClusterRun } from "./_cluster_report.ts";

const quick = scriptArgs().includes("--quick");
const TELLS = quick ? 20_000 : 200_000;
const ROUND_TRIPS = quick ? 2_000 : 5_000;
const SAMPLES = quick ? 3 : 7;
const BUSY_WAIT_MS = Number(
  scriptArgs().find((a) => a.startsWith("--busy-wait="))?.slice(12) ?? 1,
);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function tellRun(ref: ActorRef<SinkMsg>, n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) ref.tell(i);
  await ref.ask<number>((replyTo) => ({ t: "expect", n, replyTo }), {
    timeoutMs: 120_000,
  });
  return (performance.now() - t0) * 1e6;
}

async function pingRun(ref: ActorRef<EchoMsg>, n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    await ref.ask<number>((replyTo) => ({ n: i, replyTo }));
  }
  return (performance.now() - t0) * 1e6;
}

async function rawRun(
  servers: string,
  cluster: string,
  n: number,
): Promise<number> {
  const nc = await connect({ servers });
  let next: () => void = () => {};
  nc.subscribe(`${cluster}.raw.back`, { callback: () => next() });
  await nc.flush();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const back = new Promise<void>((resolve) => next = resolve);
    nc.publish(`${cluster}.raw.echo`, "x");
    await back;
  }
  const ns = (performance.now() - t0) * 1e6;
  await nc.close();
  return ns;
}

async function tcpRun(
  port: number,
  n: number,
  spin = false,
): Promise<number> {
  const hold = spin ? holdBusyWait(Math.max(1, BUSY_WAIT_MS)) : null;
  const socket = tcpConnect(port, "127.0.0.1");
  socket.setNoDelay(true);
  await new Promise((resolve) => socket.once("connect", resolve));
  let next: () => void = () => {};
  socket.on("data", () => next());
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const back = new Promise<void>((resolve) => next = resolve);
    hold?.touch();
    socket.write("x\n");
    await back;
  }
  const ns = (performance.now() - t0) * 1e6;
  hold?.release();
  socket.destroy();
  return ns;
}

async function samples(run: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < SAMPLES + 2; i++) {
    const ns = await run();
    if (i >= 2) out.push(ns);
  }
  return out;
}

/**
 * Samples `run` and `erlang` in pairs, one right after the other (which goes
 * first alternates), after two warm-up pairs.
 */
async function pairedSamples(
  run: () => Promise<number>,
  erlang: () => Promise<number>,
): Promise<{ ours: number[]; erlang: number[] }> {
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < SAMPLES + 2; i++) {
    let a: number, b: number;
    if (i % 2 === 0) {
      a = await run();
      b = await erlang();
    } else {
      b = await erlang();
      a = await run();
    }
    if (i >= 2) {
      ours.push(a);
      theirs.push(b);
    }
  }
  return { ours, erlang: theirs };
}

const nats = await startNats();
const cluster = `bench${Date.now()}`;
const peer = await startPeer(nats.url, cluster, BUSY_WAIT_MS);
const system = new ActorSystem({ name: "bench" });
const node = await joinCluster({
  system,
  node: "a",
  servers: nats.url,
  cluster,
  busyWaitMs: BUSY_WAIT_MS,
});
const natsSystem = new ActorSystem({ name: "bench-nats" });
const natsNode = await joinCluster({
  system: natsSystem,
  node: "a",
  servers: nats.url,
  cluster: `${cluster}n`,
  directLinks: false,
  busyWaitMs: BUSY_WAIT_MS,
});
const localSink = system.spawn(sink, { name: "sink" });
const localEcho = system.spawn(echo, { name: "echo" });
const remoteSink = node.refAt<SinkMsg>("peer", "/sink");
const remoteEcho = node.refAt<EchoMsg>("peer", "/echo");
const natsSink = natsNode.refAt<SinkMsg>("peer", "/sink");
const natsEcho = natsNode.refAt<EchoMsg>("peer", "/echo");
await remoteEcho.ask((replyTo) => ({ n: 0, replyTo }), { timeoutMs: 30_000 });
await natsEcho.ask((replyTo) => ({ n: 0, replyTo }), { timeoutMs: 30_000 });
for (let i = 0; i < 200 && !node.nodes()[1]?.direct; i++) {
  await new Promise((resolve) => setTimeout(resolve, 25));
}
if (!node.nodes()[1]?.direct) throw new Error("no direct link to the peer");

// `--only a,b`: just these cases (and no Erlang run), to iterate quickly.
const only = scriptArgs().find((a) => a.startsWith("--only="))?.slice(7);
const erlang: ErlangDistribution | string = only !== undefined
  ? "skipped (--only)"
  : await startErlangDistribution();
/** The Erlang run each case is paired with, if any. */
const ERLANG_PAIR: Record<string, (e: ErlangDistribution) => Promise<number>> =
  {
    "remote-tell": (e) => e.tell(TELLS),
    "nats-tell": (e) => e.tell(TELLS),
    "remote-ping-pong": (e) => e.ping(ROUND_TRIPS),
    "nats-ping-pong": (e) => e.ping(ROUND_TRIPS),
  };

const results: Record<string, { ops: number; samples: number[] }> = {};
const cases: [string, number, () => Promise<number>][] = [
  ["remote-tell", TELLS, () => tellRun(remoteSink, TELLS)],
  ["nats-tell", TELLS, () => tellRun(natsSink, TELLS)],
  ["local-tell", TELLS, () => tellRun(localSink, TELLS)],
  ["remote-ping-pong", ROUND_TRIPS, () => pingRun(remoteEcho, ROUND_TRIPS)],
  ["nats-ping-pong", ROUND_TRIPS, () => pingRun(natsEcho, ROUND_TRIPS)],
  ["local-ping-pong", ROUND_TRIPS, () => pingRun(localEcho, ROUND_TRIPS)],
  [
    "nats-raw-ping-pong",
    ROUND_TRIPS,
    () => rawRun(nats.url, cluster, ROUND_TRIPS),
  ],
  ["tcp-raw-ping-pong", ROUND_TRIPS, () => tcpRun(peer.tcpPort, ROUND_TRIPS)],
  [
    "tcp-spin-ping-pong",
    ROUND_TRIPS,
    () => tcpRun(peer.tcpPort, ROUND_TRIPS, true),
  ],
];
for (const [id, ops, run] of cases) {
  if (only !== undefined && !only.split(",").includes(id)) continue;
  const pair = ERLANG_PAIR[id];
  if (pair === undefined || typeof erlang === "string") {
    results[id] = { ops, samples: await samples(run) };
    continue;
  }
  const paired = await pairedSamples(run, () => pair(erlang));
  results[id] = { ops, samples: paired.ours };
  results[`erlang-beside-${id}`] = { ops, samples: paired.erlang };
}
if (typeof erlang !== "string") await erlang.stop();
await node.leave();
await natsNode.leave();
await system.shutdown();
await natsSystem.shutdown();
await peer.stop();
await nats.stop();

// Erlang's own figures: its runs beside the direct-link cases.
for (const id of ["remote-tell", "remote-ping-pong"]) {
  const beside = results[`erlang-beside-${id}`];
  if (beside !== undefined) results[`erlang-${id}`] = beside;
}

const perSecond = (id: string) => {
  const r = results[id];
  return r === undefined ? NaN : r.ops / (median(r.samples) / 1e9);
};
const perOp = (id: string) => {
  const r = results[id];
  return r === undefined ? NaN : median(r.samples) / r.ops;
};
/**
 * Erlang's time over ours, pair by pair (above 1: we are faster): the
 * median and range of the pairs' ratios.
 */
const vsErlang = (id: string) => {
  const ours = results[id]?.samples;
  const theirs = results[`erlang-beside-${id}`]?.samples;
  if (ours === undefined || theirs === undefined) return null;
  const ratios = ours.map((ns, i) => theirs[i] / ns);
  return {
    median: +median(ratios).toFixed(2),
    min: +Math.min(...ratios).toFixed(2),
    max: +Math.max(...ratios).toFixed(2),
  };
};
const runtime = runtimeInfo();
const summary = {
  runtime,
  quick,
  busyWaitMs: BUSY_WAIT_MS,
  at: new Date().toISOString(),
  erlang: typeof erlang === "string" ? erlang : "measured",
  /** Flags `erl` read from the environment (`ERL_FLAGS`), if any. */
  erlangFlags: process.env.ERL_FLAGS ?? "",
  tellsPerSecond: {
    remote: Math.round(perSecond("remote-tell")),
    natsOnly: Math.round(perSecond("nats-tell")),
    local: Math.round(perSecond("local-tell")),
    erlangDistribution: Math.round(perSecond("erlang-remote-tell")),
  },
  pingPongMicros: {
    remote: +(perOp("remote-ping-pong") / 1000).toFixed(1),
    natsOnly: +(perOp("nats-ping-pong") / 1000).toFixed(1),
    local: +(perOp("local-ping-pong") / 1000).toFixed(2),
    natsRaw: +(perOp("nats-raw-ping-pong") / 1000).toFixed(1),
    tcpRaw: +(perOp("tcp-raw-ping-pong") / 1000).toFixed(1),
    tcpSpin: +(perOp("tcp-spin-ping-pong") / 1000).toFixed(1),
    erlangDistribution: +(perOp("erlang-remote-ping-pong") / 1000).toFixed(1),
  },
  ratios: {
    remoteTellVsErlang: vsErlang("remote-tell")?.median ?? NaN,
    natsOnlyTellVsErlang: vsErlang("nats-tell")?.median ?? NaN,
    remotePingPongVsErlang: vsErlang("remote-ping-pong")?.median ?? NaN,
    natsOnlyPingPongVsErlang: vsErlang("nats-ping-pong")?.median ?? NaN,
    remotePingPongVsTcpRaw:
      +(perOp("tcp-raw-ping-pong") / perOp("remote-ping-pong"))
        .toFixed(2),
    remotePingPongVsTcpSpin:
      +(perOp("tcp-spin-ping-pong") / perOp("remote-ping-pong"))
        .toFixed(2),
    remotePingPongVsNatsRaw:
      +(perOp("nats-raw-ping-pong") / perOp("remote-ping-pong"))
        .toFixed(2),
    remoteTellVsLocal: +(perSecond("remote-tell") / perSecond("local-tell"))
      .toFixed(3),
  },
  /** Against Erlang, pair by pair: median and range of the pairs' ratios. */
  vsErlangPairs: {
    remoteTell: vsErlang("remote-tell"),
    natsOnlyTell: vsErlang("nats-tell"),
    remotePingPong: vsErlang("remote-ping-pong"),
    natsOnlyPingPong: vsErlang("nats-ping-pong"),
  },
  results,
};
if (!quick && only === undefined) appendClusterRun(summary);
writeText(
  new URL(
    `./out/cluster-${runtime.name}${quick ? "-quick" : ""}.json`,
    import.meta.url,
  ).pathname,
  JSON.stringify(summary, null, 2) + "\n",
);
console.log(
  JSON.stringify(
    { ...summary, results: undefined },
    null,
    2,
  ),
);
