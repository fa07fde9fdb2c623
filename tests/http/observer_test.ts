/**
 * The dashboard's server side: the fixed-size rings (properties against an
 * array model), the sampler (rates from the core's counters, dead letters by
 * reason, the busiest mailboxes, the lease that stops it) on a fake timer,
 * and the `/v1/observer/*` routes on a TestKit system.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { NumberRing, SeriesHistory } from "../../src/http/history.ts";
import {
  Observer,
  type ObserverTimers,
  WATCHED,
} from "../../src/http/observer.ts";
import { Counters } from "../../src/http/counters.ts";
import { TestKit } from "../../testing.ts";
import {
  assertError,
  type CounterMsg,
  json,
  populate,
  setup,
} from "./_fixtures.ts";
import {
  type ActorRef,
  defineActor,
  dynamicSupervisor,
  startChild,
} from "../../mod.ts";

/** A wall clock and interval timer the test drives by hand. */
class FakeTimers implements ObserverTimers {
  time = 1_000_000;
  readonly intervals = new Map<number, () => void>();
  #next = 0;
  now(): number {
    return this.time;
  }
  setInterval(fn: () => void): unknown {
    this.intervals.set(++this.#next, fn);
    return this.#next;
  }
  clearInterval(handle: unknown): void {
    this.intervals.delete(handle as number);
  }
  /** Moves the clock and fires every interval once. */
  tick(ms: number): void {
    this.time += ms;
    for (const fn of [...this.intervals.values()]) fn();
  }
}

describe("NumberRing", () => {
  test("keeps the last `capacity` numbers in order (model)", () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 16 }),
      fc.array(fc.double({ noNaN: true }), { maxLength: 60 }),
      fc.nat(70),
      (capacity, values, from) => {
        const ring = new NumberRing(capacity);
        for (const v of values) ring.push(v);
        const model = values.slice(-capacity);
        assert.equal(ring.length, model.length);
        assert.deepEqual(ring.toArray(), model);
        assert.deepEqual(ring.toArray(from), model.slice(from));
        model.forEach((v, i) => assert.equal(ring.at(i), v));
        assert.ok(Number.isNaN(ring.at(model.length)));
      },
    ));
  });

  test("refuses a capacity that is not a positive integer", () => {
    for (const bad of [0, -1, 1.5, NaN]) {
      assert.throws(() => new NumberRing(bad), RangeError);
    }
  });
});

describe("SeriesHistory", () => {
  test("since(after) returns exactly the kept samples newer than after (model)", () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 10 }),
      fc.nat(30),
      fc.nat(35),
      (capacity, count, after) => {
        const history = new SeriesHistory(["a", "b"], capacity);
        for (let i = 1; i <= count; i++) {
          history.record(i * 1000, i % 3 === 0 ? { a: i } : { a: i, b: -i });
        }
        const kept = Array.from({ length: count }, (_, i) => i + 1)
          .slice(-capacity).filter((seq) => seq > after);
        const out = history.since(after);
        assert.equal(history.seq, count);
        assert.deepEqual(out.seq, kept);
        assert.deepEqual(out.t, kept.map((i) => i * 1000));
        assert.deepEqual(out.a, kept);
        assert.deepEqual(out.b, kept.map((i) => i % 3 === 0 ? 0 : -i));
      },
    ));
  });
});

