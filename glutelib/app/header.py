"""The page's header: the title, the mode buttons (Student / Client / Instructor), the
Lesson button and "?", which opens the keys' help over the page."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from glutelib.app.keys import Keymap
from glutelib.app.widgets import control, html_widget
from glutelib.library import Library
from glutelib.templates import macros

PANEL = macros("app/static/words.html")


class Header:
    """The header's widgets (`widget`) and the help overlay (`help`); `on_mode(mode)` runs
    when a person picks a mode, `on_help()` when they press "?"."""

    def __init__(self, library: Library, keymap: Keymap, mode: str, lesson: w.Widget,
                 on_mode: Callable[[str], None], on_help: Callable[[], None]):  # fmt: skip
        self.audiences = library.audiences
        self.title = html_widget("t-title")
        self.mode_buttons = w.ToggleButtons(
            options=[(a.label, k) for k, a in self.audiences.audiences.items()], value=mode
        )
        self.mode_buttons.add_class("t-mode")
        self.mode_buttons.observe(lambda c: on_mode(c["new"]), names="value")
        help_button = control(self.audiences.page.controls["help"], "t-help", on_help)
        self.help = html_widget("t-help-overlay", keymap.help_html(library.cameras))
        self.help.layout.display = "none"
        # The Lesson button is here: a step's words keep the sidebar's height on every screen.
        self.widget = w.HBox(
            [self.title, self.mode_buttons, lesson, help_button],
            layout=w.Layout(justify_content="space-between", align_items="center",
                            flex_flow="row wrap"),
        )  # fmt: skip
        self.widget.add_class("t-header")

    def show_mode(self, mode: str) -> None:
        """The mode's title, and its button pressed (a press comes back through `on_mode`)."""
        audience = self.audiences.audiences[mode]
        self.title.value = PANEL.title(self.audiences.words_for(audience).title)
        if self.mode_buttons.value != mode:
            self.mode_buttons.value = mode

    def show_help(self, on: bool) -> None:
        self.help.layout.display = None if on else "none"
