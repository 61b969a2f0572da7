"""Stretch positions as data (stretches.yaml) and what each lengthens, measured.

A stretch is a pose in joint angles for one side (or both), the muscles it is taught for,
how a client takes it, and a source. Which muscles it lengthens most, and which stretch
lengthens a muscle most (`glutelib.lengths.stretches_for`), come from the rig, never from
the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field

from glutelib.atlas import Atlas
from glutelib.datafiles import STRETCHES, DataModel, data_path, read_data_file
from glutelib.errors import DataFileError, NotFoundError
from glutelib.joints import Joints
from glutelib.sides import SIDE_WORDS

FIX = "fix the entry (joints.yaml lists the joints, structures.yaml the muscles)"


class StretchWords(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    how: str  # how the client takes it


class PositionWords(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    anatomical: str
    plain: str


Position = Literal["supine", "prone", "side-lying", "kneeling", "floor", "seated", "standing"]


class Stretch(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    pose: dict[str, float] = Field(min_length=1)  # joint id -> degrees from standing
    side: Literal["r", "l", "both"]
    lying: Position
    taught_for: list[str] = Field(alias="for")  # stems or ids the atlas has (none: `missing`)
    missing: str = ""  # what the position needs that the atlas or the rig lacks
    source: str
    anatomical: StretchWords
    plain: StretchWords

    def words(self, plain: bool) -> StretchWords:
        return self.plain if plain else self.anatomical

    def angles(self, joints: Joints, side: str | None = None) -> dict[str, float]:
        """{joint id: degrees}, mirrored when `side` ('r', 'l') is not the stretch's own."""
        mirror = side in ("r", "l") and self.side in ("r", "l") and side != self.side
        return joints.mirrored(self.pose) if mirror else dict(self.pose)

    def side_for(self, side: str | None = None) -> str:
        """The side it is taken on: `side` ('r', 'l'), else its own, else the right."""
        return side if side in SIDE_WORDS else (self.side if self.side in SIDE_WORDS else "r")

    def how(self, plain: bool, side: str | None = None) -> str:
        """How the client takes it, on `side` (`side_for`)."""
        taken = self.side_for(side)
        other = "l" if taken == "r" else "r"
        return self.words(plain).how.format(side=SIDE_WORDS[taken], other=SIDE_WORDS[other])


class Stretches(DataModel):
    """stretches.yaml: the positions' words and the stretches, in the order listed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int
    positions: dict[Position, PositionWords]
    stretches: dict[str, Stretch]

    def position(self, stretch: Stretch, plain: bool) -> str:
        words = self.positions[stretch.lying]
        return words.plain if plain else words.anatomical

    def items(self):
        return self.stretches.items()

    def __getitem__(self, name: str) -> Stretch:
        return self.stretches[name]


def load_stretches(atlas: Atlas, joints: Joints, path: Path | None = None) -> Stretches:
    """stretches.yaml, every joint and angle checked against joints.yaml and every muscle
    against the atlas; a fault names the file, the entry and the fix."""
    path = Path(path or data_path(STRETCHES))
    stretches = read_data_file(path, Stretches, "Stretch file")
    for name, stretch in stretches.items():
        where = f"Stretch file {path}, {name}"
        for jid, angle in stretch.pose.items():
            try:
                joint = joints.joint(jid)[0]
            except KeyError:
                raise DataFileError(f"{where}: no joint called {jid!r}; {FIX}.") from None
            low, high = joint.range
            if not low <= angle <= high:
                raise DataFileError(f"{where}: {jid} {angle:g} lies outside its range "
                                    f"{low:g} to {high:g}; {FIX}.")  # fmt: skip
        if stretch.lying not in stretches.positions:
            raise DataFileError(f"{where}: {stretch.lying!r} has no words under positions; "
                                "add them.")  # fmt: skip
        for plain in (False, True):
            try:
                stretch.how(plain)
            except (KeyError, IndexError, ValueError) as exc:
                raise DataFileError(f"{where}: its words name {exc}; only {{side}} and {{other}} "
                                    "are filled in.") from None  # fmt: skip
        for muscle in stretch.taught_for:
            try:
                atlas.expand(muscle)
            except NotFoundError as exc:
                raise DataFileError(f"{where}: {exc} {FIX}.") from None
    return stretches
