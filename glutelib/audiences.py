"""The three audiences (student, client, instructor) as data: words, sizes, controls.

`load_audiences()` reads audiences.yaml. Each audience speaks one kind of words
("anatomical" or "plain"); the page's fixed words (titles, section names, peel and strain
words) and the structure list's group headings, in their order, are given per kind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from glutelib.datafiles import AUDIENCES, DataModel, data_path, read_data_file
from glutelib.errors import DataFileError

WordKind = Literal["anatomical", "plain"]
CardField = Literal[
    "origin",
    "insertion",
    "action",
    "innervation",
    "location",
    "function",
    "movement",
    "note",
    "description",
]
NO_PEEL = "none"  # the peel words' key for "every layer shown"


class Audience(DataModel):
    """How the page speaks and looks for one audience."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    words: WordKind
    body_px: int
    heading_px: int
    control_px: int
    label_px: int = 16  # names in the 3D view
    design_height: int = 768  # the screen height (px) the sizes are for; lower ones scale down
    sidebar_percent: int = 30  # of the width (landscape); upright screens stack instead
    screens: tuple[tuple[int, int], ...] = ()  # width, height (CSS px) it must fit, unscrolled
    card: tuple[CardField, ...]
    zoom_buttons: bool
    view_menu: bool = False  # the named views as one menu (a tablet: one row of controls)
    high_contrast: bool
    speaker_notes: bool = False  # walkthrough steps add the instructor's notes
    lengths_listed: int = Field(3, ge=1, le=6)  # Move: muscles listed longer, and shorter
    quiz: Literal["scored", "class", "none"] = (
        "none"  # Test yourself: scored, for a class, or not shown
    )
    pain_drawing: bool = False  # "Where does it hurt?": a section button of its own
    pain_matches: int = Field(3, ge=1, le=5)  # the pain drawing's matches listed, best first
    pain_covers: bool = True  # ... and what the one on the body covers, under them

    @property
    def plain(self) -> bool:
        return self.words == "plain"

    @property
    def pain_way_in(self) -> Literal["section", "explore", "link"]:
        """How it reaches Where does it hurt: a section button of its own; Explore's first
        button (a client's: a tablet's section bar has room for three); or a link."""
        return "section" if self.pain_drawing else "explore" if self.plain else "link"


