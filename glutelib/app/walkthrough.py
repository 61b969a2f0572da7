"""The condition walkthroughs: a picker, the step in the audience's words, progress, Back/Next.

Each step is put into the Scene as a whole state (what is shown, highlighted, peeled,
posed, framed, zoned, coloured); the dashboard then syncs the figure with the difference.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from glutelib.app.widgets import control, html_widget
from glutelib.audiences import Audience
from glutelib.conditions import Condition, Step
from glutelib.present import ahead_words, show_step, step_words
from glutelib.scene import Scene


class Walkthrough:
    """Step-by-step condition walkthroughs driving one Scene; `on_change` runs after a step.

    Its controls are actions on the page's state: Back, Next and Notes call `move(action)`
    with a page action (navigation.ACTIONS), the picker `on_pick(condition_id)`."""

    def __init__(self, scene: Scene, audience: Audience, move: Callable[[str], object],
                 on_pick: Callable[[str], None]):  # fmt: skip
        self.scene, self.audience = scene, audience
        self.conditions: dict[str, Condition] = scene.library.conditions
        self.on_change: Callable[[], None] = lambda: None
        self.move, self.on_pick = move, on_pick
        self.condition: Condition = next(iter(self.conditions.values()))
        self.index = 0
        self.show_notes = False  # speaker notes are the instructor's, not the class's
        self.screen = ""  # the presenter's window shows the next step and a clock
        # One control for the five walkthroughs: the open one's steps get the room.
        self.picker = w.Dropdown(options=self._picker_options(), value=self.condition.id)
        self.picker.add_class("t-condition-picker")
        self.picker.observe(self._picked, names="value")
        self.title = html_widget("t-step-title")
        self.progress = html_widget("t-progress")
        self.text = html_widget("t-step-text")
        self.note = html_widget("t-step-note")
        self.ahead = html_widget("t-presenter")  # the presenter's window: next step, clock
        self.ahead.layout.display = "none"
        controls = scene.library.audiences.page.controls
        notes = controls["notes"]
        self.notes_toggle = w.ToggleButton(description=notes.label, tooltip=notes.tip)
        self.notes_toggle.add_class("t-notes-toggle")
        self.notes_toggle.observe(self._notes_toggled, names="value")
        self.back = control(controls["back"], "t-back", lambda: self.move("previous_step"))
        self.next = control(controls["next"], "t-next", lambda: self.move("next_step"))
        # The page opens the slide's window itself (glutelib/js/pair.js): a window opens only
        # from the click, not from the kernel's answer to it.
        self.present = w.Button(description=controls["present"].label,
                                tooltip=controls["present"].tip)  # fmt: skip
        self.present.add_class("t-present")
        nav = w.HBox([self.back, self.next])
        nav.add_class("t-nav")
        own = w.HBox([self.notes_toggle, self.present])  # the instructor's own controls
        self.widget = w.VBox([self.picker, self.title, self.progress, self.text, self.ahead,
                              self.note, nav, own])  # fmt: skip
        self.widget.add_class("t-walkthrough")
        self.widget.add_class("t-panel")
        self._render()

    def _picker_options(self) -> list[tuple[str, str]]:
        return [(c.plain_title if self.plain else c.title, cid)
                for cid, c in self.conditions.items()]  # fmt: skip

    def _picked(self, change) -> None:
        if change["new"] != self.condition.id:
            self.on_pick(change["new"])

    def _notes_toggled(self, change) -> None:
        if change["new"] != self.show_notes:
            self.move("toggle_notes")

    @property
    def plain(self) -> bool:
        return self.audience.plain

    @property
    def step(self) -> Step:
        return self.condition.steps[self.index]

    # navigation --------------------------------------------------------------------------
    def go(self, index: int) -> None:
        """Show step `index` (0-based), clamped to the condition's steps."""
        self.index = max(0, min(index, len(self.condition.steps) - 1))
        self.apply()

    def set_audience(self, audience: Audience) -> None:
        self.audience = audience
        options = self._picker_options()
        if list(self.picker.options) != options:
            self.picker.unobserve(self._picked, names="value")
            self.picker.options, self.picker.value = options, self.condition.id
            self.picker.observe(self._picked, names="value")
        self.notes_toggle.layout.display = None if audience.speaker_notes else "none"
        self.set_screen(self.screen)

    def set_screen(self, screen: str) -> None:
        """Which of an instructor's two windows this is ('' on its own): the presenter's shows
        the next step and a clock; the slide's shows neither the notes nor their controls."""
        self.screen = screen
        own = self.audience.speaker_notes and not screen
        self.present.layout.display = None if own else "none"
        if screen == "slide":
            self.notes_toggle.layout.display = "none"
        self.ahead.layout.display = None if screen == "presenter" else "none"
        self._render()

    def set_notes(self, on: bool) -> None:
        """Show or hide the speaker notes (instructors only; off until asked for)."""
        self.show_notes = bool(on)
        if self.notes_toggle.value != self.show_notes:
            self.notes_toggle.value = self.show_notes
        self._render()

    # scene -------------------------------------------------------------------------------
    def apply(self) -> None:
        """Put the step into the scene (as a whole state) and the words on the page."""
        show_step(self.scene, self.step)
        self._render()
        self.on_change()

    def _render(self) -> None:
        if self.picker.value != self.condition.id:
            self.picker.value = self.condition.id
        words = step_words(self.scene, self.condition, self.index, self.audience,
                           self.show_notes)  # fmt: skip
        self.title.value, self.progress.value = words.title, words.progress
        self.text.value, self.note.value = words.text, words.notes
        if self.screen == "presenter":
            self.ahead.value = ahead_words(self.condition, self.index, self.audience,
                                           self.scene.library.audiences.page)  # fmt: skip
        self.back.disabled = self.index == 0
        self.next.disabled = self.index == len(self.condition.steps) - 1


__all__ = ["Walkthrough"]
