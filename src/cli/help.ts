/**
 * The `understudy` binary's help texts (the serve flags' help lives with
 * `serve()` in the server layer).
 *
 * @module
 */

import { serveHelp } from "../server/serve_help.ts";
import { CLIENT_COMMANDS, clientCommand } from "./client_args.ts";

const MAIN =
  `understudy: an actor runtime with OTP supervision, its HTTP control plane
and a live dashboard

Usage:
  understudy serve ./app.ts [options]   Serve your app (see "understudy serve --help")
  understudy serve --demo trading       Serve the embedded trading demo
  understudy init <dir>                 Write a starter project
  understudy version                    Print the version and the JavaScript runtime

Client of a running server (--url, --token or UNDERSTUDY_URL, UNDERSTUDY_TOKEN;
--json for scripts):
${
    CLIENT_COMMANDS.map((c) =>
      `  understudy ${
        [
          c.name,
          ...c.positionals.map((p) =>
            p.endsWith("?") ? `[${p.slice(0, -1)}]` : `<${p}>`
          ),
        ]
          .join(" ").padEnd(28)
      }${c.summary}`
    ).join("\n")
  }

Exit status: 0 success, 1 failure, 2 command-line error, 3 server not
reachable, 4 unauthorized, 5 not found, 6 request refused. See docs/cli.md.`;

const INIT = `Usage: understudy init <dir>

Writes a starter project into <dir> (new or empty): app.ts (the catalog and
the initial tree), main.ts (serve() around it, to compile into a binary),
app_test.ts (a test on the TestKit), deno.json, package.json and .npmrc.`;

/**
 * The help text for a topic.
 *
 * @param topic `main`, `serve`, `init` or a client command's name.
 * @param demos The demos the binary embeds, for the serve help.
 * @returns The text, without a trailing newline.
 * @example
 * ```ts
 * import { helpText } from "./help.ts";
 * console.assert(helpText("serve", ["trading"]).includes("--port"));
 * ```
 */
export function helpText(topic: string, demos: readonly string[]): string {
  if (topic === "serve") return serveHelp("understudy serve", demos);
  if (topic === "init") return INIT;
  const client = clientCommand(topic);
  if (client !== undefined) {
    const own = [...client.valueFlags, ...client.switches];
    return `Usage: understudy ${client.name} ${
      client.positionals.map((p) =>
        p.endsWith("?") ? `[${p.slice(0, -1)}]` : `<${p}>`
      ).join(" ")
    } [--url URL] [--token TOKEN] [--json]${
      own.length === 0 ? "" : ` [${own.join("] [")}]`
    }

${client.summary}.

  --url URL        The server. Default: $UNDERSTUDY_URL, else http://127.0.0.1:8080.
  --token TOKEN    The bearer token. Default: $UNDERSTUDY_TOKEN.
  --json           Print JSON instead of text.`;
  }
  return MAIN;
}
