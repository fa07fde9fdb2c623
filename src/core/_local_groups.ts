/**
 * One process group scope: groups by name, each with its members in join
 * order and its monitors. A join appends and a leave only marks (both O(1));
 * the member list readers get is rebuilt once after a change, so a mass stop
 * of N members costs O(N), not O(N²). Internal; the public face is
 * {@linkcode ProcessGroups}.
 *
 * @module
 */

import { ActorCell } from "./actor_cell.ts";
import { membershipsOf } from "./_cell_state.ts";
import type { AnyActorRef } from "./actor_context.ts";
import type { ActorRef } from "./actor_ref.ts";
import type { ActorSystem } from "./actor_system.ts";
import type {
  GroupChange,
  GroupInfo,
  GroupKey,
  GroupLink,
  GroupMonitor,
  ProcessGroups,
} from "./process_group.ts";
import { type Membership, NONE, withItem, without } from "./_pubsub.ts";
import { failCell } from "./_cell_failure.ts";

type Mapper = (change: GroupChange<unknown>) => unknown;

/** One monitor: whom to notify and how. */
class Monitor implements Membership {
  readonly state: GroupState;
  readonly watcher: ActorRef<unknown>;
  readonly cell: ActorCell | null;
  readonly map: Mapper | null;

  constructor(
    state: GroupState,
    watcher: ActorRef<unknown>,
    cell: ActorCell | null,
    map: Mapper | null,
  ) {
    this.state = state;
    this.watcher = watcher;
    this.cell = cell;
    this.map = map;
  }

  drop(): void {
    this.state.monitors = without(this.state.monitors, this);
  }

  cancel(): void {
    this.drop();
    const cell = this.cell;
    if (cell !== null && cell.status !== "stopped") {
      membershipsOf(cell).delete(this);
    }
  }
}

/** One membership in a group; marked `gone` when the member leaves. */
class Entry {
  readonly ref: AnyActorRef;
  gone = false;

  constructor(ref: AnyActorRef) {
    this.ref = ref;
  }
}

/** A group in one scope. As a membership, it is what a member cell leaves. */
class GroupState implements Membership {
  readonly name: string;
  readonly scope: LocalGroups;
  /** Joins in order, and those `gone` since the last compaction. */
  entries: Entry[] = [];
  /** The current members' entries. */
  readonly byRef: Map<AnyActorRef, Entry> = new Map();
  /** The members in join order, never changed once made; `null` after a change. */
  current: readonly AnyActorRef[] | null = NONE;
  /** A frozen copy of `current` for callers, made on demand. */
  view: readonly AnyActorRef[] | null = NONE;
  monitors: readonly Monitor[] = NONE;

  constructor(name: string, scope: LocalGroups) {
    this.name = name;
    this.scope = scope;
  }

  /** The members in join order (the same array until the next change). */
  members(): readonly AnyActorRef[] {
    return this.current ??= this.#rebuild();
  }

  add(ref: AnyActorRef): void {
    const entry = new Entry(ref);
    this.entries.push(entry);
    this.byRef.set(ref, entry);
    this.current = this.view = null;
  }

  /** Marks a member gone; whether it was one. */
  delete(ref: AnyActorRef): boolean {
    const entry = this.byRef.get(ref);
    if (entry === undefined) return false;
    entry.gone = true;
    this.byRef.delete(ref);
    this.current = this.view = null;
    const gone = this.entries.length - this.byRef.size;
    if (gone > 8 && gone * 2 > this.entries.length) {
      this.entries = this.entries.filter((e) => !e.gone);
    }
    return true;
  }

  #rebuild(): readonly AnyActorRef[] {
    const out: AnyActorRef[] = [];
    for (const entry of this.entries) if (!entry.gone) out.push(entry.ref);
    return out;
  }

  drop(cell: ActorCell): void {
    this.scope.remove(this, cell as unknown as AnyActorRef);
  }
}

function keyName<M>(key: GroupKey<M>, what: string): string {
  const name = key?.name;
  if (key?.kind !== "group" || typeof name !== "string" || name === "") {
    throw new TypeError(`Cannot ${what}: not a group key`);
  }
  return name;
}

function checkRef(ref: unknown, what: string): ActorCell | null {
  const cell = ActorCell.of(ref);
  if (cell !== undefined) return cell;
  if (
    ref === null || typeof ref !== "object" ||
    typeof (ref as { tell?: unknown }).tell !== "function" ||
    typeof (ref as { path?: unknown }).path !== "string"
  ) {
    throw new TypeError(`Cannot ${what}: not an actor ref`);
  }
  return null;
}

/** The groups of one scope; see {@linkcode ProcessGroups}. */
export class LocalGroups implements ProcessGroups {
  readonly scope: string;
  readonly system: ActorSystem;
  readonly #groups = new Map<string, GroupState>();
  #link: GroupLink | null = null;

