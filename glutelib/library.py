"""Everything the library reads from data, read once: the Library every part is handed.

    load_library() -> Library(atlas, cameras, poses, zones, audiences, conditions, settings)

The atlas first, then every file that names its structures, each checked against it; the
rig (posed geometry, with its caches) is made once, on first use.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from pydantic import ConfigDict, Field

from glutelib.atlas import SKIN_KEY, Atlas, load_atlas
from glutelib.audiences import NO_PEEL, Audiences, load_audiences
from glutelib.cameras import Camera, load_cameras
from glutelib.colours import COLOURS, ColourLanguage, load_colours
from glutelib.conditions import Condition, load_conditions
from glutelib.datafiles import (
    AUDIENCES,
    CAMERAS,
    CONDITIONS,
    JOINTS,
    LANDMARKS,
    LENGTH_CHECKS,
    PAIN,
    PALPATION,
    POSES,
    SETTINGS,
    STRETCHES,
    STRUCTURES,
    ZONES,
    DataModel,
    data_path,
    read_data_file,
)
from glutelib.errors import DataFileError, GlutelibError, NotFoundError
from glutelib.joints import Joints, is_code, load_joints
from glutelib.landmarks import Landmarks
from glutelib.pain_patterns import Pain, load_pain
from glutelib.palpation_guide import Palpation, load_palpation
from glutelib.poses import Pose, Rig, load_poses
from glutelib.references import LengthChecks, load_length_checks
from glutelib.stretches import Stretches, load_stretches
from glutelib.zones import Zones, zone_key

READ_CODES = ("read pose codes",)  # Library.derived's key for the poses read from codes
CODES_KEPT = 64

LOG = logging.getLogger(__name__)
T = TypeVar("T")


class OpeningView(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    camera: str = "posterior"
    hide: tuple[str, ...] = ()  # ids or stems


class WalkthroughSettings(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    step_zoom: float = Field(1.0, gt=0.2, le=5.0)


class Settings(DataModel):
    """settings.yaml: what the dashboard opens on and how steps are framed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int
    opening_view: OpeningView
    walkthrough: WalkthroughSettings


@dataclass(eq=False)
class Library:
    """The atlas and every data file about it, checked against each other."""

    atlas: Atlas
    cameras: dict[str, Camera]
    poses: dict[str, Pose]
    zones: Zones
    audiences: Audiences
    conditions: dict[str, Condition]
    settings: Settings
    landmarks: Landmarks  # bony landmarks that can be marked
    colours: ColourLanguage  # what every colour of the view means
    joints: Joints  # the joints a person moves, their ranges and words
    length_checks: LengthChecks  # how far the rig's muscle lengths can be trusted
    stretches: Stretches  # stretch positions (what they lengthen: glutelib.stretches)
    palpation: Palpation  # finding structures by touch (what is measured: glutelib.palpation)
    pain: Pain  # pain patterns on the skin (the ranking of a drawing: glutelib.pain)
    opening_hidden: frozenset[str] = field(default=frozenset())  # ids the opening view hides
    # Values derived from this data and cheap to keep (framed views), by what they depend on.
    derived: dict = field(default_factory=dict, repr=False)

    @cached_property
    def rig(self) -> Rig:
        """Bones, skinning and posed vertices of every structure and zone."""
        rig = Rig(self.atlas)
        for zid in self.zones.ids:
            rig.add_mesh(zone_key(zid), self.zones.mesh(zid), covering=True)
        if self.has_skin:
            rig.add_mesh(SKIN_KEY, self.atlas.skin_mesh(), covering=True)
        return rig

    @cached_property
    def has_skin(self) -> bool:
        """Whether the skin loads (its file there and whole); a damaged one is logged and the
        view goes on without it."""
        try:
            self.atlas.skin_mesh()
        except GlutelibError as exc:
            LOG.warning("%s The view goes on without the skin.", exc)
            return False
        return True

    def kept(self, key: tuple, make: Callable[[], T]) -> T:
        """A value derived from this library's data, made once and kept (`derived`)."""
        if key not in self.derived:
            self.derived[key] = make()
        return self.derived[key]

    def camera(self, name: str) -> Camera:
        if name not in self.cameras:
            raise NotFoundError(name, self.cameras, kind="camera")
        return self.cameras[name]

    def pose(self, name: str) -> Pose:
        """A pose by its name in poses.yaml, or a moved pose by its code
        ('hip_flexion_r:90,...', `Joints.read_code`: what a slider or an address makes)."""
        if name in self.poses:
            return self.poses[name]
        if is_code(name):  # a sync asks for its state's pose a hundred times: read it once
            read = self.derived.setdefault(READ_CODES, OrderedDict())
            if name not in read:
                read[name] = self.joints.read_code(name)[0]
                while len(read) > CODES_KEPT:
                    read.popitem(last=False)
            return read[name]
        raise NotFoundError(name, self.poses, kind="pose")


