/**
 * The help text of `understudy serve`, which a user's own binary prints for
 * `--help` too.
 *
 * @module
 */

import { CLUSTER_HELP } from "./cluster_flags.ts";

/**
 * The help text of the serve flags.
 *
 * @param usage The usage line's command, such as `"understudy serve"` or
 * `"./shop"`.
 * @param demos The demos this program embeds.
 * @param carriesApp Whether the program has its app compiled in (then it
 * loads no module). Defaults to `false`.
 * @returns The text, without a trailing newline.
 * @example
 * ```ts
 * import { serveHelp } from "./serve_help.ts";
 * console.assert(serveHelp("understudy serve", ["trading"]).includes("--shutdown-timeout"));
 * ```
 */
export function serveHelp(
  usage: string,
  demos: readonly string[],
  carriesApp = false,
): string {
  if (carriesApp) {
    const text = serveHelp(usage, demos);
    return text
      .replace(`Usage: ${usage} [APP] [options]`, `Usage: ${usage} [options]`)
      .replace(
        /\nServes the HTTP[\s\S]*?all load TypeScript\.\n/,
        `
Serves the HTTP control plane and the dashboard over the app this program
carries.
`,
      )
      .replace(/ {2}APP, --app PATH.*\n/, "");
  }
  const demoLine = demos.length === 0
    ? "  --demo none                Serve an empty system (no app)."
    : `  --demo ${[...demos, "none"].join("|")}${
      " ".repeat(Math.max(1, 20 - [...demos, "none"].join("|").length))
    }Serve an embedded demo, or an empty system.`;
  return `Usage: ${usage} [APP] [options]

Serves the HTTP control plane and the dashboard over an actor system that
hosts an app: a module whose default export is defineApp({ catalog, start })
(see docs/server.md). The module is loaded at run time; Deno, Bun and the
Bun-compiled binary all load TypeScript.

Options:
  APP, --app PATH            The app module to load, such as ./app.ts.
${demoLine}
  --host HOST                Address to bind. Default: 127.0.0.1. A
                             non-loopback address requires an explicit token.
  --port PORT                TCP port, 0 for a free one. Default: 8080.
  --token TOKEN              Bearer token for /v1. Default: $UNDERSTUDY_TOKEN,
                             else a random token printed at start.
  --shutdown-timeout SECS    Grace period for draining mailboxes on SIGINT or
                             SIGTERM: "10", "2.5s" or "500ms". Default: 10.
  --allow-fault-injection    Enable POST /v1/actors/{path}/$fault.
  --quiet                    Hide the app's log lines.
  --max-spawned N            The most actors clients keep in /api/spawned
                             (409 max_children past it), or "unlimited".
                             Default: 100000.
  --max-supervisors N        The most supervisors clients keep under /api, or
                             "unlimited". Default: 1000.
${CLUSTER_HELP.flags}
  -h, --help                 Print this help.

Environment:
  UNDERSTUDY_TOKEN           Bearer token, when --token is not given.
${CLUSTER_HELP.env}

SIGINT or SIGTERM: new requests get 503, queued mail drains within the grace
period, the actor tree stops in order, a summary is printed, exit 0. A
failure that escalates out of the app's own tree exits 1; nothing created
over the API can. A failed start exits 1; a command-line error exits 2.`;
}
