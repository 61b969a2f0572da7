"""PageBridge: a tiny anywidget that carries what only the page knows to the kernel.

- It nudges plotly to fit its container (plotly draws its first frame 700 px wide inside a
  wider area until the window sends a `resize`).
- It reports the page's query string (`?mode=client`) and, later, keyboard shortcuts.
"""

from __future__ import annotations

import anywidget
import traitlets

_ESM = r"""
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
  return () => { observer.disconnect(); mo.disconnect(); };
}
export default { render };
"""


class PageBridge(anywidget.AnyWidget):
    """Invisible widget: query string in, figure resize nudges out."""

    _esm = _ESM
    query = traitlets.Unicode("").tag(sync=True)
