// The worker of the OTP supervisor_SUITE ports: supervisor_1 and
// supervisor_deadlock rolled into one. A child's behaviour is driven by a
// shared control object, so a test can make starts fail, hang or ignore.

import {
  type ActorRef,
  type ActorSystem,
  type AnyActorRef,
  countChildren,
  defineActor,
  ignore,
  whichChildren,
} from "../../mod.ts";

/** What a test controls and observes. */
export interface Control {
  /** Every start and stop, as "start id" / "stop id reason". */
  readonly log: string[];
  /** Ids whose next starts throw (`init` error). */
  readonly failStart: Set<string>;
  /** Ids whose next n starts throw. */
  readonly failNext: Map<string, number>;
  /** Ids whose next starts decline with ignore(). */
  readonly ignoreStart: Set<string>;
  /** Ids whose starts succeed once, then throw (supervisor_1's `error`). */
  readonly errorAfterFirst: Set<string>;
  /** Ids whose `stopped` never settles (a child that hangs on shutdown). */
  readonly hangOnStop: Set<string>;
  /** How often each id has started. */
  readonly starts: Map<string, number>;
}

/** A fresh control object. */
export function control(): Control {
  return {
    log: [],
    failStart: new Set(),
    failNext: new Map(),
    ignoreStart: new Set(),
    errorAfterFirst: new Set(),
    hangOnStop: new Set(),
    starts: new Map(),
  };
}

/** The child's arguments. */
export interface ChildArgs {
  readonly id: string;
  readonly ctl: Control;
}

/** The messages: `die` fails it, `stop` stops it normally (ctx.stop()). */
export type ChildMsg = "die" | "stop";

/** The worker (OTP's supervisor_1:start_child). */
export const otpChild = defineActor({
  kind: "otp-child",
  init(args: ChildArgs) {
    const { id, ctl } = args;
    const n = (ctl.starts.get(id) ?? 0) + 1;
    ctl.starts.set(id, n);
    if (ctl.ignoreStart.has(id)) {
      ctl.log.push(`ignore ${id}`);
      return ignore();
    }
    const next = ctl.failNext.get(id) ?? 0;
    if (next > 0) ctl.failNext.set(id, next - 1);
    if (
      next > 0 || ctl.failStart.has(id) ||
      (ctl.errorAfterFirst.has(id) && n > 1)
    ) {
      ctl.log.push(`fail ${id}`);
      throw new Error(`${id} cannot start`);
    }
    ctl.log.push(`start ${id}`);
    return args;
  },
  receive(state: ChildArgs, msg: ChildMsg, ctx) {
    if (msg === "die") throw new Error(`${state.id} died`);
    ctx.stop();
  },
  stopped(state: ChildArgs, reason) {
    state.ctl.log.push(`stop ${state.id} ${reason}`);
    if (state.ctl.hangOnStop.has(state.id)) return new Promise(() => {});
  },
});

/** A child spec for `id` (permanent unless `restart` says otherwise). */
export function spec(
  ctl: Control,
  id: string,
  options: {
    restart?: "permanent" | "transient" | "temporary";
    shutdown?: number | "brutal" | "infinity";
    significant?: boolean;
  } = {},
) {
  return { id, start: otpChild, args: { id, ctl }, ...options };
}

/** OTP's get_child_counts: [specs, active, supervisors, workers]. */
export function counts(sup: AnyActorRef): number[] {
  const c = countChildren(sup);
  return [c.specs, c.active, c.supervisors, c.workers];
}

/** which_children as [id, status] pairs, newest first. */
export function which(sup: AnyActorRef): [string, string][] {
  return whichChildren(sup).map((c) => [c.id, c.status]);
}

/** The ref of a child by path. */
export function at(system: ActorSystem, path: string): ActorRef<ChildMsg> {
  const ref = system.lookup<ChildMsg>(path);
  if (ref === undefined) throw new Error(`No actor at ${path}`);
  return ref;
}
