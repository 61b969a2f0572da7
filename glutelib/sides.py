"""Sides, once: ids and their stems, side words, a side typed in a name, names with a side,
and how midline parts (the sacrum, the coccyx) count.

An id is its stem with `_r` or `_l` for a paired part (`piriformis_r`), or the stem alone
for a midline one (`sacrum`). Structures, landmarks and zones all follow it.
"""

from __future__ import annotations

from typing import Literal

from glutelib.errors import GlutelibError

Side = Literal["r", "l"]
SIDES: tuple[Side, Side] = ("r", "l")  # the right side first, wherever both are listed
SIDE_WORDS = {"r": "right", "l": "left"}
# Words that name a side in typed text ("right piriformis", "piriformis r", "lt TFL").
TOKENS = {"right": "r", "r": "r", "rt": "r", "left": "l", "l": "l", "lt": "l"}
# The whole words only: in a search typed letter by letter, "r" may begin a name.
WORDS = {word: side for side, word in SIDE_WORDS.items()}


def side_id(stem: str, side: str | None) -> str:
    """'piriformis', 'r' -> 'piriformis_r'; a midline stem (side None) is its own id."""
    return f"{stem}_{side}" if side else stem


def stem_of(part_id: str, side: str | None) -> str:
    """The id without its side: 'piriformis_r', 'r' -> 'piriformis'; 'sacrum', None -> 'sacrum'."""
    return part_id[: -len(side) - 1] if side else part_id


def first_of(stem: str, ids) -> str | None:
    """The midline part or, of a pair, the right one, among `ids` (None when neither is)."""
    return next((i for i in (stem, side_id(stem, "r")) if i in ids), None)


def check_side(side: object) -> None:
    """A side filter is 'r', 'l' or None: any other value would match nothing, silently."""
    if side is not None and side not in SIDE_WORDS:
        shown = repr(side) if len(repr(side)) <= 40 else repr(side)[:40] + "..."
        raise GlutelibError(
            f"side must be 'r' (right), 'l' (left) or None (both), not {shown}; "
            "for example atlas.find('piriformis', side='r')."
        )


def side_in(words: list[str], tokens: dict[str, str] = TOKENS) -> tuple[str | None, list[str]]:
    """The side a typed name gives ('right piriformis') and its other words; a lone side word
    is a name, not a side."""
    for i, word in enumerate(words):
        if word in tokens and len(words) > 1:
            return tokens[word], words[:i] + words[i + 1 :]
    return None, words


def on_side(part_side: str | None, side: str | None, midline: bool = True) -> bool:
    """Whether a part on `part_side` belongs to the side asked for (None: any). A midline
    part lies on both sides: found by a search for a side (`midline`), but not one of
    the side's own parts when the side is shown, hidden or counted (`midline=False`)."""
    return side is None or part_side == side or (midline and part_side is None)


def named(name: str, side: str | None, plain: bool) -> str:
    """A name with its side as a person reads it: 'Piriformis (right)', or in plain words
    'Right pear-shaped muscle' (sentence case)."""
    word = SIDE_WORDS.get(side) if side else None
    if plain:
        text = f"{word} {name}" if word else name
        return text[:1].upper() + text[1:]
    return f"{name} ({word})" if word else name
