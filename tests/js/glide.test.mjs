import assert from "node:assert/strict";
import { test } from "node:test";

import { reducedMotion, sayWhenDrawn } from "../../glutelib/js/glide.js";

function clock() {
  // animation frames and timers run only when the test says
  const frames = [];
  const timers = [];
  return {
    frames, timers,
    frame: (f) => frames.push(f),
    later: (f, ms) => timers.push({ f, ms }),
  };
}

test("the page says a pose is drawn only after two frames and the dwell", () => {
  const sent = [];
  const c = clock();
  sayWhenDrawn(250, (m) => sent.push(m), c);
  assert.equal(sent.length, 0);
  c.frames.shift()();
  assert.equal(c.timers.length, 0); // one frame is not enough: the update may not be drawn
  c.frames.shift()();
  assert.equal(c.timers.length, 1);
  assert.equal(c.timers[0].ms, 250);
  assert.equal(sent.length, 0);
  c.timers[0].f();
  assert.deepEqual(sent, [{ type: "drawn" }]);
});

test("reduced motion goes straight to the end, and a bad dwell waits no time", () => {
  const sent = [];
  sayWhenDrawn(250, (m) => sent.push(m), { ...clock(), reduced: true });
  assert.deepEqual(sent, [{ type: "drawn", skip: true }]);
  const c = clock();
  sayWhenDrawn("soon", () => {}, c);
  c.frames.shift()();
  c.frames.shift()();
  assert.equal(c.timers[0].ms, 0);
});

test("reduced motion is read from the media query", () => {
  const asking = { matchMedia: (q) => ({ matches: q.includes("reduce") }) };
  assert.equal(reducedMotion(asking), true);
  assert.equal(reducedMotion({ matchMedia: () => ({ matches: false }) }), false);
  assert.equal(reducedMotion({}), false);
});
