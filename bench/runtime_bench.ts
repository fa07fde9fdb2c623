/**
 * The runtime through its public API, each next to its baseline and floor:
 *
 * - tell: one actor, N fresh messages sent, then drained (vs raw ring, Array
 *   queue, direct calls, the floor); the cheap form with one shared frozen
 *   message is an extra row;
 * - ping-pong: two actors bouncing one number N times (vs the floor);
 * - fan-out: 10,000 actors, 100 fresh messages each (vs the floor);
 * - ask: N sequential asks to one actor (vs a bare promise round trip);
 * - spawn: spawn N actors with a `stopped` hook, wait until each has started
 *   (its `init` ran), then stop them all and wait (vs the floor doing the
 *   same through its mailboxes); the cheap form, stopped before the first
 *   turn, is an extra row.
 *
 * @module
 */

import {
  type ActorRef,
  ActorSystem,
  defineActor,
  type ReplyPort,
} from "../mod.ts";
import {
  addArrayQueue,
  addDirectCalls,
  addPromiseRoundTrip,
  addRawRing,
  type FloorActor,
  FloorSystem,
  INC,
  type Inc,
  inc,
} from "./_baselines.ts";
import {
  type AddCase,
  arm,
  check,
  type Latch,
  type Profile,
  shutdown,
  sized,
} from "./_harness.ts";

/** A counter's shared tally: done when `count` reaches `target`. */
export interface Tally extends Latch {
  count: number;
  target: number;
}

/** Creates a tally. */
export function tally(): Tally {
  return { count: 0, target: 0, resolve: () => {} };
}

/** Counts increments into a shared tally and resolves it at the target. */
export const counter = defineActor({
  kind: "bench-counter",
  init: (shared: Tally) => shared,
  receive(shared: Tally, message: Inc) {
    shared.count += message.by;
    if (shared.count === shared.target) shared.resolve();
  },
});

/** Prepares a tally for `target` increments and returns its promise. */
export function expect(shared: Tally, target: number): Promise<void> {
  shared.count = 0;
  shared.target = target;
  return arm(shared);
}

/** A floor actor counting into a tally. */
export function floorCounter(
  floor: FloorSystem,
  shared: Tally,
): FloorActor<Inc> {
  return floor.spawn((message: Inc) => {
    shared.count += message.by;
    if (shared.count === shared.target) shared.resolve();
  });
}

// ---- tell --------------------------------------------------------------

/** What the understudy tell and counting benches hold. */
export interface OneActor {
  readonly system: ActorSystem;
  readonly ref: ActorRef<Inc>;
  readonly shared: Tally;
}

/** A system with one counter. */
export function setupOneCounter(): OneActor {
  const system = new ActorSystem();
  const shared = tally();
  return { system, shared, ref: system.spawn(counter, { args: shared }) };
}

/**
 * Tells one actor N increments, a fresh message each, and waits until it has
 * handled them.
 */
export async function tellUnderstudy(s: OneActor, n: number): Promise<void> {
  const done = expect(s.shared, n);
  const ref = s.ref;
  for (let i = 0; i < n; i++) ref.tell(inc());
  await done;
}

/** The cheap form: one shared frozen message sent N times. */
export async function tellUnderstudyShared(
  s: OneActor,
  n: number,
): Promise<void> {
  const done = expect(s.shared, n);
  const ref = s.ref;
  for (let i = 0; i < n; i++) ref.tell(INC);
  await done;
}

/** The same on the floor runtime, a fresh message each. */
export async function tellFloor(
  s: { actor: FloorActor<Inc>; shared: Tally },
  n: number,
): Promise<void> {
  const done = expect(s.shared, n);
  const actor = s.actor;
  for (let i = 0; i < n; i++) actor.tell(inc());
  await done;
}

/** A floor system with one counter. */
export function setupFloorCounter(): { actor: FloorActor<Inc>; shared: Tally } {
  const shared = tally();
  return { actor: floorCounter(new FloorSystem(), shared), shared };
}

// ---- ping-pong -----------------------------------------------------------

interface Player {
  peer: ActorRef<number> | null;
  readonly latch: Latch;
}

const player = defineActor({
  kind: "bench-player",
  init: (self: Player) => self,
  receive(self: Player, n: number) {
    if (n === 0) self.latch.resolve();
    else self.peer!.tell(n - 1);
  },
});

/** Two players that know each other and share a latch. */
export interface PingPong {
  readonly system: ActorSystem;
  readonly ping: ActorRef<number>;
  readonly latch: Latch;
}

