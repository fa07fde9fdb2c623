/**
 * The small rendering helpers of the dashboard's script (element builder,
 * toast, number and time formats) and the event list. Spliced into the page
 * script by `_dashboard_js.ts`, inside the same function scope (it uses that
 * file's `state`, `$` and constants).
 *
 * @module
 */

/** The helpers and the event list of the page script. */
export const DASHBOARD_VIEW_JS: string = String.raw`
  function h(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of [].concat(children === undefined ? [] : children)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "object" ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const SVG_NS = "http://www.w3.org/2000/svg";
  function s(tag, attrs, children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== undefined && value !== null) node.setAttribute(key, String(value));
    }
    for (const child of [].concat(children === undefined ? [] : children)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "object" ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function toast(text, isError) {
    const node = $("toast");
    node.className = isError ? "error" : "";
    node.textContent = text;
    clearTimeout(state.toastTimer);
    state.toastTimer = setTimeout(() => { node.textContent = ""; }, isError ? 8000 : 4000);
  }

  function fmt(value) {
    const n = Number(value);
    if (value === null || value === undefined || !Number.isFinite(n)) return "\u2013";
    const a = Math.abs(n);
    if (a >= 1e9) return (n / 1e9).toFixed(1) + "G";
    if (a >= 1e6) return (n / 1e6).toFixed(1) + "M";
    if (a >= 1e4) return (n / 1e3).toFixed(1) + "k";
    if (a >= 100 || Number.isInteger(n)) return String(Math.round(n));
    return n.toFixed(a >= 10 ? 1 : 2);
  }

  function duration(ms) {
    const s = Math.max(0, Math.floor(Number(ms) / 1000));
    if (!Number.isFinite(s)) return "";
    if (s < 60) return s + "s";
    if (s < 3600) return Math.floor(s / 60) + "m " + (s % 60) + "s";
    return Math.floor(s / 3600) + "h " + Math.floor((s % 3600) / 60) + "m";
  }

  function clock(time) {
    const date = new Date(Number(time));
    if (!Number.isFinite(date.getTime()) || Number(time) < 1e11) return String(time);
    const pad = (n, w) => String(n).padStart(w || 2, "0");
    return pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) + "." +
      pad(date.getMilliseconds(), 3);
  }

  function plural(n, word, many) {
    return n + " " + (Number(n) === 1 ? word : many || word + "s");
  }

  function statusPill(status, testId) {
    const known = STATUSES.includes(status) ? status : "unknown";
    return h("span", { class: "pill st-" + known, "data-testid": testId }, String(status));
  }

  function pathButton(path) {
    return h("button", { type: "button", onclick: () => openDetail(path), "aria-label": "Show " + path }, path);
  }

  function detailOf(event) {
    const error = event.error && typeof event.error === "object"
      ? (event.error.name ? event.error.name + ": " : "") + (event.error.message || "")
      : event.error !== undefined ? String(event.error) : "";
    switch (event.type) {
      case "restarted": return "restart #" + event.restarts;
      case "started": return event.restarts ? "after " + plural(event.restarts, "restart") : "";
      case "spawned": return event.kind ? "kind " + event.kind : "";
      case "stopped": return "reason " + event.reason + (error ? " \u00b7 " + error : "");
      case "backing-off": return "restart in " + event.delayMs + " ms";
      case "dead-letter": return "reason " + event.reason + (error ? " \u00b7 " + error : "");
      case "system-shutdown": return "cause " + event.cause + (error ? " \u00b7 " + error : "");
      default: return error;
    }
  }

  function trimEvents() {
    const list = $("events");
    while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
    $("event-count").textContent = list.children.length + " shown (newest first)";
  }

  function addEvent(event) {
    const type = String(event.type);
    const known = EVENT_TYPES.includes(type) ? type : "other";
    const path = String(event.path);
    $("events").prepend(h("li", { "data-testid": "event", "data-type": type, "data-path": path }, [
      h("div", { class: "ev-head" }, [
        h("span", { class: "pill ty-" + known }, type),
        h("a", { class: "path", href: "#", title: path, onclick: (e) => { e.preventDefault(); openDetail(path); } }, path),
        h("time", {}, clock(event.time)),
      ]),
      detailOf(event) ? h("div", { class: "detail" }, detailOf(event)) : null,
    ]));
    trimEvents();
  }

  function addGap(from, to) {
    const missed = Number(to) - Number(from) + 1;
    $("events").prepend(h("li", { class: "gap", "data-testid": "event", "data-type": "gap", role: "note" },
      "Gap: " + plural(Number.isFinite(missed) ? missed : 0, "event") + " (#" + from + " to #" + to +
        ") were no longer buffered and are not shown; the views were reloaded."));
    trimEvents();
  }
`;
