import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type AnyActorRef,
  countChildren,
  deleteChild,
  restartChild,
  type RestartPolicy,
  startChild,
  type Strategy,
  supervisor,
  terminateChild,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { control, spec } from "./_otp_child.ts";

// Model-based test: random commands against a supervisor and against a
// small reference model of OTP's supervisor.erl (do_restart/3, restart/2,
// add_restart/1, restart_multiple_children/3, try_again_restart and the
// child functions). Commands: a child fails, exits normally, its init
// breaks or is fixed, start/terminate/restart/delete_child, the clock
// advances. After every command which_children, count_children, the
// restart counts and escalation agree. All on the virtual clock.

const IDS = ["c0", "c1", "c2", "c3"] as const;
type Id = typeof IDS[number];

type Command =
  | { readonly kind: "fail" | "exit"; readonly id: Id }
  | { readonly kind: "break" | "fix"; readonly id: Id }
  | {
    readonly kind: "terminate" | "restart" | "delete" | "start";
    readonly id: Id;
  }
  | { readonly kind: "advance"; readonly ms: number };

interface ModelChild {
  readonly id: Id;
  readonly restart: RestartPolicy;
  state: "running" | "undefined";
  /** Restarts of the current cell (a new cell starts at 0). */
  restarts: number;
}

/** OTP's rules, synchronously. */
class Model {
  children: ModelChild[];
  times: number[] = [];
  now = 0;
  escalated = false;
  /** Ids whose init throws: every start of theirs fails. */
  readonly broken = new Set<Id>();

  constructor(
    readonly strategy: Strategy,
    readonly policies: Record<Id, RestartPolicy>,
    readonly maxRestarts: number,
    readonly withinMs: number,
  ) {
    this.children = IDS.map((id) => ({
      id,
      restart: policies[id],
      state: "running",
      restarts: 0,
    }));
  }

  find(id: Id): ModelChild | undefined {
    return this.children.find((c) => c.id === id);
  }

  #remove(child: ModelChild): void {
    this.children = this.children.filter((c) => c !== child);
  }

  /** do_restart/3. */
  exited(id: Id, abnormal: boolean): void {
    const child = this.find(id);
    if (child === undefined || child.state !== "running") return;
    if (child.restart === "permanent") return this.#restart(child);
    if (child.restart === "transient") {
      if (abnormal) return this.#restart(child);
      child.state = "undefined";
      return;
    }
    this.#remove(child);
  }

  /** restart/2 with add_restart/1. */
  #restart(child: ModelChild): void {
    const since = this.now - this.withinMs;
    this.times = this.times.filter((t) => t > since);
    if (this.times.length >= this.maxRestarts) {
      this.escalated = true;
      return;
    }
    this.times.push(this.now);
    const at = this.children.indexOf(child);
    const group = this.strategy === "one-for-one"
      ? [child]
      : this.strategy === "one-for-all"
      ? [...this.children]
      : this.children.slice(at);
    // A start in the group that fails is tried again at once, each attempt
    // counted (try_again_restart): at one instant that ends in escalation.
    if (
      group.some((c) => c.restart !== "temporary" && this.broken.has(c.id))
    ) {
      return this.#restart(child);
    }
    if (this.strategy === "one-for-one") {
      child.restarts++;
      return;
    }
    for (const each of group) {
      if (each.restart === "temporary") {
        this.#remove(each);
      } else if (each.state === "running") {
        each.restarts++;
      } else {
        each.state = "running";
        each.restarts = 0;
      }
    }
  }

  /** The child functions; an error code or undefined. */
  call(kind: Command["kind"], id: Id): string | undefined {
    const child = this.find(id);
    switch (kind) {
      case "terminate":
        if (child === undefined) return "not_found";
        if (child.restart === "temporary") this.#remove(child);
        else child.state = "undefined";
        return undefined;
      case "restart":
        if (child === undefined) return "not_found";
        if (child.state === "running") return "running";
        if (this.broken.has(id)) return "start_error";
        child.state = "running";
        child.restarts = 0;
        return undefined;
      case "delete":
        if (child === undefined) return "not_found";
        if (child.state === "running") return "running";
        this.#remove(child);
        return undefined;
      case "start":
        if (child !== undefined) {
          return child.state === "running"
            ? "already_started"
            : "already_present";
        }
        if (this.broken.has(id)) return "start_error";
        this.children.push({
          id,
          restart: this.policies[id],
          state: "running",
          restarts: 0,
        });
        return undefined;
    }
    return undefined;
  }

  which(): [string, string, number][] {
    return [...this.children].reverse().map((
      c,
    ) => [c.id, c.state, c.state === "running" ? c.restarts : 0]);
  }
}

