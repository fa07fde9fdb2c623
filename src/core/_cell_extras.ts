/**
 * The rarely used part of an actor cell, allocated on first need, so an idle
 * actor costs a few small objects (the memory target is 300 bytes).
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import type { Terminated } from "./actor_context.ts";
import type { StopReason } from "./events.ts";
import type { RestartWindow } from "./supervision.ts";
import type { PendingAsk } from "./_pending_ask.ts";
import type { SupervisorHooks } from "./_supervisor_hooks.ts";
import type { Membership } from "./_pubsub.ts";

/** Supervision bookkeeping of a child, for its parent's hooks and inspection. */
export interface SupervisionRecord {
  /** The default hooks' per-child restart window. */
  window: RestartWindow | null;
  /** Consecutive restarts counted for backoff. */
  backoffAttempt: number;
  /** Times of the most recent restarts (the last 10). */
  readonly restartTimes: number[];
  /** The last failure. */
  lastError: unknown;
  /** Failures so far. */
  failures: number;
}

/** Everything a cell needs only sometimes. Fields start empty. */
export class CellExtras {
  /** A supervisor's hooks (others use the default ones). */
  hooks: SupervisorHooks | null = null;
  /** The first child in start order (children are a linked list). */
  firstChild: ActorCell | null = null;
  /** The last child in start order. */
  lastChild: ActorCell | null = null;
  /** How many children are linked. */
  childCount = 0;
  /** The children spawned with a name, by name. */
  named: Map<string, ActorCell> | null = null;
  /** The counter behind generated child names. */
  nextChildId = 0;
  /** Names registered system-wide for this cell. */
  registered: string[] | null = null;
  /** The async handler or `init` in flight. */
  inflight: Promise<void> | null = null;
  /** Stops counting `inflight` as scheduler work. */
  inflightRelease: (() => void) | null = null;
  /** The tail of the chain of lifecycle steps. */
  ops: Promise<void> | null = null;
  /** Whether the chain counts as scheduler work now. */
  opsEntered = false;
  /** Resolves the stop promise. */
  stopResolve: (() => void) | null = null;
  /** What `stop()` returns while a stop is under way. */
  stopPromise: Promise<void> | null = null;
  /**
   * A stop requested of an idle actor with no signal waiting, carried out
   * at the start of its next turn (saves it a mailbox and a signal lane).
   */
  queuedStop: StopReason | null = null;
  /** The error of {@linkcode CellExtras.queuedStop}. */
  queuedStopError: unknown = undefined;
  /**
   * The shutdown bound of a stop that had nothing to wait for when asked,
   * armed if it turns out to wait (`Infinity`: none).
   */
  stopBound = Infinity;
  /** Resolves `whenStarted`. */
  started: PromiseWithResolvers<void> | null = null;
  /** Ends a backoff wait early. */
  wakeBackoff: (() => void) | null = null;
  /** Who watches this cell, with how to tell them. */
  watchers: Map<ActorCell, (notice: Terminated) => unknown> | null = null;
  /** Whom this cell watches. */
  watching: Set<ActorCell> | null = null;
  /** Asks delivered and not answered yet. */
  asks: Set<PendingAsk> | null = null;
  /** Failures and restarts. */
  record: SupervisionRecord | null = null;
  /** How many times the actor has been restarted. */
  restarts = 0;
  /** Why the cell stopped. */
  stopReason: StopReason | undefined = undefined;
  /** Topics, groups and monitors the actor takes part in (left at stop). */
  memberships: Set<Membership> | null = null;

  /**
   * Whether every field still holds its initial value, so that the cell
   * can let this object go (an actor whose async handler has settled needs
   * none). A field added above must be added here too: the test
   * `cell_extras_test.ts` changes each field in turn and checks.
   */
  isBare(): boolean {
    return this.hooks === null && this.firstChild === null &&
      this.lastChild === null && this.childCount === 0 &&
      this.named === null && this.nextChildId === 0 &&
      this.registered === null && this.inflight === null &&
      this.inflightRelease === null && this.ops === null &&
      this.opsEntered === false && this.stopResolve === null &&
      this.stopPromise === null && this.queuedStop === null &&
      this.queuedStopError === undefined && this.stopBound === Infinity &&
      this.started === null && this.wakeBackoff === null &&
      this.watchers === null && this.watching === null &&
      this.asks === null && this.record === null && this.restarts === 0 &&
      this.stopReason === undefined && this.memberships === null;
  }
}
