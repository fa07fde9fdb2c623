/**
 * Fairness has a number: while one actor floods itself (every message it
 * handles sends itself another), a `setTimeout(0)` outside the actor system
 * must still fire within two scheduler time slices at the 99th percentile.
 *
 * Measures the delay from `setTimeout(fn, 0)` to `fn` for a chain of timers,
 * first with the system idle (the host's own timer latency, for reference),
 * then during the flood; and how many messages the flood handled meanwhile,
 * so a fast timer cannot come from a flood that stalled.
 *
 * @module
 */

import { ActorSystem, defineActor } from "../mod.ts";

/** A latency distribution in milliseconds. */
export interface Latencies {
  readonly samples: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** The outcome of {@linkcode measureFairness}. */
export interface FairnessResult {
  /** The scheduler's time slice, in milliseconds. */
  readonly timeSliceMs: number;
  /** Timer latency with nothing running. */
  readonly idle: Latencies;
  /** Timer latency while one actor floods itself. */
  readonly flooded: Latencies;
  /** Messages the flooding actor handled while timers were measured. */
  readonly floodMessages: number;
  /** How long the flood ran, in milliseconds. */
  readonly floodMs: number;
}

/**
 * Summarises latencies.
 *
 * @param values Milliseconds.
 * @returns The percentiles.
 */
export function summarize(values: readonly number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return {
    samples: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/**
 * Measures a chain of `setTimeout(0)` delays.
 *
 * @param samples How many timers.
 * @returns Each delay in milliseconds.
 */
export function timerLatencies(samples: number): Promise<number[]> {
  const delays: number[] = [];
  return new Promise((resolve) => {
    const next = () => {
      const scheduled = performance.now();
      setTimeout(() => {
        delays.push(performance.now() - scheduled);
        if (delays.length < samples) next();
        else resolve(delays);
      }, 0);
    };
    next();
  });
}

interface Flood {
  on: boolean;
  count: number;
}

/** Handles a message by sending itself another while the flood is on. */
const flooder = defineActor({
  kind: "bench-flooder",
  init: (flood: Flood) => flood,
  receive(flood: Flood, message: "more", ctx) {
    flood.count++;
    if (flood.on) ctx.self.tell(message);
  },
});

/**
 * Measures timer latency idle and under a self-flooding actor.
 *
 * @param samples Timers per measurement.
 * @param timeSliceMs The scheduler's time slice. Defaults to 4 (the default).
 * @returns The distributions and the flood's size.
 */
export async function measureFairness(
  samples: number,
  timeSliceMs = 4,
): Promise<FairnessResult> {
  const idle = summarize(await timerLatencies(samples));
  const system = new ActorSystem({ timeSliceMs });
  const flood: Flood = { on: true, count: 0 };
  system.spawn(flooder, { args: flood }).tell("more");
  const start = performance.now();
  const flooded = summarize(await timerLatencies(samples));
  const floodMs = performance.now() - start;
  const floodMessages = flood.count;
  flood.on = false;
  await system.shutdown();
  return { timeSliceMs, idle, flooded, floodMessages, floodMs };
}
