"""The 3D view and its toolbar: the figure kept equal to the scene, a new figure when the
page's never started, and what the toolbar's buttons do to the view (views, labels, close
up, zoom, a picture).

The dashboard hands it the scene and what only the page as a whole knows: how to say
things, how to start again, what a click on a part means and what follows a sync (the
address).
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable

import ipywidgets as w
import plotly.graph_objects as go

from glutelib.app.aria import SAID, aria_rules
from glutelib.app.bridge import PageBridge
from glutelib.app.figure_widget import FigureSync, figure_class
from glutelib.app.navigation import Said
from glutelib.app.toolbar import Toolbar
from glutelib.atlas import SKIN_KEY
from glutelib.audiences import Audience, Control
from glutelib.cards import card_said
from glutelib.described import next_walked, view_said, walk_said
from glutelib.drawing import build_figure
from glutelib.errors import GlutelibError
from glutelib.library import Library
from glutelib.pain import DRAWING_KEY, PATTERN_KEY
from glutelib.scene import Scene

MAX_FIGURE_RESTARTS = 3  # new figures for a page whose figure widget did not start in time
PICTURE_SIZE = (1600, 1200)
# Traces on the skin that take taps (a palpate-it answer, a pain drawing's strokes)
TAPPED_ON_THE_SKIN = (SKIN_KEY, DRAWING_KEY, PATTERN_KEY)


def caption_annotation(lines: list[str]) -> dict:
    """A block of text over a picture's top left, on a light ground: the first line bold."""
    text = "<br>".join([f"<b>{html.escape(lines[0])}</b>", *map(html.escape, lines[1:])])
    return dict(text=text, xref="paper", yref="paper", x=0.01, y=0.99, xanchor="left",
                yanchor="top", align="left", showarrow=False, font=dict(size=18),
                bgcolor="rgba(255, 255, 255, 0.85)", borderpad=8)  # fmt: skip


