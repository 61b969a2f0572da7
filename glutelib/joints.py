"""The joints a person moves ("Move it yourself"): joints.yaml's angles of a `Pose`, their
normal ranges and words, and a pose written as a short code for the page address.

A joint id is a leg joint and its side, or a trunk joint alone; a pose code lists the angles
that differ from standing::

    >>> joints = load_joints()
    >>> pose = joints.read_code("hip_flexion_r:90,knee_flexion_r:90")[0]
    >>> joints.code_of(pose)
    'hip_flexion_r:90,knee_flexion_r:90'

`read_code` never fails: an angle out of a joint's range is clamped to it, an unknown joint
or a value that is not a number is left out, and each is said (message keys of
audiences.yaml's page.messages).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from pydantic import ConfigDict, Field, model_validator

from glutelib.datafiles import JOINTS, DataModel, data_path, read_data_file
from glutelib.errors import suggest
from glutelib.poses import LegPose, Pose
from glutelib.sides import SIDE_WORDS, SIDES, side_id, stem_of

Said = tuple[str, dict[str, object]]
MAX_CODE = 400  # characters of a pose code read (the address cuts its value there too)
MAX_SAID = 3  # faults of one code named (the rest are still left out)
TRUNK = "trunk"  # the pelvis and the lumbar spine: the joints on no leg

MOVED = "Moved"  # the label of a pose set joint by joint (a slider's, an address's)


def is_code(name: str) -> bool:
    """Whether a pose's name is a code of moved joints ('hip_flexion_r:90'), not a name in
    poses.yaml (those have no colon)."""
    return ":" in name


class JointWords(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    low: str  # what the low end of the range is called (extension, "back")
    high: str


class Ends(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    low: str  # a part moved toward the low end ("extended"), then toward the high
    high: str


class Joint(DataModel):
    """One angle of a pose a person can move, within `range` (degrees from standing)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    angle: str  # `leg.<LegPose field>` (each side) or a Pose field
    part: str  # the part of the body it moves ("hip"), in a pose's sentence
    moved: Ends  # the part as moved each way, in anatomical words
    range: tuple[float, float]
    client: bool = False
    source: str
    anatomical: JointWords
    plain: JointWords

    @property
    def on_leg(self) -> bool:
        return self.angle.startswith("leg.")

    @property
    def field(self) -> str:
        return self.angle.removeprefix("leg.")

    @model_validator(mode="after")
    def _within_the_rig(self) -> Joint:
        model = LegPose if self.on_leg else Pose
        info = model.model_fields.get(self.field)
        if info is None or info.annotation is not float:
            raise ValueError(f"{self.angle!r} is not an angle of a pose (see glutelib/poses.py)")
        lo, hi = self.range
        bounds = {type(m).__name__: m for m in info.metadata}
        floor, ceiling = bounds["Ge"].ge, bounds["Le"].le
        if not floor <= lo <= 0 <= hi <= ceiling or lo == hi:
            raise ValueError(f"range {list(self.range)} must hold 0 (standing) and lie within "
                             f"the rig's {floor:g} to {ceiling:g}")  # fmt: skip
        return self

    def words(self, plain: bool) -> JointWords:
        return self.plain if plain else self.anatomical


