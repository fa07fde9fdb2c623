import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ActorSystem, defineActor, SpawnError } from "../../mod.ts";
import { TestKit, VirtualClock } from "../../testing.ts";

const idle = defineActor({
  init: () => null,
  receive: (_: null, _msg: string) => {},
});

/** Spawns the named children in init. */
const parentOf = defineActor({
  init: (names: string[], ctx) => {
    for (const name of names) ctx.spawn(idle, { name });
    return null;
  },
  receive: () => {},
});

describe("names and paths", () => {
  test("a top-level actor's path is /name and a child's is /parent/name", async () => {
    await using kit = new TestKit();
    const parent = kit.system.spawn(parentOf, { name: "app", args: ["risk"] });
    await kit.runUntilIdle();
    assert.equal(parent.path, "/app");
    const child = kit.system.lookup("/app/risk");
    assert.ok(child !== undefined);
    assert.equal(child.path, "/app/risk");
    assert.equal(child.name, "risk");
  });

  test("names are unique among siblings: a second spawn with the same name throws SpawnError", async () => {
    await using kit = new TestKit();
    const first = kit.system.spawn(idle, { name: "dup" });
    assert.throws(
      () => kit.system.spawn(idle, { name: "dup" }),
      (error: unknown) =>
        error instanceof SpawnError && /name is taken/.test(error.message),
    );
    assert.equal(kit.system.lookup("/dup"), first);
    assert.deepEqual(kit.system.topLevel, [first]);
  });

  test("the same name may be used under different parents", async () => {
    await using kit = new TestKit();
    kit.system.spawn(parentOf, { name: "a", args: ["worker"] });
    kit.system.spawn(parentOf, { name: "b", args: ["worker"] });
    kit.system.spawn(idle, { name: "worker" });
    await kit.runUntilIdle();
    const paths = ["/a/worker", "/b/worker", "/worker"].map((p) =>
      kit.system.lookup(p)?.path
    );
    assert.deepEqual(paths, ["/a/worker", "/b/worker", "/worker"]);
  });

  test("a child spawning a taken sibling name fails with SpawnError in its parent's handler", async () => {
    await using kit = new TestKit();
    let caught: unknown;
    kit.system.spawn(
      defineActor({
        init: (_: void, ctx) => {
          ctx.spawn(idle, { name: "x" });
          try {
            ctx.spawn(idle, { name: "x" });
          } catch (error) {
            caught = error;
          }
        },
        receive: () => {},
      }),
      { name: "p" },
    );
    await kit.runUntilIdle();
    assert.ok(caught instanceof SpawnError);
  });

  test("unnamed actors get generated names $1, $2, ... counted per parent", async () => {
    await using kit = new TestKit();
    const a = kit.system.spawn(idle);
    const b = kit.system.spawn(idle);
    const named = kit.system.spawn(idle, { name: "n" });
    const c = kit.system.spawn(idle);
    assert.deepEqual([a.name, b.name, named.name, c.name], [
      "$1",
      "$2",
      "n",
      "$3",
    ]);
    assert.equal(a.path, "/$1");
    const childNames: string[] = [];
    kit.system.spawn(
      defineActor({
        init: (_: void, ctx) => {
          childNames.push(ctx.spawn(idle).name, ctx.spawn(idle).name);
        },
        receive: () => {},
      }),
      { name: "p" },
    );
    await kit.runUntilIdle();
    assert.deepEqual(childNames, ["$1", "$2"]);
    assert.equal(kit.system.lookup("/p/$2")?.path, "/p/$2");
  });

  test("bad names throw TypeError: empty, containing '/', starting with '$', not a string", async () => {
    await using kit = new TestKit();
    for (const name of ["", "a/b", "/a", "$1", 42 as unknown as string]) {
      assert.throws(
        () => kit.system.spawn(idle, { name }),
        TypeError,
        `name ${JSON.stringify(name)}`,
      );
    }
    assert.deepEqual(kit.system.topLevel, []);
  });

  test("a definition without init and receive functions throws TypeError", async () => {
    await using kit = new TestKit();
    assert.throws(
      () => kit.system.spawn({ init: () => null } as never),
      TypeError,
    );
  });

  test("lookup finds actors by absolute path and returns undefined otherwise", async () => {
    await using kit = new TestKit();
    const app = kit.system.spawn(parentOf, { name: "app", args: ["db"] });
    await kit.runUntilIdle();
    assert.equal(kit.system.lookup("/app"), app);
    assert.equal(kit.system.lookup("/app/db")?.name, "db");
    for (const path of ["/", "", "app", "/nope", "/app/db/deeper", "/app/x"]) {
      assert.equal(kit.system.lookup(path), undefined, `lookup(${path})`);
    }
  });

  test("a stopped actor's name is freed: lookup fails and the name can be spawned again", async () => {
    await using kit = new TestKit();
    const first = kit.system.spawn(idle, { name: "svc" });
    await first.stop();
    assert.equal(kit.system.lookup("/svc"), undefined);
    const second = kit.system.spawn(idle, { name: "svc" });
    assert.notEqual(second, first);
    assert.equal(kit.system.lookup("/svc"), second);
  });

  test("a restarted actor keeps its name and path", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(
      defineActor({
        init: () => null,
        receive: () => {
          throw new Error("x");
        },
      }),
      { name: "svc", register: "service" },
    );
    ref.tell("crash");
    await kit.runUntilIdle();
    assert.equal(ref.restarts, 1);
    assert.equal(kit.system.lookup("/svc"), ref);
    assert.equal(kit.system.whereIs("service"), ref);
  });
});

