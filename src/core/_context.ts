/**
 * The context of one incarnation of an actor. Ending it (at stop or restart)
 * aborts its signal and cancels its timers.
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
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
import { LocalRef } from "./_local_ref.ts";

/** The cell behind a ref, or a `TypeError` naming what was expected. */
export function cellOf(ref: unknown, what: string): ActorCell {
  const cell = LocalRef.cellOf(ref);
  if (cell === undefined) {
    throw new TypeError(`Cannot ${what}: not an actor ref of this runtime`);
  }
  return cell;
}

function checkDelay(ms: number, what: string): void {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
    throw new RangeError(
      `Cannot ${what}: delay must be a non-negative finite number, got "${ms}"`,
    );
  }
}

/** One incarnation's context. */
export class Context implements ActorContext<unknown> {
  readonly #cell: ActorCell;
  #controller: AbortController | null = null;
  #timers: Set<TimerHandle> | null = null;
  #ended = false;

  constructor(cell: ActorCell) {
    this.#cell = cell;
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
    if (this.#controller === null) {
      this.#controller = new AbortController();
      if (this.#ended) this.#controller.abort(this.#reason());
    }
    return this.#controller.signal;
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
    return this.#cell.spawnChild(definition, options ?? {}).ref as ActorRef<M>;
  }

  child(name: string): AnyActorRef | undefined {
    return this.#cell.child(name)?.ref as AnyActorRef | undefined;
  }

  stop(child?: AnyActorRef): Promise<void> {
    if (child === undefined) {
      // Takes effect after the current message; resolving now means a
      // handler may await it without waiting for itself.
      void this.#cell.requestStop("normal");
      return Promise.resolve();
    }
    const cell = cellOf(child, "stop child");
    if (cell.parent !== this.#cell) {
      throw new TypeError(
        `Cannot stop "${cell.path}" from "${this.#cell.path}": not a child`,
      );
    }
    return this.#cell.stopChild(cell, "shutdown");
  }

  watch<T>(ref: ActorRef<T>, toMessage: (notice: Terminated) => unknown): void {
    if (typeof toMessage !== "function") {
      throw new TypeError("Cannot watch: toMessage must be a function");
    }
    cellOf(ref, "watch").addWatcher(this.#cell, toMessage);
  }

  unwatch<T>(ref: ActorRef<T>): void {
    cellOf(ref, "unwatch").removeWatcher(this.#cell);
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

  /** Aborts the signal and cancels every timer; idempotent. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#controller?.abort(this.#reason());
    const timers = this.#timers;
    if (timers !== null) {
      const clock = this.#cell.runtime.clock;
      for (const timer of timers) clock.clearTimeout(timer);
      this.#timers = null;
    }
  }

  #reason(): ActorStoppedError {
    return new ActorStoppedError(
      this.#cell.path,
      `Actor "${this.#cell.path}" is ${this.#cell.status}`,
    );
  }

  #schedule(message: unknown, ms: number, repeat: boolean): Cancellable {
    if (this.#ended) return { cancel() {} };
    const clock = this.#cell.runtime.clock;
    const timers = this.#timers ??= new Set();
    let handle: TimerHandle;
    const fire = () => {
      timers.delete(handle);
      if (this.#ended) return;
      this.#cell.enqueue(message);
      if (repeat && !this.#ended) {
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