/** A system with two players. */
export function setupPingPong(): PingPong {
  const system = new ActorSystem();
  const latch: Latch = { resolve: () => {} };
  const a: Player = { peer: null, latch };
  const b: Player = { peer: null, latch };
  const ping = system.spawn(player, { args: a });
  const pong = system.spawn(player, { args: b });
  a.peer = pong;
  b.peer = ping;
  return { system, ping, latch };
}

/** Bounces a number between the two players N times. */
export async function pingPongUnderstudy(
  s: PingPong,
  n: number,
): Promise<void> {
  const done = arm(s.latch);
  s.ping.tell(n);
  await done;
}

/** The floor's two players. */
export function setupFloorPingPong(): {
  ping: FloorActor<number>;
  latch: Latch;
} {
  const floor = new FloorSystem();
  const latch: Latch = { resolve: () => {} };
  let pong: FloorActor<number> | null = null;
  const ping = floor.spawn((n: number) => {
    if (n === 0) latch.resolve();
    else pong!.tell(n - 1);
  });
  pong = floor.spawn((n: number) => {
    if (n === 0) latch.resolve();
    else ping.tell(n - 1);
  });
  return { ping, latch };
}

/** The same on the floor. */
export async function pingPongFloor(
  s: { ping: FloorActor<number>; latch: Latch },
  n: number,
): Promise<void> {
  const done = arm(s.latch);
  s.ping.tell(n);
  await done;
}

// ---- fan-out -------------------------------------------------------------

/** Many counters sharing one tally. */
export interface Crowd<R> {
  readonly system?: ActorSystem;
  readonly refs: R[];
  readonly shared: Tally;
}

/** A system with `actors` counters. */
export function setupCrowd(actors: number): Crowd<ActorRef<Inc>> {
  const system = new ActorSystem();
  const shared = tally();
  const refs: ActorRef<Inc>[] = [];
  for (let i = 0; i < actors; i++) {
    refs.push(system.spawn(counter, { args: shared }));
  }
  return { system, refs, shared };
}

/** The floor's counters. */
export function setupFloorCrowd(actors: number): Crowd<FloorActor<Inc>> {
  const floor = new FloorSystem();
  const shared = tally();
  const refs: FloorActor<Inc>[] = [];
  for (let i = 0; i < actors; i++) refs.push(floorCounter(floor, shared));
  return { refs, shared };
}

/**
 * Sends `each` fresh messages to every actor, round robin, and waits for all.
 */
export async function fanOut(
  s: Crowd<{ tell(message: Inc): unknown }>,
  each: number,
): Promise<void> {
  const refs = s.refs;
  const done = expect(s.shared, refs.length * each);
  for (let m = 0; m < each; m++) {
    for (let i = 0; i < refs.length; i++) refs[i].tell(inc());
  }
  await done;
}

// ---- ask -----------------------------------------------------------------

type Get = { readonly type: "get"; readonly replyTo: ReplyPort<number> };

const answering = defineActor({
  kind: "bench-answering",
  init: () => 0,
  receive(asked: number, message: Get) {
    message.replyTo.reply(1);
    return asked + 1;
  },
});

const get = (replyTo: ReplyPort<number>): Get => ({ type: "get", replyTo });

/** A system with one actor that answers every ask with 1. */
export function setupAsk(): { system: ActorSystem; ref: ActorRef<Get> } {
  const system = new ActorSystem();
  return { system, ref: system.spawn(answering) };
}

/** N sequential asks. */
export async function askUnderstudy(
  s: { ref: ActorRef<Get> },
  n: number,
): Promise<void> {
  let total = 0;
  for (let i = 0; i < n; i++) total += await s.ref.ask(get);
  check(total === n, "ask replies");
}

/** A floor actor that answers each request through the resolver it carries. */
export function setupFloorAsk(): FloorActor<FloorGet> {
  return new FloorSystem().spawn((message: FloorGet) => message.reply(1));
}

type FloorGet = { readonly reply: (value: number) => void };

/**
 * N sequential asks on the floor: a promise whose resolver travels in the
 * message through the mailbox and back. The least an ask through a mailbox
 * can cost.
 */
export async function askFloor(
  actor: FloorActor<FloorGet>,
  n: number,
): Promise<void> {
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += await new Promise<number>((reply) => actor.tell({ reply }));
  }
  check(total === n, "floor ask replies");
}

// ---- spawn ---------------------------------------------------------------

const idle = defineActor({
  kind: "bench-idle",
  init: () => null,
  receive: () => {},
});

/**
 * The cheap form: spawns N actors, then stops them all and waits until they
 * have stopped. Most are stopped before their first turn, so `init` never
 * runs.
 */
