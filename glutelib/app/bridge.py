"""PageBridge: a tiny anywidget that carries what only the page knows to the kernel.

- It nudges plotly to fit its container (plotly draws its first frame 700 px wide inside a
  wider area until the window sends a `resize`).
- It reports the page's query string (`?mode=client`): read in the page, so it works with or
  without Voila's kernel preheating.
- It forwards keyboard shortcuts (`/` focuses the search box right in the page) and clicker
  keys, and hands files (a saved picture) to the browser as downloads.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import anywidget
import traitlets

_ESM = r"""
const KEYS = new Set(["Escape", "?", "ArrowRight", "ArrowLeft", "PageDown", "PageUp", " ",
  "Home", "End", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "-"]);

function render({ model, el }) {
  el.style.display = "none";
  model.set("query", window.location.search || "");
  model.save_changes();
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
    observer.disconnect(); mo.disconnect(); document.removeEventListener("keydown", onKey, true);
  };
}
export default { render };
"""


class PageBridge(anywidget.AnyWidget):
    """Invisible widget: query string and keys in, resize nudges and downloads out."""

    _esm = _ESM
    query = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._key_handlers: list[Callable[[str], None]] = []
        self.on_msg(self._receive)

    def on_key(self, handler: Callable[[str], None]) -> None:
        """Call `handler(key)` for each shortcut key pressed outside a text box."""
        self._key_handlers.append(handler)

    def _receive(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("type") == "key":
            for handler in self._key_handlers:
                handler(str(content.get("key", "")))

    def download(self, name: str, data: bytes, mime: str = "image/png") -> None:
        """Hand `data` to the browser as a file download called `name`."""
        payload = base64.b64encode(data).decode("ascii")
        self.send({"type": "download", "name": name, "mime": mime, "data": payload})
