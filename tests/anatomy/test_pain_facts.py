"""Pain patterns lie where glutelib/data/SOURCES.md ("Pain patterns") puts them, measured on
the skin: piriformis stops above the knee, the L5 and S1 roots reach the foot, the SI joint's
map is Fortin's strip below the PSIS, each pattern keeps to its own side, and every pattern,
drawn whole, is its own best match. RAS mm: +x right, +y anterior, +z up."""

from __future__ import annotations

import re

import numpy as np
import pytest

from glutelib.pain import candidates, pattern, vertex_areas

SIDES = ("r", "l")


def outward(side: str) -> float:
    return 1.0 if side == "r" else -1.0


@pytest.mark.parametrize("side", SIDES)
def test_piriformis_stops_above_the_knee_down_the_back_of_the_thigh(library, atlas, side):
    points = pattern(library, f"piriformis_referral_{side}")
    knee = atlas.landmark("knee_joint_centre", side)[2]
    assert (points[:, 2] > knee).all()  # every point above the knee
    assert points[:, 2].min() > knee + 60  # the upper two-thirds of the thigh at most
    assert points[:, 2].min() < atlas.landmark("ischial_tuberosity", side)[2] - 150


@pytest.mark.parametrize("side", SIDES)
def test_l5_and_s1_reach_the_foot_l5_its_top_and_s1_its_sole(library, atlas, side):
    ankle = min(atlas.landmark(m, side)[2] for m in ("lateral_malleolus", "medial_malleolus"))
    for root in ("l5", "s1"):
        points = pattern(library, f"{root}_dermatome_{side}")
        assert (points[:, 2] < ankle - 20).sum() > 20, root  # on the foot
        assert points[:, 2].max() > atlas.landmark("knee_joint_centre", side)[2]  # and thigh
    sole = pattern(library, f"s1_dermatome_{side}")
    assert sole[:, 2].min() < ankle - 50
    top = pattern(library, f"l5_dermatome_{side}")
    foot = top[top[:, 2] < ankle - 20]
    assert np.median(foot[:, 1]) > atlas.landmark("lateral_malleolus", side)[1] + 30  # in front


@pytest.mark.parametrize("side", SIDES)
def test_l4_runs_from_the_front_of_the_knee_down_the_inner_shin(library, atlas, side):
    points = pattern(library, f"l4_dermatome_{side}")
    knee = atlas.landmark("knee_joint_centre", side)
    shin = points[points[:, 2] < knee[2] - 100]
    assert np.median(shin[:, 0] * outward(side)) < knee[0] * outward(side)  # the inner side
    assert shin[:, 2].min() < atlas.landmark("medial_malleolus", side)[2] + 30  # to the ankle
    at_knee = points[np.abs(points[:, 2] - knee[2]) < 30]
    assert np.median(at_knee[:, 1]) > knee[1]  # the front of the knee


@pytest.mark.parametrize("side", SIDES)
def test_the_si_joint_map_is_a_strip_about_3_by_10_cm_just_below_the_psis(library, atlas, side):
    """Fortin 1994: about 3 x 10 cm just below the PSIS."""
    points = pattern(library, f"sacroiliac_joint_referral_{side}")
    skin = np.asarray(library.atlas.skin_mesh().vertices)
    inside = np.isin(skin, points).all(axis=1)
    area_cm2 = vertex_areas(library)[inside].sum() / 100.0
    assert 20 < area_cm2 < 45
    psis = atlas.landmark("psis", side)
    assert np.abs(points[:, 0] - psis[0]).max() < 25
    assert points[:, 2].max() < psis[2] + 20 and points[:, 2].min() > psis[2] - 110
    assert np.median(points[:, 2]) < psis[2]  # below it


def test_each_pattern_keeps_to_its_own_side(library):
    for pid in library.pain.ids:
        points = pattern(library, pid)
        assert len(points) > 20, pid
        assert (points[:, 0] * outward(library.pain[pid].side) > 0).all(), pid


def test_every_pattern_drawn_whole_is_its_own_best_match(library):
    for pid in library.pain.ids:
        best = candidates(library, pattern(library, pid))[0]
        assert best.id == pid, (pid, best)
        # all of it drawn; the brush paints BRUSH_MM past its soft edge, so a narrow pattern
        # (the SI joint's 3 cm strip) explains less than half of its own drawing
        assert best.covered > 0.9 and best.explained > 0.35


# Words a client would not know, or that would frighten (a pattern's client words say what
# can send an ache there, never a verdict).
JARGON = ("gluteus", "gluteal", "piriformis", "tensor", "quadratus", "femoris", "sacroiliac",
          "dermatome", "referral", "trochanter", "psis", "lateral", "medial", "posterior",
          "anterior", "l4", "l5", "s1", "radicul", "damage", "serious", "disease",
          "danger")  # fmt: skip


def test_client_words_are_plain_and_calm(library):
    for pid in library.pain.ids:
        words = library.pain[pid].spec.plain_label.lower()
        assert not [j for j in JARGON if re.search(rf"\b{j}", words)], (pid, words)