export async function spawnStopUnstarted(
  system: ActorSystem,
  n: number,
): Promise<void> {
  const refs = new Array<ActorRef<never>>(n);
  for (let i = 0; i < n; i++) refs[i] = system.spawn(idle);
  const stops = new Array<Promise<void>>(n);
  for (let i = 0; i < n; i++) stops[i] = refs[i].stop();
  await Promise.all(stops);
  check(system.topLevel.length === 0, "every actor stopped");
}

/** Counts starts and stops, resolving when `count` reaches `target`. */
interface Lifecycles extends Latch {
  started: number;
  stopped: number;
  target: number;
}

function lifecycles(): Lifecycles {
  return { started: 0, stopped: 0, target: 0, resolve: () => {} };
}

/** An actor whose `init` and `stopped` hook each count into a tally. */
const lifecycle = defineActor({
  kind: "bench-lifecycle",
  init(shared: Lifecycles) {
    if (++shared.started === shared.target) shared.resolve();
    return shared;
  },
  receive: () => {},
  stopped(shared: Lifecycles) {
    shared.stopped++;
  },
});

/**
 * The realistic form: spawns N actors with a `stopped` hook, waits until
 * every `init` ran, then stops them all and waits until they have stopped.
 */
export async function spawnStopUnderstudy(
  s: { system: ActorSystem; shared: Lifecycles },
  n: number,
): Promise<void> {
  const { system, shared } = s;
  shared.started = shared.stopped = 0;
  shared.target = n;
  const started = arm(shared);
  const refs = new Array<ActorRef<never>>(n);
  for (let i = 0; i < n; i++) {
    refs[i] = system.spawn(lifecycle, { args: shared });
  }
  await started;
  const stops = new Array<Promise<void>>(n);
  for (let i = 0; i < n; i++) stops[i] = refs[i].stop();
  await Promise.all(stops);
  check(shared.stopped === n, "every stopped hook ran");
  check(system.topLevel.length === 0, "every actor stopped");
}

const START = Symbol("start");
const STOP = Symbol("stop");
type FloorLifecycle = typeof START | typeof STOP;

/**
 * The same on the floor: each actor's first turn runs its init, a stop
 * message through its mailbox runs its stopped hook.
 */
export async function spawnStopFloor(
  shared: Lifecycles,
  n: number,
): Promise<void> {
  const floor = new FloorSystem();
  shared.started = shared.stopped = 0;
  shared.target = n;
  let done = arm(shared);
  const actors = new Array<FloorActor<FloorLifecycle>>(n);
  for (let i = 0; i < n; i++) {
    const actor: FloorActor<FloorLifecycle> = floor.spawn((m) => {
      if (m === START) {
        if (++shared.started === shared.target) shared.resolve();
      } else {
        actor.stopped = true;
        if (++shared.stopped === shared.target) shared.resolve();
      }
    });
    actor.tell(START);
    actors[i] = actor;
  }
  await done;
  done = arm(shared);
  for (let i = 0; i < n; i++) actors[i].tell(STOP);
  await done;
}

/** The floor's cheap form: create, then mark stopped. */
export function spawnStopFloorUnstarted(n: number): void {
  const floor = new FloorSystem();
  const actors = new Array<FloorActor<never>>(n);
  for (let i = 0; i < n; i++) actors[i] = floor.spawn(() => {});
  for (let i = 0; i < n; i++) actors[i].stopped = true;
}

// ---- registration ----------------------------------------------------------

/** The sizes of a profile. */
export function runtimeSizes(profile: Profile): {
  tell: number;
  pingPong: number;
  actors: number;
  each: number;
  asks: number;
  spawns: number;
} {
  return {
    tell: sized(profile, 100_000, 20_000, 100),
    pingPong: sized(profile, 100_000, 20_000, 100),
    actors: sized(profile, 10_000, 1_000, 10),
    each: sized(profile, 100, 20, 3),
    asks: sized(profile, 10_000, 2_000, 10),
    spawns: sized(profile, 2_000, 500, 10),
  };
}

/**
 * Registers the tell, ping-pong, fan-out, ask and spawn groups.
 *
 * @param add Collects the cases.
 * @param profile The run's size.
 */
