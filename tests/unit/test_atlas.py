"""Atlas loading, lookup and search, and every kind of bad input it must refuse clearly."""

from __future__ import annotations

import json

import numpy as np
import pytest

from glutelib import (
    GlutelibError,
    ManifestError,
    MeshFileError,
    StructureDataError,
    StructureNotFoundError,
    load_atlas,
)
from glutelib.datafiles import DATA_DIR
from glutelib.errors import NotFoundError


def test_every_structure_has_a_checked_mesh(atlas):
    atlas.verify()
    for s in atlas:
        mesh = atlas.mesh(s.id)
        assert len(mesh.faces) == atlas.manifest.structures[s.id].triangles
        lo, hi = np.array(atlas.manifest.structures[s.id].bounds_mm)
        assert np.allclose(mesh.bounds, [lo, hi], atol=0.1)


def test_mesh_is_cached_and_read_only(atlas):
    assert atlas.mesh("sacrum") is atlas.mesh("sacrum")
    with pytest.raises(ValueError):
        atlas.mesh("sacrum").vertices[0, 0] = 1.0


def test_paired_rows_expand_to_both_sides(atlas):
    assert atlas["femur_r"].side == "r" and atlas["femur_l"].side == "l"
    assert atlas["sacrum"].side is None
    assert atlas["femur_r"].label == "Femur (right)"


def test_select_filters(atlas):
    bones = atlas.select(kind="bone", side="r")
    assert {s.id for s in bones} >= {"femur_r", "sacrum"}
    assert not any(s.side == "l" for s in bones)


@pytest.mark.parametrize(
    ("text", "side", "expected"),
    [
        ("femur", None, ["femur_r", "femur_l"]),
        ("right femur", None, ["femur_r"]),
        ("Left thigh bone", None, ["femur_l"]),
        ("kneecap", "l", ["patella_l"]),
        ("sacrm", None, ["sacrum"]),
        ("L5", None, ["vertebra_l5"]),
        ("tailbone", None, ["sacrum"]),  # the model draws the coccyx with the sacrum
        ("hip pointer", None, ["hip_bone_r", "hip_bone_l"]),  # the iliac crest
        ("SI joint", None, ["sacroiliac_joint_r", "sacroiliac_joint_l"]),
        ("hamstrings", "r", ["biceps_femoris_long_head_r"]),
    ],
)
def test_find_by_any_name(atlas, text, side, expected):
    assert [s.id for s in atlas.find(text, side=side)][: len(expected)] == expected


def test_find_nothing_close_is_empty(atlas):
    assert atlas.find("zzzz qqqq") == []
    assert atlas.find("   ") == []


def test_unknown_name_suggests_the_closest(atlas):
    with pytest.raises(StructureNotFoundError, match="Did you mean 'femur_r'") as info:
        atlas["femur_rr"]
    assert isinstance(info.value, KeyError) and isinstance(info.value, GlutelibError)
    assert "femur_rr" in str(info.value)


def test_missing_manifest(mesh_copy):
    (mesh_copy / "manifest.json").unlink()
    with pytest.raises(ManifestError, match=r"(?s)manifest\.json is missing.*make meshes"):
        load_atlas(mesh_copy)


def test_manifest_not_json(mesh_copy):
    (mesh_copy / "manifest.json").write_text("{ not json")
    with pytest.raises(ManifestError, match="not valid JSON"):
        load_atlas(mesh_copy)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda m: m.pop("frame"), "frame"),
        (lambda m: m.update(frame="LPS"), "frame"),
        (lambda m: m["structures"]["sacrum"].update(triangles="many"), "sacrum.triangles"),
        (lambda m: m["structures"]["sacrum"].pop("sha256"), "sacrum.sha256"),
        (lambda m: m.update(schema_version=99), "schema_version 99"),
    ],
)
def test_malformed_manifest_names_the_key(mesh_copy, damage, message):
    path = mesh_copy / "manifest.json"
    manifest = json.loads(path.read_text())
    damage(manifest)
    path.write_text(json.dumps(manifest))
    with pytest.raises(ManifestError, match=message) as info:
        load_atlas(mesh_copy)
    assert str(path) in str(info.value)


def test_structure_without_mesh_in_manifest(mesh_copy):
    path = mesh_copy / "manifest.json"
    manifest = json.loads(path.read_text())
    del manifest["structures"]["patella_l"]
    path.write_text(json.dumps(manifest))
    with pytest.raises(ManifestError, match=r"no mesh for patella_l.*make meshes"):
        load_atlas(mesh_copy)


def test_missing_mesh_file(mesh_copy):
    (mesh_copy / "sacrum.ply").unlink()
    atlas = load_atlas(mesh_copy)  # lazily: the atlas loads, the mesh fails on use
    with pytest.raises(MeshFileError, match=r"sacrum\.ply.*missing.*make meshes"):
        atlas.mesh("sacrum")
    assert len(atlas.mesh("femur_r").faces) > 0  # the rest still works


