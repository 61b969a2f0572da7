"""Every reach into a library's private parts, in one place (the page's: glutelib/js/vendor.js).

Each is a named function that says which pinned version it was written against and which
test shows it is still needed; nothing else in glutelib touches a private name of
jupyter_server, tornado, Voila or plotly (tests/unit/test_vendor.py checks). When a pin
moves, this file is the list to read again.
"""

from __future__ import annotations

import functools
import sys
from typing import Any


def skip_iri_grammars() -> None:
    """Keep jsonschema 4.26 (which plotly 7.1's FigureWidget imports through nbformat) from
    loading its optional IRI format check: rfc3987_syntax 1.1 compiles 38 Lark grammars when
    imported, ~1.3 s of every kernel's start, more than the rest of building the dashboard,
    and a dashboard's kernel checks no IRIs (jsonschema leaves the "iri" format unchecked
    without it). Only before jsonschema is first imported. Needed for a kernel that starts
    fast (tests/unit/test_dashboard_start.py)."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # None: "not installed" to an import


def pages_connected(manager: Any, kernel_id: str) -> int:
    """Pages connected to a kernel now. jupyter_server 2.21 keeps the count in the private
    `MappingKernelManager._kernel_connections`. Needed for the culler's grace to count from
    the last page leaving (tests/browser/test_class_server.py, the vanished tab)."""
    return manager._kernel_connections.get(kernel_id, 0)


def mark_active(kernel: Any) -> None:
    """Set a kernel's `last_activity` to now, in jupyter_server's own clock (the private
    module `jupyter_server._tz`, 2.21), which the culler compares with. Needed for the
    grace after the last page leaves (tests/browser/test_class_server.py, the vanished tab)."""
    from jupyter_server._tz import utcnow

    kernel.last_activity = utcnow()


def offline_buffer(manager: Any, kernel_id: str) -> dict:
    """What jupyter_server 2.21 keeps for a page that lost its connection (the private
    `_kernel_buffers[kernel_id]`: its session key, the messages, the channels), or {}.
    Needed to bound it (tests/browser/test_visitors.py, a page that asks for much and
    leaves)."""
    return manager._kernel_buffers.get(kernel_id, {})


def cap_unread(handler: Any, limit: int) -> None:
    """Let a websocket hold at most `limit` bytes its page has not read: tornado 6.6 keeps
    the stream behind `WebSocketHandler.ws_connection` and raises StreamBufferFullError
    past `max_write_buffer_size`. Needed: tests/browser/test_visitors.py, a page that
    reads nothing."""
    handler.ws_connection.stream.max_write_buffer_size = limit


def listen_with(app: Any, **server_options: Any) -> None:
    """Give tornado's HTTP server `server_options` (e.g. max_header_size) for a Voila 0.5.13
    app, which calls `app.listen(port, ip)` itself with none. Needed: a long address gets
    the 414 page (tests/browser/test_lockdown.py)."""
    app.listen = functools.partial(app.listen, **server_options)


def set_plotly_config(widget: Any, config: dict) -> None:
    """plotly 7.1's FigureWidget has no public setter for the graph's config (the private
    `_config` trait). Needed for the page's pixel ratio and `responsive`
    (tests/browser/test_dashboard.py)."""
    widget._config = config


def set_trace_values(trace: Any, **values: Any) -> None:
    """Set a trace's plain properties (data arrays such as x, y, z, i, j, k, intensity; a
    colour, a colour scale, visible; not a nested one such as `lighting`) and send them to
    the page as plotly 7.1's checked set does (`BasePlotlyType._set_prop` after
    `validate_coerce`: arrays as read-only numpy copies; the value kept unless in a batch,
    then `_send_prop_set`; a value equal to the one held is not sent), without checking them
    again: they come from glutelib's own styles, the rig and the meshes, already checked
    when the figure was built, and checking a drag's ~40 vertex arrays and ~40 colours cost
    its slider ~15 ms of its 50 (benchmarks/run.py `drag_figures`;
    tests/unit/test_scene.py checks the page gets what `update` sends)."""
    import numpy as np

    trace._init_props()
    for name, given in values.items():
        if isinstance(given, dict):
            raise TypeError(f"{name}: a nested property; set it with `update`")
        array = isinstance(given, np.ndarray)
        value = np.array(given, copy=True) if array else given
        held = trace._props.get(name)
        if np.array_equal(held, value) if array else held == value:
            continue
        if array:
            value.flags.writeable = False
        if not trace._in_batch_mode:
            trace._props[name] = value
        trace._send_prop_set(name, value)
