"""What each keymap action does on the dashboard (the keys themselves: data/keys.yaml).

Actions that move the page (a step, the notes, the help, Test yourself) are
`navigation.apply`'s, on the page's state; the rest act on the view and the quiz, here. An
action returns whether it applied: a digit past the last step is not a step, so the keymap's
next action for it (a view) runs instead.
"""

from __future__ import annotations

from typing import Protocol

from glutelib.app import navigation
from glutelib.app.deeplink import step_number
from glutelib.app.keys import Keymap
from glutelib.app.navigation import PageState, Places
from glutelib.view import ZOOM_STEP


class Board(Protocol):
    """What the keys move (the Dashboard)."""

    page: PageState

    def show_page(self, page: PageState) -> None: ...
    def reset(self) -> None: ...


class Quiz(Protocol):
    """What the keys answer (the QuizPanel)."""

    def choose(self, index: int) -> None: ...
    def go_on(self) -> None: ...


class View(Protocol):
    """What the keys act on in the 3D view (the ViewPanel)."""

    def set_view_number(self, number: int) -> bool: ...
    def zoom(self, factor: float) -> None: ...
    def fit(self) -> None: ...
    def toggle_labels(self) -> None: ...
    def walk(self, step: int) -> None: ...


class Shortcuts:
    """Runs keymap actions on a board and its view."""

    def __init__(self, board: Board, view: View, quiz: Quiz, keymap: Keymap, places: Places):
        self.board, self.view, self.quiz = board, view, quiz
        self.keymap, self.places = keymap, places

    def press(self, key: str, section: str) -> None:
        """Run the first action `key` means in `section` that applies."""
        for action in self.keymap.actions(key, section):
            if action in navigation.ACTIONS:
                moved = navigation.apply(self.board.page, action, self.places, key)
                if moved is not None:
                    self.board.show_page(moved)
                    return
            elif getattr(self, action)(key):
                return

    def view_number(self, key: str) -> bool:
        number = step_number(key)
        return number is not None and self.view.set_view_number(number)

    def zoom(self, key: str) -> bool:
        self.view.zoom(ZOOM_STEP if key == "+" else 1 / ZOOM_STEP)
        return True

    def escape(self, _key: str) -> bool:
        """Close the help if it is open, else start again."""
        page = self.board.page
        if page.help:
            self.board.show_page(navigation.apply(page, "toggle_help", self.places))
        else:
            self.board.reset()
        return True

    def toggle_labels(self, _key: str) -> bool:
        self.view.toggle_labels()
        return True

    def next_part(self, _key: str) -> bool:
        self.view.walk(+1)
        return True

    def previous_part(self, _key: str) -> bool:
        self.view.walk(-1)
        return True

    def close_up(self, _key: str) -> bool:
        self.view.fit()
        return True

    def quiz_answer(self, key: str) -> bool:
        number = step_number(key)
        if number is None:
            return False
        self.quiz.choose(number - 1)
        return True

    def quiz_next(self, _key: str) -> bool:
        self.quiz.go_on()
        return True

    def focus_search(self, _key: str) -> bool:
        return False  # the page focuses the search box itself (static/bridge.js)
