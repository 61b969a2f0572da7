// A move shown slowly (a prediction's answer in Test yourself): the kernel poses the body one
// step of the way and asks the page to say when that step is drawn; the page answers once it
// has drawn it and held it `dwell` ms, and only then does the kernel pose the next step. So
// the page never has more than one pose waiting, however slow its drawing. A person who asks
// for reduced motion (prefers-reduced-motion) is taken to the end at once.
// Used by glutelib/app/static/bridge.js on the kernel's "say-when-drawn" message.

// `send(message)` answers the kernel; `frame` and `later` are requestAnimationFrame and
// setTimeout (given in tests). Two animation frames: the figure's update, which came before
// this message, has been drawn by the second.
export function sayWhenDrawn(dwell, send, { reduced = false, frame = requestAnimationFrame,
  later = setTimeout } = {}) {
  if (reduced) {
    send({ type: "drawn", skip: true });
    return;
  }
  frame(() => frame(() => later(() => send({ type: "drawn" }), Math.max(0, Number(dwell) || 0))));
}

// Whether the person asks for reduced motion (the browser's or the system's setting).
export function reducedMotion(win = globalThis) {
  return Boolean(win.matchMedia?.("(prefers-reduced-motion: reduce)").matches);
}
