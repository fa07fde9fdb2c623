/**
 * The domain errors of understudy: few, catchable, each carrying its cause and,
 * where there is one, the undelivered message.
 *
 * Follows Akka's `AskTimeoutException` and `ActorInitializationException`;
 * bad arguments throw the built-in `TypeError` / `RangeError` instead.
 *
 * @module
 */

/** Options shared by the domain errors. */
export interface ActorErrorOptions {
  /** The underlying error. */
  readonly cause?: unknown;
  /** The message that could not be delivered or handled, if any. */
  readonly undelivered?: unknown;
}

/**
 * The base class of understudy's domain errors.
 *
 * @example Catch any runtime error
 * ```ts
 * import { ActorError, AskTimeoutError } from "@understudy/runtime";
 * const error = new AskTimeoutError("/a", 10);
 * console.assert(error instanceof ActorError);
 * ```
 */
export class ActorError extends Error {
  /** The path of the actor concerned. */
  readonly path: string;
  /** The message that could not be delivered or handled, if any. */
  readonly undelivered: unknown;

  /**
   * Creates an error about the actor at `path`.
   *
   * @param path The actor's path.
   * @param message The human-readable message.
   * @param options The cause and undelivered message.
   */
  constructor(path: string, message: string, options: ActorErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "ActorError";
    this.path = path;
    this.undelivered = options.undelivered;
  }
}

/**
 * Thrown or rejected when a message reaches an actor that has stopped, or when
 * an actor stops before answering an ask.
 *
 * @example
 * ```ts
 * import { ActorStoppedError } from "@understudy/runtime";
 * const error = new ActorStoppedError("/a", "Cannot ask actor \"/a\": actor is stopped");
 * console.assert(error.name === "ActorStoppedError");
 * ```
 */
export class ActorStoppedError extends ActorError {
  /**
   * Creates the instance.
   *
   * @param path The actor's path.
   * @param message The human-readable message.
   * @param options The cause and undelivered message.
   */
  constructor(path: string, message: string, options?: ActorErrorOptions) {
    super(path, message, options);
    this.name = "ActorStoppedError";
  }
}

/**
 * Rejects an ask whose handler failed, or that was still unanswered when the
 * actor failed and restarted. `cause` is the handler's error.
 *
 * @example
 * ```ts
 * import { ActorFailedError } from "@understudy/runtime";
 * const error = new ActorFailedError("/a", "Actor \"/a\" failed", { cause: new Error("boom") });
 * console.assert((error.cause as Error).message === "boom");
 * ```
 */
export class ActorFailedError extends ActorError {
  /**
   * Creates the instance.
   *
   * @param path The actor's path.
   * @param message The human-readable message.
   * @param options The cause and undelivered message.
   */
  constructor(path: string, message: string, options?: ActorErrorOptions) {
    super(path, message, options);
    this.name = "ActorFailedError";
  }
}

/**
 * Rejects an ask (or is reported for a tell) when a bounded mailbox with the
 * `reject` policy is full.
 *
 * @example
 * ```ts
 * import { MailboxFullError } from "@understudy/runtime";
 * console.assert(new MailboxFullError("/a", "full").name === "MailboxFullError");
 * ```
 */
export class MailboxFullError extends ActorError {
  /**
   * Creates the instance.
   *
   * @param path The actor's path.
   * @param message The human-readable message.
   * @param options The cause and undelivered message.
   */
  constructor(path: string, message: string, options?: ActorErrorOptions) {
    super(path, message, options);
    this.name = "MailboxFullError";
  }
}

/**
 * Rejects an ask that received no reply within its timeout.
 *
 * @example
 * ```ts
 * import { AskTimeoutError } from "@understudy/runtime";
 * const error = new AskTimeoutError("/a", 50);
 * console.assert(error.timeoutMs === 50);
 * ```
 */
