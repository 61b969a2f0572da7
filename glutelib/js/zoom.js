// The + and − buttons and keys: a zoom factor kept between the limits Python sets
// (glutelib/view.py ZOOM_STEP, MIN_ZOOM, MAX_ZOOM, passed in the lesson's data), and the
// camera moved along its line of sight by it.

// The next zoom factor after pressing + (`steps` = 1) or − (-1): `limits` is {step, min, max}.
export function zoomBy(zoom, steps, limits) {
  return Math.min(limits.max, Math.max(limits.min, zoom * limits.step ** steps));
}

// `camera` with its eye `zoom` times closer to its centre, kept within `reach`, the nearest
// and furthest distance the view allows (layout.meta.reach).
export function zoomed(camera, zoom, reach) {
  if (zoom === 1) return camera;
  const c = camera.center, e = camera.eye;
  const d = Math.hypot(e.x - c.x, e.y - c.y, e.z - c.z);
  const f = Math.min(reach[1], Math.max(reach[0], d / zoom)) / d;
  return { ...camera,
    eye: { x: c.x + (e.x - c.x) * f, y: c.y + (e.y - c.y) * f, z: c.z + (e.z - c.z) * f } };
}
