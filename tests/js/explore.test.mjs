import assert from "node:assert/strict";
import { test } from "node:test";

import { lookUp, searchKey } from "../../glutelib/lesson/static/explore_panel.js";
import { fixture } from "./fixtures.mjs";

test("typed text is keyed as Atlas.find reads it (the shared fixture)", () => {
  const { side_words: sides, cases } = fixture("search_keys.json");
  for (const { typed, key } of cases) assert.equal(searchKey(typed, sides), key, typed);
});

test("the index answers typed text or a long enough beginning of it", () => {
  const index = { pi: [3, 4], piri: [3], piriform: [3], "it band": [7], it: [7, 8], sp: [9] };
  assert.deepEqual(lookUp(index, "piri"), [3]);
  assert.deepEqual(lookUp(index, "pi"), [3, 4]);
  assert.deepEqual(lookUp(index, "piriformus"), [3]);  // a typo after "piriform"
  assert.deepEqual(lookUp(index, "pirifromis"), []);  // "piri" is too little of it
  assert.deepEqual(lookUp(index, "it band"), [7]);
  assert.deepEqual(lookUp(index, "spleen"), []);  // no part: not one that begins "sp"
  assert.deepEqual(lookUp(index, "p"), []);
  assert.deepEqual(lookUp(index, "zz"), []);
});
