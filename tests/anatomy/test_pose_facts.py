"""Anatomy in motion: lengths change the way anatomy says, nothing passes through bone."""

from __future__ import annotations

import numpy as np
import pytest

from glutelib import rigging
from glutelib.conditions import load_conditions
from glutelib.poses import LegPose, Pose, Rig, load_poses


@pytest.fixture(scope="module")
def rig(atlas):
    return Rig(atlas)


@pytest.mark.parametrize("side", ["r", "l"])
def test_hip_flexion_lengthens_gluteus_maximus(rig, side):
    leg = {"right" if side == "r" else "left": LegPose(hip_flexion=90)}
    assert rig.length_ratio(f"gluteus_maximus_{side}", Pose(**leg)) > 1.15
    assert rig.length_ratio(f"iliacus_{side}", Pose(**leg)) < 0.9  # the hip flexor shortens


def test_external_rotation_in_extension_shortens_piriformis(rig):
    turned_out = Pose(right=LegPose(hip_rotation=30))
    assert rig.length_ratio("piriformis_r", turned_out) < 0.95
    assert rig.length_ratio("tensor_fasciae_latae_r", turned_out) > 1.05  # an internal rotator
    assert rig.length_ratio("piriformis_r", Pose(right=LegPose(hip_rotation=-30))) > 1.03


def test_knee_bent_30_degrees_brings_the_it_band_over_the_lateral_epicondyle(rig, atlas):
    """In the femur's frame, the band next to the epicondyle slides from in front of it
    (knee straight) to over it (30 degrees) to behind it (60 degrees)."""
    epicondyle = atlas.landmark("lateral_femoral_epicondyle", "r")

    def offset(knee: float) -> np.ndarray:
        pose = Pose(right=LegPose(knee_flexion=knee))
        band = rig.vertices("iliotibial_band_r", pose)
        local = rigging.apply(np.linalg.inv(rig.transforms(pose)["thigh_r"]), band)
        near = np.linalg.norm(local - epicondyle, axis=1) < 30
        return local[near].mean(axis=0) - epicondyle

    straight, bent30, bent60 = offset(0), offset(30), offset(60)
    assert straight[1] > bent30[1] > bent60[1]  # moves backward as the knee bends
    assert straight[1] > 0.5 and bent60[1] < 0
    assert abs(bent30[1]) < 1.0 and bent30[0] > 2.0  # over it, on its outer side


def test_no_muscle_passes_through_bone_in_any_walkthrough_pose(rig, atlas):
    poses = load_poses()
    used = {step.pose for c in load_conditions().values() for step in c.steps}
    soft = [s.id for s in atlas if s.kind in ("muscle", "fascia") and s.side != "l"]
    worst = {
        (name, sid): rig.depth_in_bones(sid, poses[name]) for name in sorted(used) for sid in soft
    }
    deep = {k: round(v, 1) for k, v in worst.items() if v > 2.0}
    assert not deep, f"soft tissue inside bone (mm): {deep}"
    assert {"seated", "knee_30", "duck_footed", "pigeon_toed", "pregnancy"} <= used
