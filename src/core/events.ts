/**
 * The system event stream: typed lifecycle events and dead letters.
 *
 * Follows Akka's `EventStream` and OTP's supervisor reports (`progress`,
 * `child_terminated`, `shutdown`). It costs nothing when nobody listens: the
 * runtime checks {@linkcode EventStream.active} before building an event.
 *
 * @module
 */

/**
 * Why an actor stopped: `normal` (it or someone stopped it), `shutdown` (its
 * parent or the system stopped it), `killed` (its cleanup overran its shutdown
 * time), `failed` (it failed and was not restarted).
 */
export type StopReason = "normal" | "shutdown" | "killed" | "failed";

/**
 * Why a message became a dead letter: its target had `stopped`, the bounded
 * mailbox was `full` (or dropped it), its handler `failed` on it, the
 * supervisor `resumed` past it, or its restart `dropped` queued mail; or a
 * group router had no member to route it to (`unroutable`).
 */
export type DeadLetterReason =
  | "stopped"
  | "full"
  | "failed"
  | "dropped"
  | "unroutable";

/** Fields common to every event. */
export interface EventBase {
  /** A number that increases by one with each event of the system. */
  readonly seq: number;
  /** The system clock's time of the event, in milliseconds. */
  readonly time: number;
  /** The path of the actor concerned. */
  readonly path: string;
}

/** An actor cell was created. */
export interface SpawnedEvent extends EventBase {
  /** The event type. */
  readonly type: "spawned";
  /** The definition's kind, if it has one. */
  readonly kind: string | undefined;
}

/** An actor's `init` completed. */
export interface StartedEvent extends EventBase {
  /** The event type. */
  readonly type: "started";
  /** How many times the actor has restarted so far. */
  readonly restarts: number;
}

/** An actor's handler or `init` threw or rejected. */
export interface FailedEvent extends EventBase {
  /** The event type. */
  readonly type: "failed";
  /** The thrown value. */
  readonly error: unknown;
  /**
   * `"stopped"` when the actor's `stopped` hook threw while it stopped or
   * restarted: reported, but not a failure of the actor (no supervision
   * decision, no count toward restart intensity). Absent otherwise.
   */
  readonly hook?: "stopped";
  /** With `hook`: why the actor was stopping. */
  readonly reason?: StopReason;
}

/** An actor was restarted with fresh state. */
export interface RestartedEvent extends EventBase {
  /** The event type. */
  readonly type: "restarted";
  /** The restart count after this restart. */
  readonly restarts: number;
}

/** A supervisor decided to wait before restarting a child. */
export interface BackingOffEvent extends EventBase {
  /** The event type. */
  readonly type: "backing-off";
  /** The delay before the restart, in milliseconds. */
  readonly delayMs: number;
}

/** A failed actor was resumed with its state kept. */
export interface ResumedEvent extends EventBase {
  /** The event type. */
  readonly type: "resumed";
}

/** An actor stopped for good. */
export interface StoppedEvent extends EventBase {
  /** The event type. */
  readonly type: "stopped";
  /** Why it stopped. */
  readonly reason: StopReason;
  /** The failure that stopped it, when `reason` is `failed`. */
  readonly error?: unknown;
}

/** A supervisor gave up and passed a failure to its own parent. */
export interface EscalatedEvent extends EventBase {
  /** The event type. */
  readonly type: "escalated";
  /** The failure passed up. */
  readonly error: unknown;
}

/** A message could not be delivered or handled. */
export interface DeadLetterEvent extends EventBase {
  /** The event type. */
  readonly type: "dead-letter";
  /** The undelivered message. */
  readonly message: unknown;
  /** Why it was not delivered. */
  readonly reason: DeadLetterReason;
  /** The handler's error, when `reason` is `failed`. */
  readonly error?: unknown;
}

/** The system began shutting down. */
export interface SystemShutdownEvent extends EventBase {
  /** The event type. */
  readonly type: "system-shutdown";
  /** Why: `requested` by a call, or `escalation` reached the root guardian. */
  readonly cause: "requested" | "escalation";
  /** The escalated failure, when `cause` is `escalation`. */
  readonly error?: unknown;
}

/** Every event published on the system event stream. */
export type ActorEvent =
  | SpawnedEvent
  | StartedEvent
  | FailedEvent
  | RestartedEvent
  | BackingOffEvent
  | ResumedEvent
  | StoppedEvent
  | EscalatedEvent
  | DeadLetterEvent
  | SystemShutdownEvent;

/** The fields of an event before the stream stamps it. */
export type EventInput = ActorEvent extends infer E
  ? E extends ActorEvent ? Omit<E, "seq" | "time"> : never
  : never;

/** A function called with each published event. */
export type EventListener = (event: ActorEvent) => void;

/**
 * A synchronous publish/subscribe stream of {@linkcode ActorEvent}s.
 *
 * A listener that throws is reported with `console.error` and keeps its
 * subscription; it never disturbs the actor that caused the event.
 *
 * @example Count restarts
 * ```ts
 * import { EventStream } from "@understudy/runtime";
 * const events = new EventStream(() => 0);
 * let restarts = 0;
 * const off = events.subscribe((e) => { if (e.type === "restarted") restarts++; });
 * events.publish({ type: "restarted", path: "/a", restarts: 1 });
 * off();
 * console.assert(restarts === 1);
 * ```
 */
export class EventStream {
  #listeners: EventListener[] = [];
  #seq = 0;
  readonly #now: () => number;

  /**
   * Creates the instance.
   *
   * @param now The time source used to stamp events.
   */
  constructor(now: () => number) {
    this.#now = now;
  }

  /** Whether anyone listens; publishers skip building events when not. */
  get active(): boolean {
    return this.#listeners.length > 0;
  }

  /** The sequence number of the last event published (0 before any). */
  get lastSeq(): number {
    return this.#seq;
  }

  /**
   * Calls `listener` with every event from now on.
   *
   * @param listener The function to call.
   * @returns A function that ends the subscription.
   */
  subscribe(listener: EventListener): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  /**
   * Stamps an event with a sequence number and time and delivers it.
   *
   * @param input The event without `seq` and `time`.
   */
  publish(input: EventInput): void {
    const listeners = this.#listeners;
    if (listeners.length === 0) return;
    const event = {
      ...input,
      seq: ++this.#seq,
      time: this.#now(),
    } as ActorEvent;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error("understudy: an event listener threw", error);
      }
    }
  }
}
