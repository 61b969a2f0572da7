"""Measured lengthening (glutelib/lengths.py) on the rig's geometry: what a pose lengthens
and shortens, a muscle's length through a joint's range, and piriformis turning from an
external into an internal rotator as the hip flexes (issue 33 item 2)."""

from __future__ import annotations

import numpy as np

from glutelib.lengths import length_curve, lengthening, region_muscles


def test_a_sweep_posed_alone_measures_what_the_whole_atlas_posed_does(library):
    pose = library.pose("hip_flexion_r:70,hip_rotation_r:20,knee_flexion_r:60,pelvic_tilt:5")
    rig = library.rig
    for sid in region_muscles(library):
        assert rig.length_ratio(sid, pose, alone=True) == rig.length_ratio(sid, pose), sid


def test_hip_flexion_lengthens_the_extensors_and_shortens_the_flexors(library):
    found = lengthening(library, library.pose("hip_flexion_r:90"))
    ratios = {length.id: length.ratio for length in found}
    assert [length.ratio for length in found] == sorted(ratios.values(), reverse=True)
    for longer in ("gluteus_maximus_r", "semimembranosus_r", "biceps_femoris_long_head_r"):
        assert ratios[longer] > 1.05, longer
    for shorter in ("iliacus_r", "psoas_major_r"):
        assert ratios[shorter] < 0.95, shorter
    assert abs(ratios["gluteus_maximus_l"] - 1) < 0.01  # the other leg stays
    assert {"semitendinosus_r", "piriformis_l"} <= set(ratios)


def test_piriformis_turns_from_an_external_to_an_internal_rotator_past_about_60_degrees(library):
    """Turning the hip out shortens piriformis with the hip straight and lengthens it with
    the hip well flexed: the sign of its length's slope over rotation flips."""
    slopes = {}
    for flexion in (0, 30, 60, 90, 110):
        pose = library.pose(f"hip_flexion_r:{flexion}" if flexion else "standing")
        curve = length_curve(library, "piriformis_r", pose, "hip_rotation_r")
        assert curve.angles[0] == -45 and curve.angles[-1] == 45 and curve.now == 0
        assert np.all(np.diff(curve.angles) == library.joints.step)
        slopes[flexion] = np.polyfit(curve.angles, curve.ratios, 1)[0]
    assert slopes[0] < 0 and slopes[30] < 0, slopes
    assert slopes[90] > 0 and slopes[110] > 0, slopes
    at_now = length_curve(library, "piriformis_r", library.pose("hip_rotation_r:20"),
                          "hip_rotation_r")  # fmt: skip
    (i,) = np.flatnonzero(at_now.angles == 20)
    assert at_now.ratios[i] == library.rig.length_ratio(
        "piriformis_r", library.pose("hip_rotation_r:20")
    )
