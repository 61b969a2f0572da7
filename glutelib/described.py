"""What the 3D view shows, in words: its text alternative (WCAG 1.1.1), read by a screen
reader from a live region beside the view each time the picture changes (the dashboard and
the lesson).

Made from the scene state alone, in its audience's words (audiences.yaml `said`, plain for
clients), so it says what the picture shows: where it is seen from, the position, what is
highlighted (a question that asks a name does not give it away), what is peeled away, how the
highlighted muscles' lengths differ from standing (the rig's, as the legends say them),
zones, marks and the skin.

    >>> view_said(scene.state, library)
    'From behind, sitting. Highlighted: Piriformis (right). Longer than standing: ...'

The keyboard walks through the parts shown one by one (`walked`, then `walk_said`): each is
named in the view in a focus box (`state.pointed`) and read out with its card, so a person
who cannot see the picture, or cannot point at it, still meets every part in it.
"""

from __future__ import annotations

from collections.abc import Callable

from glutelib.atlas import in_sentence
from glutelib.joints import MOVED
from glutelib.lengths import MIN_CHANGE, percent
from glutelib.library import Library
from glutelib.state import SceneState
from glutelib.view import visible

MAX_NAMED = 6  # names said one by one; more are counted


def view_said(state: SceneState, library: Library) -> str:
    """The view's text alternative for `state`, in its words (a client's plain ones)."""
    plain, atlas = state.plain_words, library.atlas
    words = library.audiences.words["plain" if plain else "anatomical"].said
    where = library.camera(state.camera).plain_label
    pose = library.pose(state.pose)
    if not pose.is_neutral:
        moved = pose.plain_label if plain else pose.label
        if moved == MOVED:  # a slider's pose: its joints in words
            moved = library.joints.describe(pose)
        where = words.posed.format(view=where, pose=in_sentence(moved))
    out = [words.view.format(view=where, close=words.close_up if state.close_up else "")]
    if state.touch:
        return " ".join([*out, words.touch])
    shown = [i for i in state.structures if visible(i, state, library)]
    named = [i for i in shown if i in state.highlighted]
    if named and state.names_hidden:
        out.append(words.name_asked)
    elif named:
        out.append(words.highlighted.format(names=_names([atlas[i].label_in(plain)
                                                         for i in named], words.more)))  # fmt: skip
    else:
        out.append(words.nothing_highlighted.format(count=len(shown)))
    if state.peel is not None:
        out.append(words.peeled[state.peel])
    if not pose.is_neutral and not state.names_hidden:
        out += _lengths(library, state, named, words, plain)
    if state.zones:
        zones = [library.zones[z].plain_label if plain else library.zones[z].label
                 for z in sorted(state.zones)]  # fmt: skip
        out.append(words.zones.format(names=_names(list(dict.fromkeys(zones)), words.more)))
    if state.marks and not state.names_hidden:
        marks = [library.landmarks.marks[k].label_in(plain) for k in sorted(state.marks)]
        out.append(words.marks.format(names=_names(marks, words.more)))
    if state.skin:
        out.append(words.skin)
    return " ".join(out)


def _lengths(
    library: Library, state: SceneState, named: list[str], words, plain: bool
) -> list[str]:
    """The highlighted muscles' lengths over standing, changed by MIN_CHANGE or more: longer
    ones, then shorter ones (a client's only those the source model backs, as Move lists)."""
    pose, atlas, checks = library.pose(state.pose), library.atlas, library.length_checks
    ratios = {i: library.rig.length_ratio(i, pose) for i in named if atlas[i].kind == "muscle"
              and (not plain or checks.trusted(atlas[i].stem))}  # fmt: skip
    said = {kind: [f"{atlas[i].label_in(plain)} {percent(r):+.0f} %" for i, r in ratios.items()
                   if (r >= 1 + MIN_CHANGE if kind == "longer" else r <= 1 - MIN_CHANGE)]
            for kind in ("longer", "shorter")}  # fmt: skip
    return [getattr(words, kind).format(names=_names(names, words.more))
            for kind, names in said.items() if names]  # fmt: skip


def _names(names: list[str], more: str) -> str:
    """Names joined for a sentence, the first MAX_NAMED one by one and the rest counted."""
    if len(names) <= MAX_NAMED:
        return ", ".join(names)
    return ", ".join(names[:MAX_NAMED]) + more.format(count=len(names) - MAX_NAMED)


__all__ = ["next_walked", "view_said", "walk_said", "walked"]


def walked(state: SceneState, library: Library) -> list[str]:
    """The parts the keyboard walks through, in order: the highlighted ones the view shows,
    then every other one it shows, each in the scene's order; none while a question asks the
    names."""
    if state.names_hidden:
        return []
    shown = [i for i in state.structures if visible(i, state, library)]
    return [i for i in shown if i in state.highlighted] + [
        i for i in shown if i not in state.highlighted
    ]


def next_walked(state: SceneState, library: Library, step: int) -> str | None:
    """The part `step` (+1 or -1) on from the one the walk is on (from the start, or the end,
    when it is on none or on one no longer shown), round at the ends; None: nothing to walk."""
    parts = walked(state, library)
    if not parts:
        return None
    if state.pointed in parts:
        return parts[(parts.index(state.pointed) + step) % len(parts)]
    return parts[0 if step > 0 else -1]


def walk_said(state: SceneState, library: Library, card: Callable[[str], str]) -> str:
    """What a screen reader says of the part the walk is on: its place in the walk and its
    card (`card(id)`, in the audience's words); that nothing is to walk through, if so."""
    words = library.audiences.words["plain" if state.plain_words else "anatomical"].said
    parts = walked(state, library)
    if state.pointed not in parts:
        asked = state.names_hidden and not state.touch  # the skin alone shows no part
        return words.walk_none if asked else words.walk_empty
    said = words.walked_highlighted if state.pointed in state.highlighted else words.walked
    return said.format(number=parts.index(state.pointed) + 1, count=len(parts),
                       card=card(state.pointed))  # fmt: skip
