/**
 * Tracks the event streams a server is sending, so a graceful shutdown can
 * end them: `Deno.serve` and `Bun.serve` wait for responses in flight, and an
 * event stream never finishes on its own.
 *
 * @module
 */

import type { FetchHandler } from "./runtime.ts";

/** Wraps a handler so that its `text/event-stream` responses can be ended. */
export class OpenStreams {
  readonly #closers = new Set<() => void>();
  #closing = false;

  /** How many streams are open now. */
  get size(): number {
    return this.#closers.size;
  }

  /**
   * Wraps `handler`: every event-stream response body it returns is tracked
   * until it ends, and ended by {@linkcode OpenStreams.closeAll}.
   *
   * @param handler The handler to wrap.
   * @returns The wrapped handler.
   */
  wrap(handler: FetchHandler): FetchHandler {
    return async (request) => {
      const response = await handler(request);
      const type = response.headers.get("content-type") ?? "";
      if (response.body === null || !type.startsWith("text/event-stream")) {
        return response;
      }
      if (this.#closing) {
        await response.body.cancel();
        return new Response(null, { status: 503, headers: response.headers });
      }
      return new Response(this.#track(response.body), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    };
  }

  /** Ends every tracked stream, and any stream that opens from now on. */
  closeAll(): void {
    this.#closing = true;
    for (const close of [...this.#closers]) close();
  }

  #track(source: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const reader = source.getReader();
    const closers = this.#closers;
    let done = false;
    let close = () => {};
    const finish = () => {
      done = true;
      closers.delete(close);
    };
    return new ReadableStream<Uint8Array>({
      start(controller) {
        close = () => {
          if (done) return;
          finish();
          reader.cancel().catch(() => {});
          controller.close();
        };
        closers.add(close);
      },
      async pull(controller) {
        try {
          const chunk = await reader.read();
          if (done) return;
          if (chunk.done) {
            finish();
            controller.close();
          } else {
            controller.enqueue(chunk.value);
          }
        } catch (error) {
          if (done) return;
          finish();
          controller.error(error);
        }
      },
      cancel(reason) {
        finish();
        return reader.cancel(reason);
      },
    });
  }
}