export class AskTimeoutError extends ActorError {
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * Creates the instance.
   *
   * @param path The actor's path.
   * @param timeoutMs The timeout that elapsed.
   * @param options The undelivered message.
   */
  constructor(path: string, timeoutMs: number, options?: ActorErrorOptions) {
    super(
      path,
      `Ask to actor "${path}" timed out: no reply within ${timeoutMs} ms`,
      options,
    );
    this.name = "AskTimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Thrown when an actor cannot be spawned (a taken name, a stopped parent, too
 * many children), and reported as the failure when an actor's `init` throws.
 *
 * @example
 * ```ts
 * import { SpawnError } from "@understudy/runtime";
 * console.assert(new SpawnError("/a", "taken").name === "SpawnError");
 * ```
 */
export class SpawnError extends ActorError {
  /**
   * Creates the instance.
   *
   * @param path The actor's path.
   * @param message The human-readable message.
   * @param options The cause.
   */
  constructor(path: string, message: string, options?: ActorErrorOptions) {
    super(path, message, options);
    this.name = "SpawnError";
  }
}

/**
 * The failure a supervisor reports to its own parent when its children
 * exceeded its restart intensity (OTP's `shutdown` with reason
 * `reached_max_restart_intensity`).
 *
 * @example
 * ```ts
 * import { EscalationError } from "@understudy/runtime";
 * console.assert(new EscalationError("/s", "gave up").name === "EscalationError");
 * ```
 */
export class EscalationError extends ActorError {
  /**
   * Creates the instance.
   *
   * @param path The supervisor's path.
   * @param message The human-readable message.
   * @param options The child's last error as the cause.
   */
  constructor(path: string, message: string, options?: ActorErrorOptions) {
    super(path, message, options);
    this.name = "EscalationError";
  }
}

/**
 * The base of the errors the child functions of a supervisor reject with
 * (`startChild`, `terminateChild`, `restartChild`, `deleteChild`): `path` is
 * the supervisor's path, `id` the child's id.
 *
 * @example
 * ```ts
 * import { ChildError, ChildNotFoundError } from "@understudy/runtime";
 * const error = new ChildNotFoundError("/app", "db");
 * console.assert(error instanceof ChildError && error.id === "db");
 * ```
 */
export class ChildError extends ActorError {
  /** The child's id. */
  readonly id: string;

  /**
   * Creates the instance.
   *
   * @param path The supervisor's path.
   * @param id The child's id.
   * @param message The human-readable message.
   * @param options The cause.
   */
  constructor(
    path: string,
    id: string,
    message: string,
    options?: ActorErrorOptions,
  ) {
    super(path, message, options);
    this.name = "ChildError";
    this.id = id;
  }
}

/**
 * A child failed to start: its `init` threw or rejected (OTP's
 * `{error, Reason}` from `start_child`, and `failed_to_start_child` when a
 * supervisor's own start fails because of it). `cause` is what `init` threw;
 * nothing was stored.
 *
 * @example
 * ```ts
 * import { ChildStartError } from "@understudy/runtime";
 * const error = new ChildStartError("/app", "db", new Error("no database"));
 * console.assert((error.cause as Error).message === "no database");
 * ```
 */
export class ChildStartError extends ChildError {
  /**
   * Creates the instance.
   *
   * @param path The supervisor's path.
   * @param id The child's id.
   * @param cause What the child's `init` threw.
   */
  constructor(path: string, id: string, cause: unknown) {
    super(
      path,
      id,
      `Cannot start child "${id}" of supervisor "${path}": ${
        errorMessage(cause)
      }`,
      { cause },
    );
    this.name = "ChildStartError";
  }
}

/**
 * `startChild` with the id of a running child (OTP's `already_started`).
 * `ref` is that child.
 *
 * @example
 * ```ts
 * import { AlreadyStartedError } from "@understudy/runtime";
 * console.assert(new AlreadyStartedError("/app", "db", undefined).name === "AlreadyStartedError");
 * ```
 */
export class AlreadyStartedError extends ChildError {
  /** The running child. */
  readonly ref: unknown;

