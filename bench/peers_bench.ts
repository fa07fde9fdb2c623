/**
 * xstate v5, the most used actor library in TypeScript, in the same run:
 * `createActor` + `send` for tell, ping-pong and spawn. Two forms of tell: a
 * state machine (`createMachine` with an `assign` action, the form xstate's
 * documentation leads with and the one the targets use) and the lighter
 * `fromTransition` reducer, reported beside it. xstate processes a `send`
 * synchronously, so a loop of sends is done when the loop ends.
 *
 * Its figures are per message, so xstate runs fewer messages per iteration
 * than understudy (it is much slower) without changing the ratios.
 *
 * @module
 */

import {
  type Actor,
  type AnyActorRef,
  assign,
  createActor,
  createMachine,
  fromTransition,
  sendTo,
} from "xstate";
import {
  type AddCase,
  arm,
  check,
  type Latch,
  type Profile,
  sized,
} from "./_harness.ts";

type IncEvent = { readonly type: "inc" };

/** A counter as an xstate state machine. */
export const counterMachine = createMachine({
  types: {} as { context: { count: number }; events: IncEvent },
  context: { count: 0 },
  on: {
    inc: { actions: assign({ count: ({ context }) => context.count + 1 }) },
  },
});

/** A counter as an xstate transition function. */
export const counterTransition = fromTransition(
  (count: number, _event: IncEvent) => count + 1,
  0,
);

/**
 * Sends N increments, a fresh event each, to a started machine actor and checks its count.
 *
 * @param actor The actor.
 * @param n Messages.
 */
export function tellMachine(
  actor: Actor<typeof counterMachine>,
  n: number,
): void {
  const before = actor.getSnapshot().context.count;
  for (let i = 0; i < n; i++) actor.send({ type: "inc" });
  check(actor.getSnapshot().context.count === before + n, "xstate count");
}

/**
 * Sends N increments, a fresh event each, to a started transition actor and checks its count.
 *
 * @param actor The actor.
 * @param n Messages.
 */
export function tellTransition(
  actor: Actor<typeof counterTransition>,
  n: number,
): void {
  const before = actor.getSnapshot().context;
  for (let i = 0; i < n; i++) actor.send({ type: "inc" });
  check(actor.getSnapshot().context === before + n, "xstate count");
}

type Ball = { readonly type: "ball"; readonly n: number };
type Meet = { readonly type: "meet"; readonly peer: AnyActorRef };

/** A ping-pong player: bounces the ball to its peer until it reaches 0. */
export const playerMachine = createMachine({
  types: {} as {
    context: { peer: AnyActorRef | null; latch: Latch };
    events: Ball | Meet;
    input: Latch;
  },
  context: ({ input }) => ({ peer: null, latch: input }),
  on: {
    meet: { actions: assign({ peer: ({ event }) => event.peer }) },
    ball: [
      {
        guard: ({ event }) => event.n === 0,
        actions: ({ context }) => context.latch.resolve(),
      },
      {
        actions: sendTo(
          ({ context }) => context.peer!,
          ({ event }) => ({ type: "ball", n: event.n - 1 }),
        ),
      },
    ],
  },
});

/** Two started players that know each other. */
export function setupPingPongMachines(): {
  ping: Actor<typeof playerMachine>;
  pong: Actor<typeof playerMachine>;
  latch: Latch;
} {
  const latch: Latch = { resolve: () => {} };
  const ping = createActor(playerMachine, { input: latch }).start();
  const pong = createActor(playerMachine, { input: latch }).start();
  ping.send({ type: "meet", peer: pong });
  pong.send({ type: "meet", peer: ping });
  return { ping, pong, latch };
}

/** Bounces the ball N times. */
export async function pingPongMachines(
  s: { ping: Actor<typeof playerMachine>; latch: Latch },
  n: number,
): Promise<void> {
  const done = arm(s.latch);
  s.ping.send({ type: "ball", n });
  await done;
}

/** An idle machine, for spawn. */
export const idleMachine = createMachine({
  types: {} as { events: IncEvent },
  initial: "idle",
  states: { idle: {} },
});

/** Creates and starts N actors, then stops them all. */
export function spawnStopMachines(n: number): void {
  const actors = new Array<Actor<typeof idleMachine>>(n);
  for (let i = 0; i < n; i++) actors[i] = createActor(idleMachine).start();
  for (let i = 0; i < n; i++) actors[i].stop();
  check(actors[n - 1].getSnapshot().status === "stopped", "xstate stopped");
}

/**
 * Registers the xstate cases into the tell, ping-pong and spawn groups.
 *
 * @param add Collects the cases.
 * @param profile The run's size.
 */
export function register(add: AddCase, profile: Profile): void {
  const tell = sized(profile, 10_000, 2_000, 50);
  const pingPong = sized(profile, 10_000, 2_000, 50);
  const spawns = sized(profile, 2_000, 500, 10);
  add({
    id: "tell/xstate",
    group: "tell",
    name: "xstate createMachine send",
    role: "peer",
    ops: tell,
    unit: "msg",
    setup: () => createActor(counterMachine).start(),
    body: (actor) => tellMachine(actor, tell),
    teardown: (actor) => actor.stop(),
  });
  add({
    id: "tell/xstate-transition",
    group: "tell",
    name: "xstate fromTransition send",
    role: "peer",
    ops: tell * 10,
    unit: "msg",
    setup: () => createActor(counterTransition).start(),
    body: (actor) => tellTransition(actor, tell * 10),
    teardown: (actor) => actor.stop(),
  });
  add({
    id: "ping-pong/xstate",
    group: "ping-pong",
    name: "xstate createMachine ping-pong",
    role: "peer",
    ops: pingPong,
    unit: "msg",
    setup: setupPingPongMachines,
    body: (s) => pingPongMachines(s, pingPong),
    teardown: (s) => {
      s.ping.stop();
      s.pong.stop();
    },
  });
  add({
    id: "spawn/xstate",
    group: "spawn",
    name: "xstate createActor start+stop",
    role: "peer",
    ops: spawns,
    unit: "actor",
    body: () => spawnStopMachines(spawns),
  });
}
