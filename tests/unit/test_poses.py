"""Poses: rigid bones, skinned soft tissue, pose files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from glutelib.errors import DataFileError
from glutelib.poses import WIDENING_SHOWN_TIMES, LegPose, Pose, Rig, load_poses


@pytest.fixture(scope="module")
def rig(atlas):
    return Rig(atlas)


@pytest.fixture(scope="module")
def poses():
    return load_poses()


def test_standing_changes_nothing(rig, atlas):
    for sid in ("femur_r", "gluteus_maximus_r", "sciatic_nerve_l", "vertebra_l3"):
        assert np.array_equal(rig.vertices(sid, Pose()), atlas.mesh(sid).vertices)
    assert all(np.allclose(t, np.eye(4)) for t in rig.transforms(Pose()).values())


def test_skinning_weights_are_a_partition_of_unity(rig):
    w = rig.weights("gluteus_maximus_r")
    assert np.allclose(w.sum(axis=1), 1.0) and (w >= 0).all()
    names = [rig.names[k] for k in np.flatnonzero(w.max(axis=0) > 0.5)]
    assert {"hip_bone_r", "thigh_r"} <= set(names) and "thigh_l" not in names


@pytest.mark.parametrize("name", ["seated", "duck_footed", "pregnancy", "fair_test"])
def test_bones_stay_rigid(rig, atlas, poses, name):
    for bone in ("femur_r", "tibia_l", "hip_bone_r", "vertebra_l1", "foot_bones_r"):
        before, after = atlas.mesh(bone).vertices, rig.vertices(bone, poses[name])
        pick = np.random.default_rng(0).choice(len(before), size=(200, 2))
        d0 = np.linalg.norm(before[pick[:, 0]] - before[pick[:, 1]], axis=1)
        d1 = np.linalg.norm(after[pick[:, 0]] - after[pick[:, 1]], axis=1)
        assert np.allclose(d0, d1, atol=1e-6), bone


def test_hip_flexion_carries_the_knee_forward_and_knee_flexion_the_foot_back(rig, atlas):
    knee = atlas.landmark("knee_joint_centre", "r")
    pose = Pose(right=LegPose(hip_flexion=90))
    moved = rig.transforms(pose)["thigh_r"] @ np.append(knee, 1)
    assert moved[1] > 350 and abs(moved[2]) < 30  # thigh horizontal, pointing forward
    ankle = rig.skeleton.ankle("r")
    bent = rig.transforms(Pose(right=LegPose(knee_flexion=90)))["shank_r"] @ np.append(ankle, 1)
    assert bent[1] < -300  # the foot swings behind the knee
    assert np.allclose(rig.transforms(pose)["thigh_l"], np.eye(4))  # the other leg stays


@pytest.mark.parametrize("side", ["r", "l"])
def test_external_rotation_turns_the_foot_out(rig, atlas, side):
    toe = atlas.mesh(f"toe_bones_{side}").vertices.mean(axis=0)
    pose = Pose(**{"right" if side == "r" else "left": LegPose(hip_rotation=30)})
    moved = rig.transforms(pose)[f"foot_{side}"] @ np.append(toe, 1)
    outward = 1 if side == "r" else -1
    assert (moved[0] - toe[0]) * outward > 20  # toes move to that side's outside


def test_pelvis_widening_is_shown_exaggerated_and_said(rig, atlas):
    pose = Pose(pelvis_widening_mm=2.5)
    gap = lambda p: (rig.vertices("hip_bone_r", p)[:, 0].min()  # noqa: E731
                     - rig.vertices("hip_bone_l", p)[:, 0].max())  # fmt: skip
    assert gap(pose) - gap(Pose()) == pytest.approx(2.5 * WIDENING_SHOWN_TIMES, abs=1e-6)
    assert np.array_equal(rig.vertices("sacrum", pose), atlas.mesh("sacrum").vertices)
    assert f"{WIDENING_SHOWN_TIMES} times bigger" in pose.widening_note(plain=True)
    assert Pose().widening_note() == ""


def test_soft_tissue_follows_its_bones(rig, poses):
    seated = poses["seated"]
    knee_side = rig.vertices("biceps_femoris_long_head_r", seated)
    assert knee_side[:, 1].max() > 250  # the hamstring went forward with the thigh
    assert np.allclose(
        rig.vertices("erector_spinae_r", Pose()), rig.atlas.mesh("erector_spinae_r").vertices
    )


def test_pose_file_errors_name_the_file_and_field(tmp_path):
    bad = tmp_path / "poses.yaml"
    bad.write_text("schema_version: 1\nposes:\n  sit:\n    right: {hip_flexion: 400}\n")
    with pytest.raises(DataFileError, match=r"poses\.yaml.*\n.*sit\.right\.hip_flexion"):
        load_poses(bad)
    bad.write_text("schema_version: 1\nposes:\n  sit:\n    right: {hip_flex: 10}\n")
    with pytest.raises(DataFileError, match="hip_flex"):
        load_poses(bad)


def test_every_named_pose_loads(poses):
    assert {"standing", "seated", "knee_30", "duck_footed", "pigeon_toed", "pregnancy"} <= set(
        poses
    )
    assert poses["standing"].is_neutral and not poses["seated"].is_neutral


def test_posed_vertices_are_cached_on_disk_and_a_bad_cache_is_redone(atlas, poses, tmp_path):
    first = Rig(atlas, cache_dir=tmp_path)
    expected = first.vertices("gluteus_maximus_r", poses["knee_30"])
    (cached,) = tmp_path.glob("pose-*.npz")
    second = Rig(atlas, cache_dir=tmp_path)
    second._pose_structures = None  # would fail if called: everything must come from the file
    assert np.array_equal(second.vertices("gluteus_maximus_r", poses["knee_30"]), expected)
    cached.write_bytes(b"not a zip")
    third = Rig(atlas, cache_dir=tmp_path)
    assert np.array_equal(third.vertices("gluteus_maximus_r", poses["knee_30"]), expected)
    assert Rig(atlas, cache_dir=None).cache_dir is None


def test_a_cache_of_the_wrong_shape_is_worked_out_again_like_garbage(atlas, poses, tmp_path):
    """Readable arrays of the wrong shape (another build's, a hand edit) are not posed with:
    they once crashed posing, and the dashboard's opening, with an IndexError."""
    knee = poses["knee_30"]
    first = Rig(atlas, cache_dir=tmp_path)
    expected = first.vertices("gluteus_maximus_r", knee)
    clearance = first.soft.clearance
    (posed,) = tmp_path.glob("pose-*.npz")
    (kept,) = tmp_path.glob("clearance-*.npz")
    with np.load(posed) as stored:
        wrong = {k: stored[k][:, :2] for k in stored.files}  # (n, 2): right length, no z
    np.savez(posed, **wrong)
    np.savez(kept, array=clearance[:, :3])
    again = Rig(atlas, cache_dir=tmp_path)
    assert np.array_equal(again.vertices("gluteus_maximus_r", knee), expected)
    assert np.array_equal(again.soft.clearance, clearance)
    with np.load(posed) as stored:  # and the file is whole again for the next kernel
        assert stored["gluteus_maximus_r"].shape == expected.shape
    np.savez(posed, **{k: np.float64(1.0) for k in wrong})  # a number where arrays belong
    assert np.array_equal(Rig(atlas, cache_dir=tmp_path).vertices("gluteus_maximus_r", knee),
                          expected)  # fmt: skip


def test_a_broken_mesh_leaves_its_structure_out_not_the_pose(mesh_copy, tmp_path):
    from glutelib import load_atlas

    (mesh_copy / "piriformis_l.ply").write_bytes(b"ply\ncut short")
    rig = Rig(load_atlas(mesh_copy), cache_dir=tmp_path)
    seated = load_poses()["seated"]
    assert rig.vertices("piriformis_r", seated).shape[1] == 3
    assert "piriformis_l" not in rig.loadable


def test_a_clearance_never_exceeds_the_distance_to_the_bone_and_is_0_inside(atlas, tmp_path):
    import trimesh

    from glutelib import rigging

    rig = Rig(atlas, cache_dir=tmp_path)
    bones = list(rig.bones.fields)
    clearance = rig.soft.clearance
    assert clearance.shape == (len(rig.soft.rest), len(bones))
    cuts = np.r_[0, rig.soft.cuts, len(rig.soft.rest)]
    for sid in ("gluteus_medius_r", "tibial_nerve_r", "iliacus_l"):
        k = rig.soft.keys.index(sid)
        v = rig.soft.rest[cuts[k] : cuts[k + 1]]
        assert np.array_equal(v, atlas.mesh(sid).vertices)
        for bone in ("femur_r", "patella_r", "hip_bone_l", "tibia_r"):
            j, mesh = bones.index(bone), atlas.mesh(bone)
            mine = clearance[cuts[k] : cuts[k + 1], j]
            distance = trimesh.proximity.closest_point(mesh, v)[1]
            assert np.all(mine <= distance + 1e-3), (sid, bone)
            if mesh.is_watertight:
                assert np.all(mine[mesh.contains(v)] == 0), (sid, bone)
            else:  # an open mesh: inside its plugged voxels is 0 too
                assert np.all(mine[rig.bones.fields[bone].classify(v) == rigging.INSIDE] == 0)
    assert len(list(tmp_path.glob("clearance-*.npz"))) == 1  # kept for the next kernel
    again = Rig(atlas, cache_dir=tmp_path)
    again.bones.__dict__["fields"] = None  # measuring again would fail: it comes from the file
    assert np.array_equal(again.soft.clearance, clearance)


def test_the_pose_cache_key_covers_the_posing_code_not_the_mesh_build(atlas, poses, tmp_path,
                                                                      monkeypatch):  # fmt: skip
    """An edit to the mesh build (geometry.py) keeps every server's cache; an edit to what
    posing runs (rigging.py, nearest.py, poses.py) recomputes it."""
    from glutelib import geometry, nearest, rigging
    from glutelib import poses as posing

    def key() -> str:
        return Rig(atlas, cache_dir=tmp_path)._cache_path(poses["seated"]).name

    before = key()
    for module, recomputes in ((posing, True), (rigging, True), (nearest, True),
                               (geometry, False)):  # fmt: skip
        edited = tmp_path / f"{module.__name__}.py"
        edited.write_text(Path(module.__file__).read_text() + "\n# an edit\n")
        monkeypatch.setattr(module, "__file__", str(edited))
        assert (key() != before) == recomputes, module.__name__
        monkeypatch.undo()


def test_a_length_across_a_bent_knee_in_a_preset_comes_from_the_disk_cache(atlas, poses, tmp_path):
    """A length across a bent knee is measured in the pose with the knees straight: that
    pose is kept on disk with its preset, so a new kernel opening a walkthrough's seated step
    builds no bone fields."""
    expected = Rig(atlas, cache_dir=tmp_path).length_ratio("semimembranosus_r", poses["seated"])
    again = Rig(atlas, cache_dir=tmp_path)
    again.bones.__dict__["fields"] = None  # posing anew would fail
    assert again.length_ratio("semimembranosus_r", poses["seated"]) == expected
    assert len(list(tmp_path.glob("pose-*.npz"))) == 1  # seated with its knees straight


def test_a_pose_worked_out_from_the_last_one_is_the_same_to_the_last_bit(library):
    """A slider's next angle poses again only what the change can move (`_SoftTissue.repose`):
    the same numbers as posing every vertex, for a knee, a hip, the pelvis and a new leg."""
    joints, soft = library.joints, library.rig.soft
    start = joints.read_code("hip_flexion_r:40,knee_flexion_r:30")[0]
    before = soft.posed_and_skinned(start)
    for code in ("hip_flexion_r:40,knee_flexion_r:35", "hip_flexion_r:95,knee_flexion_r:30",
                 "pelvic_tilt:10,hip_flexion_r:40,knee_flexion_r:30",
                 "hip_flexion_l:-20,hip_rotation_r:30,knee_flexion_r:120", ""):  # fmt: skip
        pose = joints.read_code(code)[0]
        again = soft.repose(pose, start, *before)
        assert all(map(np.array_equal, again, soft.posed_and_skinned(pose))), code
