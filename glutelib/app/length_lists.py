"""Move's two lists: the muscles a pose lengthens and shortens most, each with its change,
in its strain colour, marked ≈ where the rig's length is not backed by the source model
(length_checks.yaml). The buttons are made once and relabelled as the pose changes: a hand
moving a slider for an hour makes no new widgets."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from glutelib.app.widgets import css_name, html_widget
from glutelib.audiences import Audience, MoveWords
from glutelib.lengths import Length, listed, row_colours, said
from glutelib.library import Library
from glutelib.templates import macros

PANEL = macros("app/static/words.html")
MOST_LISTED = 6  # audiences.yaml lengths_listed allows up to this many each way


class LengthLists:
    """Lengthened most | shortened most; `on_pick(id)` when a listed muscle is tapped."""

    def __init__(self, library: Library, on_pick: Callable[[str], None]):
        self.library = library
        self.headings, self.rows, columns = {}, {}, []
        for kind in ("longer", "shorter"):
            self.headings[kind] = html_widget("t-lengths-heading")
            self.rows[kind] = [self._row(on_pick) for _ in range(MOST_LISTED)]
            column = w.VBox([self.headings[kind], *self.rows[kind]],
                            layout=w.Layout(width="50%"))  # fmt: skip
            column.add_class(f"t-{kind}")
            columns.append(column)
        self.widget = w.HBox(columns)
        self.widget.add_class("t-lengths")
        self.approx = html_widget("t-approx")  # what ≈ after a length means

    @staticmethod
    def _row(on_pick: Callable[[str], None]) -> w.Button:
        b = w.Button(layout=w.Layout(width="100%", display="none"))
        b.muscle = ""  # the id it shows
        b.on_click(lambda button: on_pick(button.muscle) if button.muscle else None)
        return b

    def show(self, found: list[Length], audience: Audience, words: MoveWords) -> list[Length]:
        """The longest and shortest of `found` (every region muscle, longest first) as the
        audience sees them: a client's only those the source model backs. Returns the
        lengthened ones listed."""
        chosen = listed(self.library, found, audience.plain, audience.lengths_listed)
        for kind, lengths in chosen.items():
            self.headings[kind].value = PANEL.strong(getattr(words, kind))
            padded = [*lengths, *[None] * (MOST_LISTED - len(lengths))]
            for row, length in zip(self.rows[kind], padded, strict=True):
                self._label(row, length, audience)
        shown = [*chosen["longer"], *chosen["shorter"]]
        checks, atlas = self.library.length_checks, self.library.atlas
        marked = any(not checks.trusted(atlas[n.id].stem) for n in shown)
        self.approx.value = PANEL.line(words.approx) if marked else ""
        return chosen["longer"]

    def _label(self, row: w.Button, length: Length | None, audience: Audience) -> None:
        if length is None:  # unused: hidden, and no longer a listed muscle
            row.muscle, row.layout.display, row._dom_classes = "", "none", ()
            return
        structure = self.library.atlas[length.id]
        differs = self.library.length_checks.differs.get(structure.stem)
        row.description = said(self.library, length, audience.plain)
        row.tooltip = differs.note if differs else structure.label_in(audience.plain)
        row.muscle, row.layout.display = length.id, None
        row._dom_classes = ("t-length", f"t-length-{css_name(length.id)}")
        row.style.button_color, row.style.text_color = row_colours(self.library, length)