def test_truncated_mesh_file(mesh_copy):
    path = mesh_copy / "sacrum.ply"
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(MeshFileError, match=r"sacrum\.ply.*checksum"):
        load_atlas(mesh_copy).mesh("sacrum")


def test_tampered_mesh_with_matching_checksum_is_still_refused(mesh_copy):
    """Garbage bytes whose checksum was 'fixed' in the manifest cannot be parsed."""
    import hashlib

    path = mesh_copy / "sacrum.ply"
    path.write_bytes(b"ply\nformat binary_little_endian 1.0\nelement vertex 99999\nend_header\n\0")
    manifest_path = mesh_copy / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["structures"]["sacrum"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(MeshFileError, match=r"sacrum\.ply"):
        load_atlas(mesh_copy).mesh("sacrum")


def test_bad_structure_table(tmp_path):
    table = tmp_path / "structures.yaml"
    text = (DATA_DIR / "structures.yaml").read_text().replace("kind: bone", "kind: rock", 1)
    table.write_text(text)
    with pytest.raises(StructureDataError, match=r"(?s)structures\.yaml.*hip_bone\.kind"):
        load_atlas(structures=table)
    table.write_text("structures: [unclosed")
    with pytest.raises(StructureDataError, match="not valid YAML"):
        load_atlas(structures=table)


def test_unknown_landmark(atlas):
    with pytest.raises(NotFoundError, match="No landmark called 'nowhere_r'"):
        atlas.landmark("nowhere", "r")


def test_a_structure_in_a_layer_that_does_not_exist_is_named(tmp_path):
    table = tmp_path / "structures.yaml"
    text = (DATA_DIR / "structures.yaml").read_text()
    table.write_text(text.replace("layer: superficial", "layer: skin", 1))
    with pytest.raises(StructureDataError, match=r"layer 'skin', which is not one of `layers`"):
        load_atlas(structures=table)


@pytest.mark.parametrize("query", [None, 3, b"piriformis", ["piriformis"]])
def test_find_refuses_what_is_not_text_with_the_projects_own_error(atlas, query):
    from glutelib.errors import GlutelibError

    with pytest.raises(GlutelibError, match=r"find\(\) takes a name as text"):
        atlas.find(query)


def test_true_or_false_is_not_taken_for_a_number_and_numbers_are_finite(mesh_copy, tmp_path):
    from glutelib.poses import load_poses

    table = tmp_path / "structures.yaml"
    table.write_text((DATA_DIR / "structures.yaml").read_text().replace(
        "schema_version: 1", "schema_version: true", 1))  # fmt: skip
    with pytest.raises(GlutelibError, match=r"structures.yaml.*\n.*schema_version.*not true"):
        load_atlas(mesh_copy, table)
    manifest = json.loads((mesh_copy / "manifest.json").read_text())
    manifest["landmarks"]["asis_r"] = [float("nan"), 0.0, 0.0]
    (mesh_copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(GlutelibError, match=r"manifest.json.*\n.*landmarks.asis_r.0: .*finite"):
        load_atlas(mesh_copy)
    poses = tmp_path / "poses.yaml"
    text = (DATA_DIR / "poses.yaml").read_text()
    poses.write_text(text.replace("{hip_flexion: 85", "{hip_flexion: .inf", 1))
    with pytest.raises(GlutelibError, match=r"poses.yaml.*\n.*hip_flexion: .*finite"):
        load_poses(poses)


def test_an_error_message_stays_short_however_large_the_input(atlas):
    from glutelib.errors import MAX_MESSAGE_CHARS

    with pytest.raises(GlutelibError) as raised:
        atlas["x" * 5_000_000]
    assert len(str(raised.value)) < 400
    assert len(str(GlutelibError("y" * 10**7))) < MAX_MESSAGE_CHARS + 100


def test_a_mesh_path_that_is_a_folder_or_a_manifest_nested_deep_is_named(mesh_copy):
    (mesh_copy / "sacrum.ply").unlink()
    (mesh_copy / "sacrum.ply").mkdir()
    assert "sacrum.ply for 'sacrum' is a folder" in load_atlas(mesh_copy).broken["sacrum"]
    (mesh_copy / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(GlutelibError, match=r"manifest.json is not valid JSON.*make meshes"):
        load_atlas(mesh_copy)


@pytest.mark.parametrize("name", [["piriformis"], None, 3])
def test_expand_refuses_a_list_or_a_number_with_the_projects_own_error(atlas, name):
    with pytest.raises(GlutelibError, match=r"expand\(\) takes one name.*atlas.expand\('pirif"):
        atlas.expand(name)


@pytest.mark.parametrize("side", ["x", "right", "R", 1])
def test_a_side_that_is_not_r_or_l_is_named_not_matched_to_nothing(atlas, side):
    with pytest.raises(GlutelibError, match=r"side must be 'r' \(right\), 'l' \(left\) or None"):
        atlas.find("piriformis", side=side)
    with pytest.raises(GlutelibError, match="side must be"):
        atlas.select(kind="muscle", side=side)
