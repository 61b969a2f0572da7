"""The page address both ways: applied when it arrives (a link, a reload, Back), and
written as the lesson moves (`?mode=client&condition=pregnancy&step=3`, or `&structure=`),
so the browser's history holds a step per entry. What an address means is
`navigation.parse` and `navigation.to_query`; this is when to read and write it."""

from __future__ import annotations

from collections.abc import Callable

from glutelib.app.bridge import PageBridge
from glutelib.app.navigation import PageState, Places, Said, parse, to_query


class PageAddress:
    """Applies addresses to a page (`read` its state, `show` a new one, `tell` what was
    wrong) and tells the page the address of what it shows."""

    def __init__(self, places: Places, read: Callable[[], PageState],
                 show: Callable[[PageState], None], tell: Callable[[list[Said]], None],
                 bridge: PageBridge):  # fmt: skip
        self.places, self.read, self.show, self.tell = places, read, show, tell
        self.bridge = bridge
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
            state, said = parse(query, self.places, self.read())
            self.show(state)
            if said:  # after showing: starting again clears the message line
                self.tell(said)
        finally:
            self._applying = False
        self.follow()  # the page's address, completed (e.g. the step) or corrected

    def follow(self) -> None:
        """Give the page the address of what it shows (it keeps it in its history)."""
        if self._applying:
            return
        address = to_query(self.read())
        if address != self.bridge.address:
            self.applied = address.lstrip("?")  # the page's echo of it is not applied again
            self.bridge.address = address
