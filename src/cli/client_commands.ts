/**
 * The client commands: `understudy tree | actors | inspect | spawn | tell |
 * ask | stop | restart | events` against a running server. Human-readable
 * output by default, JSON with `--json` (one JSON document, or one JSON
 * object a line for `events`). Exit statuses are those of `client.ts`.
 *
 * @module
 */

import type { HostRuntime } from "../server/runtime.ts";
import { UsageError } from "../server/usage_error.ts";
import { type ClientArgs, parseClientArgs } from "./client_args.ts";
import type { ClientCommandSpec } from "./client_args.ts";
import {
  actorPath,
  ClientError,
  ControlClient,
  DEFAULT_URL,
} from "./client.ts";
import {
  formatActor,
  formatActors,
  formatEvent,
  formatTree,
  type TreeNodeJson,
} from "./format.ts";
import { readSse } from "./_sse_reader.ts";

type Runtime = Pick<HostRuntime, "env" | "print" | "printError">;

/**
 * Runs one client command.
 *
 * @param runtime The host adapter (environment and output).
 * @param command The command's spec.
 * @param argv The arguments after the command's name.
 * @returns The exit status.
 * @throws {UsageError} On a malformed command line or JSON argument.
 */
export async function runClient(
  runtime: Runtime,
  command: ClientCommandSpec,
  argv: readonly string[],
): Promise<number> {
  const args = parseClientArgs(command, argv);
  const url = args.url ?? nonEmpty(runtime.env("UNDERSTUDY_URL")) ??
    DEFAULT_URL;
  if (!/^https?:\/\/[^\s/]+/.test(url)) {
    throw new UsageError(
      `Invalid server URL "${url}": expected such as "http://127.0.0.1:8080"`,
    );
  }
  const token = args.token ?? nonEmpty(runtime.env("UNDERSTUDY_TOKEN"));
  const client = new ControlClient(url, token);
  try {
    await COMMANDS[command.name](client, args, runtime);
    return 0;
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
    runtime.printError(`understudy ${command.name}: ${error.message}`);
    return error.exitCode;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === "" ? undefined : value;
}

type Handler = (
  client: ControlClient,
  args: ClientArgs,
  out: Runtime,
) => Promise<void>;

const COMMANDS: Record<string, Handler> = {
  async tree(client, args, out) {
    const body = await client.request("GET", "/v1/tree") as {
      tree: TreeNodeJson[];
      more?: number;
    };
    emit(out, args, body, () => formatTree(body.tree, body.more));
  },
  async actors(client, args, out) {
    const query = new URLSearchParams();
    for (const key of ["status", "kind", "parent", "limit", "offset"]) {
      if (args.flags[key] !== undefined) query.set(key, args.flags[key]);
    }
    const q = query.size === 0 ? "" : `?${query}`;
    const body = await client.request("GET", `/v1/actors${q}`) as {
      items: Record<string, unknown>[];
      total: number;
    };
    emit(out, args, body, () => formatActors(body.items, body.total));
  },
  async inspect(client, args, out) {
    const body = await client.request(
      "GET",
      actorPath(args.positionals.path),
    ) as Record<string, unknown>;
    emit(out, args, body, () => formatActor(body));
  },
  async spawn(client, args, out) {
    const request: Record<string, unknown> = { kind: args.positionals.kind };
    if (args.flags.name !== undefined) request.name = args.flags.name;
    if (args.flags.supervisor !== undefined) {
      request.supervisor = args.flags.supervisor;
    }
    if (args.positionals.args !== undefined) {
      request.args = json(args.positionals.args, "args");
    }
    const body = await client.request("POST", "/v1/actors", request) as {
      path: string;
    };
    emit(out, args, body, () => [`spawned ${body.path}`]);
  },
  async tell(client, args, out) {
    const message = json(args.positionals.message, "message");
    const path = args.positionals.path;
    const body = await client.request("POST", actorPath(path, "tell"), {
      message,
    });
    emit(out, args, body, () => [`sent to ${normal(path)}`]);
  },
  async ask(client, args, out) {
    const request: Record<string, unknown> = {};
    if (args.positionals.message !== undefined) {
      request.message = json(args.positionals.message, "message");
    }
    if (args.flags.timeout !== undefined) {
      const ms = /^\d{1,7}$/.test(args.flags.timeout)
        ? Number(args.flags.timeout)
        : NaN;
      if (!(ms >= 1)) {
        throw new UsageError(
          `Invalid value for "--timeout": expected milliseconds, got "${args.flags.timeout}"`,
        );
      }
      request.timeoutMs = ms;
    }
    const body = await client.request(
      "POST",
      actorPath(args.positionals.path, "ask"),
      request,
    ) as { reply: unknown };
    emit(out, args, body, () => [JSON.stringify(body.reply, null, 2)]);
  },
  async stop(client, args, out) {
    const path = args.positionals.path;
    const body = await client.request("POST", actorPath(path, "stop"), {});
    emit(out, args, body, () => [`stopped ${normal(path)}`]);
  },
  async restart(client, args, out) {
    const path = args.positionals.path;
    const body = await client.request(
      "POST",
      actorPath(path, "restart"),
      {},
    ) as {
      restarts?: number;
    };
    emit(out, args, body, () => [
      `restarted ${normal(path)} (restarts: ${body.restarts ?? "?"})`,
    ]);
  },
  async events(client, args, out) {
    const query = new URLSearchParams();
    if (args.flags.types !== undefined) query.set("types", args.flags.types);
    const limit = args.flags.limit === undefined
      ? Infinity
      : positiveInteger(args.flags.limit, "--limit");
    const headers: Record<string, string> = { accept: "text/event-stream" };
    if (args.flags.replay !== undefined) headers["last-event-id"] = "0";
    const abort = new AbortController();
    const q = query.size === 0 ? "" : `?${query}`;
    const response = await client.open(
      "GET",
      `/v1/events${q}`,
      undefined,
      headers,
      abort.signal,
    );
    let seen = 0;
    try {
      for await (const frame of readSse(response.body!)) {
        if (frame.event === "gap") continue;
        const event = JSON.parse(frame.data) as Record<string, unknown>;
        out.print(args.json ? JSON.stringify(event) : formatEvent(event));
        if (++seen >= limit) break;
      }
    } catch (error) {
      throw new ClientError(
        `The event stream broke: ${
          error instanceof Error ? error.message : String(error)
        }`,
        3,
      );
    } finally {
      abort.abort();
    }
  },
};

function emit(
  out: Runtime,
  args: ClientArgs,
  body: unknown,
  human: () => string[],
): void {
  if (args.json) out.print(JSON.stringify(body, null, 2));
  else for (const line of human()) out.print(line);
}

function json(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `Invalid JSON for ${what}: ${
        error instanceof Error ? error.message : String(error)
      } (quote strings: '"hello"')`,
    );
  }
}

function positiveInteger(text: string, flag: string): number {
  const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1)) {
    throw new UsageError(
      `Invalid value for "${flag}": expected a positive integer, got "${text}"`,
    );
  }
  return n;
}

function normal(path: string): string {
  return `/${path.split("/").filter((s) => s !== "").join("/")}`;
}
