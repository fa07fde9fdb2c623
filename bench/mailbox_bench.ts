/**
 * The mailbox alone: fill with N messages, then take them all, for N from 16
 * to 1M, against the raw ring baseline. Four variants of the runtime's queue:
 * the core `RingBuffer`, a `Mailbox` kept across iterations (steady state: it
 * has grown once), and a fresh `Mailbox` per iteration (growth from 16 slots
 * by doubling included). The `Array` push/shift queue is measured up to 16,384
 * messages only: past that V8 copies the array on every `shift` and one
 * iteration at 65,536 takes seconds on Deno.
 *
 * @module
 */

import { Mailbox, RingBuffer } from "../mod.ts";
import { INC, type Inc, powerOfTwo, RawRing } from "./_baselines.ts";
import { type AddCase, check, type Profile } from "./_harness.ts";

/** The sizes of a profile. */
export function mailboxSizes(profile: Profile): number[] {
  if (profile === "full") return [16, 256, 4096, 65_536, 1_048_576];
  if (profile === "quick") return [16, 4096, 65_536];
  return [16, 64];
}

/** The largest size the Array queue is measured at. */
export const ARRAY_QUEUE_LIMIT = 16_384;

const sink = { count: 0 };

function handle(message: Inc): void {
  sink.count += message.by;
}

/**
 * Fills a raw ring and drains it.
 *
 * @param ring The ring, presized.
 * @param n Messages.
 */
export function rawRingFillDrain(ring: RawRing<Inc>, n: number): void {
  sink.count = 0;
  for (let i = 0; i < n; i++) ring.push(INC);
  while (ring.length > 0) handle(ring.shift());
  check(sink.count === n, "raw ring fill/drain");
}

/**
 * Fills the core ring buffer and drains it.
 *
 * @param ring The ring.
 * @param n Messages.
 */
export function ringBufferFillDrain(ring: RingBuffer<Inc>, n: number): void {
  sink.count = 0;
  for (let i = 0; i < n; i++) ring.push(INC);
  while (ring.length > 0) handle(ring.shift()!);
  check(sink.count === n, "ring buffer fill/drain");
}

/**
 * Offers N messages to a mailbox and takes them all.
 *
 * @param box The mailbox.
 * @param n Messages.
 */
export function mailboxFillDrain(box: Mailbox<Inc, never>, n: number): void {
  sink.count = 0;
  for (let i = 0; i < n; i++) box.offer(INC);
  while (box.length > 0) handle(box.take()!);
  check(sink.count === n, "mailbox fill/drain");
}

/**
 * Pushes N messages on an Array and shifts them all.
 *
 * @param queue The array.
 * @param n Messages.
 */
export function arrayFillDrain(queue: Inc[], n: number): void {
  sink.count = 0;
  for (let i = 0; i < n; i++) queue.push(INC);
  while (queue.length > 0) handle(queue.shift()!);
  check(sink.count === n, "array fill/drain");
}

/**
 * Registers the mailbox group.
 *
 * @param add Collects the cases.
 * @param profile The run's size.
 */
export function register(add: AddCase, profile: Profile): void {
  for (const n of mailboxSizes(profile)) {
    const prefix = `mailbox/${n}`;
    const common = { group: "mailbox", ops: n, unit: "msg" } as const;
    const baseline = `${prefix}/raw-ring`;
    add({
      ...common,
      id: baseline,
      name: `raw ring, ${n} (baseline)`,
      role: "baseline",
      setup: () => new RawRing<Inc>(powerOfTwo(n)),
      body: (ring) => rawRingFillDrain(ring, n),
    });
    add({
      ...common,
      id: `${prefix}/ring-buffer`,
      name: `RingBuffer, ${n}`,
      role: "subject",
      baseline,
      setup: () => new RingBuffer<Inc>(),
      body: (ring) => ringBufferFillDrain(ring, n),
    });
    add({
      ...common,
      id: `${prefix}/mailbox`,
      name: `Mailbox, ${n}`,
      role: "subject",
      baseline,
      setup: () => new Mailbox<Inc, never>(),
      body: (box) => mailboxFillDrain(box, n),
    });
    add({
      ...common,
      id: `${prefix}/mailbox-grow`,
      name: `Mailbox from empty (growth), ${n}`,
      role: "subject",
      baseline,
      body: () => mailboxFillDrain(new Mailbox<Inc, never>(), n),
    });
    if (n <= ARRAY_QUEUE_LIMIT) {
      add({
        ...common,
        id: `${prefix}/array-queue`,
        name: `Array push/shift, ${n}`,
        role: "baseline",
        baseline,
        setup: (): Inc[] => [],
        body: (queue) => arrayFillDrain(queue, n),
      });
    }
  }
}
