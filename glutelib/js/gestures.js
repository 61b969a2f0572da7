// Touch and zoom for a plotly 3D view, shared by the dashboard (glutelib/app/static/bridge.js)
// and the offline lesson (glutelib/lesson/static/player.js): the wheel and a
// pinch keep between the nearest and furthest eye the figure allows (layout.meta.reach), a
// two-finger pinch zooms (plotly's 3D view would rotate), and the end of a drag is no tap.

import { gl3dScene } from "./vendor.js";

// plotly's 3D view takes the end of a one-finger drag for a tap on the part under it; a tap
// picks a part, so the click that ends a drag is not passed on (touchGestures notes drags).
const DRAG_PX = 12, DRAG_CLICK_MS = 600;
let draggedAt = -Infinity;

// Whether a click now is the end of a one-finger drag (a turn), not a tap.
export const justDragged = () => performance.now() - draggedAt < DRAG_CLICK_MS;
// plotly's 3D camera (gl-plot3d, plotly 7.1) clamps its distance to the view's limits; the
// camera object's own `distanceLimits` setter passes them wrongly, so the view is told.
const REACH = Symbol("glutelib.reach");
export function limitZoom(gd) {
  const reach = gd.layout && gd.layout.meta && gd.layout.meta.reach;
  const scene = gl3dScene(gd);
  if (!reach || !scene || !scene.camera || scene[REACH] === String(reach)) return;
  scene.camera.view.setDistanceLimits(reach[0], reach[1]);
  scene[REACH] = String(reach);
}

// plotly's 3D view (gl-plot3d) sees this much of its height, as a vertical angle.
const FOVY = Math.PI / 4;
const sub = (a, b) => a.map((v, i) => v - b[i]);
const add = (a, b) => a.map((v, i) => v + b[i]);
const times = (a, k) => a.map((v) => v * k);
const cross = (a, b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0]];
const unit = (a) => times(a, 1 / (Math.hypot(...a) || 1));

// The camera's eye and centre moved so that a zoom from distance `from` to `to` keeps the
// point under the fingers where it is: `offset` is the fingers' middle from the view's middle
// in px (right, up), `heightPx` the view's height. eye, center, up: [x, y, z] arrays.
export function zoomAbout({ eye, center, up }, from, to, offset, heightPx) {
  const forward = unit(sub(center, eye));
  const right = unit(cross(forward, up));
  const above = cross(right, forward);
  const perPx = (2 * from * Math.tan(FOVY / 2)) / Math.max(heightPx, 1);
  const under = add(times(right, offset[0] * perPx), times(above, offset[1] * perPx));
  const shift = times(under, 1 - to / from);
  return { eye: add(eye, shift), center: add(center, shift) };
}

// Two fingers: their spread zooms between the limits about the point between them (plotly
// would rotate); one finger still rotates, and a drag of it is noted (its end is no tap). On
// lifting two fingers, a mouseup on the canvas has plotly report the camera as after a drag.
export function touchGestures(gd) {
  let start = null, first = null;
  const spread = (t) => Math.hypot(t[0].clientX - t[1].clientX, t[0].clientY - t[1].clientY);
  const scene = () => gl3dScene(gd);
  const onTouch = (event) => {
    if (event.type === "touchstart" && event.touches.length === 1) {
      first = [event.touches[0].clientX, event.touches[0].clientY];
    } else if (event.type === "touchend" && first && event.changedTouches.length) {
      const t = event.changedTouches[0];
      if (Math.hypot(t.clientX - first[0], t.clientY - first[1]) > DRAG_PX) {
        draggedAt = performance.now();
      }
      first = null;
    }
    if (event.touches.length === 2) {
      first = null;  // a pinch, not a turn
      event.preventDefault();
      event.stopPropagation();
      if (event.type === "touchstart" || !start) {
        start = { spread: spread(event.touches), distance: scene().camera.distance };
        return;
      }
      const [near, far] = gd.layout.meta.reach || [0.01, 100];
      const wanted = start.distance * start.spread / Math.max(spread(event.touches), 1);
      const camera = scene().camera, from = camera.distance;
      const to = Math.min(far, Math.max(near, wanted));
      const box = gd.getBoundingClientRect(), [a, b] = event.touches;
      const offset = [(a.clientX + b.clientX) / 2 - (box.left + box.width / 2),
        (box.top + box.height / 2) - (a.clientY + b.clientY) / 2];
      const moved = zoomAbout(camera, from, to, offset, box.height);
      camera.lookAt(moved.eye, moved.center, camera.up);
      camera.distance = to;
    } else if (start && event.touches.length < 2) {
      start = null;
      event.stopPropagation();
      const canvas = gd.querySelector(".gl-container canvas");
      if (canvas) canvas.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
    }
  };
  for (const type of ["touchstart", "touchmove", "touchend", "touchcancel"]) {
    gd.addEventListener(type, onTouch, { capture: true, passive: false });
  }
}
