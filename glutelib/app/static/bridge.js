// The page side of glutelib.app.bridge.PageBridge: what only the page knows, to the kernel.
// - nudges plotly to fit its container (plotly draws its first frame 700 px wide inside a
//   wider area until the window sends a `resize`);
// - reports the page's query string (read in the page, so it works with or without Voila's
//   kernel preheating), and each address Back, Forward or a presenter's partner window reaches;
// - watches the figure's widget: anywidget gives a widget's code 2 s to load, then drops
//   every later message to it for good, so the kernel is told to show a new figure;
// - keeps the figure from sending the kernel back the defaults and vertices it was sent;
// - forwards the keymap's keys and hands files (a saved picture) to the browser;
// - keeps the wheel and a pinch between the nearest and furthest eye the kernel allows, and
//   makes a two-finger pinch zoom (glutelib/js/gestures.js, shared with the lesson's player);
// - pairs an instructor's presenter and slide windows (glutelib/js/pair.js) and keeps the
//   presenter's clock;
// - sends Move's kernel the newest angle of a dragged slider, one pose at a time
//   (glutelib/js/drag.js);
// - says when each pose of a move shown slowly is drawn (glutelib/js/glide.js).
// Bundled with its modules into one ES module, PageBridge's _esm (scripts/build_js.py).
import { applyAria } from "../../js/aria.js";
import { dragFollower, jointOf } from "../../js/drag.js";
import { reducedMotion, sayWhenDrawn } from "../../js/glide.js";
import { follower } from "../../js/follow.js";
import { justDragged, limitZoom, touchGestures } from "../../js/gestures.js";
import { typing, withModifier } from "../../js/keys.js";
import { keepClocks, pairing, withScreen } from "../../js/pair.js";
import { paintGestures } from "../../js/paint.js";
import { beforeSending, deliver } from "../../js/vendor.js";

// plotly's FigureWidget answers each update with "deltas": every default its full data and
// layout hold that the model's own do not (~800 B a trace, ~65 kB a step here), and, for
// vertices moved by a pose, the arrays themselves (its diff walks a typed array like an
// object: ~1 MB a step, on which plotly's kernel side raises). The kernel only ever reads
// what it set itself, never these defaults, so the page sends them empty (plotly's kernel
// side applies an empty delta as nothing) and each step uploads a click and a reply.
const TRIMMED = Symbol("glutelib.trimmed");
function trimDeltas(figure) {
  if (figure[TRIMMED]) return;
  figure[TRIMMED] = true;
  beforeSending(figure, (state) => {
    for (const key of Object.keys(state)) {
      const sent = state[key];
      if (!sent || typeof sent !== "object") continue;
      if (key.endsWith("traceDeltas") && Array.isArray(sent.trace_deltas)) {
        state[key] = { ...sent, trace_deltas: [] };
      } else if (key.endsWith("layoutDelta") && sent.layout_delta) {
        state[key] = { ...sent, layout_delta: {} };
      } else if (key.endsWith("pointsCallback") && sent.event_type === "plotly_click"
                 && justDragged()) {
        state[key] = null;  // the end of a turn, not a tap
      }
    }
  });
}

// anywidget (0.11) passes each message to a widget only once the widget's code has loaded,
// and gives up for good if that takes over 2 s ("Failed to initialize model"): from then on
// every message to it is dropped. A harmless custom message, handed to the model the way a
// kernel message is, says which of the two happened (it waits while the code loads).
const PROBE = { content: { data: { method: "custom", content: { type: "glutelib.probe" } } },
  buffers: [] };
async function started(figure) {
  try {
    await deliver(figure, PROBE);
    return true;
  } catch (error) {
    console.warn("glutelib: the 3D view did not start; asking for a new one.", error);
    return false;
  }
}

async function watchFigure(model) {
  const ref = model.get("figure");
  if (!ref || !model.widget_manager) return;
  const id = ref.replace(/^IPY_MODEL_/, "");
  const figure = await model.widget_manager.get_model(id);
  trimDeltas(figure);
  if (!(await started(figure))) model.send({ type: "figure-failed", model_id: id });
}

const WATCHED = Symbol("glutelib.watched");
const PAINTED = Symbol("glutelib.painted");
function watchGraph(gd) {
  if (gd[WATCHED] || typeof gd.on !== "function") return;
  gd[WATCHED] = true;
  const limit = () => limitZoom(gd);
  gd.on("plotly_afterplot", limit);
  gd.on("plotly_relayout", limit);
  limit();
  touchGestures(gd);
}

