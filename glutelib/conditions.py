"""Condition walkthroughs loaded from `data/conditions/<id>.yaml`, every reference checked.

A Condition is a list of Steps; a step names what to highlight and hide, a pose, a camera,
pain zones and whether to colour muscles by lengthening, and carries text for each audience.
Structure names may be atlas ids (`piriformis_r`) or stems meaning both sides (`piriformis`);
they are expanded to ids here, so the app only ever sees ids. Any fault raises ConditionError
naming the file, the step and the field, with the closest valid names.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from glutelib.atlas import DATA_DIR, Atlas, _describe, load_atlas, parse_yaml
from glutelib.errors import ConditionError, suggest
from glutelib.poses import load_poses
from glutelib.scene import PEEL_HIDES, load_cameras
from glutelib.zones import Zones

CONDITIONS_DIR = DATA_DIR / "conditions"
CONDITION_IDS = (
    "low_back_sitting",
    "runners_cyclists",
    "hip_rotators",
    "pregnancy",
    "sciatica_vs_piriformis",
)  # the order of the picker


class StepText(BaseModel):
    """The same step in each audience's words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    client: str = Field(min_length=20)
    student: str = Field(min_length=20)
    instructor: str = Field(min_length=20)


class Step(BaseModel):
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
    peel: int = Field(0, ge=0, le=len(PEEL_HIDES) - 1)

    def heading(self, plain: bool) -> str:
        return self.plain_title if plain else self.title


class Condition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    plain_title: str
    steps: tuple[Step, ...] = Field(min_length=5, max_length=8)


class _ConditionFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int
    title: str
    plain_title: str
    steps: list[Step] = Field(min_length=5, max_length=8)


def _expand(names: tuple[str, ...], atlas: Atlas, where: str) -> tuple[str, ...]:
    """Atlas ids for `names` (ids, or stems meaning both sides), in order, without repeats."""
    out: list[str] = []
    for name in names:
        ids = [name] if name in atlas else [f"{name}_{s}" for s in "rl" if f"{name}_{s}" in atlas]
        if not ids:
            stems = {i.rsplit("_", 1)[0] for i in atlas.ids}
            close = suggest(name, [*atlas.ids, *stems])
            hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise ConditionError(f"{where}: no structure called {name!r}.{hint}")
        out += [i for i in ids if i not in out]
    return tuple(out)


def _check_name(name: str, known, what: str, where: str) -> None:
    if name not in known:
        close = suggest(name, known)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ConditionError(f"{where}: no {what} called {name!r}.{hint}")


def load_condition(
    path: Path,
    atlas: Atlas,
    zones: Zones | None = None,
    poses: Collection[str] | None = None,
    cameras: Collection[str] | None = None,
) -> Condition:
    """Read one condition file and check every reference against the atlas and data files
    (zones, pose and camera names are read once by `load_conditions` and passed in)."""
    path = Path(path)
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
        parsed = _ConditionFile.model_validate(raw)
    except FileNotFoundError:
        raise ConditionError(f"Condition file {path} is missing; restore it from git.") from None
    except OSError as exc:
        raise ConditionError(f"Condition file {path} cannot be read ({exc.strerror}).") from None
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConditionError(f"Condition file {path} is not valid YAML: {exc}") from None
    except ValidationError as exc:
        raise ConditionError(
            f"Condition file {path} is malformed (steps are numbered from 0):\n{_describe(exc)}"
        ) from None
    poses = poses if poses is not None else load_poses()
    cameras = cameras if cameras is not None else load_cameras()
    zones = zones or Zones(atlas)
    steps = []
    for n, step in enumerate(parsed.steps, start=1):
        where = f"{path}, step {n} ({step.title!r})"
        _check_name(step.pose, poses, "pose", f"{where}, field 'pose'")
        _check_name(step.camera, cameras, "camera", f"{where}, field 'camera'")
        for z in step.zones:
            _check_name(z, zones.ids, "zone", f"{where}, field 'zones'")
        highlight = _expand(step.highlight, atlas, f"{where}, field 'highlight'")
        peeled = [i for i in highlight
                  if atlas[i].kind in ("muscle", "fascia")
                  and atlas[i].layer in PEEL_HIDES[step.peel]]  # fmt: skip
        if peeled:
            raise ConditionError(
                f"{where}, field 'highlight': {', '.join(peeled)} would be peeled away by "
                f"peel: {step.peel}; lower the peel or highlight something else."
            )
        steps.append(
            step.model_copy(
                update={
                    "highlight": highlight,
                    "hide": _expand(step.hide, atlas, f"{where}, field 'hide'"),
                }
            )
        )
    return Condition(id=path.stem, title=parsed.title, plain_title=parsed.plain_title,
                     steps=tuple(steps))  # fmt: skip


def load_conditions(folder: Path | None = None, atlas: Atlas | None = None) -> dict[str, Condition]:
    """Every `<id>.yaml` in the folder, picker order first; {id: Condition}."""
    folder = Path(folder or CONDITIONS_DIR)
    atlas = atlas or load_atlas()
    zones = Zones(atlas)
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise ConditionError(f"No condition files (*.yaml) in {folder}; restore them from git.")
    order = {cid: n for n, cid in enumerate(CONDITION_IDS)}
    files.sort(key=lambda p: (order.get(p.stem, len(order)), p.stem))
    poses, cameras = set(load_poses()), set(load_cameras())
    return {p.stem: load_condition(p, atlas, zones, poses, cameras) for p in files}


__all__ = ["CONDITION_IDS", "Condition", "Step", "StepText", "load_condition", "load_conditions"]
