/**
 * The dashboard's stylesheet, inlined into the page by `dashboard.ts`.
 *
 * @module
 */

/** The page's CSS: a light theme, a dark one when the system prefers it. */
export const DASHBOARD_CSS: string = `
:root {
  color-scheme: light dark;
  --bg: #f5f6f8; --panel: #ffffff; --fg: #1c2430; --muted: #5f6b7a;
  --line: #dde2e8; --accent: #3557d6; --hover: #f0f3f7;
  --ok: #1a7f45; --ok-bg: #e3f5ea; --warn: #9a5b00; --warn-bg: #fdf0d9;
  --bad: #b42318; --bad-bg: #fde7e5; --info: #2452b8; --info-bg: #e4ecfc;
  --off: #5f6b7a; --off-bg: #eceff3; --flash: #fff3c4;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #11151b; --panel: #181e26; --fg: #e4e9f0; --muted: #98a4b3;
    --line: #2a323d; --accent: #7d9bff; --hover: #1f2631;
    --ok: #5fd394; --ok-bg: #163526; --warn: #f3b95f; --warn-bg: #3a2c12;
    --bad: #ff8a80; --bad-bg: #3d1a18; --info: #8fb0ff; --info-bg: #1b2746;
    --off: #98a4b3; --off-bg: #252c36; --flash: #4a3f12;
  }
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body {
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  background: var(--bg); color: var(--fg);
  display: flex; flex-direction: column;
}
header {
  display: flex; align-items: center; gap: 16px; padding: 10px 20px;
  background: var(--panel); border-bottom: 1px solid var(--line);
}
header h1 { font-size: 18px; margin: 0; letter-spacing: .2px; }
header h1 span { color: var(--muted); font-weight: 400; }
#system { color: var(--muted); font-size: 13px; flex: 1; }
.conn { font-size: 13px; padding: 2px 10px; border-radius: 999px; }
.conn::before { content: "\\25CF"; margin-right: 6px; }
.conn-live { color: var(--ok); background: var(--ok-bg); }
.conn-connecting, .conn-reconnecting { color: var(--warn); background: var(--warn-bg); }
.conn-signed-out { color: var(--off); background: var(--off-bg); }
button {
  font: inherit; font-size: 12px; padding: 3px 10px; cursor: pointer;
  border: 1px solid var(--line); border-radius: 6px;
  background: var(--panel); color: var(--fg);
}
button:hover:not(:disabled) { background: var(--hover); }
button:disabled { opacity: .45; cursor: default; }
button.danger { color: var(--bad); border-color: color-mix(in srgb, var(--bad) 40%, var(--line)); }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
main {
  flex: 1; min-height: 0; display: grid; gap: 16px; padding: 16px 20px;
  grid-template-columns: minmax(0, 1fr) 390px;
}
@media (max-width: 1100px) {
  main { grid-template-columns: minmax(0, 1fr); grid-auto-rows: minmax(320px, auto); overflow: auto; }
}
.panel {
  background: var(--panel); border: 1px solid var(--line); border-radius: 10px;
  display: flex; flex-direction: column; min-height: 0;
}
.panel > h2 {
  font-size: 13px; text-transform: uppercase; letter-spacing: .6px;
  color: var(--muted); margin: 0; padding: 12px 16px;
  border-bottom: 1px solid var(--line); display: flex; gap: 8px;
}
.panel > h2 .count { margin-left: auto; text-transform: none; letter-spacing: 0; }
.scroll { overflow: auto; flex: 1; min-height: 0; }
#auth {
  grid-column: 1 / -1; align-self: start; display: block;
  width: 100%; max-width: 480px; margin: 48px auto; padding: 20px 24px;
}
#auth h2 {
  font-size: 16px; margin: 0 0 6px; padding: 0; border: 0;
  text-transform: none; letter-spacing: 0; color: var(--fg);
}
#auth p { color: var(--muted); margin: 0 0 14px; }
#auth form { display: flex; gap: 8px; }
#auth input {
  flex: 1; font: inherit; padding: 6px 10px; border-radius: 6px;
  border: 1px solid var(--line); background: var(--bg); color: var(--fg);
}
#auth button { font-size: 14px; padding: 6px 14px; }
#auth-error { color: var(--bad); margin: 10px 0 0; min-height: 1em; }
ul.tree, ul.tree ul { list-style: none; margin: 0; padding: 0; }
ul.tree { padding: 8px 0; }
ul.tree ul { margin-left: 22px; border-left: 1px dashed var(--line); }
.row {
  display: grid; align-items: center; gap: 8px; padding: 6px 12px 6px 10px;
  grid-template-columns: minmax(140px, 1fr) 84px 96px 58px 58px 214px;
}
.row:hover { background: var(--hover); }
.row.head { color: var(--muted); font-size: 12px; border-bottom: 1px solid var(--line); padding-top: 10px; }
.row.head:hover { background: none; }
.row.bumped { animation: flash 1.6s ease-out; }
@keyframes flash { from { background: var(--flash); } to { background: transparent; } }
@media (prefers-reduced-motion: reduce) { .row.bumped { animation: none; } }
.who { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.name { font-weight: 600; }
.kind { color: var(--muted); font-family: var(--mono); font-size: 12px; margin-left: 6px; }
.pill {
  display: inline-block; font-size: 12px; padding: 1px 8px; border-radius: 999px;
  text-align: center; white-space: nowrap;
}
.st-running { color: var(--ok); background: var(--ok-bg); }
.st-starting { color: var(--info); background: var(--info-bg); }
.st-restarting, .st-backing-off, .st-stopping { color: var(--warn); background: var(--warn-bg); }
.st-failed { color: var(--bad); background: var(--bad-bg); }
.st-stopped, .st-unknown { color: var(--off); background: var(--off-bg); }
.strategy { font-family: var(--mono); font-size: 12px; color: var(--muted); }
.metric { font-size: 12px; color: var(--muted); white-space: nowrap; }
.metric b { color: var(--fg); font-variant-numeric: tabular-nums; font-weight: 600; }
.metric.hot b { color: var(--warn); }
.actions { display: flex; gap: 6px; justify-content: flex-end; }
.summary { padding: 10px 16px 0; color: var(--muted); font-size: 13px; }
.empty { color: var(--muted); padding: 16px; }
ol#events { list-style: none; margin: 0; padding: 4px 0; }
ol#events li { padding: 7px 14px; border-bottom: 1px solid var(--line); font-size: 12px; }
ol#events .ev-head { display: flex; align-items: center; gap: 8px; min-width: 0; }
ol#events .pill { flex: 0 0 88px; font-size: 11px; }
ol#events .path {
  font-family: var(--mono); flex: 1; min-width: 0;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
}
ol#events time { color: var(--muted); font-family: var(--mono); font-variant-numeric: tabular-nums; }
ol#events .detail { color: var(--muted); margin: 2px 0 0 96px; overflow-wrap: anywhere; }
.ty-restarted, .ty-resumed { color: var(--warn); background: var(--warn-bg); }
.ty-failed, .ty-escalated { color: var(--bad); background: var(--bad-bg); }
.ty-started, .ty-spawned { color: var(--ok); background: var(--ok-bg); }
.ty-stopped, .ty-dead-letter, .ty-system-shutdown, .ty-other { color: var(--off); background: var(--off-bg); }
.ty-backing-off { color: var(--info); background: var(--info-bg); }
#toast {
  position: fixed; right: 20px; bottom: 20px; max-width: 420px;
  padding: 10px 14px; border-radius: 8px; font-size: 13px;
  background: var(--fg); color: var(--panel); box-shadow: 0 6px 24px rgba(0,0,0,.18);
}
#toast:empty { display: none; }
#toast.error { background: var(--bad); color: #fff; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap;
}
[hidden] { display: none !important; }
`;
