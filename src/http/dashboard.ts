/**
 * The dashboard served at `GET /`: one self-contained HTML page (inline CSS
 * and script, no build step, nothing fetched from elsewhere) that shows the
 * supervision tree live, the recent lifecycle events, and buttons to stop or
 * restart an actor and, when the server allows it, to inject a fault.
 *
 * The page itself holds no secret: it reads the bearer token from the URL
 * fragment (`/#token=...`, which browsers never send to the server), keeps it
 * in `sessionStorage`, and otherwise asks for it. Every `/v1` call carries it
 * in the `Authorization` header.
 *
 * Stable `data-testid` attributes for tests and tooling: `tree`, `events`,
 * `event` (each event, with `data-type` and `data-path`), `connection`,
 * `token-form`, and per actor path P: `node-P`, `status-P`, `restarts-P`,
 * `mailbox-P`, `stop-P`, `restart-P`, `fault-P`.
 *
 * @module
 */

import { DASHBOARD_CSS } from "./_dashboard_css.ts";
import { DASHBOARD_JS } from "./_dashboard_js.ts";

const BODY = `
<header>
  <h1>understudy <span>dashboard</span></h1>
  <span id="system" data-testid="system"></span>
  <span id="connection" class="conn conn-connecting" role="status" aria-live="polite" data-testid="connection">connecting</span>
  <button id="sign-out" type="button" hidden>Forget token</button>
</header>
<main>
  <section id="auth" class="panel" hidden aria-labelledby="auth-title">
    <h2 id="auth-title">Connect to the control plane</h2>
    <p>Paste the bearer token that <code>understudy serve</code> printed, or open the dashboard URL it printed.</p>
    <form id="token-form" data-testid="token-form">
      <label class="visually-hidden" for="token-input">Bearer token</label>
      <input id="token-input" type="password" autocomplete="off" spellcheck="false" placeholder="Bearer token" required>
      <button type="submit">Connect</button>
    </form>
    <p id="auth-error" role="alert"></p>
  </section>
  <section id="tree-panel" class="panel" aria-labelledby="tree-title" hidden>
    <h2><span id="tree-title">Supervision tree</span></h2>
    <div id="summary" class="summary" aria-live="polite"></div>
    <div class="row head" aria-hidden="true">
      <span>Actor</span><span>Status</span><span>Strategy</span><span>Restarts</span><span>Mailbox</span><span></span>
    </div>
    <div id="tree" class="scroll" data-testid="tree"></div>
  </section>
  <section id="events-panel" class="panel" aria-labelledby="events-title" hidden>
    <h2><span id="events-title">Recent events</span><span id="event-count" class="count"></span></h2>
    <div class="scroll">
      <ol id="events" data-testid="events" aria-label="Lifecycle events, newest first"></ol>
    </div>
  </section>
</main>
<div id="toast" role="status" aria-live="polite" data-testid="toast"></div>
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>understudy dashboard</title>
<style>${DASHBOARD_CSS}</style>
</head>
<body>${BODY}<script>${DASHBOARD_JS}</script>
</body>
</html>
`;

/**
 * The dashboard page. It is static: everything live comes from the `/v1`
 * API, so the same text can be served to anyone.
 *
 * @returns The HTML document.
 * @example Serve it with Hono
 * ```ts
 * import { Hono } from "hono";
 * import { dashboardPage } from "./dashboard.ts";
 * const app = new Hono().get("/", (c) => c.html(dashboardPage()));
 * console.assert((await app.request("/")).status === 200);
 * ```
 */
export function dashboardPage(): string {
  return PAGE;
}
