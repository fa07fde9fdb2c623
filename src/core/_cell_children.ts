/**
 * A cell's children and names: the children form a linked list in start
 * order (`firstChild`/`lastChild` in the extras, `prev`/`next` on each
 * child), named children are also in a map, and system-wide names point at
 * their cell until it stops.
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";
import { extras } from "./_cell_state.ts";

/** The child of `cell` called `name` (`$n` for a generated one), if running. */
export function childNamed(
  cell: ActorCell,
  name: string,
): ActorCell | undefined {
  const x = cell.x;
  if (x === null) return undefined;
  if (!name.startsWith("$")) return x.named?.get(name);
  const id = Number(name.slice(1));
  for (let c = x.firstChild; c !== null; c = c.next) {
    if (c.key === id) return c;
  }
  return undefined;
}

/** Appends `child` to its parent's children. */
export function link(parent: ActorCell, child: ActorCell): void {
  const x = extras(parent);
  if (typeof child.key === "string") {
    (x.named ??= new Map()).set(child.key, child);
  }
  child.prev = x.lastChild;
  if (x.lastChild === null) x.firstChild = child;
  else x.lastChild.next = child;
  x.lastChild = child;
  x.childCount++;
}

/** Removes a stopped child from its parent's children. */
export function unlink(parent: ActorCell, child: ActorCell): void {
  const x = parent.x!;
  if (typeof child.key === "string") x.named?.delete(child.key);
  if (child.prev === null) x.firstChild = child.next;
  else child.prev.next = child.next;
  if (child.next === null) x.lastChild = child.prev;
  else child.next.prev = child.prev;
  child.prev = child.next = null;
  x.childCount--;
}

/** Registers a system-wide name for `cell` (freed when it stops). */
export function registerName(cell: ActorCell, name: string): void {
  cell.runtime.names.set(name, cell);
  (extras(cell).registered ??= []).push(name);
}

/** Frees the system-wide names of a stopped cell. */
export function unregisterNames(cell: ActorCell): void {
  const registered = cell.x?.registered;
  if (registered == null) return;
  const names = cell.runtime.names;
  for (const name of registered) {
    if (names.get(name) === cell) names.delete(name);
  }
}
