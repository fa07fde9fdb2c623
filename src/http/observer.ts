/**
 * The sampler behind the dashboard's charts: once a second it reads the
 * figures the core already keeps (one walk of the live actors, the system's stats, the
 * control plane's lifetime counters) and records rates and gauges into
 * fixed-size rings. It runs only while someone is looking: every observer
 * request renews a lease, and when the lease runs out the timer stops. It adds
 * no work per message anywhere.
 *
 * @module
 */

import type { ActorSystem } from "../core/actor_system.ts";
import type { DeadLetterReason } from "../core/events.ts";
import { tallyActors } from "../core/census.ts";
import type { Counters } from "./counters.ts";
import { NumberRing, SeriesHistory } from "./history.ts";
import { ACTOR_STATUSES } from "./metrics.ts";

/** Dead-letter reasons, each with its own series. */
export const DEAD_LETTER_REASONS: readonly DeadLetterReason[] = [
  "stopped",
  "full",
  "failed",
  "dropped",
];

/** The series of the overview history, in this order. */
export const OVERVIEW_SERIES: readonly string[] = [
  "processed",
  "restarts",
  "failures",
  "deadLetters",
  ...DEAD_LETTER_REASONS.map((reason) => `deadLetters.${reason}`),
  "turns",
  "yields",
  "actors",
  ...ACTOR_STATUSES.map((status) => `actors.${status}`),
];

/** How many of the busiest mailboxes each sample keeps. */
export const BUSIEST = 5;
/** How many actors can have a per-actor history at once. */
export const WATCHED = 16;
/** How many last-failure times are remembered (oldest forgotten first). */
const FAILURE_TIMES = 4096;

/** Options for an {@linkcode Observer}. */
export interface ObserverOptions {
  /** Milliseconds between samples. Defaults to 1000. */
  readonly intervalMs?: number;
  /** Samples kept. Defaults to 300 (five minutes at one a second). */
  readonly capacity?: number;
  /** How long sampling goes on after the last request. Defaults to 60000. */
  readonly leaseMs?: number;
  /** The wall clock and interval timer. Defaults to the host's. */
  readonly timers?: ObserverTimers;
}

