/**
 * The rows of the dashboard's actor table (`GET /v1/observer/actors`):
 * filtered and sorted here as the page does it, and at most `limit` of them
 * sent, so a system of 100,000 actors answers with the rows that matter for
 * the view, not megabytes a poll. Private to `src/http`.
 *
 * @module
 */

import { type ActorSummary, summarizeActors } from "../core/inspection.ts";
import { ACTOR_STATUSES } from "./metrics.ts";
import type { Observer } from "./observer.ts";
import type { Plane } from "./_plane.ts";
import { badQuery, integerParam } from "./_query.ts";
import { truncateText } from "./serialize.ts";

/** The columns of a row, in order. */
export const ACTOR_COLUMNS: readonly string[] = [
  "path",
  "kind",
  "status",
  "depth",
  "highWater",
  "processed",
  "rate",
  "restarts",
  "failures",
  "lastError",
  "lastFailureAt",
];

/** The query parameters of the route. */
export const ROW_PARAMS = ["limit", "sort", "dir", "q", "status"];

/** The rows sent unless `limit` says otherwise. */
export const TABLE_ROWS = 10_000;

/** The columns the table sorts by, and whether each is a number. */
export const SORTABLE: Readonly<Record<string, boolean>> = {
  path: false,
  kind: false,
  status: false,
  depth: true,
  highWater: true,
  processed: true,
  rate: true,
  restarts: true,
  lastError: false,
};

type Row = (string | number | null)[];

/**
 * The table's rows for a query.
 *
 * @param plane The shared state.
 * @param observer The sampler (rates and failure times).
 * @param params The query, already checked for unknown names.
 * @returns The columns, every actor's count, the count matching the filter,
 * the order, and the first `limit` matching rows in that order.
 * @throws {HttpError} 400 for a bad parameter.
 */
export function actorRows(
  plane: Plane,
  observer: Observer,
  params: URLSearchParams,
): {
  columns: readonly string[];
  total: number;
  matched: number;
  sort: string;
  dir: "asc" | "desc";
  rows: Row[];
} {
  const limit = integerParam(params.get("limit"), "limit", 1, 100_000) ??
    TABLE_ROWS;
  const sort = params.get("sort") ?? "path";
  if (!(sort in SORTABLE)) {
    throw badQuery(
      `Invalid sort "${sort.slice(0, 40)}": expected one of ${
        Object.keys(SORTABLE).join(", ")
      }`,
    );
  }
  const dirText = params.get("dir") ?? "asc";
  if (dirText !== "asc" && dirText !== "desc") {
    throw badQuery(
      `Invalid dir "${dirText.slice(0, 40)}": expected asc or desc`,
    );
  }
  const status = params.get("status");
  if (status !== null && !(ACTOR_STATUSES as string[]).includes(status)) {
    throw badQuery(
      `Invalid status "${status.slice(0, 40)}": expected one of ${
        ACTOR_STATUSES.join(", ")
      }`,
    );
  }
  const needle = (params.get("q") ?? "").trim().toLowerCase();
  const all = summarizeActors(plane.system).map((actor) =>
    rowOf(actor, observer)
  );
  const matching = needle === "" && status === null
    ? all
    : all.filter((row) => matches(row, needle, status));
  const at = ACTOR_COLUMNS.indexOf(sort);
  const numeric = SORTABLE[sort];
  const dir = dirText === "asc" ? 1 : -1;
  matching.sort((a, b) => {
    const x = a[at], y = b[at];
    let c;
    if (numeric) {
      c = (x === null ? -1 : x as number) - (y === null ? -1 : y as number);
    } else {
      c = x === y
        ? 0
        : x === null
        ? -1
        : y === null
        ? 1
        : String(x) < String(y)
        ? -1
        : 1;
    }
    if (c === 0) c = a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0;
    return c * dir;
  });
  return {
    columns: ACTOR_COLUMNS,
    total: all.length,
    matched: matching.length,
    sort,
    dir: dirText,
    rows: matching.length > limit ? matching.slice(0, limit) : matching,
  };
}

function rowOf(actor: ActorSummary, observer: Observer): Row {
  return [
    actor.path,
    actor.kind,
    actor.status,
    actor.depth,
    actor.highWater,
    actor.processed,
    observer.rateOf(actor.path),
    actor.restarts,
    actor.failures,
    actor.lastError === null ? null : truncateText(actor.lastError, 200),
    observer.lastFailureAt(actor.path),
  ];
}

/** The page's filter: a status, and text in the path, kind or last error. */
function matches(row: Row, needle: string, status: string | null): boolean {
  if (status !== null && row[2] !== status) return false;
  if (needle === "") return true;
  return String(row[0]).toLowerCase().includes(needle) ||
    String(row[1] ?? "").toLowerCase().includes(needle) ||
    String(row[9] ?? "").toLowerCase().includes(needle);
}