describe("Observer", () => {
  function observed(options: { leaseMs?: number; capacity?: number } = {}) {
    const kit = new TestKit();
    const timers = new FakeTimers();
    const observer = new Observer(kit.system, new Counters(kit.system), {
      timers,
      ...options,
    });
    return { kit, timers, observer };
  }

  test("runs no timer until someone asks, and stops when the lease runs out", async () => {
    const { kit, timers, observer } = observed({ leaseMs: 5000 });
    assert.equal(timers.intervals.size, 0);
    assert.equal(observer.sampling, false);
    observer.touch();
    observer.touch();
    assert.equal(timers.intervals.size, 1, "one timer however many touches");
    timers.tick(1000);
    timers.tick(1000);
    assert.equal(observer.overview(0).samples.t.length, 2);
    timers.tick(3000);
    assert.equal(observer.sampling, true, "within the lease");
    timers.tick(1001);
    assert.equal(observer.sampling, false, "past the lease");
    assert.equal(timers.intervals.size, 0);
    assert.equal(observer.overview(0).samples.t.length, 3, "rings are kept");
    observer.touch();
    assert.equal(timers.intervals.size, 1);
    await kit.system.shutdown();
    assert.equal(timers.intervals.size, 0, "shutdown stops the timer");
  });

  test("records rates from the core's counters, and gauges by status", async () => {
    const { kit, observer } = observed();
    const h = setup();
    const counter = h.counter;
    await h[Symbol.asyncDispose]();
    const a = kit.system.spawn(counter, { name: "a", args: { start: 0 } });
    await kit.runUntilIdle();
    observer.sample(10_000);
    for (let i = 0; i < 30; i++) a.tell({ type: "add", n: 1 });
    a.tell({ type: "crash" });
    await kit.runUntilIdle();
    observer.sample(12_000);
    const { samples } = observer.overview(0);
    assert.deepEqual(samples.t, [12_000]);
    // 30 handled in 2 s; the crash counts as a failure, not as handled.
    assert.deepEqual(samples.processed, [15]);
    assert.deepEqual(samples.restarts, [0.5]);
    assert.deepEqual(samples.failures, [0.5]);
    assert.deepEqual(samples["actors.running"], [1]);
    assert.deepEqual(samples.actors, [1]);
    assert.equal(observer.rateOf("/a"), 15);
    await a.stop();
    a.tell({ type: "add", n: 1 });
    a.tell({ type: "add", n: 1 });
    observer.sample(13_000);
    const next = observer.overview(observer.overview(0).seq - 1).samples;
    assert.deepEqual(next["deadLetters.stopped"], [2]);
    assert.deepEqual(next.deadLetters, [2]);
    assert.deepEqual(next["deadLetters.full"], [0]);
    assert.deepEqual(next.actors, [0]);
    await kit.system.shutdown();
  });

  test("keeps the five deepest mailboxes per sample", async () => {
    const { kit, observer } = observed();
    const h = setup();
    await h[Symbol.asyncDispose]();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const refs: ActorRef<CounterMsg>[] = [];
    for (let i = 0; i < 7; i++) {
      refs.push(
        kit.system.spawn(h.counter, { name: `c${i}`, args: { start: 0 } }),
      );
    }
    await kit.runUntilIdle();
    const waiting: Promise<void>[] = [];
    refs.forEach((ref, i) => {
      waiting.push(
        new Promise((resolve) =>
          ref.tell({ type: "wait", gate, waiting: resolve })
        ),
      );
      for (let k = 0; k < i; k++) ref.tell({ type: "add", n: 1 });
    });
    await Promise.all(waiting);
    observer.sample(1000);
    observer.sample(2000);
    const { busiest } = observer.overview(0);
    assert.deepEqual(busiest, [[
      { path: "/c6", depth: 6 },
      { path: "/c5", depth: 5 },
      { path: "/c4", depth: 4 },
      { path: "/c3", depth: 3 },
      { path: "/c2", depth: 2 },
    ]]);
    open();
    await kit.runUntilIdle();
    await kit.system.shutdown();
  });

  test("per-actor histories: recorded once asked for, at most WATCHED at once", async () => {
    const { kit, observer } = observed();
    const h = setup();
    await h[Symbol.asyncDispose]();
    const names = Array.from({ length: WATCHED + 1 }, (_, i) => `w${i}`);
    for (const name of names) {
      kit.system.spawn(h.counter, { name, args: { start: 0 } });
    }
    await kit.runUntilIdle();
    assert.deepEqual(observer.actorHistory("/w0"), { t: [], rate: [] });
    observer.sample(1000);
    observer.sample(2000);
    assert.deepEqual(observer.actorHistory("/w0"), { t: [2000], rate: [0] });
    for (const name of names.slice(1)) observer.actorHistory(`/${name}`);
    assert.deepEqual(
      observer.actorHistory("/w0"),
      { t: [], rate: [] },
      "the least recently asked was dropped",
    );
    await kit.system.shutdown();
  });
});

