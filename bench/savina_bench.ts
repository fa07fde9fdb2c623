/**
 * The Savina actor micro-benchmarks that fit one process, each in understudy
 * (through its public API) and on the minimal floor runtime, written the same
 * way in both. Savina's ping-pong is the `ping-pong` group of
 * `runtime_bench.ts` (two actors bouncing one message N times), so it is not
 * repeated here.
 *
 * - counting: a producer sends N increments to a counter, a fresh message
 *   each, then asks it for the total (also against the raw ring); the cheap
 *   form with one shared frozen message is an extra row;
 * - thread ring: R actors pass a token around a ring for N hops, each member
 *   holding its successor (in understudy and on the floor alike);
 * - fork-join throughput: A actors each receive M messages, round robin, each
 *   message a little arithmetic;
 * - fork-join create: N actors created, one message each, each does a little
 *   arithmetic and stops;
 * - chameneos: C chameneos meet M times through a mall, changing colour.
 *
 * @module
 */

import {
  type ActorContext,
  type ActorRef,
  ActorSystem,
  defineActor,
} from "../mod.ts";
import {
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
import { chameneos, chameneosFloor } from "./_chameneos.ts";

// ---- counting --------------------------------------------------------------

type CounterMsg = Inc | {
  readonly type: "get";
  readonly replyTo: ActorRef<number>;
};
type ProducerMsg = "start" | number;

interface Producer extends Latch {
  counter: ActorRef<CounterMsg> | null;
  n: number;
  total: number;
  /** Sends the one frozen message instead of a fresh one (the cheap form). */
  shared?: boolean;
}

const countingCounter = defineActor({
  kind: "savina-counter",
  init: () => ({ count: 0 }),
  receive(state: { count: number }, message: CounterMsg) {
    if (message.type === "inc") state.count += message.by;
    else {
      message.replyTo.tell(state.count);
      state.count = 0;
    }
  },
});

const producer = defineActor({
  kind: "savina-producer",
  init: (self: Producer) => self,
  receive(
    self: Producer,
    message: ProducerMsg,
    ctx: ActorContext<ProducerMsg>,
  ) {
    if (message === "start") {
      const counter = self.counter!;
      if (self.shared) { for (let i = self.n; i > 0; i--) counter.tell(INC); }
      else for (let i = self.n; i > 0; i--) counter.tell(inc());
      counter.tell({ type: "get", replyTo: ctx.self });
    } else {
      self.total = message;
      self.resolve();
    }
  },
});

/**
 * A producer and a counter.
 *
 * @param n Increments per round.
 * @param shared Whether to send one frozen message (the cheap form).
 */
export function setupCounting(n: number, shared = false): {
  system: ActorSystem;
  producer: ActorRef<ProducerMsg>;
  self: Producer;
} {
  const system = new ActorSystem();
  const self: Producer = {
    counter: null,
    n,
    total: 0,
    shared,
    resolve: () => {},
  };
  self.counter = system.spawn(countingCounter);
  return { system, producer: system.spawn(producer, { args: self }), self };
}

/** One round of counting. */
export async function counting(
  s: { producer: { tell(message: ProducerMsg): unknown }; self: Producer },
  n: number,
): Promise<void> {
  const done = arm(s.self);
  s.producer.tell("start");
  await done;
  check(s.self.total === n, "counting total");
}

/** The floor's producer and counter. */
export function setupFloorCounting(n: number): {
  producer: FloorActor<ProducerMsg>;
  self: Producer;
} {
  const floor = new FloorSystem();
  const self: Producer = { counter: null, n, total: 0, resolve: () => {} };
  let count = 0;
  type FloorCounterMsg = Inc | { type: "get"; replyTo: FloorActor<number> };
  const counter: FloorActor<FloorCounterMsg> = floor.spawn((message) => {
    if (message.type === "inc") count += message.by;
    else {
      message.replyTo.tell(count);
      count = 0;
    }
  });
  const producer: FloorActor<ProducerMsg> = floor.spawn((message) => {
    if (message === "start") {
      for (let i = self.n; i > 0; i--) counter.tell(inc());
      counter.tell({ type: "get", replyTo: producer as FloorActor<number> });
    } else {
      self.total = message;
      self.resolve();
    }
  });
  return { producer, self };
}

// ---- thread ring -------------------------------------------------------------

interface RingMember {
  next: ActorRef<number> | null;
  readonly latch: Latch;
}

const member = defineActor({
  kind: "savina-ring-member",
  init: (self: RingMember) => self,
  receive(self: RingMember, hops: number) {
    if (hops === 0) self.latch.resolve();
    else self.next!.tell(hops - 1);
  },
});

/** R ring members, each knowing the next. */
export function setupThreadRing(r: number): {
  system: ActorSystem;
  first: ActorRef<number>;
  latch: Latch;
} {
  const system = new ActorSystem();
  const latch: Latch = { resolve: () => {} };
  const members: RingMember[] = [];
  const refs: ActorRef<number>[] = [];
  for (let i = 0; i < r; i++) {
    const self: RingMember = { next: null, latch };
    members.push(self);
    refs.push(system.spawn(member, { args: self }));
  }
  for (let i = 0; i < r; i++) members[i].next = refs[(i + 1) % r];
  return { system, first: refs[0], latch };
}

/** The floor's ring: each member holds its successor, as understudy's do. */
export function setupFloorThreadRing(r: number): {
  first: FloorActor<number>;
  latch: Latch;
} {
  const floor = new FloorSystem();
  const latch: Latch = { resolve: () => {} };
  const members: { next: FloorActor<number> | null }[] = [];
  const actors: FloorActor<number>[] = [];
  for (let i = 0; i < r; i++) {
    const self: { next: FloorActor<number> | null } = { next: null };
    members.push(self);
    actors.push(floor.spawn((hops: number) => {
      if (hops === 0) latch.resolve();
      else self.next!.tell(hops - 1);
    }));
  }
  for (let i = 0; i < r; i++) members[i].next = actors[(i + 1) % r];
  return { first: actors[0], latch };
}

/** Sends a token N hops around the ring. */
export async function threadRing(
  s: { first: { tell(hops: number): unknown }; latch: Latch },
  hops: number,
): Promise<void> {
  const done = arm(s.latch);
  s.first.tell(hops);
  await done;
}

// ---- fork-join -----------------------------------------------------------

/** Savina's `performComputation`: a little floating-point work. */
export function compute(theta: number): number {
  const sint = Math.sin(theta);
  return sint * sint + Math.cos(theta) * Math.cos(theta);
}

interface Work extends Latch {
  count: number;
  target: number;
  sum: number;
}

function work(): Work {
  return { count: 0, target: 0, sum: 0, resolve: () => {} };
}

function expectWork(shared: Work, target: number): Promise<void> {
  shared.count = 0;
  shared.target = target;
  shared.sum = 0;
  return arm(shared);
}

const forkJoinWorker = defineActor({
  kind: "savina-fj-worker",
  init: (shared: Work) => shared,
  receive(shared: Work, theta: number) {
    shared.sum += compute(theta);
    if (++shared.count === shared.target) shared.resolve();
  },
});

const THETA = 37.2;

/** A actors for fork-join throughput. */
export function setupForkJoin(actors: number): {
  system?: ActorSystem;
  refs: { tell(theta: number): unknown }[];
  shared: Work;
} {
  const system = new ActorSystem();
  const shared = work();
  const refs: ActorRef<number>[] = [];
  for (let i = 0; i < actors; i++) {
    refs.push(system.spawn(forkJoinWorker, { args: shared }));
  }
  return { system, refs, shared };
}

/** The floor's workers. */
export function setupFloorForkJoin(actors: number): {
  refs: { tell(theta: number): unknown }[];
  shared: Work;
} {
  const floor = new FloorSystem();
  const shared = work();
  const refs: FloorActor<number>[] = [];
  for (let i = 0; i < actors; i++) {
    refs.push(floor.spawn((theta: number) => {
      shared.sum += compute(theta);
      if (++shared.count === shared.target) shared.resolve();
    }));
  }
  return { refs, shared };
}

/** Sends M messages to each worker, round robin, and waits for all. */
export async function forkJoinThroughput(
  s: { refs: { tell(theta: number): unknown }[]; shared: Work },
  each: number,
): Promise<void> {
  const refs = s.refs;
  const done = expectWork(s.shared, refs.length * each);
  for (let m = 0; m < each; m++) {
    for (let i = 0; i < refs.length; i++) refs[i].tell(THETA);
  }
  await done;
}

const forkJoinOnce = defineActor({
  kind: "savina-fj-create",
  init: (shared: Work) => shared,
  receive(shared: Work, theta: number, ctx: ActorContext<number>) {
    shared.sum += compute(theta);
    if (++shared.count === shared.target) shared.resolve();
    void ctx.stop();
  },
});

/** Creates N actors, one message each; each stops after it. */
export async function forkJoinCreate(
  system: ActorSystem,
  shared: Work,
  n: number,
): Promise<void> {
  const done = expectWork(shared, n);
  const refs = new Array<ActorRef<number>>(n);
  for (let i = 0; i < n; i++) {
    const ref = refs[i] = system.spawn(forkJoinOnce, { args: shared });
    ref.tell(THETA);
  }
  await done;
  const stops = new Array<Promise<void>>(n);
  for (let i = 0; i < n; i++) stops[i] = refs[i].stop();
  await Promise.all(stops);
}

/** The same on the floor. */
export async function forkJoinCreateFloor(
  floor: FloorSystem,
  shared: Work,
  n: number,
): Promise<void> {
  const done = expectWork(shared, n);
  for (let i = 0; i < n; i++) {
    const actor: FloorActor<number> = floor.spawn((theta: number) => {
      shared.sum += compute(theta);
      if (++shared.count === shared.target) shared.resolve();
      actor.stopped = true;
    });
    actor.tell(THETA);
  }
  await done;
}

// ---- registration ----------------------------------------------------------

/** The sizes of a profile. */
export function savinaSizes(profile: Profile): {
  counting: number;
  ringActors: number;
  ringHops: number;
  forkJoinActors: number;
  forkJoinEach: number;
  forkJoinCreate: number;
  chameneos: number;
  meetings: number;
} {
  return {
    counting: sized(profile, 1_000_000, 100_000, 100),
    ringActors: sized(profile, 100, 100, 5),
    ringHops: sized(profile, 100_000, 20_000, 50),
    forkJoinActors: sized(profile, 60, 60, 3),
    forkJoinEach: sized(profile, 2_000, 500, 5),
    forkJoinCreate: sized(profile, 2_000, 500, 10),
    chameneos: sized(profile, 100, 100, 4),
    meetings: sized(profile, 20_000, 5_000, 20),
  };
}

/**
 * Registers the Savina group.
 *
 * @param add Collects the cases.
 * @param profile The run's size.
 */
export function register(add: AddCase, profile: Profile): void {
  const n = savinaSizes(profile);
  const group = "savina";

  addRawRing(add, "savina/counting", n.counting);
  add({
    id: "savina/counting/floor",
    group,
    name: "floor counting",
    role: "floor",
    ops: n.counting,
    unit: "msg",
    baseline: "savina/counting/raw-ring",
    setup: () => setupFloorCounting(n.counting),
    body: (s) => counting(s, n.counting),
  });
  add({
    id: "savina/counting/understudy",
    group,
    name: "understudy counting",
    role: "subject",
    ops: n.counting,
    unit: "msg",
    baseline: "savina/counting/raw-ring",
    setup: () => setupCounting(n.counting),
    body: (s) => counting(s, n.counting),
    teardown: shutdown,
  });
  add({
    id: "savina/counting/understudy-shared",
    group,
    name: "understudy counting, one shared frozen message (cheap form)",
    role: "subject",
    ops: n.counting,
    unit: "msg",
    baseline: "savina/counting/raw-ring",
    setup: () => setupCounting(n.counting, true),
    body: (s) => counting(s, n.counting),
    teardown: shutdown,
  });

  const ring = `${n.ringActors} actors`;
  add({
    id: "savina/thread-ring/floor",
    group,
    name: `floor thread ring, ${ring}`,
    role: "floor",
    ops: n.ringHops,
    unit: "msg",
    setup: () => setupFloorThreadRing(n.ringActors),
    body: (s) => threadRing(s, n.ringHops),
  });
  add({
    id: "savina/thread-ring/understudy",
    group,
    name: `understudy thread ring, ${ring}`,
    role: "subject",
    ops: n.ringHops,
    unit: "msg",
    baseline: "savina/thread-ring/floor",
    setup: () => setupThreadRing(n.ringActors),
    body: (s) => threadRing(s, n.ringHops),
    teardown: shutdown,
  });

  const fj = `${n.forkJoinActors} x ${n.forkJoinEach}`;
  const fjOps = n.forkJoinActors * n.forkJoinEach;
  add({
    id: "savina/fork-join-throughput/floor",
    group,
    name: `floor fork-join throughput, ${fj}`,
    role: "floor",
    ops: fjOps,
    unit: "msg",
    setup: () => setupFloorForkJoin(n.forkJoinActors),
    body: (s) => forkJoinThroughput(s, n.forkJoinEach),
  });
  add({
    id: "savina/fork-join-throughput/understudy",
    group,
    name: `understudy fork-join throughput, ${fj}`,
    role: "subject",
    ops: fjOps,
    unit: "msg",
    baseline: "savina/fork-join-throughput/floor",
    setup: () => setupForkJoin(n.forkJoinActors),
    body: (s) => forkJoinThroughput(s, n.forkJoinEach),
    teardown: shutdown,
  });

  add({
    id: "savina/fork-join-create/floor",
    group,
    name: "floor fork-join create",
    role: "floor",
    ops: n.forkJoinCreate,
    unit: "actor",
    setup: () => ({ floor: new FloorSystem(), shared: work() }),
    body: (s) => forkJoinCreateFloor(s.floor, s.shared, n.forkJoinCreate),
  });
  add({
    id: "savina/fork-join-create/understudy",
    group,
    name: "understudy fork-join create",
    role: "subject",
    ops: n.forkJoinCreate,
    unit: "actor",
    baseline: "savina/fork-join-create/floor",
    setup: () => ({ system: new ActorSystem(), shared: work() }),
    body: (s) => forkJoinCreate(s.system, s.shared, n.forkJoinCreate),
    teardown: shutdown,
  });

  const game = `${n.chameneos} chameneos`;
  add({
    id: "savina/chameneos/floor",
    group,
    name: `floor chameneos, ${game}`,
    role: "floor",
    ops: n.meetings,
    unit: "meeting",
    body: () => chameneosFloor(n.chameneos, n.meetings),
  });
  add({
    id: "savina/chameneos/understudy",
    group,
    name: `understudy chameneos, ${game}`,
    role: "subject",
    ops: n.meetings,
    unit: "meeting",
    baseline: "savina/chameneos/floor",
    setup: () => ({ system: new ActorSystem() }),
    body: (s) => chameneos(s.system, n.chameneos, n.meetings),
    teardown: shutdown,
  });
}
