"""How far the rig's muscle lengths can be trusted (length_checks.yaml): the muscles whose
length differs from the source model's own paths, and those the source model lacks. The
file is kept true by tests/anatomy/test_source_lengths.py; the page marks what it lists."""

from __future__ import annotations

from pathlib import Path

from pydantic import ConfigDict, Field

from glutelib.atlas import Atlas
from glutelib.datafiles import LENGTH_CHECKS, DataModel, data_path, read_data_file
from glutelib.errors import DataFileError


class Differs(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    joints: list[str]  # joints.yaml names (hip_flexion): where it differs
    wrong_way: bool = False  # longer where the source model is shorter, or the other way
    note: str


class LengthChecks(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int
    tolerance: float = Field(gt=0, lt=1)  # of the standing length
    differs: dict[str, Differs]  # structure stems
    unchecked: list[str]  # structure stems the source model has no muscle for

    def trusted(self, stem: str) -> bool:
        """Whether the rig's length of this muscle agrees with the source model's."""
        return stem not in self.differs and stem not in self.unchecked

    def trusted_in(self, stem: str, moved: set[str] | frozenset[str]) -> bool:
        """Whether the rig's length of this muscle agrees with the source model's as these
        joints (joints.yaml names: 'hip_flexion') move."""
        if stem in self.unchecked:
            return False
        return stem not in self.differs or not set(self.differs[stem].joints) & set(moved)

    def ranks(self, stem: str) -> bool:
        """Whether the rig's lengths of this muscle go the way the source model's do, so
        positions can be ranked by them (the numbers may still differ)."""
        return stem not in self.unchecked and not (
            stem in self.differs and self.differs[stem].wrong_way)  # fmt: skip


def load_length_checks(atlas: Atlas, path: Path | None = None) -> LengthChecks:
    """length_checks.yaml, every muscle checked against the atlas."""
    path = Path(path or data_path(LENGTH_CHECKS))
    checks = read_data_file(path, LengthChecks, "Length check file")
    for stem in [*checks.differs, *checks.unchecked]:
        if stem not in atlas.stems:
            raise DataFileError(f"Length check file {path}: no structure called {stem!r}; "
                                "use a stem from structures.yaml.")  # fmt: skip
    return checks
