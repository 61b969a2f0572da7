"""The toolbar above the 3D view: named views, labels, close up, zoom, reset, save picture.

The named view shown is always said: its button is pressed, or, where an audience has the
views as one menu (a tablet), the menu shows its name ("From behind")."""

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
        self.view_menu = w.Dropdown(options=[(c.label, name) for name, c in cameras.items()],
                                    tooltip=controls["view"].tip.format(view=""))  # fmt: skip
        self.view_menu.add_class("t-seen-from")
        self.view_menu.layout.display = "none"
        self.view_menu.observe(lambda c: self._picked(c["new"], actions), names="value")
        self._showing: str | None = None  # the view being shown: the menu's echo is no pick
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
            [*self.views.values(), self.view_menu, self.labels, self.fit, self.zoom_in,
             self.zoom_out, self.reset, self.save],
            layout=w.Layout(flex_flow="row wrap"),
        )  # fmt: skip
        self.widget.add_class("t-toolbar")

    def set_audience(self, audience: Audience) -> None:
        for name, b in self.views.items():
            b.description = self.cameras[name].label_in(audience.plain)
            b.layout.display = "none" if audience.view_menu else None
        options = [(c.label_in(audience.plain), name) for name, c in self.cameras.items()]
        if list(self.view_menu.options) != options:
            shown, self._showing = self.view_menu.value, self.view_menu.value
            self.view_menu.options, self.view_menu.value = options, shown
            self._showing = None
        self.view_menu.layout.display = None if audience.view_menu else "none"
        for b in (self.zoom_in, self.zoom_out):
            b.layout.display = None if audience.zoom_buttons else "none"

    def show_view(self, name: str, close_up: bool = False) -> None:
        """Say which named view is shown (its button pressed, its name in the menu) and
        whether it is a close-up (Close up pressed: the body may run off any edge)."""
        for view, b in self.views.items():
            (b.add_class if view == name else b.remove_class)("mod-active")
        (self.fit.add_class if close_up else self.fit.remove_class)("mod-active")
        if self.view_menu.value != name:
            self._showing = name
            self.view_menu.value = name
            self._showing = None

    def _picked(self, name: str, actions: ToolbarActions) -> None:
        if name is not None and name != self._showing:
            actions.set_view(name)
