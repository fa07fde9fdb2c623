/**
 * A supervisor's cost per child must not grow with its children, as an OTP
 * supervisor's does not: `startChild` then `terminateChild` of N children
 * under a dynamic supervisor that already holds 20,000 running children,
 * against the same under an empty one (group `spawn`). Before this case
 * existed, each `startChild` listed every child to check `maxChildren`
 * (O(children)): 25 µs per child at 5,000 children, 560 µs at 40,000.
 *
 * @module
 */

import {
  type ActorRef,
  ActorSystem,
  defineActor,
  dynamicSupervisor,
  startChild,
  terminateChild,
} from "../mod.ts";
import {
  type AddCase,
  check,
  type Profile,
  shutdown,
  sized,
} from "./_harness.ts";

const worker = defineActor({
  kind: "bench-supervised",
  init: () => 0,
  receive: (handled: number, _message: number) => handled + 1,
});

const pool = dynamicSupervisor({ kind: "bench-pool" });

/** A system with a dynamic supervisor holding `held` running children. */
async function setupPool(
  held: number,
): Promise<{ system: ActorSystem; sup: ActorRef<never>; next: number }> {
  const system = new ActorSystem();
  const sup = await system.start(pool) as ActorRef<never>;
  for (let i = 0; i < held; i++) {
    await startChild(sup, { id: `held-${i}`, start: worker });
  }
  return { system, sup, next: 0 };
}

/** Starts N children, then terminates them. */
async function startTerminate(
  s: { sup: ActorRef<never>; next: number },
  n: number,
): Promise<void> {
  const first = s.next;
  for (let i = 0; i < n; i++) {
    const ref = await startChild(s.sup, {
      id: `c-${first + i}`,
      start: worker,
    });
    check(ref !== undefined, "child started");
  }
  for (let i = 0; i < n; i++) await terminateChild(s.sup, `c-${first + i}`);
  s.next = first + n;
}

/** The children a big supervisor holds before the timed part. */
const HELD = 20_000;

/**
 * Registers the two cases in group `spawn`.
 *
 * @param add Collects the cases.
 * @param profile The sizes.
 */
export function registerSupervisor(add: AddCase, profile: Profile): void {
  const n = sized(profile, 1_000, 200, 10);
  const held = sized(profile, HELD, 2_000, 100);
  add({
    id: "spawn/start-child-empty",
    group: "spawn",
    name: "startChild + terminateChild, empty dynamic supervisor (baseline)",
    role: "baseline",
    ops: n,
    unit: "child",
    setup: () => setupPool(0),
    body: (s) => startTerminate(s, n),
    teardown: shutdown,
  });
  add({
    id: "spawn/start-child-held",
    group: "spawn",
    name:
      `startChild + terminateChild, dynamic supervisor with ${held} children`,
    role: "subject",
    ops: n,
    unit: "child",
    baseline: "spawn/start-child-empty",
    setup: () => setupPool(held),
    body: (s) => startTerminate(s, n),
    teardown: shutdown,
  });
}