  /**
   * Creates the instance.
   *
   * @param path The supervisor's path.
   * @param id The child's id.
   * @param ref The running child's ref.
   */
  constructor(path: string, id: string, ref: unknown) {
    super(
      path,
      id,
      `Cannot start child "${id}" of supervisor "${path}": already started`,
    );
    this.name = "AlreadyStartedError";
    this.ref = ref;
  }
}

/**
 * `startChild` with the id of a spec the supervisor keeps for a child that is
 * not running (OTP's `already_present`): use `restartChild`, or
 * `deleteChild` first.
 *
 * @example
 * ```ts
 * import { AlreadyPresentError } from "@understudy/runtime";
 * console.assert(new AlreadyPresentError("/app", "db").name === "AlreadyPresentError");
 * ```
 */
export class AlreadyPresentError extends ChildError {
  /**
   * Creates the instance.
   *
   * @param path The supervisor's path.
   * @param id The child's id.
   */
  constructor(path: string, id: string) {
    super(
      path,
      id,
      `Cannot start child "${id}" of supervisor "${path}": already present`,
    );
    this.name = "AlreadyPresentError";
  }
}

/**
 * `restartChild` or `deleteChild` on a running child (OTP's `running`).
 *
 * @example
 * ```ts
 * import { ChildRunningError } from "@understudy/runtime";
 * console.assert(new ChildRunningError("/app", "db", "delete").name === "ChildRunningError");
 * ```
 */
export class ChildRunningError extends ChildError {
  /**
   * Creates the instance.
   *
   * @param path The supervisor's path.
   * @param id The child's id.
   * @param what The refused operation (`restart`, `delete`).
   */
  constructor(path: string, id: string, what: string) {
    super(
      path,
      id,
      `Cannot ${what} child "${id}" of supervisor "${path}": child is running`,
    );
    this.name = "ChildRunningError";
  }
}

/**
 * `restartChild` or `deleteChild` on a child whose restart is pending (OTP's
 * `restarting`): its restart failed and will be tried again, or it waits in
 * backoff.
 *
 * @example
 * ```ts
 * import { ChildRestartingError } from "@understudy/runtime";
 * console.assert(new ChildRestartingError("/app", "db", "delete").name === "ChildRestartingError");
 * ```
 */
export class ChildRestartingError extends ChildError {
  /**
   * Creates the instance.
   *
   * @param path The supervisor's path.
   * @param id The child's id.
   * @param what The refused operation (`restart`, `delete`).
   */
  constructor(path: string, id: string, what: string) {
    super(
      path,
      id,
      `Cannot ${what} child "${id}" of supervisor "${path}": child is restarting`,
    );
    this.name = "ChildRestartingError";
  }
}

/**
 * No child with that id (OTP's `not_found`).
 *
 * @example
 * ```ts
 * import { ChildNotFoundError } from "@understudy/runtime";
 * console.assert(new ChildNotFoundError("/app", "db").name === "ChildNotFoundError");
 * ```
 */
export class ChildNotFoundError extends ChildError {
  /**
   * Creates the instance.
   *
   * @param path The supervisor's path.
   * @param id The child's id.
   */
  constructor(path: string, id: string) {
    super(
      path,
      id,
      `Cannot find child "${id}" of supervisor "${path}"`,
    );
    this.name = "ChildNotFoundError";
  }
}

/**
 * A call on a supervisor that has stopped (OTP's `noproc`). An
 * {@linkcode ActorStoppedError}.
 *
 * @example
 * ```ts
 * import { ActorStoppedError, NoProcError } from "@understudy/runtime";
 * console.assert(new NoProcError("/app", "list children") instanceof ActorStoppedError);
 * ```
 */
export class NoProcError extends ActorStoppedError {
  /**
   * Creates the instance.
   *
   * @param path The supervisor's path.
   * @param what The refused operation.
   */
  constructor(path: string, what: string) {
    super(path, `Cannot ${what}: supervisor "${path}" is not running`);
    this.name = "NoProcError";
  }
}

/**
 * Formats any thrown value as a one-line message.
 *
 * @param error The thrown value.
 * @returns Its message.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return typeof error === "string"
      ? error
      : JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
