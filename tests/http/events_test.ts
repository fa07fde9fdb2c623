import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { injectFault } from "../../mod.ts";
import {
  assertError,
  dataOf,
  type Harness,
  setup,
  SseReader,
} from "./_fixtures.ts";

async function connect(
  h: Harness,
  query = "",
  headers: Record<string, string> = {},
): Promise<SseReader> {
  return new SseReader(
    await h.call("GET", `/v1/events${query}`, undefined, headers),
  );
}

async function spawnCounters(h: Harness, ...names: string[]) {
  for (const name of names) {
    h.kit.system.spawn(h.counter, { name, args: { start: 0 } });
  }
  await h.kit.runUntilIdle();
}

/** The value of an unlabelled metric. */
async function metric(h: Harness, name: string): Promise<number> {
  const text = await (await h.call("GET", "/metrics")).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  assert.ok(line, `metric ${name} present`);
  return Number(line.split(" ")[1]);
}

const ids = (frames: { id?: string }[]) => frames.map((f) => Number(f.id));

describe("GET /v1/events", () => {
  test("streams lifecycle events live: id = seq, event = type, data = JSON", async () => {
    await using h = setup();
    const sse = await connect(h);
    await spawnCounters(h, "x");
    const frames = await sse.until((f) => f.event === "started");
    const expected = h.kit.events.filter((e) => e.path === "/x");
    assert.deepEqual(frames.map((f) => f.event), expected.map((e) => e.type));
    assert.deepEqual(ids(frames), expected.map((e) => e.seq));
    const started = dataOf(frames.at(-1)!);
    assert.equal(started.type, "started");
    assert.equal(started.path, "/x");
    assert.equal(started.restarts, 0);
    assert.equal(started.seq, expected.at(-1)!.seq);
    assert.equal(dataOf(frames[0]).kind, "counter");
    await sse.cancel();
  });

  test("Last-Event-ID resumes with only the later events, then goes live", async () => {
    await using h = setup();
    await spawnCounters(h, "a", "b", "c");
    const after =
      h.kit.events.find((e) => e.type === "spawned" && e.path === "/b")!.seq;
    const sse = await connect(h, "", { "last-event-id": String(after) });
    const lastSeq = h.kit.events.at(-1)!.seq;
    const replay = await sse.until((f) => Number(f.id) === lastSeq);
    assert.ok(replay.every((f) => f.event !== "gap"), "no gap");
    assert.deepEqual(
      ids(replay),
      h.kit.events.filter((e) => e.seq > after).map((e) => e.seq),
    );
    await spawnCounters(h, "d");
    const live = await sse.event();
    assert.equal(live?.event, "spawned");
    assert.equal(dataOf(live).path, "/d");
    await sse.cancel();
  });

  test("?lastEventId= works like the header, and the header wins", async () => {
    await using h = setup();
    await spawnCounters(h, "a", "b");
    const seqs = h.kit.events.map((e) => e.seq);
    const byQuery = await connect(h, `?lastEventId=${seqs[1]}`);
    assert.equal(Number((await byQuery.event())?.id), seqs[2]);
    await byQuery.cancel();
    const both = await connect(h, `?lastEventId=${seqs[1]}`, {
      "last-event-id": String(seqs[2]),
    });
    assert.equal(Number((await both.event())?.id), seqs[3]);
    await both.cancel();
    const all = await connect(h, "?lastEventId=0");
    assert.equal(Number((await all.event())?.id), seqs[0]);
    await all.cancel();
  });

  test("an id older than the buffer gets a gap event first", async () => {
    await using h = setup({ eventBufferSize: 3 });
    await spawnCounters(h, "a", "b", "c");
    const seqs = h.kit.events.map((e) => e.seq);
    const last = seqs.at(-1)!;
    const sse = await connect(h, "", { "last-event-id": String(seqs[0]) });
    const gap = await sse.event();
    assert.equal(gap?.event, "gap");
    assert.equal(gap?.id, undefined, "a gap does not move the last id");
    assert.deepEqual(dataOf(gap), { from: seqs[0] + 1, to: last - 3 });
    const rest = await sse.until((f) => Number(f.id) === last);
    assert.deepEqual(ids(rest), [last - 2, last - 1, last]);
    await sse.cancel();
  });

  test("an id from another server run replays the whole buffer", async () => {
    await using h = setup();
    await spawnCounters(h, "a");
    const sse = await connect(h, "", { "last-event-id": "999999" });
    assert.equal(Number((await sse.event())?.id), h.kit.events[0].seq);
    await sse.cancel();
  });

  test("?types= filters, replay included", async () => {
    await using h = setup();
    await spawnCounters(h, "a");
    injectFault(h.kit.system.lookup("/a")!, new RangeError("bad input"));
    await h.kit.runUntilIdle();
    const sse = await connect(h, "?types=restarted,failed&lastEventId=0");
    const frames = await sse.until((f) => f.event === "restarted");
    assert.deepEqual(frames.map((f) => f.event), ["failed", "restarted"]);
    assert.deepEqual(dataOf(frames[0]).error, {
      name: "RangeError",
      message: "bad input",
    });
    assert.equal(dataOf(frames[1]).restarts, 1);
    await sse.cancel();
  });

  test("dead-letter messages are serialized safely and cut to 1 KiB", async () => {
    await using h = setup();
    await spawnCounters(h, "a");
    const ref = h.kit.system.lookup("/a")! as unknown as {
      stop(): Promise<void>;
      tell(m: unknown): boolean;
    };
    await ref.stop();
    const cyclic: Record<string, unknown> = { n: 5n };
    cyclic.self = cyclic;
    ref.tell(cyclic);
    ref.tell({ pad: "x".repeat(5000) });
    const sse = await connect(h, "?types=dead-letter&lastEventId=0");
    const first = dataOf(await sse.event());
    assert.deepEqual(first.message, { n: "5", self: "[Circular]" });
    assert.equal(first.messageTruncated, false);
    assert.equal(first.reason, "stopped");
    const second = dataOf(await sse.event());
    assert.equal(typeof second.message, "string");
    assert.equal((second.message as string).length, 1024);
    assert.ok((second.message as string).startsWith('{"pad":"xxx'));
    assert.equal(second.messageTruncated, true);
    await sse.cancel();
  });

  test("a heartbeat comment every 15 s of system time", async () => {
    await using h = setup();
    const sse = await connect(h);
    await h.kit.advance(14_999);
    await spawnCounters(h, "a");
    assert.equal((await sse.frame())?.retry, "3000");
    assert.equal((await sse.frame())?.event, "spawned", "no heartbeat yet");
    await sse.until((f) => f.event === "started");
    await h.kit.advance(1);
    assert.deepEqual((await sse.frame())?.comments, ["heartbeat"]);
    await h.kit.advance(15_000);
    assert.deepEqual((await sse.frame())?.comments, ["heartbeat"]);
    await sse.cancel();
  });

  test("a client going away ends its subscription", async () => {
    await using h = setup();
    assert.equal(await metric(h, "understudy_event_streams"), 0);
    const one = await connect(h);
    const two = await connect(h);
    assert.equal(await metric(h, "understudy_event_streams"), 2);
    await one.cancel();
    assert.equal(await metric(h, "understudy_event_streams"), 1);
    await two.cancel();
    assert.equal(await metric(h, "understudy_event_streams"), 0);
    await spawnCounters(h, "after"); // publishing to nobody is fine
  });

  test("system shutdown ends the stream after its last events", async () => {
    await using h = setup();
    await spawnCounters(h, "a");
    const sse = await connect(h);
    const done = h.kit.system.shutdown();
    await h.kit.runUntilIdle();
    await done;
    const frames = [];
    for (let f = await sse.event(); f !== null; f = await sse.event()) {
      frames.push(f);
    }
    assert.deepEqual(frames.map((f) => f.event), [
      "system-shutdown",
      "stopped",
    ]);
    assert.equal(await metric(h, "understudy_event_streams"), 0);
    const late = await connect(h, "?lastEventId=0");
    let replayed = 0;
    while ((await late.event()) !== null) replayed++;
    assert.equal(replayed, h.kit.events.length, "replay, then the end");
  });

  test("a reader that falls too far behind is dropped and can resume", async () => {
    await using h = setup({ eventBufferSize: 3 });
    const sse = await connect(h);
    await spawnCounters(h, "a", "b", "c", "d");
    assert.equal(await metric(h, "understudy_event_streams"), 0);
    while ((await sse.frame()) !== null) { /* drain to the end */ }
    const again = await connect(h, "?lastEventId=0");
    assert.equal((await again.event())?.event, "gap");
    assert.equal(Number((await again.event())?.id), h.kit.events.at(-3)!.seq);
    await again.cancel();
  });

  test("a bad Last-Event-ID, type or parameter is 400 bad_request", async () => {
    await using h = setup();
    for (
      const [query, headers] of [
        ["", { "last-event-id": "abc" }],
        ["", { "last-event-id": "-1" }],
        ["?lastEventId=1.5", {}],
        ["?types=restarted,exploded", {}],
        ["?types=", {}],
        ["?since=3", {}],
      ] as const
    ) {
      await assertError(
        await h.call("GET", `/v1/events${query}`, undefined, headers),
        400,
        "bad_request",
      );
    }
    assert.equal(await metric(h, "understudy_event_streams"), 0);
  });
});
