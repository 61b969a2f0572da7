"""How each structure is found by touch, as data (palpation.yaml), checked against the atlas,
the landmarks and the zones' regions when the library loads. What it stands on is measured
in glutelib/palpation.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import ConfigDict, Field

from glutelib.atlas import Atlas
from glutelib.datafiles import PALPATION, DataModel, data_path, read_data_file
from glutelib.errors import DataFileError, NotFoundError
from glutelib.landmarks import Landmarks
from glutelib.projection import press_for
from glutelib.sides import SIDES, side_id
from glutelib.zones import Patch, Zones

LOG = logging.getLogger(__name__)
FIX = "fix the entry (structures.yaml lists the structures, landmarks.yaml the landmarks)"
PressFrom = Literal["posterior", "lateral", "anterior"]


class Position(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    plain_label: str
    press_from: PressFrom


class RouteStep(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    words: str = Field(min_length=10)
    landmarks: tuple[str, ...] = ()  # landmarks.yaml stems to mark at this step


class Entry(DataModel):
    """How one structure (both sides) is found by touch."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    position: str
    route: tuple[RouteStep, ...] = Field(min_length=1)
    layers: tuple[str, ...]  # stems over it, skin first, as the sources say
    fibres: str
    stroke: Literal["with", "across", "none"]
    reach: Literal["surface", "deep", "not_palpable"]
    client: str = Field(min_length=20)  # where your therapist works and why, plain words
    sources: tuple[str, ...] = Field(min_length=1)


class SiteSpec(DataModel):
    """An endangerment site: skin patches (zones.yaml's kind) and what they protect."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    plain_label: str
    protects: tuple[str, ...]  # stems the atlas has
    not_modelled: tuple[str, ...] = ()  # what it protects that the atlas does not have
    why: str = Field(min_length=20)
    plain: str = Field(min_length=20)
    patches: tuple[Patch, ...] = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)


class _PalpationFile(DataModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int
    sources: dict[str, str]
    positions: dict[str, Position]
    structures: dict[str, Entry]
    endangerment: dict[str, SiteSpec]


@dataclass(frozen=True)
class Site:
    """An endangerment site on one side: `id` ('sciatic_course_r'), its spec, and the ids of
    the structures it protects on that side."""

    id: str
    spec: SiteSpec
    side: str | None
    protects: tuple[str, ...]


class Palpation:
    """palpation.yaml, checked against the atlas, the landmarks and the zones' regions."""

    def __init__(self, atlas: Atlas, landmarks: Landmarks, zones: Zones,
                 path: Path | None = None):  # fmt: skip
        self.path = Path(path or data_path(PALPATION))
        self.data = read_data_file(self.path, _PalpationFile, "Palpation file")
        self.atlas, self.zones = atlas, zones
        self.entries: dict[str, Entry] = {}  # structure id -> its entry
        for stem, entry in self.data.structures.items():
            where = f"Palpation file {self.path}, {stem}"
            for sid in self._ids(stem, where):
                if sid not in atlas.broken:  # a part that does not load is not palpated
                    self.entries[sid] = entry
            self._check_entry(entry, landmarks, where)
        self.sites: dict[str, Site] = {}
        for stem, spec in self.data.endangerment.items():
            where = f"Palpation file {self.path}, endangerment {stem}"
            self._check_sources(spec.sources, where)
            for side in SIDES:
                protects = [i for s in spec.protects for i in self._ids(s, where)
                            if atlas[i].side in (side, None)]  # fmt: skip
                zones.check_patches(list(spec.patches), side, where)
                over = [i for p in spec.patches if p.over for i in self._ids(p.over, where)
                        if atlas[i].side in (side, None) and i in atlas.broken]  # fmt: skip
                if over:  # drawn over a part that does not load: left out, as the part is
                    LOG.warning("%s (%s) is left out: %s did not load", where, side, over[0])
                    continue
                self.sites[side_id(stem, side)] = Site(side_id(stem, side), spec, side,
                                                       tuple(protects))  # fmt: skip

    def _ids(self, stem: str, where: str) -> list[str]:
        try:
            return self.atlas.expand(stem)
        except NotFoundError as exc:
            raise DataFileError(f"{where}: {exc} {FIX}.") from None

    def _check_entry(self, entry: Entry, landmarks: Landmarks, where: str) -> None:
        if entry.position not in self.data.positions:
            raise DataFileError(f"{where}: no position {entry.position!r}; positions are "
                                f"{', '.join(self.data.positions)}.")  # fmt: skip
        for n, step in enumerate(entry.route, 1):
            for mark in step.landmarks:
                if not any(side_id(mark, s) in landmarks.marks for s in (*SIDES, None)):
                    known = sorted({m.rsplit("_", 1)[0] for m in landmarks.marks})
                    raise DataFileError(f"{where}, route step {n}: no landmark {mark!r}; "
                                        f"landmarks.yaml has {', '.join(known)}.")  # fmt: skip
        for stem in entry.layers:
            self._ids(stem, f"{where}, layers")
        self._check_sources(entry.sources, where)

    def _check_sources(self, sources: tuple[str, ...], where: str) -> None:
        for key in sources:
            if key not in self.data.sources:
                raise DataFileError(f"{where}: no source {key!r}; add it under `sources` "
                                    f"(known: {', '.join(self.data.sources)}).")  # fmt: skip

    def entry(self, structure_id: str) -> Entry:
        """How a structure is found by touch; NotFoundError names what the file covers."""
        if structure_id not in self.entries:
            raise NotFoundError(structure_id, self.entries, kind="structure to palpate")
        return self.entries[structure_id]

    def position(self, structure_id: str) -> Position:
        return self.data.positions[self.entry(structure_id).position]

    def press(self, structure_id: str) -> np.ndarray:
        """(3,) the way a finger presses for it, from its position's side."""
        side = self.atlas[structure_id].side
        return press_for(self.position(structure_id).press_from, side)


def load_palpation(atlas: Atlas, landmarks: Landmarks, zones: Zones,
                   path: Path | None = None) -> Palpation:  # fmt: skip
    """palpation.yaml; an unknown structure, landmark, position, region or source is refused
    with the file, the entry and the fix."""
    return Palpation(atlas, landmarks, zones, path)
