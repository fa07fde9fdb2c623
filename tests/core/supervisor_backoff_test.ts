import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type BackoffOptions,
  childSpec,
  defineActor,
  inspect,
  supervisor,
  terminateChild,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

// Akka's restartWithBackoff on the system clock: the n-th consecutive
// restart waits min(maxMs, minMs * factor ** n); the child is "backing-off"
// meanwhile and its mail is held for the restarted instance; a child that ran
// for resetAfterMs without failing starts again from minMs.

type Msg = "crash" | `note ${string}`;

const worker = defineActor({
  init(log: string[], ctx) {
    log.push(`start @${ctx.system.clock.now()}`);
    return log;
  },
  receive(log: string[], msg: Msg, ctx) {
    if (msg === "crash") throw new Error("crashed");
    log.push(`${msg} @${ctx.system.clock.now()}`);
  },
});

const BACKOFF: BackoffOptions = { minMs: 100, factor: 2, maxMs: 1000 };

async function start(kit: TestKit, backoff: BackoffOptions = BACKOFF) {
  const log: string[] = [];
  const sup = kit.system.spawn(
    supervisor({
      maxRestarts: 100,
      withinMs: 60_000,
      backoff,
      children: [childSpec("w", worker, { args: log })],
    }),
    { name: "sup" },
  );
  await kit.runUntilIdle();
  log.length = 0;
  const w = kit.system.lookup<Msg>("/sup/w")!;
  return { log, sup, w };
}

describe("restart backoff", () => {
  test("consecutive restarts wait 100, 200, 400, 800 ms, then stay at maxMs", async () => {
    await using kit = new TestKit();
    const { log, w } = await start(kit);
    const delays = [100, 200, 400, 800, 1000, 1000];
    let expectedAt = 0;
    for (const delay of delays) {
      const startsBefore = log.length;
      w.tell("crash");
      await kit.advance(delay - 1);
      assert.equal(w.status, "backing-off", `still waiting ${delay - 1} ms in`);
      assert.equal(log.length, startsBefore, "no start before the delay");
      await kit.advance(1);
      expectedAt += delay;
      assert.equal(w.status, "running");
      assert.deepEqual(log.slice(startsBefore), [`start @${expectedAt}`]);
    }
    assert.deepEqual(log, [
      "start @100",
      "start @300",
      "start @700",
      "start @1500",
      "start @2500",
      "start @3500",
    ]);
    assert.deepEqual(
      kit.eventsOf("backing-off").map((e) => [e.path, e.delayMs, e.time]),
      [
        ["/sup/w", 100, 0],
        ["/sup/w", 200, 100],
        ["/sup/w", 400, 300],
        ["/sup/w", 800, 700],
        ["/sup/w", 1000, 1500],
        ["/sup/w", 1000, 2500],
      ],
    );
    assert.deepEqual(
      kit.eventsOf("restarted").map((e) => e.time),
      [100, 300, 700, 1500, 2500, 3500],
    );
    assert.equal(w.restarts, 6);
  });

  test("inspection shows backing-off while the child waits", async () => {
    await using kit = new TestKit();
    const { sup, w } = await start(kit);
    w.tell("crash");
    await kit.advance(50);
    assert.equal(whichChildren(sup)[0].status, "restarting");
    assert.equal(inspect(kit.system, "/sup/w")?.status, "backing-off");
    assert.equal(inspect(kit.system, "/sup")?.supervisor?.backoff, true);
  });

  test("mail sent during the backoff is held and delivered after the restart, in order", async () => {
    await using kit = new TestKit();
    const { log, w } = await start(kit);
    w.tell("crash");
    await kit.advance(10);
    w.tell("note 1");
    await kit.advance(40);
    w.tell("note 2");
    w.tell("note 3");
    await kit.advance(49);
    assert.deepEqual(log, [], "nothing handled while backing off");
    assert.equal(inspect(kit.system, w)?.mailbox.depth, 3);
    await kit.advance(1);
    assert.deepEqual(log, [
      "start @100",
      "note 1 @100",
      "note 2 @100",
      "note 3 @100",
    ]);
    assert.deepEqual(
      kit.eventsOf("dead-letter").map((e) => e.message),
      ["crash"],
    );
  });

  test("after running resetAfterMs without failing the next delay is minMs again", async () => {
    await using kit = new TestKit();
    const { log, w } = await start(kit, { ...BACKOFF, resetAfterMs: 1000 });
    w.tell("crash"); // t=0: 100 ms
    await kit.advance(100);
    w.tell("crash"); // t=100: 200 ms
    await kit.advance(200);
    await kit.advance(999); // ran 999 ms: not quiet long enough
    w.tell("crash"); // t=1299: 400 ms
    await kit.advance(400);
    await kit.advance(1000); // ran 1000 ms: reset
    w.tell("crash"); // t=2699: 100 ms
    await kit.advance(100);
    assert.deepEqual(
      kit.eventsOf("backing-off").map((e) => e.delayMs),
      [100, 200, 400, 100],
    );
    assert.deepEqual(log, [
      "start @100",
      "start @300",
      "start @1699",
      "start @2799",
    ]);
  });

  test("resetAfterMs defaults to maxMs", async () => {
    await using kit = new TestKit();
    const { w } = await start(kit, { minMs: 10, factor: 2, maxMs: 500 });
    w.tell("crash");
    await kit.advance(10);
    w.tell("crash");
    await kit.advance(20 + 499);
    w.tell("crash"); // ran 499 ms: 40
    await kit.advance(40 + 500);
    w.tell("crash"); // ran 500 ms: back to 10
    await kit.advance(10);
    assert.deepEqual(
      kit.eventsOf("backing-off").map((e) => e.delayMs),
      [10, 20, 40, 10],
    );
  });

  test("a child stopped while backing off is not restarted", async () => {
    await using kit = new TestKit();
    const { log, sup, w } = await start(kit);
    w.tell("crash");
    await kit.advance(50);
    await terminateChild(sup, "w");
    await kit.advance(1000);
    assert.equal(w.status, "stopped");
    assert.deepEqual(log, []);
    assert.equal(kit.eventsOf("restarted").length, 0);
    assert.equal(whichChildren(sup)[0].status, "undefined");
  });
});