  constructor(scope: string, system: ActorSystem) {
    this.scope = scope;
    this.system = system;
  }

  join<R, M extends R>(key: GroupKey<M>, ref: ActorRef<R>): void {
    const name = keyName(key, "join group");
    const cell = this.#local(ref, "join group");
    if (cell !== null && cell.status === "stopped") return;
    const state = this.#state(name);
    const member = ref as unknown as AnyActorRef;
    if (state.byRef.has(member)) return;
    state.add(member);
    if (cell !== null) {
      membershipsOf(cell).add(state);
      this.#link?.joined(name, member);
    }
    this.#notify(state, "join", member);
  }

  leave<M>(key: GroupKey<M>, ref: AnyActorRef): boolean {
    const state = this.#groups.get(keyName(key, "leave group"));
    const member = ref as unknown as AnyActorRef;
    if (state === undefined || !this.remove(state, member)) return false;
    const cell = ActorCell.of(ref);
    if (cell !== undefined && cell.status !== "stopped") {
      membershipsOf(cell).delete(state);
    }
    return true;
  }

  leaveAll(ref: AnyActorRef): number {
    let left = 0;
    for (const state of this.#groups.values()) {
      if (state.byRef.has(ref)) {
        this.leave({ kind: "group", name: state.name }, ref);
        left++;
      }
    }
    return left;
  }

  members<M>(key: GroupKey<M>): readonly ActorRef<M>[] {
    const state = this.#groups.get(keyName(key, "list members"));
    if (state === undefined) return NONE;
    return (state.view ??= Object.freeze(
      state.members().slice(),
    )) as readonly ActorRef<M>[];
  }

  monitor<M, W>(
    key: GroupKey<M>,
    watcher: ActorRef<W>,
    toMessage?: (change: GroupChange<M>) => W,
  ): GroupMonitor<M> {
    const name = keyName(key, "monitor group");
    if (toMessage !== undefined && typeof toMessage !== "function") {
      throw new TypeError("Cannot monitor group: toMessage must be a function");
    }
    const cell = this.#local(watcher, "monitor group");
    const state = this.#state(name);
    const members = this.members(key);
    if (cell !== null && cell.status === "stopped") {
      return { members, cancel() {} };
    }
    const monitor = new Monitor(
      state,
      watcher as ActorRef<unknown>,
      cell,
      (toMessage ?? null) as Mapper | null,
    );
    state.monitors = withItem(state.monitors, monitor);
    if (cell != null) membershipsOf(cell).add(monitor);
    return { members, cancel: () => monitor.cancel() };
  }

  groups(): GroupInfo[] {
    const out: GroupInfo[] = [];
    for (const state of this.#groups.values()) {
      if (state.byRef.size === 0 && state.monitors.length === 0) continue;
      out.push({
        scope: this.scope,
        name: state.name,
        members: state.members().map((ref) => ref.path),
        monitors: state.monitors.length,
      });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * The live record of a group, for routers: `members()` returns the
   * current member list, the same array until the membership changes.
   */
  live(name: string): { members(): readonly AnyActorRef[] } {
    return this.#state(name);
  }

  link(link: GroupLink | null): void {
    this.#link = link;
  }

  /** Removes a member and tells the monitors; whether it was one. */
  remove(state: GroupState, ref: AnyActorRef): boolean {
    if (!state.delete(ref)) return false;
    if (ActorCell.of(ref) !== undefined) this.#link?.left(state.name, ref);
    this.#notify(state, "leave", ref);
    return true;
  }

  #local(ref: unknown, what: string): ActorCell | null {
    const cell = checkRef(ref, what);
    if (cell !== null && cell.runtime.system !== this.system) {
      throw new TypeError(`Cannot ${what}: the actor is in another system`);
    }
    return cell;
  }

  #state(name: string): GroupState {
    let state = this.#groups.get(name);
    if (state === undefined) {
      state = new GroupState(name, this);
      this.#groups.set(name, state);
    }
    return state;
  }

  #notify(state: GroupState, type: "join" | "leave", ref: AnyActorRef): void {
    const monitors = state.monitors;
    if (monitors.length === 0) return;
    const change: GroupChange<unknown> = Object.freeze({
      type,
      group: state.name,
      scope: this.scope,
      refs: Object.freeze([ref as ActorRef<unknown>]),
    });
    for (const monitor of monitors) {
      const cell = monitor.cell;
      // A watcher stopping right now (a member that also monitors) is not told.
      if (cell !== null && cell.status === "stopped") continue;
      try {
        monitor.watcher.tell(
          monitor.map === null ? change : monitor.map(change),
        );
      } catch (error) {
        if (cell === null) throw error;
        failCell(cell, error);
      }
    }
  }
}
