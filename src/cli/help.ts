/**
 * The `understudy` binary's help texts.
 *
 * @module
 */

const MAIN =
  `understudy: an actor runtime with OTP supervision, its HTTP control plane
and a live dashboard

Usage:
  understudy serve [options]   Serve the control plane over an actor system
  understudy version           Print the version and the JavaScript runtime
  understudy --help            Print this help ("understudy serve --help" for serve)

Run "understudy serve" and open the dashboard URL it prints.`;

const SERVE = `Usage: understudy serve [options]

Serves the HTTP control plane and the dashboard over an actor system that
embeds a demo (the trading system by default).

Options:
  --host HOST                Address to bind. Default: 127.0.0.1. A
                             non-loopback address requires an explicit token.
  --port PORT                TCP port, 0 for a free one. Default: 8080.
  --token TOKEN              Bearer token for /v1. Default: $UNDERSTUDY_TOKEN,
                             else a random token printed at start.
  --demo trading|none        Embedded demo system. Default: trading.
  --allow-fault-injection    Enable POST /v1/actors/{path}/$fault.
  --quiet                    Hide the demo's log lines.
  -h, --help                 Print this help.

Environment:
  UNDERSTUDY_TOKEN           Bearer token, when --token is not given.

SIGINT or SIGTERM stops accepting requests, shuts the actor tree down in order
and exits 0. An escalation that reaches the root guardian exits 1. A command
line error exits 2.`;

/**
 * The help text for a topic.
 *
 * @param topic `main` for the overview, `serve` for `understudy serve`.
 * @returns The text, without a trailing newline.
 * @example
 * ```ts
 * import { helpText } from "./help.ts";
 * console.assert(helpText("serve").includes("--port"));
 * ```
 */
export function helpText(topic: "main" | "serve"): string {
  return topic === "serve" ? SERVE : MAIN;
}
