// Painting on the skin. While the pain section asks for it (the graph's meta.paint is
// "paint" or "erase"), a press and a drag on the 3D view paint (or rub out) the skin under
// the finger or the pointer instead of turning the body (the view buttons turn it). The
// kernel gets the skin vertices passed over, a batch at a time, the next as soon as it has
// drawn the last (as drag.js does for a joint), so a fast hand never queues a backlog.
// Used by glutelib/app/static/bridge.js; the pure parts are tested in tests/js/paint.test.mjs.

import { drawnTrace, gl3dScene } from "./vendor.js";

export const PICK_PX = 18; // how near the pointer a skin vertex must show to be picked
export const FRONT_MM = 25; // ... and how far behind the nearest surface under it (the near side)
export const BATCH = 400; // most vertices a message carries
// At most a batch a GAP_MS: a long drag stays far under the class server's messages a second
// (glutelib/app/ceilings.py), a batch and the figure's reply each time.
export const GAP_MS = 250;

// (4x4 column-major) a times b, as gl-matrix multiplies.
export function multiply(a, b) {
  const out = new Array(16).fill(0);
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) for (let r = 0; r < 4; r++) out[j * 4 + i] += a[r * 4 + i] * b[j * 4 + r];
  return out;
}

// A function (x, y, z in data mm) -> [clientX, clientY, distance from the eye in mm] for
// the scene's camera now: `camera` {projection, view, model} (gl-plot3d's cameraParams),
// `scale` the scene's data scale (its units per mm; uniform here), `box` the scene's client
// rectangle.
export function projector(camera, scale, box) {
  const seen = multiply(camera.view, camera.model);
  const m = multiply(camera.projection, seen);
  const row = (a, r, v) => a[r] * v[0] + a[4 + r] * v[1] + a[8 + r] * v[2] + a[12 + r];
  return (x0, y0, z0) => {
    const v = [x0 * scale[0], y0 * scale[1], z0 * scale[2]];
    const w = row(m, 3, v);
    return [box.left + ((row(m, 0, v) / w + 1) / 2) * box.width,
      box.top + ((1 - row(m, 1, v) / w) / 2) * box.height, -row(seen, 2, v) / scale[0]];
  };
}

// The index of the vertex (xs, ys, zs: arrays) a finger at (px, py) touches, or -1: of those
// within `within` px on the screen, the nearest the pointer among those on the near side
// (within `front` mm of the nearest the eye: not the far side of a thigh behind it).
export function pick(project, xs, ys, zs, px, py, within = PICK_PX, front = FRONT_MM) {
  const near = [];
  let nearest = Infinity;
  for (let i = 0; i < xs.length; i++) {
    const [x, y, depth] = project(xs[i], ys[i], zs[i]);
    if (Math.abs(x - px) > within || Math.abs(y - py) > within) continue;
    const gap = Math.hypot(x - px, y - py);
    if (gap > within) continue;
    near.push([i, gap, depth]);
    nearest = Math.min(nearest, depth);
  }
  let best = -1, closest = Infinity;
  for (const [i, gap, depth] of near) {
    if (depth <= nearest + front && gap < closest) {
      best = i;
      closest = gap;
    }
  }
  return best;
}

// Batches of vertices for the kernel: `send(vertices, tool)` once nothing is waiting and
// `gap` ms have passed since the last, `painted()` when the kernel has drawn the last batch.
// Vertices wait with the tool they were picked with: a new tool drops what the old left.
export function painter(send, gap = 0, clock = () => Date.now(), later = setTimeout) {
  let waiting = false, timer = null, last = -Infinity;
  let pending = [], tool = null;
  const flush = () => {
    if (waiting || timer || !pending.length) return;
    const wait = last + gap - clock();
    if (wait > 0) {
      timer = later(() => { timer = null; flush(); }, wait);
      return;
    }
    waiting = true;
    last = clock();
    const batch = [...new Set(pending)].slice(0, BATCH);
    pending = pending.filter((v) => !batch.includes(v));
    send(batch, tool);
  };
  return {
    add(vertex, using) {
      if (using !== tool) pending = [];
      tool = using;
      if (vertex >= 0 && pending[pending.length - 1] !== vertex) pending.push(vertex);
      flush();
    },
    painted() {
      waiting = false;
      flush();
    },
  };
}

// Paint on `gd` (plotly's graph div) the skin trace `skin` (its name) while meta.paint asks;
// `send(vertices, tool)` takes each batch. Returns the painter (`painted()` on the reply).
export function paintGestures(gd, skin, send) {
  let tool = null, project = null, trace = null;
  const out = painter(send, GAP_MS);
  const painting = () => (gd.layout && gd.layout.meta && gd.layout.meta.paint) || null;
  const at = (x, y) => out.add(pick(project, trace.x, trace.y, trace.z, x, y), tool);
  const start = (x, y) => {
    const scene = gl3dScene(gd);
    trace = drawnTrace(gd, skin);
    if (!trace || !scene) return false;
    tool = painting();
    project = projector(scene.glplot.cameraParams, scene.dataScale,
      scene.container.getBoundingClientRect());
    at(x, y);
    return true;
  };
  let down = false;
  const onPointer = (event) => {
    if (!painting() || event.pointerType === "touch") return; // a finger: the touch events
    if (event.type === "pointerdown" && event.isPrimary && event.button === 0) {
      down = start(event.clientX, event.clientY);
    } else if (event.type === "pointermove" && down) {
      at(event.clientX, event.clientY);
    } else if (event.type === "pointerup" || event.type === "pointercancel") {
      if (!down) return;
      down = false;
    } else return;
    event.preventDefault(); // no mouse events follow: plotly neither turns nor picks
    event.stopPropagation();
  };
  const onTouch = (event) => {
    if (!painting()) return;
    if (event.touches.length > 1) { down = false; return; } // two fingers: a pinch zooms
    const t = event.changedTouches[0];
    if (event.type === "touchstart") down = start(t.clientX, t.clientY);
    else if (event.type === "touchmove" && down) at(t.clientX, t.clientY);
    else down = false;
    event.preventDefault();
    event.stopPropagation();
  };
  for (const type of ["pointerdown", "pointermove", "pointerup", "pointercancel"]) {
    gd.addEventListener(type, onPointer, { capture: true });
  }
  for (const type of ["touchstart", "touchmove", "touchend", "touchcancel"]) {
    gd.addEventListener(type, onTouch, { capture: true, passive: false });
  }
  return out;
}
