import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { injectFault } from "../../mod.ts";
import { Catalog, createControlPlane } from "../../http.ts";
import { escapeLabel } from "../../src/http/metrics.ts";
import { type Harness, setup } from "./_fixtures.ts";

const FAMILIES: Record<string, "gauge" | "counter"> = {
  understudy_actors: "gauge",
  understudy_messages_processed_total: "counter",
  understudy_restarts_total: "counter",
  understudy_failures_total: "counter",
  understudy_dead_letters_total: "counter",
  understudy_mailbox_messages: "gauge",
  understudy_mailbox_depth: "gauge",
  understudy_mailbox_high_water: "gauge",
  understudy_uptime_seconds: "gauge",
  understudy_event_streams: "gauge",
};

async function scrape(h: Harness): Promise<string> {
  const res = await h.call("GET", "/metrics");
  assert.equal(res.status, 200);
  return await res.text();
}

/** The samples of a scrape as `name{labels}` → value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

describe("GET /metrics", () => {
  test("is Prometheus text 0.0.4 with HELP and TYPE for every family", async () => {
    await using h = setup();
    const res = await h.call("GET", "/metrics");
    assert.match(
      res.headers.get("content-type") ?? "",
      /^text\/plain; version=0\.0\.4/,
    );
    const text = await res.text();
    assert.ok(text.endsWith("\n"));
    for (const [name, type] of Object.entries(FAMILIES)) {
      assert.match(text, new RegExp(`^# HELP ${name} \\S.*$`, "m"), name);
      assert.match(text, new RegExp(`^# TYPE ${name} ${type}$`, "m"), name);
    }
    for (const line of text.split("\n")) {
      if (line === "" || line.startsWith("# ")) continue;
      assert.match(
        line,
        /^[a-z_]+(\{[a-z]+="(?:[^"\\\n]|\\["\\n])*"\})? -?\d+(\.\d+)?$/,
        line,
      );
    }
  });

  test("counts actors by status, with a series for every status", async () => {
    await using h = setup();
    h.kit.system.spawn(h.counter, { name: "a", args: { start: 0 } });
    h.kit.system.spawn(h.counter, { name: "b", args: { start: 0 } });
    await h.kit.runUntilIdle();
    const s = samples(await scrape(h));
    assert.equal(s.get('understudy_actors{status="running"}'), 2);
    for (const status of ["starting", "failed", "backing-off", "stopped"]) {
      assert.equal(s.get(`understudy_actors{status="${status}"}`), 0, status);
    }
  });

  test("counters never go down when actors stop", async () => {
    await using h = setup();
    const ref = h.kit.system.spawn(h.counter, {
      name: "a",
      args: { start: 0 },
    });
    for (let i = 0; i < 3; i++) ref.tell({ type: "add", n: 1 });
    await h.kit.runUntilIdle();
    injectFault(ref, new Error("drill"));
    await h.kit.runUntilIdle();
    let s = samples(await scrape(h));
    assert.equal(s.get("understudy_messages_processed_total"), 3);
    assert.equal(s.get("understudy_restarts_total"), 1);
    assert.equal(s.get("understudy_failures_total"), 1);
    await ref.stop();
    ref.tell({ type: "add", n: 1 });
    s = samples(await scrape(h));
    assert.equal(s.get("understudy_messages_processed_total"), 3);
    assert.equal(s.get("understudy_restarts_total"), 1);
    assert.equal(s.get("understudy_dead_letters_total"), 1);
    assert.equal(s.get('understudy_mailbox_depth{path="/a"}'), undefined);
  });

  test("counts what happened before the control plane existed", async () => {
    await using h = setup();
    const ref = h.kit.system.spawn(h.counter, {
      name: "early",
      args: { start: 0 },
    });
    ref.tell({ type: "add", n: 1 });
    await h.kit.runUntilIdle();
    injectFault(ref, new Error("early"));
    await h.kit.runUntilIdle();
    const late = createControlPlane({
      system: h.kit.system,
      catalog: new Catalog(),
      token: "late",
    });
    await ref.stop();
    const text = await (await late.request("/metrics", {
      headers: { authorization: "Bearer late" },
    })).text();
    const s = samples(text);
    assert.equal(s.get("understudy_messages_processed_total"), 1);
    assert.equal(s.get("understudy_restarts_total"), 1);
    assert.equal(s.get("understudy_failures_total"), 1);
  });

  test("reports mailbox depth and high-water mark per actor, labels escaped", async () => {
    await using h = setup();
    const name = 'we"ird\\name';
    const ref = h.kit.system.spawn(h.counter, { name, args: { start: 0 } });
    const gate = Promise.withResolvers<void>();
    const waiting = Promise.withResolvers<void>();
    ref.tell({ type: "wait", gate: gate.promise, waiting: waiting.resolve });
    await waiting.promise;
    ref.tell({ type: "add", n: 1 });
    ref.tell({ type: "add", n: 1 });
    let s = samples(await scrape(h));
    const label = `{path="/we\\"ird\\\\name"}`;
    assert.equal(s.get(`understudy_mailbox_depth${label}`), 2);
    gate.resolve();
    await h.kit.runUntilIdle();
    s = samples(await scrape(h));
    assert.equal(s.get(`understudy_mailbox_depth${label}`), 0);
    assert.equal(s.get(`understudy_mailbox_high_water${label}`), 2);
  });

  test("series per actor only for the 100 highest mailbox high-water marks above 1; the total queued for all", async () => {
    await using h = setup();
    const refs = [];
    for (let i = 0; i < 130; i++) {
      refs.push(
        h.kit.system.spawn(h.counter, { name: `c${i}`, args: { start: 0 } }),
      );
    }
    for (let i = 0; i < 20; i++) {
      h.kit.system.spawn(h.counter, { name: `idle${i}`, args: { start: 0 } });
    }
    await h.kit.runUntilIdle();
    // Each counter waits on a gate; then actor i has 2 + i messages queued.
    const gate = Promise.withResolvers<void>();
    await Promise.all(refs.map((ref) => {
      const waiting = Promise.withResolvers<void>();
      ref.tell({ type: "wait", gate: gate.promise, waiting: waiting.resolve });
      return waiting.promise;
    }));
    refs.forEach((ref, i) => {
      for (let n = 0; n < 2 + i; n++) ref.tell({ type: "add", n: 1 });
    });
    let s = samples(await scrape(h));
    const depths = [...s.keys()].filter((k) =>
      k.startsWith("understudy_mailbox_depth{")
    );
    assert.equal(depths.length, 100);
    assert.equal(s.get('understudy_mailbox_depth{path="/c129"}'), 131);
    assert.equal(s.get('understudy_mailbox_depth{path="/c30"}'), 32);
    assert.equal(s.get('understudy_mailbox_depth{path="/c29"}'), undefined);
    assert.equal(s.get('understudy_mailbox_depth{path="/idle0"}'), undefined);
    assert.equal(s.get("understudy_mailbox_messages"), 130 * 2 + 129 * 65);
    gate.resolve();
    await h.kit.runUntilIdle();
    s = samples(await scrape(h));
    assert.equal(s.get("understudy_mailbox_messages"), 0);
    assert.equal(s.get('understudy_mailbox_depth{path="/c129"}'), 0);
    assert.equal(s.get('understudy_mailbox_high_water{path="/c129"}'), 131);
  });

  test("reports uptime in seconds of the system clock", async () => {
    await using h = setup();
    await h.kit.advance(2500);
    assert.equal(
      samples(await scrape(h)).get("understudy_uptime_seconds"),
      2.5,
    );
  });

  test("escapeLabel escapes backslash, quote and line feed", () => {
    assert.equal(escapeLabel('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
  });
});
