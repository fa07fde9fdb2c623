/**
 * Busy waiting after cluster traffic (`busyWaitMs`, `_busy_wait.ts`): the
 * process's one spinning thread runs at nice 19 while traffic is recent,
 * sleeps once its window passes, takes the longest window its holders ask
 * for and stops with the last of them; every batch sent or received marks
 * traffic; a bad `busyWaitMs` is a `RangeError` before anything connects.
 */
import { after, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import process from "node:process";
import { ActorSystem, defineActor, type ReplyPort } from "../../mod.ts";
import { joinCluster } from "../../cluster.ts";
import {
  BusyWait,
  CONVERSATION_FRAMES,
  holdBusyWait,
  SPIN_SLEEPING,
  SPIN_SPINNING,
  SPIN_UNAVAILABLE,
  spinnerLeaves,
  spinnerState,
} from "../../src/cluster/_busy_wait.ts";
import { Transport } from "../../src/cluster/_transport.ts";
import { Inbound } from "../../src/cluster/_inbound.ts";
import type { LineSocket } from "../../src/cluster/_link_socket.ts";
import { natsMissing, NatsServer } from "./_nats.ts";

const linux = process.platform === "linux";
const WAIT_MS = 10_000;

/** The nice value of a thread of this process, from `/proc`. */
function niceOf(tid: number): number {
  const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, "utf8");
  // Fields after "(comm) ": state is the first, nice the 17th.
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
}

/** Waits until the thread is in `state`, following its changes. */
async function until(state: number): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const now = spinnerState()?.state;
    if (now === state) return;
    assert.notEqual(now, undefined, "no spinning thread");
    await spinnerLeaves(now!, WAIT_MS);
  }
  assert.equal(spinnerState()?.state, state);
}

/**
 * Waits until no spinning thread runs: nodes of an earlier test file (Bun
 * runs every file in one process) may still be leaving.
 */
async function noThread(): Promise<void> {
  const left = spinnerState();
  if (left === null) return;
  const alive = setTimeout(() => {}, WAIT_MS);
  await new Promise((resolve) => left.worker.once("exit", resolve));
  clearTimeout(alive);
  assert.equal(spinnerState(), null);
}

/** A node's hold over a control array of its own, with no thread. */
function counter(): { hold: BusyWait; touches: () => number } {
  const control = new Int32Array(new SharedArrayBuffer(32));
  // The count of marks is the control array's first slot.
  return { hold: new BusyWait(control, 1), touches: () => control[0] };
}

describe("the spinning thread", { skip: !linux }, () => {
  beforeEach(noThread);

  test("spins at nice 19 after traffic, sleeps after its window, and stops with its last holder", async () => {
    const hold = holdBusyWait(40)!;
    assert.ok(hold, "this Linux process may lower a thread's priority");
    const exited = new Promise<number>((resolve) =>
      spinnerState()!.worker.once("exit", resolve)
    );
    // It starts asleep: nothing has happened yet.
    await until(SPIN_SLEEPING);
    const tid = spinnerState()!.tid;
    assert.ok(tid > 0 && tid !== process.pid);
    assert.equal(niceOf(tid), 19);

    const touched = performance.now();
    hold.touch();
    assert.equal(await spinnerLeaves(SPIN_SLEEPING, WAIT_MS), SPIN_SPINNING);
    assert.equal(await spinnerLeaves(SPIN_SPINNING, WAIT_MS), SPIN_SLEEPING);
    assert.ok(performance.now() - touched >= 39, "it spun for its window");

    // Traffic while it spins keeps it spinning from the last mark on.
    hold.touch();
    await until(SPIN_SPINNING);
    hold.touch();
    await until(SPIN_SLEEPING);

    hold.release();
    assert.equal(spinnerState(), null);
    await exited;
    hold.release(); // twice is harmless
    hold.touch(); // and so is traffic after it
  });

  test("one thread serves every holder, with the longest window", async () => {
    const a = holdBusyWait(2)!;
    const b = holdBusyWait(250)!;
    const first = spinnerState()!.worker;
    assert.equal(spinnerState()!.windowUs, 250_000);
    b.release();
    assert.equal(spinnerState()!.windowUs, 2_000);
    assert.equal(spinnerState()!.worker, first);
    const exited = new Promise((resolve) => first.once("exit", resolve));
    a.release();
    assert.equal(spinnerState(), null);
    await exited;
  });

  // Without a listener for the worker's error, Bun ends the process (Deno
  // prints the worker's error and goes on).
  test("a thread that fails stops spinning and leaves the process running", async () => {
    assert.equal(spinnerState(), null, "no thread yet");
    const hold = holdBusyWait(5, "throw new Error('no spinning here');")!;
    const worker = spinnerState()!.worker;
    // The thread is unref'd: something must keep Deno's event loop running.
    const alive = setTimeout(() => {}, WAIT_MS);
    await new Promise((resolve) => worker.once("exit", resolve));
    clearTimeout(alive);
    assert.equal(spinnerState()!.state, SPIN_UNAVAILABLE);
    hold.touch();
    hold.release();
    assert.equal(spinnerState(), null);
  });

  test("a window of 0 starts nothing", () => {
    assert.equal(holdBusyWait(0), null);
  });
});

