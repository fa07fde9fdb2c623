/**
 * A cell's path, built from its ancestors' names without recursion (a chain
 * of actors thousands deep would overflow the call stack). The path of an
 * actor with children is kept once built, in the system's `paths` (a weak
 * map, so the cell stays small and a stopped one is forgotten): a child's
 * path then costs one lookup and one concatenation however deep the tree.
 *
 * @module
 */

import type { ActorCell } from "./actor_cell.ts";

/**
 * The path of `cell`, such as `/trading/risk-manager`; `/` for the root
 * guardian.
 *
 * @param cell The cell.
 * @returns Its path.
 */
export function pathOf(cell: ActorCell): string {
  const parent = cell.parent;
  if (parent === null) return "/";
  if (parent.parent === null) return `/${cell.name}`;
  const paths = cell.runtime.paths;
  const below: ActorCell[] = [cell];
  let base = "";
  // Up to the nearest ancestor whose path is known (or the top), then down.
  for (let c: ActorCell = parent; c.parent !== null; c = c.parent) {
    const known = paths.get(c);
    if (known !== undefined) {
      base = known;
      break;
    }
    below.push(c);
  }
  let path = base;
  for (let i = below.length - 1; i >= 0; i--) {
    const c = below[i];
    path = `${path}/${c.name}`;
    if (i > 0) paths.set(c, path);
  }
  return path;
}
