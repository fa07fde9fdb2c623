/**
 * Child specs as a supervisor holds them: OTP's `get_childspec/2` (the full
 * spec of a child, defaults filled in) and `check_childspecs/1,2` (validate
 * specs without starting anything).
 *
 * Follows `supervisor.erl`: a temporary child's start arguments are not kept
 * once it runs (OTP stores `{M, F, undefined}`), so its spec reads back with
 * `args` undefined. Differs in that a spec has no `type` or `modules` key to
 * check (a supervisor child is recognised by its definition) and in that a
 * dynamic child has an id of its own.
 *
 * @module
 */

import type { AnyActorRef, ShutdownTime } from "./actor_context.ts";
import {
  type AnyChildSpec,
  type ChildSpec,
  isSupervisorSpec,
  policyOf,
  type RestartPolicy,
  shutdownOf,
  validateChildSpec,
} from "./child_spec.ts";
import { ChildNotFoundError } from "./errors.ts";
import type { AutoShutdown } from "./_supervisor_policy.ts";
import { checkSignificant, validateAutoShutdown } from "./supervisor.ts";
import { childByRef, coreOf } from "./supervisor_children.ts";

/**
 * A child spec with every default filled in, as {@linkcode getChildSpec}
 * answers it (OTP's `child_spec()` map from `get_childspec`).
 *
 * @typeParam Msg The child's messages.
 * @typeParam State The child's state.
 * @typeParam Args The arguments its `init` takes.
 */
export interface ResolvedChildSpec<Msg = never, State = unknown, Args = unknown>
  extends ChildSpec<Msg, State, Args> {
  /** Its restart policy. */
  readonly restart: RestartPolicy;
  /** Its shutdown time (5000, or `"infinity"` for a supervisor). */
  readonly shutdown: ShutdownTime;
  /** Whether it is significant. */
  readonly significant: boolean;
  /** What happens to its queued mail on a restart. */
  readonly mailOnRestart: "keep" | "drop";
  /** `"supervisor"` when the child is itself a supervisor (OTP's `type`). */
  readonly type: "worker" | "supervisor";
}

/**
 * The full spec of one child of a supervisor (OTP's `get_childspec/2`): the
 * spec it was given, with every default filled in. A temporary child's
 * `args` are not kept once it started, as in OTP.
 *
 * @param supervisorRef The supervisor.
 * @param child The child's id, or (dynamic supervisors) its ref.
 * @returns The spec.
 * @throws {ChildNotFoundError} When no spec has that id (OTP's
 * `{error, not_found}`).
 * @throws {NoProcError} When the supervisor has stopped.
 * @example Defaults read back
 * ```ts
 * import { ActorSystem, childSpec, defineActor, getChildSpec, supervisor } from "@understudy/runtime";
 * const worker = defineActor({ init: () => 0, receive: (n: number, _: "work") => n + 1 });
 * await using system = new ActorSystem();
 * const app = await system.start(
 *   supervisor({ children: [childSpec("a", worker)] }),
 *   { name: "app" },
 * );
 * const spec = getChildSpec(app, "a");
 * console.assert(spec.restart === "permanent" && spec.shutdown === 5000);
 * console.assert(spec.type === "worker" && spec.significant === false);
 * ```
 */
export function getChildSpec(
  supervisorRef: AnyActorRef,
  child: string | AnyActorRef,
): ResolvedChildSpec {
  const core = coreOf(supervisorRef, "get child spec");
  const cell = core.cell;
  const target = childByRef(core, child);
  const id = target === undefined ? child as string : target.name;
  const spec = core.specs.get(id);
  if (spec === undefined) throw new ChildNotFoundError(cell.path, id);
  return resolveChildSpec(spec);
}

/**
 * Checks child specs without starting anything (OTP's
 * `check_childspecs/1,2`): each spec as a supervisor would check it, then
 * that no id repeats. Keys it does not know are allowed, as OTP allows them.
 *
 * @param specs The specs.
 * @param autoShutdown The supervisor's `autoShutdown`, against which
 * `significant` is checked (OTP's `check_childspecs/2`). Defaults to
 * `"never"`.
 * @throws {TypeError} When `specs` is not an array, a spec is not an object,
 * has no id, no actor definition as `start`, a field of the wrong type, or
 * an id repeats; the message names the spec (its index and id) and the
 * field.
 * @throws {RangeError} When a value is out of range (an unknown restart
 * policy, a negative shutdown, ...), named the same way.
 * @example A misspelt restart policy
 * ```ts
 * import { checkChildSpecs, defineActor } from "@understudy/runtime";
 * const worker = defineActor({ init: () => 0, receive: (n: number, _: "work") => n + 1 });
 * checkChildSpecs([{ id: "a", start: worker, restart: "transient" }]);
 * try {
 *   checkChildSpecs([{ id: "b", start: worker, restart: "prmanent" as "permanent" }]);
 * } catch (error) {
 *   console.assert(error instanceof RangeError);
 *   console.assert((error as Error).message.includes('"b"'));
 * }
 * ```
 */
export function checkChildSpecs(
  specs: readonly AnyChildSpec[],
  autoShutdown: AutoShutdown = "never",
): void {
  if (!Array.isArray(specs)) {
    throw new TypeError(
      `Invalid child specs: must be an array, got "${String(specs)}"`,
    );
  }
  const mode = validateAutoShutdown(autoShutdown, "child specs");
  const ids = new Set<string>();
  specs.forEach((spec, index) => {
    const where = `child specs (index ${index})`;
    validateChildSpec(spec, where);
    checkSignificant(spec, mode, where);
    if (ids.has(spec.id)) {
      throw new TypeError(
        `Invalid child spec "${spec.id}" in ${where}: duplicate child id`,
      );
    }
    ids.add(spec.id);
  });
}

/**
 * A spec with its defaults filled in.
 *
 * @param spec A valid spec.
 * @returns The full spec.
 */
export function resolveChildSpec(spec: AnyChildSpec): ResolvedChildSpec {
  const supervisor = isSupervisorSpec(spec);
  return {
    ...spec,
    restart: policyOf(spec),
    shutdown: shutdownOf(spec),
    significant: spec.significant === true,
    mailOnRestart: spec.mailOnRestart ?? "keep",
    type: supervisor ? "supervisor" : "worker",
  };
}