describe("traffic marks", () => {
  test("every small batch a transport writes or publishes marks traffic; a burst's large batches do not", async () => {
    const published: string[] = [];
    const nc = {
      publish: (_subject: string, text: string) => void published.push(text),
      isClosed: () => false,
    };
    const transport = new Transport(nc as never, "x", "a");
    const { hold, touches } = counter();
    transport.busy = hold;
    transport.send("b", "[0,1]");
    transport.send("b", "[0,2]");
    await null;
    assert.equal(published.length, 1);
    assert.equal(touches(), 1, "one batch, one mark");
    const written: string[] = [];
    const link = { write: (t: string) => void written.push(t) };
    transport.useLink("c", 1, link as unknown as LineSocket);
    const before = touches();
    transport.sendNow("c", "[2,1,5,0]");
    assert.equal(written.length, 1);
    assert.equal(touches(), before + 1);
    await null;
    for (let i = 0; i < CONVERSATION_FRAMES + 1; i++) {
      transport.send("c", `[0,${i}]`);
    }
    await null;
    assert.equal(written.length, 2);
    assert.equal(touches(), before + 1, "a burst marks nothing");
  });

  test("every small batch received, over NATS or a link, marks traffic; a large one does not", () => {
    const inbound = new Inbound({
      onFrame: () => {},
      isDown: () => false,
      onResync: null,
    });
    const { hold, touches } = counter();
    inbound.busy = hold;
    const frames = (n: number) =>
      Array.from({ length: n }, (_, i) => `[0,"/x",${i}]`).join(",");
    inbound.natsBatch(`["b",${frames(CONVERSATION_FRAMES)}]`);
    inbound.natsBatch("not json");
    inbound.natsBatch(`["b",${frames(CONVERSATION_FRAMES + 1)}]`);
    inbound.linkOpened("b", 7);
    inbound.linkBatch("b", 7, `[${frames(1)}]`);
    inbound.linkBatch("b", 7, `[${frames(CONVERSATION_FRAMES + 1)}]`);
    assert.equal(touches(), 2);
  });
});

describe("busyWaitMs", () => {
  test("a bad value is a RangeError before anything connects", async () => {
    await using system = new ActorSystem();
    for (const busyWaitMs of [-1, 1001, Number.NaN, "1", null]) {
      await assert.rejects(
        joinCluster({
          system,
          node: "a",
          servers: "nats://127.0.0.1:1",
          busyWaitMs: busyWaitMs as number,
        }),
        (e: Error) =>
          e instanceof RangeError &&
          /busyWaitMs must be a number from 0 to 1000/
            .test(e.message),
      );
    }
  });
});

type Msg = { n: number; replyTo: ReplyPort<number> };
const echo = defineActor({
  init: () => null,
  receive(_: null, msg: Msg) {
    msg.replyTo.reply(msg.n);
    return null;
  },
});

describe("nodes that busy-wait", { skip: natsMissing() || !linux }, () => {
  beforeEach(noThread);

  test("hold the thread while joined, mark an ask's batches, and let it go when they leave", async () => {
    const server = await NatsServer.start();
    after(() => server.dispose());
    await using systemB = new ActorSystem({ name: "b" });
    systemB.spawn(echo, { name: "echo" });
    const b = await joinCluster({
      system: systemB,
      node: "b",
      servers: server.url,
      busyWaitMs: 5,
    });
    await using systemA = new ActorSystem({ name: "a" });
    const a = await joinCluster({
      system: systemA,
      node: "a",
      servers: server.url,
    });
    const thread = spinnerState()!;
    assert.equal(thread.windowUs, 5_000, "the longer of 1 (default) and 5");
    const exited = new Promise((resolve) =>
      thread.worker.once("exit", resolve)
    );
    const ref = a.refAt<Msg>("b", "/echo");
    assert.equal(await ref.ask((replyTo) => ({ n: 1, replyTo })), 1);
    const before = spinnerState()!.touches;
    assert.equal(await ref.ask((replyTo) => ({ n: 2, replyTo })), 2);
    // Sent by a, received by b, the reply sent by b, received by a.
    assert.ok(spinnerState()!.touches - before >= 4);
    await b.leave();
    assert.equal(spinnerState()!.windowUs, 1_000);
    await a.leave();
    assert.equal(spinnerState(), null);
    await exited;
  });

  test("a node with busyWaitMs 0 holds nothing", async () => {
    const server = await NatsServer.start();
    after(() => server.dispose());
    await using system = new ActorSystem();
    const node = await joinCluster({
      system,
      node: "a",
      servers: server.url,
      busyWaitMs: 0,
    });
    assert.equal(spinnerState(), null);
    await node.leave();
  });
});
