// The lesson's keyboard walk (glutelib/js/walk.js) over a frame's parts as Python stores
// them (glutelib/lesson/frames.py Frames._walk): trace indices, then how many are highlighted.
import assert from "node:assert/strict";
import { test } from "node:test";

import { walkOn, walkSaid } from "../../glutelib/js/walk.js";

const words = { walked: "Part {number} of {count}: {card}",
  walked_highlighted: "Part {number} of {count}, highlighted: {card}",
  walk_none: "The question asks the names.", walk_empty: "Nothing shown." };
const cards = ["Sacrum.", "Piriformis (right).", "Sciatic nerve (right)."];

test("the walk goes round the parts, highlighted ones first, each read with its card", () => {
  const walk = [1, 2, 0, 2];  // piriformis and the nerve highlighted, then the sacrum
  let at = walkOn(walk, -1, 1);
  assert.equal(walkSaid(walk, at, cards, words), "Part 1 of 3, highlighted: Piriformis (right).");
  at = walkOn(walk, at, 1);
  at = walkOn(walk, at, 1);
  assert.equal(walkSaid(walk, at, cards, words), "Part 3 of 3: Sacrum.");
  assert.equal(walkOn(walk, at, 1), 0);  // round at the end
  assert.equal(walkOn(walk, 0, -1), 2);  // and at the start
  assert.equal(walkOn(walk, -1, -1), 2);  // backwards from none: the last
});

test("a frame with nothing to walk says why: a question asks the names, or none is shown", () => {
  assert.equal(walkOn([-1], -1, 1), -1);
  assert.equal(walkSaid([-1], -1, cards, words), "The question asks the names.");
  assert.equal(walkOn([0], -1, 1), -1);
  assert.equal(walkSaid([0], -1, cards, words), "Nothing shown.");
});
