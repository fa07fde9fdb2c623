/**
 * Cluster benchmark: remote tell throughput and remote ping-pong over a
 * loopback nats-server between this process and a peer node process (same
 * runtime), against the same work inside one system, and against Erlang
 * distribution between two local `erl -sname` nodes, in the same run.
 *
 * ```sh
 * npm run bench:cluster            # both runtimes
 * deno run -A bench/cluster_bench.ts [--quick]
 * bun bench/cluster_bench.ts [--quick]
 * ```
 *
 * Writes `bench/out/cluster-<runtime>.json` and prints medians and ratios.
 * Throughput is messages per second from the first tell to the sink's
 * acknowledgement of the last; ping-pong is one sequential ask after another
 * (each alone on the wire: the latency batching must not cost), beside a bare
 * NATS echo between the same two processes (the transport's floor).
 *
 * @module
 */

import { connect } from "@nats-io/transport-node";
import { ActorSystem } from "../mod.ts";
import { joinCluster } from "../cluster.ts";
import type { ActorRef } from "../mod.ts";
import { echo, type EchoMsg, sink, type SinkMsg } from "./_cluster_actors.ts";
import {
  runErlangDistribution,
  startNats,
  startPeer,
} from "./_cluster_host.ts";
import { runtimeInfo, scriptArgs, writeText } from "./_host.ts";

const quick = scriptArgs().includes("--quick");
const TELLS = quick ? 20_000 : 200_000;
const ROUND_TRIPS = quick ? 500 : 5_000;
const SAMPLES = quick ? 3 : 7;

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

async function samples(run: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < SAMPLES + 2; i++) {
    const ns = await run();
    if (i >= 2) out.push(ns);
  }
  return out;
}

const nats = await startNats();
const cluster = `bench${Date.now()}`;
const peer = await startPeer(nats.url, cluster);
const system = new ActorSystem({ name: "bench" });
const node = await joinCluster({
  system,
  node: "a",
  servers: nats.url,
  cluster,
});
const localSink = system.spawn(sink, { name: "sink" });
const localEcho = system.spawn(echo, { name: "echo" });
const remoteSink = node.refAt<SinkMsg>("peer", "/sink");
const remoteEcho = node.refAt<EchoMsg>("peer", "/echo");
await remoteEcho.ask((replyTo) => ({ n: 0, replyTo }), { timeoutMs: 30_000 });

const results: Record<string, { ops: number; samples: number[] }> = {};
results["remote-tell"] = {
  ops: TELLS,
  samples: await samples(() => tellRun(remoteSink, TELLS)),
};
results["local-tell"] = {
  ops: TELLS,
  samples: await samples(() => tellRun(localSink, TELLS)),
};
results["remote-ping-pong"] = {
  ops: ROUND_TRIPS,
  samples: await samples(() => pingRun(remoteEcho, ROUND_TRIPS)),
};
results["local-ping-pong"] = {
  ops: ROUND_TRIPS,
  samples: await samples(() => pingRun(localEcho, ROUND_TRIPS)),
};
results["nats-raw-ping-pong"] = {
  ops: ROUND_TRIPS,
  samples: await samples(() => rawRun(nats.url, cluster, ROUND_TRIPS)),
};
await node.leave();
await system.shutdown();
await peer.stop();
await nats.stop();

const erlang = runErlangDistribution(TELLS, ROUND_TRIPS, SAMPLES);
if (typeof erlang !== "string") {
  for (const c of erlang) {
    results[`erlang-${c.id}`] = { ops: c.ops, samples: c.samples };
  }
}

const perSecond = (id: string) => {
  const r = results[id];
  return r === undefined ? NaN : r.ops / (median(r.samples) / 1e9);
};
const perOp = (id: string) => {
  const r = results[id];
  return r === undefined ? NaN : median(r.samples) / r.ops;
};
const runtime = runtimeInfo();
const summary = {
  runtime,
  quick,
  at: new Date().toISOString(),
  erlang: typeof erlang === "string" ? erlang : "measured",
  tellsPerSecond: {
    remote: Math.round(perSecond("remote-tell")),
    local: Math.round(perSecond("local-tell")),
    erlangDistribution: Math.round(perSecond("erlang-remote-tell")),
  },
  pingPongMicros: {
    remote: +(perOp("remote-ping-pong") / 1000).toFixed(1),
    local: +(perOp("local-ping-pong") / 1000).toFixed(2),
    natsRaw: +(perOp("nats-raw-ping-pong") / 1000).toFixed(1),
    erlangDistribution: +(perOp("erlang-remote-ping-pong") / 1000).toFixed(1),
  },
  ratios: {
    remoteTellVsErlang:
      +(perSecond("remote-tell") / perSecond("erlang-remote-tell")).toFixed(2),
    remotePingPongVsErlang:
      +(perOp("erlang-remote-ping-pong") / perOp("remote-ping-pong"))
        .toFixed(2),
    remotePingPongVsNatsRaw:
      +(perOp("nats-raw-ping-pong") / perOp("remote-ping-pong"))
        .toFixed(2),
    remoteTellVsLocal: +(perSecond("remote-tell") / perSecond("local-tell"))
      .toFixed(3),
  },
  results,
};
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
