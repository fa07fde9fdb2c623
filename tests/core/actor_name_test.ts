import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ActorSystem, defineActor } from "../../mod.ts";
import { nameProblem } from "../../src/core/actor_name.ts";

describe("actor names", () => {
  test("refuse separators, a leading $, control and bidirectional-override characters", () => {
    for (
      const bad of [
        "",
        "a/b",
        "$1",
        "nul\u0000",
        "line\nfeed",
        "del\u007f",
        "c1\u0085",
        "rlo\u202e",
        "lri\u2066",
        "alm\u061c",
        "rlm\u200f",
        42,
      ]
    ) assert.notEqual(nameProblem(bad), undefined, JSON.stringify(bad));
    for (
      const good of ["risk-manager", "café", "東京", "a$b", "x".repeat(500)]
    ) {
      assert.equal(nameProblem(good), undefined, good);
    }
  });

  test("spawn refuses such names with a TypeError, at the top and below", async () => {
    await using system = new ActorSystem();
    const idle = defineActor({ init: () => null, receive: () => {} });
    for (const name of ["evil\u202egnp.exe", "two\nlines", "a/b", "$x", ""]) {
      assert.throws(
        () => system.spawn(idle, { name }),
        (e: unknown) =>
          e instanceof TypeError &&
          e.message.startsWith("Cannot spawn actor: name"),
        JSON.stringify(name),
      );
    }
    assert.equal(system.spawn(idle, { name: "café" }).path, "/café");
  });
});
