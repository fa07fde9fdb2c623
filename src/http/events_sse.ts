/**
 * `GET /v1/events`: the system's lifecycle events as Server-Sent Events.
 *
 * Each event is written as `id: <seq>`, `event: <type>`, `data: <JSON>`.
 * A reader resumes with the `Last-Event-ID` header (or `?lastEventId=`; `0`
 * replays the whole buffer); when some of the events it asks for are no
 * longer buffered, an `event: gap` with data `{ "from", "to" }` comes first.
 * `?types=restarted,failed` filters. A comment line every 15 s keeps proxies
 * from closing the connection. The stream ends when the reader goes away, when
 * it falls more than the buffer size behind, and when the system terminates.
 *
 * @module
 */

import type { Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { ActorEvent } from "../core/events.ts";
import { HttpError } from "./errors.ts";
import { EVENT_TYPES, type HubItem } from "./event_hub.ts";
import { boundedJson, serializeError } from "./serialize.ts";
import type { Plane } from "./_plane.ts";

/** How often a heartbeat comment is written, in milliseconds. */
export const HEARTBEAT_MS = 15_000;

/** The longest dead-letter message kept in an event, in JSON characters. */
const MAX_MESSAGE_CHARS = 1024;

/**
 * An event as JSON: errors as `{ name, message }`; a dead letter's message
 * as its JSON (or `String(...)`) cut to 1 KiB, with `messageTruncated`.
 *
 * @param event The event.
 * @returns A JSON-safe object.
 * @example
 * ```ts
 * import { eventJson } from "@understudy/runtime/http";
 * const json = eventJson({ type: "failed", seq: 1, time: 0, path: "/a", error: new Error("boom") });
 * console.assert((json.error as { message: string }).message === "boom");
 * ```
 */
export function eventJson(event: ActorEvent): Record<string, unknown> {
  const out: Record<string, unknown> = { ...event };
  if ("error" in event) {
    if (event.error === undefined) delete out.error;
    else out.error = serializeError(event.error);
  }
  if (event.type === "spawned") out.kind = event.kind ?? null;
  if (event.type === "dead-letter") {
    const { value, truncated } = boundedJson(event.message, MAX_MESSAGE_CHARS);
    out.message = value;
    out.messageTruncated = truncated;
  }
  return out;
}

/**
 * Registers `GET /v1/events`.
 *
 * @param app The app (the token middleware is already installed).
 * @param plane The shared state.
 */
export function registerEventRoutes(app: Hono, plane: Plane): void {
  app.get("/v1/events", (c) => {
    const { lastEventId, types } = parseRequest(c);
    const sub = plane.hub.subscribe({
      lastEventId,
      types,
      heartbeatMs: HEARTBEAT_MS,
    });
    c.header("x-accel-buffering", "no");
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => sub.close());
      c.req.raw.signal?.addEventListener("abort", () => sub.close(), {
        once: true,
      });
      await stream.write("retry: 3000\n\n");
      for (let item = await sub.next(); item; item = await sub.next()) {
        if (stream.aborted) break;
        await write(stream, item);
      }
      sub.close();
    });
  });
}

async function write(
  stream: {
    write(text: string): Promise<unknown>;
    writeSSE(m: { id?: string; event?: string; data: string }): Promise<void>;
  },
  item: HubItem,
): Promise<void> {
  switch (item.kind) {
    case "heartbeat":
      await stream.write(": heartbeat\n\n");
      return;
    case "gap":
      await stream.writeSSE({
        event: "gap",
        data: JSON.stringify({ from: item.from, to: item.to }),
      });
      return;
    case "event":
      await stream.writeSSE({
        id: String(item.event.seq),
        event: item.event.type,
        data: JSON.stringify(eventJson(item.event)),
      });
  }
}

function parseRequest(
  c: Context,
): { lastEventId?: number; types?: ReadonlySet<string> } {
  const url = new URL(c.req.url);
  for (const key of new Set(url.searchParams.keys())) {
    if (key !== "lastEventId" && key !== "types") {
      throw new HttpError(
        400,
        "bad_request",
        `Unknown query parameter "${key}": allowed are "lastEventId", "types"`,
      );
    }
  }
  const raw = c.req.header("last-event-id") ??
    url.searchParams.get("lastEventId") ?? undefined;
  let lastEventId: number | undefined;
  if (raw !== undefined && raw.trim() !== "") {
    if (!/^\d{1,15}$/.test(raw.trim())) {
      throw new HttpError(
        400,
        "bad_request",
        `Invalid last event id "${raw}": expected a non-negative integer`,
      );
    }
    lastEventId = Number(raw.trim());
  }
  const list = url.searchParams.get("types");
  if (list === null) return { lastEventId };
  const types = new Set(list.split(",").map((t) => t.trim()).filter(Boolean));
  for (const type of types) {
    if (!(EVENT_TYPES as readonly string[]).includes(type)) {
      throw new HttpError(
        400,
        "bad_request",
        `Unknown event type "${type}" in "types": expected some of ${
          EVENT_TYPES.join(", ")
        }`,
      );
    }
  }
  if (types.size === 0) {
    throw new HttpError(400, "bad_request", `Query parameter "types" is empty`);
  }
  return { lastEventId, types };
}
