"""The joints a person moves (glutelib/joints.py, joints.yaml): ranges inside the rig's and
holding standing, pose codes read and written, every bad value named and the rest kept."""

from __future__ import annotations

import pytest

from glutelib.datafiles import JOINTS as JOINTS_FILE
from glutelib.datafiles import data_path
from glutelib.errors import DataFileError
from glutelib.joints import load_joints
from glutelib.poses import Pose

JOINTS = load_joints()


def test_every_joint_is_an_angle_of_a_pose_with_words_and_a_source():
    assert JOINTS.ids(side="r") == ["hip_flexion_r", "hip_abduction_r", "hip_rotation_r",
                                    "knee_flexion_r", "pelvic_tilt",
                                    "lumbar_extension"]  # fmt: skip
    assert JOINTS.ids(side="trunk") == ["pelvic_tilt", "lumbar_extension"]
    assert JOINTS.ids(side="trunk", client=True) == []
    assert JOINTS.ids(side="l", client=True) == [
        "hip_flexion_l",
        "hip_rotation_l",
        "knee_flexion_l",
    ]
    for jid in JOINTS.ids():
        joint, _ = JOINTS.joint(jid)
        low, high = joint.range
        assert low <= 0 <= high and joint.source.strip()
        for plain in (False, True):
            words = joint.words(plain)
            assert words.label and words.low and words.high


def test_a_code_round_trips_and_moves_only_its_own_joints():
    pose, said = JOINTS.read_code("hip_flexion_l:30, lumbar_extension:-10,hip_rotation_r:-20.5")
    assert said == []
    assert (pose.left.hip_flexion, pose.lumbar_extension, pose.right.hip_rotation) == (
        30,
        -10,
        -20.5,
    )
    assert pose.right.hip_flexion == 0 and pose.left.hip_rotation == 0
    code = JOINTS.code_of(pose)
    assert code == "hip_flexion_l:30,hip_rotation_r:-20.5,lumbar_extension:-10"  # joints.yaml order
    assert JOINTS.read_code(code)[0] == pose
    assert JOINTS.code_of(Pose()) == "" and JOINTS.read_code("")[0].is_neutral


@pytest.mark.parametrize(
    ("code", "said", "kept"),
    [("knee_flexion_r:500", "angle_clamped", "knee_flexion_r:135"),
     ("hip_flexion_r:-90", "angle_clamped", "hip_flexion_r:-30"),
     ("hip_flexion:20", "no_joint", ""),  # a leg joint needs its side
     ("knee_flexion_r:inf", "bad_angle", ""),
     ("knee_flexion_r:1e999", "bad_angle", ""),
     ("knee_flexion_r:", "bad_angle", ""),
     ("constructor:1,knee_flexion_r:20", "no_joint", "knee_flexion_r:20"),
     ("knee_flexion_r:20,knee_flexion_r:40", "repeated_joint", "knee_flexion_r:20")],
)  # fmt: skip
def test_a_bad_value_is_named_and_the_rest_of_the_code_applies(code, said, kept):
    pose, faults = JOINTS.read_code(code)
    assert [key for key, _ in faults] == [said]
    assert JOINTS.code_of(pose) == kept


def test_a_long_code_names_a_few_faults_and_reads_no_further_than_its_cut():
    pose, faults = JOINTS.read_code(",".join(["nothing:1"] * 200) + ",knee_flexion_r:20")
    assert len(faults) == 3 and pose.is_neutral  # the good angle lies past the cut


def test_a_range_beyond_the_rig_or_without_standing_is_refused_naming_the_file(tmp_path):
    copy = tmp_path / "joints.yaml"
    copy.write_text(
        data_path(JOINTS_FILE).read_text().replace("range: [0, 135]", "range: [10, 170]")
    )
    with pytest.raises(DataFileError) as error:
        load_joints(copy)
    assert "joints.yaml" in str(error.value) and "knee_flexion" in str(error.value)


def test_a_part_is_one_leg_or_the_trunk_and_a_joint_swaps_sides():
    assert JOINTS.part("l") == ["hip_flexion_l", "hip_abduction_l", "hip_rotation_l",
                                "knee_flexion_l"]  # fmt: skip
    assert JOINTS.part("trunk") == ["pelvic_tilt", "lumbar_extension"]
    assert JOINTS.on_side("knee_flexion_r", "l") == "knee_flexion_l"
    assert JOINTS.on_side("pelvic_tilt", "l") == "pelvic_tilt"
    assert JOINTS.mirrored({"hip_flexion_r": 90, "hip_flexion_l": -20, "pelvic_tilt": -10}) == {
        "hip_flexion_l": 90, "hip_flexion_r": -20, "pelvic_tilt": -10}  # fmt: skip


@pytest.mark.parametrize(("old", "new"), [("step: 5", "step: 0"),
                                          ("range: [0, 135]", "range: [0, 0]")])  # fmt: skip
def test_a_step_of_nothing_or_a_range_of_one_angle_is_refused(tmp_path, old, new):
    copy = tmp_path / "joints.yaml"
    copy.write_text(data_path(JOINTS_FILE).read_text().replace(old, new, 1))
    with pytest.raises(DataFileError):
        load_joints(copy)


def test_a_pose_is_said_a_part_at_a_time_and_a_move_to_it_ends_on_its_own_angles():
    pose = JOINTS.read_code("hip_flexion_r:90,hip_rotation_r:-30,knee_flexion_r:45")[0]
    assert JOINTS.describe(pose) == (
        "the right hip flexed 90° and internally rotated 30°, and the right knee flexed 45°"
    )
    trunk = JOINTS.read_code("pelvic_tilt:-10,lumbar_extension:20,hip_abduction_l:-15")[0]
    assert JOINTS.describe(trunk) == ("the left hip adducted 15°, the pelvis tilted posteriorly "
                                      "10°, and the lumbar spine extended 20°")  # fmt: skip
    frames = JOINTS.frames(pose, 4)
    codes = [JOINTS.code_of(f) for f in frames]
    assert codes[-1] == JOINTS.code_of(pose) and len(codes) == 4
    flexion = [f.right.hip_flexion for f in frames]
    assert flexion == sorted(flexion) and flexion[0] == 22.5  # evenly on the way
    for code in codes:  # each is a code an address can hold: read back as written
        assert JOINTS.code_of(JOINTS.read_code(code)[0]) == code and not JOINTS.read_code(code)[1]
    assert JOINTS.frames(Pose(), 3) == [JOINTS.posed(Pose(), {})] * 3  # standing stays
