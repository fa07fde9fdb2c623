/**
 * Child specs: how a supervisor starts, restarts and stops one child.
 *
 * Follows Erlang/OTP's `child_spec()` map key by key: `id`, `start`,
 * `restart` (default `permanent`), `shutdown` (default 5000 for workers,
 * `infinity` for supervisors), `significant` (default `false`, OTP 24). `type`
 * is not needed: a supervisor child is recognised by its definition. Adds
 * `mailOnRestart` (OTP has no mailbox to keep) and `register`. An `init` may
 * decline to start with {@linkcode ignore} (OTP's `ignore`).
 *
 * @module
 */

import type { ActorDefinition } from "./actor_definition.ts";
import type { ShutdownTime } from "./actor_context.ts";
import { checkMailboxOptions, type MailboxOptions } from "./mailbox.ts";
import { type HookedDefinition, HOOKS } from "./_behavior.ts";

/**
 * When a supervisor restarts a child that exited:
 * `permanent` always (even after a normal stop), `transient` only after a
 * failure, `temporary` never (its spec is removed when it exits, and it is not
 * restarted as a bystander of a one-for-all or rest-for-one restart).
 */
export type RestartPolicy = "permanent" | "transient" | "temporary";

/**
 * How one child is started and supervised.
 *
 * @typeParam Msg The child's messages.
 * @typeParam State The child's state.
 * @typeParam Args The arguments its `init` takes.
 */
export interface ChildSpec<Msg = never, State = unknown, Args = unknown> {
  /** The child's id, also its name: unique within the supervisor. */
  readonly id: string;
  /** What the child does. */
  readonly start: ActorDefinition<Msg, State, Args>;
  /** The arguments for `init`, kept for every restart. */
  readonly args?: Args;
  /** When to restart it. Defaults to `"permanent"`. */
  readonly restart?: RestartPolicy;
  /**
   * How long to wait for it to stop before killing it. Defaults to 5000, or
   * `"infinity"` when the child is itself a supervisor.
   */
  readonly shutdown?: ShutdownTime;
  /** Its mailbox bound and overflow policy. Defaults to unbounded. */
  readonly mailbox?: MailboxOptions;
  /**
   * What happens to mail queued behind the failing message on a restart:
   * `keep` it for the new instance or `drop` it (as dead letters). Defaults
   * to `"keep"`.
   */
  readonly mailOnRestart?: "keep" | "drop";
  /** Also register the child under this system-wide name. */
  readonly register?: string;
  /**
   * Whether the child's own exit may shut its supervisor down, under the
   * supervisor's `autoShutdown` (OTP 24's significant children). Only for
   * `transient` and `temporary` children, and only when `autoShutdown` is not
   * `"never"`. Defaults to `false`.
   */
  readonly significant?: boolean;
}

/**
 * A spec's restart policy with its default.
 *
 * @param spec The spec.
 * @returns Its `restart`, `"permanent"` by default.
 */
export function policyOf(spec: AnyChildSpec): RestartPolicy {
  return spec.restart ?? "permanent";
}

/**
 * Whether a spec starts a supervisor (OTP's `type`).
 *
 * @param spec The spec.
 * @returns `true` for a supervisor.
 */
export function isSupervisorSpec(spec: AnyChildSpec): boolean {
  return (spec.start as HookedDefinition)[HOOKS] !== undefined;
}

/**
 * A spec's shutdown time with its default: 5000 for a worker, `"infinity"`
 * for a supervisor (OTP's defaults).
 *
 * @param spec The spec.
 * @returns Its shutdown time.
 */
export function shutdownOf(spec: AnyChildSpec): ShutdownTime {
  return spec.shutdown ?? (isSupervisorSpec(spec) ? "infinity" : 5000);
}

/** What {@linkcode ignore} throws; recognised by supervisors. */
export const IGNORE: unique symbol = Symbol("understudy.ignore");

/**
 * Declines to start, from inside `init` (OTP's `ignore`): the child is not
 * started and nothing fails. Its supervisor keeps a non-temporary spec with
 * no ref (status `undefined`) and forgets a temporary one; `startChild`
 * resolves with `undefined`.
 *
 * @returns Never: it throws {@linkcode IGNORE}.
 * @example Start only when configured
 * ```ts
 * import { defineActor, ignore } from "@understudy/runtime";
 * const cache = defineActor({
 *   init: (url: string | undefined) => url ?? ignore(),
 *   receive: (url: string, _msg: "ping") => url,
 * });
 * console.assert(typeof cache.init === "function");
 * ```
 */
export function ignore(): never {
  throw IGNORE;
}

