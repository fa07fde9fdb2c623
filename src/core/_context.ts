/**
 * The context of one incarnation of an actor. Ending it (at stop or restart)
 * aborts its signal and cancels its timers.
 *
 * @module
 */

import { ActorCell, NO_SPAWN_OPTIONS } from "./actor_cell.ts";
import { childNamed } from "./_cell_children.ts";
import { spawnChild } from "./_cell_spawn.ts";
import { stopChild } from "./_cell_stop.ts";
import { unwatchCell, watchCell } from "./_cell_watch.ts";
import { failCell } from "./_cell_failure.ts";
import type {
  ActorContext,
  AnyActorRef,
  Cancellable,
  SpawnArgs,
  Terminated,
} from "./actor_context.ts";
import type { ActorDefinition } from "./actor_definition.ts";
import type { ActorRef } from "./actor_ref.ts";
import type { ActorSystem } from "./actor_system.ts";
import type { TimerHandle } from "./clock.ts";
import { ActorStoppedError } from "./errors.ts";
import { brokerFor } from "./_broker_for.ts";
import {
  FOREIGN_WATCH,
  foreignOf,
  type ForeignWatchable,
} from "./foreign_ref.ts";
import type { Topic } from "./topic.ts";

/** The cell behind a ref, or a `TypeError` naming what was expected. */
export function cellOf(ref: unknown, what: string): ActorCell {
  const cell = ActorCell.of(ref);
  if (cell === undefined) {
    throw new TypeError(`Cannot ${what}: not an actor ref of this runtime`);
  }
  return cell;
}

function checkDelay(ms: number, what: string): void {
  if (typeof ms !== "number") {
    throw new TypeError(
      `Cannot ${what}: delay must be a number of milliseconds, got ${typeof ms}`,
    );
  }
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(
      `Cannot ${what}: delay must be a non-negative finite number, got "${ms}"`,
    );
  }
}

/** What a context allocates only when used. */
interface Lazy {
  ended: boolean;
  controller: AbortController | null;
  timers: Set<TimerHandle> | null;
}

/** The record of every context that ended before anything was used. */
const ENDED: Lazy = { ended: true, controller: null, timers: null };

/** One incarnation's context: two fields until a signal or timer is used. */
export class Context implements ActorContext<unknown> {
  readonly #cell: ActorCell;
  #lazy: Lazy | null = null;

  constructor(cell: ActorCell) {
    this.#cell = cell;
  }

