/** The client's human output and argument rules, as plain functions. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { clientCommand, parseClientArgs } from "../../src/cli/client_args.ts";
import { actorPath, exitCodeFor } from "../../src/cli/client.ts";
import {
  formatActor,
  formatEvent,
  formatTable,
  formatTree,
  type TreeNodeJson,
} from "../../src/cli/format.ts";
import { UsageError } from "../../src/server/usage_error.ts";

function node(
  name: string,
  children: TreeNodeJson[] = [],
  extra: Partial<TreeNodeJson> = {},
): TreeNodeJson {
  return {
    path: `/${name}`,
    name,
    kind: "k",
    status: "running",
    restarts: 0,
    mailboxDepth: 0,
    strategy: null,
    children,
    ...extra,
  };
}

describe("formatTree", () => {
  test("draws children with branches, supervisors with their strategy", () => {
    const tree = [
      node("app", [
        node("a", [node("x")]),
        node("b", [], { restarts: 2, mailboxDepth: 5 }),
      ], {
        strategy: "one-for-one",
      }),
    ];
    assert.deepEqual(formatTree(tree), [
      "app  running  supervisor one-for-one",
      "├─ a  running  k",
      "│  └─ x  running  k",
      "└─ b  running  k  restarts 2  mailbox 5",
    ]);
  });

  test("children the server did not list are one line each, with where to page through them", () => {
    const tree = [
      node("pool", [node("c0"), node("c1")], { path: "/pool", more: 998 }),
      node("lone"),
    ];
    assert.deepEqual(formatTree(tree, 4), [
      "pool  running  k",
      "├─ c0  running  k",
      "├─ c1  running  k",
      "└─ … 998 more (understudy actors --parent /pool --offset 2)",
      "lone  running  k",
      "… 4 more (understudy actors --parent / --offset 2)",
    ]);
  });

  test("an empty tree says so", () => {
    assert.deepEqual(formatTree([]), ["(no actors)"]);
  });
});

describe("formatTable, formatActor, formatEvent", () => {
  test("aligns columns", () => {
    assert.deepEqual(formatTable(["A", "BB"], [["long", "x"], ["s", "y"]]), [
      "A     BB",
      "long  x",
      "s     y",
    ]);
  });

  test("an actor as key: value lines, nested values as JSON, null as -", () => {
    assert.deepEqual(
      formatActor({ path: "/a", mailbox: { depth: 1 }, spec: null }),
      [
        "path:     /a",
        'mailbox:  {"depth":1}',
        "spec:     -",
      ],
    );
  });

  test("an event as one line", () => {
    assert.equal(
      formatEvent({
        seq: 3,
        time: 1,
        type: "restarted",
        path: "/a",
        restarts: 1,
      }),
      "#3 restarted /a restarts=1",
    );
  });
});

describe("client arguments", () => {
  test("positionals, own flags and the common ones", () => {
    const args = parseClientArgs(clientCommand("spawn")!, [
      "echo",
      '"x"',
      "--name=e",
      "--url",
      "http://h:1",
      "--json",
    ]);
    assert.deepEqual(args.positionals, { kind: "echo", args: '"x"' });
    assert.deepEqual(args.flags, { name: "e" });
    assert.equal(args.url, "http://h:1");
    assert.equal(args.json, true);
  });

  test("missing, extra, unknown and repeated arguments are usage errors", () => {
    const cases: [string, string[], RegExp][] = [
      ["tell", ["/a"], /Missing message/],
      ["stop", ["/a", "/b"], /Unexpected argument "\/b"/],
      ["tree", ["--name", "x"], /Unknown flag "--name" for "tree"/],
      ["tree", ["--json", "--json"], /more than once/],
      ["tree", ["--url"], /Missing value for flag "--url"/],
      ["events", ["--replay=yes"], /takes no value/],
    ];
    for (const [name, argv, pattern] of cases) {
      assert.throws(
        () => parseClientArgs(clientCommand(name)!, argv),
        (e: unknown) => e instanceof UsageError && pattern.test(e.message),
      );
    }
  });

  test("actor paths are encoded segment by segment", () => {
    assert.equal(actorPath("/a/b c"), "/v1/actors/a/b%20c");
    assert.equal(actorPath("a/$x", "tell"), "/v1/actors/a/%24x/$tell");
  });

  test("HTTP statuses map to the documented exit statuses", () => {
    assert.deepEqual(
      [401, 403, 404, 400, 409, 422, 429, 500, 504].map(exitCodeFor),
      [
        4,
        4,
        5,
        6,
        6,
        6,
        6,
        1,
        1,
      ],
    );
  });
});
