/**
 * A small Server-Sent Events reader for tests: frames from a response body.
 *
 * @module
 */

import { readSse, type SseEvent } from "../../src/cli/_sse_reader.ts";

/** One SSE frame. */
export type SseFrame = SseEvent;

/** The frames of an event stream (the CLI's own reader). */
export const sseFrames = readSse;

/**
 * Reads frames until one satisfies `predicate`.
 *
 * @param frames The frame iterator (left open for more reads).
 * @param predicate What to wait for; gets the frame and its parsed data.
 * @returns The matching frame's parsed data.
 * @throws {Error} When the stream ends first.
 */
export async function nextMatching(
  frames: AsyncIterator<SseFrame>,
  predicate: (event: Record<string, unknown>, frame: SseFrame) => boolean,
): Promise<Record<string, unknown>> {
  for (;;) {
    const { value, done } = await frames.next();
    if (done) {
      throw new Error("The event stream ended before the awaited event");
    }
    const event = JSON.parse(value.data) as Record<string, unknown>;
    if (predicate(event, value)) return event;
  }
}
