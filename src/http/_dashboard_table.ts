/**
 * The actor table of the dashboard's script: the actors from
 * `GET /v1/observer/actors`, filtered and sorted in the page, and virtualised
 * (only the rows in view exist in the DOM), so 10,000 actors stay
 * responsive. The server applies the same filter and sort and sends at most
 * 10,000 rows: with more actors the page shows the first ones of its view
 * and says so, and asks again when the view changes. Spliced into the page
 * script by `_dashboard_js.ts`.
 *
 * @module
 */

/** The table functions of the page script. */
export const DASHBOARD_TABLE_JS: string = String.raw`
  const ROW_HEIGHT = 30;
  const TABLE_COLUMNS = [
    { key: "path", label: "Path" },
    { key: "kind", label: "Kind" },
    { key: "status", label: "Status" },
    { key: "depth", label: "Mailbox", num: true },
    { key: "highWater", label: "High water", num: true },
    { key: "processed", label: "Processed", num: true },
    { key: "rate", label: "Msgs/s", num: true },
    { key: "restarts", label: "Restarts", num: true },
    { key: "lastError", label: "Last failure" },
  ];

  function buildTable() {
    const t = state.table;
    $("actor-head").replaceChildren(...TABLE_COLUMNS.map((col) =>
      h("span", { role: "columnheader", "aria-sort": "none", "data-key": col.key }, h("button", {
        type: "button", class: col.num ? "num" : "", "data-testid": "sort-" + col.key,
        onclick: () => sortBy(col.key),
      }, col.label))
    ));
    const select = $("status-filter");
    for (const status of STATUSES) select.append(h("option", { value: status }, status));
    $("actor-filter").addEventListener("input", (e) => { t.filter = e.target.value; applyView(); refetchSoon(); });
    select.addEventListener("change", (e) => { t.status = e.target.value; applyView(); refetchSoon(); });
    const scroll = $("actor-scroll");
    scroll.tabIndex = 0;
    scroll.setAttribute("aria-label", "Actors; arrow keys move, Enter opens the detail");
    scroll.addEventListener("scroll", () => {
      if (!t.frame) t.frame = requestAnimationFrame(() => { t.frame = 0; renderRows(); });
    });
    scroll.addEventListener("keydown", tableKey);
    updateSortHeaders();
  }

  // The server filters and sorts as the page does and sends at most 10,000
  // rows: past that the page shows the first ones of the view it asked for.
  function actorsUrl() {
    const t = state.table;
    const q = new URLSearchParams({ sort: t.sort.key, dir: t.sort.dir > 0 ? "asc" : "desc" });
    if (t.filter.trim()) q.set("q", t.filter.trim());
    if (t.status) q.set("status", t.status);
    return "/v1/observer/actors?" + q;
  }

  function setTableData(data) {
    const t = state.table;
    const columns = Array.isArray(data && data.columns) ? data.columns : [];
    const index = {};
    for (const col of TABLE_COLUMNS) index[col.key] = columns.indexOf(col.key);
    index.lastFailureAt = columns.indexOf("lastFailureAt");
    index.failures = columns.indexOf("failures");
    t.index = index;
    t.rows = Array.isArray(data && data.rows) ? data.rows : [];
    t.total = Number(data && data.total) || t.rows.length;
    t.matched = Number(data && data.matched) || t.rows.length;
    const sentBy = TABLE_COLUMNS.find((c) => c.key === (data && data.sort));
    t.sentBy = sentBy ? sentBy.label.toLowerCase() + (data.dir === "desc" ? ", descending" : "") : "";
    applyView();
  }

  // Whether the server holds rows the page does not have.
  function truncated() {
    return state.table.matched > state.table.rows.length;
  }

  // After a sort or filter change, asks the server again when it holds more.
  function refetchSoon() {
    const t = state.table;
    if (t.total <= t.rows.length) return;
    clearTimeout(t.refetch);
    t.refetch = setTimeout(() => once("actors", async () => setTableData(await api("GET", actorsUrl()))), 250);
  }

  function cell(row, key) {
    const i = state.table.index[key];
    return i === undefined || i < 0 ? null : row[i];
  }

  function sortBy(key) {
    const sort = state.table.sort;
    if (sort.key === key) sort.dir = -sort.dir;
    else { sort.key = key; sort.dir = TABLE_COLUMNS.find((c) => c.key === key).num ? -1 : 1; }
    updateSortHeaders();
    applyView();
    refetchSoon();
  }

  function updateSortHeaders() {
    const sort = state.table.sort;
    for (const head of $("actor-head").children) {
      const key = head.getAttribute("data-key");
      head.setAttribute("aria-sort", key === sort.key ? (sort.dir > 0 ? "ascending" : "descending") : "none");
    }
  }

  function applyView() {
    const t = state.table;
    const started = performance.now();
    const needle = t.filter.trim().toLowerCase();
    const iPath = t.index.path, iKind = t.index.kind, iStatus = t.index.status, iErr = t.index.lastError;
    let view = t.rows;
    if (needle || t.status) {
      view = view.filter((row) =>
        (!t.status || row[iStatus] === t.status) &&
        (!needle || String(row[iPath]).toLowerCase().includes(needle) ||
          String(row[iKind] || "").toLowerCase().includes(needle) ||
          String(row[iErr] || "").toLowerCase().includes(needle))
      );
    } else {
      view = view.slice();
    }
    const i = t.index[t.sort.key];
    const dir = t.sort.dir;
    const num = TABLE_COLUMNS.find((c) => c.key === t.sort.key).num;
    view.sort((a, b) => {
      const x = a[i], y = b[i];
      let c;
      if (num) c = (x === null ? -1 : x) - (y === null ? -1 : y);
      else c = x === y ? 0 : x === null ? -1 : y === null ? 1 : String(x) < String(y) ? -1 : 1;
      if (c === 0) c = a[iPath] < b[iPath] ? -1 : a[iPath] > b[iPath] ? 1 : 0;
      return c * dir;
    });
    t.view = view;
    $("actor-spacer").style.height = view.length * ROW_HEIGHT + "px";
    const all = Math.max(t.total, t.rows.length);
    $("actor-count").textContent = (view.length === all
      ? plural(all, "actor")
      : view.length + " of " + plural(all, "actor")) +
      (truncated() ? " (the server sent the first " + t.rows.length + " of " + t.matched +
        (t.sentBy ? " by " + t.sentBy : "") + ")" : "");
    renderRows();
    const ms = performance.now() - started;
    $("actor-table").setAttribute("data-render-ms", ms.toFixed(1));
  }

  function renderRows() {
    const t = state.table;
    const scroll = $("actor-scroll");
    const first = Math.max(0, Math.floor(scroll.scrollTop / ROW_HEIGHT) - 10);
    const count = Math.ceil((scroll.clientHeight || 600) / ROW_HEIGHT) + 20;
    const rows = [];
    for (let i = first; i < Math.min(t.view.length, first + count); i++) rows.push(rowOf(t.view[i], i));
    $("actor-rows").style.transform = "translateY(" + first * ROW_HEIGHT + "px)";
    $("actor-rows").replaceChildren(...rows);
    if (t.view.length === 0) {
      $("actor-rows").replaceChildren(h("p", { class: "empty" }, t.rows.length ? "No actor matches." : "No actors."));
    }
  }

  function rowOf(row, index) {
    const t = state.table;
    const path = String(cell(row, "path"));
    const selected = path === t.selected;
    const error = cell(row, "lastError");
    const at = cell(row, "lastFailureAt");
    const cells = TABLE_COLUMNS.map((col) => {
      const value = cell(row, col.key);
      if (col.key === "status") return h("span", { role: "gridcell" }, statusPill(String(value)));
      if (col.key === "lastError") {
        return h("span", { role: "gridcell", class: "err", title: error ? String(error) + (at ? " at " + clock(at) : "") : null },
          error ? (at ? clock(at).slice(0, 8) + " " : "") + String(error) : "");
      }
      if (col.num) return h("span", { role: "gridcell", class: "num" }, fmt(value));
      return h("span", { role: "gridcell", title: value === null ? null : String(value) }, value === null ? "" : String(value));
    });
    return h("div", {
      class: "trow" + (selected ? " selected" : ""), role: "row", id: "row-" + index, "data-testid": "actor-row",
      "data-path": path, "aria-selected": selected ? "true" : "false", onclick: () => selectRow(index, true),
    }, cells);
  }

  function selectRow(index, open) {
    const t = state.table;
    if (index < 0 || index >= t.view.length) return;
    t.selected = String(cell(t.view[index], "path"));
    const scroll = $("actor-scroll");
    const top = index * ROW_HEIGHT;
    if (top < scroll.scrollTop) scroll.scrollTop = top;
    else if (top + ROW_HEIGHT > scroll.scrollTop + scroll.clientHeight) {
      scroll.scrollTop = top + ROW_HEIGHT - scroll.clientHeight;
    }
    renderRows();
    scroll.setAttribute("aria-activedescendant", "row-" + index);
    if (open) openDetail(t.selected);
  }

  function tableKey(event) {
    const t = state.table;
    const at = t.view.findIndex((row) => String(cell(row, "path")) === t.selected);
    const page = Math.max(1, Math.floor($("actor-scroll").clientHeight / ROW_HEIGHT) - 1);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (event.key in moves) {
      selectRow(Math.min(t.view.length - 1, Math.max(0, (at < 0 ? -1 : at) + moves[event.key])), false);
    } else if (event.key === "Home") selectRow(0, false);
    else if (event.key === "End") selectRow(t.view.length - 1, false);
    else if (event.key === "Enter" && at >= 0) openDetail(t.selected);
    else return;
    event.preventDefault();
  }
`;
