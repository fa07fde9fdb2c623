/**
 * Shared fixtures for the control-plane tests: a small catalog (a counter
 * whose args use a plain validation function and whose messages use a
 * hand-written Standard Schema object), an app on a TestKit's virtual clock,
 * a request helper, an error assertion and a Server-Sent Events reader.
 */
import assert from "node:assert/strict";
import {
  childSpec,
  defineActor,
  type ReplyPort,
  supervisor,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import {
  Catalog,
  type ControlPlaneOptions,
  createControlPlane,
  type StandardSchemaV1,
} from "../../http.ts";

export const TOKEN = "test-token-0123456789";

/** The counter's messages. */
export type CounterMsg =
  | { type: "add"; n: number }
  | { type: "crash" }
  | { type: "wait"; gate: Promise<void>; waiting: () => void }
  | { type: "get" | "hold" | "refuse" | "explode"; replyTo: ReplyPort<number> };

/** Hooks the tests observe the counter through. */
export interface CounterHooks {
  /** Called when a `hold` ask arrives (it is never answered). */
  onHold?: () => void;
}

/** Builds the counter kind: `init({ start })`, snapshot `{ total }`. */
export function counterKind(hooks: CounterHooks = {}) {
  return defineActor({
    kind: "counter",
    init: (args: { start: number }) => args.start,
    receive(total: number, msg: CounterMsg): number | void | Promise<number> {
      switch (msg.type) {
        case "add":
          return total + msg.n;
        case "crash":
          throw new Error("counter crashed");
        case "wait":
          msg.waiting();
          return msg.gate.then(() => total);
        case "get":
          return msg.replyTo.reply(total);
        case "hold":
          hooks.onHold?.();
          return;
        case "refuse":
          return msg.replyTo.fail(new RangeError("counter refuses"));
        case "explode":
          throw new Error("exploded while asked");
      }
    },
    snapshot: (total: number) => ({ total }),
  });
}

/** A plain validation function for the counter's args. */
export function counterArgs(
  input: unknown,
):
  | { value: { start: number } }
  | { issues: { message: string; path?: (string | number)[] }[] } {
  const start = (input as { start?: unknown } | null)?.start;
  if (input === null || typeof input !== "object") {
    return { issues: [{ message: "must be an object" }] };
  }
  if (Object.keys(input).some((k) => k !== "start")) {
    return { issues: [{ message: "only start is allowed" }] };
  }
  return Number.isInteger(start)
    ? { value: { start: start as number } }
    : { issues: [{ message: "must be an integer", path: ["start"] }] };
}

/** A hand-written Standard Schema v1 object for told messages (async). */
export const counterMessage: StandardSchemaV1<unknown, CounterMsg> = {
  "~standard": {
    version: 1,
    vendor: "understudy-tests",
    validate(value) {
      const msg = value as { type?: unknown; n?: unknown } | null;
      if (msg?.type === "add") {
        return Promise.resolve(
          typeof msg.n === "number"
            ? { value: { type: "add" as const, n: msg.n } }
            : {
              issues: [{ message: "must be a number", path: [{ key: "n" }] }],
            },
        );
      }
      if (msg?.type === "crash") {
        return Promise.resolve({ value: { type: "crash" as const } });
      }
      return Promise.resolve({
        issues: [{ message: 'must be "add" or "crash"', path: ["type"] }],
      });
    },
  },
};

/** A Standard Schema (sync) for ask input: `{ op }`. */
const askInput: StandardSchemaV1<unknown, { op: string }> = {
  "~standard": {
    version: 1,
    vendor: "understudy-tests",
    validate(value) {
      const op = (value as { op?: unknown } | null)?.op ?? "get";
      return ["get", "hold", "refuse", "explode"].includes(op as string)
        ? { value: { op: op as string } }
        : { issues: [{ message: "unknown op", path: ["op"] }] };
    },
  },
};

/** A kind without validators: it cannot be told, asked or given args. */
export const silentKind = defineActor({
  kind: "silent",
  init: () => null,
  receive: () => {},
});

/** A kind whose ask builder throws (a program bug: 500). */
export const brokenKind = defineActor({
  kind: "broken",
  init: () => null,
  receive: () => {},
});

/** A kind whose `init` always throws: it never starts. */
export const faultyKind = defineActor({
  kind: "faulty",
  init: (): null => {
    throw new Error("faulty cannot start");
  },
  receive: () => {},
});

/**
 * The test catalog: counter, silent, broken, faulty (`broken` left out when
 * `withBroken` is false: its ask is a deliberate 500).
 */
export function testCatalog(
  hooks: CounterHooks = {},
  withBroken = true,
): Catalog {
  const catalog = new Catalog()
    .register("counter", {
      definition: counterKind(hooks),
      description: "Adds numbers",
      args: counterArgs,
      message: counterMessage,
      ask: {
        input: askInput,
        build: (input, replyTo) => ({
          type: (input as { op: "get" }).op,
          replyTo: replyTo as ReplyPort<number>,
        }),
      },
    })
    .register("silent", { definition: silentKind });
  if (withBroken) {
    catalog.register("broken", {
      definition: brokenKind,
      ask: {
        build: () => {
          throw new Error("secret internal detail");
        },
      },
    });
  }
  return catalog.register("faulty", { definition: faultyKind });
}

/** What {@linkcode setup} returns. */
export interface Harness extends AsyncDisposable {
  readonly kit: TestKit;
  readonly app: ReturnType<typeof createControlPlane>;
  /** The catalog's counter definition (with the hooks given to setup). */
  readonly counter: ReturnType<typeof counterKind>;
  /** Sends a request with the token (and a JSON body when given). */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
}

/** An app over a TestKit system and the test catalog. */
export function setup(
  options: Partial<ControlPlaneOptions> = {},
  hooks: CounterHooks = {},
): Harness {
  const kit = new TestKit();
  const catalog = testCatalog(hooks);
  const app = createControlPlane({
    system: kit.system,
    catalog,
    token: TOKEN,
    ...options,
  });
  return {
    kit,
    app,
    counter: catalog.get("counter")!.definition as ReturnType<
      typeof counterKind
    >,
    call(method, path, body, headers = {}) {
      const init: RequestInit = {
        method,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
      };
      if (body !== undefined) {
        init.body = typeof body === "string" ? body : JSON.stringify(body);
      }
      return Promise.resolve(app.request(path, init));
    },
    [Symbol.asyncDispose]: () => kit[Symbol.asyncDispose](),
  };
}

/** Asserts an error response: status, JSON body with code, no stack trace. */
export async function assertError(
  res: Response,
  status: number,
  code: string,
  message?: RegExp,
): Promise<string> {
  const text = await res.text();
  assert.equal(
    res.status,
    status,
    `expected ${status}, got ${res.status}: ${text}`,
  );
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  const body = JSON.parse(text);
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.deepEqual(Object.keys(body.error).sort(), ["code", "message"]);
  assert.equal(body.error.code, code, text);
  assert.equal(typeof body.error.message, "string");
  assert.doesNotMatch(body.error.message, /\n\s+at /, "no stack trace");
  if (message !== undefined) assert.match(body.error.message, message);
  return body.error.message;
}

/** One Server-Sent Events frame. */
export interface SseFrame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
  readonly retry?: string;
  readonly comments: readonly string[];
}

