/**
 * The dashboard's Nodes tab: the cluster's nodes from `GET /v1/cluster`
 * (name, status, last heartbeat age ticking live, since when, whether
 * frames reach it over a direct link or NATS, address,
 * runtime, actor count, this node marked, down nodes set apart), or a note
 * that the server joined no cluster when the route answers 404
 * `cluster_disabled`. It also fills the spawn form's node picker, so a kind
 * can be spawned on another node through
 * `POST /v1/cluster/nodes/{node}/actors`. Spliced into the page script by
 * `_dashboard_js.ts`, inside the same function scope (it uses that file's
 * `state`, `$`, `api`, `h` and `selectTab`).
 *
 * @module
 */

/** The Nodes tab of the page script. */
export const DASHBOARD_NODES_JS: string = String.raw`
  async function loadCluster() {
    let data;
    try {
      data = await api("GET", "/v1/cluster");
    } catch (error) {
      if (error && error.status === 404) {
        state.cluster.enabled = false;
        state.cluster.data = null;
        renderNodes();
        return;
      }
      throw error;
    }
    state.cluster.enabled = true;
    state.cluster.data = data || { nodes: [] };
    state.cluster.fetchedAt = performance.now();
    renderNodes();
  }

  function nodeAge(node) {
    const base = Number(node.heartbeatAgeMs);
    if (!Number.isFinite(base)) return NaN;
    return base + (performance.now() - state.cluster.fetchedAt);
  }

  function ageText(ms) {
    if (!Number.isFinite(ms)) return "\u2013";
    if (ms < 10000) return (ms / 1000).toFixed(1) + " s ago";
    return duration(ms) + " ago";
  }

  function updateAges() {
    if (!state.cluster.data) return;
    for (const cell of document.querySelectorAll("[data-age-of]")) {
      const node = state.cluster.data.nodes.find((n) => n.name === cell.getAttribute("data-age-of"));
      if (node) cell.textContent = ageText(nodeAge(node));
    }
  }

  function nodeLink(address) {
    if (typeof address !== "string" || !/^https?:\/\//.test(address)) return h("span", { class: "muted" }, "unknown");
    return h("a", { href: address + "/", target: "_blank", rel: "noopener noreferrer", class: "mono" }, address);
  }

  function nodeRow(node) {
    const up = node.status === "up";
    const status = up ? "up" : node.status === "down" ? "down" : "unknown";
    const runtime = node.runtime && node.runtime.name
      ? node.runtime.name + (node.runtime.version ? " " + node.runtime.version : "")
      : null;
    const since = Date.now() - Date.parse(node.since);
    return h("tr", {
      class: "node-row node-" + status + (node.self ? " node-self" : ""),
      "data-testid": "node-row",
      "data-node": node.name,
      "data-status": status,
    }, [
      h("th", { scope: "row" }, [
        h("span", { class: "node-name" }, node.name),
        node.self ? h("span", { class: "pill self-badge", "data-testid": "node-self" }, "this node") : null,
      ]),
      h("td", {}, h("span", { class: "pill nd-" + status, "data-testid": "node-status" }, status)),
      node.self
        ? h("td", { class: "muted", title: node.lastHeartbeat }, "this node")
        : h("td", { "data-age-of": node.name, "data-testid": "node-heartbeat", title: node.lastHeartbeat }, ageText(nodeAge(node))),
      h("td", { title: node.since }, (up ? "up " : "down for ") + duration(since)),
      h("td", { "data-testid": "node-link" }, node.self ? h("span", { class: "muted" }, "\u2013")
        : node.link === "direct" ? "direct" : node.link === "nats" ? "via NATS" : h("span", { class: "muted" }, "unknown")),
      h("td", { "data-testid": "node-address" }, nodeLink(node.address)),
      h("td", { "data-testid": "node-runtime" }, runtime === null ? h("span", { class: "muted" }, "unknown") : runtime),
      h("td", { class: "num", "data-testid": "node-actors" }, node.actors === null || node.actors === undefined ? "\u2013" : fmt(node.actors)),
      h("td", {}, h("button", {
        type: "button",
        disabled: !up || state.kinds.length === 0,
        "data-testid": "node-spawn",
        "aria-label": "Spawn an actor on node " + node.name,
        onclick: () => { selectTab("spawn", false); setSpawnNode(node.name); },
      }, "Spawn here")),
    ]);
  }

  function renderNodes() {
    fillSpawnNodes();
    const box = $("nodes");
    if (state.cluster.enabled === false) {
      $("nodes-summary").textContent = "";
      box.replaceChildren(h("p", { class: "empty", "data-testid": "no-cluster" },
        "Not in a cluster: this server was started without --cluster, so it has no other nodes."));
      return;
    }
    const data = state.cluster.data;
    if (!data) return;
    const nodes = Array.isArray(data.nodes) ? data.nodes : [];
    const down = nodes.filter((n) => n.status === "down").length;
    $("nodes-summary").textContent = "Cluster " + data.cluster + " \u00b7 " + plural(nodes.length, "node") +
      (down ? " \u00b7 " + down + " down" : "") + " \u00b7 seen from node " + data.node;
    const head = ["Node", "Status", "Last heartbeat", "Since", "Link", "Address", "Runtime", "Actors", ""];
    box.replaceChildren(h("table", { class: "nodes", "aria-label": "Nodes of the cluster" }, [
      h("thead", {}, h("tr", {}, head.map((label) => h("th", { scope: "col" }, label)))),
      h("tbody", {}, nodes.map(nodeRow)),
    ]));
  }

  // The spawn form's node picker: shown only in a cluster.
  function fillSpawnNodes() {
    const row = $("spawn-node-row");
    const select = $("spawn-node");
    const data = state.cluster.enabled ? state.cluster.data : null;
    row.hidden = !data;
    if (!data) return;
    const previous = select.value;
    select.replaceChildren(...data.nodes.map((n) =>
      h("option", { value: n.self ? "" : n.name, disabled: n.status !== "up" },
        n.name + (n.self ? " (this node)" : n.status !== "up" ? " (" + n.status + ")" : ""))
    ));
    select.value = previous;
    if (select.selectedIndex < 0 || select.options[select.selectedIndex].disabled) select.value = "";
    spawnNodeChanged();
  }

  function setSpawnNode(name) {
    const self = state.cluster.data && state.cluster.data.nodes.find((n) => n.self);
    $("spawn-node").value = self && self.name === name ? "" : name;
    spawnNodeChanged();
  }

  function spawnNodeChanged() {
    const remote = $("spawn-node").value !== "";
    const where = $("spawn-supervisor");
    where.disabled = remote;
    where.placeholder = remote ? "that node's default pool" : "default";
  }

  /** The node the spawn form targets, or null for this one. */
  function spawnTarget() {
    const row = $("spawn-node-row");
    return row.hidden || $("spawn-node").value === "" ? null : $("spawn-node").value;
  }
`;
