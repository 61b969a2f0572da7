"""Exceptions with messages that name the file or name at fault and say how to fix it.

Every error the library raises on bad input is a `GlutelibError`, so callers (and the
dashboard) can catch one type and show its message to a person.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class GlutelibError(Exception):
    """Base class of every error glutelib raises on bad input."""


class MeshFileError(GlutelibError):
    """A mesh file is missing, unreadable, truncated or does not match its checksum."""


class ManifestError(GlutelibError):
    """`meshes/manifest.json` is missing, malformed, or disagrees with the structure table."""


class StructureDataError(GlutelibError):
    """`structures.yaml` (or another data file) is malformed."""


class ConditionError(GlutelibError):
    """A condition file is malformed or refers to something that does not exist."""


class StructureNotFoundError(GlutelibError, KeyError):
    """No structure has this id or name. Also a `KeyError`, so `atlas[...]` behaves like a dict."""

    def __init__(self, name: str, candidates: Iterable[str] = ()):
        self.name = name
        self.suggestions = suggest(name, candidates)
        hint = f" Did you mean {_quoted(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"No structure called {name!r}.{hint}")

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])


def suggest(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The closest few candidates to `name`, best first (empty if nothing is close)."""
    return difflib.get_close_matches(str(name).lower(), sorted(set(candidates)), n=n, cutoff=0.6)


def _quoted(names: list[str]) -> str:
    quoted = [repr(n) for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
