"""Measured lengthening: which muscles a pose lengthens and shortens, and one muscle's
length through a joint's whole range. Every number is the rig's own centre-line length
over standing (`Rig.length_ratio`); none is typed in.

    >>> library = load_library()
    >>> pose = library.pose("hip_flexion_r:90")
    >>> lengthening(library, pose)[0]                      # the longest first
    Length(id='gluteus_maximus_r', ratio=1.3...)
    >>> curve = length_curve(library, "piriformis_r", pose, "hip_rotation_r")
    >>> curve.angles.shape, curve.ratios.shape             # (k,), (k,): one per step
    >>> stretches_for(library, "piriformis_l")[0]          # the best stretch for it
    Ranked(stretch='knee_to_opposite_shoulder', ratio=1.2...)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from glutelib.colours import contrast
from glutelib.library import Library
from glutelib.poses import Pose


@dataclass(frozen=True)
class Length:
    id: str
    ratio: float  # length in the pose over standing

    @property
    def percent(self) -> float:
        """The change in percent of the standing length (+ longer)."""
        return percent(self.ratio)


MIN_CHANGE = 0.01  # a muscle changed less than this (1 %) is not listed


def listed(
    library: Library, found: list[Length], plain: bool, count: int
) -> dict[str, list[Length]]:
    """The longest and shortest `count` of `found` (every region muscle, longest first) as an
    audience sees them ("longer", "shorter"): a client's only those the source model backs
    (length_checks.yaml), each changed by MIN_CHANGE at least. Move's lists and the lesson's."""
    checks, atlas = library.length_checks, library.atlas
    if plain:
        found = [n for n in found if checks.trusted(atlas[n.id].stem)]
    return {
        "longer": [n for n in found if n.ratio >= 1 + MIN_CHANGE][:count],
        "shorter": [n for n in reversed(found) if n.ratio <= 1 - MIN_CHANGE][:count],
    }


def said(library: Library, length: Length, plain: bool) -> str:
    """A listed length in words: 'Piriformis (right) +12 %', marked ≈ where the source model
    does not back it."""
    structure = library.atlas[length.id]
    mark = "" if library.length_checks.trusted(structure.stem) else " ≈"
    return f"{structure.label_in(plain)} {length.percent:+.0f} %{mark}"


TEXT_COLOURS = ("#1b1b1b", "#ffffff")  # a row's words: whichever reads best on its colour


def row_colours(library: Library, length: Length) -> tuple[str, str]:
    """A listed length's fill (its strain colour) and the ink that reads best on it."""
    fill = library.colours.strain_colour(length.ratio)
    return fill, max(TEXT_COLOURS, key=lambda c: contrast(c, fill))


def percent(ratio):
    """A length over standing (a float or an array) as its change in percent (+ longer)."""
    return 100 * (ratio - 1)


@dataclass(frozen=True)
class Curve:
    """A muscle's length over one joint's range, the rest of the pose held."""

    joint: str  # a joint id (joints.yaml)
    angles: np.ndarray  # (k,) degrees, the joint's range in its arrow-key steps
    ratios: np.ndarray  # (k,) length over standing at each
    now: float  # the pose's own angle of the joint


def region_muscles(library: Library) -> list[str]:
    """The muscles whose length a pose can change: those crossing a joint of the rig."""
    if ("region muscles",) not in library.derived:
        rig = library.rig
        library.derived[("region muscles",)] = [
            sid for sid in rig.loadable
            if library.atlas[sid].kind == "muscle" and rig.crosses_joint(sid)]  # fmt: skip
    return library.derived[("region muscles",)]


def lengthening(library: Library, pose: Pose) -> list[Length]:
    """Every region muscle's length in `pose`, the longest first."""
    rig = library.rig
    found = [Length(sid, rig.length_ratio(sid, pose)) for sid in region_muscles(library)]
    return sorted(found, key=lambda length: (-length.ratio, length.id))


def length_curve(library: Library, key: str, pose: Pose, joint: str) -> Curve:
    """`key`'s length as `joint` (an id: 'hip_flexion_r') moves through its range in
    joints.yaml's steps, every other angle as in `pose`. Posed alone (`Rig.path`): a whole
    range costs about what one pose of the atlas does."""
    joints = library.joints
    low, high = joints.joint(joint)[0].range
    angles = np.unique(np.r_[np.arange(low, high, joints.step), high])
    ratios = [library.rig.length_ratio(key, joints.posed(pose, {joint: a}), alone=True)
              for a in angles]  # fmt: skip
    return Curve(joint, angles, np.array(ratios), joints.angle(pose, joint))


@dataclass(frozen=True)
class Ranked:
    stretch: str  # a stretches.yaml name
    ratio: float  # the muscle's length in the stretch over standing

    @property
    def percent(self) -> float:
        return percent(self.ratio)


def stretches_for(library: Library, muscle: str) -> list[Ranked]:
    """Every stretch by how much it lengthens `muscle` (an id), the most first; a one-sided
    stretch is taken on the muscle's side (mirrored)."""
    side, joints, rig = library.atlas[muscle].side, library.joints, library.rig
    found = [Ranked(name, rig.length_ratio(muscle, joints.posed(Pose(), s.angles(joints, side)),
                                           alone=True))
             for name, s in library.stretches.items()]  # fmt: skip
    return sorted(found, key=lambda r: (-r.ratio, r.stretch))
