/**
 * The dashboard's stylesheet, inlined into the page by `dashboard.ts`.
 *
 * @module
 */

/**
 * The page's CSS: light and dark themes (the system's preference unless the
 * page's toggle chose one), a layout that folds to one column on a narrow
 * window.
 */
export const DASHBOARD_CSS: string = `
:root {
  color-scheme: light;
  --bg: #f4f6f9; --panel: #ffffff; --fg: #1a2230; --muted: #5d6979;
  --line: #dce1e8; --accent: #3557d6; --accent-bg: #e8edfd; --hover: #f0f3f8;
  --ok: #177a42; --ok-bg: #e1f4e8; --warn: #8f5600; --warn-bg: #fcefd6;
  --bad: #b42318; --bad-bg: #fde6e3; --info: #2452b8; --info-bg: #e4ecfc;
  --off: #5d6979; --off-bg: #eceff3; --flash: #fff3c4;
  --c1: #3557d6; --c2: #d9480f; --c3: #2b8a3e; --c4: #ae3ec9; --c5: #0c8599; --c6: #e67700; --c7: #868e96;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
}
:root[data-theme="dark"] {
  color-scheme: dark;
  --bg: #0f1318; --panel: #171d25; --fg: #e4e9f0; --muted: #97a3b3;
  --line: #29313c; --accent: #7d9bff; --accent-bg: #1c2748; --hover: #1e2530;
  --ok: #5fd394; --ok-bg: #15331f; --warn: #f3b95f; --warn-bg: #3a2c12;
  --bad: #ff8a80; --bad-bg: #3d1a18; --info: #8fb0ff; --info-bg: #1b2746;
  --off: #97a3b3; --off-bg: #252c36; --flash: #4a3f12;
  --c1: #7d9bff; --c2: #ff8c5a; --c3: #69db7c; --c4: #da77f2; --c5: #3bc9db; --c6: #ffc078; --c7: #adb5bd;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { margin: 0; height: 100%; }
body {
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  background: var(--bg); color: var(--fg); display: flex; flex-direction: column;
}
header {
  display: flex; align-items: center; gap: 12px; padding: 10px 20px; flex-wrap: wrap;
  background: var(--panel); border-bottom: 1px solid var(--line);
}
header h1 { font-size: 18px; margin: 0; letter-spacing: .2px; }
header h1 span { color: var(--muted); font-weight: 400; }
#system { color: var(--muted); font-size: 13px; flex: 1; min-width: 0; }
.conn { font-size: 13px; padding: 2px 10px; border-radius: 999px; white-space: nowrap; }
.conn::before { content: "\\25CF"; margin-right: 6px; }
.conn-live { color: var(--ok); background: var(--ok-bg); }
.conn-connecting, .conn-reconnecting { color: var(--warn); background: var(--warn-bg); }
.conn-disconnected { color: var(--bad); background: var(--bad-bg); }
.conn-signed-out { color: var(--off); background: var(--off-bg); }
.banner {
  padding: 10px 20px; background: var(--bad-bg); color: var(--bad); font-weight: 600;
  border-bottom: 1px solid color-mix(in srgb, var(--bad) 35%, var(--line));
}
body.offline #views, body.offline #detail > .live { opacity: .55; filter: grayscale(.6); }
button, select, input, textarea {
  font: inherit; font-size: 13px; color: var(--fg); background: var(--panel);
  border: 1px solid var(--line); border-radius: 6px;
}
button { padding: 4px 10px; cursor: pointer; }
button:hover:not(:disabled) { background: var(--hover); }
button:disabled { opacity: .45; cursor: default; }
button.danger { color: var(--bad); border-color: color-mix(in srgb, var(--bad) 40%, var(--line)); }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
button.primary:hover:not(:disabled) { background: color-mix(in srgb, var(--accent) 85%, #000); }
input, select, textarea { padding: 5px 8px; }
textarea { font-family: var(--mono); font-size: 12px; width: 100%; min-height: 110px; resize: vertical; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
.muted { color: var(--muted); }
.count { color: var(--muted); font-size: 12px; }
code, .mono { font-family: var(--mono); font-size: 12px; }
.auth { max-width: 520px; margin: 48px auto; padding: 20px 24px; background: var(--panel); border: 1px solid var(--line); border-radius: 10px; }
.auth form { display: flex; gap: 8px; }
.auth input { flex: 1; }
#auth-error { color: var(--bad); }
#app { flex: 1; min-height: 0; display: flex; flex-direction: column; }
#tabs { display: flex; gap: 2px; padding: 0 20px; background: var(--panel); border-bottom: 1px solid var(--line); overflow-x: auto; }
#tabs button {
  border: 0; border-radius: 0; background: none; padding: 10px 14px; color: var(--muted);
  border-bottom: 2px solid transparent; white-space: nowrap;
}
#tabs button[aria-selected="true"] { color: var(--fg); border-bottom-color: var(--accent); font-weight: 600; }
#layout { flex: 1; min-height: 0; display: flex; }
#views { flex: 1; min-width: 0; overflow: auto; padding: 16px 20px; }
#views > section { display: flex; flex-direction: column; gap: 12px; min-height: 100%; }
#views > section[hidden] { display: none; }
.toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.toolbar input[type="search"] { flex: 1; min-width: 180px; }
.kpis { display: grid; gap: 10px; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); }
.kpi { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; }
.kpi b { display: block; font-size: 22px; line-height: 1.2; font-variant-numeric: tabular-nums; }
.kpi span { color: var(--muted); font-size: 12px; }
.charts { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.card h2, .card h3 { font-size: 13px; margin: 0 0 6px; font-weight: 600; }
.chart { margin: 0; }
.chart svg { display: block; width: 100%; height: 150px; overflow: visible; }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .axis { fill: var(--muted); font-size: 10px; font-family: var(--mono); }
.chart .line { fill: none; stroke-width: 1.6; vector-effect: non-scaling-stroke; stroke-linejoin: round; }
.chart .area { opacity: .12; }
.chart .gap { fill: var(--off-bg); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 12px; margin-top: 6px; color: var(--muted); }
.legend i { display: inline-block; width: 10px; height: 3px; border-radius: 2px; margin-right: 5px; vertical-align: middle; }
.legend b { color: var(--fg); font-weight: 600; font-variant-numeric: tabular-nums; margin-left: 4px; }
.empty { color: var(--muted); padding: 16px; text-align: center; }
#views > #panel-actors { height: 100%; min-height: 420px; }
.table { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; display: flex; flex-direction: column; flex: 1 1 0; min-height: 0; overflow: hidden; }
.thead, .trow {
  display: grid; align-items: center; gap: 8px; padding: 0 12px;
  grid-template-columns: minmax(180px, 3fr) minmax(80px, 1.2fr) 104px repeat(5, minmax(60px, .8fr)) minmax(120px, 2fr);
}
.thead { border-bottom: 1px solid var(--line); font-size: 12px; color: var(--muted); }
.thead button { border: 0; background: none; padding: 8px 0; color: inherit; text-align: left; font-weight: 600; font-size: 12px; }
.thead button.num { text-align: right; }
.thead [aria-sort="ascending"] button::after { content: " \\25B2"; }
.thead [aria-sort="descending"] button::after { content: " \\25BC"; }
.tbody { flex: 1; overflow: auto; position: relative; min-height: 0; }
.spacer { position: relative; }
#actor-rows { position: absolute; left: 0; right: 0; top: 0; }
.trow { height: 30px; border-bottom: 1px solid var(--line); cursor: pointer; font-size: 13px; }
.trow:hover, .trow.selected { background: var(--hover); }
.trow.selected { box-shadow: inset 3px 0 var(--accent); }
.trow > span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.trow .num { text-align: right; font-variant-numeric: tabular-nums; font-family: var(--mono); font-size: 12px; }
.trow .err { color: var(--bad); font-size: 12px; }
.pill { display: inline-block; font-size: 11px; padding: 1px 8px; border-radius: 999px; white-space: nowrap; border: 1px solid transparent; }
.st-running { color: var(--ok); background: var(--ok-bg); }
.st-starting { color: var(--info); background: var(--info-bg); }
.st-restarting { color: var(--warn); background: var(--warn-bg); }
.st-backing-off { color: var(--warn); background: var(--warn-bg); border: 1px dashed var(--warn); }
.st-failed { color: var(--bad); background: var(--bad-bg); }
.st-stopping, .st-stopped, .st-unknown { color: var(--off); background: var(--off-bg); }
.treebox { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 8px 4px; }
.treebox ul { list-style: none; margin: 0; padding-left: 22px; }
.treebox > ul { padding-left: 4px; }
.treebox li { position: relative; }
.treebox ul ul li::before { content: ""; position: absolute; left: -12px; top: 0; bottom: 0; border-left: 1px solid var(--line); }
.treebox ul ul li:last-child::before { bottom: calc(100% - 16px); }
.treebox ul ul li::after { content: ""; position: absolute; left: -12px; top: 16px; width: 10px; border-top: 1px solid var(--line); }
.tnode { display: flex; align-items: center; gap: 8px; padding: 3px 8px; border-radius: 6px; min-height: 32px; flex-wrap: wrap; }
.tnode:hover { background: var(--hover); }
.tnode:focus { outline: none; }
.tnode:focus-visible { outline: 2px solid var(--accent); }
li[aria-selected="true"] > .tnode { background: var(--accent-bg); }
.tnode.st-node-restarting, .tnode.st-node-backing-off { background: var(--warn-bg); border: 1px dashed var(--warn); }
.tnode.st-node-failed { background: var(--bad-bg); }
.tnode.st-node-stopped { opacity: .6; }
.more { margin: 4px 0 4px 30px; font-size: 12px; }
.unlisted { margin: 4px 0 4px 30px; font-size: 12px; color: var(--muted); list-style: none; }
.toggle { width: 22px; height: 22px; padding: 0; border: 0; background: none; color: var(--muted); font-size: 11px; }
.toggle.leaf { visibility: hidden; }
.tname { font-weight: 600; }
.tkind { color: var(--muted); font-size: 12px; }
.sup { font-size: 11px; color: var(--muted); display: inline-flex; gap: 6px; align-items: center; }
.meter { display: inline-block; width: 56px; height: 6px; border-radius: 3px; background: var(--off-bg); overflow: hidden; vertical-align: middle; }
.meter i { display: block; height: 100%; background: var(--ok); }
.meter.hot i { background: var(--warn); }
.meter.full i { background: var(--bad); }
.metric { font-family: var(--mono); font-size: 12px; color: var(--muted); }
.metric.hot { color: var(--warn); font-weight: 600; }
.bumped { animation: flash 1.2s ease-out; }
@keyframes flash { from { background: var(--flash); } to { background: transparent; } }
@media (prefers-reduced-motion: reduce) { .bumped { animation: none; } }
#events { list-style: none; margin: 0; padding: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 10px; }
#events li { padding: 6px 12px; border-bottom: 1px solid var(--line); }
#events li.gap { background: var(--warn-bg); color: var(--warn); font-weight: 600; }
.ev-head { display: flex; gap: 10px; align-items: baseline; }
.ev-head .path { font-family: var(--mono); font-size: 12px; flex: 1; overflow: hidden; text-overflow: ellipsis; }
.ev-head time { color: var(--muted); font-size: 11px; font-family: var(--mono); }
.detail { color: var(--muted); font-size: 12px; margin-top: 2px; word-break: break-word; }
.ty-failed, .ty-escalated, .ty-dead-letter { color: var(--bad); background: var(--bad-bg); }
.ty-restarted, .ty-backing-off { color: var(--warn); background: var(--warn-bg); }
.ty-started, .ty-spawned, .ty-resumed { color: var(--ok); background: var(--ok-bg); }
.ty-stopped, .ty-system-shutdown, .ty-other { color: var(--off); background: var(--off-bg); }
#detail {
  width: 420px; flex: none; overflow: auto; background: var(--panel); border-left: 1px solid var(--line);
  padding: 14px 16px; display: flex; flex-direction: column; gap: 12px;
}
#detail .live { display: flex; flex-direction: column; gap: 14px; }
#detail .live p { margin: 0; }
#detail h3 { font-size: 12px; margin: 0 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
#detail h2 { margin: 0; font-size: 15px; font-family: var(--mono); word-break: break-all; }
.dhead { display: flex; gap: 8px; align-items: flex-start; }
.dhead h2 { flex: 1; }
.facts { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 0; font-size: 13px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; font-variant-numeric: tabular-nums; word-break: break-word; }
.actions { display: flex; gap: 6px; flex-wrap: wrap; }
.error-box { background: var(--bad-bg); color: var(--bad); border-radius: 8px; padding: 8px 10px; font-size: 12px; word-break: break-word; }
pre.snapshot { margin: 0; background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 8px; font-size: 12px; max-height: 220px; overflow: auto; }
.spark svg, .timeline svg { display: block; width: 100%; height: 44px; }
.timeline .tick { stroke: var(--warn); stroke-width: 2; }
.timeline .fail { fill: var(--bad); }
.timeline .base { stroke: var(--line); }
.links { display: flex; flex-wrap: wrap; gap: 6px; }
.links button { font-family: var(--mono); font-size: 12px; }
.form label { display: block; font-size: 12px; color: var(--muted); margin: 8px 0 2px; }
.form input, .form select { width: 100%; }
.form fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; padding: 6px 10px 10px; }
.form legend { font-size: 12px; color: var(--muted); padding: 0 4px; }
.form .check { display: flex; gap: 6px; align-items: center; }
.form .check input { width: auto; }
.field-error { color: var(--bad); font-size: 12px; margin: 2px 0 0; }
[aria-invalid="true"] { border-color: var(--bad); }
.form-error { color: var(--bad); font-size: 13px; margin: 6px 0; min-height: 1em; white-space: pre-wrap; }
#panel-spawn .form { max-width: 560px; }
.nodebox { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; overflow-x: auto; }
table.nodes { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.nodes th, table.nodes td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--line); white-space: nowrap; }
table.nodes thead th { font-size: 12px; font-weight: 600; color: var(--muted); }
table.nodes tbody tr:last-child > * { border-bottom: 0; }
table.nodes .num { text-align: right; }
.node-name { font-weight: 600; margin-right: 8px; }
.node-self { background: var(--accent-bg); }
.self-badge { color: var(--accent); border-color: var(--accent); }
.node-down { background: var(--bad-bg); }
.node-down .node-name { text-decoration: line-through; color: var(--bad); }
.node-down td { color: var(--muted); }
.nd-up { color: var(--ok); background: var(--ok-bg); }
.nd-down { color: #fff; background: var(--bad); font-weight: 600; }
.nd-unknown { color: var(--off); background: var(--off-bg); }
#toast {
  position: fixed; bottom: 16px; left: 50%; transform: translateX(-50%); max-width: 90vw;
  padding: 8px 14px; border-radius: 8px; background: var(--fg); color: var(--bg); font-size: 13px;
}
#toast:empty { display: none; }
#toast.error { background: var(--bad); color: #fff; }
@media (max-width: 900px) {
  #detail { position: fixed; inset: 0; width: auto; z-index: 5; border-left: 0; }
  .thead, .trow { grid-template-columns: minmax(140px, 3fr) 96px repeat(3, minmax(52px, 1fr)); }
  .thead > :nth-child(2), .trow > :nth-child(2), .thead > :nth-child(5), .trow > :nth-child(5),
  .thead > :nth-child(7), .trow > :nth-child(7), .thead > :nth-child(9), .trow > :nth-child(9) { display: none; }
  .charts { grid-template-columns: minmax(0, 1fr); }
  #views { padding: 12px; }
  header { padding: 8px 12px; }
  #system { order: 9; flex-basis: 100%; }
}
`;
