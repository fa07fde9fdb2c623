/**
 * The supervision tree of the dashboard's script, from
 * `GET /v1/observer/tree`: each supervisor with its strategy and the restart
 * intensity in use (restarts within its window against its limit),
 * restarting and backing-off actors marked, subtrees that collapse and
 * expand, and keyboard moves as in a WAI-ARIA tree. Spliced into the page
 * script by `_dashboard_js.ts`.
 *
 * @module
 */

/** The tree functions of the page script. */
export const DASHBOARD_TREE_JS: string = String.raw`
  // Subtrees with more children than this start collapsed.
  const AUTO_COLLAPSE = 50;
  // A list of siblings shows this many at first, then more on request.
  const SHOW_STEP = 200;

  function summarize(nodes, counts) {
    for (const node of nodes) {
      counts.actors++;
      counts.restarts += Number(node.restarts) || 0;
      if (node.supervisor) counts.supervisors++;
      if (node.status === "restarting" || node.status === "backing-off") counts.restarting++;
      summarize(node.children || [], counts);
    }
    return counts;
  }

  // unlisted: children the server did not send (past its per-actor limit).
  function siblings(parentPath, nodes, counts, seen, level, unlisted) {
    const shown = state.tree.shown.get(parentPath) || SHOW_STEP;
    const items = nodes.slice(0, shown).map((node) => treeNode(node, counts, seen, level));
    if (nodes.length > shown) {
      items.push(h("li", { role: "none" }, h("button", {
        type: "button", class: "more", "data-testid": "more-" + parentPath,
        onclick: () => { state.tree.shown.set(parentPath, shown + SHOW_STEP); state.tree.key = ""; renderTree(state.tree.data); },
      }, "Show " + Math.min(SHOW_STEP, nodes.length - shown) + " more of " + (nodes.length - shown) + " not shown")));
    } else if (unlisted > 0) {
      items.push(h("li", { role: "none", class: "unlisted", "data-testid": "unlisted-" + parentPath },
        plural(unlisted, "more child", "more children") + " not loaded: the Actors table lists every actor"));
    }
    return items;
  }

  // data: the answer of GET /v1/observer/tree ({ tree, more, counts }).
  function renderTree(data) {
    const t = state.tree;
    const tree = Array.isArray(data && data.tree) ? data.tree : [];
    const key = JSON.stringify(data);
    if (key === t.key) return;
    t.key = key;
    t.data = data;
    const focusedPath = document.activeElement && document.activeElement.getAttribute("data-path");
    const counts = data && data.counts ? data.counts : summarize(tree, { actors: 0, supervisors: 0, restarting: 0, restarts: 0 });
    const seen = new Map();
    const items = siblings("/", tree, {}, seen, 1, Number(data && data.more) || 0);
    t.restarts = seen;
    $("tree").replaceChildren(items.length
      ? h("ul", { role: "tree", "aria-label": "Supervision tree" }, items)
      : h("p", { class: "empty" }, "No actors are running."));
    $("tree-summary").textContent = plural(counts.actors, "actor") + " \u00b7 " +
      plural(counts.supervisors, "supervisor") + " \u00b7 " + plural(counts.restarts, "restart") +
      (counts.restarting ? " \u00b7 " + counts.restarting + " restarting or backing off" : "");
    const nodes = [...$("tree").querySelectorAll(".tnode")];
    const again = nodes.find((n) => n.getAttribute("data-path") === (focusedPath || t.focus)) || nodes[0];
    if (again) {
      again.tabIndex = 0;
      if (focusedPath && again.getAttribute("data-path") === focusedPath) again.focus();
    }
  }

  function isCollapsed(node) {
    const t = state.tree;
    if (t.expanded.has(node.path)) return false;
    if (t.collapsed.has(node.path)) return true;
    return (node.children || []).length + (Number(node.more) || 0) > AUTO_COLLAPSE;
  }

  function treeNode(node, counts, seen, level) {
    const path = String(node.path);
    const status = STATUSES.includes(node.status) ? node.status : "unknown";
    const restarts = Number(node.restarts) || 0;
    const before = state.tree.restarts.get(path);
    seen.set(path, restarts);
    const children = Array.isArray(node.children) ? node.children : [];
    const sup = node.supervisor;
    const collapsed = children.length > 0 && isCollapsed(node);
    const row = h("div", {
      class: "tnode st-node-" + status + (before !== undefined && restarts > before ? " bumped" : ""),
      tabindex: "-1", "data-path": path, "data-testid": "node-" + path,
      onclick: (e) => { if (!e.target.closest(".toggle")) { focusNode(row); openDetail(path); } },
      onkeydown: treeKey,
    }, [
      h("button", {
        type: "button", class: "toggle" + (children.length ? "" : " leaf"), tabindex: "-1",
        "aria-label": (collapsed ? "Expand " : "Collapse ") + path, "data-testid": "toggle-" + path,
        onclick: () => toggle(path, !collapsed),
      }, collapsed ? "\u25B6" : "\u25BC"),
      h("span", { class: "tname" }, String(node.name)),
      node.kind && node.kind !== node.name ? h("span", { class: "tkind" }, String(node.kind)) : null,
      statusPill(status, "status-" + path),
      sup ? supervisorBadge(path, sup) : null,
      h("span", { class: "metric" + (restarts > 0 ? " hot" : ""), title: "restarts" }, [
        "\u21BB ", h("b", { "data-testid": "restarts-" + path }, String(restarts)),
      ]),
      h("span", { class: "metric" + (node.mailboxDepth > 0 ? " hot" : ""), title: "mailbox depth" }, [
        "\u2709 ", h("b", { "data-testid": "mailbox-" + path }, String(Number(node.mailboxDepth) || 0)),
      ]),
      collapsed ? h("span", { class: "count" }, plural(children.length + (Number(node.more) || 0), "child", "children")) : null,
    ]);
    return h("li", {
      role: "treeitem", "aria-level": level, "aria-expanded": children.length ? String(!collapsed) : null,
      "aria-selected": path === state.detail.path ? "true" : "false", "data-status": status,
    }, [
      row,
      children.length && !collapsed
        ? h("ul", { role: "group" }, siblings(path, children, counts, seen, level + 1, Number(node.more) || 0))
        : null,
    ]);
  }

  function supervisorBadge(path, sup) {
    const used = Number(sup.restartsInWindow) || 0;
    const limit = Number(sup.maxRestarts) || 0;
    const ratio = limit > 0 ? Math.min(1, used / limit) : used > 0 ? 1 : 0;
    const level = ratio >= 1 ? " full" : ratio >= 0.5 ? " hot" : "";
    const text = used + "/" + limit + " in " + fmt(sup.withinMs / 1000) + "s";
    return h("span", { class: "sup", title: sup.type + " \u00b7 " + sup.strategy + " \u00b7 restart intensity in use: " +
      used + " of " + limit + " restarts within " + sup.withinMs + " ms" + (sup.backoff ? " \u00b7 backoff" : "") }, [
      h("span", { class: "strategy" }, sup.strategy),
      h("span", { class: "meter" + level, "aria-hidden": "true" }, h("i", { style: "width:" + (ratio * 100).toFixed(0) + "%" })),
      h("span", { "data-testid": "intensity-" + path }, text),
    ]);
  }

  function toggle(path, collapse) {
    const t = state.tree;
    t.focus = path;
    if (collapse) { t.collapsed.add(path); t.expanded.delete(path); }
    else { t.expanded.add(path); t.collapsed.delete(path); }
    t.key = "";
    renderTree(t.data);
    const row = [...$("tree").querySelectorAll(".tnode")].find((n) => n.getAttribute("data-path") === path);
    if (row) focusNode(row);
  }

  function setAllCollapsed(collapse) {
    const t = state.tree;
    const walk = (nodes) => {
      for (const node of nodes) {
        if ((node.children || []).length) toggleSet(node.path, collapse);
        walk(node.children || []);
      }
    };
    const toggleSet = (path, c) => {
      if (c) { t.collapsed.add(path); t.expanded.delete(path); }
      else { t.expanded.add(path); t.collapsed.delete(path); }
    };
    walk(t.data);
    t.key = "";
    renderTree(t.data);
  }

  function focusNode(row) {
    for (const n of $("tree").querySelectorAll(".tnode[tabindex='0']")) n.tabIndex = -1;
    row.tabIndex = 0;
    row.focus();
    state.tree.focus = row.getAttribute("data-path");
  }

  function treeKey(event) {
    const row = event.currentTarget;
    const item = row.parentElement;
    const visible = [...$("tree").querySelectorAll(".tnode")];
    const at = visible.indexOf(row);
    const path = row.getAttribute("data-path");
    const expanded = item.getAttribute("aria-expanded");
    switch (event.key) {
      case "ArrowDown": if (visible[at + 1]) focusNode(visible[at + 1]); break;
      case "ArrowUp": if (visible[at - 1]) focusNode(visible[at - 1]); break;
      case "Home": focusNode(visible[0]); break;
      case "End": focusNode(visible[visible.length - 1]); break;
      case "ArrowRight":
        if (expanded === "false") toggle(path, false);
        else if (expanded === "true" && visible[at + 1]) focusNode(visible[at + 1]);
        break;
      case "ArrowLeft": {
        if (expanded === "true") { toggle(path, true); break; }
        const parent = item.parentElement.closest("li");
        if (parent) focusNode(parent.querySelector(".tnode"));
        break;
      }
      case "Enter": openDetail(path); break;
      case " ": if (expanded !== null) toggle(path, expanded === "true"); break;
      default: return;
    }
    event.preventDefault();
  }
`;
