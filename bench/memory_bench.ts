/**
 * Heap per idle actor: the heap before and after N idle actors (spawned,
 * started, no mail), with a full garbage collection forced before each
 * reading. The system keeps the actors alive (the guardian's children); the
 * benchmark holds no refs, so the figure is everything one idle actor costs,
 * its registry entry included. A second figure measures actors that have
 * handled one message, a third actors whose handler is async (an awaited
 * step per message) and have handled one. The floor runtime and xstate are
 * measured the same way for context.
 *
 * Needs a forced collection: `Bun.gc(true)` on Bun, and on Deno
 * `--v8-flags=--expose-gc`. Without it the figure is "not measured".
 *
 * @module
 */

import { createActor } from "xstate";
import { type ActorRef, ActorSystem, defineActor } from "../mod.ts";
import { runUntilIdle } from "../testing.ts";
import { FloorSystem } from "./_baselines.ts";
import { arm, type Latch } from "./_harness.ts";
import { collectGarbage, heapUsed } from "./_host.ts";
import { idleMachine } from "./peers_bench.ts";

/** One memory figure. */
export interface MemoryFigure {
  /** Actors created. */
  readonly actors: number;
  /** Heap bytes in use before, after a forced collection. */
  readonly heapBefore: number;
  /** Heap bytes in use with the actors alive, after a forced collection. */
  readonly heapAfter: number;
  /** `(heapAfter - heapBefore) / actors`. */
  readonly bytesPerActor: number;
}

/** The outcome of {@linkcode measureMemory}. */
export type MemoryResult =
  | { readonly measured: false; readonly reason: string }
  | {
    readonly measured: true;
    /** Idle actors that never had mail (the definition). */
    readonly understudy: MemoryFigure;
    /** Idle actors that have handled one message. */
    readonly understudyAfterMail: MemoryFigure;
    /** The same with an async handler. */
    readonly understudyAfterAsyncMail: MemoryFigure;
    readonly floor: MemoryFigure;
    readonly xstate: MemoryFigure;
  };

interface Started extends Latch {
  count: number;
  target: number;
}

/** An idle actor that reports its start and each message; its state is `null`. */
const idle = defineActor({
  kind: "bench-idle",
  init(started: Started) {
    if (++started.count === started.target) started.resolve();
    return null;
  },
  receive(_: null, started: Started) {
    if (++started.count === started.target) started.resolve();
  },
});

/** The same actor with an async handler: one awaited step per message. */
const idleAsync = defineActor({
  kind: "bench-idle-async",
  init(started: Started) {
    if (++started.count === started.target) started.resolve();
    return null;
  },
  async receive(_: null, started: Started) {
    await null;
    if (++started.count === started.target) started.resolve();
  },
});

function settle(collections: number): void {
  for (let i = 0; i < collections; i++) collectGarbage();
}

async function measureFigure(
  actors: number,
  create: () => Promise<unknown>,
  collections: number,
): Promise<{ figure: MemoryFigure; keep: unknown }> {
  settle(collections);
  const heapBefore = heapUsed();
  const keep = await create();
  settle(collections);
  const heapAfter = heapUsed();
  return {
    keep,
    figure: {
      actors,
      heapBefore,
      heapAfter,
      bytesPerActor: (heapAfter - heapBefore) / actors,
    },
  };
}

/**
 * Measures heap per idle actor in understudy, the floor and xstate.
 *
 * @param actors How many idle actors to create.
 * @param settleCollections Full collections before each heap reading
 * (fewer for the smoke test, whose heap holds every test file). Defaults to 3.
 * @returns The figures, or why they could not be measured.
 */
export async function measureMemory(
  actors: number,
  settleCollections = 3,
): Promise<MemoryResult> {
  const figure = (n: number, create: () => Promise<unknown>) =>
    measureFigure(n, create, settleCollections);
  if (!collectGarbage()) {
    return {
      measured: false,
      reason: "no forced GC: run Deno with --v8-flags=--expose-gc",
    };
  }
  // Warm the code paths so compiled code is not counted as actor memory.
  await spawnIdle(new ActorSystem(), Math.min(actors, 1000), true);
  await spawnIdle(new ActorSystem(), Math.min(actors, 1000), true, true);
  await spawnIdle(
    new ActorSystem(),
    Math.min(actors, 1000),
    true,
    true,
    idleAsync,
  );

  const system = new ActorSystem();
  const understudy = await figure(
    actors,
    () => spawnIdle(system, actors, false),
  );
  await system.shutdown();
  const mailed = new ActorSystem();
  const understudyAfterMail = await figure(
    actors,
    () => spawnIdle(mailed, actors, false, true),
  );
  await mailed.shutdown();
  const mailedAsync = new ActorSystem();
  const understudyAfterAsyncMail = await figure(
    actors,
    () => spawnIdle(mailedAsync, actors, false, true, idleAsync),
  );
  await mailedAsync.shutdown();

  const floor = await figure(actors, () => {
    const runtime = new FloorSystem();
    const all = new Array<unknown>(actors);
    for (let i = 0; i < actors; i++) all[i] = runtime.spawn(() => {});
    return Promise.resolve(all);
  });
  const xstate = await figure(actors, () => {
    const all = new Array<{ stop(): unknown }>(actors);
    for (let i = 0; i < actors; i++) all[i] = createActor(idleMachine).start();
    return Promise.resolve(all);
  });
  for (const actor of xstate.keep as { stop(): unknown }[]) actor.stop();
  return {
    measured: true,
    understudy: understudy.figure,
    understudyAfterMail: understudyAfterMail.figure,
    understudyAfterAsyncMail: understudyAfterAsyncMail.figure,
    floor: floor.figure,
    xstate: xstate.figure,
  };
}

async function spawnIdle(
  system: ActorSystem,
  actors: number,
  shutdown: boolean,
  mail = false,
  kind: typeof idle | typeof idleAsync = idle,
): Promise<null> {
  const started: Started = { count: 0, target: actors, resolve: () => {} };
  let done = arm(started);
  const refs = mail ? new Array<ActorRef<Started>>(actors) : null;
  for (let i = 0; i < actors; i++) {
    const ref = system.spawn(kind, { args: started });
    if (refs !== null) refs[i] = ref;
  }
  await done;
  if (refs !== null) {
    // Each actor handles one message; the refs array is gone before the
    // second reading.
    started.count = 0;
    done = arm(started);
    for (const ref of refs) ref.tell(started);
    await done;
    // Idle means the system has settled: drained mailboxes go back to the
    // pool in the host task after the last run.
    await runUntilIdle(system);
  }
  if (shutdown) await system.shutdown();
  return null;
}