/** The wall clock and interval timer an {@linkcode Observer} uses. */
export interface ObserverTimers {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` every `ms` milliseconds; returns a handle. */
  setInterval(fn: () => void, ms: number): unknown;
  /** Stops an interval by its handle. */
  clearInterval(handle: unknown): void;
}

const HOST_TIMERS: ObserverTimers = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) =>
    clearInterval(handle as ReturnType<typeof setInterval>),
};

/** One actor's processed-per-second history. */
interface ActorHistory {
  readonly t: NumberRing;
  readonly rate: NumberRing;
}

/** A mailbox among the busiest in one sample. */
export interface BusyMailbox {
  /** The actor's path. */
  readonly path: string;
  /** User messages queued at the sample. */
  readonly depth: number;
}

/**
 * Samples a system's figures into bounded histories while a lease is held.
 *
 * @example
 * ```ts
 * import { ActorSystem } from "@understudy/runtime";
 * import { Counters } from "./counters.ts";
 * import { Observer } from "./observer.ts";
 * await using system = new ActorSystem();
 * const observer = new Observer(system, new Counters(system));
 * observer.sample(0);
 * observer.sample(1000);
 * console.assert(observer.overview(0).samples.t.length === 1);
 * ```
 */
export class Observer {
  readonly #system: ActorSystem;
  readonly #counters: Counters;
  readonly #interval: number;
  readonly #lease: number;
  readonly #history: SeriesHistory;
  readonly #busiest: (readonly BusyMailbox[])[];
  readonly #deadByReason = new Map<string, number>();
  readonly #failedAt = new Map<string, number>();
  readonly #watched = new Map<string, ActorHistory>();
  #rates = new Map<string, number>();
  #last: Record<string, number> | null = null;
  #lastProcessed = new Map<string, number>();
  #lastTime = 0;
  readonly #timers: ObserverTimers;
  #timer: unknown;
  #leaseUntil = 0;

  /**
   * Subscribes to dead letters and failures (rare events; not messages) for
   * the counts by reason and the last failure times.
   *
   * @param system The system.
   * @param counters The control plane's lifetime counters.
   * @param options Interval, capacity and lease.
   */
  constructor(
    system: ActorSystem,
    counters: Counters,
    options: ObserverOptions = {},
  ) {
    this.#system = system;
    this.#counters = counters;
    this.#interval = options.intervalMs ?? 1000;
    this.#lease = options.leaseMs ?? 60_000;
    this.#timers = options.timers ?? HOST_TIMERS;
    const capacity = options.capacity ?? 300;
    this.#history = new SeriesHistory(OVERVIEW_SERIES, capacity);
    this.#busiest = new Array(capacity).fill([]);
    const off = system.events.subscribe((event) => {
      if (event.type === "dead-letter") {
        const n = this.#deadByReason.get(event.reason) ?? 0;
        this.#deadByReason.set(event.reason, n + 1);
      } else if (event.type === "failed") {
        this.#failedAt.delete(event.path);
        this.#failedAt.set(event.path, this.#timers.now());
        if (this.#failedAt.size > FAILURE_TIMES) {
          this.#failedAt.delete(this.#failedAt.keys().next().value!);
        }
      }
    });
    const end = () => {
      off();
      this.stop();
    };
    system.terminated.then(end, end);
  }

  /** Milliseconds between samples. */
  get intervalMs(): number {
    return this.#interval;
  }

  /** Whether the sampling timer runs now. */
  get sampling(): boolean {
    return this.#timer !== undefined;
  }

  /**
   * Renews the lease: starts sampling if it was off, and keeps it on for
   * `leaseMs` more.
   */
  touch(): void {
    const timers = this.#timers;
    this.#leaseUntil = timers.now() + this.#lease;
    if (this.#timer !== undefined || this.#system.status !== "running") return;
    this.sample(timers.now());
    this.#timer = timers.setInterval(() => {
      if (timers.now() > this.#leaseUntil) this.stop();
      else this.sample(timers.now());
    }, this.#interval);
  }

  /** Stops sampling and forgets the per-actor baselines (the rings stay). */
  stop(): void {
    if (this.#timer !== undefined) this.#timers.clearInterval(this.#timer);
    this.#timer = undefined;
    this.#last = null;
    this.#lastProcessed = new Map();
    this.#rates = new Map();
  }

  /**
   * Takes one sample: rates are the change since the previous sample divided
   * by the time between them, so the first sample after a start only sets
   * the baseline.
   *
   * @param now The time, in milliseconds since the epoch.
   */
  sample(now: number): void {
    const seconds = (now - this.#lastTime) / 1000;
    const last = this.#last;
    const walk = this.#walk(last === null ? 0 : seconds);
    const stats = this.#system.stats;
    const totals: Record<string, number> = {
      processed: this.#counters.processedWith(walk.processed),
      restarts: this.#counters.restarts,
      failures: this.#counters.failures,
      deadLetters: stats.deadLetters,
      turns: stats.scheduler.turns,
      yields: stats.scheduler.yields,
    };
    for (const reason of DEAD_LETTER_REASONS) {
      totals[`deadLetters.${reason}`] = this.#deadByReason.get(reason) ?? 0;
    }
    this.#recordWatched(now);
    this.#last = totals;
    this.#lastTime = now;
    if (last === null || !(seconds > 0)) return;
    const values: Record<string, number> = { actors: walk.actors };
    for (const [name, total] of Object.entries(totals)) {
      values[name] = Math.max(0, total - last[name]) / seconds;
    }
    for (const status of ACTOR_STATUSES) {
      values[`actors.${status}`] = walk.byStatus.get(status) ?? 0;
    }
    const slot = this.#history.seq % this.#history.capacity;
    this.#history.record(now, values);
    this.#busiest[slot] = walk.busiest;
  }

  /**
   * The overview samples after sequence number `after`.
   *
   * @param after The last sequence number the reader has (0 for all).
   * @returns The columns, the busiest mailboxes per sample, and settings.
   */
  overview(after: number): {
    intervalMs: number;
    capacity: number;
    sampling: boolean;
    seq: number;
    samples: Record<string, number[]>;
    busiest: (readonly BusyMailbox[])[];
  } {
    const samples = this.#history.since(after);
    const capacity = this.#history.capacity;
    return {
      intervalMs: this.#interval,
      capacity,
      sampling: this.sampling,
      seq: this.#history.seq,
      samples,
      busiest: samples.seq.map((seq) => this.#busiest[(seq - 1) % capacity]),
    };
  }

  /**
   * Messages processed per second by one actor at the last sample.
   *
   * @param path The actor's path.
   * @returns The rate, or `null` before two samples saw it.
   */
  rateOf(path: string): number | null {
    return this.#rates.get(path) ?? null;
  }

  /**
   * When the actor at `path` last failed, if remembered.
   *
   * @param path The actor's path.
   * @returns Milliseconds since the epoch, or `null`.
   */
  lastFailureAt(path: string): number | null {
    return this.#failedAt.get(path) ?? null;
  }

  /**
   * One actor's rate history; asking for it starts recording it (at most
   * {@linkcode WATCHED} actors at once, the least recently asked dropped).
   *
   * @param path The actor's path.
   * @returns Times and rates, oldest first.
   */
  actorHistory(path: string): { t: number[]; rate: number[] } {
    let history = this.#watched.get(path);
    if (history === undefined) {
      const capacity = this.#history.capacity;
      history = { t: new NumberRing(capacity), rate: new NumberRing(capacity) };
      if (this.#watched.size >= WATCHED) {
        this.#watched.delete(this.#watched.keys().next().value!);
      }
    } else {
      this.#watched.delete(path);
    }
    this.#watched.set(path, history);
    return { t: history.t.toArray(), rate: history.rate.toArray() };
  }

  /**
   * One walk of the live actors (no description of each): how many by
   * status, what they handled, each one's rate since the last sample
   * (`seconds` ago, 0 for none), and the deepest mailboxes.
   */
  #walk(seconds: number): {
    actors: number;
    byStatus: Map<string, number>;
    processed: number;
    busiest: BusyMailbox[];
  } {
    const before = this.#lastProcessed;
    const processedNow = new Map<string, number>();
    const rates = new Map<string, number>();
    const byStatus = new Map<string, number>();
    const top = new Busiest();
    let actors = 0;
    let processed = 0;
    tallyActors(this.#system, (path, status, handled, depth) => {
      actors++;
      processed += handled;
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      processedNow.set(path, handled);
      const previous = before.get(path);
      let rate = 0;
      if (seconds > 0 && previous !== undefined) {
        rate = Math.max(0, handled - previous) / seconds;
        rates.set(path, rate);
      }
      top.offer(path, depth, rate);
    });
    this.#lastProcessed = processedNow;
    this.#rates = rates;
    return { actors, byStatus, processed, busiest: top.list() };
  }

  /** Appends the watched actors' rates of this sample to their histories. */
  #recordWatched(now: number): void {
    for (const [path, history] of this.#watched) {
      const rate = this.#rates.get(path);
      if (rate === undefined) continue;
      history.t.push(now);
      history.rate.push(rate);
    }
  }
}

/**
 * The deepest mailboxes of a walk, at most {@linkcode BUSIEST}; ties go to
 * the actor that handled more since the last sample, then to the first seen.
 */
class Busiest {
  readonly #top: { path: string; depth: number; rate: number }[] = [];

  offer(path: string, depth: number, rate: number): void {
    const top = this.#top;
    const before = (a: { depth: number; rate: number }) =>
      depth > a.depth || (depth === a.depth && rate > a.rate);
    if (top.length === BUSIEST && !before(top[BUSIEST - 1])) return;
    let i = top.length;
    while (i > 0 && before(top[i - 1])) i--;
    top.splice(i, 0, { path, depth, rate });
    if (top.length > BUSIEST) top.pop();
  }

  list(): BusyMailbox[] {
    return this.#top.map(({ path, depth }) => ({ path, depth }));
  }
}
