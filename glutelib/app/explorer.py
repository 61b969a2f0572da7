"""The atlas explorer: search with suggestions, a grouped list, an info card, layer peeling.

It holds no anatomy: names, facts, headings and their order come from the atlas and
audiences.yaml. Every change goes to the Scene; the dashboard then syncs the figure.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from glutelib.app.widgets import css_name, html_widget
from glutelib.atlas import SUGGESTIONS, Structure
from glutelib.audiences import NO_PEEL, Audience
from glutelib.cards import card_html, landmark_card_html, list_name
from glutelib.lengths import region_muscles
from glutelib.present import show_part
from glutelib.scene import Scene
from glutelib.sides import on_side
from glutelib.templates import macros

SIDES = ("r", "l", "both")  # Explore's side buttons: page.controls side_<key>
PANEL = macros("app/static/words.html")


def _suggestion(label: str, key: str, pick: Callable[[], None]) -> w.Button:
    """A search suggestion: a full-width button named `label` that calls `pick`."""
    b = w.Button(description=label, tooltip=label, layout=w.Layout(width="100%"))
    b.add_class("t-suggestion")
    b.add_class(f"t-suggestion-{css_name(key)}")
    b.on_click(lambda _b: pick())
    return b


class Explorer:
    """Widgets that pick structures and peel layers; `on_change` is called after each change."""

    def __init__(self, scene: Scene, audience: Audience):
        self.scene, self.atlas = scene, scene.atlas
        self.audiences = scene.library.audiences
        self.audience = audience
        self.on_change: Callable[[], None] = lambda: None
        self.selected: list[str] = []
        self.landmark: str | None = None  # a marked landmark (landmarks.yaml key), if picked
        self.landmarks = scene.library.landmarks
        self.search = w.Text(continuous_update=True, description="")
        self.search.add_class("t-search")
        self.search.observe(lambda _c: self._suggest(), names="value")
        self.suggestions = w.VBox([])
        self.suggestions.add_class("t-suggestions")
        controls = self.audiences.page.controls
        sides = {k: controls[f"side_{k}"] for k in SIDES}
        self.side = w.ToggleButtons(
            options=[(c.label, k) for k, c in sides.items()], value="both",
            tooltips=[c.tip for c in sides.values()],
        )  # fmt: skip
        self.side.add_class("t-side")
        self.side.observe(lambda _c: self._reselect_side(), names="value")
        self.card = html_widget("t-card")
        self.on_stretch: Callable[[str], None] = lambda _muscle: None
        self.best_stretch = w.Button(layout=w.Layout(display="none"))
        self.best_stretch.add_class("t-best-stretch")
        self.best_stretch.on_click(lambda _b: self.on_stretch(self.selected[0]))
        self.on_palpate: Callable[[str], None] = lambda _structure: None
        self.touch = w.Button(layout=w.Layout(display="none"))  # its Palpate view
        self.touch.add_class("t-open-palpate")
        self.touch.on_click(lambda _b: self.on_palpate(self.selected[0]))
        # Where does it hurt, for an audience with no section button for it (a client's
        # tablet: the section bar has room for three): the first thing in Explore
        self.on_pain: Callable[[], None] = lambda: None
        self.open_pain = w.Button()
        self.open_pain.add_class("t-open-pain")
        self.open_pain.on_click(lambda _b: self.on_pain())
        card_actions = w.HBox([self.best_stretch, self.touch])
        card_actions.add_class("t-card-actions")
        self.peel = w.ToggleButtons(options=self._peel_options(), value=NO_PEEL)
        self.peel.add_class("t-peel")
        self.peel.observe(lambda c: self._set_peel(c["new"]), names="value")
        self.skin = w.ToggleButton(description=controls["skin"].label,
                                   tooltip=controls["skin"].tip)  # fmt: skip
        self.skin.add_class("t-skin")
        self.skin.layout.display = None if scene.library.has_skin else "none"
        self.skin.observe(lambda c: self._set_skin(c["new"]), names="value")
        self.list_box = w.VBox([])
        self.list_box.add_class("t-structure-list")
        layers = w.HBox([w.HTML(PANEL.strong(controls["layers"].label)), self.skin])
        layers.add_class("t-layers-heading")
        self.widget = w.VBox(
            [self.open_pain, self.search, self.suggestions, self.side, self.card,
             card_actions, layers, self.peel, self.list_box],
            layout=w.Layout(width="100%"),
        )  # fmt: skip
        self.widget.add_class("t-explorer")
        self.widget.add_class("t-panel")
        self.set_audience(audience)

    # words -------------------------------------------------------------------------------
    def name(self, structure: Structure) -> str:
        return structure.label_in(self.audience.plain)

    def _peel_options(self) -> list[tuple[str, str]]:
        words = self.audiences.words_for(self.audience).peel
        return [(words[k], k) for k in (NO_PEEL, *self.atlas.layers.order)]

    def set_audience(self, audience: Audience) -> None:
        self.audience = audience
        self.search.placeholder = self.audiences.words_for(audience).search
        self.open_pain.description = self.audiences.words_for(audience).pain.heading
        way_in = audience.pain_way_in == "explore"  # students: a section button
        self.open_pain.layout.display = None if way_in else "none"
        options = self._peel_options()
        if list(self.peel.options) != options:
            current = self.peel.value
            self.peel.options = options
            self.peel.value = current
        self._build_list()
        self._suggest()
        self._update_card()

    # list --------------------------------------------------------------------------------
    def _build_list(self) -> None:
        """One heading per group (audiences.yaml order), one button per stem in it."""
        rows: list[w.Widget] = []
        shown = set(self.scene.ids)
        for group in self.audiences.groups:
            stems: dict[str, Structure] = {}
            for s in self.atlas.select(group=group):
                if s.id in shown:
                    stems.setdefault(s.stem, s)
            if not stems:
                continue
            heading = html_widget("t-group-heading", PANEL.text(
                self.audiences.group_heading(group, self.audience.words)))  # fmt: skip
            buttons = []
            for stem, s in stems.items():
                label = list_name(s, self.audience.plain)
                b = w.Button(description=label, tooltip=label, layout=w.Layout(width="auto"))
                b.add_class(f"t-item-{css_name(stem)}")
                b.on_click(lambda _b, stem=stem: self.select_stem(stem))
                buttons.append(b)
            rows += [heading, w.HBox(buttons, layout=w.Layout(flex_flow="row wrap"))]
        self.list_box.children = rows

    # search ------------------------------------------------------------------------------
    def _suggest(self) -> None:
        text = self.search.value.strip()
        if len(text) < 2:
            self.suggestions.children = []
            return
        found = [s for s in self.atlas.find(text) if s.id in self.scene.ids][:SUGGESTIONS]
        plain = self.audience.plain
        buttons: list[w.Widget] = [  # landmarks first: "sitting bone" is a point
            _suggestion(m.label_in(plain), m.key, lambda key=m.key: self.select_landmark(key))
            for m in self.landmarks.find(text)[:SUGGESTIONS]
        ]
        buttons += [_suggestion(self.name(s), s.id, lambda sid=s.id: self.select(sid))
                    for s in found]  # fmt: skip
        if not buttons:
            note = PANEL.line(self.audiences.page.say("no_search_match", name=text))
            buttons = [html_widget("t-message", note)]
        self.suggestions.children = buttons

    # selection ---------------------------------------------------------------------------
    def select(self, *ids: str) -> None:
        """Highlight these structures and describe the first; peel what would hide them."""
        self.selected, self.landmark = [self.atlas[i].id for i in ids], None
        peel = show_part(self.scene, self.selected, self.scene.state.camera)
        self.peel.value = peel or NO_PEEL  # the same peel: its observer changes nothing
        self.search.value = ""
        self._update_card()
        self.on_change()

    def select_landmark(self, key: str) -> None:
        """Mark a bony landmark, highlight its bone and frame the bone."""
        mark = self.landmarks[key]
        self.selected, self.landmark = [mark.bone], key
        self.peel.value = self.atlas.layers.order[-1]  # down to the bone: it is felt through
        self.scene.highlight(mark.bone).mark(key)
        self.scene.set_camera(self.scene.state.camera).fit(mark.bone)
        self.search.value = ""
        self._update_card()
        self.on_change()

    def pick(self, name: str) -> None:
        """What `Places.find` named: a landmark's key marks it, a pair's stem picks both
        sides, an id its structure."""
        if name in self.landmarks:
            self.select_landmark(name)
        elif name in self.atlas.stems and len(self.atlas.stems[name]) > 1:
            self.side.value = "both"
            self.select_stem(name)
        else:
            self.select(name)

    def select_stem(self, stem: str) -> None:
        """A list item: the structure on the chosen side, or both sides."""
        side = None if self.side.value == "both" else self.side.value
        self.select(*(i for i in self.atlas.stems[stem]
                      if i in self.scene.ids and on_side(self.atlas[i].side, side)))  # fmt: skip

    def _reselect_side(self) -> None:
        if self.selected:
            self.select_stem(self.atlas[self.selected[0]].stem)

    def clear(self) -> None:
        self.selected, self.landmark = [], None
        self.search.value = ""
        self.peel.value = NO_PEEL
        self.skin.value = False
        self._update_card()

    def _set_skin(self, on: bool) -> None:
        if self.scene.state.skin != on:
            self.scene.show_skin(on)
            self.on_change()

    def _set_peel(self, value: str) -> None:
        self.scene.peel(None if value == NO_PEEL else value)
        self.on_change()

    def _update_card(self) -> None:
        words = self.audiences.words_for(self.audience).move
        self.best_stretch.description = self.best_stretch.tooltip = words.best_button
        library = self.scene.library
        first = self.atlas[self.selected[0]] if self.selected else None
        # a client is offered it only where the rig's lengths go the source model's way
        stretchable = (first is not None and not self.landmark
                       and first.id in region_muscles(library)
                       and (not self.audience.plain
                            or library.length_checks.ranks(first.stem)))  # fmt: skip
        self.best_stretch.layout.display = None if stretchable else "none"
        self.touch.description = self.touch.tooltip = self.audiences.words_for(
            self.audience).palpate.button  # fmt: skip
        touchable = (
            first is not None and not self.landmark and first.id in library.palpation.entries
        )
        self.touch.layout.display = None if touchable else "none"
        if not self.selected:
            hint = self.audiences.words_for(self.audience).hint
            self.card.value = PANEL.line(hint)
            return
        structure = self.atlas[self.selected[0]]
        if self.landmark:
            mark = self.landmarks[self.landmark]
            self.card.value = landmark_card_html(mark, self.audience, structure, self.audiences)
            return
        both = len(self.selected) > 1
        self.card.value = card_html(structure, self.audience, self.audiences, both)
