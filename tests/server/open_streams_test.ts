/** Ending event streams on shutdown, so a server can drain. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { OpenStreams } from "../../src/server/open_streams.ts";

/** An endless event stream and a promise that settles when it is cancelled. */
function endlessStream(): { response: Response; cancelled: Promise<unknown> } {
  const cancelled = Promise.withResolvers<unknown>();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(": hello\n\n"));
    },
    cancel(reason) {
      cancelled.resolve(reason);
    },
  });
  const response = new Response(body, {
    headers: { "content-type": "text/event-stream" },
  });
  return { response, cancelled: cancelled.promise };
}

describe("OpenStreams", () => {
  test("closeAll ends an open event stream and cancels its source", async () => {
    const streams = new OpenStreams();
    const { response, cancelled } = endlessStream();
    const handler = streams.wrap(() => response);
    const wrapped = await handler(new Request("http://x/v1/events"));
    assert.equal(wrapped.headers.get("content-type"), "text/event-stream");
    const reader = wrapped.body!.getReader();
    const first = await reader.read();
    assert.equal(new TextDecoder().decode(first.value), ": hello\n\n");
    assert.equal(streams.size, 1);
    const next = reader.read();
    streams.closeAll();
    assert.equal((await next).done, true);
    await cancelled;
    assert.equal(streams.size, 0);
  });

  test("other responses pass through untouched", async () => {
    const streams = new OpenStreams();
    const original = new Response("{}", {
      headers: { "content-type": "application/json" },
    });
    const handler = streams.wrap(() => original);
    assert.equal(await handler(new Request("http://x/")), original);
    assert.equal(streams.size, 0);
  });

  test("a stream that ends by itself is forgotten", async () => {
    const streams = new OpenStreams();
    const handler = streams.wrap(() =>
      new Response("data: 1\n\n", {
        headers: { "content-type": "text/event-stream" },
      })
    );
    const response = await handler(new Request("http://x/v1/events"));
    assert.equal(await response.text(), "data: 1\n\n");
    assert.equal(streams.size, 0);
  });

  test("a client that goes away cancels the source", async () => {
    const streams = new OpenStreams();
    const { response, cancelled } = endlessStream();
    const wrapped = await streams.wrap(() => response)(new Request("http://x"));
    await wrapped.body!.cancel("gone");
    assert.equal(await cancelled, "gone");
    assert.equal(streams.size, 0);
  });

  test("after closeAll a new event stream is refused with 503", async () => {
    const streams = new OpenStreams();
    streams.closeAll();
    const { response, cancelled } = endlessStream();
    const refused = await streams.wrap(() => response)(new Request("http://x"));
    assert.equal(refused.status, 503);
    await cancelled;
  });
});
