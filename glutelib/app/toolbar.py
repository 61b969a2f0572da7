"""The toolbar above the 3D view: named views, labels, close up, zoom, reset, save picture."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import ipywidgets as w

from glutelib.app.widgets import control, css_name
from glutelib.audiences import Audience, Control
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

    def __init__(self, cameras: dict[str, Camera], actions: ToolbarActions,
                 controls: dict[str, Control]):  # fmt: skip
        self.cameras = cameras

        def view(name: str) -> Callable[[], None]:
            return lambda: actions.set_view(name)

        self.views = {
            name: control(controls["view"], f"t-view-{css_name(name)}", view(name), view=c.label)
            for name, c in cameras.items()
        }
        labels = controls["labels"]
        self.labels = w.ToggleButton(description=labels.label, tooltip=labels.tip)
        self.labels.add_class("t-labels")
        self.labels.observe(lambda c: actions.set_labels(c["new"]), names="value")
        self.fit = control(controls["close_up"], "t-fit", actions.fit)
        self.zoom_in = control(controls["zoom_in"], "t-zoom-in", lambda: actions.zoom(ZOOM_STEP))
        self.zoom_out = control(controls["zoom_out"], "t-zoom-out",
                                lambda: actions.zoom(1 / ZOOM_STEP))  # fmt: skip
        self.reset = control(controls["reset"], "t-reset", actions.reset)
        self.save = control(controls["save"], "t-save", actions.save_picture)
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
