import { describe, test } from "node:test";
import assert from "node:assert/strict";
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
});