describe("registered names", () => {
  test("spawn with register makes the actor findable with whereIs", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(idle, {
      name: "risk",
      register: "risk-manager",
    });
    assert.equal(kit.system.whereIs("risk-manager"), ref);
    assert.equal(
      kit.system.whereIs("risk"),
      undefined,
      "a name is not a registration",
    );
  });

  test("register on a taken name at spawn throws SpawnError and spawns nothing", async () => {
    await using kit = new TestKit();
    const first = kit.system.spawn(idle, { name: "a", register: "svc" });
    assert.throws(
      () => kit.system.spawn(idle, { name: "b", register: "svc" }),
      SpawnError,
    );
    assert.equal(kit.system.lookup("/b"), undefined);
    assert.equal(kit.system.whereIs("svc"), first);
  });

  test("system.register names a running actor and unregister frees the name", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(idle);
    kit.system.register("worker", ref);
    kit.system.register("worker", ref); // again for the same actor: fine
    assert.equal(kit.system.whereIs("worker"), ref);
    assert.equal(kit.system.unregister("worker"), true);
    assert.equal(kit.system.whereIs("worker"), undefined);
    assert.equal(kit.system.unregister("worker"), false);
  });

  test("system.register of a name held by another actor throws SpawnError", async () => {
    await using kit = new TestKit();
    const a = kit.system.spawn(idle);
    const b = kit.system.spawn(idle);
    kit.system.register("svc", a);
    assert.throws(() => kit.system.register("svc", b), SpawnError);
    assert.equal(kit.system.whereIs("svc"), a);
  });

  test("system.register of a stopped actor or a ref of another system throws TypeError", async () => {
    await using kit = new TestKit();
    const stopped = kit.system.spawn(idle);
    await stopped.stop();
    assert.throws(() => kit.system.register("x", stopped), TypeError);
    await using other = new ActorSystem({ clock: new VirtualClock() });
    const foreign = other.spawn(idle);
    assert.throws(() => kit.system.register("x", foreign), TypeError);
    assert.throws(() => kit.system.register("x", {} as never), TypeError);
    assert.equal(kit.system.whereIs("x"), undefined);
  });

  test("a registered name is freed when its actor stops, including every alias", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(idle, { register: "primary" });
    kit.system.register("alias", ref);
    await ref.stop();
    assert.equal(kit.system.whereIs("primary"), undefined);
    assert.equal(kit.system.whereIs("alias"), undefined);
    const next = kit.system.spawn(idle, { register: "primary" });
    assert.equal(kit.system.whereIs("primary"), next);
  });

  test("registered names are system-wide: a child can be registered and found from the top", async () => {
    await using kit = new TestKit();
    kit.system.spawn(
      defineActor({
        init: (_: void, ctx) =>
          void ctx.spawn(idle, { name: "db", register: "database" }),
        receive: () => {},
      }),
      { name: "app" },
    );
    await kit.runUntilIdle();
    assert.equal(kit.system.whereIs("database")?.path, "/app/db");
  });
});
