/**
 * The dashboard served at `GET /`: one self-contained HTML page (inline CSS
 * and script, no build step, nothing fetched from elsewhere), an observer for
 * a running system. Tabs: an overview of charts over the last minutes (from
 * `GET /v1/observer/overview`), a sortable, filterable, virtualised table of
 * every actor, the supervision tree with each supervisor's restart intensity,
 * the live event list, a spawn form, and the cluster's nodes (from
 * `GET /v1/cluster`, or a note that the server joined none); a detail pane for one actor with its
 * actions (stop, restart, inject fault, tell). Forms are generated from the
 * kinds' JSON Schemas in `GET /v1/kinds`, with a JSON text area when a kind
 * has none. When the event stream or the server goes away, a banner says so
 * and the figures are marked stale; the stream resumes with `Last-Event-ID`.
 *
 * The page itself holds no secret: it reads the bearer token from the URL
 * fragment (`/#token=...`, which browsers never send to the server), keeps it
 * in `sessionStorage`, and otherwise asks for it. Every `/v1` call carries it
 * in the `Authorization` header.
 *
 * Stable `data-testid` attributes for tests and tooling: `connection`,
 * `disconnected`, `system`, `token-form`, `tab-T` and `panel-T` for each tab
 * T (`overview`, `actors`, `tree`, `events`, `spawn`, `nodes`), `chart-C` for each
 * chart C (with `data-points`), `actor-table`, `actor-filter`, `sort-COLUMN`,
 * `actor-row` (with `data-path`), `tree`, `node-P`, `status-P`, `restarts-P`,
 * `intensity-P`, `toggle-P` for actor path P, `events`, `event` (with
 * `data-type` and `data-path`), `detail` and `detail-*` fields, `stop`,
 * `restart`, `fault`, `tell-form`, `spawn-form`, `spawn-node`, `form-error`,
 * `toast`, `nodes`, `no-cluster`, `node-row` (with `data-node` and
 * `data-status`) and in it `node-self`, `node-status`, `node-heartbeat`, `node-link`,
 * `node-address`, `node-runtime`, `node-actors`, `node-spawn`.
 *
 * @module
 */

import { DASHBOARD_CSS } from "./_dashboard_css.ts";
import { DASHBOARD_JS } from "./_dashboard_js.ts";

const TABS = [
  ["overview", "Overview"],
  ["actors", "Actors"],
  ["tree", "Supervision tree"],
  ["events", "Events"],
  ["spawn", "Spawn"],
  ["nodes", "Nodes"],
];

const BODY = `
<header>
  <h1>understudy <span>observer</span></h1>
  <span id="system" data-testid="system"></span>
  <span id="connection" class="conn conn-connecting" role="status" aria-live="polite" data-testid="connection">connecting</span>
  <button id="theme" type="button" aria-label="Switch between light and dark mode">Theme</button>
  <button id="sign-out" type="button" hidden>Forget token</button>
</header>
<div id="disconnected" class="banner" role="alert" data-testid="disconnected" hidden></div>
<section id="auth" class="panel auth" hidden aria-labelledby="auth-title">
  <h2 id="auth-title">Connect to the control plane</h2>
  <p>Paste the bearer token that <code>understudy serve</code> printed, or open the dashboard URL it printed.</p>
  <form id="token-form" data-testid="token-form">
    <label class="visually-hidden" for="token-input">Bearer token</label>
    <input id="token-input" type="password" autocomplete="off" spellcheck="false" placeholder="Bearer token" required>
    <button type="submit">Connect</button>
  </form>
  <p id="auth-error" role="alert"></p>
</section>
<div id="app" hidden>
  <nav id="tabs" role="tablist" aria-label="Views">${
  TABS.map(([id, label], i) =>
    `<button type="button" role="tab" id="tab-${id}" data-testid="tab-${id}" aria-controls="panel-${id}" aria-selected="${
      i === 0
    }" tabindex="${i === 0 ? 0 : -1}">${label}</button>`
  ).join("")
}</nav>
  <div id="layout">
    <main id="views">
      <section id="panel-overview" role="tabpanel" aria-labelledby="tab-overview" data-testid="panel-overview">
        <div id="kpis" class="kpis" aria-live="off"></div>
        <div id="charts" class="charts"></div>
      </section>
      <section id="panel-actors" role="tabpanel" aria-labelledby="tab-actors" data-testid="panel-actors" hidden>
        <div class="toolbar">
          <label class="visually-hidden" for="actor-filter">Filter actors</label>
          <input id="actor-filter" type="search" data-testid="actor-filter" placeholder="Filter by path, kind or error  ( / )" autocomplete="off" spellcheck="false">
          <label class="visually-hidden" for="status-filter">Status</label>
          <select id="status-filter" data-testid="status-filter"><option value="">any status</option></select>
          <span id="actor-count" class="count" aria-live="polite"></span>
        </div>
        <div id="actor-table" class="table" role="grid" aria-labelledby="tab-actors" data-testid="actor-table">
          <div id="actor-head" class="thead" role="row"></div>
          <div id="actor-scroll" class="tbody">
            <div id="actor-spacer" class="spacer"><div id="actor-rows" role="rowgroup"></div></div>
          </div>
        </div>
      </section>
      <section id="panel-tree" role="tabpanel" aria-labelledby="tab-tree" data-testid="panel-tree" hidden>
        <div class="toolbar">
          <button type="button" id="expand-all">Expand all</button>
          <button type="button" id="collapse-all">Collapse all</button>
          <span id="tree-summary" class="count"></span>
        </div>
        <div id="tree" class="treebox" data-testid="tree"></div>
      </section>
      <section id="panel-events" role="tabpanel" aria-labelledby="tab-events" data-testid="panel-events" hidden>
        <div class="toolbar"><span id="event-count" class="count"></span></div>
        <ol id="events" data-testid="events" aria-label="Lifecycle events, newest first"></ol>
      </section>
      <section id="panel-spawn" role="tabpanel" aria-labelledby="tab-spawn" data-testid="panel-spawn" hidden>
        <form id="spawn-form" class="card form" data-testid="spawn-form" novalidate>
          <h2>Spawn an actor</h2>
          <p class="muted">Under the control plane's default dynamic supervisor, or the dynamic supervisor whose path you give.</p>
          <label for="spawn-kind">Kind</label>
          <select id="spawn-kind" required></select>
          <p id="spawn-kind-help" class="muted"></p>
          <div id="spawn-node-row" class="form-row" hidden>
            <label for="spawn-node">Node</label>
            <select id="spawn-node" data-testid="spawn-node"></select>
          </div>
          <label for="spawn-name">Name <span class="muted">(optional)</span></label>
          <input id="spawn-name" autocomplete="off" spellcheck="false">
          <label for="spawn-supervisor">Supervisor <span class="muted">(optional path)</span></label>
          <input id="spawn-supervisor" autocomplete="off" spellcheck="false" placeholder="default">
          <fieldset id="spawn-args"><legend>Arguments</legend></fieldset>
          <p class="form-error" role="alert" data-testid="form-error"></p>
          <button type="submit" class="primary">Spawn</button>
        </form>
      </section>
      <section id="panel-nodes" role="tabpanel" aria-labelledby="tab-nodes" data-testid="panel-nodes" hidden>
        <div class="toolbar"><span id="nodes-summary" class="count" aria-live="polite"></span></div>
        <div id="nodes" class="nodebox" data-testid="nodes"><p class="empty">Loading the cluster\u2026</p></div>
      </section>
    </main>
    <aside id="detail" data-testid="detail" aria-labelledby="detail-title" hidden tabindex="-1"></aside>
  </div>
</div>
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
