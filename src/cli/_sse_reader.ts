/**
 * Reads Server-Sent Events frames from a response body.
 *
 * @module
 */

/** One event frame. */
export interface SseEvent {
  /** The `event:` field (`"message"` when absent). */
  readonly event: string;
  /** The `data:` lines joined with newlines. */
  readonly data: string;
}

/**
 * The frames of an event stream until it ends; comments and frames without
 * data are skipped.
 *
 * @param body The response body.
 * @yields Each frame with data.
 */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of frame.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (data.length > 0) yield { event, data: data.join("\n") };
    }
  }
}
