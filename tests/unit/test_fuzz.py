"""Fuzzing the loaders: whatever a data file holds, only glutelib's own errors come out."""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glutelib import GlutelibError
from glutelib.app.keys import load_keymap
from glutelib.atlas import DEFAULT_MESH_DIR, read_manifest, read_structures
from glutelib.audiences import load_audiences
from glutelib.cameras import load_cameras
from glutelib.conditions import load_condition
from glutelib.datafiles import CONDITIONS, DATA_DIR, SETTINGS, read_data_file
from glutelib.errors import DataFileError, StructureDataError
from glutelib.library import Settings
from glutelib.poses import load_poses
from glutelib.zones import Zones

CONDITIONS_DIR = DATA_DIR / CONDITIONS

FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=True), st.text(max_size=30))  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12,
)  # fmt: skip


def paths(doc, prefix=()):
    """Every (key path) in a nested dict/list document."""
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from paths(v, (*prefix, i))


def mutate(doc, path, value, delete: bool):
    doc = copy.deepcopy(doc)
    if not path:
        return value
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return doc


def loaders(atlas):
    return {
        "structures.yaml": (DATA_DIR / "structures.yaml", read_structures),
        "cameras.yaml": (DATA_DIR / "cameras.yaml", load_cameras),
        "audiences.yaml": (DATA_DIR / "audiences.yaml", load_audiences),
        "poses.yaml": (DATA_DIR / "poses.yaml", load_poses),
        "zones.yaml": (DATA_DIR / "zones.yaml", lambda p: Zones(atlas, p)),
        "pregnancy.yaml": (CONDITIONS_DIR / "pregnancy.yaml", lambda p: load_condition(p, atlas)),
        "keys.yaml": (DATA_DIR / "keys.yaml", load_keymap),
        "settings.yaml": (
            DATA_DIR / SETTINGS,
            lambda p: read_data_file(p, Settings, "Settings file"),
        ),
    }


NAMES = list(loaders(None))


def only_our_errors(load, path: Path) -> None:
    try:
        load(path)
    except GlutelibError as exc:
        assert str(exc)  # a message a person can read
    # anything else propagates and fails the test


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(data=st.data())
def test_mutated_yaml_files_raise_only_glutelib_errors(atlas, tmp_path, name, data):
    source, load = loaders(atlas)[name]
    doc = yaml.safe_load(source.read_text())
    path = data.draw(st.sampled_from(list(paths(doc))))
    mutated = mutate(doc, path, data.draw(values), data.draw(st.booleans()))
    target = tmp_path / source.name
    target.write_text(yaml.safe_dump(mutated, allow_unicode=True))
    only_our_errors(load, target)


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(raw=st.binary(max_size=200))
def test_garbage_bytes_raise_only_glutelib_errors(atlas, tmp_path, name, raw):
    source, load = loaders(atlas)[name]
    target = tmp_path / source.name
    target.write_bytes(raw)
    only_our_errors(load, target)


@FUZZ
@given(data=st.data())
def test_mutated_manifest_raises_only_manifest_errors(tmp_path, data):
    doc = json.loads((DEFAULT_MESH_DIR / "manifest.json").read_text())
    doc["structures"] = dict(list(doc["structures"].items())[:3])  # small enough to fuzz
    path = data.draw(st.sampled_from(list(paths(doc))))
    mutated = mutate(doc, path, data.draw(values), data.draw(st.booleans()))
    target = tmp_path / "manifest.json"
    target.write_text(json.dumps(mutated, allow_nan=True))
    only_our_errors(read_manifest, target)


def test_a_folder_where_a_file_should_be_is_named(tmp_path):
    (tmp_path / "cameras.yaml").mkdir()
    with pytest.raises(DataFileError, match=r"cameras\.yaml is a folder, not a file"):
        load_cameras(tmp_path / "cameras.yaml")
    shutil.rmtree(tmp_path / "cameras.yaml")


def test_a_bad_camera_file_is_a_data_file_error_not_a_structure_error(tmp_path):
    (tmp_path / "cameras.yaml").write_text("schema_version: 1\ncameras: {back: {eye: 1}}\n")
    with pytest.raises(DataFileError, match=r"Camera file .*cameras\.yaml is malformed") as info:
        load_cameras(tmp_path / "cameras.yaml")
    assert not isinstance(info.value, StructureDataError)


def test_a_manifest_nested_very_deep_is_named(tmp_path):
    target = tmp_path / "manifest.json"
    target.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(GlutelibError, match=r"manifest\.json"):
        read_manifest(target)
