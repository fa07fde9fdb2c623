/**
 * A full run as data: the order of its processes (the plan), what each wrote
 * (the entries), and each runtime's figures over the rounds (the
 * aggregation). `suite.ts` runs the plan, `report.ts` renders the figures.
 *
 * In a plan the runtimes alternate (deno, bun, deno, bun ...), every group
 * runs once per round in a fresh process per runtime, and a fresh Erlang VM
 * runs before and after every process whose group has an Erlang counterpart.
 *
 * @module
 */

import type { RuntimeInfo, RuntimeName } from "./_host.ts";
import { type CaseResult, perOp, type RunOutput } from "./_results.ts";
import type { ErlangResult } from "./erlang_peer.ts";

/** One process of a full run. */
export type Slot =
  | {
    readonly kind: "js";
    readonly round: number;
    readonly runtime: RuntimeName;
    readonly group: string;
  }
  | { readonly kind: "erlang"; readonly round: number };

/** The groups that have an Erlang counterpart. */
export const ERLANG_GROUPS: readonly string[] = [
  "ping-pong",
  "spawn",
  "savina",
];

/** Which understudy case each Erlang benchmark answers. */
export const ERLANG_PAIRS: readonly (readonly [string, string])[] = [
  ["counting", "savina/counting/understudy"],
  ["ping-pong", "ping-pong/understudy"],
  ["thread-ring", "savina/thread-ring/understudy"],
  ["spawn-stop", "spawn/understudy"],
];

/**
 * The order of a full run's processes.
 *
 * @param groups The groups, in order.
 * @param runtimes The runtimes, alternated in this order.
 * @param rounds How many times each group runs per runtime.
 * @param erlang Whether to interleave Erlang runs.
 * @returns The slots, in order.
 */
export function plan(
  groups: readonly string[],
  runtimes: readonly RuntimeName[],
  rounds: number,
  erlang: boolean,
): Slot[] {
  const slots: Slot[] = [];
  const erlangSlot = (round: number) => {
    if (slots.at(-1)?.kind !== "erlang") slots.push({ kind: "erlang", round });
  };
  for (let round = 1; round <= rounds; round++) {
    for (const group of groups) {
      const withErlang = erlang && ERLANG_GROUPS.includes(group);
      for (const runtime of runtimes) {
        if (withErlang) erlangSlot(round);
        slots.push({ kind: "js", round, runtime, group });
      }
      if (withErlang) erlangSlot(round);
    }
  }
  return slots;
}

/** What one process of a full run produced, in run order (`seq`). */
export type SuiteEntry =
  | {
    readonly seq: number;
    readonly round: number;
    readonly kind: "js";
    readonly output: RunOutput;
  }
  | {
    readonly seq: number;
    readonly round: number;
    readonly kind: "erlang";
    readonly erlang: ErlangResult;
  };

/** A full run: every process's output. */
export interface Suite {
  /** `full`, `quick` or `smoke`. */
  readonly profile: string;
  readonly rounds: number;
  /** ISO time the run started. */
  readonly startedAt: string;
  /** Seconds the run took. */
  readonly seconds: number;
  /** The command that made it. */
  readonly command: string;
  readonly entries: readonly SuiteEntry[];
}

/** One run's figure of a case. */
export interface Sample {
  /** The process it came from. */
  readonly seq: number;
  /** Nanoseconds per op at that process's median. */
  readonly perOp: number;
}

/** A case over the rounds. */
export interface CaseFigures {
  /** The case as the first run described it (its statistics are not used). */
  readonly meta: CaseResult;
  /** One sample per process that measured it without error. */
  readonly samples: Sample[];
  /** The errors of the processes where it threw. */
  readonly errors: string[];
}

/** One Erlang benchmark next to the understudy case it answers. */
export interface ErlangFigures {
  /** The understudy case id. */
  readonly subject: string;
  /** Per understudy process: Erlang's ns per op, mean of its neighbours. */
  readonly erlangPerOp: number[];
  /** Per understudy process: Erlang's time per op over understudy's. */
  readonly ratio: number[];
}

/** One runtime's figures over the rounds. */
export interface RuntimeFigures {
  readonly runtime: RuntimeInfo;
  readonly cpu: { readonly model: string; readonly cores: number };
  /** How many processes of this runtime. */
  readonly processes: number;
  /** Cases by id, in the order the runs listed them. */
  readonly cases: Map<string, CaseFigures>;
  /** Erlang benchmarks by Erlang id. */
  readonly erlang: Map<string, ErlangFigures>;
  /** Per memory run, bytes per idle actor. */
  readonly memory: {
    readonly actors: number;
    readonly neverMailed: number[];
    readonly afterMail: number[];
    readonly afterAsyncMail: number[];
    readonly floor: number[];
    readonly xstate: number[];
    readonly reasons: string[];
  };
  /** Per fairness run, timer latencies in milliseconds. */
  readonly fairness: {
    readonly timeSliceMs: number;
    readonly idleP99: number[];
    readonly floodedP50: number[];
    readonly floodedP99: number[];
    /** Messages per millisecond the flood handled. */
    readonly floodRate: number[];
  };
}

/**
 * Each runtime's figures over a full run, in the order the runtimes first
 * appear.
 *
 * @param entries The run's entries.
 * @returns One entry per runtime.
 */
