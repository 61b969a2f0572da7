// While a joint's slider is dragged, the body follows the hand: the newest angle goes to the
// kernel as soon as it has posed the last one, so the page never waits on more than one pose
// and no stale pose queues up behind a fast hand. Letting go sends the exact angle the usual
// way (the slider's own value, ipywidgets), which poses and measures the body once more.
// Used by glutelib/app/static/bridge.js on Move's sliders (noUiSlider's "slide" events).

// `send({joint, value})` asks the kernel for a pose; `posed()` says it has answered.
export function dragFollower(send) {
  let waiting = false; // a pose asked for and not yet answered
  let wanted = null; // the newest angle the hand has reached
  let asked = null; // the last one asked for
  const flush = () => {
    if (waiting || !wanted) return;
    if (asked && asked.joint === wanted.joint && asked.value === wanted.value) return;
    waiting = true;
    asked = wanted;
    send(asked);
  };
  return {
    moved(joint, value) {
      wanted = { joint, value };
      flush();
    },
    posed() {
      waiting = false;
      flush();
    },
    released() {
      wanted = null; // the slider's own value takes over
      asked = null;
    },
  };
}

// The joint id of a Move slider element: its class t-joint-hip-flexion-r -> hip_flexion_r.
export function jointOf(element) {
  const found = [...element.classList].find((c) => c.startsWith("t-joint-"));
  return found ? found.slice("t-joint-".length).replaceAll("-", "_") : null;
}
