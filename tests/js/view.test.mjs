import assert from "node:assert/strict";
import { test } from "node:test";

import { follower } from "../../glutelib/js/follow.js";
import { screenRatio } from "../../glutelib/js/screen.js";
import { zoomBy, zoomed } from "../../glutelib/js/zoom.js";

const limits = { step: 1.4, min: 0.5, max: 6 };

test("+ and − zoom by the step, kept between the limits", () => {
  assert.equal(zoomBy(1, 1, limits), 1.4);
  assert.ok(Math.abs(zoomBy(1.4, -1, limits) - 1) < 1e-12);
  let zoom = 1;
  for (let n = 0; n < 20; n++) zoom = zoomBy(zoom, 1, limits);
  assert.equal(zoom, 6);
  for (let n = 0; n < 20; n++) zoom = zoomBy(zoom, -1, limits);
  assert.equal(zoom, 0.5);
});

test("a zoomed camera moves its eye along the line of sight, within the view's reach", () => {
  const camera = { center: { x: 1, y: 0, z: 0 }, eye: { x: 1, y: 4, z: 0 }, up: { x: 0, y: 0, z: 1 } };
  assert.equal(zoomed(camera, 1, [1, 10]), camera);
  assert.deepEqual(zoomed(camera, 2, [1, 10]).eye, { x: 1, y: 2, z: 0 });
  assert.deepEqual(zoomed(camera, 2, [1, 10]).up, camera.up);
  assert.deepEqual(zoomed(camera, 8, [1, 10]).eye, { x: 1, y: 1, z: 0 });  // not nearer than 1
  assert.deepEqual(zoomed(camera, 0.1, [1, 10]).eye, { x: 1, y: 10, z: 0 });
});

test("the view is drawn at the screen's pixel ratio, from 1 up to the cap", () => {
  assert.equal(screenRatio(2, 1), 1);
  assert.equal(screenRatio(2, 1.5), 1.5);
  assert.equal(screenRatio(2, 3), 2);
  assert.equal(screenRatio(2, 0.5), 1);
  assert.equal(screenRatio(2, undefined), 1);
});

test("history follows: the opening address completed in place, then an entry per change", () => {
  const calls = [];
  const history = { pushState: (_, __, url) => calls.push(["push", url]),
    replaceState: (_, __, url) => calls.push(["replace", url]) };
  const follow = follower(history);
  follow("#step=1&mode=client", "#mode=client");
  follow("#step=1&mode=client", "#step=1&mode=client");  // the same: nothing
  follow("#step=2&mode=client", "#step=1&mode=client");
  assert.deepEqual(calls, [["replace", "#step=1&mode=client"], ["push", "#step=2&mode=client"]]);
  const other = [];
  const quiet = follower({ pushState: () => other.push("push"), replaceState: () => other.push("replace") });
  quiet("?a", "?a");  // the opening address was complete: the next change is a step
  quiet("?b", "?a");
  assert.deepEqual(other, ["push"]);
});
