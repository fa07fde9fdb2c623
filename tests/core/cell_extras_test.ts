import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { CellExtras } from "../../src/core/_cell_extras.ts";

// A cell lets its extras go when `isBare()` says nothing is kept there: a
// field `isBare` forgot would be lost with them. So every field is changed in
// turn, and `isBare` must notice each.

describe("CellExtras.isBare", () => {
  test("is true for fresh extras", () => {
    assert.equal(new CellExtras().isBare(), true);
  });

  test("is false when any one field differs from its initial value", () => {
    const fields = Object.keys(new CellExtras());
    assert.ok(fields.length >= 25, `found ${fields.length} fields`);
    for (const field of fields) {
      const x = new CellExtras();
      (x as unknown as Record<string, unknown>)[field] = Symbol(field);
      assert.equal(x.isBare(), false, field);
    }
  });
});
