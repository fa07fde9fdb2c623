/**
 * Savina's chameneos, in understudy and on the floor runtime: C chameneos
 * meet M times through a mall, changing colour; each meeting is four
 * messages. Registered by `savina_bench.ts`.
 *
 * @module
 */

import {
  type ActorContext,
  type ActorRef,
  type ActorSystem,
  defineActor,
} from "../mod.ts";
import { type FloorActor, FloorSystem } from "./_baselines.ts";
import { arm, check, type Latch } from "./_harness.ts";

/** Chameneos colours; `faded` after the mall closes. */
type Colour = 0 | 1 | 2 | 3;
const FADED: Colour = 3;

/** The colour two chameneos take when they meet. */
export function complement(a: Colour, b: Colour): Colour {
  return a === b ? a : (3 - a - b) as Colour;
}

type MallMsg<R> =
  | { readonly type: "meet"; readonly colour: Colour; readonly from: R }
  | { readonly type: "count"; readonly meetings: number };
type ChameneoMsg<R> =
  | { readonly type: "start" }
  | { readonly type: "meet"; readonly colour: Colour; readonly from: R }
  | { readonly type: "change"; readonly colour: Colour }
  | { readonly type: "exit" };

/** What the mall knows. */
interface Mall<R> extends Latch {
  meetings: number;
  waiting: { colour: Colour; from: R } | null;
  faded: number;
  total: number;
  readonly chameneos: number;
}

type Ref = ActorRef<ChameneoMsg<unknown>>;

function mallState<R>(
  meetings: number,
  chameneos: number,
  latch: Latch,
): Mall<R> {
  return {
    meetings,
    waiting: null,
    faded: 0,
    total: 0,
    chameneos,
    resolve: () => latch.resolve(),
  };
}

/**
 * The mall's reaction to one message, shared by both runtimes.
 *
 * @param mall The mall's state.
 * @param message The message.
 * @param send How to send to a chameneo.
 */
function mallReceive<R>(
  mall: Mall<R>,
  message: MallMsg<R>,
  send: (to: R, message: ChameneoMsg<R>) => void,
): void {
  if (message.type === "count") {
    mall.total += message.meetings;
    if (++mall.faded === mall.chameneos) mall.resolve();
  } else if (mall.meetings === 0) {
    send(message.from, { type: "exit" });
  } else if (mall.waiting === null) {
    mall.waiting = message;
  } else {
    mall.meetings--;
    send(mall.waiting.from, {
      type: "meet",
      colour: message.colour,
      from: message.from,
    });
    mall.waiting = null;
  }
}

interface Chameneo {
  colour: Colour;
  meetings: number;
  readonly mall: ActorRef<MallMsg<Ref>>;
}

const chameneo = defineActor({
  kind: "savina-chameneo",
  init: (
    start: { colour: Colour; mall: ActorRef<MallMsg<Ref>> },
  ): Chameneo => ({
    colour: start.colour,
    meetings: 0,
    mall: start.mall,
  }),
  receive(
    self: Chameneo,
    message: ChameneoMsg<Ref>,
    ctx: ActorContext<ChameneoMsg<Ref>>,
  ) {
    if (message.type === "meet") {
      self.colour = complement(self.colour, message.colour);
      self.meetings++;
      message.from.tell({ type: "change", colour: self.colour });
    } else if (message.type === "change") {
      self.colour = message.colour;
      self.meetings++;
    } else if (message.type === "exit") {
      self.colour = FADED;
      self.mall.tell({ type: "count", meetings: self.meetings });
      return;
    }
    self.mall.tell({
      type: "meet",
      colour: self.colour,
      from: ctx.self as Ref,
    });
  },
});

const mall = defineActor({
  kind: "savina-mall",
  init: (state: Mall<Ref>) => state,
  receive(state: Mall<Ref>, message: MallMsg<Ref>) {
    mallReceive(state, message, (to, m) => to.tell(m));
  },
});

/** One chameneos game in understudy: spawn, play, stop everyone. */
export async function chameneos(
  system: ActorSystem,
  chameneoCount: number,
  meetings: number,
): Promise<void> {
  const latch: Latch = { resolve: () => {} };
  const done = arm(latch);
  const state = mallState<Ref>(meetings, chameneoCount, latch);
  const mallRef = system.spawn(mall, { args: state });
  const refs: Ref[] = [];
  for (let i = 0; i < chameneoCount; i++) {
    const ref = system.spawn(chameneo, {
      args: { colour: (i % 3) as Colour, mall: mallRef },
    }) as Ref;
    refs.push(ref);
    ref.tell({ type: "start" });
  }
  await done;
  check(state.total === 2 * meetings, "chameneos meetings");
  await Promise.all([mallRef.stop(), ...refs.map((ref) => ref.stop())]);
}

/** The same game on the floor. */
export async function chameneosFloor(
  chameneoCount: number,
  meetings: number,
): Promise<void> {
  const floor = new FloorSystem();
  type FRef = FloorActor<ChameneoMsg<FRefAny>>;
  // deno-lint-ignore no-explicit-any
  type FRefAny = FloorActor<any>;
  const latch: Latch = { resolve: () => {} };
  const done = arm(latch);
  const state = mallState<FRef>(meetings, chameneoCount, latch);
  const mallActor = floor.spawn((message: MallMsg<FRef>) => {
    mallReceive(state, message, (to, m) => to.tell(m));
  });
  for (let i = 0; i < chameneoCount; i++) {
    const self = { colour: (i % 3) as Colour, meetings: 0 };
    const actor: FRef = floor.spawn((message: ChameneoMsg<FRefAny>) => {
      if (message.type === "meet") {
        self.colour = complement(self.colour, message.colour);
        self.meetings++;
        message.from.tell({ type: "change", colour: self.colour });
      } else if (message.type === "change") {
        self.colour = message.colour;
        self.meetings++;
      } else if (message.type === "exit") {
        self.colour = FADED;
        mallActor.tell({ type: "count", meetings: self.meetings });
        actor.stopped = true;
        return;
      }
      mallActor.tell({ type: "meet", colour: self.colour, from: actor });
    });
    actor.tell({ type: "start" });
  }
  await done;
  check(state.total === 2 * meetings, "chameneos meetings");
}
