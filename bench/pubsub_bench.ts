/**
 * Topics and group routers against plain tells (issue 10), one group
 * `pubsub`, everything in one process:
 *
 * - tell-loop (the baseline): a loop of `tell` to N counters, one fresh
 *   message per round shared by the N sends, as a publish shares it;
 * - publish: `broker.publish` of the same message to N subscribers, which
 *   the issue wants to cost about N tells;
 * - publish-mapped: each subscriber maps the message into a fresh one (one
 *   allocation per subscriber, made by the subscriber's mapper), against
 *   tell-each, a loop of tells with a fresh message per send;
 * - router round-robin and consistent hash: N x K messages through a group
 *   router over N members, against the same number of direct tells.
 *
 * Each body sends K rounds and waits until every counter has counted all.
 *
 * @module
 */

import {
  type ActorRef,
  ActorSystem,
  type Broker,
  brokerOf,
  group,
  groupRouter,
  groupsOf,
  topic,
} from "../mod.ts";
import { type Inc, inc } from "./_baselines.ts";
import { type AddCase, type Profile, shutdown, sized } from "./_harness.ts";
import { counter, expect, type Tally, tally } from "./runtime_bench.ts";

const ticks = topic<Inc>("bench-ticks");
const workers = group<Inc>("bench-workers");

/** N counters sharing one tally, subscribed to `ticks` and in `workers`. */
interface Crowd {
  readonly system: ActorSystem;
  readonly refs: ActorRef<Inc>[];
  readonly shared: Tally;
  readonly broker: Broker;
}

function setupCrowd(actors: number, mapped = false): Crowd {
  const system = new ActorSystem();
  const shared = tally();
  const broker = brokerOf(system);
  const groups = groupsOf(system);
  const refs: ActorRef<Inc>[] = [];
  for (let i = 0; i < actors; i++) {
    const ref = system.spawn(counter, { args: shared });
    if (mapped) {
      broker.subscribe(ticks, ref, (m): Inc => ({ type: "inc", by: m.by }));
    } else broker.subscribe(ticks, ref);
    groups.join(workers, ref);
    refs.push(ref);
  }
  return { system, refs, shared, broker };
}

/** K rounds of one fresh message told to every counter in a loop. */
async function tellLoop(s: Crowd, rounds: number): Promise<void> {
  const refs = s.refs;
  const done = expect(s.shared, refs.length * rounds);
  for (let r = 0; r < rounds; r++) {
    const message = inc();
    for (let i = 0; i < refs.length; i++) refs[i].tell(message);
  }
  await done;
}

/** K publishes of one fresh message each. */
async function publish(s: Crowd, rounds: number): Promise<void> {
  const done = expect(s.shared, s.refs.length * rounds);
  const broker = s.broker;
  for (let r = 0; r < rounds; r++) broker.publish(ticks, inc());
  await done;
}

/** N x K fresh messages, each told directly to the next counter in turn. */
async function tellEach(s: Crowd, rounds: number): Promise<void> {
  const refs = s.refs;
  const done = expect(s.shared, refs.length * rounds);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < refs.length; i++) refs[i].tell(inc());
  }
  await done;
}

/** N x K fresh messages through a router. */
async function route(
  s: Crowd & { readonly router: ActorRef<Inc> },
  rounds: number,
): Promise<void> {
  const total = s.refs.length * rounds;
  const done = expect(s.shared, total);
  const router = s.router;
  for (let i = 0; i < total; i++) router.tell(inc());
  await done;
}

/**
 * The sizes of the pubsub group.
 *
 * @param profile The run's size.
 * @returns Subscribers (and members) and rounds.
 */
export function pubsubSizes(profile: Profile): {
  subscribers: number;
  rounds: number;
} {
  return {
    subscribers: sized(profile, 1_000, 200, 5),
    rounds: sized(profile, 100, 20, 2),
  };
}

/**
 * Registers the pubsub group.
 *
 * @param add Collects the cases.
 * @param profile The run's size.
 */
export function register(add: AddCase, profile: Profile): void {
  const { subscribers: n, rounds: k } = pubsubSizes(profile);
  const ops = n * k;
  const common = { group: "pubsub", ops, unit: "msg", teardown: shutdown };
  add({
    ...common,
    id: "pubsub/tell-loop",
    name: `loop of tell to ${n} actors, ${k} rounds (baseline)`,
    role: "baseline",
    setup: () => setupCrowd(n),
    body: (s) => tellLoop(s, k),
  });
  add({
    ...common,
    id: "pubsub/publish",
    name: `publish to ${n} subscribers, ${k} times`,
    role: "subject",
    baseline: "pubsub/tell-loop",
    setup: () => setupCrowd(n),
    body: (s) => publish(s, k),
  });
  add({
    ...common,
    id: "pubsub/tell-each",
    name: `tell ${n} actors in turn, fresh message each (baseline)`,
    role: "baseline",
    setup: () => setupCrowd(n),
    body: (s) => tellEach(s, k),
  });
  add({
    ...common,
    id: "pubsub/publish-mapped",
    name: `publish to ${n} subscribers through a mapper (fresh message each)`,
    role: "subject",
    baseline: "pubsub/tell-each",
    setup: () => setupCrowd(n, true),
    body: (s) => publish(s, k),
  });
  add({
    ...common,
    id: "pubsub/router-round-robin",
    name: `round-robin router over ${n} members`,
    role: "subject",
    baseline: "pubsub/tell-each",
    setup: () => {
      const s = setupCrowd(n);
      return { ...s, router: groupRouter(groupsOf(s.system), workers) };
    },
    body: (s) => route(s, k),
  });
  add({
    ...common,
    id: "pubsub/router-consistent-hash",
    name: `consistent-hash router over ${n} members`,
    role: "subject",
    baseline: "pubsub/tell-each",
    setup: () => {
      const s = setupCrowd(n);
      let key = 0;
      const router = groupRouter(groupsOf(s.system), workers, {
        strategy: "consistent-hash",
        hashKey: () => key++,
      });
      return { ...s, router };
    },
    body: (s) => route(s, k),
  });
}