function render({ model, el }) {
  el.style.display = "none";
  model.set("query", window.location.search || "");
  model.save_changes();
  // The address follows the lesson: a history entry per change (Back goes a step back), and
  // a reload opens what was shown. Back and Forward tell the kernel the address they reach.
  const follows = follower(window.history);
  const screen = () => new URLSearchParams(window.location.search).get("screen") || "";
  const ask = (query) => model.send({ type: "query", query });
  const pair = pairing(window, screen(), (address) => ask("?" + withScreen(address, screen())),
    window.location.search);
  const follow = () => {
    const { pathname, search, hash } = window.location;
    const address = model.get("address");
    follows(address ? pathname + address + hash : pathname + search + hash,
      pathname + search + hash);
    pair.sent(window.location.search);
  };
  model.on("change:address", follow);
  follow();
  const onPop = () => ask(window.location.search || "");
  window.addEventListener("popstate", onPop);
  const onFigure = () => watchFigure(model).catch((e) => console.warn("glutelib bridge:", e));
  onFigure();
  model.on("change:figure", onFigure);
  // Plotly sizes its first frame before the widget area has its final width.
  const nudge = () => window.dispatchEvent(new Event("resize"));
  for (const ms of [50, 300, 1000, 2500]) setTimeout(nudge, ms);
  // The kernel frames the model and spaces the labels for the view's real size.
  let reported = "", timer = null;
  const report = (box) => {
    const size = [Math.round(box.width), Math.round(box.height)];
    if (size[0] < 50 || size[1] < 50 || String(size) === reported) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      reported = String(size);
      model.send({ type: "view", width: size[0], height: size[1] });
    }, 150);
  };
  const seen = new WeakSet();
  const observer = new ResizeObserver((entries) => {
    for (const e of entries) {
      report(e.contentRect);
      if (seen.has(e.target)) nudge(); else seen.add(e.target);
    }
  });
  const drag = dragFollower(({ joint, value }) => model.send({ type: "drag", joint, value }));
  const watchSlider = (element) => {
    // ipywidgets may make a slider's noUiSlider anew: each one is watched once
    const slider = element.querySelector(".noUi-target")?.noUiSlider;
    if (!slider || slider[WATCHED]) return;
    slider[WATCHED] = true;
    // its joint is read as it moves: ipywidgets names the element after putting it on the page
    slider.on("slide", (values) => drag.moved(jointOf(element), Math.round(Number(values[0]))));
    slider.on("end", () => drag.released());
  };
  // Where does it hurt: a drag on the skin paints (glutelib/js/paint.js), once per graph
  const painters = new Set();
  const watchPaint = (gd) => {
    if (gd[PAINTED] || typeof gd.on !== "function") return;
    gd[PAINTED] = true;
    painters.add(paintGestures(gd, model.get("skin"),
      (vertices, tool) => model.send({ type: "paint", vertices, tool })));
  };
  const watch = () => {
    document.querySelectorAll(".t-figure").forEach((n) => observer.observe(n));
    document.querySelectorAll(".js-plotly-plot").forEach(watchGraph);
    document.querySelectorAll(".js-plotly-plot").forEach(watchPaint);
    document.querySelectorAll(".t-sliders .widget-slider").forEach(watchSlider);
    applyAria(document, model.get("aria"));
  };
  watch();
  model.on("change:aria", watch);
  const mo = new MutationObserver(watch);
  mo.observe(document.body, { childList: true, subtree: true });

  // The keymap (glutelib/data/keys.yaml) says which keys the kernel handles and which the
  // page handles itself: focusing the search box must not wait for a round trip.
  const keys = () => new Set(model.get("kernel_keys"));
  const onKey = (event) => {
    if (withModifier(event)) return;
    // A key passed on from a picker does not also change the picked option (preventDefault).
    if (typing(event) && event.key === "Enter" && event.target.closest(".t-search")) {
      const first = document.querySelector(".t-suggestions .t-suggestion");
      if (first) { event.preventDefault(); first.click(); }  // Enter picks the first match
      return;
    }
    if (typing(event)) return;
    if (model.get("focus_keys").includes(event.key)) {
      const box = document.querySelector(".t-search input");
      if (box) { event.preventDefault(); box.focus(); }
      return;
    }
    if (!event.key || !keys().has(event.key)) return;
    if (typing) event.target.blur();
    event.preventDefault();
    model.send({ type: "key", key: event.key });
  };
  document.addEventListener("keydown", onKey, true);  // capture: text boxes stop keydown

  // Presenter view: the slide opens in a new window, and this one becomes the presenter's.
  const onClick = (event) => {
    if (!event.target.closest || !event.target.closest(".t-present")) return;
    const url = new URL(window.location.href);
    url.search = withScreen(url.search, "slide");
    pair.openSlide(url.href);
    ask("?" + withScreen(window.location.search, "presenter"));
  };
  document.addEventListener("click", onClick, true);
  const tick = keepClocks(document);

  model.on("msg:custom", (msg) => {
    if (msg.type === "posed") drag.posed();
    if (msg.type === "painted") painters.forEach((p) => p.painted());
    if (msg.type === "say-when-drawn") {
      sayWhenDrawn(msg.dwell, (m) => model.send(m), { reduced: reducedMotion() });
    }
    if (msg.type !== "download") return;
    const a = document.createElement("a");
    a.href = "data:" + msg.mime + ";base64," + msg.data;
    a.download = msg.name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
  return () => {
    observer.disconnect(); mo.disconnect();
    document.removeEventListener("keydown", onKey, true);
    document.removeEventListener("click", onClick, true);
    clearInterval(tick);
    window.removeEventListener("popstate", onPop);
  };
}
export default { render };
