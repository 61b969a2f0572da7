"""The widget boundary: the one module that knows plotly's and anywidget's internals.

- `FigureSync` keeps a plotly FigureWidget equal to a SceneState, sending only what changed
  since the last sync in one `batch_update` (colours and visibility as restyles, vertices
  only for visible traces whose pose changed, camera, box and meta as one relayout).
- `figure_class()` says where the page gets plotly's FigureWidget code. Its 5 MB bundle
  normally travels inside every figure's state, over the kernel's websocket; anywidget
  gives a widget 2 s to load its code and then drops every message to it for good (the
  page watches for that: static/bridge.js), so a page may need a second figure, and that
  one must start at once. When the server publishes the bundle (`glutelib.app.serve`
  copies it where Voila serves lab extensions and names it in $GLUTELIB_PLOTLY_MODULE),
  figures carry a three-line module that imports it by URL: fetched once per browser,
  evaluated once per page. Elsewhere (JupyterLab, nbval) figures are plotly's own.

Versions whose internals this relies on are pinned in pyproject.toml (`glutelib.versions`
says on the page when others are installed).
"""

from __future__ import annotations

import copy
import functools
import json
import os
import re

import numpy as np
import plotly.graph_objects as go

from glutelib import drawing, labels, view
from glutelib.app import vendor
from glutelib.atlas import SKIN_KEY
from glutelib.errors import GlutelibError
from glutelib.fibres import FIBRES_KEY
from glutelib.library import Library
from glutelib.pagecode import bundle
from glutelib.pain import DRAWING_KEY, PATTERN_KEY
from glutelib.palpation import OUTLINE_KEY, SITES_KEY
from glutelib.state import SceneState
from glutelib.zones import zone_key

# Meshes made for what they show (an outline, the sites, a pain drawing and its pattern):
# their triangles are sent with their vertices.
REMADE = (OUTLINE_KEY, SITES_KEY, DRAWING_KEY, PATTERN_KEY)
MODULE_ENV = "GLUTELIB_PLOTLY_MODULE"  # path under Voila's /voila/labextensions/
# The most pixels per CSS pixel a 3D view is drawn with: each page lowers it to its screen's
# own ratio (glutelib/js/screen.js), in the dashboard (served figures) and in the lesson.
PIXEL_RATIO_CAP = 2
PLOTLY_CONFIG = {
    "responsive": True,
    "displaylogo": False,
    "showSendToCloud": False,  # "Share chart" posts the figure to Chart Studio: nothing leaves
    "plotGlPixelRatio": PIXEL_RATIO_CAP,
    "toImageButtonOptions": {"format": "png", "filename": "glutelib", "scale": 2},
}


def figure_class() -> type[go.FigureWidget]:
    """The FigureWidget class to build figures with, following $GLUTELIB_PLOTLY_MODULE."""
    vendor.skip_iri_grammars()  # before plotly imports its widget (and jsonschema)
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
    code = bundle("import_plotly").replace('"glutelib:plotly-module"', json.dumps(module), 1)
    return type("ServedFigureWidget", (go.FigureWidget,), {"_esm": code, "__module__": __name__})


def _unchecked_copy(figure: go.Figure, cls: type[go.FigureWidget]) -> go.FigureWidget:
    """A FigureWidget of `figure` without checking every trace again (build_figure's traces
    were checked as they were made): 0.02 s instead of 0.45 s of a new kernel's first
    figure. plotly only sends a change to the page through a checked set, so the widget,
    its layout and its traces check (and send) again from here on."""
    widget = cls(figure, _validate=False)
    for part in (widget, widget.layout, *widget.data):
        part._validate = True
    return widget


