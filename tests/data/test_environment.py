"""environment.yml (conda) and pyproject.toml (pip) must ask for the same packages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"]:  # the conda environment holds them all
        reqs += project["optional-dependencies"][extra]
    return dict(_split(r) for r in reqs)


def conda_requirements() -> tuple[str, dict[str, str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    python, reqs = None, {}
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for item in items:
            if item.startswith("-e"):
                continue
            name, spec = _split(item)
            if name == "python":
                python = spec
            elif name != "pip":
                reqs[name] = spec
    return python, reqs


def test_environment_yml_pins_python_311():
    python, _ = conda_requirements()
    assert python == "=3.11"
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert "3.11" in requires


def test_environment_yml_and_pyproject_agree():
    pip = pyproject_requirements()
    _, conda = conda_requirements()
    assert set(conda) == set(pip), (
        f"only in environment.yml: {sorted(set(conda) - set(pip))}; "
        f"only in pyproject.toml: {sorted(set(pip) - set(conda))}"
    )
    differing = {n: (conda[n], pip[n]) for n in pip if conda[n] != pip[n]}
    assert not differing, f"version specs differ (conda, pip): {differing}"
