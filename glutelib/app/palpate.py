"""Palpate: a structure found by touch, from the skin inward, one step of its route at a time.

The picker lists what palpation.yaml covers (a pair once; Right / Left beside it), in the
audience's words. Each step of the route is a whole scene (`present.show_palpation`) and its
words (`present.palpation_words`); Back and Next are page actions, so the keys and a
presentation clicker step the route as they step a walkthrough. Clients see where their
therapist works and why, and the areas treated gently, with no route to step.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from glutelib.app.widgets import control, html_widget
from glutelib.audiences import Audience
from glutelib.present import palpation_words, show_palpation
from glutelib.scene import Scene
from glutelib.sides import SIDES, side_id, stem_of


class PalpatePanel:
    """The Palpate section driving one Scene; `on_change` runs after each view, `move(action)`
    takes a page action (Back, Next) and `on_pick(structure_id)` a new structure."""

    def __init__(self, scene: Scene, audience: Audience, move: Callable[[str], object],
                 on_pick: Callable[[str], None]):  # fmt: skip
        self.scene, self.audience = scene, audience
        self.library = scene.library
        self.move, self.on_pick = move, on_pick
        self.on_change: Callable[[], None] = lambda: None
        self.ids = list(self.library.palpation.entries)  # what the guide covers, in its order
        self.structure = next(i for i in self.ids if self.library.atlas[i].side in ("r", None))
        self.step = 0
        self._setting = False
        self._shown = False  # the words are worked out when the section first opens
        self.picker = w.Dropdown(options=self._options(), value=self._stem)
        self.picker.add_class("t-palpate-picker")
        self.picker.observe(lambda c: self._picked(c["new"], self._side), names="value")
        controls = self.library.audiences.page.controls
        self.side = w.ToggleButtons(options=[(controls[f"side_{s}"].label, s) for s in SIDES],
                                    value=self._side)  # fmt: skip
        self.side.add_class("t-palpate-side")
        self.side.observe(lambda c: self._picked(self._stem, c["new"]), names="value")
        self.heading = html_widget("t-palpate-heading")
        self.route = html_widget("t-palpate-route")
        self.back = control(controls["back"], "t-back", lambda: self.move("previous_step"))
        self.next = control(controls["next"], "t-next", lambda: self.move("next_step"))
        self.nav = w.HBox([self.back, self.next])
        self.nav.add_class("t-nav")
        self.facts = html_widget("t-palpate-facts")
        self.sites = html_widget("t-palpate-sites-box")
        choose = w.HBox([self.picker, self.side])
        choose.add_class("t-palpate-choose")
        self.widget = w.VBox([choose, self.heading, self.route, self.nav, self.facts,
                              self.sites])  # fmt: skip
        self.widget.add_class("t-palpate")
        self.widget.add_class("t-panel")
        self.set_audience(audience)

    @property
    def _stem(self) -> str:
        return stem_of(self.structure, self.library.atlas[self.structure].side)

    @property
    def _side(self) -> str:
        return self.library.atlas[self.structure].side or "r"

    @property
    def steps(self) -> int:
        """Route steps of the structure shown (one for a client: where the therapist works)."""
        return 1 if self.audience.plain else len(self.library.palpation.entry(self.structure).route)

    def _options(self) -> list[tuple[str, str]]:
        atlas, seen, out = self.library.atlas, set(), []
        for sid in self.ids:
            part = atlas[sid]
            if part.stem not in seen:
                seen.add(part.stem)
                label = part.plain_name if self.audience.plain else part.name
                out.append((label[:1].upper() + label[1:], part.stem))
        return out

    def _picked(self, stem: str, side: str) -> None:
        if self._setting:
            return
        ids = self.library.atlas.expand(stem)
        chosen = side_id(stem, side) if side_id(stem, side) in ids else ids[0]
        if chosen != self.structure:
            self.on_pick(chosen)

    def set_audience(self, audience: Audience) -> None:
        self.audience = audience
        options = self._options()
        self._setting = True
        try:
            if list(self.picker.options) != options:
                self.picker.options = options
            self.picker.value = self._stem
        finally:
            self._setting = False
        self.nav.layout.display = "none" if audience.plain else None
        if self._shown:
            self._render()

    def apply(self) -> None:
        """Put the view into the scene and the words on the page. A client sees the whole
        route's landmarks at once."""
        self.step = max(0, min(self.step, self.steps - 1))
        last = len(self.library.palpation.entry(self.structure).route) - 1
        show_palpation(self.scene, self.structure, last if self.audience.plain else self.step)
        self._shown = True
        self._render()
        self.on_change()

    def _render(self) -> None:
        self._setting = True
        try:
            self.picker.value, self.side.value = self._stem, self._side
        finally:
            self._setting = False
        self.side.layout.display = None if self.library.atlas[self.structure].side else "none"
        words = palpation_words(self.library, self.structure, self.step, self.audience)
        self.heading.value, self.route.value = words.heading, words.route
        self.facts.value, self.sites.value = words.facts, words.sites
        self.back.disabled = self.step == 0
        self.next.disabled = self.step >= self.steps - 1


__all__ = ["PalpatePanel"]
