import assert from "node:assert/strict";
import { test } from "node:test";

import { zoomAbout } from "../../glutelib/js/gestures.js";

const dot = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0);
const sub = (a, b) => a.map((v, i) => v - b[i]);

// Where `point` shows on the screen (px right and up of the middle) for a camera looking from
// `eye` at `center` (up +z, looking along y here), the view `height` px high.
function onScreen(point, eye, center, height) {
  const distance = Math.hypot(...sub(center, eye));
  const perPx = (2 * distance * Math.tan(Math.PI / 8)) / height;
  const from = sub(point, center);
  return [dot(from, [1, 0, 0]) / perPx, dot(from, [0, 0, 1]) / perPx];
}

test("a pinch keeps what is under the fingers under them as it zooms", () => {
  const camera = { eye: [0, -2, 0], center: [0, 0, 0], up: [0, 0, 1] };
  const fingers = [120, 60], height = 600;
  const under = [120 * (4 * Math.tan(Math.PI / 8)) / height, 0,
    60 * (4 * Math.tan(Math.PI / 8)) / height];  // on the centre's plane, under the fingers
  assert.deepEqual(onScreen(under, camera.eye, camera.center, height).map(Math.round), fingers);
  for (const to of [1, 0.5, 3]) {  // in, further in, out
    const moved = zoomAbout(camera, 2, to, fingers, height);
    const eye = [moved.center[0], moved.center[1] - to, moved.center[2]];  // then the distance
    const seen = onScreen(under, eye, moved.center, height);
    assert.ok(Math.abs(seen[0] - fingers[0]) < 1e-6 && Math.abs(seen[1] - fingers[1]) < 1e-6,
      `zoom to ${to}: ${seen}`);
  }
});

test("a pinch about the middle zooms about the middle", () => {
  const camera = { eye: [1, -2, 0.5], center: [0.1, 0, 0], up: [0, 0, 1] };
  const moved = zoomAbout(camera, 2, 1, [0, 0], 500);
  assert.deepEqual(moved, { eye: camera.eye, center: camera.center });
});
