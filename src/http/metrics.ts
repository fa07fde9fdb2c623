/**
 * Prometheus metrics in the text exposition format 0.0.4.
 *
 * @module
 */

import type { ActorStatus } from "../core/actor_ref.ts";
import type { ActorSystem } from "../core/actor_system.ts";
import { census } from "../core/census.ts";
import type { Counters } from "./counters.ts";

/** The `Content-Type` of the exposition format. */
export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Every actor status, so each `understudy_actors` series always exists. */
export const ACTOR_STATUSES: readonly ActorStatus[] = [
  "starting",
  "running",
  "failed",
  "restarting",
  "backing-off",
  "stopping",
  "stopped",
];

/** What {@linkcode renderMetrics} reads. */
export interface MetricsSource {
  /** The system. */
  readonly system: ActorSystem;
  /** Its lifetime counters. */
  readonly counters: Counters;
  /** Open event streams now. */
  readonly eventStreams: number;
  /** Subtrees the API guardian stopped after a failure. Defaults to 0. */
  readonly apiSubtreesStopped?: number;
}

/**
 * The most actors with series of their own. Series per actor for every actor
 * would make a scrape of a system with 100,000 actors 12 MB and its label
 * sets unbounded, which Prometheus advises against: the actors whose mail
 * ever queued up (a high-water mark above 1) are the ones worth a series,
 * the highest first.
 */
export const PER_ACTOR_SERIES = 100;

/**
 * Escapes a label value: backslash, double quote and line feed.
 *
 * @param value The raw value.
 * @returns The escaped value, without the surrounding quotes.
 * @example
 * ```ts
 * import { escapeLabel } from "./metrics.ts";
 * console.assert(escapeLabel('a"b\\c\nd') === 'a\\"b\\\\c\\nd');
 * ```
 */
export function escapeLabel(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll(
    "\n",
    "\\n",
  );
}

/**
 * Renders the metrics of a system.
 *
 * @param source The system, its counters and the open stream count.
 * @returns The exposition text, ending with a line feed.
 * @example
 * ```ts
 * import { ActorSystem } from "@understudy/runtime";
 * import { Counters } from "./counters.ts";
 * import { renderMetrics } from "./metrics.ts";
 * await using system = new ActorSystem();
 * const text = renderMetrics({ system, counters: new Counters(system), eventStreams: 0 });
 * console.assert(text.includes("# TYPE understudy_restarts_total counter"));
 * ```
 */
export function renderMetrics(source: MetricsSource): string {
  const { system, counters } = source;
  const counts = census(system, { busiest: PER_ACTOR_SERIES });
  const lines: string[] = [];
  const family = (
    name: string,
    type: "gauge" | "counter",
    help: string,
    samples: readonly [labels: string, value: number][],
  ) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) {
      lines.push(`${name}${labels} ${value}`);
    }
  };
  const label = (key: string, value: string) =>
    `{${key}="${escapeLabel(value)}"}`;
  family(
    "understudy_actors",
    "gauge",
    "Live actors by status.",
    ACTOR_STATUSES.map((status) => [
      label("status", status),
      counts.byStatus[status],
    ]),
  );
  family(
    "understudy_messages_processed_total",
    "counter",
    "Messages handled by actors.",
    [["", counters.processedWith(counts.processed)]],
  );
  family("understudy_restarts_total", "counter", "Actor restarts.", [
    ["", counters.restarts],
  ]);
  family(
    "understudy_failures_total",
    "counter",
    "Actor failures (a handler or init threw).",
    [["", counters.failures]],
  );
  family(
    "understudy_dead_letters_total",
    "counter",
    "Messages that could not be delivered or handled.",
    [["", system.deadLetters]],
  );
  family(
    "understudy_mailbox_messages",
    "gauge",
    "User messages queued in all mailboxes.",
    [["", counts.queued]],
  );
  const watched = counts.busiest;
  family(
    "understudy_mailbox_depth",
    "gauge",
    `User messages queued, per actor (the ${PER_ACTOR_SERIES} with the highest high-water marks above 1).`,
    watched.map((a) => [label("path", a.path), a.depth]),
  );
  family(
    "understudy_mailbox_high_water",
    "gauge",
    `The most user messages ever queued at once, per actor (the ${PER_ACTOR_SERIES} highest above 1).`,
    watched.map((a) => [label("path", a.path), a.highWater]),
  );
  family(
    "understudy_uptime_seconds",
    "gauge",
    "Seconds since the actor system started.",
    [["", (system.clock.now() - system.startedAt) / 1000]],
  );
  family(
    "understudy_event_streams",
    "gauge",
    "Open /v1/events streams.",
    [["", source.eventStreams]],
  );
  family(
    "understudy_api_subtrees_stopped_total",
    "counter",
    "Subtrees created over the API that failed and were stopped by the API guardian.",
    [["", source.apiSubtreesStopped ?? 0]],
  );
  return lines.join("\n") + "\n";
}
