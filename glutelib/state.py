"""SceneState: everything a figure depends on besides the data, as plain values.

No plotly and no widgets: the dashboard edits a state (through `Scene`), and
`glutelib.drawing.build_figure(state, library)` turns it into a figure; a lesson can store
one per step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_VIEW_PX = 560  # height of the 3D view (CSS px) labels are spaced for: a tablet's
DEFAULT_VIEW_ASPECT = 1.3


@dataclass
class SceneState:
    """What is drawn, and how. Ids are atlas ids; `structures` gives the traces' order."""

    structures: tuple[str, ...] = ()  # every structure with a trace, in order
    shown: set[str] = field(default_factory=set)
    highlighted: set[str] = field(default_factory=set)
    camera: str = "posterior"
    focus: tuple[str, ...] = ()  # framed on these ids (`zone:<id>` too); () = all shown
    close_up: bool = False  # frame `focus` closer, letting the surroundings crop
    close_up_fill: float | None = None  # how much of the view a close-up's focus spans
    zoom: float = 1.0  # > 1 moves the eye closer
    peel: str | None = None  # a layer: it and every layer above it are hidden
    labels: bool = False
    plain_words: bool = False  # labels in plain words (clients), not anatomical names
    label_px: int = 16  # size of the labels' text (large on a projector)
    view_px: int = DEFAULT_VIEW_PX  # height of the 3D view (CSS px), for spacing the labels
    view_aspect: float = DEFAULT_VIEW_ASPECT  # its width over its height, for framing
    pose: str = "standing"  # a name in poses.yaml
    framed_in: str | None = None  # the pose the view is framed for (None: `pose`): a move's
    # end, so the view holds still while the body moves there
    strain: bool = False  # colour muscles by how much the pose lengthens them
    zones: frozenset[str] = frozenset()  # pain / referral zones drawn
    marks: frozenset[str] = frozenset()  # landmarks marked and named (landmarks.yaml keys)
    names_hidden: bool = False  # no names on hover: a quiz question asks for them
    skin: bool = False  # the skin drawn over everything, faint and see-through
    fibres: str | None = None  # a muscle whose fibres' way is drawn as arrows on it (a pick)
    palpate: str | None = None  # a structure whose surface projection is outlined on the skin
    sites: frozenset[str] = frozenset()  # endangerment sites drawn on the skin (palpation.yaml)
    touch: bool = False  # the skin alone, solid, answering taps: a palpate-it question asks
    taps: tuple[tuple[str, float, float, float], ...] = ()  # (words, x, y, z): taps marked
    drawing: tuple[int, ...] = ()  # a pain drawing: the skin vertices stroked (glutelib.pain)
    pattern: str | None = None  # a pain pattern drawn on the skin beside it (pain.yaml id)
    paint: str | None = None  # "paint" / "erase": a drag on the skin paints, not turns it
    pointed: str | None = None  # a part the keyboard walk is on: named in a focus box