/**
 * Whether a start failure is an {@linkcode ignore}: the value `init` threw,
 * or the `SpawnError` that wraps it.
 *
 * @param error The failure.
 * @returns `true` for an ignore.
 */
export function isIgnore(error: unknown): boolean {
  return error === IGNORE ||
    (error instanceof Error && error.cause === IGNORE);
}

/** A child spec of any message type. */
// deno-lint-ignore no-explicit-any
export type AnyChildSpec = ChildSpec<any, any, any>;

/**
 * Builds a child spec with its argument types checked against the
 * definition.
 *
 * @typeParam Msg The child's messages.
 * @typeParam State The child's state.
 * @typeParam Args The arguments its `init` takes.
 * @param id The child's id.
 * @param start What the child does.
 * @param options The other spec fields.
 * @returns The spec.
 * @example
 * ```ts
 * import { childSpec, defineActor } from "@understudy/runtime";
 * const worker = defineActor({ init: (n: number) => n, receive: (n: number, _: "tick") => n + 1 });
 * const spec = childSpec("worker", worker, { args: 1, restart: "transient" });
 * console.assert(spec.id === "worker");
 * ```
 */
export function childSpec<Msg, State, Args>(
  id: string,
  start: ActorDefinition<Msg, State, Args>,
  options: Omit<ChildSpec<Msg, State, Args>, "id" | "start"> = {},
): ChildSpec<Msg, State, Args> {
  return { ...options, id, start };
}

/**
 * Checks a spec, throwing a clear error on anything that cannot work.
 *
 * @param spec The spec to check.
 * @param where Where it was given, for the error message.
 * @throws {TypeError} When a field has the wrong type.
 * @throws {RangeError} When a value is out of range.
 */
export function validateChildSpec(spec: AnyChildSpec, where: string): void {
  if (spec === null || typeof spec !== "object") {
    throw new TypeError(`Invalid child spec in ${where}: must be an object`);
  }
  if (typeof spec.id !== "string" || spec.id === "") {
    throw new TypeError(
      `Invalid child spec in ${where}: id must be a non-empty string`,
    );
  }
  const start = spec.start;
  if (
    start === null || typeof start !== "object" ||
    typeof start.init !== "function" || typeof start.receive !== "function"
  ) {
    throw new TypeError(
      `Invalid child spec "${spec.id}" in ${where}: start must be an actor definition`,
    );
  }
  const restart = spec.restart;
  if (
    restart !== undefined && restart !== "permanent" &&
    restart !== "transient" && restart !== "temporary"
  ) {
    throw new RangeError(
      `Invalid child spec "${spec.id}" in ${where}: unknown restart policy "${restart}"`,
    );
  }
  const shutdown = spec.shutdown;
  if (
    shutdown !== undefined && shutdown !== "brutal" &&
    shutdown !== "infinity" &&
    !(typeof shutdown === "number" && shutdown >= 0 &&
      Number.isFinite(shutdown))
  ) {
    throw new RangeError(
      `Invalid child spec "${spec.id}" in ${where}: shutdown must be a non-negative number, "brutal" or "infinity", got "${shutdown}"`,
    );
  }
  const significant = spec.significant;
  if (significant !== undefined && typeof significant !== "boolean") {
    throw new TypeError(
      `Invalid child spec "${spec.id}" in ${where}: significant must be a boolean, got "${significant}"`,
    );
  }
  if (significant === true && (restart ?? "permanent") === "permanent") {
    throw new RangeError(
      `Invalid child spec "${spec.id}" in ${where}: a permanent child cannot be significant`,
    );
  }
  const mailbox = spec.mailbox;
  if (mailbox !== undefined) {
    if (mailbox === null || typeof mailbox !== "object") {
      throw new TypeError(
        `Invalid child spec "${spec.id}" in ${where}: mailbox must be an object, got "${mailbox}"`,
      );
    }
    checkMailboxOptions(
      mailbox,
      `Invalid child spec "${spec.id}" in ${where}`,
      "mailbox.",
    );
  }
  const register = spec.register;
  if (
    register !== undefined && (typeof register !== "string" || register === "")
  ) {
    throw new TypeError(
      `Invalid child spec "${spec.id}" in ${where}: register must be a non-empty string, got "${register}"`,
    );
  }
  const mail = spec.mailOnRestart;
  if (mail !== undefined && mail !== "keep" && mail !== "drop") {
    throw new RangeError(
      `Invalid child spec "${spec.id}" in ${where}: mailOnRestart must be "keep" or "drop", got "${mail}"`,
    );
  }
}
