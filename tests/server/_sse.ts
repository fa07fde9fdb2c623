/**
 * A small Server-Sent Events reader for tests: frames from a response body.
 *
 * @module
 */

/** One SSE frame. */
export interface SseFrame {
  /** The `id:` field, if any. */
  readonly id: string | undefined;
  /** The `event:` field (`"message"` when absent). */
  readonly event: string;
  /** The `data:` lines joined with newlines. */
  readonly data: string;
}

/**
 * Reads the frames of an event stream until it ends; comments and frames
 * without data are skipped.
 *
 * @param body The response body.
 * @yields Each frame with data.
 */
export async function* sseFrames(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<SseFrame> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const frame = parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (frame !== undefined) yield frame;
    }
  }
}

function parse(text: string): SseFrame | undefined {
  let id: string | undefined;
  let event = "message";
  const data: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id") id = value;
    else if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length === 0 ? undefined : { id, event, data: data.join("\n") };
}

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
