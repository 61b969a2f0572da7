"""Where the page gets plotly's FigureWidget code: from the server, not inside each figure.

plotly's FigureWidget is an anywidget whose code (5 MB) travels inside every figure's state:
each page received it over its kernel's websocket and evaluated it from a blob, for every
figure it was shown. anywidget gives a widget 2 s to load its code and then drops every
message to it for good (see `bridge.py`), so the dashboard may need a second figure in the
same page, and that second one must load at once.

When the server publishes plotly's bundle (`scripts/serve.py` copies it where Voila serves
lab extensions and names it in $GLUTELIB_PLOTLY_MODULE), figures carry a three-line module
that imports the bundle by URL instead: fetched once per page (once per browser, with its
cache), evaluated once per page, shared by every figure after the first. Elsewhere (JupyterLab,
nbval) figures are plotly's own.
"""

from __future__ import annotations

import functools
import json
import os
import re

import plotly.graph_objects as go

from glutelib.errors import GlutelibError

MODULE_ENV = "GLUTELIB_PLOTLY_MODULE"  # path under Voila's /voila/labextensions/

# Voila's page says where it is served from: <body data-base-url="{base_url}voila/">.
_IMPORT_FROM_SERVER = """\
const base = new URL(document.body.dataset.baseUrl || "/voila/", location.href);
const plotly = await import(new URL("labextensions/" + MODULE, base).href);
export default plotly.default;
"""


def figure_class() -> type[go.FigureWidget]:
    """The FigureWidget class to build figures with, following $GLUTELIB_PLOTLY_MODULE."""
    module = os.environ.get(MODULE_ENV, "")
    return served_figure_class(module) if module else go.FigureWidget


@functools.cache
def served_figure_class(module: str) -> type[go.FigureWidget]:
    """A FigureWidget whose page code imports plotly's bundle from `module` on the server."""
    if not re.fullmatch(r"[\w-]+(/[\w.-]+)*\.js", module) or ".." in module:
        raise GlutelibError(
            f"{MODULE_ENV}={module!r} is not a path like 'glutelib/plotly-widget-7.1.0.js'. "
            f"Start the dashboard with `make dashboard`, or unset {MODULE_ENV}."
        )
    code = _IMPORT_FROM_SERVER.replace("MODULE", json.dumps(module))
    return type("ServedFigureWidget", (go.FigureWidget,), {"_esm": code, "__module__": __name__})