class FigureSync:
    """Keeps FigureWidgets equal to SceneStates of one library, sending only differences."""

    def __init__(self, library: Library):
        self.library = library
        self._sent: SceneState | None = None
        # trace name -> (pose, light level) of the mesh the page holds for it
        self._sent_form: dict[str, tuple[str, bool]] = {}
        # trace name -> the (k, 3) vertices last sent: a new pose resends only those it moves
        # (a knee's slider: the shin and what crosses the knee, not the pelvis)
        self._sent_vertices: dict[str, np.ndarray] = {}
        self._sent_labels: list[dict] = []  # the annotations last sent
        self._sent_styles: dict[str, dict] = {}  # drawing.styles() as last sent
        self._sent_view: tuple | None = None  # (camera, meta) as last sent

    def widget(
        self, state: SceneState, cls: type[go.FigureWidget] | None = None
    ) -> go.FigureWidget:
        """A new FigureWidget showing `state`; later syncs diff against it. The layout is given
        at construction (set afterwards, it did not reach the page); `cls`: see figure_class.
        """
        figure = drawing.build_figure(state, self.library)
        widget = _unchecked_copy(figure, cls or go.FigureWidget)
        vendor.set_plotly_config(widget, PLOTLY_CONFIG)  # `responsive` follows the window
        self._sent = copy.deepcopy(state)
        self._sent_form = {t.name: self._form(t.name, state) for t in figure.data if len(t.i)}
        self._sent_vertices = {}
        self._sent_labels = labels.annotations(state, self.library)
        self._sent_styles = drawing.styles(state, self.library)
        self._sent_view = self._view(state)
        return widget

    def _view(self, state: SceneState) -> tuple:
        """(camera, meta) of a state: what a sync compares with the last one sent."""
        return view.camera_of(state, self.library), drawing.meta(state, self.library)

    @staticmethod
    def _form(key: str, state: SceneState) -> tuple[str, bool]:
        """What a trace's mesh depends on besides its structure: the pose and the level (the
        fibre arrows: the pose, their muscle and the view they face)."""
        if key == FIBRES_KEY:
            return f"{state.pose}/{state.fibres}/{state.camera}", False
        if key == OUTLINE_KEY:
            return f"{state.pose}/{state.palpate}", False
        if key == SITES_KEY:
            return f"{state.pose}/{','.join(sorted(state.sites))}", False
        if key == DRAWING_KEY:
            return ",".join(map(str, state.drawing)), False
        if key == PATTERN_KEY:
            return str(state.pattern), False
        return state.pose, view.light(key, state)

    def _resend(self, key: str, state: SceneState) -> bool:
        """Whether a shown trace needs its mesh sent: never sent, in another pose, or light
        where the state wants it full. A full mesh the page holds stays where light would do
        until its vertices go anyway (a pose change): sending the lighter one costs more
        than drawing the one already there."""
        held = self._sent_form.get(key)
        if held is None or held[0] != self._form(key, state)[0]:
            return True
        return held[1] and not view.light(key, state)

    def sync(self, widget: go.FigureWidget, state: SceneState) -> dict[str, int]:
        """Send `widget` what changed since the last sync or `widget()`; say what was sent."""
        lib, before = self.library, self._sent or SceneState(structures=state.structures)
        styles = drawing.styles(state, lib)  # what build_figure and the lesson draw, too
        restyle = {
            name: {k: v for k, v in style.items() if self._sent_styles.get(name, {}).get(k) != v}
            for name, style in styles.items()
        }
        restyle = {name: changes for name, changes in restyle.items() if changes}
        shown = [i for i in state.structures if view.visible(i, state, lib)]
        shown += [zone_key(z) for z in sorted(state.zones)]
        shown += [SKIN_KEY] if state.skin and lib.has_skin else []
        shown += [FIBRES_KEY] if state.fibres else []
        shown += [OUTLINE_KEY] if state.palpate else []
        shown += [SITES_KEY] if state.sites else []
        shown += [DRAWING_KEY] if state.drawing else []
        shown += [PATTERN_KEY] if state.pattern else []
        moved = [k for k in shown if self._resend(k, state)]
        drawn = {key: view.drawn(key, state, lib) for key in moved}
        forms = {key: self._form(key, state) for key in moved}
        for key in list(moved):  # another pose that leaves this part where it was: nothing
            held = self._sent_vertices.get(key)
            same_level = self._sent_form.get(key, (None, None))[1] == forms[key][1]
            if same_level and held is not None and np.array_equal(held, drawn[key][0]):
                self._sent_form[key] = forms[key]
                moved.remove(key)
        sent_camera, sent_meta = self._sent_view or self._view(before)
        camera, meta = self._view(state)
        camera_changed = sent_camera != camera
        box_changed = before.pose != state.pose
        names = labels.annotations(state, lib)
        labels_changed = names != self._sent_labels
        by_name = {t.name: t for t in widget.data}
        with widget.batch_update():
            for name, changes in restyle.items():  # a colour as it is; a nested one checked
                nested = {k: v for k, v in changes.items() if isinstance(v, dict)}
                if nested:
                    by_name[name].update(**nested)
                vendor.set_trace_values(by_name[name], **{
                    k: v for k, v in changes.items() if k not in nested})  # fmt: skip
            for key in moved:  # the triangles too when first shown or the level changed, or
                # for a mesh made for what it shows (an outline, the sites) when that changed
                v, f = drawn[key]
                vendor.set_trace_values(by_name[key], x=v[:, 0], y=v[:, 1], z=v[:, 2])
                self._sent_vertices[key] = v
                form = forms[key]
                remade = key in REMADE  # sent only if they differ (vendor)
                if remade or self._sent_form.get(key, (None, None))[1] != form[1]:
                    vendor.set_trace_values(by_name[key], i=f[:, 0], j=f[:, 1], k=f[:, 2])
                    shade = view.drawn_shade(key, state, lib)
                    if shade is not None:
                        vendor.set_trace_values(by_name[key], intensity=shade)
                self._sent_form[key] = form
            if labels_changed:
                widget.layout.scene.annotations = names
            if box_changed:  # only what a pose changes: the ranges and their ratio
                axes = drawing.axes(state, lib)
                for name in ("xaxis", "yaxis", "zaxis"):
                    widget.layout.scene[name].range = axes[name]["range"]
                widget.layout.scene.aspectratio = axes["aspectratio"]
            if camera_changed or box_changed:
                widget.layout.scene.camera = camera.plotly()
            if sent_meta != meta:
                widget.layout.meta = meta
            if before.paint != state.paint:
                widget.layout.scene.dragmode = drawing.dragmode(state)
        self._sent, self._sent_labels, self._sent_styles = copy.deepcopy(state), names, styles
        self._sent_view = camera, meta
        return {
            "traces": len(set(restyle) | set(moved)) + int(labels_changed),
            "vertices": len(moved),
            "camera": int(camera_changed),
        }
