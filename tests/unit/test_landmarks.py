"""Bony landmarks: found by the words people use, marked where the manifest puts them, and
carried by their bone into every pose."""

from __future__ import annotations

import numpy as np
import pytest

from glutelib import labels, view
from glutelib.app.dashboard import Dashboard
from glutelib.errors import DataFileError
from glutelib.landmarks import Landmarks
from glutelib.scene import Scene


@pytest.mark.parametrize(
    ("words", "keys"),
    [("sitting bone", ["ischial_tuberosity_r", "ischial_tuberosity_l"]),
     ("right sit bone", ["ischial_tuberosity_r"]), ("ASIS", ["asis_r", "asis_l"]),
     ("lateral epicondyle", ["lateral_femoral_epicondyle_r", "lateral_femoral_epicondyle_l"]),
     ("piriformis", [])],
)  # fmt: skip
def test_landmarks_are_found_by_their_names_and_aliases(library, words, keys):
    assert [m.key for m in library.landmarks.find(words)] == keys


def test_a_mark_sits_on_its_bone_at_the_manifests_point_and_follows_the_pose(library):
    atlas = library.atlas
    scene = Scene(library).mark("lateral_femoral_epicondyle_r")
    standing = view.mark_point("lateral_femoral_epicondyle_r", scene.state, library)
    point = atlas.landmark("lateral_femoral_epicondyle", "r")
    assert np.linalg.norm(standing - point) < 5.0  # the femur's vertex nearest the point
    scene.set_pose("glute_stretch")  # the hip flexed: the knee comes up and forward
    bent = view.mark_point("lateral_femoral_epicondyle_r", scene.state, library)
    femur = view.vertices("femur_r", scene.state, library)
    assert np.linalg.norm(femur - bent, axis=1).min() < 1e-3  # still on the femur
    assert np.linalg.norm(bent - standing) > 50


def test_a_mark_is_named_with_a_leader_whatever_the_labels_toggle(library):
    scene = Scene(library).highlight("hip_bone_r").mark("ischial_tuberosity_r")
    (name,) = labels.annotations(scene.state, library)
    assert name["text"].replace("<br>", " ") == "Ischial tuberosity (right)"
    assert name["arrowsize"] > 1 and (name["ax"], name["ay"]) != (0, 0)
    scene.use_plain_words()
    (name,) = labels.annotations(scene.state, library)
    assert name["text"].replace("<br>", " ") == "Right sitting bone"


def test_searching_sitting_bone_marks_it_and_frames_its_bone(library):
    board = Dashboard(library)
    board.explorer.search.value = "sitting bone"
    first = board.explorer.suggestions.children[0]
    assert first.description == "Ischial tuberosity (right)"
    first.click()
    state = board.scene.state
    assert state.marks == {"ischial_tuberosity_r"} and state.highlighted == {"hip_bone_r"}
    assert state.close_up and "sit on" in board.explorer.card.value
    assert state.peel == library.atlas.layers.order[-1]  # the muscles over it peeled away
    assert board.page.structure == "ischial_tuberosity_r"  # reload marks it again
    board.explorer.select("piriformis_r")
    assert not board.scene.state.marks


def test_runners_step_2_marks_the_epicondyle_not_the_whole_tibia(library):
    step = library.conditions["runners_cyclists"].steps[1]
    assert "epicondyle" in step.title
    assert step.marks == ("lateral_femoral_epicondyle_r",) and "tibia_r" not in step.highlight


def test_a_landmark_the_manifest_lacks_is_named_with_the_fix(library, tmp_path):
    bad = tmp_path / "landmarks.yaml"
    bad.write_text("schema_version: 1\nlandmarks:\n  coccyx_tip:\n    bone: sacrum\n"
                   "    name: Tip of the coccyx\n    plain_name: tailbone tip\n"
                   "    description: The very end of the tailbone.\n")  # fmt: skip
    with pytest.raises(DataFileError, match=r"landmarks.yaml, coccyx_tip: .* no landmark "
                                            r"'coccyx_tip'; describe only"):  # fmt: skip
        Landmarks(library.atlas, bad)


def test_joints_are_told_by_where_they_are_what_they_do_and_what_moves(library):
    from glutelib.cards import card_html

    joint = library.atlas["sacroiliac_joint_r"]
    assert joint.origin is None and joint.insertion is None and joint.action is None
    audiences = library.audiences
    card = card_html(joint, audiences.audiences["student"], audiences)
    for heading in ("Where it is", "What it does", "What moves there"):
        assert heading in card
    assert "Origin" not in card and "Action" not in card
