/**
 * The HTTP side of the client commands: one request to a running control
 * plane, with the bearer token, and every failure turned into a
 * {@linkcode ClientError} carrying the exit status the CLI documents.
 *
 * | exit | meaning |
 * | --- | --- |
 * | 0 | success |
 * | 1 | the server failed (5xx, including an ask that timed out) or answered something unexpected |
 * | 2 | command-line error |
 * | 3 | the server cannot be reached |
 * | 4 | unauthorized: no token, or a wrong one (401, 403) |
 * | 5 | not found: no such actor, kind or route (404) |
 * | 6 | the request was refused: invalid, conflicting, too large, or the mailbox is full (other 4xx) |
 *
 * @module
 */

/** The default server URL, when neither `--url` nor `UNDERSTUDY_URL` is set. */
export const DEFAULT_URL = "http://127.0.0.1:8080";

/** A failed client request, with its exit status. */
export class ClientError extends Error {
  /** The exit status the CLI ends with. */
  readonly exitCode: number;
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The error code from the body, when the server sent one. */
  readonly code: string | undefined;

  /**
   * @param message What went wrong.
   * @param exitCode The exit status.
   * @param status The HTTP status, if any.
   * @param code The error code, if any.
   */
  constructor(
    message: string,
    exitCode: number,
    status?: number,
    code?: string,
  ) {
    super(message);
    this.name = "ClientError";
    this.exitCode = exitCode;
    this.status = status;
    this.code = code;
  }
}

/**
 * The exit status for an HTTP error status.
 *
 * @param status The HTTP status.
 * @returns 4, 5, 6 or 1 (see the module's table).
 */
export function exitCodeFor(status: number): number {
  if (status === 401 || status === 403) return 4;
  if (status === 404) return 5;
  if (status >= 400 && status < 500) return 6;
  return 1;
}

/** A client of one control plane. */
export class ControlClient {
  readonly #base: string;
  readonly #token: string | undefined;

  /**
   * @param url The base URL, such as `"http://127.0.0.1:8080"`.
   * @param token The bearer token, if any.
   */
  constructor(url: string, token: string | undefined) {
    this.#base = url.replace(/\/+$/, "");
    this.#token = token;
  }

  /** The base URL. */
  get url(): string {
    return this.#base;
  }

  /**
   * Sends one request and reads a JSON answer.
   *
   * @param method The HTTP method.
   * @param path The path and query, such as `"/v1/tree"`.
   * @param body A JSON body to send, if any.
   * @returns The parsed body (`null` for 204).
   * @throws {ClientError} When the server cannot be reached or answers an
   * error.
   */
  async request(
    method: "GET" | "POST" | "DELETE",
    path: string,
    body?: unknown,
  ): Promise<unknown> {
    const response = await this.open(method, path, body);
    if (response.status === 204) return null;
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new ClientError(
        `Unexpected answer from ${this.#base}: ${response.status} without a JSON body`,
        1,
        response.status,
      );
    }
  }

  /**
   * Sends one request and returns the successful response unread (for
   * event streams).
   *
   * @param method The HTTP method.
   * @param path The path and query.
   * @param body A JSON body, if any.
   * @param headers Extra headers.
   * @param signal Aborts the request.
   * @returns The response, status 2xx.
   * @throws {ClientError} When the server cannot be reached or answers an
   * error.
   */
  async open(
    method: "GET" | "POST" | "DELETE",
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<Response> {
    const all: Record<string, string> = {
      accept: "application/json",
      ...headers,
    };
    if (this.#token !== undefined) all.authorization = `Bearer ${this.#token}`;
    if (body !== undefined) all["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(this.#base + path, {
        method,
        headers: all,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      throw new ClientError(
        `Cannot reach ${this.#base}: ${
          error instanceof Error ? error.message : String(error)
        } (is the server running? set --url or UNDERSTUDY_URL)`,
        3,
      );
    }
    if (response.ok) return response;
    const text = await response.text().catch(() => "");
    let code: string | undefined;
    let message = `${response.status} ${response.statusText}`.trim();
    try {
      const parsed = JSON.parse(text) as {
        error?: { code?: unknown; message?: unknown };
      };
      if (typeof parsed.error?.code === "string") code = parsed.error.code;
      if (typeof parsed.error?.message === "string") {
        message = parsed.error.message;
      }
    } catch {
      // not JSON: keep the status line
    }
    const hint = response.status === 401
      ? this.#token === undefined
        ? " (give --token or set UNDERSTUDY_TOKEN)"
        : " (check --token or UNDERSTUDY_TOKEN)"
      : "";
    throw new ClientError(
      `${response.status}${
        code === undefined ? "" : ` ${code}`
      }: ${message}${hint}`,
      exitCodeFor(response.status),
      response.status,
      code,
    );
  }
}

/**
 * The URL path of an actor: each segment encoded.
 *
 * @param path The actor's path, with or without the leading `/`.
 * @param action An action such as `"tell"`, if any.
 * @returns Such as `"/v1/actors/trading/risk/$tell"`.
 * @example
 * ```ts
 * import { actorPath } from "./client.ts";
 * console.assert(actorPath("/a/b c", "tell") === "/v1/actors/a/b%20c/$tell");
 * ```
 */
export function actorPath(path: string, action?: string): string {
  const segments = path.split("/").filter((s) => s !== "");
  const encoded = segments.map(encodeURIComponent).join("/");
  return `/v1/actors/${encoded}${action === undefined ? "" : `/$${action}`}`;
}
