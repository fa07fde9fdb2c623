/**
 * What every bench file shares: the shape of one benchmark case, the sizes of
 * a run, and a small deferred helper. `run.ts` times the cases with mitata;
 * the smoke test runs each case's body once with tiny sizes.
 *
 * @module
 */

/**
 * How big a run is: `full` for the figures we publish, `quick` for a look in
 * a few seconds, `smoke` for the test that keeps the benches from rotting.
 */
export type Profile = "full" | "quick" | "smoke";

/**
 * What a case is to the report: a `baseline` (plain code, the physical
 * limit), the minimal runtime `floor`, the `subject` (understudy), or a
 * `peer` (another actor library).
 */
export type Role = "baseline" | "floor" | "subject" | "peer";

/**
 * One benchmark: an optional setup run once, a body timed per iteration, and
 * an optional teardown.
 *
 * @typeParam S What the setup hands the body.
 */
export interface BenchCase<S = unknown> {
  /** A stable id, `group/variant` or `group/bench/variant`. */
  readonly id: string;
  /** The group `run.ts --group` selects. */
  readonly group: string;
  /** A label for tables. */
  readonly name: string;
  /** What the case is to the report. */
  readonly role: Role;
  /** Messages (or actors, or asks) one body call handles. */
  readonly ops: number;
  /** What one op is, for tables: `"msg"`, `"ask"`, `"actor"`. */
  readonly unit: string;
  /** The id of the case this one is compared with. */
  readonly baseline?: string;
  /** The ids of the xstate cases this one is compared with. */
  readonly xstate?: readonly string[];
  /** Builds what the body needs; not timed. */
  setup?(): S | Promise<S>;
  /** One timed iteration; may return a promise. */
  body(state: NoInfer<S>): unknown;
  /** Releases what the setup built; not timed. */
  teardown?(state: NoInfer<S>): unknown;
}

/** Collects cases; `run.ts` and the smoke test each bring their own. */
export type AddCase = <S>(benchCase: BenchCase<S>) => void;

/**
 * Picks a size for the profile.
 *
 * @param profile The run's profile.
 * @param full The size for published figures.
 * @param quick The size for a quick look.
 * @param smoke The size for the smoke test.
 * @returns The size.
 */
export function sized(
  profile: Profile,
  full: number,
  quick: number,
  smoke: number,
): number {
  return profile === "full" ? full : profile === "quick" ? quick : smoke;
}

/**
 * The teardown of a case that ran in its own actor system.
 *
 * @param s The case's state.
 * @returns Resolves when the system has shut down.
 */
export function shutdown(
  s: { readonly system?: { shutdown(): Promise<void> } },
): Promise<void> | undefined {
  return s.system?.shutdown();
}

/** A promise with its resolver, reusable across iterations. */
export interface Latch {
  /** Resolves the current promise. */
  resolve: () => void;
}

/**
 * Creates a promise whose resolver is stored on `latch`.
 *
 * @param latch Where the resolver goes.
 * @returns The promise.
 */
export function arm(latch: Latch): Promise<void> {
  return new Promise<void>((resolve) => {
    latch.resolve = resolve;
  });
}

/** Throws when a benchmark computed the wrong answer. */
export function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`Benchmark computed a wrong result: ${what}`);
}
