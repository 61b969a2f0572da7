// Every reach into a library's private parts on the page, in one place (the kernel's side:
// glutelib/app/vendor.py). Each names the pinned version it was written against and the test
// that shows it is still needed; tests/unit/test_vendor.py finds private names anywhere else.

// plotly.js 4.1 (plotly 7.1's bundle): the gl3d scene object behind a graph's 3D view, whose
// camera takes distance limits and whose pinch is ours (its camera's eye, center, up, lookAt
// and distance move the view about the fingers). Needed: the wheel's and a pinch's limits and
// a pinch about the fingers (tests/browser/test_dashboard.py) and the lesson's pinch
// (tests/browser/test_lesson.py).
export function gl3dScene(gd) {
  const layout = gd && gd._fullLayout;
  return (layout && layout.scene && layout.scene._scene) || null;
}

// plotly.js 4.1: a trace as drawn (its x, y and z after plotly read the figure), by name.
// Needed: a drag paints the skin vertices under the finger, picked from the skin trace's own
// arrays (glutelib/js/paint.js; tests/browser/test_pain.py).
export function drawnTrace(gd, name) {
  return ((gd && gd._fullData) || []).find((t) => t.name === name) || null;
}

// ipywidgets 8.1 / anywidget 0.11: every state a model sends the kernel passes through its
// `serialize(state)`; `edit(state)` changes it in place first. Needed: Next uploads ~1 kB
// instead of ~65 kB (tests/browser/test_walkthrough.py, the tablet's upload).
export function beforeSending(model, edit) {
  const serialize = model.serialize;
  model.serialize = function (state) {
    edit(state);
    return serialize.call(this, state);
  };
}

// anywidget 0.11 hands a kernel message to a model once its code has loaded, and gives up
// for good after 2 s; `_handle_comm_msg` is that path. Needed: a figure that never starts is
// replaced (tests/unit/test_walkthrough.py and the dashboard's browser tests).
export function deliver(model, message) {
  return model._handle_comm_msg(message);
}

// plotly 7.1's FigureWidget keeps the graph's config in the `_config` trait, read by its
// view through the model. Needed: the 3D view drawn at the screen's pixel ratio
// (tests/browser/test_dashboard.py).
export const PLOTLY_CONFIG_TRAIT = "_config";
