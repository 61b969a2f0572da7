"""Shared fixtures: the real atlas, and a scratch copy of meshes/ that tests may damage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from glutelib import load_atlas
from glutelib.atlas import DEFAULT_MESH_DIR


@pytest.fixture(scope="session")
def atlas():
    return load_atlas()


@pytest.fixture
def mesh_copy(tmp_path) -> Path:
    """A private copy of meshes/ to break on purpose."""
    out = tmp_path / "meshes"
    shutil.copytree(DEFAULT_MESH_DIR, out)
    return out


# Every layer of the suite must be collected when the whole suite runs: a layer that silently
# collects nothing (a renamed folder, a missing plugin) fails the run instead of passing it.
LAYERS = {
    "unit": "tests/unit/",
    "data": "tests/data/",
    "anatomy": "tests/anatomy/",
    "browser": "tests/browser/",
    "notebooks": "notebooks/",
}


def pytest_collection_modifyitems(session, config, items):
    if config.args and any(not a.rstrip("/").endswith(("tests", "notebooks")) for a in config.args):
        return  # a hand-picked subset: no completeness check
    paths = [item.nodeid for item in items]
    empty = [
        name for name, prefix in LAYERS.items() if not any(p.startswith(prefix) for p in paths)
    ]
    if empty:
        raise pytest.UsageError(f"test layers collected nothing: {', '.join(empty)}")
