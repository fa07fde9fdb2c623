/**
 * Per-pair order across path switches, as a property: the real outbound
 * side (`Transport`, batching to NATS or a link) and the real inbound side
 * (`Inbound`) joined by a model of the wire where NATS and each link are
 * FIFO channels delivered in any interleaving, links open late at the
 * receiver, break at either end, and lose what they carried when broken.
 * Frames are sent batched (`send`) or, as asks and replies are, written at
 * once when nothing is queued (`sendNow`), and microtask checkpoints end
 * between operations. Whatever happens, frames are handled in the order
 * sent, and none is lost but those a broken link carried.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Transport } from "../../src/cluster/_transport.ts";
import { Inbound } from "../../src/cluster/_inbound.ts";
import type { LineSocket } from "../../src/cluster/_link_socket.ts";

interface Wire {
  readonly id: number;
  /** Batches written, not yet read. */
  queue: string[];
  /** Frames each queued batch carries. */
  frames: number[][];
  opened: boolean;
  late: boolean;
  /** The receiver saw it close: what it carried and carries is lost. */
  broken: boolean;
  dropped: boolean;
}

type Op =
  | { k: "send"; n: number; now: boolean; flush: "no" | "all" | "turn" }
  | { k: "up" }
  | { k: "down" }
  | { k: "break"; pick: number }
  | { k: "deliver"; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant("send" as const),
      n: fc.integer({ min: 1, max: 3 }),
      now: fc.boolean(),
      flush: fc.constantFrom("no" as const, "all" as const, "turn" as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ k: "up" as const }) },
  { weight: 1, arbitrary: fc.constant({ k: "down" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant("break" as const),
      pick: fc.nat({ max: 7 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      k: fc.constant("deliver" as const),
      pick: fc.nat({ max: 7 }),
    }),
  },
);

/** The sequence numbers of the test frames (`[0, seq]`) in a batch. */
function seqs(frames: unknown[][]): number[] {
  return frames.filter((f) => f[0] === 0).map((f) => f[1] as number);
}

async function run(
  ops: Op[],
): Promise<{ handled: number[]; lost: Set<number>; sent: number }> {
  const nats: { text: string; frames: number[] }[] = [];
  const handled: number[] = [];
  const lost = new Set<number>();
  const wires: Wire[] = [];
  let current: Wire | null = null;
  let seq = 0;
  const nc = {
    publish: (_subject: string, text: string) => {
      nats.push({ text, frames: seqs(JSON.parse(text).slice(1)) });
    },
    isClosed: () => false,
  };
  const transport = new Transport(nc as never, "x", "s");
  const inbound = new Inbound({
    onFrame: (_from, frame) => {
      if (frame[0] === 0) handled.push(frame[1] as number);
    },
    isDown: () => false,
    onResync: null,
  });
  const socketOf = (wire: Wire) =>
    ({
      get closed() {
        return wire.broken;
      },
      write(text: string) {
        const frames = seqs(JSON.parse(text.slice(0, -1)));
        if (wire.broken || wire.late) {
          for (const f of frames) lost.add(f);
        } else {
          wire.queue.push(text.slice(0, -1));
          wire.frames.push(frames);
        }
      },
    }) as unknown as LineSocket;
  const flush = () => transport.flushAll();
  // Links whose end marker was read here: one that opens after that (its
  // handshake outran by NATS) is dropped, and what it carried is lost.
  const ended = new Set<number>();
  const fromNats = (text: string) => {
    for (const frame of JSON.parse(text).slice(1)) {
      if (frame[0] === 10 && frame[2] === 0) ended.add(frame[1]);
    }
    inbound.natsBatch(text);
  };
  const open = (wire: Wire) => {
    // Links open in order at the receiver (one handshake after another).
    for (const w of wires) {
      if (w.opened) continue;
      w.opened = true;
      if (ended.has(w.id)) {
        for (const frames of w.frames) for (const f of frames) lost.add(f);
        w.late = true;
      }
      inbound.linkOpened("s", w.id);
      if (w === wire) break;
    }
  };
  const breakWire = (wire: Wire) => {
    if (wire.broken) return;
    open(wire);
    wire.broken = true;
    for (const frames of wire.frames) for (const f of frames) lost.add(f);
    wire.queue = [];
    wire.frames = [];
    inbound.linkClosed("s", wire.id);
  };
  const drop = (wire: Wire) => {
    if (wire.dropped) return;
    wire.dropped = true;
    if (current === wire) current = null;
    transport.dropLink("s2", wire.id);
  };
  const deliver = (pick: number) => {
    const ready = wires.filter((w) => w.queue.length > 0);
    const choice = pick % (ready.length + 1);
    if (choice === ready.length) {
      const batch = nats.shift();
      if (batch !== undefined) fromNats(batch.text);
      return;
    }
    const wire = ready[choice];
    open(wire);
    wire.frames.shift();
    inbound.linkBatch("s", wire.id, wire.queue.shift()!);
  };
  for (const o of ops) {
    if (o.k === "send") {
      for (let i = 0; i < o.n; i++) {
        if (o.now) transport.sendNow("s2", `[0,${seq++}]`);
        else transport.send("s2", `[0,${seq++}]`);
      }
      if (o.flush === "all") flush();
      // The end of a microtask checkpoint: scheduled flushes run.
      else if (o.flush === "turn") await null;
    } else if (o.k === "up" && current === null) {
      current = {
        id: wires.length + 1,
        queue: [],
        frames: [],
        opened: false,
        late: false,
        broken: false,
        dropped: false,
      };
      wires.push(current);
      const wire = current;
      transport.useLink("s2", wire.id, socketOf(wire));
    } else if (o.k === "down" && current !== null) drop(current);
    else if (o.k === "break" && wires.length > 0) {
      const wire = wires[o.pick % wires.length];
      breakWire(wire);
      drop(wire); // the sender sees it too
    } else if (o.k === "deliver") deliver(o.pick);
  }
  // Every link ends at both sides after what it carried was read; NATS last.
  flush();
  for (const wire of wires) {
    drop(wire);
    while (wire.queue.length > 0) {
      open(wire);
      wire.frames.shift();
      inbound.linkBatch("s", wire.id, wire.queue.shift()!);
    }
    breakWire(wire);
  }
  while (nats.length > 0) fromNats(nats.shift()!.text);
  return { handled, lost, sent: seq };
}

describe("order across path switches", () => {
  test("frames are handled in the order sent; only a broken link's are lost", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 8, maxLength: 60, size: "max" }),
        async (ops) => {
          const { handled, lost, sent } = await run(ops);
          for (let i = 1; i < handled.length; i++) {
            assert.ok(
              handled[i] > handled[i - 1],
              `${handled[i - 1]} then ${handled[i]}`,
            );
          }
          const seen = new Set(handled);
          for (let f = 0; f < sent; f++) {
            assert.ok(seen.has(f) || lost.has(f), `frame ${f} vanished`);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
