/**
 * The actor detail pane of the dashboard's script, from
 * `GET /v1/observer/actors/{path}` once a second while open: status,
 * incarnation, restart timeline, last error, mailbox, rate sparkline, state
 * snapshot, supervisor intensity, watchers and children; and the actions
 * (stop, restart, inject fault, tell). Spliced into the page script by
 * `_dashboard_js.ts`.
 *
 * @module
 */

/** The detail-pane functions of the page script. */
export const DASHBOARD_DETAIL_JS: string = String.raw`
  function openDetail(path) {
    const d = state.detail;
    const pane = $("detail");
    if (d.path !== path) {
      d.path = path;
      d.data = null;
      d.live = h("div", { class: "live", "aria-live": "off" }, h("p", { class: "muted" }, "Loading\u2026"));
      d.actions = h("div", { class: "actions" });
      d.tell = h("div", {});
      d.kind = undefined;
      pane.replaceChildren(
        h("div", { class: "dhead" }, [
          h("h2", { id: "detail-title", "data-testid": "detail-path" }, path),
          h("button", { type: "button", "aria-label": "Close the detail pane", onclick: closeDetail }, "\u2715"),
        ]),
        d.actions,
        d.live,
        d.tell,
      );
      state.tree.key = "";
      if (state.tree.data) renderTree(state.tree.data);
    }
    pane.hidden = false;
    pane.focus();
    refreshDetail();
  }

  function closeDetail() {
    const path = state.detail.path;
    state.detail.path = null;
    $("detail").hidden = true;
    const back = path && document.querySelector('[data-path="' + CSS.escape(path) + '"]');
    if (back) back.focus();
  }

  async function refreshDetail() {
    const d = state.detail;
    const path = d.path;
    if (!path || d.loading) return;
    d.loading = true;
    try {
      const data = await api("GET", "/v1/observer/actors" + encodePath(path));
      if (d.path === path) renderDetail(data);
    } catch (error) {
      if (d.path === path && error.status === 404) {
        renderGone(path);
      } else if (!(error instanceof AuthError) && !error.offline) report(error);
    } finally {
      d.loading = false;
    }
  }

  function renderGone(path) {
    const d = state.detail;
    d.actions.replaceChildren();
    d.tell.replaceChildren();
    d.live.replaceChildren(h("p", { class: "error-box", "data-testid": "detail-gone" },
      "No actor runs at " + path + " now: it stopped" + (d.data ? " (it was " + d.data.status + ")" : "") + "."));
  }

  function actionButton(label, action, path, danger, disabled) {
    const button = h("button", { type: "button", class: danger ? "danger" : "", "data-testid": action,
      "aria-label": label + " " + path, disabled });
    button.textContent = label;
    button.addEventListener("click", () => act(button, action, path));
    return button;
  }

  function renderDetail(data) {
    const d = state.detail;
    d.data = data;
    const path = data.path;
    const alive = data.status !== "stopped";
    d.actions.replaceChildren(
      actionButton("Stop", "stop", path, true, !alive),
      actionButton("Restart", "restart", path, false, !alive),
      data.faultInjection ? actionButton("Inject fault", "fault", path, true, !alive) : null,
    );
    const kind = state.kinds.find((k) => k.name === data.kind) || null;
    if (d.kind !== kind) {
      d.kind = kind;
      if (kind && accepts(kind, "message")) d.tell.replaceChildren(tellForm(path, kind));
      else d.tell.replaceChildren();
    }
    const now = Date.now();
    const fact = (label, value, testId) => [h("dt", {}, label), h("dd", { "data-testid": testId }, value)];
    const mailbox = data.mailbox || {};
    const sup = data.supervisor;
    const history = data.history || { t: [], rate: [] };
    const times = Array.isArray(data.restartTimes) ? data.restartTimes : [];
    const parts = [
      h("dl", { class: "facts" }, [].concat(
        fact("Status", statusPill(String(data.status)), "detail-status"),
        fact("Kind", data.kind || "\u2013", "detail-kind"),
        fact("Incarnation", "#" + data.incarnation + (data.startedAt ? " \u00b7 up " + duration(now - data.startedAt) : ""),
          "detail-incarnation"),
        fact("Restarts", String(data.restarts) + " \u00b7 failures " + data.failures, "detail-restarts"),
        fact("Mailbox", fmt(mailbox.depth) + " queued \u00b7 high water " + fmt(mailbox.highWater) +
          (mailbox.capacity === null || mailbox.capacity === undefined ? " \u00b7 unbounded" : " of " + fmt(mailbox.capacity)),
          "detail-mailbox"),
        fact("Processed", fmt(data.processed) + " \u00b7 " + fmt(data.rate) + " / s", "detail-processed"),
        data.parent ? fact("Parent", pathButton(data.parent), "detail-parent") : [],
        data.spec ? fact("Child spec", data.spec.id + " \u00b7 " + data.spec.restart, "detail-spec") : [],
        data.stopReason ? fact("Stop reason", String(data.stopReason), "detail-stop-reason") : [],
      )),
      h("section", { class: "spark" }, [
        h("h3", {}, "Messages processed / s"),
        sparkline(history.t, history.rate, "detail-sparkline", "Messages processed per second, " + path),
      ]),
      h("section", { class: "timeline" }, [
        h("h3", {}, "Restarts, last 5 minutes"),
        restartTimeline(times, data.lastFailureAt, now),
      ]),
    ];
    if (data.lastError) {
      parts.push(h("div", { class: "error-box", "data-testid": "detail-last-error" }, [
        h("b", {}, "Last error" + (data.lastFailureAt ? " at " + clock(data.lastFailureAt) : "") + ": "),
        String(data.lastError),
      ]));
    }
    if (sup) {
      const used = Number(sup.restartsInWindow) || 0;
      parts.push(h("section", {}, [
        h("h3", {}, "Supervisor"),
        h("dl", { class: "facts" }, [].concat(
          fact("Strategy", sup.type + " \u00b7 " + sup.strategy + (sup.backoff ? " \u00b7 backoff" : ""), "detail-strategy"),
          fact("Intensity", used + " of " + sup.maxRestarts + " restarts within " + fmt(sup.withinMs / 1000) + " s",
            "detail-intensity"),
          fact("Children", (sup.children === undefined ? "" : sup.children + " (" + sup.active + " running)") +
            (sup.maxChildren === null ? "" : " of at most " + sup.maxChildren), "detail-children-count"),
          fact("Specs", String(sup.specs) + (sup.template ? " (a template)" : ""),
            "detail-specs"),
        )),
      ]));
    }
    if (data.snapshot && data.snapshot.value !== undefined) {
      parts.push(h("section", {}, [
        h("h3", {}, "State snapshot" + (data.snapshot.truncated ? " (cut)" : "")),
        h("pre", { class: "snapshot", "data-testid": "detail-snapshot" },
          typeof data.snapshot.value === "string" && data.snapshot.truncated
            ? data.snapshot.value
            : JSON.stringify(data.snapshot.value, null, 2)),
      ]));
    }
    if (Array.isArray(data.watchers)) {
      parts.push(h("section", {}, [
        h("h3", {}, "Watched by"),
        data.watchers.length
          ? h("div", { class: "links", "data-testid": "detail-watchers" }, data.watchers.map(pathButton))
          : h("p", { class: "muted" }, "nobody"),
      ]));
    }
    const children = Array.isArray(data.childStatus) ? data.childStatus : [];
    if (children.length) {
      parts.push(h("section", {}, [
        h("h3", {}, plural(children.length + (Number(data.more) || 0), "child", "children")),
        h("div", { class: "links", "data-testid": "detail-children" }, children.slice(0, 200).map((c) =>
          h("button", { type: "button", onclick: () => openDetail(c.path), "aria-label": "Show " + c.path }, [
            c.path.slice(path.length + 1) + " ", statusPill(String(c.status)),
          ])
        )),
      ]));
    }
    d.live.replaceChildren(...parts);
  }

  function restartTimeline(times, failedAt, now) {
    const W = 380, H = 44, span = 5 * 60 * 1000;
    const x = (t) => Math.max(0, Math.min(W, W - (now - t) / span * W));
    const recent = times.filter((t) => now - t <= span);
    const svg = s("svg", { viewBox: "0 0 " + W + " " + H, preserveAspectRatio: "none", role: "img",
      "aria-label": plural(recent.length, "restart") + " in the last 5 minutes", "data-testid": "detail-timeline",
      "data-restarts": String(recent.length) }, [
      s("line", { class: "base", x1: 0, x2: W, y1: H - 8, y2: H - 8 }),
    ]);
    for (const t of recent) {
      svg.append(s("line", { class: "tick", x1: x(t), x2: x(t), y1: 6, y2: H - 8 }, s("title", {}, "restart at " + clock(t))));
    }
    if (failedAt && now - failedAt <= span) {
      svg.append(s("circle", { class: "fail", cx: x(failedAt), cy: 6, r: 4 }, s("title", {}, "last failure at " + clock(failedAt))));
    }
    return svg;
  }
`;
