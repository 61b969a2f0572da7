"""Exceptions with messages that name the file or name at fault and say how to fix it.

Every error the library raises on bad input is a `GlutelibError`, so callers (and the
dashboard) can catch one type and show its message to a person.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np

MAX_MESSAGE_CHARS = 2000  # a message quotes the input at fault; a huge input stays off the page


class GlutelibError(Exception):
    """Base class of every error glutelib raises on bad input; its message is at most
    MAX_MESSAGE_CHARS long, however much of the input it quotes."""

    def __init__(self, message: str = "", *args):
        message = str(message)
        if len(message) > MAX_MESSAGE_CHARS:
            cut = len(message) - MAX_MESSAGE_CHARS
            message = (
                f"{message[: MAX_MESSAGE_CHARS // 2]} [... {cut} characters ...] "
                + (message[-MAX_MESSAGE_CHARS // 2 :])
            )
        super().__init__(message, *args)


class DataFileError(GlutelibError):
    """A YAML or JSON data file is missing, unreadable, malformed, or names something that
    does not exist; the message names the file, the place in it and the fix."""


class StructureDataError(DataFileError):
    """`structures.yaml` is malformed, or disagrees with another data file."""


class ManifestError(DataFileError):
    """`meshes/manifest.json` is missing, malformed, or disagrees with the structure table."""


class ConditionError(DataFileError):
    """A condition file is malformed or refers to something that does not exist."""


class MeshFileError(GlutelibError):
    """A mesh file is missing, unreadable, truncated or does not match its checksum."""


class NotFoundError(GlutelibError, KeyError):
    """Nothing of this kind ("camera", "pose", "zone", ...) has this name; the message offers
    the closest names. Also a `KeyError`, so lookups behave like a dict's."""

    kind = "thing"

    def __init__(self, name: str, candidates: Iterable[str] = (), kind: str | None = None):
        self.name = name
        self.kind = kind or self.kind
        self.suggestions = suggest(name, candidates)
        hint = f" Did you mean {_quoted(self.suggestions)}?" if self.suggestions else ""
        shown = repr(name) if len(str(name)) <= 200 else repr(str(name)[:200]) + "..."
        super().__init__(f"No {self.kind} called {shown}.{hint}")

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])


class StructureNotFoundError(NotFoundError):
    """No structure has this id or name."""

    kind = "structure"


# An absolute path in a message: from a root slash (not the second slash of a URL, not
# "and/or") or a drive letter, up to a space or a quote.
_ABSOLUTE_PATH = re.compile(
    r"""(?<![\w./:])(?:[A-Za-z]:)?[/\\](?:[^\s/\\'"“”<>|]+[/\\])+[^\s/\\'"“”<>|;,]+"""
)


def without_paths(text: str, folders: Mapping[str | Path, str] | None = None) -> str:
    """`text` as a visitor may see it: no folder of the server named. A path inside one of
    `folders` is named from that folder's short name ({mesh_dir: "meshes"} gives
    "meshes/piriformis_l.ply"); any other absolute path by its last two parts."""
    for folder, name in sorted((folders or {}).items(), key=lambda f: -len(str(f[0]))):
        text = text.replace(str(folder).rstrip("/\\"), name)

    def short(match: re.Match) -> str:
        parts = re.split(r"[/\\]", match.group(0).rstrip(".)"))
        return "/".join(parts[-2:]) + match.group(0)[len(match.group(0).rstrip(".)")) :]

    return _ABSOLUTE_PATH.sub(short, text)


SUGGEST_CUTOFF = 0.6  # difflib's similarity a candidate needs to be suggested


def suggest(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The closest few candidates to `name`, best first (empty if nothing is close)."""
    word = str(name).lower()
    pool = tuple(sorted(set(candidates)))
    letters, counts, lengths = _letters(pool)
    # difflib's quick ratio for every candidate at once (letters shared over both lengths,
    # an upper bound on its ratio): the search index asks ~2,000 words of ~500 names
    mine = np.bincount([letters.get(c, len(letters)) for c in word], minlength=len(letters) + 1)
    shared = np.minimum(counts, mine[: len(letters)]).sum(axis=1)
    close = 2.0 * shared / np.maximum(lengths + len(word), 1) >= SUGGEST_CUTOFF - 1e-9
    near = [pool[i] for i in np.flatnonzero(close)]
    return difflib.get_close_matches(word, near, n=n, cutoff=SUGGEST_CUTOFF)


@lru_cache(maxsize=16)
def _letters(pool: tuple[str, ...]) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """The candidates' letters' columns, (m, letters) letter counts and (m,) lengths."""
    letters = {c: i for i, c in enumerate(sorted(set("".join(pool))))}
    counts = np.array([np.bincount([letters[c] for c in text], minlength=len(letters))
                       for text in pool]).reshape(len(pool), len(letters))  # fmt: skip
    return letters, counts, np.array([len(t) for t in pool], dtype=float)


def _quoted(names: list[str]) -> str:
    quoted = [repr(n) for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
