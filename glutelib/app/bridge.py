"""PageBridge: a tiny anywidget that carries what only the page knows to the kernel.

Its page code is `static/bridge.js`, bundled with the modules it imports (glutelib/pagecode.py;
what it does, and the plotly and anywidget behaviour it works round, is said there). In: the
page's query string, keys of the keymap, a figure that did not start, a dragged slider's
angles, a move's pose drawn, the skin vertices a drag painted. Out: resize nudges, the figure
to watch, downloads, a move's pose to say when drawn.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable

import anywidget
import ipywidgets
import traitlets

from glutelib.atlas import SKIN_KEY
from glutelib.pagecode import bundle

MAX_PAINTED = 400  # skin vertices one paint message may carry (glutelib/js/paint.js BATCH)


class PageBridge(anywidget.AnyWidget):
    """Invisible widget: query string and keys in, resize nudges and downloads out."""

    _esm = bundle("bridge")  # static/bridge.js and the modules it imports
    query = traitlets.Unicode("").tag(sync=True)  # the address the page opened with
    address = traitlets.Unicode("").tag(sync=True)  # the address of what is shown, to the page
    kernel_keys = traitlets.List(traitlets.Unicode()).tag(sync=True)  # sent to the kernel
    focus_keys = traitlets.List(traitlets.Unicode()).tag(sync=True)  # focus the search box
    skin = traitlets.Unicode(SKIN_KEY).tag(sync=True)  # the trace a drag paints on
    # {CSS selector: {attribute: value}}: names, roles and live regions the widgets cannot set
    aria = traitlets.Dict().tag(sync=True)
    # The dashboard's FigureWidget, whose replies to updates the page trims.
    figure = traitlets.Instance(ipywidgets.Widget, allow_none=True).tag(
        sync=True, **ipywidgets.widget_serialization
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._key_handlers: list[Callable[[str], None]] = []
        self._figure_failed_handlers: list[Callable[[str], None]] = []
        self._view_handlers: list[Callable[[int, int], None]] = []
        self._query_handlers: list[Callable[[str], None]] = []
        self._drag_handlers: list[Callable[[str, float], None]] = []
        self._drawn_handlers: list[Callable[[bool], None]] = []
        self._paint_handlers: list[Callable[[list[int], str], None]] = []
        self.on_msg(self._receive)

    def on_query(self, handler: Callable[[str], None]) -> None:
        """Call `handler(query)` for each address the page reaches after it opened (Back,
        Forward, the partner window of a presenter): a message each time, since an address
        reached twice would not change a synced value."""
        self._query_handlers.append(handler)

    def on_key(self, handler: Callable[[str], None]) -> None:
        """Call `handler(key)` for each keymap key pressed outside a text box."""
        self._key_handlers.append(handler)

    def on_figure_failed(self, handler: Callable[[str], None]) -> None:
        """Call `handler(model_id)` when the page finds the figure's widget dead (its code
        took too long to load, so the page drops every message to it)."""
        self._figure_failed_handlers.append(handler)

    def on_view(self, handler: Callable[[int, int], None]) -> None:
        """Call `handler(width, height)` (CSS px) when the 3D view's size settles."""
        self._view_handlers.append(handler)

    def on_drag(self, handler: Callable[[str, float], None]) -> None:
        """Call `handler(joint, angle)` for each angle a dragged slider reaches (the page
        sends the newest once the last is answered: glutelib/js/drag.js); the page is told
        each is done, whatever the handlers made of it."""
        self._drag_handlers.append(handler)

    def on_paint(self, handler: Callable[[list[int], str], None]) -> None:
        """Call `handler(vertices, tool)` for each batch of skin vertices a drag on the body
        passed over ('paint' or 'erase'; the page sends the next once told this one is
        drawn: glutelib/js/paint.js); at most MAX_PAINTED ints, each checked."""
        self._paint_handlers.append(handler)

    def on_drawn(self, handler: Callable[[bool], None]) -> None:
        """Call `handler(skip)` when the page has drawn a pose of a move it was asked to say
        (`say_when_drawn`); `skip`: the page asks for no motion (prefers-reduced-motion)."""
        self._drawn_handlers.append(handler)

    def say_when_drawn(self, dwell_ms: int) -> None:
        """Ask the page to say when the pose just sent is drawn and held `dwell_ms`."""
        self.send({"type": "say-when-drawn", "dwell": int(dwell_ms)})

    def _receive(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "key":
            for handler in self._key_handlers:
                handler(str(content.get("key", "")))
        elif content.get("type") == "query":
            for handler in self._query_handlers:
                handler(str(content.get("query", "")))
        elif content.get("type") == "figure-failed":
            for handler in self._figure_failed_handlers:
                handler(str(content.get("model_id", "")))
        elif content.get("type") == "drag":
            try:
                joint, angle = str(content["joint"])[:40], float(content["value"])
                if math.isfinite(angle) and abs(angle) < 1e3:  # a number, not a huge one
                    for handler in self._drag_handlers:
                        handler(joint, angle)
            finally:
                self.send({"type": "posed"})
        elif content.get("type") == "paint":
            try:
                raw = content.get("vertices")
                vertices = [int(v) for v in raw[:MAX_PAINTED] if isinstance(v, int)
                            ] if isinstance(raw, list) else []  # fmt: skip
                tool = "erase" if content.get("tool") == "erase" else "paint"
                if vertices:
                    for handler in self._paint_handlers:
                        handler(vertices, tool)
            finally:
                self.send({"type": "painted"})
        elif content.get("type") == "drawn":
            for handler in self._drawn_handlers:
                handler(content.get("skip") is True)
        elif content.get("type") == "view":
            try:
                size = int(content["width"]), int(content["height"])
            except (KeyError, TypeError, ValueError):
                return
            for handler in self._view_handlers:
                handler(*size)

    def download(self, name: str, data: bytes, mime: str = "image/png") -> None:
        """Hand `data` to the browser as a file download called `name`."""
        payload = base64.b64encode(data).decode("ascii")
        self.send({"type": "download", "name": name, "mime": mime, "data": payload})
