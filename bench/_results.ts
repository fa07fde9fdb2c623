/**
 * The JSON a run writes to `bench/out/<runtime>.json` and the report reads,
 * and the arithmetic on it.
 *
 * @module
 */

import type { Role } from "./_harness.ts";
import type { FairnessResult } from "./fairness_bench.ts";
import type { RuntimeInfo } from "./_host.ts";
import type { MemoryResult } from "./memory_bench.ts";

/** One timed case: mitata's statistics of one body call, in nanoseconds. */
export interface CaseResult {
  readonly id: string;
  readonly group: string;
  readonly name: string;
  readonly role: Role;
  readonly ops: number;
  readonly unit: string;
  readonly baseline?: string;
  readonly xstate?: readonly string[];
  /** Timed iterations. */
  readonly samples: number;
  readonly min: number;
  readonly p25: number;
  /** The median: every ratio uses it. */
  readonly p50: number;
  readonly p75: number;
  readonly p99: number;
  readonly max: number;
  /**
   * CPU time per body call (every thread of the process, warm-up excluded),
   * in nanoseconds: what a busy machine's preemption does not inflate.
   */
  readonly cpu?: number;
  /** Set when the case threw instead. */
  readonly error?: string;
}

/** A whole run on one runtime. */
export interface RunOutput {
  readonly runtime: RuntimeInfo;
  readonly cpu: { readonly model: string; readonly cores: number };
  /** ISO time the run started. */
  readonly startedAt: string;
  /** Seconds the run took. */
  readonly seconds: number;
  /** `full` or `quick`. */
  readonly profile: string;
  /** The groups the run was limited to, if any. */
  readonly groups: readonly string[] | null;
  readonly cases: readonly CaseResult[];
  readonly memory?: MemoryResult;
  readonly fairness?: FairnessResult;
}

/**
 * Nanoseconds per op at the median.
 *
 * @param c A case.
 * @returns Its median time per op.
 */
export function perOp(
  c: { readonly p50: number; readonly ops: number },
): number {
  return c.p50 / c.ops;
}

/**
 * How many times the subject's throughput is the reference's, at the medians:
 * `perOp(reference) / perOp(subject)`. Above 1 the subject is faster.
 *
 * @param subject The measured case.
 * @param reference What it is compared with.
 * @returns The ratio.
 */
export function ratio(
  subject: { readonly p50: number; readonly ops: number },
  reference: { readonly p50: number; readonly ops: number },
): number {
  return perOp(reference) / perOp(subject);
}
