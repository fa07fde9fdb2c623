/**
 * The tables of `RESULTS.md`, one function per table, each over every
 * runtime's figures: a figure is its median over the processes that measured
 * it, with min–max.
 *
 * @module
 */

import type { CaseResult } from "./_results.ts";
import { pairedRatios, type RuntimeFigures } from "./_suite.ts";
import {
  formatNs,
  formatRatio,
  formatSpread,
  type Spread,
  spread,
} from "./_stats.ts";

/** The title of each group's table, in report order. */
export const GROUP_TITLES: Record<string, string> = {
  mailbox: "Mailbox alone (fill N, then take N)",
  tell: "Tell: one actor, N messages, then drained",
  "ping-pong": "Ping-pong: two actors bounce one number N times",
  "fan-out": "Fan-out: many actors, many messages each",
  ask: "Ask: N sequential asks to one actor",
  spawn: "Spawn: spawn N actors, (start them,) stop them all, wait",
  savina: "Savina micro-benchmarks",
  pubsub: "Pub/sub: publish to N subscribers, route over N group members",
};

const ns = (s: Spread) => formatSpread(s, formatNs);
const times = (s: Spread) => formatSpread(s, formatRatio);
const bytes = (s: Spread) => formatSpread(s, (x) => `${Math.round(x)} B`);
const ms = (s: Spread) => formatSpread(s, (x) => `${x.toFixed(2)} ms`);

function header(head: string[]): string[] {
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
  ];
}

function label(meta: CaseResult, all: readonly RuntimeFigures[]): string {
  const base = meta.baseline === undefined
    ? undefined
    : all.map((f) => f.cases.get(meta.baseline!)).find((c) => c)?.meta;
  return meta.role === "subject" && base !== undefined
    ? `${meta.name} (vs ${base.name.replace(/ \(baseline\)$/, "")})`
    : meta.name;
}

/**
 * One group's table: per runtime the time per op, the ratio to the case's
 * baseline, and to xstate, each a median with its range.
 *
 * @param group The group.
 * @param all Every runtime's figures.
 * @returns The Markdown lines (none when no runtime measured the group).
 */
export function groupTable(
  group: string,
  all: readonly RuntimeFigures[],
): string[] {
  const ids: string[] = [];
  for (const f of all) {
    for (const [id, c] of f.cases) {
      if (c.meta.group === group && !ids.includes(id)) ids.push(id);
    }
  }
  if (ids.length === 0) return [];
  const head = ["benchmark", "ops/iter"];
  for (const f of all) {
    const n = f.runtime.name;
    head.push(`${n} per op`, `${n} vs baseline`, `${n} vs xstate`);
  }
  const lines = [`### ${GROUP_TITLES[group] ?? group}`, "", ...header(head)];
  for (const id of ids) {
    const meta = all.map((f) => f.cases.get(id)).find((c) => c)!.meta;
    const row = [
      `\`${id}\`<br>${label(meta, all)}`,
      `${meta.ops.toLocaleString("en-US")} ${meta.unit}`,
    ];
    for (const f of all) {
      const c = f.cases.get(id);
      if (c === undefined) row.push("—", "—", "—");
      else if (c.samples.length === 0) row.push("failed", "—", "—");
      else {
        row.push(
          ns(spread(c.samples.map((s) => s.perOp))),
          c.meta.baseline === undefined
            ? "—"
            : times(spread(pairedRatios(f, id, c.meta.baseline))),
          (c.meta.xstate ?? []).map((x) =>
            `${times(spread(pairedRatios(f, id, x)))} (${
              x.endsWith("-transition") ? "fromTransition" : "machine"
            })`
          ).join(", ") || "—",
        );
      }
    }
    lines.push(`| ${row.join(" | ")} |`);
  }
  lines.push("");
  return lines;
}

/**
 * The Erlang table: per runtime, Erlang's time per op (the mean of the VM
 * runs on either side of each understudy process), understudy's, and the
 * per-process ratio.
 *
 * @param all Every runtime's figures.
 * @returns The Markdown lines.
 */
