/**
 * The overview of the dashboard's script: key figures and line charts drawn
 * as inline SVG from `GET /v1/observer/overview`, plus the sparkline the
 * detail pane uses. Spliced into the page script by `_dashboard_js.ts`.
 *
 * @module
 */

/** The chart functions of the page script. */
export const DASHBOARD_CHARTS_JS: string = String.raw`
  const CHARTS = [
    { id: "processed", title: "Messages processed / s", series: [["processed", "processed"]], area: true },
    { id: "failures", title: "Restarts and failures / s", series: [["restarts", "restarts"], ["failures", "failures"]] },
    { id: "dead-letters", title: "Dead letters / s, by reason",
      series: DEAD_LETTER_REASONS.map((r) => ["deadLetters." + r, r]) },
    { id: "actors", title: "Actors by status", series: STATUSES.map((st) => ["actors." + st, st]),
      colors: ["--info", "--ok", "--bad", "--warn", "--c6", "--c7", "--off"] },
    { id: "turns", title: "Scheduler turns / s", series: [["turns", "turns"]], area: true },
    { id: "yields", title: "Time-slice yields / s", series: [["yields", "yields"]], area: true },
    { id: "mailboxes", title: "Mailbox depth of the busiest actors", series: null },
  ];
  const COLORS = ["--c1", "--c2", "--c3", "--c4", "--c5", "--c6", "--c7"];

  function color(i) {
    return "var(" + COLORS[i % COLORS.length] + ")";
  }

  function mergeOverview(data) {
    const o = state.overview;
    if (!data || !data.samples) return;
    if (data.seq < o.seq) {
      // The server restarted: its history starts over.
      o.seq = 0;
      o.cols = {};
      o.busiest = [];
    }
    o.capacity = data.capacity;
    o.intervalMs = data.intervalMs;
    const seqs = data.samples.seq || [];
    if (seqs.length === 0) return;
    for (const [name, values] of Object.entries(data.samples)) {
      o.cols[name] = (o.cols[name] || []).concat(values);
    }
    o.busiest = o.busiest.concat(data.busiest || []);
    const extra = (o.cols.t || []).length - o.capacity;
    if (extra > 0) {
      for (const name of Object.keys(o.cols)) o.cols[name] = o.cols[name].slice(extra);
      o.busiest = o.busiest.slice(extra);
    }
    o.seq = seqs[seqs.length - 1];
  }

  function niceMax(max) {
    if (!(max > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(max)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
    return 10 * p;
  }

  function mailboxSeries() {
    const o = state.overview;
    const peak = new Map();
    for (const sample of o.busiest) {
      for (const entry of sample || []) peak.set(entry.path, Math.max(peak.get(entry.path) || 0, entry.depth));
    }
    const paths = [...peak.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5)
      .map((e) => e[0]);
    return paths.map((path) => ({
      label: path,
      // Outside a sample's top five the depth is unknown: drawn as a break.
      values: o.busiest.map((sample) => {
        const hit = (sample || []).find((e) => e.path === path);
        return hit ? hit.depth : NaN;
      }),
    }));
  }

  function chartSeries(chart) {
    if (chart.series === null) return mailboxSeries();
    return chart.series.map(([key, label], i) => ({
      label, values: state.overview.cols[key] || [], color: chart.colors ? "var(" + chart.colors[i] + ")" : undefined,
    }));
  }

  function buildCharts() {
    $("charts").replaceChildren(...CHARTS.map((chart) =>
      h("figure", { class: "card chart", id: "chart-" + chart.id, "data-testid": "chart-" + chart.id, "data-points": "0" }, [
        h("h3", { id: "chart-title-" + chart.id }, chart.title),
        s("svg", { role: "img", "aria-labelledby": "chart-title-" + chart.id }),
        h("figcaption", { class: "legend" }),
      ])
    ));
  }

  function renderCharts() {
    const o = state.overview;
    const times = o.cols.t || [];
    for (const chart of CHARTS) {
      const figure = $("chart-" + chart.id);
      if (!figure) continue;
      drawChart(figure, times, chartSeries(chart), chart.area);
    }
    renderKpis();
  }

  function drawChart(figure, times, series, area) {
    const svg = figure.querySelector("svg");
    const W = Math.max(200, svg.clientWidth || 400);
    const H = 150;
    const left = 40, right = 6, top = 8, bottom = 18;
    const o = state.overview;
    // The window grows with the history, from one minute to all it keeps.
    const end = times.length ? times[times.length - 1] : Date.now();
    const held = times.length ? end - times[0] : 0;
    const span = Math.min(o.capacity * o.intervalMs, Math.max(60000, Math.ceil(held / 60000) * 60000));
    const start = end - span;
    let max = 0;
    for (const line of series) for (const v of line.values) if (v > max) max = v;
    const yMax = niceMax(max);
    const x = (t) => left + (W - left - right) * (t - start) / span;
    const y = (v) => top + (H - top - bottom) * (1 - v / yMax);
    const parts = [];
    for (const frac of [0, 0.5, 1]) {
      const gy = y(yMax * frac);
      parts.push(s("line", { class: "grid", x1: left, x2: W - right, y1: gy, y2: gy }));
      parts.push(s("text", { class: "axis", x: left - 4, y: gy + 3, "text-anchor": "end" }, fmt(yMax * frac)));
    }
    const minutes = span / 60000;
    for (const frac of [0, 0.5, 1]) {
      const ago = minutes * (1 - frac);
      const label = frac === 1 ? "now" : "\u2212" + (ago < 1 ? Math.round(ago * 60) + "s" : +ago.toFixed(1) + "m");
      parts.push(s("text", { class: "axis", x: left + (W - left - right) * frac, y: H - 4,
        "text-anchor": frac === 0 ? "start" : frac === 1 ? "end" : "middle" }, label));
    }
    // Missing samples (the sampler was off, or the page could not reach the
    // server) are shaded, and lines break across them.
    const limit = o.intervalMs * 2.5;
    for (let i = 1; i < times.length; i++) {
      if (times[i] - times[i - 1] > limit) {
        parts.push(s("rect", { class: "gap", x: x(times[i - 1]), y: top, width: Math.max(1, x(times[i]) - x(times[i - 1])),
          height: H - top - bottom }, s("title", {}, "no samples")));
      }
    }
    series.forEach((line, index) => {
      const segments = [];
      let current = [];
      for (let i = 0; i < times.length; i++) {
        const v = line.values[i];
        const broken = i > 0 && times[i] - times[i - 1] > limit;
        if (!Number.isFinite(v) || broken) {
          if (current.length) segments.push(current);
          current = [];
          if (!Number.isFinite(v)) continue;
        }
        current.push(x(times[i]).toFixed(1) + "," + y(v).toFixed(1));
      }
      if (current.length) segments.push(current);
      for (const points of segments) {
        if (area && points.length > 1) {
          const first = points[0].split(",")[0], last = points[points.length - 1].split(",")[0];
          parts.push(s("polygon", { class: "area", fill: line.color || color(index),
            points: first + "," + y(0) + " " + points.join(" ") + " " + last + "," + y(0) }));
        }
        parts.push(s("polyline", { class: "line", stroke: line.color || color(index), points: points.join(" ") }));
      }
    });
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.replaceChildren(...parts);
    figure.setAttribute("data-points", String(times.length));
    const legend = figure.querySelector("figcaption");
    legend.replaceChildren(...(series.length ? series.map((line, index) => {
      const values = line.values;
      const latest = values.length ? values[values.length - 1] : NaN;
      return h("span", {}, [h("i", { style: "background:" + (line.color || color(index)) }), line.label, h("b", {}, fmt(latest))]);
    }) : [h("span", {}, "no queued mail in the window")]));
  }

  function windowTotal(key) {
    const o = state.overview;
    const t = o.cols.t || [], v = o.cols[key] || [];
    let total = 0;
    for (let i = 1; i < t.length; i++) {
      const dt = (t[i] - t[i - 1]) / 1000;
      if (dt <= o.intervalMs * 2.5 / 1000) total += v[i] * dt;
    }
    return Math.round(total);
  }

  function renderKpis() {
    const cols = state.overview.cols;
    const last = (key) => { const v = cols[key] || []; return v.length ? v[v.length - 1] : null; };
    const t = cols.t || [];
    const held = t.length ? (t[t.length - 1] - t[0]) / 60000 : 0;
    const minutes = Math.max(1, Math.min(Math.ceil(held), state.overview.capacity * state.overview.intervalMs / 60000));
    const figures = [
      ["kpi-actors", "actors", last("actors")],
      ["kpi-rate", "messages / s", last("processed")],
      ["kpi-restarts", "restarts, last " + minutes + " min", windowTotal("restarts")],
      ["kpi-failures", "failures, last " + minutes + " min", windowTotal("failures")],
      ["kpi-dead", "dead letters, last " + minutes + " min", windowTotal("deadLetters")],
      ["kpi-turns", "scheduler turns / s", last("turns")],
    ];
    $("kpis").replaceChildren(...figures.map(([id, label, value]) =>
      h("div", { class: "kpi", "data-testid": id }, [h("b", {}, fmt(value)), h("span", {}, label)])
    ));
  }

  function sparkline(times, values, testId, label) {
    const W = 380, H = 44;
    const svg = s("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": label,
      preserveAspectRatio: "none", "data-testid": testId, "data-points": String(values.length) });
    if (values.length < 2) return svg;
    const t0 = times[0], span = Math.max(1, times[times.length - 1] - t0);
    const yMax = niceMax(Math.max(...values));
    const points = values.map((v, i) =>
      ((times[i] - t0) / span * W).toFixed(1) + "," + (H - 2 - (H - 4) * v / yMax).toFixed(1)
    );
    svg.append(
      s("polygon", { class: "area", fill: color(0), opacity: ".15", points: "0," + H + " " + points.join(" ") + " " + W + "," + H }),
      s("polyline", { fill: "none", stroke: color(0), "stroke-width": "1.5", "vector-effect": "non-scaling-stroke",
        points: points.join(" ") }),
    );
    return svg;
  }
`;