class StrainWords(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    shorter: str
    longer: str
    caption: str
    unchanged: str  # when no muscle shown changes by 3 % or more


class MoveWords(DataModel):
    """Move it yourself: the section's name, its hint, the lists' headings, the chart's
    caption ({muscle}, {joint}) and the reset button."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    section: str
    hint: str
    longer: str
    shorter: str
    chart: str
    now: str  # beside the chart's dot: the present angle
    reset: str
    trunk: str  # beside Right and Left: the pelvis and low back's joints
    approx: str  # under the lists: what ≈ after a length means
    pick_stretch: str  # the list's empty choice
    best: str  # over the stretches ranked for a muscle ({muscle})
    best_button: str  # on a muscle's card
    drawn_upright: str  # under a stretch not taken standing ({lying})


class PalpateWords(DataModel):
    """Palpate: the section's name, its hint and the panel's lines ({fields} filled in by
    glutelib.present.palpation_words)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    section: str
    button: str  # on a structure's card: open its Palpate view
    position: str  # {position}, {side}: how the client lies, where the finger comes from
    press_from: dict[str, str]  # posterior / lateral / anterior -> {side}'s words
    step: str  # {n}, {total}
    layers: str  # {layers}: skin to the structure, in order
    depth: str  # {typical}, {shallowest} in cm
    behind_bone: str  # {percent}: of its outline a bone covers
    fibres: str  # {fibres}, {stroke}
    stroke: dict[str, str]  # with / across / none -> words
    not_palpable: str
    sites: str  # the heading over the endangerment sites near it
    drawn: str  # what the picture shows and does not (drawn standing)


class PainWords(DataModel):
    """Where does it hurt: the section's name and the panel's words ({fields} filled in by
    glutelib.present.pain_words)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    section: str
    heading: str
    hint: str
    paint: str
    erase: str
    clear: str
    feel_heading: str
    feelings: dict[str, str]  # glutelib.pain.FEELINGS' keys -> words
    matches: str  # the heading over the matches
    match: str  # {name}, {explained}, {covered} (percent)
    none_drawn: str
    no_match: str
    above_knee: str
    below_knee: str
    safety: str  # always shown: education, not a diagnosis
    open_card: str  # the match shown: its muscle's or joint's card
    open_step: str  # ... a nerve root's: the walkthrough step that shows it
    flags: str  # the heading over the red flags
    flag_items: tuple[str, ...] = Field(min_length=1)


class SaidWords(DataModel):
    """The 3D view's text alternative (glutelib.described): `region` labels its live region;
    the rest are its sentences ({view}, {pose}, {close}, {names}, {count} filled in)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    region: str
    view: str  # {view}: where from (and the position), {close}: close_up or ""
    posed: str  # {view}, {pose}: the view's words in a position
    close_up: str
    touch: str  # a palpate-it question: the skin alone, to tap
    highlighted: str
    name_asked: str  # a question asks the highlighted part's name: not given away
    nothing_highlighted: str
    peeled: dict[str, str]  # each layer (structures.yaml) peeled to -> what is taken away
    longer: str
    shorter: str
    zones: str
    marks: str
    skin: str
    more: str  # {count} names not said one by one
    walked: str  # the keyboard walk's part: {number} of {count}, its {card} read out
    walked_highlighted: str  # the same, for a highlighted part
    walk_none: str  # no part to walk through: a question asks the names
    walk_empty: str  # no part to walk through: none is shown (the skin alone, all peeled)


class Words(DataModel):
    """The page's fixed words in one kind of words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    explore: str
    conditions: str
    quiz: str
    search: str
    hint: str
    strain: StrainWords
    peel: dict[str, str]  # NO_PEEL and each layer -> the Layers control's label
    move: MoveWords
    palpate: PalpateWords
    pain: PainWords
    said: SaidWords


class Control(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    tip: str = ""


# What the code says and shows by key: each must be in the file (checked as it loads).
CONTROLS = ("help", "lesson", "labels", "close_up", "zoom_in", "zoom_out", "reset", "save",
            "view", "back", "next", "notes", "reset_view", "side_r", "side_l", "side_both",
            "layers", "present", "view_close_up")  # fmt: skip
MESSAGES = ("no_mode", "quiz_not_for_mode", "nothing_called", "no_search_match",
            "nothing_to_palpate", "route_range", "no_feeling", "pain_drawing",
            "no_walkthrough", "step_range", "figure_failed", "pick_first", "picture_saved",
            "making_lesson", "lesson_saved", "parts_left_out", "both_sides", "on_bone",
            "notes_heading", "no_screen", "next_step", "last_step")  # fmt: skip
LESSON_MESSAGES = ("no_mode", "no_quiz", "no_condition", "no_step", "no_step_named", "not_drawn",
                   "left_out", "opening", "who_is_watching", "walkthrough_picker",
                   "stretch_picker", "palpate_picker", "no_part")  # fmt: skip


class PageWords(DataModel):
    """The page's controls and messages, the same for every audience."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    controls: dict[str, Control]
    progress: str  # "Step {n} of {total}"
    messages: dict[str, str]
    lesson: dict[str, str]  # the offline lesson's messages (its player fills them in)

    @model_validator(mode="after")
    def _every_key_the_code_uses(self) -> PageWords:
        for kind, keys, given in (("controls", CONTROLS, self.controls),
                                  ("messages", MESSAGES, self.messages),
                                  ("lesson", LESSON_MESSAGES, self.lesson)):  # fmt: skip
            missing = [k for k in keys if k not in given]
            if missing:
                raise ValueError(f"page.{kind} lacks {', '.join(missing)}")
        return self

    def say(self, key: str, **fields: object) -> str:
        """The message `key` with its {fields} filled in."""
        return self.messages[key].format(**fields)


class Audiences(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int
    default: str
    default_on_touch: str | None = None  # the lesson on a touch screen (a client's tablet)
    audiences: dict[str, Audience]
    words: dict[WordKind, Words]
    groups: dict[str, dict[WordKind, str]]  # in the order the structure list shows them
    fields: dict[CardField, str]
    page: PageWords

    def group_heading(self, group: str, words: WordKind) -> str:
        return self.groups[group][words]

    def words_for(self, audience: Audience) -> Words:
        return self.words[audience.words]


def load_audiences(path: Path | None = None) -> Audiences:
    """Read audiences.yaml; a fault raises DataFileError naming the file and the fix."""
    path = path or data_path(AUDIENCES)
    data = read_data_file(path, Audiences, "Audience file")
    for field in ("default", "default_on_touch"):
        value = getattr(data, field)
        if value is not None and value not in data.audiences:
            raise DataFileError(
                f"Audience file {path}: {field} '{value}' is not one of "
                f"{sorted(data.audiences)}; name one of them."
            )
    return data