export function erlangTable(all: readonly RuntimeFigures[]): string[] {
  const ids = [...new Set(all.flatMap((f) => [...f.erlang.keys()]))];
  if (ids.length === 0) return [];
  const head = ["benchmark"];
  for (const f of all) {
    const n = f.runtime.name;
    head.push(`Erlang per op (next to ${n})`, `${n} per op`, `${n} / Erlang`);
  }
  const lines = [
    "### Erlang/OTP peer (`erl +S 1`, a fresh VM before and after each process)",
    "",
    ...header(head),
  ];
  for (const id of ids) {
    const row = [id];
    for (const f of all) {
      const e = f.erlang.get(id);
      const ours = e === undefined ? undefined : f.cases.get(e.subject);
      row.push(
        e === undefined ? "—" : ns(spread(e.erlangPerOp)),
        ours === undefined ? "—" : ns(spread(ours.samples.map((s) => s.perOp))),
        e === undefined ? "—" : times(spread(e.ratio)),
      );
    }
    lines.push(`| ${row.join(" | ")} |`);
  }
  lines.push("");
  return lines;
}

/**
 * The memory table: heap per idle actor.
 *
 * @param all Every runtime's figures.
 * @param erlangBytes `process_info(P, memory)` of an idle Erlang process.
 * @returns The Markdown lines.
 */
export function memoryTable(
  all: readonly RuntimeFigures[],
  erlangBytes: number | undefined,
): string[] {
  const measured = all.filter((f) =>
    f.memory.afterMail.length > 0 || f.memory.reasons.length > 0
  );
  if (measured.length === 0) return [];
  const lines = [
    "### Heap per idle actor (GC forced before each reading)",
    "",
    ...header([
      "runtime",
      "actors",
      "understudy, after handling mail (target)",
      "understudy, async handler, after mail",
      "understudy, never mailed",
      "floor runtime",
      "xstate (machine)",
      "Erlang process_info",
    ]),
  ];
  const erl = erlangBytes === undefined ? "—" : `${erlangBytes} B`;
  for (const f of measured) {
    const m = f.memory;
    if (m.afterMail.length === 0) {
      lines.push(
        `| ${f.runtime.name} | — | not measured: ${
          m.reasons[0]
        } | — | — | — | — | ${erl} |`,
      );
      continue;
    }
    lines.push(
      `| ${f.runtime.name} | ${m.actors.toLocaleString("en-US")} | ${
        bytes(spread(m.afterMail))
      } | ${
        m.afterAsyncMail.length === 0 ? "—" : bytes(spread(m.afterAsyncMail))
      } | ${bytes(spread(m.neverMailed))} | ${bytes(spread(m.floor))} | ${
        bytes(spread(m.xstate))
      } | ${erl} |`,
    );
  }
  lines.push(
    "",
    "The floor and xstate figures include the 8-byte array slot that keeps each actor alive; understudy's include the guardian's children entry.",
    "",
  );
  return lines;
}

/**
 * The fairness table: timer latency while one actor floods itself.
 *
 * @param all Every runtime's figures.
 * @returns The Markdown lines.
 */
export function fairnessTable(all: readonly RuntimeFigures[]): string[] {
  const measured = all.filter((f) => f.fairness.floodedP99.length > 0);
  if (measured.length === 0) return [];
  const lines = [
    "### Fairness: `setTimeout(0)` latency while one actor floods itself",
    "",
    ...header([
      "runtime",
      "time slice",
      "idle p99",
      "flooded p50",
      "flooded p99",
      "flood rate",
    ]),
  ];
  for (const f of measured) {
    const x = f.fairness;
    lines.push(
      `| ${f.runtime.name} | ${x.timeSliceMs} ms | ${ms(spread(x.idleP99))} | ${
        ms(spread(x.floodedP50))
      } | ${ms(spread(x.floodedP99))} | ${
        formatSpread(
          spread(x.floodRate),
          (r) => `${(r / 1000).toFixed(1)} M/s`,
        )
      } |`,
    );
  }
  lines.push("");
  return lines;
}
