/**
 * What every cell of one system shares: its scheduler, clock, events, ask
 * timeouts and name registry. One per system, so systems never interfere.
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import type { ActorSystem } from "./actor_system.ts";
import type { Clock } from "./clock.ts";
import type { DeadLetterReason, EventStream } from "./events.ts";
import type { Scheduler } from "./scheduler.ts";
import type { AskTimeouts } from "./_ask_timeouts.ts";
import type { Deadlines } from "./_deadlines.ts";
import type { Behavior } from "./_behavior.ts";
import type { Context } from "./_context.ts";

/** The shared services of one system. */
export interface Runtime {
  readonly system: ActorSystem;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly events: EventStream;
  readonly asks: AskTimeouts;
  /** Shutdown bounds, one timer per distinct duration. */
  readonly deadlines: Deadlines;
  /** The normalised definitions, one per definition. */
  readonly behaviors: WeakMap<object, Behavior>;
  /** System-wide registered names. */
  readonly names: Map<string, ActorCell>;
  /** The paths of actors with children, once built (`_cell_path.ts`). */
  readonly paths: WeakMap<ActorCell, string>;
  /** Counts and publishes a dead letter. */
  deadLetter(
    path: string,
    message: unknown,
    reason: DeadLetterReason,
    error?: unknown,
  ): void;
  /** Makes the context of a new incarnation of `cell`. */
  newContext(cell: ActorCell): Context;
  /** Reacts to a failure that reached the root guardian. */
  rootFailed(error: unknown): void;
}
