/**
 * Deterministic testing for understudy systems: a virtual clock, run until
 * idle, probes.
 *
 * @example
 * ```ts
 * import { TestKit } from "@understudy/runtime/testing";
 * await using kit = new TestKit();
 * const probe = kit.probe<string>();
 * probe.ref.tell("hi");
 * await kit.runUntilIdle();
 * console.assert(probe.messages[0] === "hi");
 * ```
 *
 * @module
 */

export { VirtualClock } from "./src/testing/virtual_clock.ts";
export { TestKit } from "./src/testing/test_kit.ts";
export { runUntilIdle } from "./src/testing/run_until_idle.ts";
export type { RunUntilIdleOptions } from "./src/testing/run_until_idle.ts";
export { IdleTimeoutError } from "./src/testing/idle_timeout_error.ts";
export type { BusyActor } from "./src/testing/idle_timeout_error.ts";
export type { TestKitOptions } from "./src/testing/test_kit.ts";
export { Probe } from "./src/testing/probe.ts";
/**
 * The core's types, which this entry's signatures mention, re-exported as
 * types so this entry's API documents itself: they are the same types as
 * `@understudy/runtime`'s.
 */
export type * from "./mod.ts";
