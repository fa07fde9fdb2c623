/**
 * `Transport.sendNow`, used for asks and replies: over a direct link with
 * nothing queued, a frame is written at once (not at the end of the
 * microtask checkpoint); later frames of the same checkpoint are batched
 * as by `send`, so a burst costs at most one write more.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Transport } from "../../src/cluster/_transport.ts";
import type { LineSocket } from "../../src/cluster/_link_socket.ts";

function setup() {
  const published: string[] = [];
  const written: string[] = [];
  const nc = {
    publish: (_subject: string, text: string) => void published.push(text),
    isClosed: () => false,
  };
  const transport = new Transport(nc as never, "x", "a");
  const link = {
    closed: false,
    write: (text: string) => void written.push(text),
  } as unknown as LineSocket;
  return { transport, link, published, written };
}

/** Lets the microtasks queued so far run (the end of a checkpoint). */
const endOfTurn = async () => {
  await null;
};

describe("Transport.sendNow", () => {
  test("a lone frame over a link is written at once", async () => {
    const { transport, link, written } = setup();
    transport.useLink("b", 1, link);
    transport.sendNow("b", "[2,1,5,0]");
    assert.deepEqual(written, ["[[2,1,5,0]]\n"]);
    await endOfTurn();
    assert.deepEqual(written, ["[[2,1,5,0]]\n"]);
  });

  test("frames after it in the same checkpoint are batched, in order", async () => {
    const { transport, link, written } = setup();
    transport.useLink("b", 1, link);
    transport.sendNow("b", "[2,1,5,0]");
    transport.sendNow("b", "[2,2,6,0]");
    transport.send("b", '[0,"/x",1,0]');
    transport.sendNow("b", "[2,3,7,0]");
    assert.deepEqual(written, ["[[2,1,5,0]]\n"]);
    await endOfTurn();
    assert.deepEqual(written, [
      "[[2,1,5,0]]\n",
      '[[2,2,6,0],[0,"/x",1,0],[2,3,7,0]]\n',
    ]);
    // A new checkpoint: at once again.
    transport.sendNow("b", "[2,4,8,0]");
    assert.equal(written.length, 3);
    assert.equal(written[2], "[[2,4,8,0]]\n");
  });

  test("behind queued tells it waits for their batch", async () => {
    const { transport, link, written } = setup();
    transport.useLink("b", 1, link);
    transport.send("b", '[0,"/x",1,0]');
    transport.sendNow("b", '[1,"/y",2,0,9,5000]');
    assert.deepEqual(written, []);
    await endOfTurn();
    assert.deepEqual(written, ['[[0,"/x",1,0],[1,"/y",2,0,9,5000]]\n']);
  });

  test("without a link it goes over NATS at the end of the checkpoint", async () => {
    const { transport, published } = setup();
    transport.sendNow("b", "[2,1,5,0]");
    assert.deepEqual(published, []);
    await endOfTurn();
    assert.deepEqual(published, ['["a",[2,1,5,0]]']);
  });

  test("a frame written at once counts as a batch for the path switch", async () => {
    const { transport, link, published } = setup();
    transport.useLink("b", 7, link);
    await endOfTurn();
    published.length = 0;
    transport.sendNow("b", "[2,1,5,0]");
    transport.send("b", '[0,"/x",1,0]');
    await endOfTurn();
    transport.dropLink("b", 7);
    // Two batches went over link 7: the marker says so.
    assert.deepEqual(published, ['["a",[10,7,0,2]]']);
  });
});
