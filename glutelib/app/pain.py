"""Where does it hurt: a pain drawing on the body's skin, and what can send pain there.

A tap on the skin paints a brush's circle (Erase takes strokes away; Start again clears);
how it feels is ticked below. The drawing is compared with every pain pattern of pain.yaml
(`glutelib.pain.candidates`): the best few are listed, the first drawn on the body beside
the drawing (a tap on another shows it), with the red flags when a nerve root's pattern
leads or a nerve's feeling is ticked, and always the words that this is education, not a
diagnosis. The drawing goes in the address (`code`), so it can be reopened or sent.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
import numpy as np

from glutelib.app.widgets import button, html_widget
from glutelib.audiences import Audience
from glutelib.pain import (
    FEELINGS,
    PainDrawingError,
    decode_strokes,
    drawn_vertices,
    encode_strokes,
    erased,
)
from glutelib.present import PAIN_CAMERA, pain_opens, pain_words, show_pain
from glutelib.scene import Scene
from glutelib.templates import macros

PANEL = macros("app/static/pain.html")


class PainPanel:
    """The Where-does-it-hurt section driving one Scene; `on_change` runs after each change
    of the drawing (the page's state and address follow), `tell(said)` names a bad drawing,
    `on_open(kind, value)` opens what the match shown belongs to (`present.pain_opens`)."""

    def __init__(self, scene: Scene, audience: Audience, tell: Callable[[list], None]):
        self.scene, self.audience, self.tell = scene, audience, tell
        self.library = scene.library
        self.on_change: Callable[[], None] = lambda: None
        self.on_open: Callable[[str, str], None] = lambda kind, value: None
        self.strokes: tuple[int, ...] = ()
        self.feel: tuple[str, ...] = ()
        self.pattern: str | None = None  # the match drawn beside the drawing
        self._matches: list[str] = []
        self._opened = False
        self.heading = html_widget("t-pain-heading")
        self.hint = html_widget("t-pain-hint")
        self.tool = w.ToggleButtons(options=[("", "paint"), ("", "erase")], value="paint")
        self.tool.add_class("t-pain-tool")
        self.tool.observe(lambda _c: self.apply() if self._opened else None, names="value")
        self.clear_button = button("", "t-pain-clear", self.clear)
        tools = w.HBox([self.tool, self.clear_button])
        tools.add_class("t-pain-tools")
        self.feel_heading = html_widget("t-pain-feel-heading")
        self.feelings = {k: w.ToggleButton(value=False) for k in FEELINGS}
        for key, toggle in self.feelings.items():
            toggle.add_class("t-pain-feel")
            toggle.add_class(f"t-pain-feel-{key}")
            toggle.observe(lambda _c: self._felt(), names="value")
        feel = w.Box(list(self.feelings.values()))
        feel.add_class("t-pain-feelings")
        self.summary = html_widget("t-pain-summary")
        self.matches_heading = html_widget("t-pain-matches-heading")
        self.matches = w.VBox([])
        self.matches.add_class("t-pain-matches")
        self.covers = html_widget("t-pain-covers")  # what the match on the body covers
        self.open_button = button("", "t-pain-open", self._open)
        self.flags = html_widget("t-pain-flags")
        self.safety = html_widget("t-pain-safety")
        # safety first: the red flags straight under what the drawing reaches, over the matches
        self.widget = w.VBox([self.heading, self.hint, tools, self.feel_heading, feel,
                              self.summary, self.flags, self.matches_heading, self.matches,
                              self.covers,
                              self.safety])  # fmt: skip
        self.widget.add_class("t-pain")
        self.widget.add_class("t-panel")
        self._setting = False
        self.set_audience(audience)

    @property
    def code(self) -> str:
        """The drawing as an address holds it ('' for none)."""
        return encode_strokes(self.library, self.strokes) if self.strokes else ""

    def set_drawing(self, code: str, feel: tuple[str, ...]) -> None:
        """The drawing an address holds (a damaged one is named and left out) and how it
        feels; drawn by `apply`."""
        if code != self.code:
            self.strokes = ()
            try:
                found = decode_strokes(self.library, code) if code else ()
                self.strokes = tuple(int(v) for v in found)
            except PainDrawingError as exc:
                self.tell([("pain_drawing", {"problem": str(exc)})])
        self._set_feel(feel)
        self.pattern = None

    def _set_feel(self, feel: tuple[str, ...]) -> None:
        self.feel = tuple(f for f in FEELINGS if f in feel)
        self._setting = True
        try:
            for key, toggle in self.feelings.items():
                toggle.value = key in self.feel
        finally:
            self._setting = False

    def set_audience(self, audience: Audience) -> None:
        self.audience = audience
        words = self.library.audiences.words_for(audience).pain
        self.heading.value = PANEL.heading(words.heading)
        self.hint.value = PANEL.note(words.hint)
        self.tool.options = [(words.paint, "paint"), (words.erase, "erase")]
        self.clear_button.description = self.clear_button.tooltip = words.clear
        self.feel_heading.value = PANEL.heading(words.feel_heading, 4)
        for key, toggle in self.feelings.items():
            toggle.description = toggle.tooltip = words.feelings[key]
        self.safety.value = PANEL.note(words.safety)
        if self._opened:
            self._render()

    def apply(self) -> None:
        """Put the body, the drawing and the pattern shown into the scene; the words on the
        page. The first opening turns the body to be seen from behind."""
        if not self._opened:
            self.scene.set_camera(PAIN_CAMERA)
            self._opened = True
        self._render()
        show_pain(self.scene, self.strokes, self.pattern, self.tool.value)
        self.on_change()

    def tap(self, point: tuple[float, float, float]) -> None:
        """A tap on the body: paint a stroke there, or erase those near it."""
        at = drawn_vertices(self.library, np.asarray(point, dtype=float)[None])
        self.paint([int(v) for v in at], self.tool.value)

    def paint(self, vertices: list[int], tool: str) -> None:
        """Skin vertices a drag passed over (the page picks them: glutelib/js/paint.js),
        painted or erased with `tool`; vertices the skin does not have are left out."""
        count = len(self.library.atlas.skin_mesh().vertices)
        kept = [v for v in vertices if 0 <= v < count]
        if not kept:
            return
        if tool == "erase":
            self.strokes = erased(self.library, self.strokes, kept)
        else:
            self.strokes = tuple(sorted({*self.strokes, *kept}))
        self.pattern = None  # the best match again
        self.apply()

    def clear(self) -> None:
        self.strokes, self.pattern = (), None
        self.apply()

    def show_match(self, pattern_id: str) -> None:
        self.pattern = pattern_id
        self.apply()

    def _felt(self) -> None:
        if not self._setting:
            self.feel = tuple(k for k, t in self.feelings.items() if t.value)
            self.pattern = None
            self.apply()

    def _render(self) -> None:
        said = pain_words(self.library, self.strokes, self.feel, self.audience)
        self._matches = [pid for pid, _ in said.matches]
        if self.pattern not in self._matches:
            self.pattern = self._matches[0] if self._matches else None
        words = self.library.audiences.words_for(self.audience).pain
        self.summary.value = PANEL.summary(said.summary)
        self.matches_heading.value = PANEL.heading(words.matches, 4) if said.matches else ""
        opens = pain_opens(self.library, self.pattern) if self.pattern else None
        if opens:
            label = words.open_card if opens[0] == "structure" else words.open_step
            self.open_button.description = self.open_button.tooltip = label
        rows = []
        for pid, text in said.matches:
            row = button(text, "t-pain-match", lambda p=pid: self.show_match(p))
            row.add_class(f"t-pain-match-{pid}")
            if pid == self.pattern:
                row.add_class("t-shown")
                if opens:  # what it belongs to opens from beside it
                    row = w.HBox([row, self.open_button])
                    row.add_class("t-pain-shown-row")
            rows.append(row)
        self.matches.children = rows
        # what the match on the body covers, for students (a client's plain name says it,
        # an instructor's class sees it); the hint until the first stroke
        shows = self.pattern and self.audience.pain_covers
        self.covers.value = PANEL.note(said.covers[self.pattern]) if shows else ""
        self.hint.layout.display = "none" if self.strokes else None
        self.flags.value = PANEL.flags(words.flags, said.flags) if said.flags else ""

    def caption(self) -> list[str]:
        """What a saved picture of the drawing says: the heading, the knee, the matches best
        first, the red flags (when shown) and the safety line, in the audience's words."""
        said = pain_words(self.library, self.strokes, self.feel, self.audience)
        words = self.library.audiences.words_for(self.audience).pain
        flags = [f"{words.flags} {'; '.join(said.flags)}"] if said.flags else []
        return [words.heading, said.summary, *(f"{n}. {text}" for n, (_, text) in
                enumerate(said.matches, 1)), *flags, words.safety]  # fmt: skip

    def _open(self) -> None:
        opens = pain_opens(self.library, self.pattern) if self.pattern else None
        if opens:
            self.on_open(*opens)


__all__ = ["PainPanel"]
