"""pain.yaml: where pain from a structure (a muscle's trigger-point referral, a joint's
referral map) or a nerve root (a dermatome) is felt, as skin patches in zones.yaml's words,
each with its sources; checked against the atlas, the zones' regions and the landmarks when
it loads. What is measured with them (their fields on the skin, the ranking of a drawing)
is `glutelib.pain`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from glutelib.atlas import Atlas
from glutelib.datafiles import PAIN, DataModel, data_path, read_data_file
from glutelib.errors import DataFileError, NotFoundError
from glutelib.sides import SIDES, side_id
from glutelib.zones import Patch, Zones

FIX = (
    "Fix the entry (structures.yaml lists the structures, the meshes' manifest.json its "
    "`landmarks`, zones.yaml the regions)"
)
Kind = Literal["referral", "joint", "dermatome"]


class PatternSpec(DataModel):
    """One pattern of pain.yaml, for both sides."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Kind
    structure: str | None = None  # a stem of structures.yaml; none for a dermatome
    root: str | None = Field(None, pattern=r"^[LS][1-5]$")  # a dermatome's root, e.g. L5
    name: str = Field(min_length=3)  # short, as a list of matches names it
    plain_name: str = Field(min_length=3)
    label: str = Field(min_length=10)  # what it covers, as the shown match says it
    plain_label: str = Field(min_length=10)
    patches: tuple[Patch, ...] = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _belongs_to_one_thing(self) -> PatternSpec:
        if self.kind == "dermatome" and (self.root is None or self.structure is not None):
            raise ValueError("a dermatome names its root (root: L5) and no structure")
        if self.kind != "dermatome" and (self.structure is None or self.root is not None):
            raise ValueError(
                f"a {self.kind} pattern names its structure (a stem of structures.yaml) and no root"
            )
        return self


class _PainFile(DataModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int
    sources: dict[str, str]
    patterns: dict[str, PatternSpec]


@dataclass(frozen=True)
class Pattern:
    """A pattern on one side: `id` ('piriformis_referral_r'), its spec and its side."""

    id: str
    spec: PatternSpec
    side: str

    @property
    def kind(self) -> Kind:
        return self.spec.kind

    @property
    def structure(self) -> str | None:
        return self.spec.structure


class Pain:
    """pain.yaml, checked against the atlas and the zones' regions and landmarks."""

    def __init__(self, atlas: Atlas, zones: Zones, path: Path | None = None):
        self.path = Path(path or data_path(PAIN))
        self.data = read_data_file(self.path, _PainFile, "Pain pattern file")
        self.patterns: dict[str, Pattern] = {}
        for stem, spec in self.data.patterns.items():
            where = f"Pain pattern file {self.path}, pattern {stem}"
            for key in spec.sources:
                if key not in self.data.sources:
                    raise DataFileError(
                        f"{where}: no source {key!r}; add it under `sources` "
                        f"(known: {', '.join(self.data.sources)})."
                    )
            if spec.structure is not None:
                try:
                    atlas.expand(spec.structure)
                except NotFoundError as exc:
                    raise DataFileError(f"{where}: structure: {exc} {FIX}.") from None
            for side in SIDES:
                try:
                    zones.check_patches(list(spec.patches), side, where)
                except DataFileError as exc:  # a landmark's message lists those there are
                    known = f": {_landmark_names(atlas)}" if "no landmark" in str(exc) else ""
                    raise DataFileError(f"{exc} {FIX}{known}.") from None
                self.patterns[side_id(stem, side)] = Pattern(side_id(stem, side), spec, side)

    def __getitem__(self, pattern_id: str) -> Pattern:
        if pattern_id not in self.patterns:
            raise NotFoundError(pattern_id, self.patterns, kind="pain pattern")
        return self.patterns[pattern_id]

    @property
    def ids(self) -> list[str]:
        return list(self.patterns)


def _landmark_names(atlas: Atlas) -> str:
    stems = {name.removesuffix("_r").removesuffix("_l") for name in atlas.manifest.landmarks}
    return "landmarks are " + ", ".join(sorted(stems))


def load_pain(atlas: Atlas, zones: Zones, path: Path | None = None) -> Pain:
    """pain.yaml; an unknown structure, landmark, region or source is refused with the file,
    the pattern and the fix."""
    return Pain(atlas, zones, path)


__all__ = ["Kind", "Pain", "Pattern", "PatternSpec", "load_pain"]
