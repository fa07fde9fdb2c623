/**
 * Publish against a loop of tells, and a round-robin router against direct
 * tells, alternated in one process so that the machine's drift hits both
 * sides alike (the `pubsub` group of `run.ts` measures each case on its own,
 * which a loaded machine turns into noise). Prints the median per-message
 * time of each side over the rounds and the median of the per-round ratios.
 *
 * ```sh
 * deno run -A bench/pubsub_paired.ts            # 1000 subscribers, 30 rounds
 * bun bench/pubsub_paired.ts --subscribers 100 --rounds 50
 * ```
 *
 * @module
 */

import {
  type ActorRef,
  ActorSystem,
  brokerOf,
  defineActor,
  group,
  groupRouter,
  groupsOf,
  topic,
} from "../mod.ts";
import { scriptArgs } from "./_host.ts";

type Inc = { readonly type: "inc"; readonly by: number };

const ticks = topic<Inc>("paired-ticks");
const members = group<Inc>("paired-members");

/** What the counters count into, and whom to tell at the target. */
const tally = { count: 0, target: 0, resolve: () => {} };

const counter = defineActor({
  kind: "paired-counter",
  init: () => null,
  receive(_: null, message: Inc) {
    tally.count += message.by;
    if (tally.count === tally.target) tally.resolve();
  },
});

function expect(target: number): Promise<void> {
  tally.count = 0;
  tally.target = target;
  return new Promise<void>((resolve) => (tally.resolve = resolve));
}

/** Times `send` (synchronous sends) and the drain after it, in ns per message. */
async function timed(messages: number, send: () => void): Promise<number> {
  const done = expect(messages);
  const start = performance.now();
  send();
  await done;
  return (performance.now() - start) * 1e6 / messages;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function option(name: string, fallback: number): number {
  const args = scriptArgs();
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

async function main(): Promise<void> {
  const n = option("--subscribers", 1000);
  const rounds = option("--rounds", 30);
  const k = 100;
  const system = new ActorSystem();
  const broker = brokerOf(system);
  const groups = groupsOf(system);
  const refs: ActorRef<Inc>[] = [];
  for (let i = 0; i < n; i++) {
    const ref = system.spawn(counter);
    broker.subscribe(ticks, ref);
    groups.join(members, ref);
    refs.push(ref);
  }
  const router = groupRouter(groups, members);
  const sides = {
    "loop of tell": () => {
      for (let r = 0; r < k; r++) {
        const message: Inc = { type: "inc", by: 1 };
        for (let i = 0; i < refs.length; i++) refs[i].tell(message);
      }
    },
    "publish": () => {
      for (let r = 0; r < k; r++) broker.publish(ticks, { type: "inc", by: 1 });
    },
    "direct tell in turn": () => {
      for (let r = 0; r < k; r++) {
        for (let i = 0; i < refs.length; i++) {
          refs[i].tell({ type: "inc", by: 1 });
        }
      }
    },
    "round-robin router": () => {
      for (let m = 0; m < k * refs.length; m++) {
        router.tell({ type: "inc", by: 1 });
      }
    },
  };
  const times: Record<string, number[]> = {};
  for (let round = 0; round < rounds + 3; round++) {
    for (const [name, send] of Object.entries(sides)) {
      const ns = await timed(k * n, send);
      if (round >= 3) (times[name] ??= []).push(ns); // 3 warm-up rounds
    }
  }
  await system.shutdown();
  const ratio = (subject: string, base: string) =>
    median(times[subject].map((t, i) => times[base][i] / t));
  const runtime = "Bun" in globalThis ? "bun" : "deno";
  console.log(`${runtime}: ${n} subscribers x ${k} messages, ${rounds} rounds`);
  for (const [name, values] of Object.entries(times)) {
    console.log(`  ${name.padEnd(20)} ${median(values).toFixed(1)} ns/msg`);
  }
  console.log(
    `  publish / loop of tell throughput: ${
      ratio("publish", "loop of tell").toFixed(2)
    }x`,
  );
  console.log(
    `  router / direct tell throughput:   ${
      ratio("round-robin router", "direct tell in turn").toFixed(2)
    }x`,
  );
}

if (import.meta.main) await main();
