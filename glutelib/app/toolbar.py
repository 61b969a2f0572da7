"""The toolbar above the 3D view: named views, labels, close up, zoom, reset, save picture."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import ipywidgets as w

from glutelib.app.widgets import button, css_name
from glutelib.audiences import Audience
from glutelib.cameras import Camera
from glutelib.view import ZOOM_STEP


class ToolbarActions(Protocol):
    def set_view(self, name: str) -> None: ...
    def set_labels(self, on: bool) -> None: ...
    def fit(self) -> None: ...
    def zoom(self, factor: float) -> None: ...
    def reset(self) -> None: ...
    def save_picture(self) -> None: ...


class Toolbar:
    """Buttons that act on the view; their words follow the audience."""

    def __init__(self, cameras: dict[str, Camera], actions: ToolbarActions):
        self.cameras = cameras

        def view(name: str) -> Callable[[], None]:
            return lambda: actions.set_view(name)

        self.views = {
            name: button(c.label, f"t-view-{css_name(name)}", view(name), f"View: {c.label}")
            for name, c in cameras.items()
        }
        self.labels = w.ToggleButton(description="Labels", tooltip="Name the picked parts")
        self.labels.add_class("t-labels")
        self.labels.observe(lambda c: actions.set_labels(c["new"]), names="value")
        self.fit = button("Close up", "t-fit", actions.fit, "Move in on the picked part")
        self.zoom_in = button("+", "t-zoom-in", lambda: actions.zoom(ZOOM_STEP), "Zoom in")
        self.zoom_out = button("−", "t-zoom-out", lambda: actions.zoom(1 / ZOOM_STEP), "Zoom out")
        self.reset = button("Reset", "t-reset", actions.reset, "Start again")
        self.save = button("Save picture", "t-save", actions.save_picture, "Save a PNG")
        self.widget = w.HBox(
            [*self.views.values(), self.labels, self.fit, self.zoom_in, self.zoom_out,
             self.reset, self.save],
            layout=w.Layout(flex_flow="row wrap"),
        )  # fmt: skip
        self.widget.add_class("t-toolbar")

    def set_audience(self, audience: Audience) -> None:
        for name, b in self.views.items():
            camera = self.cameras[name]
            b.description = camera.plain_label if audience.plain else camera.label
        for b in (self.zoom_in, self.zoom_out):
            b.layout.display = None if audience.zoom_buttons else "none"