def _check_groups(atlas: Atlas, audiences: Audiences, data_dir: Path | None) -> None:
    """Every structure's group has a heading, and every layer has peel words and words for
    the view's text alternative."""
    missing = sorted({s.group for s in atlas} - set(audiences.groups))
    if missing:
        raise DataFileError(
            f"Audience file {data_path(AUDIENCES, data_dir)}: `groups` has no heading for "
            f"{', '.join(map(repr, missing))} (used in {data_path(STRUCTURES, data_dir)}); "
            "add one in each kind of words."
        )
    for kind, words in audiences.words.items():
        absent = [k for k in (NO_PEEL, *atlas.layers.order) if k not in words.peel]
        if absent:
            raise DataFileError(
                f"Audience file {data_path(AUDIENCES, data_dir)}: words.{kind}.peel has no "
                f"label for {', '.join(absent)}; add one for each layer and for '{NO_PEEL}'."
            )
        absent = [k for k in atlas.layers.order if k not in words.said.peeled]
        if absent:
            raise DataFileError(
                f"Audience file {data_path(AUDIENCES, data_dir)}: words.{kind}.said.peeled "
                f"says nothing for {', '.join(absent)}; add a sentence for each layer."
            )


def _opening_hidden(atlas: Atlas, settings: Settings, cameras, data_dir) -> frozenset[str]:
    where = data_path(SETTINGS, data_dir)
    if settings.opening_view.camera not in cameras:
        error = NotFoundError(settings.opening_view.camera, cameras, kind="camera")
        raise DataFileError(f"Settings file {where}, opening_view.camera: {error}")
    hidden: set[str] = set()
    for name in settings.opening_view.hide:
        try:
            hidden.update(atlas.expand(name))
        except NotFoundError as exc:
            raise DataFileError(f"Settings file {where}, opening_view.hide: {exc}") from None
    return frozenset(hidden)


def load_library(
    atlas: Atlas | None = None, data_dir: Path | None = None, mesh_dir: Path | None = None
) -> Library:
    """Read the atlas (unless given) and every data file once; check them against each other.

    Raises a GlutelibError subclass naming the file at fault and the fix.
    """
    atlas = atlas or load_atlas(mesh_dir)
    cameras = load_cameras(data_path(CAMERAS, data_dir))
    poses = load_poses(data_path(POSES, data_dir))
    zones = Zones(atlas, data_path(ZONES, data_dir))
    audiences = load_audiences(data_path(AUDIENCES, data_dir))
    _check_groups(atlas, audiences, data_dir)
    settings = read_data_file(data_path(SETTINGS, data_dir), Settings, "Settings file")
    joints = load_joints(data_path(JOINTS, data_dir))
    landmarks = Landmarks(atlas, data_path(LANDMARKS, data_dir))
    conditions = load_conditions(data_path(CONDITIONS, data_dir), atlas, zones, poses, cameras,
                                 landmarks.marks)  # fmt: skip
    return Library(
        atlas=atlas, cameras=cameras, poses=poses, zones=zones, audiences=audiences,
        conditions=conditions, settings=settings, landmarks=landmarks,
        colours=load_colours(data_path(COLOURS, data_dir)),
        joints=joints,
        stretches=load_stretches(atlas, joints, data_path(STRETCHES, data_dir)),
        palpation=load_palpation(atlas, landmarks, zones, data_path(PALPATION, data_dir)),
        pain=load_pain(atlas, zones, data_path(PAIN, data_dir)),
        length_checks=load_length_checks(atlas, data_path(LENGTH_CHECKS, data_dir)),
        opening_hidden=_opening_hidden(atlas, settings, cameras, data_dir),
    )  # fmt: skip
