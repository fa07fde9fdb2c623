/**
 * The server's front door: while open it passes requests to the control
 * plane; once closed for a graceful shutdown it answers every new request
 * with a JSON 503 (`shutting_down`, `Retry-After`, `Connection: close`), so
 * no message is accepted that the shutdown would turn into a dead letter.
 * An error that escapes the handler is a JSON 500 without a stack.
 *
 * @module
 */

import { type FetchHandler, internalError } from "./runtime.ts";

/** Seconds a client is told to wait before retrying during a shutdown. */
const RETRY_AFTER_S = 5;

/** Passes requests on until closed. */
export class Gate {
  #open = true;

  /** Whether new requests are still passed on. */
  get open(): boolean {
    return this.#open;
  }

  /** Answers every request from now on with 503. */
  close(): void {
    this.#open = false;
  }

  /**
   * Wraps a handler.
   *
   * @param handler The control plane's handler.
   * @returns A handler that honours the gate and never throws.
   */
  wrap(handler: FetchHandler): FetchHandler {
    return async (request) => {
      if (!this.#open) return shuttingDown();
      try {
        return await handler(request);
      } catch (error) {
        return internalError(error);
      }
    };
  }
}

function shuttingDown(): Response {
  return Response.json(
    {
      error: {
        code: "shutting_down",
        message: "The server is shutting down: it accepts no new requests",
      },
    },
    {
      status: 503,
      headers: {
        "retry-after": String(RETRY_AFTER_S),
        connection: "close",
        "cache-control": "no-store",
      },
    },
  );
}
