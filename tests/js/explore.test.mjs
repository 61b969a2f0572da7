import assert from "node:assert/strict";
import { test } from "node:test";

import { lookUp, searchKey } from "../../glutelib/lesson/static/explore_panel.js";

const sides = ["l", "left", "lt", "r", "right", "rt"];

test("typed text is keyed as Python normalises names, side words dropped", () => {
  assert.equal(searchKey("  Right  Piriformis! ", sides), "piriformis");
  assert.equal(searchKey("Iliotibial-band", sides), "iliotibial band");
  assert.equal(searchKey("Trail Guide’s", sides), "trail guides");
  assert.equal(searchKey("right", sides), "right");  // a lone side word is a name
});

test("the index answers typed text or its longest beginning it has", () => {
  const index = { pi: [3, 4], pir: [3], piri: [3], "it band": [7], it: [7, 8] };
  assert.deepEqual(lookUp(index, "piri"), [3]);
  assert.deepEqual(lookUp(index, "pirifromis"), [3]);  // a typo after "piri"
  assert.deepEqual(lookUp(index, "it band"), [7]);
  assert.deepEqual(lookUp(index, "it ba"), [7, 8]);  // "it " has no key: "it" has
  assert.deepEqual(lookUp(index, "p"), []);
  assert.deepEqual(lookUp(index, "zz"), []);
});
