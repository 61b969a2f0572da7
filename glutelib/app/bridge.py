"""PageBridge: a tiny anywidget that carries what only the page knows to the kernel.

- It nudges plotly to fit its container (plotly draws its first frame 700 px wide inside a
  wider area until the window sends a `resize`).
- It reports the page's query string (`?mode=client`): read in the page, so it works with or
  without Voila's kernel preheating.
- It says when the figure's widget failed to start (`watchFigure`): anywidget gives a
  widget's code 2 s to load, then drops every later message to it for good; plotly's 5 MB
  bundle takes longer than that on a busy class server or a slow tablet, and the figure
  then stayed on its first step whatever was pressed. The kernel answers with a new figure.
- It forwards keyboard shortcuts (`/` focuses the search box right in the page) and clicker
  keys, and hands files (a saved picture) to the browser as downloads.
- It keeps the figure from sending the kernel back the vertices the kernel sent it
  (`trimTraceDeltas`): plotly's FigureWidget reports every array that differs from the
  figure it was built with, so each step after a pose change cost ~1 MB up, ~1 MB echoed
  down and an exception in the kernel.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import anywidget
import ipywidgets
import traitlets

_ESM = r"""
const KEYS = new Set(["Escape", "?", "ArrowRight", "ArrowLeft", "PageDown", "PageUp", " ",
  "Home", "End", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "-"]);

// plotly's FigureWidget answers each update with "trace deltas": what its full data holds
// that its model's first data does not. Vertices moved by a pose differ from the first data
// forever after, so every later update sent them all back (its diff walks a typed array like
// an object and sends {"0": x0, "1": x1, ...}: ~1 MB a step, echoed back by ipywidgets) and
// plotly's kernel side raised a ValueError on them. The kernel sent those arrays itself; only
// the small style defaults are worth sending.
const TRIMMED = Symbol("glutelib.trimmed");
const arrayLike = (v) => ArrayBuffer.isView(v) || (v !== null && typeof v === "object" && "0" in v);
const withoutArrays = (delta) => Object.fromEntries(
  Object.entries(delta).filter(([, value]) => !arrayLike(value)));
function trimTraceDeltas(figure) {
  if (figure[TRIMMED]) return;
  figure[TRIMMED] = true;
  const serialize = figure.serialize;  // every state sync passes here, in place
  figure.serialize = function (state) {
    const sent = state._js2py_traceDeltas;
    if (sent && Array.isArray(sent.trace_deltas)) {
      state._js2py_traceDeltas = { ...sent, trace_deltas: sent.trace_deltas.map(withoutArrays) };
    }
    return serialize.call(this, state);
  };
}

// anywidget (0.11) passes each message to a widget only once the widget's code has loaded,
// and gives up for good if that takes over 2 s ("Failed to initialize model"): from then on
// every message to it is dropped. A harmless custom message, handed to the model the way a
// kernel message is, says which of the two happened (it waits while the code loads).
const PROBE = { content: { data: { method: "custom", content: { type: "glutelib.probe" } } },
  buffers: [] };
async function started(figure) {
  try {
    await figure._handle_comm_msg(PROBE);
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
  trimTraceDeltas(figure);
  if (!(await started(figure))) model.send({ type: "figure-failed", model_id: id });
}

function render({ model, el }) {
  el.style.display = "none";
  model.set("query", window.location.search || "");
  model.save_changes();
  const onFigure = () => watchFigure(model).catch((e) => console.warn("glutelib bridge:", e));
  onFigure();
  model.on("change:figure", onFigure);
  // Plotly sizes its first frame before the widget area has its final width.
  const nudge = () => window.dispatchEvent(new Event("resize"));
  for (const ms of [50, 300, 1000, 2500]) setTimeout(nudge, ms);
  const seen = new WeakSet();
  const observer = new ResizeObserver((entries) => {
    for (const e of entries) if (seen.has(e.target)) nudge(); else seen.add(e.target);
  });
  const watch = () => document.querySelectorAll(".t-figure").forEach((n) => observer.observe(n));
  watch();
  const mo = new MutationObserver(watch);
  mo.observe(document.body, { childList: true, subtree: true });

  const onKey = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = event.target.closest && event.target.closest("input, textarea, select");
    if (typing && event.key !== "Escape") return;
    if (event.key === "/") {
      const box = document.querySelector(".t-search input");
      if (box) { event.preventDefault(); box.focus(); }
      return;
    }
    if (!KEYS.has(event.key)) return;
    if (typing) event.target.blur();
    event.preventDefault();
    model.send({ type: "key", key: event.key });
  };
  document.addEventListener("keydown", onKey, true);  // capture: text boxes stop keydown

  model.on("msg:custom", (msg) => {
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
  };
}
export default { render };
"""


class PageBridge(anywidget.AnyWidget):
    """Invisible widget: query string and keys in, resize nudges and downloads out."""

    _esm = _ESM
    query = traitlets.Unicode("").tag(sync=True)
    # The dashboard's FigureWidget, whose replies to updates the page trims (trimTraceDeltas).
    figure = traitlets.Instance(ipywidgets.Widget, allow_none=True).tag(
        sync=True, **ipywidgets.widget_serialization
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._key_handlers: list[Callable[[str], None]] = []
        self._figure_failed_handlers: list[Callable[[str], None]] = []
        self.on_msg(self._receive)

    def on_key(self, handler: Callable[[str], None]) -> None:
        """Call `handler(key)` for each shortcut key pressed outside a text box."""
        self._key_handlers.append(handler)

    def on_figure_failed(self, handler: Callable[[str], None]) -> None:
        """Call `handler(model_id)` when the page finds the figure's widget dead (its code
        took too long to load, so the page drops every message to it)."""
        self._figure_failed_handlers.append(handler)

    def _receive(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "key":
            for handler in self._key_handlers:
                handler(str(content.get("key", "")))
        elif content.get("type") == "figure-failed":
            for handler in self._figure_failed_handlers:
                handler(str(content.get("model_id", "")))

    def download(self, name: str, data: bytes, mime: str = "image/png") -> None:
        """Hand `data` to the browser as a file download called `name`."""
        payload = base64.b64encode(data).decode("ascii")
        self.send({"type": "download", "name": name, "mime": mime, "data": payload})