describe("/v1/observer routes", () => {
  function withTimers() {
    const timers = new FakeTimers();
    return { timers, h: setup({ observer: { timers } }) };
  }

  test("need the token and validate since", async () => {
    const { h } = withTimers();
    await using _ = h;
    for (
      const path of [
        "/v1/observer/overview",
        "/v1/observer/actors",
        "/v1/observer/tree",
        "/v1/observer/actors/x",
      ]
    ) {
      assert.equal((await h.app.request(path)).status, 401, path);
    }
    await assertError(
      await h.call("GET", "/v1/observer/overview?since=-1"),
      400,
      "bad_request",
    );
    await assertError(
      await h.call("GET", "/v1/observer/actors/nobody"),
      404,
      "actor_not_found",
    );
  });

  test("a request starts the sampler; overview returns samples after since", async () => {
    const { h, timers } = withTimers();
    await using _ = h;
    await populate(h);
    assert.equal(timers.intervals.size, 0, "nothing samples before a request");
    let body = await json(await h.call("GET", "/v1/observer/overview"), 200);
    assert.equal(body.sampling, true);
    assert.equal(body.seq, 0);
    assert.equal(timers.intervals.size, 1);
    timers.tick(1000);
    timers.tick(1000);
    timers.tick(1000);
    body = await json(
      await h.call("GET", "/v1/observer/overview?since=1"),
      200,
    );
    assert.equal(body.seq, 3);
    assert.deepEqual(body.samples.seq, [2, 3]);
    assert.deepEqual(body.samples.actors, [4, 4]);
    assert.equal(body.busiest.length, 2);
  });

  test("the actor table has one row per live actor", async () => {
    const { h } = withTimers();
    await using _ = h;
    await populate(h);
    const body = await json(await h.call("GET", "/v1/observer/actors"), 200);
    assert.equal(body.total, 4);
    const col = (name: string) => body.columns.indexOf(name);
    const solo = body.rows.find((row: unknown[]) =>
      row[col("path")] === "/solo"
    );
    assert.equal(solo[col("kind")], "counter");
    assert.equal(solo[col("status")], "running");
    assert.equal(solo[col("restarts")], 0);
    assert.equal(solo[col("lastError")], null);
  });

  test("the actor table is filtered and sorted as asked, and at most limit rows are sent", async () => {
    const { h } = withTimers();
    await using _ = h;
    const worker = defineActor({ kind: "w", init: () => 0, receive: () => {} });
    const refs = [];
    for (let i = 0; i < 30; i++) {
      refs.push(
        h.kit.system.spawn(worker, {
          name: `a${String(i).padStart(2, "0")}`,
        }),
      );
    }
    h.kit.system.spawn(
      defineActor({ kind: "x", init: () => 0, receive: () => {} }),
      {
        name: "other",
      },
    );
    await h.kit.runUntilIdle();
    for (let n = 0; n < 3; n++) refs[7].tell("go" as never);
    await h.kit.runUntilIdle();
    const paths = (body: { rows: unknown[][]; columns: string[] }) =>
      body.rows.map((row) => row[body.columns.indexOf("path")]);
    const all = await json(await h.call("GET", "/v1/observer/actors"), 200);
    assert.deepEqual([all.total, all.matched, all.rows.length], [31, 31, 31]);
    assert.equal(paths(all)[0], "/a00", "by path by default");
    const top = await json(
      await h.call(
        "GET",
        "/v1/observer/actors?sort=processed&dir=desc&limit=2",
      ),
      200,
    );
    assert.deepEqual([top.total, top.matched], [31, 31]);
    assert.deepEqual(
      paths(top),
      ["/a07", "/other"],
      "ties by path, reversed too",
    );
    const found = await json(
      await h.call("GET", "/v1/observer/actors?q=A2&limit=3&dir=desc"),
      200,
    );
    assert.equal(found.matched, 10);
    assert.deepEqual(paths(found), ["/a29", "/a28", "/a27"]);
    const kind = await json(
      await h.call("GET", "/v1/observer/actors?q=x&status=running"),
      200,
    );
    assert.deepEqual(paths(kind), ["/other"]);
    for (
      const bad of [
        "limit=0",
        "limit=100001",
        "sort=failures",
        "sort=nope",
        "dir=up",
        "status=sleeping",
        "colour=red",
        "q=a&q=b",
      ]
    ) {
      await assertError(
        await h.call("GET", `/v1/observer/actors?${bad}`),
        400,
        "bad_request",
      );
    }
  });

  test("detail and tree show a restart and the intensity within the window", async () => {
    const { h, timers } = withTimers();
    await using _ = h;
    await populate(h);
    (h.kit.system.lookup("/app/a") as ActorRef<CounterMsg>).tell({
      type: "crash",
    });
    await h.kit.runUntilIdle();
    const detail = await json(
      await h.call("GET", "/v1/observer/actors/app/a"),
      200,
    );
    assert.equal(detail.status, "running");
    assert.equal(detail.restarts, 1);
    assert.equal(detail.incarnation, 2);
    assert.equal(detail.lastError, "counter crashed");
    assert.equal(detail.lastFailureAt, timers.time);
    assert.equal(detail.restartTimes.length, 1);
    assert.deepEqual(detail.snapshot, {
      value: { total: 1 },
      truncated: false,
    });
    const app = await json(await h.call("GET", "/v1/observer/actors/app"), 200);
    assert.equal(app.supervisor.strategy, "one-for-one");
    assert.equal(app.supervisor.restartsInWindow, 1);
    assert.deepEqual(app.childStatus.map((c: { path: string }) => c.path), [
      "/app/a",
      "/app/b",
    ]);
    let tree = (await json(await h.call("GET", "/v1/observer/tree"), 200)).tree;
    assert.equal(tree[0].path, "/app");
    assert.equal(tree[0].supervisor.restartsInWindow, 1);
    assert.equal(tree[0].children[0].restarts, 1);
    await h.kit.advance(app.supervisor.withinMs + 1);
    tree = (await json(await h.call("GET", "/v1/observer/tree"), 200)).tree;
    assert.equal(tree[0].supervisor.restartsInWindow, 0, "out of the window");
  });

  test("the tree lists at most ?children= children per actor, counts the rest in more, and counts every actor", async () => {
    const { h } = withTimers();
    await using _ = h;
    const worker = defineActor({ kind: "w", init: () => 0, receive: () => {} });
    const pool = h.kit.system.spawn(dynamicSupervisor(), { name: "pool" });
    await h.kit.runUntilIdle();
    for (let i = 0; i < 1002; i++) {
      await startChild(pool, { id: `w${i}`, start: worker });
    }
    h.kit.system.spawn(worker, { name: "lone" });
    await h.kit.runUntilIdle();
    const full = await json(await h.call("GET", "/v1/observer/tree"), 200);
    assert.deepEqual(full.counts, {
      actors: 1004,
      supervisors: 1,
      restarting: 0,
      restarts: 0,
    });
    assert.equal(full.tree[0].children.length, 1000);
    assert.equal(full.tree[0].more, 2);
    assert.equal(full.more, undefined);
    const cut = await json(
      await h.call("GET", "/v1/observer/tree?children=1"),
      200,
    );
    assert.deepEqual(cut.tree.map((n: { path: string }) => n.path), ["/pool"]);
    assert.equal(cut.more, 1);
    assert.equal(cut.tree[0].more, 1001);
    assert.equal(cut.counts.actors, 1004, "counts cover what is not listed");
    await assertError(
      await h.call("GET", "/v1/observer/tree?children=many"),
      400,
      "bad_request",
      /children/,
    );
  });

  test("a supervisor's detail lists its first 1,000 children; its intensity counts every child's restarts", async () => {
    const { h } = withTimers();
    await using _ = h;
    const worker = defineActor({
      kind: "w",
      init: () => 0,
      receive: (_n: number, msg: "crash") => {
        throw new Error(msg);
      },
    });
    const pool = h.kit.system.spawn(dynamicSupervisor(), { name: "pool" });
    await h.kit.runUntilIdle();
    for (let i = 0; i < 1003; i++) {
      await startChild(pool, { id: `w${i}`, start: worker });
    }
    h.kit.system.lookup<"crash">("/pool/w1002")!.tell("crash");
    await h.kit.runUntilIdle();
    const detail = await json(
      await h.call("GET", "/v1/observer/actors/pool"),
      200,
    );
    assert.equal(detail.children.length, 1000);
    assert.equal(detail.more, 3);
    assert.equal(detail.childStatus.length, 1000);
    assert.equal(
      detail.supervisor.restartsInWindow,
      1,
      "a restart past the listed children counts",
    );
    const api = await json(await h.call("GET", "/v1/actors/pool"), 200);
    assert.equal(api.children.length, 1000);
    assert.equal(api.children[999], "/pool/w999");
    assert.equal(api.more, 3);
    const page = await json(await h.call("GET", "/v1/actors?limit=1"), 200);
    assert.deepEqual([page.items[0].path, page.items[0].more], ["/pool", 3]);
    const small = await json(await h.call("GET", "/v1/actors/pool/w0"), 200);
    assert.equal("more" in small, false);
  });

  test("detail lists the actors watching it", async () => {
    const { h } = withTimers();
    await using _ = h;
    await populate(h);
    const watcher = defineActor({
      kind: "watcher",
      init: (target: string, ctx) => {
        ctx.watch(h.kit.system.lookup(target)!, (notice) => notice);
        return 0;
      },
      receive: (n: number, _msg: unknown) => n,
    });
    h.kit.system.spawn(watcher, { name: "eye", args: "/solo" });
    await h.kit.runUntilIdle();
    const solo = await json(
      await h.call("GET", "/v1/observer/actors/solo"),
      200,
    );
    assert.deepEqual(solo.watchers, ["/eye"]);
    const eye = await json(await h.call("GET", "/v1/observer/actors/eye"), 200);
    assert.deepEqual(eye.watchers, []);
  });
});
