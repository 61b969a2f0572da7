import assert from "node:assert/strict";
import { test } from "node:test";

import { BATCH, multiply, painter, pick, projector } from "../../glutelib/js/paint.js";

const I = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
const box = { left: 100, top: 50, width: 200, height: 100 };

test("the camera's matrices carry a point to where it shows in the scene's box", () => {
  assert.deepEqual(multiply(I, I), I);
  const project = projector({ projection: I, view: I, model: I }, [1, 1, 1], box);
  assert.deepEqual(project(0, 0, 0.5), [200, 100, -0.5]); // the middle of the box
  assert.deepEqual(project(1, 1, 0), [300, 50, -0]); // right, top
  const halved = projector({ projection: I, view: I, model: I }, [0.5, 0.5, 0.5], box);
  assert.deepEqual(halved(2, -2, 4), [300, 150, -4]); // the data scale applies first, and
  // the distance from the eye comes back in mm
});

test("a camera turned to look from the other side mirrors the picture, and the pick", () => {
  const turned = [-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1]; // half a turn about y
  const project = projector({ projection: I, view: turned, model: I }, [1, 1, 1], box);
  assert.deepEqual(project(0.5, 0, 0).slice(0, 2), [150, 100]); // right of the body: left
  assert.equal(project(0, 0, 0.5)[2], 0.5); // in front of it is now behind
  const xs = [0.5, -0.5], ys = [0, 0], zs = [0, 0];
  assert.equal(pick(project, xs, ys, zs, 150, 100), 0);
});

test("a finger picks the vertex under it on the near side, none when nothing is near", () => {
  // x, y on the screen as drawn; the distance from the eye is -z here (mm)
  const project = (x, y, z) => [x, y, -z];
  const xs = [200, 204, 201, 260], ys = [100, 100, 100, 75], zs = [-100, -110, -300, -100];
  assert.equal(pick(project, xs, ys, zs, 203, 100), 1); // the nearest the finger, near side
  assert.equal(pick(project, xs, ys, zs, 201, 100), 0); // not the far side's, right under it
  assert.equal(pick(project, xs, ys, zs, 255, 78), 3);
  assert.equal(pick(project, xs, ys, zs, 120, 140), -1);
});

test("batches wait for the kernel's reply, and none is sent twice or empty", () => {
  const sent = [];
  const p = painter((vertices) => sent.push(vertices));
  p.add(3, "paint"); // sent at once
  for (const v of [4, 4, 5, -1]) p.add(v, "paint"); // waiting: kept, the repeat, the miss dropped
  assert.deepEqual(sent, [[3]]);
  p.painted();
  assert.deepEqual(sent, [[3], [4, 5]]);
  p.painted();
  assert.equal(sent.length, 2); // nothing pending: nothing sent
  for (let v = 0; v < BATCH + 10; v++) p.add(1000 + v, "paint");
  p.painted();
  assert.equal(sent[3].length, BATCH); // at most a batch a message, the rest next
  p.painted();
  assert.equal(sent[4].length, 9);
});

test("each batch goes with the tool its vertices were picked with, a gap apart", () => {
  const sent = [], timers = [];
  let now = 0;
  const p = painter((vertices, tool) => sent.push([vertices, tool]), 250, () => now,
    (run, ms) => timers.push([run, ms]));
  p.add(1, "paint");
  p.add(2, "paint");
  p.add(3, "erase"); // a new tool: what the paint left waiting is dropped
  assert.deepEqual(sent, [[[1], "paint"]]);
  now = 100;
  p.painted(); // answered, but too soon: the next waits out the gap
  assert.equal(sent.length, 1);
  assert.equal(timers.length, 1);
  assert.equal(timers[0][1], 150);
  now = 250;
  timers[0][0]();
  assert.deepEqual(sent[1], [[3], "erase"]);
});