export function aggregate(entries: readonly SuiteEntry[]): RuntimeFigures[] {
  const byName = new Map<string, RuntimeFigures>();
  const erlangs = entries.filter((e) => e.kind === "erlang");
  for (const entry of entries) {
    if (entry.kind !== "js") continue;
    const out = entry.output;
    let figures = byName.get(out.runtime.name);
    if (figures === undefined) {
      figures = empty(out);
      byName.set(out.runtime.name, figures);
    }
    addCases(figures, entry.seq, out.cases);
    addErlang(figures, entry.seq, out.cases, erlangs);
    addMemory(figures, out);
    addFairness(figures, out);
    (figures as { processes: number }).processes++;
  }
  return [...byName.values()];
}

/**
 * The per-process ratios of two cases measured in the same process:
 * `perOp(reference) / perOp(subject)` (above 1 the subject is faster).
 *
 * @param figures A runtime's figures.
 * @param subject The subject's case id.
 * @param reference The reference's case id.
 * @returns One ratio per process that measured both.
 */
export function pairedRatios(
  figures: RuntimeFigures,
  subject: string,
  reference: string,
): number[] {
  const s = figures.cases.get(subject)?.samples ?? [];
  const r = figures.cases.get(reference)?.samples ?? [];
  const out: number[] = [];
  for (const a of s) {
    const b = r.find((x) => x.seq === a.seq);
    if (b !== undefined) out.push(b.perOp / a.perOp);
  }
  return out;
}

/**
 * Erlang's time per op over a case's, per process, each against the mean of
 * the Erlang runs just before and just after that process.
 *
 * @param figures A runtime's figures.
 * @param entries The run's Erlang entries.
 * @param subject The understudy (or floor) case id.
 * @param erlangId The Erlang benchmark id.
 * @returns One ratio per process with an Erlang neighbour.
 */
export function erlangRatios(
  figures: RuntimeFigures,
  entries: readonly SuiteEntry[],
  subject: string,
  erlangId: string,
): number[] {
  const erlangs = entries.filter((e) => e.kind === "erlang");
  const out: number[] = [];
  for (const s of figures.cases.get(subject)?.samples ?? []) {
    const e = neighbourPerOp(erlangs, s.seq, erlangId);
    if (e !== undefined) out.push(e / s.perOp);
  }
  return out;
}

function empty(out: RunOutput): RuntimeFigures {
  return {
    runtime: out.runtime,
    cpu: out.cpu,
    processes: 0,
    cases: new Map(),
    erlang: new Map(),
    memory: {
      actors: 0,
      neverMailed: [],
      afterMail: [],
      afterAsyncMail: [],
      floor: [],
      xstate: [],
      reasons: [],
    },
    fairness: {
      timeSliceMs: 0,
      idleP99: [],
      floodedP50: [],
      floodedP99: [],
      floodRate: [],
    },
  };
}

function addCases(
  figures: RuntimeFigures,
  seq: number,
  cases: readonly CaseResult[],
): void {
  for (const c of cases) {
    let f = figures.cases.get(c.id);
    if (f === undefined) {
      f = { meta: c, samples: [], errors: [] };
      figures.cases.set(c.id, f);
    }
    if (c.error !== undefined) f.errors.push(c.error);
    else f.samples.push({ seq, perOp: perOp(c) });
  }
}

function neighbourPerOp(
  erlangs: readonly SuiteEntry[],
  seq: number,
  id: string,
): number | undefined {
  const perOpAt = (e: SuiteEntry | undefined) => {
    if (e?.kind !== "erlang" || !e.erlang.available) return undefined;
    const b = e.erlang.benchmarks.find((x) => x.id === id);
    return b === undefined ? undefined : b.p50 / b.ops;
  };
  const before = perOpAt(erlangs.findLast((e) => e.seq < seq));
  const after = perOpAt(erlangs.find((e) => e.seq > seq));
  if (before === undefined) return after;
  if (after === undefined) return before;
  return (before + after) / 2;
}

function addErlang(
  figures: RuntimeFigures,
  seq: number,
  cases: readonly CaseResult[],
  erlangs: readonly SuiteEntry[],
): void {
  for (const [id, subject] of ERLANG_PAIRS) {
    const ours = cases.find((c) => c.id === subject && c.error === undefined);
    if (ours === undefined) continue;
    const e = neighbourPerOp(erlangs, seq, id);
    if (e === undefined) continue;
    let f = figures.erlang.get(id);
    if (f === undefined) {
      f = { subject, erlangPerOp: [], ratio: [] };
      figures.erlang.set(id, f);
    }
    f.erlangPerOp.push(e);
    f.ratio.push(e / perOp(ours));
  }
}

function addMemory(figures: RuntimeFigures, out: RunOutput): void {
  const memory = out.memory;
  if (memory === undefined) return;
  const m = figures.memory;
  if (!memory.measured) {
    m.reasons.push(memory.reason);
    return;
  }
  (m as { actors: number }).actors = memory.understudy.actors;
  m.neverMailed.push(memory.understudy.bytesPerActor);
  m.afterMail.push(memory.understudyAfterMail.bytesPerActor);
  // Absent from runs made before the async row existed.
  if (memory.understudyAfterAsyncMail !== undefined) {
    m.afterAsyncMail.push(memory.understudyAfterAsyncMail.bytesPerActor);
  }
  m.floor.push(memory.floor.bytesPerActor);
  m.xstate.push(memory.xstate.bytesPerActor);
}

function addFairness(figures: RuntimeFigures, out: RunOutput): void {
  const f = out.fairness;
  if (f === undefined) return;
  const into = figures.fairness;
  (into as { timeSliceMs: number }).timeSliceMs = f.timeSliceMs;
  into.idleP99.push(f.idle.p99);
  into.floodedP50.push(f.flooded.p50);
  into.floodedP99.push(f.flooded.p99);
  into.floodRate.push(f.floodMessages / f.floodMs);
}
