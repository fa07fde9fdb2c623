/**
 * The dashboard's script, inlined into the page by `dashboard.ts`. Plain
 * browser JavaScript, no build step: it is kept as text so no bundler or
 * transpiler can rewrite it.
 *
 * It reads the bearer token from the URL fragment (`#token=...`, never sent
 * to the server) or `sessionStorage`, else asks for it; renders the tree from
 * `GET /v1/tree`; follows `GET /v1/events` with `fetch` and a stream reader
 * (an `EventSource` cannot send an `Authorization` header), resuming with
 * `Last-Event-ID`. The rendering functions live in `_dashboard_view.ts` and
 * are spliced in here, in the same scope.
 *
 * @module
 */

import { DASHBOARD_VIEW_JS } from "./_dashboard_view.ts";

/** The page's script. */
export const DASHBOARD_JS: string = String.raw`
"use strict";
(() => {
  const TOKEN_KEY = "understudy.token";
  const MAX_EVENTS = 200;
  const POLL_MS = 3000;
  const STATUSES = ["starting", "running", "failed", "restarting", "backing-off", "stopping", "stopped"];
  const EVENT_TYPES = ["spawned", "started", "failed", "restarted", "backing-off", "resumed", "stopped", "escalated", "dead-letter", "system-shutdown"];
  const LIFECYCLE = EVENT_TYPES.filter((type) => type !== "dead-letter");
  const $ = (id) => document.getElementById(id);
  const state = {
    // "0" asks the server to replay its buffer first, so the page opens
    // with recent history rather than an empty list.
    token: null, faultInjection: false, lastEventId: "0", stream: null,
    treeKey: "", restarts: new Map(), refreshTimer: 0, pollTimer: 0,
    systemTimer: 0, toastTimer: 0, generation: 0,
  };

  class AuthError extends Error {}

${DASHBOARD_VIEW_JS}

  function storage(action, value) {
    try {
      if (action === "get") return sessionStorage.getItem(TOKEN_KEY);
      if (action === "set") sessionStorage.setItem(TOKEN_KEY, value);
      if (action === "remove") sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // Storage may be disabled; the token then lives for this page only.
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
    if (!(error instanceof AuthError)) toast(String(error && error.message || error), true);
  }

  async function api(method, path, body) {
    const headers = { Authorization: "Bearer " + state.token, Accept: "application/json" };
    const init = { method, headers, cache: "no-store" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    if (response.status === 401) {
      signOut("The server rejected the token. Enter a valid one.");
      throw new AuthError("unauthorized");
    }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    if (!response.ok) {
      const message = data && data.error && data.error.message;
      throw new Error(message ? String(message) : "Request failed with status " + response.status);
    }
    return data;
  }

  function actorUrl(path, action) {
    const segments = String(path).split("/").filter((s) => s !== "").map(encodeURIComponent);
    return "/v1/actors/" + segments.join("/") + "/$" + action;
  }

  async function loadSystem() {
    const system = await api("GET", "/v1/system") || {};
    const fault = system.faultInjection === true;
    if (fault !== state.faultInjection) {
      state.faultInjection = fault;
      state.treeKey = "";
    }
    const runtime = system.runtime || {};
    const parts = [];
    if (system.name) parts.push("system " + system.name);
    if (system.version) parts.push("v" + system.version);
    if (runtime.name) parts.push(runtime.name + (runtime.version ? " " + runtime.version : ""));
    const uptime = system.uptimeMs !== undefined ? system.uptimeMs : system.uptime;
    if (uptime !== undefined) parts.push("up " + duration(uptime));
    parts.push(fault ? "fault injection on" : "fault injection off");
    $("system").textContent = parts.join(" \u00b7 ");
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
      refreshSoon(0);
    }
  }

  async function refreshTree() {
    const data = await api("GET", "/v1/tree");
    renderTree(data && Array.isArray(data.tree) ? data.tree : []);
  }

  function refreshSoon(delay) {
    if (state.refreshTimer) {
      if (delay !== 0) return;
      clearTimeout(state.refreshTimer);
    }
    state.refreshTimer = setTimeout(() => {
      state.refreshTimer = 0;
      if (state.token) refreshTree().catch(report);
    }, delay === undefined ? 150 : delay);
  }

  function dispatch(frame) {
    let type = "message";
    let data = null;
    for (const line of frame.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "id" && !value.includes("\0")) state.lastEventId = value;
      else if (field === "event") type = value;
      else if (field === "data") data = data === null ? value : data + "\n" + value;
    }
    if (data === null) return;
    if (type === "gap") {
      // Events were missed (the server's buffer moved on): resync the tree.
      refreshSoon(0);
      return;
    }
    let event;
    try { event = JSON.parse(data); } catch { return; }
    if (event && typeof event === "object" && typeof event.path === "string") {
      addEvent(Object.assign({ type }, event));
    }
  }

  async function readStream(body, generation) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    while (generation === state.generation) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer = (buffer + decoder.decode(value, { stream: true })).replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
    reader.cancel().catch(() => {});
  }

  async function follow(generation) {
    let attempt = 0;
    while (generation === state.generation) {
      const controller = new AbortController();
      state.stream = controller;
      try {
        const headers = { Authorization: "Bearer " + state.token, Accept: "text/event-stream" };
        headers["Last-Event-ID"] = state.lastEventId;
        const response = await fetch("/v1/events", { headers, signal: controller.signal, cache: "no-store" });
        if (response.status === 401) {
          signOut("The server rejected the token. Enter a valid one.");
          return;
        }
        if (!response.ok || !response.body) throw new Error("status " + response.status);
        attempt = 0;
        setConnection("live", "live");
        refreshSoon(0);
        await readStream(response.body, generation);
      } catch {
        // Reconnect below.
      }
      if (generation !== state.generation) return;
      setConnection("reconnecting", "reconnecting");
      const wait = Math.min(10000, 500 * 2 ** attempt++) * (0.75 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  function poll() {
    if (!state.token) return;
    if (document.visibilityState === "visible") refreshSoon(0);
  }

  function start(token) {
    state.token = token;
    state.generation++;
    storage("set", token);
    $("auth").hidden = true;
    $("tree-panel").hidden = false;
    $("events-panel").hidden = false;
    $("sign-out").hidden = false;
    setConnection("connecting", "connecting");
    loadSystem().then(refreshTree).catch(report);
    follow(state.generation);
    state.pollTimer = setInterval(poll, POLL_MS);
    state.systemTimer = setInterval(() => loadSystem().catch(report), 10000);
  }

  function signOut(message) {
    state.token = null;
    state.generation++;
    storage("remove");
    if (state.stream) state.stream.abort();
    clearInterval(state.pollTimer);
    clearInterval(state.systemTimer);
    clearTimeout(state.refreshTimer);
    state.refreshTimer = 0;
    state.treeKey = "";
    $("tree-panel").hidden = true;
    $("events-panel").hidden = true;
    $("sign-out").hidden = true;
    $("auth").hidden = false;
    $("auth-error").textContent = message || "";
    setConnection("signed-out", "signed out");
    $("token-input").focus();
  }

  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = $("token-input").value.trim();
    $("token-input").value = "";
    if (value) start(value);
  });
  $("sign-out").addEventListener("click", () => signOut(""));

  const token = tokenFromFragment() || storage("get");
  if (token) start(token);
  else signOut("");
})();
`;
