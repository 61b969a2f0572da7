"""The atlas explorer: search with suggestions, a grouped list, an info card, layer peeling.

It holds no anatomy: names, facts and headings come from the atlas and audiences.yaml. Every
change goes to the Scene, and the Scene sends the figure only what changed.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from glutelib.app.modes import Audience, Audiences
from glutelib.atlas import Atlas, Structure
from glutelib.scene import Scene

MAX_SUGGESTIONS = 6
PEEL_LABELS = ("All layers", "Peel one layer", "Peel two layers", "Bones and nerves")
SIDES = {"r": "Right", "l": "Left", "both": "Both"}
LAYER_PEEL = {"superficial": 0, "intermediate": 1, "deep": 2}
GROUP_ORDER = ("gluteal", "deep rotators", "low back", "hip flexors", "hamstrings", "adductors",
               "nerves", "joints and fascia", "pelvis", "spine", "lower limb")  # fmt: skip


def stem(structure_id: str) -> str:
    """'piriformis_r' -> 'piriformis'; midline ids are their own stem."""
    return structure_id[:-2] if structure_id[-2:] in ("_r", "_l") else structure_id


def card_html(
    structure: Structure, audience: Audience, audiences: Audiences, both_sides: bool = False
) -> str:
    """The info card: plain sentence for clients, the facts for students and instructors.

    Every piece of text from the data files is escaped: the card shows it, never runs it.
    """
    plain = audience.words == "plain"
    name = structure.plain_name if plain else structure.name
    side = "both sides" if both_sides else structure.side_name
    title = f"{name.capitalize()} ({side})" if side else name.capitalize()
    parts = [f"<h3 class='t-card-title'>{html.escape(title)}</h3>"]
    if not plain and structure.plain_name:
        parts.append(f"<p><i>{html.escape(structure.plain_name.capitalize())}</i></p>")
    rows = []
    for field in audience.card:
        value = getattr(structure, field)
        if value:
            label = audiences.fields[field]
            rows.append(f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>")
    if rows:
        parts.append("<dl>" + "".join(rows) + "</dl>")
    return "".join(parts)


class Explorer:
    """Widgets that pick structures and peel layers; `on_change` is called after each change."""

    def __init__(self, atlas: Atlas, scene: Scene, audiences: Audiences, mode: str):
        self.atlas, self.scene, self.audiences = atlas, scene, audiences
        self.audience = audiences.audiences[mode]
        self.on_change: Callable[[], None] = lambda: None
        self.selected: list[str] = []
        self.search = w.Text(placeholder="Search, e.g. piriformis or IT band",
                             continuous_update=True, description="")  # fmt: skip
        self.search.add_class("t-search")
        self.search.observe(lambda _c: self._suggest(), names="value")
        self.suggestions = w.VBox([])
        self.suggestions.add_class("t-suggestions")
        self.side = w.ToggleButtons(options=[(v, k) for k, v in SIDES.items()], value="both",
                                    tooltips=["Right side", "Left side", "Both sides"])  # fmt: skip
        self.side.add_class("t-side")
        self.side.observe(lambda _c: self._reselect_side(), names="value")
        self.card = w.HTML("")
        self.card.add_class("t-card")
        self.peel = w.ToggleButtons(options=[(label, i) for i, label in enumerate(PEEL_LABELS)])
        self.peel.add_class("t-peel")
        self.peel.observe(lambda c: self._set_peel(c["new"]), names="value")
        self.list_box = w.VBox([])
        self.list_box.add_class("t-structure-list")
        self.widget = w.VBox(
            [self.search, self.suggestions, self.side, self.card, w.HTML("<b>Layers</b>"),
             self.peel, self.list_box],
            layout=w.Layout(width="100%"),
        )  # fmt: skip
        self.set_audience(self.audience)

    # words -------------------------------------------------------------------------------
    def name(self, structure: Structure) -> str:
        if self.audience.words == "plain":
            return structure.plain_label.capitalize()
        return structure.label

    def set_audience(self, audience: Audience) -> None:
        self.audience = audience
        self._build_list()
        self._suggest()
        self._update_card()

    # list --------------------------------------------------------------------------------
    def _build_list(self) -> None:
        words = self.audience.words
        rows: list[w.Widget] = []
        shown = set(self.scene.ids)
        for group in sorted({s.group for s in self.atlas}, key=self._group_rank):
            stems: dict[str, Structure] = {}
            for s in self.atlas.select(group=group):
                if s.id in shown:
                    stems.setdefault(stem(s.id), s)
            if not stems:
                continue
            heading = w.HTML(html.escape(self.audiences.group_heading(group, words)))
            heading.add_class("t-group-heading")
            buttons = []
            for key, s in stems.items():
                label = s.plain_name.capitalize() if words == "plain" else s.name
                b = w.Button(description=label, tooltip=label, layout=w.Layout(width="auto"))
                b.add_class(f"t-item-{key.replace('_', '-')}")
                b.on_click(lambda _b, key=key: self.select_stem(key))
                buttons.append(b)
            rows += [heading, w.HBox(buttons, layout=w.Layout(flex_flow="row wrap"))]
        self.list_box.children = rows

    @staticmethod
    def _group_rank(group: str) -> int:
        return GROUP_ORDER.index(group) if group in GROUP_ORDER else len(GROUP_ORDER)

    # search ------------------------------------------------------------------------------
    def _suggest(self) -> None:
        text = self.search.value.strip()
        if len(text) < 2:
            self.suggestions.children = []
            return
        found = [s for s in self.atlas.find(text) if s.id in self.scene.ids][:MAX_SUGGESTIONS]
        buttons = []
        for s in found:
            b = w.Button(description=self.name(s), tooltip=self.name(s),
                         layout=w.Layout(width="100%"))  # fmt: skip
            b.add_class("t-suggestion")
            b.add_class(f"t-suggestion-{s.id.replace('_', '-')}")
            b.on_click(lambda _b, sid=s.id: self.select(sid))
            buttons.append(b)
        if not buttons:
            note = w.HTML(f"Nothing called “{html.escape(text)}”. Try another word.")
            note.add_class("t-message")
            buttons = [note]
        self.suggestions.children = buttons

    # selection ---------------------------------------------------------------------------
    def select(self, *ids: str) -> None:
        """Highlight these structures and describe the first; peel what would hide them."""
        self.selected = [self.atlas[i].id for i in ids]
        self.scene.highlight(*self.selected)
        first = self.atlas[self.selected[0]] if self.selected else None
        if first is not None and first.kind != "bone":
            self.peel.value = LAYER_PEEL[first.layer]  # a deep muscle shows, not its cover
        self.search.value = ""
        self._update_card()
        self.on_change()

    def select_stem(self, key: str) -> None:
        """A list item: the structure on the chosen side, or both sides."""
        side = self.side.value
        ids = [i for i in self.scene.ids if stem(i) == key]
        if side != "both":
            ids = [i for i in ids if not i.endswith(("_r", "_l")) or i.endswith(f"_{side}")]
        self.select(*ids)

    def _reselect_side(self) -> None:
        if self.selected:
            self.select_stem(stem(self.selected[0]))

    def clear(self) -> None:
        self.selected = []
        self.search.value = ""
        self.peel.value = 0
        self._update_card()

    def _set_peel(self, level: int) -> None:
        self.scene.peel(level)
        self.on_change()

    def _update_card(self) -> None:
        if not self.selected:
            hint = (
                "Tap a name or search to learn about a part of the body."
                if self.audience.words == "plain"
                else "Search or pick a structure to see its origin, insertion and action."
            )
            self.card.value = f"<p>{html.escape(hint)}</p>"
            return
        structure = self.atlas[self.selected[0]]
        both = len(self.selected) > 1
        self.card.value = card_html(structure, self.audience, self.audiences, both_sides=both)