/** Reads frames from an event-stream response body. */
export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = "";
  #done = false;

  constructor(res: Response) {
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    this.#reader = res.body!.getReader();
  }

  /** The next frame, or `null` when the stream has ended. */
  async frame(): Promise<SseFrame | null> {
    for (;;) {
      const end = this.#buffer.indexOf("\n\n");
      if (end >= 0) {
        const raw = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        return parseFrame(raw);
      }
      if (this.#done) return null;
      const { done, value } = await this.#reader.read();
      if (done) this.#done = true;
      else this.#buffer += this.#decoder.decode(value, { stream: true });
    }
  }

  /** The next frame with data (skipping comments and `retry`), or `null`. */
  async event(): Promise<SseFrame | null> {
    for (;;) {
      const frame = await this.frame();
      if (frame === null || frame.data !== undefined) return frame;
    }
  }

  /** Reads events until one matches; returns every event read. */
  async until(match: (f: SseFrame) => boolean): Promise<SseFrame[]> {
    const seen: SseFrame[] = [];
    for (;;) {
      const frame = await this.event();
      assert.ok(frame !== null, "stream ended before the expected event");
      seen.push(frame);
      if (match(frame)) return seen;
    }
  }

  /** Cancels the stream, as a client going away. */
  cancel(): Promise<void> {
    return this.#reader.cancel();
  }
}

function parseFrame(raw: string): SseFrame {
  const fields: Record<string, string> = {};
  const comments: string[] = [];
  for (const line of raw.split("\n")) {
    if (line.startsWith(":")) {
      comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(":");
    const key = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    fields[key] = key === "data" && key in fields
      ? `${fields[key]}\n${value}`
      : value;
  }
  return { ...fields, comments };
}

/** Parses a frame's data as JSON. */
export function dataOf(frame: SseFrame | null): Record<string, unknown> {
  assert.ok(frame?.data !== undefined, "frame has data");
  return JSON.parse(frame.data);
}

/** Spawns, from the program, `/app` (a supervisor of two counters) and `/solo`. */
export async function populate(h: Harness): Promise<void> {
  const counter = h.counter;
  h.kit.system.spawn(
    supervisor({
      children: [
        childSpec("a", counter, { args: { start: 1 } }),
        childSpec("b", counter, { args: { start: 2 } }),
      ],
    }),
    { name: "app" },
  );
  h.kit.system.spawn(counter, { name: "solo", args: { start: 3 } });
  await h.kit.runUntilIdle();
}

/** Asserts the status and parses the JSON body. */
export async function json(res: Response, status: number) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  return JSON.parse(text);
}
