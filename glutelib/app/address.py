"""The page address both ways: applied when it arrives (a link, a reload, Back), and
written as the lesson moves (`?mode=client&condition=pregnancy&step=3`, or `&structure=`),
so the browser's history holds a step per entry."""

from __future__ import annotations

import dataclasses
import unicodedata
from typing import TYPE_CHECKING

from glutelib.app.deeplink import Link, link_query, parse_link, step_number

if TYPE_CHECKING:
    from glutelib.app.dashboard import Dashboard


def printable(text: str) -> str:
    """`text` without control and format characters (NUL, escapes, bidi overrides): an
    address value is named and looked up as a person would read it."""
    return "".join(c for c in text if not unicodedata.category(c).startswith("C"))


def clean_link(link: Link) -> Link:
    """The link with every value printable (`?mode=student%00` asks for student mode)."""
    return dataclasses.replace(link, **{
        k: printable(v) for k, v in dataclasses.asdict(link).items() if isinstance(v, str)
    })  # fmt: skip


class PageAddress:
    """Applies addresses to a dashboard and tells the page the address of what it shows."""

    def __init__(self, board: Dashboard):
        self.board = board
        self.applied: str | None = None  # the address last applied or written
        self._applying = False  # while an address is applied, nothing is written back
        # The address the kernel opened with (Voila's QUERY_STRING): the page reports it once
        # as it loads, maybe after a first key press, and that report is not a Back.
        self.opening: str | None = None

    def apply(self, query: str) -> None:
        """Entry settings from the page address, e.g. `?mode=client`; bad values are named.
        The same address twice (from the kernel's environment, then from the page) is applied
        once."""
        query = query.lstrip("?")
        if self.opening is None:
            self.opening = query
        elif query == self.opening and query:
            self.opening = ""  # reported once; from now on it is a place to go back to
            return
        if query == self.applied:
            return
        self.applied, self._applying = query, True
        try:
            self._apply(clean_link(parse_link(query)))
        finally:
            self._applying = False
        self.follow()  # the page's address, completed (e.g. the step) or corrected

    def _apply(self, link: Link) -> None:
        board = self.board
        if link.mode is not None:
            board.set_mode(link.mode)
        if link.quiz is not None:
            opened = board.quiz.kind == link.quiz and board.section.value == "quiz"
            if (link.question or not opened) and not board.open_quiz(link.quiz, link.question):
                board.say("Test yourself is for students and instructors.")
            return
        if link.condition is not None:
            self.open_condition(link.condition, link.step)
        elif board.section.value in ("conditions", "quiz"):  # Back to exploring
            board.set_section("explore")
        if link.structure is not None:
            self.pick(link.structure)
        elif board.explorer.selected and board.section.value == "explore":
            board.reset()

    def pick(self, name: str) -> None:
        """Pick a structure by any of its names (a stem of a pair picks both sides), or mark a
        landmark by its key."""
        board = self.board
        if name in board.scene.library.landmarks:
            board.explorer.select_landmark(name)
            return
        if name in board.atlas.stems and len(board.atlas.stems[name]) > 1:
            board.explorer.side.value = "both"
            board.explorer.select_stem(name)
            return
        found = board.atlas.find(name)
        if found and found[0].id in board.scene.ids:
            board.explorer.select(found[0].id)
        else:
            board.say(f"Nothing called “{name}” here; try the search box.")

    def open_condition(self, condition_id: str, step: str = "1") -> None:
        """Open a walkthrough at a 1-based step; unknown ids and steps are named, not fatal."""
        board = self.board
        conditions = board.walkthrough.conditions
        if condition_id not in conditions:
            board.say(f"There is no walkthrough called “{condition_id}”. "
                      f"Pick one of: {', '.join(conditions)}.")  # fmt: skip
            return
        total = len(conditions[condition_id].steps)
        number = step_number(step) or 0
        if not 1 <= number <= total:
            board.say(f"“{condition_id}” has steps 1 to {total}, not “{step}”; starting at step 1.")
            number = 1
        board.walkthrough.condition = conditions[condition_id]
        board.walkthrough.index = number - 1
        board.set_section("conditions")
        if board.section.value == "conditions":
            board.walkthrough.go(number - 1)

    def current(self) -> Link:
        """What is shown, as an address: the mode, and the step or the picked part."""
        board = self.board
        if board.section.value == "quiz":
            return Link(mode=board.mode, quiz=board.quiz.kind or "")
        if board.section.value == "conditions":
            wt = board.walkthrough
            return Link(mode=board.mode, condition=wt.condition.id, step=str(wt.index + 1))
        picked = board.explorer.selected
        if board.explorer.landmark:
            return Link(mode=board.mode, structure=board.explorer.landmark)
        structure = (
            picked[0] if len(picked) == 1 else board.atlas[picked[0]].stem if picked else None
        )
        return Link(mode=board.mode, structure=structure)

    def follow(self) -> None:
        """Give the page the address of what it shows (it keeps it in its history)."""
        board = self.board
        if self._applying:
            return
        address = link_query(self.current())
        if address != board.bridge.address:
            self.applied = address.lstrip("?")  # the page's echo of it is not applied again
            board.bridge.address = address
