/**
 * What the dashboard costs the message loop. One actor handles a flood of
 * 20,000 messages (all told, then awaited) in a system that also holds 1,000
 * idle actors, in three set-ups: a bare system; the same with a control plane
 * attached and nobody watching; and with the plane's sampler running at 100
 * samples a second (a hundred times its default rate, to magnify its cost).
 * Rounds interleave the three set-ups; the report prints each one's median
 * time per message and its ratio to the bare system. The sampler's own cost
 * is then measured directly: the median time of one sample over 1,000 and
 * 10,000 actors (it runs once a second while someone watches).
 *
 * ```sh
 * deno run -A bench/observer_bench.ts --rounds 5
 * bun bench/observer_bench.ts --rounds 5
 * ```
 *
 * @module
 */

import { measure } from "mitata";
import { ActorSystem, defineActor } from "../mod.ts";
import { Catalog, createControlPlane } from "../http.ts";
import { Counters } from "../src/http/counters.ts";
import { Observer } from "../src/http/observer.ts";

const FLOOD = 20_000;
const IDLE = 1_000;

interface Setup {
  readonly name: string;
  readonly system: ActorSystem;
  flood(): Promise<void>;
}

function build(name: string, plane: "none" | "idle" | "sampling"): Setup {
  const system = new ActorSystem({ name });
  let done: () => void = () => {};
  let left = 0;
  const counter = defineActor({
    kind: "flood",
    init: () => 0,
    receive(n: number, _msg: "inc") {
      if (--left === 0) done();
      return n + 1;
    },
  });
  const idle = defineActor({
    kind: "idle",
    init: () => 0,
    receive: (n: number, _msg: "x") => n,
  });
  for (let i = 0; i < IDLE; i++) system.spawn(idle, { name: `idle-${i}` });
  const ref = system.spawn(counter, { name: "flood" });
  if (plane !== "none") {
    const app = createControlPlane({
      system,
      catalog: new Catalog(),
      token: "bench",
      observer: { intervalMs: 10 },
    });
    if (plane === "sampling") {
      app.request("/v1/observer/overview", {
        headers: { authorization: "Bearer bench" },
      });
    }
  }
  return {
    name,
    system,
    flood() {
      left = FLOOD;
      const finished = new Promise<void>((resolve) => (done = resolve));
      for (let i = 0; i < FLOOD; i++) ref.tell("inc");
      return finished;
    },
  };
}

function rounds(): number {
  const args = (globalThis as { Deno?: { args: string[] } }).Deno?.args ??
    (globalThis as { process?: { argv: string[] } }).process?.argv.slice(2) ??
    [];
  const at = args.indexOf("--rounds");
  return at >= 0 ? Math.max(1, Number(args[at + 1]) || 1) : 3;
}

const setups = [
  build("bare system", "none"),
  build("control plane, nobody watching", "idle"),
  build("control plane, sampler at 100/s", "sampling"),
];
const medians = new Map<string, number[]>(setups.map((s) => [s.name, []]));
for (let round = 0; round < rounds(); round++) {
  for (const setup of setups) {
    const stats = await measure(() => setup.flood(), {
      min_cpu_time: 300e6,
      max_samples: 200,
    });
    medians.get(setup.name)!.push(stats.p50 / FLOOD);
  }
}
const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = median(medians.get(setups[0].name)!);
for (const setup of setups) {
  const ns = median(medians.get(setup.name)!);
  console.log(
    `${setup.name.padEnd(34)} ${ns.toFixed(1).padStart(7)} ns/message  x${
      (ns / bare).toFixed(3)
    }`,
  );
}
for (const setup of setups) await setup.system.shutdown();

for (const actors of [1_000, 10_000, 100_000]) {
  const system = new ActorSystem({ name: `sampled-${actors}` });
  const idle = defineActor({
    kind: "idle",
    init: () => 0,
    receive: (n: number, _msg: "x") => n,
  });
  for (let i = 0; i < actors; i++) system.spawn(idle, { name: `a${i}` });
  const observer = new Observer(system, new Counters(system));
  let now = 0;
  const stats = await measure(() => observer.sample(now += 1000), {
    min_cpu_time: 300e6,
  });
  console.log(
    `one sample over ${String(actors).padStart(6)} actors   ${
      (stats.p50 / 1e6).toFixed(2).padStart(7)
    } ms (once a second while watched)`,
  );
  await system.shutdown();
}
