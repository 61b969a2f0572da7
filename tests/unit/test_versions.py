"""The dashboard says when plotly, anywidget, ipywidgets or voila are not the tested versions."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from glutelib import versions

ROOT = Path(__file__).resolve().parents[2]


def test_the_pins_are_read_from_pyproject_through_the_installed_metadata():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    dashboard = project["dependencies"] + project["optional-dependencies"]["dashboard"]
    declared = {r.split("~=")[0]: "~=" + r.split("~=")[1] for r in dashboard if "~=" in r}
    assert set(declared) == set(versions.CHECKED)
    assert {name: str(spec) for name, spec in versions.pins().items()} == declared


def test_the_tested_environment_gives_no_warning():
    assert versions.version_warnings() == []


@pytest.fixture
def installed(monkeypatch) -> dict[str, str | None]:
    """Installed versions to pretend, by package name; the others are the real ones."""
    fake: dict[str, str | None] = {}
    real = importlib.metadata.version

    def version(name: str) -> str:
        if name not in fake:
            return real(name)
        if fake[name] is None:
            raise importlib.metadata.PackageNotFoundError(name)
        return fake[name]

    monkeypatch.setattr(importlib.metadata, "version", version)
    return fake


def test_a_newer_plotly_is_named_with_the_tested_range_and_the_fix(installed):
    installed["plotly"] = "7.2.0"
    assert versions.version_warnings() == [
        "plotly 7.2.0 is installed; glutelib is tested with plotly~=7.1.0. If the 3D view "
        "misbehaves, run `make dashboard` to reinstall the tested versions."
    ]


def test_every_package_outside_its_pin_gets_its_own_sentence(installed):
    installed.update(anywidget="0.12.0", ipywidgets="8.2.0", voila="0.5.1", plotly="7.1.3")
    found = versions.version_warnings()
    assert len(found) == 3  # plotly 7.1.3 is in the tested series
    assert any(w.startswith("anywidget 0.12.0 is installed") for w in found)
    assert any(w.startswith("ipywidgets 8.2.0") and "buttons or sliders" in w for w in found)
    assert any(w.startswith("voila 0.5.1") and "voila~=0.5.13" in w for w in found)


def test_a_missing_package_is_a_warning_not_a_crash(installed):
    installed["anywidget"] = None
    assert versions.version_warnings() == [
        "anywidget is not installed; glutelib is tested with anywidget~=0.11.0. If the 3D view "
        "misbehaves, run `make dashboard` to reinstall the tested versions."
    ]


def test_without_glutelib_metadata_there_is_nothing_to_compare(monkeypatch):
    def requires(name: str):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "requires", requires)
    assert versions.version_warnings() == []


def test_make_dashboard_check_exits_0_here():
    """`make dashboard` runs the module as a script (no glutelib import) and reinstalls on 1."""
    result = subprocess.run([sys.executable, "-P", "glutelib/versions.py"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
