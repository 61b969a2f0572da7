"""Dashboard layout and callbacks. Widgets change the Scene; the Scene syncs the figure."""

from __future__ import annotations

import ipywidgets as w

from glutelib.app.bridge import PageBridge
from glutelib.atlas import Atlas, load_atlas
from glutelib.scene import Scene

HIDDEN_BELOW_KNEE = ("tibia", "fibula", "talus", "foot_bones", "toe_bones")

CSS = """
<style>
.glutelib { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.glutelib .widget-button, .glutelib .widget-toggle-button { height: 44px; font-size: 16px; }
.glutelib .t-figure { width: 100%; min-height: 560px; }
</style>
"""


def region_ids(atlas: Atlas) -> list[str]:
    """Structures of the opening view: everything above the knee."""
    return [s.id for s in atlas if not s.id.startswith(HIDDEN_BELOW_KNEE)]


class Dashboard:
    """One 3D figure with view buttons; the explorer and walkthroughs build on it."""

    def __init__(self, atlas: Atlas | None = None):
        self.atlas = atlas or load_atlas()
        self.scene = Scene(self.atlas, structures=region_ids(self.atlas))
        self.figure = self.scene.widget()
        self.figure.layout.height = 620
        self.view_buttons = {
            name: self._view_button(name, camera.label)
            for name, camera in self.scene.cameras.items()
        }
        self.bridge = PageBridge()
        self.root = w.VBox(
            [
                w.HTML(CSS),
                self.bridge,
                w.HTML("<h2>glutelib — pelvis and glutes in 3D</h2>"),
                w.HBox(list(self.view_buttons.values())),
                self.figure,
            ]
        )
        self.root.add_class("glutelib")
        self.figure.add_class("t-figure")

    def _view_button(self, name: str, label: str) -> w.Button:
        button = w.Button(description=label, tooltip=f"View from: {label}")
        button.add_class(f"t-view-{name.replace('_', '-')}")
        button.on_click(lambda _b, name=name: self.set_view(name))
        return button

    def set_view(self, name: str) -> None:
        self.scene.set_camera(name)
        self.scene.sync(self.figure)

    def display(self) -> None:
        from IPython.display import display

        display(self.root)
