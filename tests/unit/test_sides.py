"""Sides, once (glutelib/sides.py): every module that handles a side agrees with these."""

from __future__ import annotations

import pytest

from glutelib import sides
from glutelib.errors import GlutelibError
from glutelib.scene import Scene


def test_ids_stems_and_names():
    assert sides.side_id("piriformis", "r") == "piriformis_r"
    assert sides.side_id("sacrum", None) == "sacrum"
    assert (
        sides.stem_of("piriformis_l", "l") == "piriformis"
        and sides.stem_of("sacrum", None) == "sacrum"
    )
    assert sides.named("Piriformis", "r", plain=False) == "Piriformis (right)"
    assert sides.named("pear-shaped muscle", "l", plain=True) == "Left pear-shaped muscle"
    assert sides.named("tailbone", None, plain=True) == "Tailbone"
    assert sides.first_of("piriformis", ["piriformis_l", "piriformis_r"]) == "piriformis_r"
    assert sides.first_of("sacrum", ["sacrum"]) == "sacrum"
    assert sides.first_of("nothing", ["sacrum"]) is None


def test_a_side_typed_in_a_name():
    assert sides.side_in(["right", "piriformis"]) == ("r", ["piriformis"])
    assert sides.side_in(["piriformis", "lt"]) == ("l", ["piriformis"])
    assert sides.side_in(["right"]) == (None, ["right"])  # a lone side word is a name
    assert sides.side_in(["r", "sitting"], tokens=sides.WORDS) == (None, ["r", "sitting"])
    with pytest.raises(GlutelibError, match="side must be 'r'"):
        sides.check_side("x")


def test_midline_parts_lie_on_both_sides_unless_a_side_s_own_parts_are_asked_for():
    assert sides.on_side(None, "r") and sides.on_side("r", "r") and not sides.on_side("l", "r")
    assert not sides.on_side(None, "r", midline=False) and sides.on_side(None, None)


def test_the_atlas_the_landmarks_and_the_scene_agree_on_sides(library):
    atlas = library.atlas
    found = {s.id for s in atlas.find("right sacrum")} | {
        s.id for s in atlas.find("piriformis", side="r")
    }
    assert found == {"sacrum", "piriformis_r"}
    assert {s.id for s in atlas.select(group="deep rotators", side="l")} <= {
        i for i in atlas.ids if atlas[i].side in ("l", None)}  # fmt: skip
    assert all(m.side == "r" for m in library.landmarks.find("right sitting"))
    scene = Scene(library)
    left = scene.matching(side="l")
    assert left and all(atlas[i].side == "l" for i in left)  # hiding the left keeps the sacrum
    assert atlas["piriformis_r"].label_in(plain=True) == "Right pear-shaped muscle"
