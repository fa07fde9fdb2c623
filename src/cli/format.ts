/**
 * Human-readable output of the client commands: the supervision tree as an
 * indented outline, actors as a table, one actor as `key: value` lines, an
 * event as one line. Plain functions from JSON to text, unit-tested.
 *
 * @module
 */

/** A tree node as `GET /v1/tree` returns it. */
export interface TreeNodeJson {
  /** Its path. */
  readonly path: string;
  /** Its name. */
  readonly name: string;
  /** Its kind, or `null`. */
  readonly kind: string | null;
  /** Its status. */
  readonly status: string;
  /** Restarts so far. */
  readonly restarts: number;
  /** Messages queued now. */
  readonly mailboxDepth: number;
  /** Its strategy, when it is a supervisor. */
  readonly strategy: string | null;
  /** Its children (those listed). */
  readonly children: readonly TreeNodeJson[];
  /** How many children it has past those listed, if any. */
  readonly more?: number;
}

/**
 * The tree as an outline, one actor a line.
 *
 * @param nodes The top-level nodes.
 * @param more Top-level actors past `nodes`, if the server cut the list.
 * @returns The lines, such as `trading  running  supervisor one-for-one`.
 * @example
 * ```ts
 * import { formatTree } from "./format.ts";
 * const lines = formatTree([{ path: "/a", name: "a", kind: "k", status: "running", restarts: 0, mailboxDepth: 0, strategy: null, children: [] }]);
 * console.assert(lines[0].startsWith("a "));
 * ```
 */
export function formatTree(
  nodes: readonly TreeNodeJson[],
  more = 0,
): string[] {
  if (nodes.length === 0) return ["(no actors)"];
  const lines: string[] = [];
  const visit = (
    node: TreeNodeJson,
    prefix: string,
    last: boolean,
    top: boolean,
  ) => {
    const branch = top ? "" : last ? "└─ " : "├─ ";
    const details = [
      node.status,
      node.strategy === null ? node.kind ?? "" : `supervisor ${node.strategy}`,
      node.restarts > 0 ? `restarts ${node.restarts}` : "",
      node.mailboxDepth > 0 ? `mailbox ${node.mailboxDepth}` : "",
    ].filter((d) => d !== "");
    lines.push(`${prefix}${branch}${node.name}  ${details.join("  ")}`);
    const next = top ? "" : prefix + (last ? "   " : "│  ");
    const hidden = node.more ?? 0;
    node.children.forEach((child, i) =>
      visit(child, next, hidden === 0 && i === node.children.length - 1, false)
    );
    if (hidden > 0) {
      lines.push(
        `${next}└─ ${moreLine(hidden, node.path, node.children.length)}`,
      );
    }
  };
  nodes.forEach((node, i) => visit(node, "", i === nodes.length - 1, true));
  if (more > 0) lines.push(moreLine(more, "/", nodes.length));
  return lines;
}

/**
 * The line that stands for the children the tree did not list, with the
 * command that pages through them (the listed ones come first).
 */
function moreLine(count: number, parent: string, listed: number): string {
  return `… ${count} more (understudy actors --parent ${parent} --offset ${listed})`;
}

/**
 * Rows as an aligned table with a header.
 *
 * @param header The column titles.
 * @param rows The cells.
 * @returns The lines.
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length))
  );
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => i === cells.length - 1 ? c : c.padEnd(widths[i]))
      .join("  ").trimEnd();
  return [line(header), ...rows.map(line)];
}

/**
 * The actor list as a table.
 *
 * @param items The actors, as `GET /v1/actors` returns them.
 * @param total How many matched in all.
 * @returns The lines.
 */
export function formatActors(
  items: readonly Record<string, unknown>[],
  total: number,
): string[] {
  const rows = items.map((a) => [
    String(a.path),
    String(a.status),
    String(a.kind ?? "-"),
    String(a.restarts ?? 0),
    String((a.mailbox as { depth?: number } | undefined)?.depth ?? 0),
    String(a.processed ?? 0),
  ]);
  const lines = formatTable(
    ["PATH", "STATUS", "KIND", "RESTARTS", "MAILBOX", "PROCESSED"],
    rows,
  );
  if (total > items.length) lines.push(`(${items.length} of ${total} shown)`);
  return lines;
}

/**
 * One actor as `key: value` lines; nested values as compact JSON.
 *
 * @param actor The actor, as `GET /v1/actors/{path}` returns it.
 * @returns The lines.
 */
export function formatActor(actor: Record<string, unknown>): string[] {
  const width = Math.max(...Object.keys(actor).map((k) => k.length));
  return Object.entries(actor).map(([key, value]) =>
    `${`${key}:`.padEnd(width + 3)}${
      value === null
        ? "-"
        : typeof value === "object"
        ? JSON.stringify(value)
        : String(value)
    }`
  );
}

/**
 * One lifecycle event as a line: sequence number, type, path, details.
 *
 * @param event The event's JSON.
 * @returns Such as `#12 restarted /trading/risk restarts=1`.
 */
export function formatEvent(event: Record<string, unknown>): string {
  const { seq, type, path, time: _time, ...rest } = event;
  const details = Object.entries(rest)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`);
  return [`#${seq}`, type, path, ...details].join(" ");
}
