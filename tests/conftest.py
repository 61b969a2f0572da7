"""Shared fixtures: the real atlas and library, and a scratch copy of meshes/ that tests may damage.

Every test, and every process a test starts (Voila, its kernels, notebooks), keeps posed
vertices in a folder of this run instead of ~/.cache/glutelib: see pytest_configure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from glutelib import load_atlas
from glutelib.atlas import DEFAULT_MESH_DIR
from glutelib.library import load_library


@pytest.hookimpl(trylast=True)  # after pytest's tmp_path plugin has set up its factory
def pytest_configure(config: pytest.Config) -> None:
    """Point $GLUTELIB_CACHE at <run's base temp>/glutelib-cache before anything starts.

    One folder for the run, shared by the xdist workers (each has <base temp>/popen-gwN as its
    own base temp), so each pose is computed once per run; cache files are written atomically.
    Children inherit it through os.environ; a test that sets the variable itself still wins.
    """
    root = config._tmp_path_factory.getbasetemp()
    if hasattr(config, "workerinput"):  # an xdist worker
        root = root.parent
    cache = root / "glutelib-cache"
    cache.mkdir(exist_ok=True)
    os.environ["GLUTELIB_CACHE"] = str(cache)


@pytest.fixture(scope="session")
def glutelib_cache() -> Path:
    """The run's posed-vertex cache folder."""
    return Path(os.environ["GLUTELIB_CACHE"])


@pytest.fixture(scope="session")
def atlas():
    return load_atlas()


@pytest.fixture(scope="session")
def library(atlas):
    """The library, read once: data only, never mutated by a test."""
    return load_library(atlas)


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