const CODES: Record<string, string> = {
  AlreadyStartedError: "already_started",
  AlreadyPresentError: "already_present",
  ChildRunningError: "running",
  ChildRestartingError: "restarting",
  ChildNotFoundError: "not_found",
  ChildStartError: "start_error",
};

async function callImpl(
  sup: AnyActorRef,
  kind: Command["kind"],
  id: Id,
  make: (id: Id) => ReturnType<typeof spec>,
): Promise<string | undefined> {
  try {
    if (kind === "terminate") await terminateChild(sup, id);
    else if (kind === "restart") await restartChild(sup, id);
    else if (kind === "delete") deleteChild(sup, id);
    else await startChild(sup, make(id));
    return undefined;
  } catch (error) {
    const code = CODES[(error as Error).name];
    if (code === undefined) throw error;
    return code;
  }
}

const policy = fc.constantFrom<RestartPolicy>(
  "permanent",
  "transient",
  "temporary",
);
const id = fc.constantFrom(...IDS);
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("fail"), id }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("exit"), id }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constantFrom("break", "fix"), id }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom("terminate", "restart", "delete", "start"),
      id,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("advance"),
      ms: fc.integer({ min: 0, max: 3000 }),
    }),
  },
) as fc.Arbitrary<Command>;

describe("supervisor against a model of supervisor.erl", () => {
  test("which_children, count_children, restart counts and escalation agree after every command", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Strategy>("one-for-one", "one-for-all", "rest-for-one"),
        fc.record({ c0: policy, c1: policy, c2: policy, c3: policy }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(1000, 5000),
        fc.array(command, { minLength: 5, maxLength: 30, size: "max" }),
        async (strategy, policies, maxRestarts, withinMs, commands) => {
          await using kit = new TestKit();
          const ctl = control();
          const make = (id: Id) => spec(ctl, id, { restart: policies[id] });
          const sup = await kit.system.start(
            supervisor({
              strategy,
              maxRestarts,
              withinMs,
              children: IDS.map(make),
            }),
            { name: "sup" },
          );
          const model = new Model(strategy, policies, maxRestarts, withinMs);
          for (const [step, cmd] of commands.entries()) {
            const where = `step ${step} ${JSON.stringify(cmd)}`;
            if (cmd.kind === "advance") {
              await kit.advance(cmd.ms);
              model.now += cmd.ms;
            } else if (cmd.kind === "break" || cmd.kind === "fix") {
              const set = cmd.kind === "break" ? "add" : "delete";
              ctl.failStart[set](cmd.id);
              model.broken[set](cmd.id);
            } else if (cmd.kind === "fail" || cmd.kind === "exit") {
              const ref = kit.system.lookup<"die" | "stop">(`/sup/${cmd.id}`);
              const running = model.find(cmd.id)?.state === "running";
              assert.equal(ref !== undefined, running, where);
              ref?.tell(cmd.kind === "fail" ? "die" : "stop");
              await kit.runUntilIdle();
              model.exited(cmd.id, cmd.kind === "fail");
            } else {
              const got = await callImpl(sup, cmd.kind, cmd.id, make);
              await kit.runUntilIdle();
              assert.equal(got, model.call(cmd.kind, cmd.id), where);
            }
            if (model.escalated) {
              const termination = await kit.system.terminated;
              assert.equal(termination.cause, "escalation", where);
              assert.equal(sup.status, "stopped", where);
              return;
            }
            assert.equal(sup.status, "running", where);
            const which = whichChildren(sup).map((
              c,
            ) => [c.id, c.status, c.restarts]);
            assert.deepEqual(which, model.which(), where);
            const active = model.children.filter((c) => c.state === "running")
              .length;
            assert.deepEqual(countChildren(sup), {
              specs: model.children.length,
              active,
              supervisors: 0,
              workers: model.children.length,
            }, where);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
