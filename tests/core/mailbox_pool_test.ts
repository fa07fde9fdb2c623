import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ActorCell } from "../../src/core/actor_cell.ts";
import { Mailbox, MailboxPool } from "../../src/core/mailbox.ts";
import {
  type ActorRef,
  brokerOf,
  defineActor,
  inspect,
  listActors,
  supervisionTree,
  topic,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

/** Counts the numbers it handles. */
const worker = defineActor({
  kind: "pool-worker",
  init: () => 0,
  receive: (handled: number, _message: number) => handled + 1,
});

function cellOf(ref: ActorRef<never>): ActorCell {
  return ActorCell.of(ref)!;
}

function poolOf(ref: ActorRef<never>): MailboxPool {
  return cellOf(ref).runtime.scheduler.mailboxes;
}

describe("MailboxPool", () => {
  test("hands back the mailbox it was given, and a new one when empty", () => {
    const pool = new MailboxPool();
    const first = pool.acquire<string, never>();
    assert.equal(pool.size, 0);
    pool.release(first);
    assert.equal(pool.size, 1);
    assert.equal(pool.acquire(), first);
    assert.notEqual(pool.acquire(), first);
  });

  test("keeps at most 256 spare mailboxes", () => {
    const pool = new MailboxPool();
    for (let i = 0; i < 300; i++) pool.release(new Mailbox());
    assert.equal(pool.size, 256);
  });

  test("a mailbox is spare only when unbounded, without signals, and never held two messages", () => {
    const box = new Mailbox<number, string>();
    box.offer(1);
    box.take();
    assert.equal(box.spare, true);
    const bounded = new Mailbox<number, string>({ capacity: 10 });
    bounded.offer(1);
    bounded.take();
    assert.equal(bounded.spare, false);
    const signalled = new Mailbox<number, string>();
    signalled.offerSystem("stop");
    signalled.takeSystem();
    assert.equal(signalled.spare, false);
    const burst = new Mailbox<number, string>();
    burst.offer(1);
    burst.offer(2);
    burst.drain();
    assert.equal(burst.spare, false);
  });
});

describe("an idle actor's mailbox", () => {
  test("goes back to the pool once the actor has handled its one message", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(worker);
    ref.tell(1);
    await kit.runUntilIdle();
    assert.equal(cellOf(ref).box, null);
    assert.equal(poolOf(ref).size, 1);
    // Inspection still tells that one message was queued at once.
    assert.deepEqual(inspect(kit.system, ref)?.mailbox, {
      depth: 0,
      highWater: 1,
      capacity: null,
    });
  });

  test("is not taken back by inspection or a subscription", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(worker, { name: "w" });
    ref.tell(1);
    await kit.runUntilIdle();
    assert.equal(cellOf(ref).box, null);
    assert.deepEqual(inspect(kit.system, ref)?.mailbox, {
      depth: 0,
      highWater: 1,
      capacity: null,
    });
    assert.equal(listActors(kit.system)[0].mailbox.depth, 0);
    assert.equal(supervisionTree(kit.system)[0].mailboxDepth, 0);
    brokerOf(kit.system).subscribe(topic<number>("numbers"), ref);
    // A dashboard or a metrics scrape reads every actor every few seconds:
    // an idle actor must not get its mailbox back from it.
    assert.equal(cellOf(ref).box, null);
    assert.equal(poolOf(ref).size, 1);
  });

  test("goes back to the pool after an async handler settles", async () => {
    await using kit = new TestKit();
    const asyncWorker = defineActor({
      kind: "pool-async-worker",
      init: () => 0,
      receive: async (handled: number, _message: number) => {
        await Promise.resolve();
        return handled + 1;
      },
    });
    const ref = kit.system.spawn(asyncWorker);
    ref.tell(1);
    await kit.runUntilIdle();
    assert.equal(cellOf(ref).processed, 1);
    assert.equal(cellOf(ref).box, null);
    assert.equal(poolOf(ref).size, 1);
    // Nor does it keep the extras the handler needed (the scheduler's
    // tracking of it among them): an idle async actor costs what a
    // synchronous one does.
    assert.equal(cellOf(ref).x, null);
    // The next message takes a mailbox again and is handled.
    ref.tell(2);
    await kit.runUntilIdle();
    assert.equal(cellOf(ref).processed, 2);
    assert.equal(cellOf(ref).box, null);
  });

  test("is kept, with its high-water mark, after a burst", async () => {
    await using kit = new TestKit();
    const ref = kit.system.spawn(worker);
    ref.tell(1);
    ref.tell(2);
    await kit.runUntilIdle();
    assert.notEqual(cellOf(ref).box, null);
    assert.equal(inspect(kit.system, ref)?.mailbox.highWater, 2);
  });

  test("delivers every message in order whatever mailboxes come and go", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.nat(3), { maxLength: 4 }), { maxLength: 12 }),
        async (rounds) => {
          await using kit = new TestKit();
          const seen: number[][] = [[], [], [], []];
          const recorder = defineActor({
            kind: "pool-recorder",
            init: (i: number) => i,
            receive(i: number, n: number) {
              seen[i].push(n);
            },
          });
          const refs = [0, 1, 2, 3].map((i) =>
            kit.system.spawn(recorder, { args: i })
          );
          const sent: number[][] = [[], [], [], []];
          let n = 0;
          for (const round of rounds) {
            for (const to of round) {
              refs[to].tell(++n);
              sent[to].push(n);
            }
            await kit.runUntilIdle();
          }
          assert.deepEqual(seen, sent);
        },
      ),
      { numRuns: 60 },
    );
  });
});
