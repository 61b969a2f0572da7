"""Are the packages whose internals the dashboard relies on the versions its tests ran with?

The dashboard patches private parts of plotly's and anywidget's widgets and passes Voila options
by name, so another version may break the 3D view without an error. The pins live in
pyproject.toml (`~=`); they are read back from glutelib's installed metadata, one list to keep.
"""

from __future__ import annotations

import sys
from importlib import metadata

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

# Each checked package, and what of the dashboard shows it is the wrong one.
CHECKED = {
    "plotly": "the 3D view misbehaves",
    "anywidget": "the 3D view misbehaves",
    "ipywidgets": "the buttons or sliders misbehave",
    "voila": "the page misbehaves",
}
FIX = "run `make dashboard` to reinstall the tested versions"


def pins() -> dict[str, SpecifierSet]:
    """The versions glutelib's metadata asks for, of the packages in CHECKED; {} when glutelib
    runs without being installed (no metadata to compare with)."""
    try:
        requires = metadata.requires("glutelib") or []
    except metadata.PackageNotFoundError:
        return {}
    found = {}
    for line in requires:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        if name in CHECKED and _for_the_dashboard(requirement):
            found[name] = requirement.specifier
    return found


def _for_the_dashboard(requirement: Requirement) -> bool:
    """A requirement of the library itself or of its `dashboard` extra (not test, build...)."""
    marker = requirement.marker
    return marker is None or marker.evaluate({"extra": "dashboard"})


def version_warnings() -> list[str]:
    """One sentence per checked package whose installed version is outside its pin, for the
    dashboard page; [] when everything is as tested."""
    warnings = []
    for name, specifier in pins().items():
        tested = f"glutelib is tested with {name}{specifier}"
        fix = f"If {CHECKED[name]}, {FIX}."
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            warnings.append(f"{name} is not installed; {tested}. {fix}")
            continue
        if not specifier.contains(installed, prereleases=True):
            warnings.append(f"{name} {installed} is installed; {tested}. {fix}")
    return warnings


if __name__ == "__main__":  # `make dashboard` reinstalls when this exits 1
    found = version_warnings()
    for warning in found:
        print(warning, file=sys.stderr)
    sys.exit(1 if found else 0)