export function register(add: AddCase, profile: Profile): void {
  const n = runtimeSizes(profile);

  addRawRing(add, "tell", n.tell);
  addArrayQueue(add, "tell", n.tell);
  addDirectCalls(add, "tell", n.tell);
  add({
    id: "tell/floor",
    group: "tell",
    name: "floor runtime tell",
    role: "floor",
    ops: n.tell,
    unit: "msg",
    baseline: "tell/raw-ring",
    setup: setupFloorCounter,
    body: (s) => tellFloor(s, n.tell),
  });
  add({
    id: "tell/understudy",
    group: "tell",
    name: "understudy tell",
    role: "subject",
    ops: n.tell,
    unit: "msg",
    baseline: "tell/raw-ring",
    xstate: ["tell/xstate", "tell/xstate-transition"],
    setup: setupOneCounter,
    body: (s) => tellUnderstudy(s, n.tell),
    teardown: shutdown,
  });
  add({
    id: "tell/understudy-shared",
    group: "tell",
    name: "understudy tell, one shared frozen message (cheap form)",
    role: "subject",
    ops: n.tell,
    unit: "msg",
    baseline: "tell/raw-ring",
    setup: setupOneCounter,
    body: (s) => tellUnderstudyShared(s, n.tell),
    teardown: shutdown,
  });

  add({
    id: "ping-pong/floor",
    group: "ping-pong",
    name: "floor runtime ping-pong",
    role: "floor",
    ops: n.pingPong,
    unit: "msg",
    setup: setupFloorPingPong,
    body: (s) => pingPongFloor(s, n.pingPong),
  });
  add({
    id: "ping-pong/understudy",
    group: "ping-pong",
    name: "understudy ping-pong",
    role: "subject",
    ops: n.pingPong,
    unit: "msg",
    baseline: "ping-pong/floor",
    xstate: ["ping-pong/xstate"],
    setup: setupPingPong,
    body: (s) => pingPongUnderstudy(s, n.pingPong),
    teardown: shutdown,
  });

  const fan = n.actors * n.each;
  add({
    id: "fan-out/floor",
    group: "fan-out",
    name: `floor runtime fan-out ${n.actors} x ${n.each}`,
    role: "floor",
    ops: fan,
    unit: "msg",
    setup: () => setupFloorCrowd(n.actors),
    body: (s) => fanOut(s, n.each),
  });
  add({
    id: "fan-out/understudy",
    group: "fan-out",
    name: `understudy fan-out ${n.actors} x ${n.each}`,
    role: "subject",
    ops: fan,
    unit: "msg",
    baseline: "fan-out/floor",
    setup: () => setupCrowd(n.actors),
    body: (s) => fanOut(s, n.each),
    teardown: shutdown,
  });

  addPromiseRoundTrip(add, "ask", n.asks);
  add({
    id: "ask/floor",
    group: "ask",
    name: "floor runtime ask (promise through a mailbox)",
    role: "floor",
    ops: n.asks,
    unit: "ask",
    baseline: "ask/promise",
    setup: setupFloorAsk,
    body: (actor) => askFloor(actor, n.asks),
  });
  add({
    id: "ask/understudy",
    group: "ask",
    name: "understudy ask (sequential)",
    role: "subject",
    ops: n.asks,
    unit: "ask",
    baseline: "ask/promise",
    setup: setupAsk,
    body: (s) => askUnderstudy(s, n.asks),
    teardown: shutdown,
  });

  add({
    id: "spawn/floor",
    group: "spawn",
    name: "floor runtime spawn, start, stop",
    role: "floor",
    ops: n.spawns,
    unit: "actor",
    setup: lifecycles,
    body: (shared) => spawnStopFloor(shared, n.spawns),
  });
  add({
    id: "spawn/understudy",
    group: "spawn",
    name: "understudy spawn, start, stop (stopped hook)",
    role: "subject",
    ops: n.spawns,
    unit: "actor",
    baseline: "spawn/floor",
    xstate: ["spawn/xstate"],
    setup: () => ({ system: new ActorSystem(), shared: lifecycles() }),
    body: (s) => spawnStopUnderstudy(s, n.spawns),
    teardown: shutdown,
  });
  add({
    id: "spawn/floor-unstarted",
    group: "spawn",
    name: "floor runtime spawn+stop, never started (cheap form)",
    role: "floor",
    ops: n.spawns,
    unit: "actor",
    body: () => spawnStopFloorUnstarted(n.spawns),
  });
  add({
    id: "spawn/understudy-unstarted",
    group: "spawn",
    name: "understudy spawn+stop before the first turn (cheap form)",
    role: "subject",
    ops: n.spawns,
    unit: "actor",
    baseline: "spawn/floor-unstarted",
    setup: () => ({ system: new ActorSystem() }),
    body: (s) => spawnStopUnstarted(s.system, n.spawns),
    teardown: shutdown,
  });
}
