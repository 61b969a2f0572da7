"""What each keymap action does on the dashboard (the keys themselves: data/keys.yaml).

An action returns whether it applied: a digit past the last step is not a step, so the
keymap's next action for it (a view) runs instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from glutelib.app.deeplink import step_number
from glutelib.app.keys import Keymap
from glutelib.app.toolbar import ZOOM_STEP

if TYPE_CHECKING:
    from glutelib.app.dashboard import Dashboard


class Shortcuts:
    """Runs keymap actions on a dashboard."""

    def __init__(self, dashboard: Dashboard, keymap: Keymap):
        self.dashboard, self.keymap = dashboard, keymap

    def press(self, key: str, section: str) -> None:
        """Run the first action `key` means in `section` that applies."""
        for action in self.keymap.actions(key, section):
            if getattr(self, action)(key):
                return

    def next_step(self, _key: str) -> bool:
        self.dashboard.walkthrough.forward()
        return True

    def previous_step(self, _key: str) -> bool:
        self.dashboard.walkthrough.previous()
        return True

    def first_step(self, _key: str) -> bool:
        self.dashboard.walkthrough.go(0)
        return True

    def last_step(self, _key: str) -> bool:
        walkthrough = self.dashboard.walkthrough
        walkthrough.go(len(walkthrough.condition.steps) - 1)
        return True

    def step_number(self, key: str) -> bool:
        walkthrough, number = self.dashboard.walkthrough, step_number(key)
        if number is None or not 1 <= number <= len(walkthrough.condition.steps):
            return False
        walkthrough.go(number - 1)
        return True

    def view_number(self, key: str) -> bool:
        names, number = list(self.dashboard.library.cameras), step_number(key)
        if number is None or not 1 <= number <= len(names):
            return False
        self.dashboard.set_view(names[number - 1])
        return True

    def zoom(self, key: str) -> bool:
        self.dashboard.zoom(ZOOM_STEP if key == "+" else 1 / ZOOM_STEP)
        return True

    def escape(self, _key: str) -> bool:
        """Close the help if it is open, else start again."""
        if self.dashboard.help.layout.display != "none":
            self.dashboard.toggle_help()
        else:
            self.dashboard.reset()
        return True

    def toggle_help(self, _key: str) -> bool:
        self.dashboard.toggle_help()
        return True

    def toggle_labels(self, _key: str) -> bool:
        labels = self.dashboard.toolbar.labels
        labels.value = not labels.value  # the toggle turns the labels on or off
        return True

    def close_up(self, _key: str) -> bool:
        self.dashboard.fit()
        return True

    def toggle_notes(self, _key: str) -> bool:
        walkthrough = self.dashboard.walkthrough
        if not walkthrough.audience.speaker_notes:
            return False
        walkthrough.set_notes(not walkthrough.show_notes)
        return True

    def open_quiz(self, _key: str) -> bool:
        return self.dashboard.open_quiz()

    def quiz_answer(self, key: str) -> bool:
        number = step_number(key)
        if number is None:
            return False
        self.dashboard.quiz.choose(number - 1)
        return True

    def quiz_next(self, _key: str) -> bool:
        self.dashboard.quiz.go_on()
        return True

    def focus_search(self, _key: str) -> bool:
        return False  # the page focuses the search box itself (static/bridge.js)
