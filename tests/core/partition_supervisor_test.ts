import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  countChildren,
  defineActor,
  inspect,
  partitionFor,
  partitionSupervisor,
  stableHash,
  supervisor,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// Elixir's PartitionSupervisor: N identical one-for-one children (default:
// one per scheduler, here the host's hardwareConcurrency) and a key routed
// to the same partition every time, across restarts too, by a stable hash
// (FNV-1a 32-bit over the key's string form).

type Msg = string;

interface Args {
  readonly partition: number;
  readonly log: string[];
}

const worker = defineActor({
  kind: "partition-worker",
  init: (args: Args) => args,
  receive(state: Args, msg: Msg) {
    if (msg === "crash") {
      throw new Error(`partition ${state.partition} crashed`);
    }
    state.log.push(`${state.partition}:${msg}`);
  },
});

async function start(kit: TestKit, partitions = 4) {
  const log: string[] = [];
  const pool = kit.system.spawn(
    partitionSupervisor({
      worker,
      partitions,
      args: (partition) => ({ partition, log }),
    }),
    { name: "pool" },
  );
  await kit.runUntilIdle();
  return { log, pool };
}

describe("stableHash", () => {
  test("is FNV-1a 32-bit: the published test vectors", () => {
    assert.equal(stableHash(""), 0x811c9dc5);
    assert.equal(stableHash("a"), 0xe40c292c);
    assert.equal(stableHash("foobar"), 0xbf9cf968);
  });

  test("hashes a number as its string form and always returns an unsigned 32-bit integer", () => {
    assert.equal(stableHash(42), stableHash("42"));
    assert.equal(stableHash("42"), 0x87e38583);
    for (const key of ["user-7", "é", "a much longer key with spaces", 0]) {
      const hash = stableHash(key);
      assert.ok(Number.isInteger(hash) && hash >= 0 && hash <= 0xffffffff);
      assert.equal(stableHash(key), hash, "same key, same hash");
    }
  });
});

describe("partition supervisor", () => {
  test("defaults to one worker per core the host reports, at least one", async () => {
    await using kit = new TestKit();
    const pool = kit.system.spawn(
      partitionSupervisor({
        worker,
        args: (partition) => ({ partition, log: [] }),
      }),
      { name: "pool" },
    );
    await kit.runUntilIdle();
    const cores = navigator.hardwareConcurrency;
    const expected = typeof cores === "number" && cores >= 1
      ? Math.floor(cores)
      : 1;
    assert.equal(countChildren(pool).specs, expected);
    assert.equal(countChildren(pool).active, expected);
  });

  test("starts N workers, partition-0 to partition-N-1, each with its index's args", async () => {
    await using kit = new TestKit();
    const { log, pool } = await start(kit, 3);
    const children = whichChildren(pool).reverse();
    assert.deepEqual(children.map((c) => c.id), [
      "partition-0",
      "partition-1",
      "partition-2",
    ]);
    for (let i = 0; i < 3; i++) {
      kit.system.lookup<Msg>(`/pool/partition-${i}`)!.tell("hello");
    }
    await kit.runUntilIdle();
    assert.deepEqual(log, ["0:hello", "1:hello", "2:hello"]);
    const info = inspect(kit.system, pool)?.supervisor;
    assert.equal(info?.type, "partition");
    assert.equal(info?.strategy, "one-for-one");
  });

  test("tell({ key, message }) routes every message of a key to the worker at stableHash(key) % N", async () => {
    await using kit = new TestKit();
    const { log, pool } = await start(kit, 4);
    const keys = ["user-7", "a", "foobar", "42", "order-1", "order-2"];
    for (const key of keys) pool.tell({ key, message: `${key}#1` });
    for (const key of keys) pool.tell({ key, message: `${key}#2` });
    await kit.runUntilIdle();
    for (const key of keys) {
      const partition = stableHash(key) % 4;
      assert.deepEqual(
        log.filter((line) => line.includes(`:${key}#`)),
        [`${partition}:${key}#1`, `${partition}:${key}#2`],
      );
    }
    // "user-7" hashes to 0xf353764e, partition 2 of 4 (computed by hand).
    assert.equal(partitionFor(pool, "user-7")?.path, "/pool/partition-2");
  });

  test("partitionFor returns the same ref before and after that worker restarts, and routing still reaches it", async () => {
    await using kit = new TestKit();
    const { log, pool } = await start(kit, 4);
    const before = partitionFor(pool, "user-7")!;
    pool.tell({ key: "user-7", message: "crash" });
    pool.tell({ key: "user-7", message: "after" });
    await kit.runUntilIdle();
    assert.equal(before.restarts, 1);
    assert.equal(partitionFor(pool, "user-7"), before);
    assert.deepEqual(log, ["2:after"]);
    before.tell("direct");
    await kit.runUntilIdle();
    assert.deepEqual(log, ["2:after", "2:direct"]);
    const others = whichChildren(pool).filter((c) => c.id !== "partition-2");
    assert.deepEqual(others.map((c) => c.restarts), [0, 0, 0]);
  });

  test("partitionFor on a supervisor that is not a partition supervisor throws TypeError", async () => {
    await using kit = new TestKit();
    const plain = kit.system.spawn(supervisor({ children: [] }), {
      name: "plain",
    });
    await kit.runUntilIdle();
    assert.throws(() => partitionFor(plain as never, "k"), {
      name: "TypeError",
      message: 'Cannot route message: "/plain" is not a partition supervisor',
    });
  });

  test("bad options give TypeError or RangeError", () => {
    assert.throws(
      () => partitionSupervisor({ worker: {} as never }),
      {
        name: "TypeError",
        message:
          "Invalid partition supervisor options: worker must be an actor definition",
      },
    );
    for (const partitions of [0, -2, 2.5]) {
      assert.throws(() => partitionSupervisor({ worker, partitions }), {
        name: "RangeError",
        message:
          `Invalid partition supervisor options: partitions must be a positive integer, got "${partitions}"`,
      });
    }
  });
});
