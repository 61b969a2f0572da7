"""Condition walkthroughs loaded from `data/conditions/<id>.yaml`, every reference checked.

A Condition is a list of Steps; a step names what to highlight and hide, a pose, a camera,
how far to peel, pain zones and whether to colour muscles by lengthening, and carries text
for each audience. Structure names may be atlas ids (`piriformis_r`) or stems meaning both
sides (`piriformis`); they are expanded to ids here, so the app only ever sees ids. Any fault
raises ConditionError naming the file, the step and the field, with the closest valid names.
The picker shows walkthroughs by each file's `order`: a new file needs no code.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from pydantic import ConfigDict, Field

from glutelib.atlas import Atlas
from glutelib.cameras import load_cameras
from glutelib.datafiles import CONDITIONS, DataModel, data_path, read_data_file
from glutelib.errors import ConditionError, NotFoundError
from glutelib.landmarks import Landmarks
from glutelib.poses import load_poses
from glutelib.zones import Zones


class StepText(DataModel):
    """The same step in each audience's words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    client: str = Field(min_length=20)
    student: str = Field(min_length=20)
    instructor: str = Field(min_length=20)


class Step(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field(min_length=3, max_length=90)
    plain_title: str = Field(min_length=3, max_length=90)
    text: StepText
    highlight: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()
    pose: str = "standing"
    camera: str = "posterior"
    close_up: bool = False  # frame the highlighted parts (small ones, deep in the buttock)
    zones: tuple[str, ...] = ()
    strain: bool = False
    labels: bool = False
    marks: tuple[str, ...] = ()  # bony landmarks marked and named (landmarks.yaml, with side)
    peel: str | None = None  # a layer of structures.yaml: it and those above it are hidden

    def heading(self, plain: bool) -> str:
        return self.plain_title if plain else self.title


class Condition(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    order: int
    title: str
    plain_title: str
    steps: tuple[Step, ...] = Field(min_length=5, max_length=8)


class _ConditionFile(DataModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int
    order: int  # place in the picker, smallest first
    title: str
    plain_title: str
    steps: list[Step] = Field(min_length=5, max_length=8)


def _check(name: str, known: Collection[str], kind: str, where: str) -> None:
    if name not in known:
        raise ConditionError(f"{where}: {NotFoundError(name, known, kind=kind)}")


def _expand(names: tuple[str, ...], atlas: Atlas, where: str) -> tuple[str, ...]:
    """Atlas ids for `names` (ids, or stems meaning both sides), in order, without repeats."""
    out: list[str] = []
    for name in names:
        try:
            ids = atlas.expand(name)
        except NotFoundError as exc:
            raise ConditionError(f"{where}: {exc}") from None
        out += [i for i in ids if i not in out]
    return tuple(out)


def _checked_step(
    step: Step, where: str, atlas: Atlas, zones: Zones, poses: Collection[str],
    cameras: Collection[str], landmarks: Collection[str],
) -> Step:  # fmt: skip
    """The step with its names expanded to ids, once every reference is checked."""
    for m in step.marks:
        _check(m, landmarks, "landmark", f"{where}, field 'marks'")
    _check(step.pose, poses, "pose", f"{where}, field 'pose'")
    _check(step.camera, cameras, "camera", f"{where}, field 'camera'")
    if step.peel is not None:
        _check(step.peel, atlas.layers.order, "layer", f"{where}, field 'peel'")
    for z in step.zones:
        _check(z, zones.ids, "zone", f"{where}, field 'zones'")
    highlight = _expand(step.highlight, atlas, f"{where}, field 'highlight'")
    peeled = [i for i in highlight if atlas.layers.hides(atlas[i], step.peel)]
    if peeled:
        raise ConditionError(
            f"{where}, field 'highlight': {', '.join(peeled)} would be peeled away by "
            f"peel: {step.peel}; peel less deep or highlight something else."
        )
    hide = _expand(step.hide, atlas, f"{where}, field 'hide'")
    return step.model_copy(update={"highlight": highlight, "hide": hide})


def load_condition(
    path: Path,
    atlas: Atlas,
    zones: Zones | None = None,
    poses: Collection[str] | None = None,
    cameras: Collection[str] | None = None,
    landmarks: Collection[str] | None = None,
) -> Condition:
    """Read one condition file and check every reference against the atlas and data files
    (zones, pose and camera names: from the caller, who has read them already, or read now)."""
    path = Path(path)
    parsed = read_data_file(
        path, _ConditionFile, "Condition file", ConditionError,
        "fix it (steps are numbered from 0 above) or restore it from git",
    )  # fmt: skip
    poses = poses if poses is not None else load_poses()
    cameras = cameras if cameras is not None else load_cameras()
    zones = zones or Zones(atlas)
    landmarks = landmarks if landmarks is not None else Landmarks(atlas).marks
    steps = tuple(
        _checked_step(
            step, f"{path}, step {n} ({step.title!r})", atlas, zones, poses, cameras, landmarks
        )
        for n, step in enumerate(parsed.steps, start=1)
    )
    return Condition(id=path.stem, order=parsed.order, title=parsed.title,
                     plain_title=parsed.plain_title, steps=steps)  # fmt: skip


def load_conditions(
    folder: Path | None = None,
    atlas: Atlas | None = None,
    zones: Zones | None = None,
    poses: Collection[str] | None = None,
    cameras: Collection[str] | None = None,
    landmarks: Collection[str] | None = None,
) -> dict[str, Condition]:
    """Every `<id>.yaml` in the folder, in picker order (`order`, then id); {id: Condition}."""
    from glutelib.atlas import load_atlas

    folder = Path(folder or data_path(CONDITIONS))
    atlas = atlas or load_atlas()
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise ConditionError(f"No condition files (*.yaml) in {folder}; restore them from git.")
    zones = zones or Zones(atlas)
    poses = set(poses if poses is not None else load_poses())
    cameras = set(cameras if cameras is not None else load_cameras())
    landmarks = set(landmarks if landmarks is not None else Landmarks(atlas).marks)
    loaded = [load_condition(p, atlas, zones, poses, cameras, landmarks) for p in files]
    return {c.id: c for c in sorted(loaded, key=lambda c: (c.order, c.id))}


__all__ = ["Condition", "Step", "StepText", "load_condition", "load_conditions"]
