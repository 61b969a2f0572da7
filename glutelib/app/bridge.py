"""PageBridge: a tiny anywidget that carries what only the page knows to the kernel.

- It nudges plotly to fit its container (plotly draws its first frame 700 px wide inside a
  wider area until the window sends a `resize`).
- It reports the page's query string (`?mode=client`): read in the page, so it works with or
  without Voila's kernel preheating.
- It says when each figure has finished its first drawing (changes that arrive while plotly
  is still building the plot can be dropped, so the kernel sends them again).
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
async function trimTraceDeltas(model) {
  const ref = model.get("figure");
  if (!ref || !model.widget_manager) return;
  const figure = await model.widget_manager.get_model(ref.replace(/^IPY_MODEL_/, ""));
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

function render({ model, el }) {
  el.style.display = "none";
  model.set("query", window.location.search || "");
  model.save_changes();
  const trim = () => trimTraceDeltas(model).catch((e) => console.warn("glutelib bridge:", e));
  trim();
  model.on("change:figure", trim);
  // Plotly sizes its first frame before the widget area has its final width.
  const nudge = () => window.dispatchEvent(new Event("resize"));
  for (const ms of [50, 300, 1000, 2500]) setTimeout(nudge, ms);
  const seen = new WeakSet();
  const observer = new ResizeObserver((entries) => {
    for (const e of entries) if (seen.has(e.target)) nudge(); else seen.add(e.target);
  });
  const drawn = new WeakSet();
  const watchPlots = () => document.querySelectorAll(".js-plotly-plot").forEach((gd) => {
    if (drawn.has(gd) || typeof gd.once !== "function") return;
    drawn.add(gd);
    gd.once("plotly_afterplot", () => model.send({ type: "drawn" }));
  });
  const watch = () => {
    document.querySelectorAll(".t-figure").forEach((n) => observer.observe(n));
    watchPlots();
  };
  watch();
  const poll = setInterval(watchPlots, 250);  // plotly adds `once` after the class
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
    observer.disconnect(); mo.disconnect(); clearInterval(poll);
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
        self._drawn_handlers: list[Callable[[], None]] = []
        self.on_msg(self._receive)

    def on_key(self, handler: Callable[[str], None]) -> None:
        """Call `handler(key)` for each shortcut key pressed outside a text box."""
        self._key_handlers.append(handler)

    def on_drawn(self, handler: Callable[[], None]) -> None:
        """Call `handler()` when a figure in the page has finished its first drawing."""
        self._drawn_handlers.append(handler)

    def _receive(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "key":
            for handler in self._key_handlers:
                handler(str(content.get("key", "")))
        elif content.get("type") == "drawn":
            for handler in self._drawn_handlers:
                handler()

    def download(self, name: str, data: bytes, mime: str = "image/png") -> None:
        """Hand `data` to the browser as a file download called `name`."""
        payload = base64.b64encode(data).decode("ascii")
        self.send({"type": "download", "name": name, "mime": mime, "data": payload})