  #used(): Lazy {
    const lazy = this.#lazy;
    if (lazy === null) {
      return this.#lazy = { ended: false, controller: null, timers: null };
    }
    // An incarnation ended unused shares one record until something is used.
    if (lazy === ENDED) {
      return this.#lazy = { ended: true, controller: null, timers: null };
    }
    return lazy;
  }

  get self(): ActorRef<unknown> {
    return this.#cell.ref;
  }

  get parent(): AnyActorRef | undefined {
    const parent = this.#cell.parent;
    return parent === null || parent.parent === null
      ? undefined
      : parent.ref as AnyActorRef;
  }

  get system(): ActorSystem {
    return this.#cell.runtime.system;
  }

  get path(): string {
    return this.#cell.path;
  }

  get signal(): AbortSignal {
    const lazy = this.#used();
    if (lazy.controller === null) {
      lazy.controller = new AbortController();
      if (lazy.ended) lazy.controller.abort(this.#reason());
    }
    return lazy.controller.signal;
  }

  get restarts(): number {
    return this.#cell.restarts;
  }

  get children(): readonly AnyActorRef[] {
    return this.#cell.children.map((child) => child.ref as AnyActorRef);
  }

  spawn<M, S, A>(
    definition: ActorDefinition<M, S, A>,
    ...[options]: SpawnArgs<A>
  ): ActorRef<M> {
    return spawnChild(
      this.#cell,
      definition,
      options ?? NO_SPAWN_OPTIONS,
    ) as ActorRef<M>;
  }

  child(name: string): AnyActorRef | undefined {
    return childNamed(this.#cell, name) as AnyActorRef | undefined;
  }

  stop(child?: AnyActorRef): Promise<void> {
    if (child === undefined) {
      // Takes effect after the current message; resolving now means a
      // handler may await it without waiting for itself.
      void stopChild(this.#cell, "normal");
      return Promise.resolve();
    }
    const cell = cellOf(child, "stop child");
    if (cell.parent !== this.#cell) {
      throw new TypeError(
        `Cannot stop "${cell.path}" from "${this.#cell.path}": not a child`,
      );
    }
    return stopChild(cell, "shutdown");
  }

  watch<T>(ref: ActorRef<T>, toMessage: (notice: Terminated) => unknown): void {
    if (typeof toMessage !== "function") {
      throw new TypeError("Cannot watch: toMessage must be a function");
    }
    const foreign = ActorCell.of(ref) === undefined
      ? foreignOf(ref)
      : undefined;
    if (foreign !== undefined) {
      return watchForeign(this.#cell, foreign, toMessage);
    }
    watchCell(cellOf(ref, "watch"), this.#cell, toMessage);
  }

  unwatch<T>(ref: ActorRef<T>): void {
    const foreign = ActorCell.of(ref) === undefined
      ? foreignOf(ref)
      : undefined;
    if (foreign !== undefined) return watchForeign(this.#cell, foreign, null);
    unwatchCell(cellOf(ref, "unwatch"), this.#cell);
  }

  sendAfter(message: unknown, ms: number): Cancellable {
    checkDelay(ms, "schedule message");
    return this.#schedule(message, ms, false);
  }

  sendInterval(message: unknown, ms: number): Cancellable {
    checkDelay(ms, "schedule message");
    if (ms === 0) {
      throw new RangeError(
        "Cannot schedule message: interval must be positive",
      );
    }
    return this.#schedule(message, ms, true);
  }

  subscribe<T>(topic: Topic<T>, toMessage?: (message: T) => unknown): void {
    const cell = this.#cell;
    brokerFor(cell).subscribe(topic, cell as ActorRef<never>, toMessage);
  }

  unsubscribe<T>(topic: Topic<T>): boolean {
    const cell = this.#cell;
    return brokerFor(cell).unsubscribe(topic, cell as ActorRef<never>);
  }

  publish<T>(topic: Topic<T>, message: NoInfer<T>): number {
    return brokerFor(this.#cell).publish(topic, message);
  }

  /** Aborts the signal and cancels every timer; idempotent. */
  end(): void {
    const lazy = this.#lazy;
    if (lazy === null) {
      this.#lazy = ENDED;
      return;
    }
    if (lazy.ended) return;
    lazy.ended = true;
    lazy.controller?.abort(this.#reason());
    const timers = lazy.timers;
    if (timers !== null) {
      const clock = this.#cell.runtime.clock;
      for (const timer of timers) clock.clearTimeout(timer);
      lazy.timers = null;
    }
  }

  #reason(): ActorStoppedError {
    return new ActorStoppedError(
      this.#cell.path,
      `Actor "${this.#cell.path}" is ${this.#cell.status}`,
    );
  }

  #schedule(message: unknown, ms: number, repeat: boolean): Cancellable {
    const lazy = this.#used();
    if (lazy.ended) return { cancel() {} };
    const clock = this.#cell.runtime.clock;
    const timers = lazy.timers ??= new Set();
    let handle: TimerHandle;
    const fire = () => {
      timers.delete(handle);
      if (lazy.ended) return;
      this.#cell.tell(message);
      if (repeat && !lazy.ended) {
        handle = clock.setTimeout(fire, ms);
        timers.add(handle);
      }
    };
    handle = clock.setTimeout(fire, ms);
    timers.add(handle);
    return {
      cancel: () => {
        if (timers.delete(handle)) clock.clearTimeout(handle);
      },
    };
  }
}

/** Starts or cancels a watch on a foreign (remote) ref. */
function watchForeign(
  cell: ActorCell,
  foreign: ForeignWatchable,
  toMessage: ((notice: Terminated) => unknown) | null,
): void {
  foreign[FOREIGN_WATCH](
    cell.ref as AnyActorRef,
    toMessage === null ? null : (notice) => {
      try {
        cell.tell(toMessage(notice));
      } catch (cause) {
        failCell(cell, cause);
      }
    },
  );
}
