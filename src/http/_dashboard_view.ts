/**
 * The rendering half of the dashboard's script: builds the tree rows and the
 * event list with `createElement` and `textContent` only. Spliced into the
 * page script by `_dashboard_js.ts`, inside the same function scope (it uses
 * that file's `state`, constants and `act`/`refreshSoon`).
 *
 * @module
 */

/** The rendering functions of the page script. */
export const DASHBOARD_VIEW_JS: string = String.raw`
  function h(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of [].concat(children === undefined ? [] : children)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "object" ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function setConnection(kind, text) {
    const node = $("connection");
    node.className = "conn conn-" + kind;
    node.textContent = text;
  }

  function toast(text, isError) {
    const node = $("toast");
    node.className = isError ? "error" : "";
    node.textContent = text;
    clearTimeout(state.toastTimer);
    state.toastTimer = setTimeout(() => { node.textContent = ""; }, isError ? 8000 : 4000);
  }

  function duration(ms) {
    const s = Math.max(0, Math.floor(Number(ms) / 1000));
    if (!Number.isFinite(s)) return "";
    if (s < 60) return s + "s";
    if (s < 3600) return Math.floor(s / 60) + "m " + (s % 60) + "s";
    return Math.floor(s / 3600) + "h " + Math.floor((s % 3600) / 60) + "m";
  }

  function metric(label, value, testId) {
    const n = Number(value) || 0;
    return h("span", { class: "metric" + (n > 0 ? " hot" : ""), title: label }, [
      h("span", { class: "visually-hidden" }, label + " "),
      h("b", { "data-testid": testId }, String(n)),
    ]);
  }

  function actionButton(label, action, node, disabled, danger) {
    const path = String(node.path);
    const button = h("button", {
      type: "button", class: danger ? "danger" : "", "data-testid": action + "-" + path,
      "aria-label": label + " " + path, disabled,
    }, label);
    button.addEventListener("click", () => act(button, action, path));
    return button;
  }

  function renderNode(node, counts, seen) {
    const path = String(node.path);
    const restarts = Number(node.restarts) || 0;
    const before = state.restarts.get(path);
    seen.set(path, restarts);
    const status = STATUSES.includes(node.status) ? node.status : "unknown";
    counts.actors++;
    if (status === "running") counts.running++;
    counts.restarts += restarts;
    const alive = status !== "stopped";
    const buttons = [
      actionButton("Stop", "stop", node, !alive, true),
      actionButton("Restart", "restart", node, !alive, false),
    ];
    if (state.faultInjection) buttons.push(actionButton("Inject fault", "fault", node, !alive, true));
    const row = h("div", { class: "row" + (before !== undefined && restarts > before ? " bumped" : "") }, [
      h("div", { class: "who", title: path + (node.kind ? " (" + node.kind + ")" : "") }, [
        h("span", { class: "name" }, String(node.name)),
        node.kind && node.kind !== node.name ? h("span", { class: "kind" }, String(node.kind)) : null,
      ]),
      h("span", {}, h("span", { class: "pill st-" + status, "data-testid": "status-" + path }, String(node.status))),
      h("span", { class: "strategy", title: node.strategy ? "strategy" : null }, node.strategy ? String(node.strategy) : ""),
      metric("restarts", restarts, "restarts-" + path),
      metric("mailbox", node.mailboxDepth, "mailbox-" + path),
      h("div", { class: "actions" }, buttons),
    ]);
    const children = Array.isArray(node.children) ? node.children : [];
    return h("li", { "data-testid": "node-" + path, "data-status": status }, [
      row,
      children.length
        ? h("ul", { "aria-label": "Children of " + path }, children.map((child) => renderNode(child, counts, seen)))
        : null,
    ]);
  }

  function renderTree(tree) {
    const key = JSON.stringify(tree) + "|" + state.faultInjection;
    if (key === state.treeKey) return;
    state.treeKey = key;
    const active = document.activeElement;
    const focused = active && active.getAttribute ? active.getAttribute("data-testid") : null;
    const counts = { actors: 0, running: 0, restarts: 0 };
    const seen = new Map();
    const items = tree.map((node) => renderNode(node, counts, seen));
    state.restarts = seen;
    $("tree").replaceChildren(items.length
      ? h("ul", { class: "tree", "aria-label": "Supervision tree" }, items)
      : h("p", { class: "empty" }, "No actors are running."));
    $("summary").textContent = plural(counts.actors, "actor") + " \u00b7 " + counts.running + " running \u00b7 " +
      plural(counts.restarts, "restart");
    if (focused) {
      const again = document.querySelector('[data-testid="' + CSS.escape(focused) + '"]');
      if (again) again.focus();
    }
  }

  function clock(time) {
    const date = new Date(Number(time));
    if (!Number.isFinite(date.getTime()) || Number(time) < 1e11) return String(time);
    const pad = (n, w) => String(n).padStart(w || 2, "0");
    return pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) + "." +
      pad(date.getMilliseconds(), 3);
  }

  function plural(n, word) {
    return n + " " + word + (Number(n) === 1 ? "" : "s");
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

  function addEvent(event) {
    const type = String(event.type);
    const known = EVENT_TYPES.includes(type) ? type : "other";
    const detail = detailOf(event);
    const list = $("events");
    list.prepend(h("li", { "data-testid": "event", "data-type": type, "data-path": String(event.path) }, [
      h("div", { class: "ev-head" }, [
        h("span", { class: "pill ty-" + known }, type),
        h("span", { class: "path", title: String(event.path) }, String(event.path)),
        h("time", {}, clock(event.time)),
      ]),
      detail ? h("div", { class: "detail" }, detail) : null,
    ]));
    while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
    $("event-count").textContent = list.children.length + " shown";
    if (type === "restarted") {
      const cell = document.querySelector('[data-testid="' + CSS.escape("restarts-" + event.path) + '"]');
      if (cell && Number(event.restarts) > Number(cell.textContent)) {
        cell.textContent = String(event.restarts);
        const row = cell.closest(".row");
        row.classList.remove("bumped");
        void row.offsetWidth;
        row.classList.add("bumped");
        state.restarts.set(String(event.path), Number(event.restarts));
        state.treeKey = "";
      }
    }
    if (LIFECYCLE.includes(type)) refreshSoon();
  }
`;
