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
