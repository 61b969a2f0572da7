"""Dashboard layout and callbacks. Widgets change the Scene; the Scene syncs the figure.

header   title · mode buttons (Student / Client / Instructor) · "?" help
sidebar  Explore | Conditions: the Explorer (search, side, info card, layers, grouped list)
         or the Walkthrough (condition picker, step text, progress, Back / Next)
main     view buttons · labels · close up · zoom · reset · save picture, then the 3D figure
"""

from __future__ import annotations

import html
import os
import sys
from urllib.parse import parse_qs

import ipywidgets as w
import plotly.graph_objects as go

from glutelib.app.bridge import PageBridge
from glutelib.app.explorer import Explorer
from glutelib.app.figure import figure_class
from glutelib.app.modes import Audiences, css, load_audiences
from glutelib.app.walkthrough import Walkthrough
from glutelib.atlas import Atlas, load_atlas
from glutelib.conditions import Condition, load_conditions
from glutelib.errors import GlutelibError
from glutelib.scene import Scene

HIDDEN_BELOW_KNEE = ("tibia", "fibula", "talus", "foot_bones", "toe_bones")
MAX_FIGURE_RESTARTS = 3  # new figures for a page whose figure widget did not start in time
HELP = """
<h2>Keyboard shortcuts</h2>
<dl>
<dt><kbd>/</kbd></dt><dd>Search for a part of the body</dd>
<dt><kbd>1</kbd> to <kbd>{last}</kbd></dt><dd>Views: {views}</dd>
<dt><kbd>→</kbd> <kbd>PageDown</kbd> <kbd>Space</kbd></dt><dd>Conditions: next step</dd>
<dt><kbd>←</kbd> <kbd>PageUp</kbd></dt><dd>Conditions: previous step</dd>
<dt><kbd>Home</kbd> / digits</dt><dd>Conditions: first step / jump to that step</dd>
<dt><kbd>+</kbd> / <kbd>-</kbd></dt><dd>Zoom in / out</dd>
<dt><kbd>Esc</kbd></dt><dd>Start again: whole view, nothing picked</dd>
<dt><kbd>?</kbd></dt><dd>Show or hide this help</dd>
</dl>
<p>Tab moves between the buttons; Enter or Space presses one.</p>
"""