class ViewPanel:
    """The toolbar over the figure (`widget`); `refresh()` sends the figure what changed."""

    def __init__(self, scene: Scene, library: Library, bridge: PageBridge,
                 controls: dict[str, Control], *, tell: Callable[[list[Said]], None],
                 say: Callable[[str], None], reset: Callable[[], None],
                 on_click: Callable[[str, tuple[float, float, float]], None],
                 after_sync: Callable[[], None]):  # fmt: skip
        self.scene, self.library, self.bridge = scene, library, bridge
        self.tell, self.say, self.reset = tell, say, reset
        self.on_click, self.after_sync = on_click, after_sync
        self.caption: Callable[[], list[str]] = lambda: []  # words the saved picture carries
        self.audience: Audience | None = None  # whose words the walk reads the cards in
        self.sync = FigureSync(library)
        self.figure: go.FigureWidget | None = None  # built last, from the settled scene
        self.restarts = 0
        self.last_sync: dict[str, int] = {}  # what the last refresh sent (tests, benchmarks)
        self.toolbar = Toolbar(library.cameras, self, controls)
        self.said = w.HTML()  # what the view shows, in words, for a screen reader
        self.said.add_class(SAID)
        self.widget = w.VBox([self.toolbar.widget, self.said])
        self.widget.add_class("t-main")

    # the figure --------------------------------------------------------------------------
    def show_new_figure(self) -> None:
        """A new figure of the scene as it is now, in place of the old one (closed)."""
        old, figure = self.figure, self.sync.widget(self.scene.state, figure_class())
        figure.add_class("t-figure")
        for trace in figure.data:
            if trace.name in self.scene.ids or trace.name in TAPPED_ON_THE_SKIN:  # not zones
                trace.on_click(self._clicked)
        self.figure = figure
        self.bridge.figure = figure  # the page watches it (trims its replies, sees it start)
        self.widget.children = (self.toolbar.widget, figure, self.said)
        if old is not None:
            old.close()
        self.tell_screen_readers()

    def refresh(self, tell: bool = True) -> None:
        """Send the figure what changed. A data fault found now is said on the page; the
        rest keeps working. `tell=False` leaves the live region as it is (a drag's every
        angle: it is said once the hand lets go)."""
        if self.figure is None:  # still building: the figure will be drawn from the scene
            return
        if self.toolbar.labels.value != self.scene.state.labels:  # a step turned them on/off
            self.toolbar.labels.value = self.scene.state.labels  # its observer refreshes
            return
        self.toolbar.show_view(self.scene.state.camera, self.scene.state.close_up)
        try:
            self.last_sync = self.sync.sync(self.figure, self.scene.state)
        except GlutelibError as exc:
            self.say(str(exc))
        if tell:
            self.tell_screen_readers()
        self.after_sync()

    def tell_screen_readers(self) -> None:
        """The view's text alternative, in its live region, and the page's names for what the
        widgets cannot name (each sent only when it changed)."""
        state = self.scene.state
        self.said.value = html.escape(view_said(state, self.library))
        self.bridge.aria = aria_rules(self.library, state.plain_words)

    def failed(self, model_id: str) -> None:
        """The page says the figure's widget never started (its code took over 2 s to load,
        so every change sent to it is dropped): show a new one. A page that fails again and
        again gets a plain message instead."""
        if self.figure is None or model_id != self.figure.model_id:
            return  # an older figure, already replaced
        if self.restarts >= MAX_FIGURE_RESTARTS:
            self.tell([("figure_failed", {})])
            return
        self.restarts += 1
        self.show_new_figure()

    def _clicked(self, trace, points, _state) -> None:
        """A part tapped, and where: the vertex (mm) of the triangle under the finger that
        plotly reports, read from the trace (plotly.py passes no z)."""
        if points.point_inds:
            at = points.point_inds[0]
            self.on_click(trace.name, (float(trace.x[at]), float(trace.y[at]), float(trace.z[at])))

    # the toolbar's actions ---------------------------------------------------------------
    def set_view(self, name: str) -> None:
        self.scene.set_camera(name)
        self.refresh()

    def set_view_number(self, number: int) -> bool:
        """The view numbered `number` (1-based) in cameras.yaml; False past the last."""
        names = list(self.library.cameras)
        if not 1 <= number <= len(names):
            return False
        self.set_view(names[number - 1])
        return True

    def set_labels(self, on: bool) -> None:
        self.scene.show_labels(on)
        self.refresh()

    def toggle_labels(self) -> None:
        labels = self.toolbar.labels
        labels.value = not labels.value  # the toggle's observer turns the labels on or off

    def set_view_size(self, width: int, height: int) -> None:
        """The 3D view's size on the page: framing follows its shape, labels its height."""
        width, height = min(max(width, 100), 10_000), min(max(height, 100), 10_000)
        self.scene.set_view_size(width, height)
        self.refresh()

    def walk(self, step: int) -> None:
        """The keyboard walk through the parts shown: the next one (`step` +1) or the one
        before (-1), named in the view in a focus box and read out with its card."""
        state = self.scene.state
        self.scene.point_at(next_walked(state, self.library, step))
        self.refresh(tell=False)
        self.said.value = html.escape(walk_said(state, self.library, lambda sid: card_said(
            self.library.atlas[sid], self.audience, self.library.audiences)))  # fmt: skip

    def set_audience(self, audience: Audience) -> None:
        self.audience = audience
        self.toolbar.set_audience(audience)

    def fit(self) -> None:
        """Close up on the picked parts; pressed again (a close-up is shown, whoever made it),
        the whole view from the same side."""
        if self.scene.state.close_up:
            self.scene.set_camera(self.scene.state.camera)
            self.refresh()
            return
        if not self.scene.state.highlighted:
            self.tell([("pick_first", {})])
            return
        self.scene.fit()
        self.refresh()

    def zoom(self, factor: float) -> None:
        self.scene.zoom(factor)
        self.refresh()

    def save_picture(self) -> None:
        """A PNG of what is shown, framed for the picture's own shape (not the page's), with
        the lines `caption()` gives over its top left (a pain drawing's matches)."""
        from glutelib.export import png_bytes

        width, height = PICTURE_SIZE
        state = dataclasses.replace(self.scene.state, view_aspect=width / height, view_px=height)
        figure = build_figure(state, self.library)
        if lines := self.caption():
            figure.add_annotation(**caption_annotation(lines))
        try:
            data = png_bytes(figure, width, height)
        except GlutelibError as exc:
            self.say(str(exc))
            return
        self.bridge.download("glutelib.png", data)
        self.tell([("picture_saved", {})])
