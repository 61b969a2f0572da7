"""Bony landmarks (data/landmarks.yaml): points a therapist finds by touch, marked on the model.

A landmark's point is in meshes/manifest.json for the standing body; a mark follows its bone
into any pose by riding on the bone's vertex nearest that point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import ConfigDict, Field

from glutelib.atlas import Atlas
from glutelib.datafiles import LANDMARKS, DataModel, data_path, read_data_file
from glutelib.errors import DataFileError, NotFoundError
from glutelib.sides import WORDS, named, on_side, side_id, side_in


class LandmarkEntry(DataModel):
    """One landmark of landmarks.yaml (both sides where the manifest has both)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    bone: str  # a stem or id of the atlas: the bone it lies on
    name: str
    plain_name: str
    aliases: tuple[str, ...] = ()
    description: str = Field(min_length=10)  # plain words, for clients
    note: str = ""  # for students


class _LandmarkFile(DataModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int
    landmarks: dict[str, LandmarkEntry]


@dataclass(frozen=True)
class Landmark:
    """A landmark on one side: `key` as in the manifest ('ischial_tuberosity_r')."""

    key: str
    entry: LandmarkEntry
    side: str | None
    bone: str  # the atlas id of its bone on that side

    def label_in(self, plain: bool) -> str:
        """'Ischial tuberosity (right)', or in plain words 'Right sitting bone'."""
        return named(self.entry.plain_name if plain else self.entry.name, self.side, plain)


class Landmarks:
    """Every described landmark by key, checked against the atlas; found by name or alias."""

    def __init__(self, atlas: Atlas, path: Path | None = None):
        path = path or data_path(LANDMARKS)
        parsed = read_data_file(path, _LandmarkFile, "Landmark file")
        self.atlas = atlas
        self.marks: dict[str, Landmark] = {}
        for stem, entry in parsed.landmarks.items():
            try:
                bones = atlas.expand(entry.bone)
            except NotFoundError as exc:
                raise DataFileError(f"Landmark file {path}, {stem}.bone: {exc}") from None
            for bone in bones:
                side = atlas[bone].side
                key = side_id(stem, side)
                if key not in atlas.manifest.landmarks:
                    raise DataFileError(
                        f"Landmark file {path}, {stem}: the meshes' manifest has no landmark "
                        f"{key!r}; describe only landmarks listed in meshes/manifest.json."
                    )
                self.marks[key] = Landmark(key, entry, side, bone)
        self._nearest: dict[str, int] = {}

    def __getitem__(self, key: str) -> Landmark:
        if key not in self.marks:
            raise NotFoundError(str(key), self.marks, kind="landmark")
        return self.marks[key]

    def __contains__(self, key: object) -> bool:
        return key in self.marks

    def find(self, text: str) -> list[Landmark]:
        """Landmarks whose name, plain name or an alias starts with `text` (a side word in
        the text keeps that side)."""
        side, words = side_in(_words(text), tokens=WORDS)
        query = " ".join(words)
        if len(query) < 2:
            return []
        hits = []
        for mark in self.marks.values():
            names = (mark.entry.name, mark.entry.plain_name, *mark.entry.aliases)
            matches = any(" ".join(_words(n)).startswith(query) for n in names)
            if matches and on_side(mark.side, side):
                hits.append(mark)
        return hits

    def vertex(self, key: str) -> int:
        """Index of the bone's vertex nearest the landmark (standing): the mark rides on it."""
        if key not in self._nearest:
            mark = self[key]
            bone = np.asarray(self.atlas.mesh(mark.bone).vertices)
            point = np.asarray(self.atlas.manifest.landmarks[key], dtype=float)
            self._nearest[key] = int(np.argmin(np.linalg.norm(bone - point, axis=1)))
        return self._nearest[key]


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split()
