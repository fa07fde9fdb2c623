/**
 * The dashboard's script, inlined into the page by `dashboard.ts`. Plain
 * browser JavaScript, no build step: it is kept as text so no bundler or
 * transpiler can rewrite it.
 *
 * This part holds the state, the token handling (from the URL fragment
 * `#token=...`, never sent to the server, or `sessionStorage`), the API
 * calls, the liveness banner, the polling loop (only while the page
 * is visible), tabs, theme and keyboard shortcuts. The views live in the
 * `_dashboard_*.ts` files spliced in here, in the same scope.
 *
 * @module
 */

import { DASHBOARD_CHARTS_JS } from "./_dashboard_charts.ts";
import { DASHBOARD_DETAIL_JS } from "./_dashboard_detail.ts";
import { DASHBOARD_FORMS_JS } from "./_dashboard_forms.ts";
import { DASHBOARD_NODES_JS } from "./_dashboard_nodes.ts";
import { DASHBOARD_STREAM_JS } from "./_dashboard_stream.ts";
import { DASHBOARD_TABLE_JS } from "./_dashboard_table.ts";
import { DASHBOARD_TREE_JS } from "./_dashboard_tree.ts";
import { DASHBOARD_VIEW_JS } from "./_dashboard_view.ts";

/** The page's script. */
export const DASHBOARD_JS: string = String.raw`
"use strict";
(() => {
  const TOKEN_KEY = "understudy.token";
  const THEME_KEY = "understudy.theme";
  const MAX_EVENTS = 300;
  const TICK_MS = 1000;
  const TABS = ["overview", "actors", "tree", "events", "spawn", "nodes"];
  const STATUSES = ["starting", "running", "failed", "restarting", "backing-off", "stopping", "stopped"];
  const DEAD_LETTER_REASONS = ["stopped", "full", "failed", "dropped"];
  const EVENT_TYPES = ["spawned", "started", "failed", "restarted", "backing-off", "resumed", "stopped", "escalated", "dead-letter", "system-shutdown"];
  const LIFECYCLE = EVENT_TYPES.filter((type) => type !== "dead-letter");
  const $ = (id) => document.getElementById(id);
  const state = {
    // "0" asks the server to replay its buffer first, so the page opens
    // with recent history rather than an empty list.
    token: null, faultInjection: false, lastEventId: "0", stream: null, generation: 0,
    tab: "overview", kinds: [], ticks: 0, tickTimer: 0, toastTimer: 0, busy: {},
    streamLive: false, apiDown: false, downSince: 0, wasDown: false, serverStart: 0,
    overview: { seq: 0, cols: {}, busiest: [], capacity: 300, intervalMs: 1000 },
    table: { rows: [], view: [], index: {}, sort: { key: "depth", dir: -1 }, filter: "", status: "", selected: null, frame: 0, total: 0, matched: 0, sentBy: "", refetch: 0 },
    tree: { data: [], key: "", restarts: new Map(), collapsed: new Set(), expanded: new Set(), shown: new Map(), focus: null, dirty: true },
    detail: { path: null, data: null },
    cluster: { enabled: null, data: null, fetchedAt: 0, ageTimer: 0 },
  };

  class AuthError extends Error {}

${DASHBOARD_VIEW_JS}
${DASHBOARD_CHARTS_JS}
${DASHBOARD_TABLE_JS}
${DASHBOARD_TREE_JS}
${DASHBOARD_FORMS_JS}
${DASHBOARD_DETAIL_JS}
${DASHBOARD_NODES_JS}
${DASHBOARD_STREAM_JS}

  function storage(area, action, key, value) {
    try {
      const store = area === "local" ? localStorage : sessionStorage;
      if (action === "get") return store.getItem(key);
      if (action === "set") store.setItem(key, value);
      if (action === "remove") store.removeItem(key);
    } catch {
      // Storage may be disabled; the value then lives for this page only.
    }
    return null;
  }

  function tokenFromFragment() {
    const params = new URLSearchParams(location.hash.slice(1));
    const token = params.get("token");
    if (token !== null) {
      params.delete("token");
      const rest = params.toString();
      history.replaceState(null, "", location.pathname + location.search + (rest ? "#" + rest : ""));
    }
    return token;
  }

  function report(error) {
    if (!(error instanceof AuthError) && !(error && error.offline)) toast(String(error && error.message || error), true);
  }

  async function api(method, path, body) {
    const headers = { Authorization: "Bearer " + state.token, Accept: "application/json" };
    const init = { method, headers, cache: "no-store" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (cause) {
      setApiDown(true);
      const error = new Error("The server is not answering");
      error.offline = true;
      throw error;
    }
    setApiDown(false);
    if (response.status === 401) {
      signOut("The server rejected the token. Enter a valid one.");
      throw new AuthError("unauthorized");
    }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    if (!response.ok) {
      const message = data && data.error && data.error.message;
      const error = new Error(message ? String(message) : "Request failed with status " + response.status);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function encodePath(path) {
    return "/" + String(path).split("/").filter((s) => s !== "").map(encodeURIComponent).join("/");
  }

  function actorUrl(path, action) {
    return "/v1/actors" + encodePath(path) + "/$" + action;
  }

  async function loadSystem() {
    const system = await api("GET", "/v1/system") || {};
    state.faultInjection = system.faultInjection === true;
    const runtime = system.runtime || {};
    const uptime = system.uptimeMs !== undefined ? system.uptimeMs : system.uptime;
    const start = Date.now() - Number(uptime);
    if (state.serverStart && Math.abs(start - state.serverStart) > 5000) {
      // A new server process: its event ids start over.
      state.lastEventId = "0";
      toast("The server restarted", false);
    }
    state.serverStart = start;
    const parts = [];
    if (system.name) parts.push("system " + system.name);
    if (system.version) parts.push("v" + system.version);
    if (runtime.name) parts.push(runtime.name + (runtime.version ? " " + runtime.version : ""));
    if (uptime !== undefined) parts.push("up " + duration(uptime));
    if (system.deadLetters !== undefined) parts.push(plural(system.deadLetters, "dead letter"));
    parts.push(state.faultInjection ? "fault injection on" : "fault injection off");
    $("system").textContent = parts.join(" \u00b7 ");
  }

  async function loadKinds() {
    const data = await api("GET", "/v1/kinds");
    state.kinds = data && Array.isArray(data.items) ? data.items : [];
    buildSpawnForm();
  }

  async function act(button, action, path) {
    button.disabled = true;
    try {
      const body = action === "fault" ? { message: "Fault injected from the dashboard" } : undefined;
      await api("POST", actorUrl(path, action), body);
      const done = { stop: "Stopped ", restart: "Restarted ", fault: "Injected a fault into " };
      toast(done[action] + path, false);
    } catch (error) {
      report(error);
    } finally {
      button.disabled = false;
      state.tree.dirty = true;
      refreshDetail();
    }
  }

  // Liveness: the connection pill and the banner say what the page knows.
  function updateConnection() {
    const down = !state.streamLive || state.apiDown;
    const node = $("connection");
    const banner = $("disconnected");
    if (!down) {
      node.className = "conn conn-live";
      node.textContent = "live";
      banner.hidden = true;
      document.body.classList.remove("offline");
      if (state.wasDown) toast("Reconnected; resumed after event #" + state.lastEventId, false);
      state.wasDown = false;
      state.downSince = 0;
      return;
    }
    if (!state.wasDown && !state.everLive && !state.apiDown) {
      node.className = "conn conn-connecting";
      node.textContent = "connecting";
      return;
    }
    state.downSince = state.downSince || Date.now();
    state.wasDown = true;
    node.className = "conn conn-disconnected";
    node.textContent = "disconnected";
    banner.hidden = false;
    banner.textContent = (state.apiDown
      ? "Disconnected: the server is not answering"
      : "Disconnected: the event stream ended") +
      " since " + clock(state.downSince).slice(0, 8) + ". Reconnecting\u2026 The figures below are stale.";
    document.body.classList.add("offline");
  }

  function setApiDown(down) {
    if (state.apiDown === down) return;
    state.apiDown = down;
    updateConnection();
  }

  function setStreamLive(live) {
    state.streamLive = live;
    if (live) state.everLive = true;
    updateConnection();
  }

  function once(name, task) {
    if (state.busy[name]) return;
    state.busy[name] = true;
    task().catch(report).finally(() => { state.busy[name] = false; });
  }

  function tick() {
    if (!state.token || document.visibilityState !== "visible") return;
    const n = state.ticks++;
    once("overview", async () => {
      mergeOverview(await api("GET", "/v1/observer/overview?since=" + state.overview.seq));
      if (state.tab === "overview") renderCharts();
    });
    if (state.tab === "actors" && n % 2 === 0) {
      once("actors", async () => setTableData(await api("GET", actorsUrl())));
    }
    if (state.tab === "tree" && (state.tree.dirty || n % 3 === 0)) {
      state.tree.dirty = false;
      once("tree", async () => renderTree(await api("GET", "/v1/observer/tree") || {}));
    }
    if (state.detail.path) refreshDetail();
    if (n % 10 === 9) once("system", loadSystem);
    if (state.cluster.enabled !== false && (state.tab === "nodes" || n % 10 === 4)) once("cluster", loadCluster);
  }

  function selectTab(name, focus) {
    state.tab = name;
    for (const id of TABS) {
      const tab = $("tab-" + id);
      const selected = id === name;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      $("panel-" + id).hidden = !selected;
    }
    if (focus) $("tab-" + name).focus();
    clearInterval(state.cluster.ageTimer);
    if (name === "nodes") {
      state.cluster.ageTimer = setInterval(updateAges, 250);
      once("cluster", loadCluster);
    }
    if (name === "overview") renderCharts();
    if (name === "actors") { renderRows(); once("actors", async () => setTableData(await api("GET", actorsUrl()))); }
    if (name === "tree") {
      state.tree.dirty = false;
      once("tree", async () => renderTree(await api("GET", "/v1/observer/tree") || {}));
    }
  }

  function setTheme(theme) {
    document.documentElement.setAttribute("data-theme", theme);
    $("theme").textContent = theme === "dark" ? "Light mode" : "Dark mode";
    if (state.token) renderCharts();
  }

  function start(token) {
    state.token = token;
    state.generation++;
    storage("session", "set", TOKEN_KEY, token);
    $("auth").hidden = true;
    $("app").hidden = false;
    $("sign-out").hidden = false;
    state.streamLive = false;
    updateConnection();
    loadSystem().then(loadKinds).then(loadCluster).catch(report);
    follow(state.generation);
    clearInterval(state.tickTimer);
    state.tickTimer = setInterval(tick, TICK_MS);
    tick();
  }

  function signOut(message) {
    state.token = null;
    state.generation++;
    storage("session", "remove", TOKEN_KEY);
    if (state.stream) state.stream.abort();
    clearInterval(state.tickTimer);
    state.tree.key = "";
    $("app").hidden = true;
    $("sign-out").hidden = true;
    $("disconnected").hidden = true;
    $("auth").hidden = false;
    $("auth-error").textContent = message || "";
    $("connection").className = "conn conn-signed-out";
    $("connection").textContent = "signed out";
    $("token-input").focus();
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = $("token-input").value.trim();
    $("token-input").value = "";
    if (value) start(value);
  });
  $("sign-out").addEventListener("click", () => signOut(""));
  $("theme").addEventListener("click", () => {
    const next = document.documentElement.getAttribute("data-theme") === "dark" ? "light" : "dark";
    storage("local", "set", THEME_KEY, next);
    setTheme(next);
  });
  $("expand-all").addEventListener("click", () => setAllCollapsed(false));
  $("collapse-all").addEventListener("click", () => setAllCollapsed(true));
  for (const id of TABS) $("tab-" + id).addEventListener("click", () => selectTab(id, false));
  $("tabs").addEventListener("keydown", (event) => {
    const at = TABS.indexOf(state.tab);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    selectTab(TABS[(to + TABS.length) % TABS.length], true);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.detail.path) { closeDetail(); return; }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey || !state.token) return;
    if (event.key === "/") {
      event.preventDefault();
      selectTab("actors", false);
      $("actor-filter").focus();
    } else if (/^[1-6]$/.test(event.key)) {
      selectTab(TABS[Number(event.key) - 1], true);
    }
  });
  document.addEventListener("visibilitychange", tick);
  window.addEventListener("resize", () => { if (state.tab === "overview") renderCharts(); else renderRows(); });

  const media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  setTheme(storage("local", "get", THEME_KEY) || (media && media.matches ? "dark" : "light"));
  buildCharts();
  buildTable();
  const token = tokenFromFragment() || storage("session", "get", TOKEN_KEY);
  if (token) start(token);
  else signOut("");
})();
`;