def skip_iri_grammar() -> None:
    """Spare each served kernel ~1 s of its start (a fifth of it). plotly's FigureWidget
    imports nbformat, whose jsonschema imports rfc3987_syntax when it can, only to check
    "iri" formats; that module builds a Lark grammar at import. Nothing in a dashboard kernel
    validates an IRI, so the import is made to fail the way jsonschema already allows for."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]


def show() -> Dashboard | None:
    """Build and display the dashboard; if the atlas or its data cannot load at all, display
    the error in plain words (what is wrong, which file, the fix) instead of a traceback."""
    from IPython.display import HTML, display

    skip_iri_grammar()
    try:
        # Voila hands the kernel the page address (unless it preheats kernels): the deep link
        # is settled before the figure is built, so the page draws the right step once.
        dashboard = Dashboard(query=os.environ.get("QUERY_STRING", ""))
    except GlutelibError as exc:
        display(HTML(f'<div class="glutelib-error" role="alert"><h2>glutelib cannot start'
                     f"</h2><pre>{html.escape(str(exc))}</pre></div>"))  # fmt: skip
        return None
    dashboard.display()
    return dashboard


def region_ids(atlas: Atlas) -> list[str]:
    """Structures of the opening view: everything above the knee."""
    return [s.id for s in atlas if not s.id.startswith(HIDDEN_BELOW_KNEE)]


class Dashboard:
    """The explorer around one 3D figure, in the mode the page asked for."""

    def __init__(
        self,
        atlas: Atlas | None = None,
        audiences: Audiences | None = None,
        conditions: dict[str, Condition] | None = None,
        query: str = "",
    ):
        """`query`: the page address (`mode=client&condition=...`), applied before the figure
        is built: a page draws a figure from the widget's first state and misses changes
        synced before it connected."""
        self.atlas = atlas or load_atlas()
        self.audiences = audiences or load_audiences()
        self.mode = self.audiences.default
        self.broken = self.atlas.broken  # left out, and said on the page
        ids = [i for i in self.atlas.ids if i not in self.broken]
        home = [i for i in region_ids(self.atlas) if i in ids]
        self.scene = Scene(self.atlas, structures=ids, shown=home)
        self.figure: go.FigureWidget | None = None  # built last, from the settled scene
        self.explorer = Explorer(self.atlas, self.scene, self.audiences, self.mode)
        self.explorer.on_change = self.refresh
        self.walkthrough = Walkthrough(
            self.scene, conditions or load_conditions(atlas=self.atlas),
            self.audiences.audiences[self.mode],
        )  # fmt: skip
        self.walkthrough.on_change = self.refresh
        self.section = w.ToggleButtons(options=[("Explore", "explore"),
                                                ("Conditions", "conditions")])  # fmt: skip
        self.section.add_class("t-section")
        self._relabelling = False
        self.section.observe(
            lambda c: None if self._relabelling else self.set_section(c["new"]), names="value"
        )
        self.bridge = PageBridge()
        self.query: str | None = None  # the page address already applied
        self.bridge.observe(lambda c: self.apply_query(c["new"]), names="query")
        self.bridge.on_key(self.on_key)
        self.bridge.on_figure_failed(self.figure_failed)
        self.figure_restarts = 0

        self.message = w.HTML("")
        self.message.add_class("t-message")
        self.mode_buttons = w.ToggleButtons(
            options=[(a.label, k) for k, a in self.audiences.audiences.items()], value=self.mode
        )
        self.mode_buttons.add_class("t-mode")
        self.mode_buttons.observe(lambda c: self.set_mode(c["new"]), names="value")
        self.help_button = self._button("?", "t-help", "Keyboard shortcuts", self.toggle_help)
        self.title = w.HTML("")
        self.title.add_class("t-title")
        self.view_buttons = {
            name: self._button(camera.label, f"t-view-{name.replace('_', '-')}",
                               f"View: {camera.label}", lambda name=name: self.set_view(name))
            for name, camera in self.scene.cameras.items()
        }  # fmt: skip
        self.labels = w.ToggleButton(description="Labels", tooltip="Name the picked parts")
        self.labels.add_class("t-labels")
        self.labels.observe(lambda c: self._labels(c["new"]), names="value")
        self.fit_button = self._button("Close up", "t-fit", "Move in on the picked part", self.fit)
        self.zoom_in = self._button("+", "t-zoom-in", "Zoom in", lambda: self.zoom(1.4))
        self.zoom_out = self._button("−", "t-zoom-out", "Zoom out", lambda: self.zoom(1 / 1.4))
        self.reset_button = self._button("Reset", "t-reset", "Start again", self.reset)
        self.save_button = self._button("Save picture", "t-save", "Save a PNG", self.save_picture)
        self.help = w.HTML(self._help_html(), layout=w.Layout(display="none"))
        self.help.add_class("t-help-overlay")
        self.style = w.HTML(css(self.audiences))

        self.sidebar = w.VBox([self.section, self.explorer.widget], layout=w.Layout(width="30%"))
        self.sidebar.add_class("t-sidebar")
        self.toolbar = w.HBox(
            [*self.view_buttons.values(), self.labels, self.fit_button, self.zoom_in,
             self.zoom_out, self.reset_button, self.save_button],
            layout=w.Layout(flex_flow="row wrap"),
        )  # fmt: skip
        self.main = w.VBox([self.toolbar], layout=w.Layout(width="70%"))
        header = w.HBox(
            [self.title, self.mode_buttons, self.help_button],
            layout=w.Layout(justify_content="space-between", align_items="center",
                            flex_flow="row wrap"),
        )  # fmt: skip
        self.root = w.VBox(
            [self.style, self.bridge, header, self.message, w.HBox([self.sidebar, self.main]),
             self.help]
        )  # fmt: skip
        self.root.add_class("glutelib")
        self.set_mode(self.mode)
        if self.broken:
            first = next(iter(self.broken.values()))
            self.say(f"{len(self.broken)} part(s) could not be drawn and are left out "
                     f"({', '.join(self.broken)}). {first}")  # fmt: skip
        self.apply_query(query)
        self._show_figure(self._new_figure())

    def _show_figure(self, figure: go.FigureWidget) -> None:
        self.figure = figure
        self.bridge.figure = figure  # the page watches it (trimTraceDeltas, started)
        self.main.children = (self.toolbar, figure)

    def _new_figure(self) -> go.FigureWidget:
        figure = self.scene.widget(figure_class())
        figure.add_class("t-figure")
        for trace in figure.data:
            if trace.name in self.scene.ids:  # structures, not zones or labels
                trace.on_click(self._on_figure_click)
        return figure

    def _button(self, label: str, css_class: str, tooltip: str, action) -> w.Button:
        button = w.Button(description=label, tooltip=tooltip)
        button.add_class(css_class)
        button.on_click(lambda _b: action())
        return button

    # modes -------------------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        """Switch audience: words, sizes and controls follow audiences.yaml."""
        if mode not in self.audiences.audiences:
            known = ", ".join(self.audiences.audiences)
            self.say(f"There is no “{mode}” mode; showing {self.mode}. Modes: {known}.")
            return
        for name in self.audiences.audiences:
            self.root.remove_class(f"mode-{name}")
        self.root.add_class(f"mode-{mode}")
        self.mode = mode
        audience = self.audiences.audiences[mode]
        if self.mode_buttons.value != mode:
            self.mode_buttons.value = mode
        plain = audience.words == "plain"
        self.title.value = (
            "<h2>Your hips and buttocks in 3D</h2>" if plain
            else "<h2>glutelib — pelvis and glutes in 3D</h2>"
        )  # fmt: skip
        for name, button in self.view_buttons.items():
            camera = self.scene.cameras[name]
            button.description = camera.plain_label if plain else camera.label
        for button in (self.zoom_in, self.zoom_out):
            button.layout.display = None if audience.zoom_buttons else "none"
        self.sidebar.layout.width = "36%" if mode == "instructor" else "30%"
        self._label_sections(plain)
        self.scene.use_plain_words(plain).set_label_size(audience.label_px)
        self.explorer.set_audience(audience)
        self.walkthrough.set_audience(audience)
        self.refresh()

    def _label_sections(self, plain: bool) -> None:
        """Relabel the section buttons without leaving the section (new options reset it)."""
        options = (("Explore", "explore"), ("Common problems" if plain else "Conditions",
                                            "conditions"))  # fmt: skip
        if tuple(self.section.options) == options:
            return
        current, self._relabelling = self.section.value, True
        try:
            self.section.options = options
            self.section.value = current
        finally:
            self._relabelling = False

    def set_section(self, section: str) -> None:
        """Explore the atlas, or step through the condition walkthroughs."""
        if self.section.value != section:
            self.section.value = section  # comes back here through the observer
            return
        panel = self.walkthrough.widget if section == "conditions" else self.explorer.widget
        self.sidebar.children = [self.section, panel]
        if section == "conditions":
            self.walkthrough.apply()
        else:
            self.reset()

    def apply_query(self, query: str) -> None:
        """Entry settings from the page address, e.g. `?mode=client`; bad values are named.
        The same address twice (from the kernel's environment, then from the page) is applied
        once."""
        query = query.lstrip("?")
        if query == self.query:
            return
        self.query = query
        params = parse_qs(query, keep_blank_values=True)
        if "mode" in params:
            self.set_mode(params["mode"][0][:40])
        if "condition" in params:
            self.open_condition(params["condition"][0][:60], params.get("step", ["1"])[0][:6])
        if "structure" in params:
            name = params["structure"][0][:80]
            found = self.atlas.find(name)
            if found and found[0].id in self.scene.ids:
                self.explorer.select(found[0].id)
            else:
                self.say(f"Nothing called “{name}” here; try the search box.")

    def open_condition(self, condition_id: str, step: str = "1") -> None:
        """Open a walkthrough at a 1-based step; unknown ids and steps are named, not fatal."""
        conditions = self.walkthrough.conditions
        if condition_id not in conditions:
            self.say(f"There is no walkthrough called “{condition_id}”. "
                     f"Pick one of: {', '.join(conditions)}.")  # fmt: skip
            return
        total = len(conditions[condition_id].steps)
        number = int(step) if step.isdigit() else 0
        if not 1 <= number <= total:
            self.say(f"“{condition_id}” has steps 1 to {total}, not “{step}”; starting at step 1.")
            number = 1
        self.walkthrough.condition = conditions[condition_id]
        self.walkthrough.index = number - 1
        self.set_section("conditions")
        if self.section.value == "conditions":
            self.walkthrough.go(number - 1)

    def say(self, text: str) -> None:
        """A visible, plain message (escaped); the rest of the page keeps working."""
        self.message.value = f"<p>{html.escape(text)}</p>"

    # actions -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Send the figure what changed; `last_sync` keeps what was sent (tests, benchmarks).
        A data fault found now is said on the page; the rest keeps working."""
        if self.figure is None:  # still building: the figure will be drawn from the scene
            return
        try:
            self.last_sync = self.scene.sync(self.figure)
        except GlutelibError as exc:
            self.say(str(exc))

    def figure_failed(self, model_id: str) -> None:
        """The page says the figure's widget never started (its code took over 2 s to load,
        so every change sent to it is dropped): show a new one, built from the scene as it
        is now. A page that fails again and again gets a plain message instead."""
        if self.figure is None or model_id != self.figure.model_id:
            return  # an older figure, already replaced
        if self.figure_restarts >= MAX_FIGURE_RESTARTS:
            self.say("The 3D view could not start on this device in time. "
                     "Reload the page to try again.")  # fmt: skip
            return
        self.figure_restarts += 1
        old = self.figure
        self._show_figure(self._new_figure())
        old.close()

    def set_view(self, name: str) -> None:
        self.scene.set_camera(name)
        self.refresh()

    def fit(self) -> None:
        if not self.explorer.selected:
            self.say("Pick a part first, then press Close up.")
            return
        self.scene.fit()
        self.refresh()

    def zoom(self, factor: float) -> None:
        self.scene.zoom(factor)
        self.refresh()

    def reset(self) -> None:
        """Start again: the explorer's opening view, or the walkthrough's current step."""
        if self.section.value == "conditions":
            self.message.value = ""
            self.walkthrough.apply()
            return
        self.explorer.clear()
        self.labels.value = False
        self.scene.reset()
        self.message.value = ""
        self.refresh()

    def _labels(self, on: bool) -> None:
        self.scene.show_labels(on)
        self.refresh()

    def toggle_help(self) -> None:
        self.help.layout.display = "none" if self.help.layout.display != "none" else None

    def _help_html(self) -> str:
        views = ", ".join(f"{n} {c.label}" for n, c in enumerate(self.scene.cameras.values(), 1))
        return HELP.format(views=html.escape(views), last=len(self.scene.cameras))

    def save_picture(self) -> None:
        from glutelib.export import png_bytes

        try:
            data = png_bytes(self.scene.figure(), width=1600, height=1200)
        except GlutelibError as exc:
            self.say(str(exc))
            return
        self.bridge.download("glutelib.png", data)
        self.say("Picture saved to your downloads.")

    def on_key(self, key: str) -> None:
        """Shortcuts: digits pick views (steps in a walkthrough), Escape resets, ? toggles help,
        +/- zoom; in a walkthrough → PageDown Space next, ← PageUp back, Home first, End last."""
        names = list(self.scene.cameras)
        if self.section.value == "conditions" and self._walkthrough_key(key):
            return
        if key.isdigit() and 1 <= int(key) <= len(names):
            self.set_view(names[int(key) - 1])
        elif key == "Escape":
            if self.help.layout.display != "none":
                self.toggle_help()
            else:
                self.reset()
        elif key == "?":
            self.toggle_help()
        elif key in "+-":
            self.zoom(1.4 if key == "+" else 1 / 1.4)

    def _walkthrough_key(self, key: str) -> bool:
        wt = self.walkthrough
        moves = {"ArrowRight": wt.index + 1, "PageDown": wt.index + 1, " ": wt.index + 1,
                 "ArrowLeft": wt.index - 1, "PageUp": wt.index - 1, "Home": 0,
                 "End": len(wt.condition.steps) - 1}  # fmt: skip
        if key in moves:
            wt.go(moves[key])
        elif key.isdigit() and 1 <= int(key) <= len(wt.condition.steps):
            wt.go(int(key) - 1)
        else:
            return False
        return True

    def _on_figure_click(self, trace, points, _state) -> None:
        if points.point_inds:
            self.explorer.select(trace.name)

    def display(self) -> None:
        from IPython.display import display

        display(self.root)