class Joints(DataModel):
    """joints.yaml: the joints in the order shown, and how far an arrow key moves one."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int
    step: int = Field(gt=0, le=45)  # degrees an arrow key moves a slider
    joints: dict[str, Joint]

    def ids(self, side: str | None = None, client: bool = False) -> list[str]:
        """Joint ids in order: a leg joint's for `side` (both sides when None), then the
        trunk's; `side` "trunk": the trunk's alone; only the client's few when `client`."""
        out = []
        for name, joint in self.joints.items():
            if client and not joint.client:
                continue
            if joint.on_leg and side != TRUNK:
                out += [side_id(name, s) for s in ((side,) if side else SIDES)]
            elif not joint.on_leg:
                out.append(name)
        return out

    def part(self, part: str, client: bool = False) -> list[str]:
        """The joint ids of one part a person moves at a time: a leg ('r', 'l') or TRUNK."""
        return [jid for jid in self.ids(side=part, client=client)
                if (self.joint(jid)[1] is None) == (part == TRUNK)]  # fmt: skip

    def on_side(self, jid: str, side: str) -> str:
        """The same joint on `side` ('hip_flexion_r', 'l' -> 'hip_flexion_l'); a trunk joint
        is its own."""
        joint_side = self.joint(jid)[1]
        return side_id(stem_of(jid, joint_side), side) if joint_side else jid

    def mirrored(self, angles: dict[str, float]) -> dict[str, float]:
        """The same angles with the legs swapped (a right-sided stretch taken on the left)."""
        other = {"r": "l", "l": "r"}
        return {self.on_side(j, other[s]) if (s := self.joint(j)[1]) else j: a
                for j, a in angles.items()}  # fmt: skip

    def joint(self, jid: str) -> tuple[Joint, str | None]:
        """The joint and side (None for the trunk) of an id; KeyError for another."""
        if jid in self.joints and not self.joints[jid].on_leg:
            return self.joints[jid], None
        name, _, side = jid.rpartition("_")
        if side in SIDES and name in self.joints and self.joints[name].on_leg:
            return self.joints[name], side  # stem_of(jid, side) == name
        raise KeyError(jid)

    def angle(self, pose: Pose, jid: str) -> float:
        joint, side = self.joint(jid)
        owner = pose.leg(side) if side else pose
        return float(getattr(owner, joint.field))

    def posed(self, pose: Pose, angles: dict[str, float]) -> Pose:
        """`pose` with these joints' angles (each clamped to its range); named as moved."""
        update: dict[str, object] = {}
        legs = {s: {} for s in SIDES}
        for jid, value in angles.items():
            joint, side = self.joint(jid)
            value = min(max(float(value), joint.range[0]), joint.range[1])
            (legs[side] if side else update)[joint.field] = value
        for side, leg in legs.items():
            if leg:
                key = "right" if side == "r" else "left"
                update[key] = pose.leg(side).model_copy(update=leg)
        return pose.model_copy(update={**update, "label": MOVED, "plain_label": MOVED})

    def moved(self, pose: Pose) -> dict[str, float]:
        """{joint id: degrees} of the joints `pose` moves from standing, in joints.yaml's order."""
        return {jid: value for jid in self.ids() if (value := self.angle(pose, jid))}

    def describe(self, pose: Pose) -> str:
        """The pose's moved joints in anatomical words, a part at a time: 'the right hip
        flexed 90° and internally rotated 30°, and the right knee flexed 90°'."""
        parts: dict[str, list[str]] = {}
        for jid, value in self.moved(pose).items():
            joint, side = self.joint(jid)
            part = f"the {SIDE_WORDS[side]} {joint.part}" if side else f"the {joint.part}"
            moved = joint.moved.high if value > 0 else joint.moved.low
            parts.setdefault(part, []).append(f"{moved} {abs(value):g}°")
        said = [f"{part} {' and '.join(moves)}" for part, moves in parts.items()]
        return ", and ".join([", ".join(said[:-1]), said[-1]] if len(said) > 2 else said)

    def frames(self, pose: Pose, n: int) -> list[Pose]:
        """`n` poses on the way from standing to `pose` (its moved joints), the last `pose`'s
        own angles: a move shown slowly. Angles round to 0.1°, as a code holds them."""
        moved = self.moved(pose)
        return [self.posed(Pose(), {jid: round(a * k / n, 1) for jid, a in moved.items()})
                for k in range(1, n + 1)]  # fmt: skip

    def code_of(self, pose: Pose) -> str:
        """The pose's moved joints as 'id:angle,...' in joints.yaml's order ('' standing)."""
        return ",".join(f"{jid}:{value:g}" for jid, value in self.moved(pose).items())

    def read_code(self, text: str) -> tuple[Pose, list[Said]]:
        """The pose a code asks for, from standing, and what was wrong with it."""
        angles: dict[str, float] = {}
        said: list[Said] = []
        for part in filter(None, (p.strip() for p in text[:MAX_CODE].split(","))):
            jid, _, value = part.partition(":")
            try:
                joint, _side = self.joint(jid)
            except KeyError:
                close = suggest(jid, self.ids())
                said.append(("no_joint", {"name": jid[:40], "known": ", ".join(
                    close or self.ids(side="r"))}))  # fmt: skip
                continue
            if jid in angles:
                said.append(("repeated_joint", {"name": jid}))  # the first one stands
                continue
            number = _number(value)
            if number is None:
                said.append(("bad_angle", {"name": jid, "value": value[:20]}))
                continue
            lo, hi = joint.range
            if not lo <= number <= hi:
                said.append(("angle_clamped", {"name": jid, "value": f"{number:g}",
                                               "low": f"{lo:g}", "high": f"{hi:g}"}))  # fmt: skip
            angles[jid] = number
        return self.posed(Pose(), angles), said[:MAX_SAID]


def _number(text: str) -> float | None:
    """'90', '-12.5' -> a finite number; anything else (inf, 1e999, '9O') -> None."""
    if not re.fullmatch(r"[+-]?\d{1,4}(\.\d{1,3})?", text.strip()):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def load_joints(path: Path | None = None) -> Joints:
    """joints.yaml; a fault names the file and the entry."""
    return read_data_file(path or data_path(JOINTS), Joints, "Joint file")
