/**
 * Runs one benchmark case in a loop and nothing else, for a CPU profiler:
 * its setup, a few warm-up iterations, then `rounds` timed iterations, with
 * the time per operation printed at the end. A profile of `run.ts` mixes the
 * floor, the baselines and the subject of a group; this profiles one of them.
 *
 * ```sh
 * deno run -A --cpu-prof --cpu-prof-dir=.tmp/prof bench/profile.ts savina/counting/understudy 20
 * bun --cpu-prof --cpu-prof-dir=.tmp/prof bench/profile.ts ping-pong/understudy 200
 * deno run -A --v8-flags=--trace-gc bench/profile.ts savina/counting/floor 20
 * ```
 *
 * @module
 */

import { scriptArgs } from "./_host.ts";
import { collect } from "./run.ts";

/**
 * Runs the case `id` of the full profile `rounds` times after 3 warm-ups.
 *
 * @param id The case id (`bun bench/run.ts --list`).
 * @param rounds Timed iterations.
 * @returns Nanoseconds per operation over the timed iterations.
 * @throws {Error} When no case has that id.
 */
export async function profileCase(id: string, rounds: number): Promise<number> {
  const c = collect("full").find((c) => c.id === id);
  if (c === undefined) throw new Error(`Unknown benchmark case "${id}"`);
  const state = await c.setup?.();
  for (let i = 0; i < 3; i++) await c.body(state);
  const start = performance.now();
  for (let i = 0; i < rounds; i++) await c.body(state);
  const ns = (performance.now() - start) * 1e6 / (rounds * c.ops);
  await c.teardown?.(state);
  return ns;
}

if (import.meta.main) {
  const [id, rounds] = scriptArgs();
  if (id === undefined) {
    throw new Error("Usage: bench/profile.ts <case-id> [rounds]");
  }
  const ns = await profileCase(id, Number(rounds ?? 20));
  console.log(`${id}: ${ns.toFixed(1)} ns per op`);
}
