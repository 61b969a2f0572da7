"""The page address as settings: `?mode=client&condition=pregnancy&step=3&structure=...`,
or `?quiz=name_it` (Test yourself; `&question=origin:piriformis` asks that question first),
or `?pose=hip_flexion_r:90` (Move it yourself in that pose, `glutelib.joints`),
or `?palpate=piriformis_r&step=2` (Palpate, at that step of the structure's route),
or `?pain=<drawing>&feel=ache,numb` (Where does it hurt, a drawing of glutelib.pain.encode);
`&screen=presenter` or `&screen=slide`: which of an instructor's two windows this is.

Parsing is apart from applying, so every odd address can be tested without widgets. Values
are cut to a sane length; a step is a number only in ASCII digits ('²' is not a step).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import parse_qs, urlencode

from glutelib.joints import MAX_CODE
from glutelib.pain import MAX_CODE_CHARS

# A drawing: one character past the longest `pain.decode` reads, so one cut here is
# refused there (named), never read short.
MAX_DRAWING = MAX_CODE_CHARS + 1
MAX_LENGTH = {"mode": 40, "condition": 60, "step": 6, "structure": 80, "quiz": 40,
              "question": 80, "screen": 20, "pose": MAX_CODE, "palpate": 80,
              "pain": MAX_DRAWING, "feel": 80}  # fmt: skip


@dataclass(frozen=True)
class Link:
    """What a page shows: mode, and a walkthrough's step or a picked structure."""

    mode: str | None = None
    condition: str | None = None
    step: str = "1"  # as typed, for the message when it is not a step
    structure: str | None = None
    quiz: str | None = None  # Test yourself: a kind of question ('' for the menu)
    question: str | None = None  # a question's key within its kind, asked first
    screen: str | None = None  # an instructor's two windows: 'presenter' (notes) or 'slide'
    pose: str | None = None  # Move it yourself, in this pose ('hip_flexion_r:90,...'; '': standing)
    palpate: str | None = None  # Palpate this structure (an id or a stem), at `step` of its route
    pain: str | None = None  # Where does it hurt, with this drawing ('' for none yet)
    feel: str | None = None  # ... and these feelings ticked, comma-separated


def parse_link(query: str) -> Link:
    """What the address asks for; unknown keys are ignored."""
    params = parse_qs(query.lstrip("?"), keep_blank_values=True)
    found = {k: params[k][0][:n] for k, n in MAX_LENGTH.items() if k in params}
    return Link(**{"step": "1", **found})


def step_number(text: str) -> int | None:
    """'3' -> 3; anything but plain ASCII digits -> None."""
    return int(text) if text.isascii() and text.isdigit() else None


def link_query(link: Link) -> str:
    """The address for `link`, '?mode=...&condition=...&step=...' (empty parts left out)."""
    parts = {k: v for k, v in asdict(link).items() if v is not None}
    if link.condition is None and link.palpate is None:
        parts.pop("step", None)
    return "?" + urlencode(parts)
