"""The library, read once for the unit tests: data only, never mutated by a test."""

from __future__ import annotations

import pytest

from glutelib.library import load_library


@pytest.fixture(scope="session")
def library(atlas):
    return load_library(atlas)
