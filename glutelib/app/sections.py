"""The section buttons: Explore, Move and the walkthroughs for everyone, Palpate for students
and instructors (a client's narrow panel has room for four words; a client reaches it from a
part's card), Where it hurts where audiences.yaml says `pain_drawing` (students; a client
opens it from Explore's first button), Test yourself where the audience has it, in the
audience's words. In a section the audience has no button for, none is lit."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from glutelib.audiences import Audience, Audiences


class SectionButtons(w.ToggleButtons):
    """Toggle buttons whose `on_pick(section)` runs when a person picks one; relabelled for
    an audience without leaving the open section (new options would reset it)."""

    def __init__(self, audiences: Audiences, on_pick: Callable[[str], None]):
        self.audiences = audiences
        super().__init__(options=self.options_for(None))
        self.add_class("t-section")
        self._relabelling = False
        self.observe(lambda c: None if self._relabelling else on_pick(c["new"]), names="value")

    def options_for(self, audience: Audience | None) -> tuple[tuple[str, str], ...]:
        """(label, section) pairs; every section when `audience` is None."""
        plain = audience.plain if audience else False
        words = self.audiences.words["plain" if plain else "anatomical"]
        options = (
            (words.explore, "explore"),
            (words.move.section, "move"),
            (words.conditions, "conditions"),
        )
        if audience is None or not plain:  # a client opens it from a part's card or a link
            options += ((words.palpate.section, "palpate"),)
        if audience is None or audience.pain_drawing:
            options += ((words.pain.section, "pain"),)
        if audience is None or audience.quiz != "none":
            options += ((words.quiz, "quiz"),)
        return options

    def light(self, section: str) -> None:
        """Light the section's button (none where this audience has no button for it),
        without picking it."""
        current, self._relabelling = self.value, True
        try:
            if current != section:
                self.value = section if section in dict(self.options).values() else None
        finally:
            self._relabelling = False

    def offers(self, section: str, audience: Audience) -> bool:
        return section in dict(self.options_for(audience)).values()

    def relabel(self, audience: Audience) -> None:
        """The audience's labels and sections, staying in the open section if it has it."""
        options = self.options_for(audience)
        if tuple(self.options) == options:
            return
        current, self._relabelling = self.value, True
        try:
            self.options = options
            self.value = current if current in dict(options).values() else None
        finally:
            self._relabelling = False
