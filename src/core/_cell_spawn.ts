/**
 * Spawning a child cell: the definition and name are checked, the child is
 * linked after its siblings, registered if asked, announced, and scheduled
 * (its `init` runs in its first turn).
 *
 * @module
 */

import { ActorCell, type CellOptions } from "./actor_cell.ts";
import { nameProblem } from "./actor_name.ts";
import { SpawnError } from "./errors.ts";
import type { AnyDefinition } from "./_behavior.ts";
import { link, registerName } from "./_cell_children.ts";
import { extras, stopRequested } from "./_cell_state.ts";

/**
 * Creates and schedules a child of `parent`.
 *
 * @throws {TypeError} When the definition or the name is malformed.
 * @throws {SpawnError} When the parent is stopping or a name is taken.
 */
export function spawnChild(
  parent: ActorCell,
  definition: AnyDefinition,
  options: CellOptions,
): ActorCell {
  if (
    definition === null || typeof definition !== "object" ||
    typeof definition.init !== "function" ||
    typeof definition.receive !== "function"
  ) {
    throw new TypeError(
      "Cannot spawn actor: definition must have init and receive functions",
    );
  }
  if (
    parent.status === "stopping" || parent.status === "stopped" ||
    stopRequested(parent)
  ) {
    throw new SpawnError(
      parent.path,
      `Cannot spawn under "${parent.path}": actor is ${parent.status}`,
    );
  }
  const x = extras(parent);
  const name = options.name;
  let key: string | number;
  if (name === undefined) {
    key = ++x.nextChildId;
  } else if (nameProblem(name) !== undefined) {
    throw new TypeError(
      `Cannot spawn actor: name ${nameProblem(name)}, got ${
        JSON.stringify(String(name))
      }`,
    );
  } else {
    key = name;
  }
  if (typeof key === "string" && x.named?.has(key)) {
    throw new SpawnError(
      parent.path,
      `Cannot spawn actor "${name}" under "${parent.path}": name is taken`,
    );
  }
  checkShutdown(options.shutdown);
  const register = options.register;
  if (register !== undefined && parent.runtime.names.has(register)) {
    throw new SpawnError(
      parent.path,
      `Cannot register actor as "${register}": name is taken`,
    );
  }
  const child = new ActorCell(parent.runtime, parent, definition, key, options);
  link(parent, child);
  if (register !== undefined) registerName(child, register);
  const events = parent.runtime.events;
  if (events.active) {
    events.publish({
      type: "spawned",
      path: child.path,
      kind: definition.kind,
    });
  }
  parent.runtime.scheduler.schedule(child);
  return child;
}

/** Checks the `shutdown` spawn option. */
function checkShutdown(shutdown: unknown): void {
  if (
    shutdown === undefined || shutdown === "brutal" || shutdown === "infinity"
  ) {
    return;
  }
  if (typeof shutdown !== "number") {
    throw new TypeError(
      `Cannot spawn actor: shutdown must be a number of milliseconds, "brutal" or "infinity", got "${
        String(shutdown)
      }"`,
    );
  }
  if (!Number.isFinite(shutdown) || shutdown < 0) {
    throw new RangeError(
      `Cannot spawn actor: shutdown must be a non-negative finite number of milliseconds, got "${shutdown}"`,
    );
  }
}
