"""Pain and referral zones lie where glutelib/data/SOURCES.md (3 and 2e) puts them."""

from __future__ import annotations

import numpy as np
import pytest

from glutelib.zones import Zones


@pytest.fixture(scope="module")
def zones(atlas):
    return Zones(atlas)


@pytest.mark.parametrize("side", ["r", "l"])
def test_piriformis_referral_stops_above_the_knee_but_root_sciatica_reaches_the_foot(
    zones, atlas, side
):
    knee = atlas.landmark("knee_joint_centre", side)[2]
    sitting_bone = atlas.landmark("ischial_tuberosity", side)[2]
    piriformis = zones.mesh(f"piriformis_referral_{side}").vertices
    assert piriformis[:, 2].min() > knee + 60  # upper two-thirds of the thigh at most
    assert piriformis[:, 2].min() < sitting_bone - 150  # but well down the back of the thigh
    assert np.median(piriformis[:, 1]) < 0  # on the back
    sciatica = zones.mesh(f"root_sciatica_{side}").vertices
    assert sciatica[:, 2].min() < atlas.landmark("lateral_malleolus", side)[2]
    outward = 1 if side == "r" else -1
    assert (piriformis[:, 0] * outward > -3).all() and (sciatica[:, 0] * outward > -3).all()


def test_it_band_zones_sit_on_the_outer_knee_and_outer_hip(zones, atlas):
    knee = zones.mesh("it_band_knee_r").vertices
    epicondyle = atlas.landmark("lateral_femoral_epicondyle", "r")
    assert knee[:, 0].min() > atlas.landmark("knee_joint_centre", "r")[0]  # lateral half only
    assert np.linalg.norm(knee - epicondyle, axis=1).min() < 25
    hip = zones.mesh("outer_hip_r").vertices
    trochanter = atlas.landmark("greater_trochanter", "r")
    assert np.linalg.norm(hip - trochanter, axis=1).min() < 45  # skin over it, not bone
    assert np.median(hip[:, 0]) > trochanter[0] - 10


def test_sacroiliac_zone_covers_the_dimple(zones, atlas):
    si = zones.mesh("sacroiliac_region_r").vertices
    psis = atlas.landmark("psis", "r")
    assert np.linalg.norm(si - psis, axis=1).min() < 25
    assert si[:, 1].max() < psis[1] + 50  # on the back
