"""Pain and referral zones drawn on a body-surface envelope, from `data/zones.yaml`.

The atlas has no skin, so each body region's surface is a smooth envelope round its bones
and muscles, grown outward by `grow_mm` (`geometry.radial_envelope`); a zone is the part of
that surface facing a given way between landmark heights. Zones are meshes like any
structure and follow poses through the same skinning (`Rig.add_mesh`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import trimesh
from pydantic import ConfigDict, Field

from glutelib import geometry
from glutelib.atlas import Atlas
from glutelib.colours import ZONE_ROLES
from glutelib.datafiles import ZONES, DataModel, data_path, read_data_file
from glutelib.errors import DataFileError, MeshFileError, NotFoundError, StructureNotFoundError
from glutelib.sides import side_id

# Zones are drawn and posed beside structures under keys of their own (rig keys, trace names).
ZONE_PREFIX = "zone:"


def zone_key(zone_id: str) -> str:
    """The rig key and trace name of a zone: `zone:<id>`, apart from every structure id."""
    return ZONE_PREFIX + zone_id


def zone_in(key: str) -> str | None:
    """The zone a rig key or trace name stands for, or None when it is a structure's id."""
    return key.removeprefix(ZONE_PREFIX) if key.startswith(ZONE_PREFIX) else None


ZoneRole = Literal[ZONE_ROLES]  # what a zone means; colours.yaml gives each role one colour
Facing = Literal["posterior", "anterior", "lateral", "medial", "superior", "inferior"]
Bound = tuple[str, float]  # (landmark name, offset mm)


class Region(DataModel):
    model_config = ConfigDict(extra="forbid")

    structures: list[str]
    grow_mm: float = Field(ge=0, le=40)
    midline: bool = False
    axis: Literal["long", "vertical"] = "long"  # the envelope wraps round this


class Patch(DataModel):
    model_config = ConfigDict(extra="forbid")

    region: str
    facing: list[Facing] = Field(min_length=1)
    above: Bound | None = None  # z above landmark + offset
    below: Bound | None = None
    lateral_of: Bound | None = None  # further from the midline than landmark + offset
    medial_of: Bound | None = None
    behind: Bound | None = None  # y behind landmark + offset


class ZoneSpec(DataModel):
    model_config = ConfigDict(extra="forbid")

    label: str
    plain_label: str
    role: ZoneRole  # what it means; its colour is the colour language's (colours.yaml)
    sides: list[Literal["r", "l"]] | None = None
    patches: list[Patch] = Field(min_length=1)


class _ZoneFile(DataModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int
    regions: dict[str, Region]
    zones: dict[str, ZoneSpec]


class Zone(DataModel):
    """One drawn zone (one side): its id, names and role; the mesh comes from `Zones.mesh`."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    plain_label: str
    role: ZoneRole
    side: str | None = None


def _direction(facing: str, side: str | None) -> np.ndarray:
    out = 1.0 if side != "l" else -1.0
    return {
        "posterior": np.array([0.0, -1.0, 0.0]), "anterior": np.array([0.0, 1.0, 0.0]),
        "lateral": np.array([out, 0.0, 0.0]), "medial": np.array([-out, 0.0, 0.0]),
        "superior": np.array([0.0, 0.0, 1.0]), "inferior": np.array([0.0, 0.0, -1.0]),
    }[facing]  # fmt: skip


class Zones:
    """Every zone of zones.yaml, for one atlas. Meshes are built on first use.

    >>> zones = Zones(atlas)
    >>> zones["piriformis_referral_r"].plain_label
    >>> zones.mesh("piriformis_referral_r")   # trimesh, RAS mm, standing
    """

    def __init__(self, atlas: Atlas, path: Path | None = None):
        self.atlas = atlas
        self.path = path or data_path(ZONES)
        self.spec = read_data_file(self.path, _ZoneFile, "Zone file")
        self.zones: dict[str, Zone] = {}
        self._patches: dict[str, list[Patch]] = {}
        for stem, z in self.spec.zones.items():
            for side in z.sides or [None]:
                zid = side_id(stem, side)
                self.zones[zid] = Zone(id=zid, label=z.label, plain_label=z.plain_label,
                                       role=z.role, side=side)  # fmt: skip
                self._patches[zid] = z.patches
        self._check()
        self._surfaces: dict[tuple[str, str | None], trimesh.Trimesh] = {}
        self._meshes: dict[str, trimesh.Trimesh] = {}

    def _check(self) -> None:
        for zid, patches in self._patches.items():
            for n, p in enumerate(patches):
                where = f"{self.path}: zone {zid!r}, patch {n + 1}"
                if p.region not in self.spec.regions:
                    raise DataFileError(
                        f"{where}: no region {p.region!r}; regions are "
                        f"{', '.join(self.spec.regions)}."
                    )
                for bound in (p.above, p.below, p.lateral_of, p.medial_of, p.behind):
                    if bound:
                        self._landmark(bound[0], self.zones[zid].side, where)
        for name, region in self.spec.regions.items():
            for stem in region.structures:
                try:
                    self.atlas.expand(stem)
                except StructureNotFoundError as exc:
                    raise DataFileError(f"{self.path}: region {name!r}: {exc}") from None

    def _landmark(self, name: str, side: str | None, where: str) -> np.ndarray:
        paired = side_id(name, "r") in self.atlas.manifest.landmarks  # else on the midline
        key = side_id(name, side or "r") if paired else name
        if key not in self.atlas.manifest.landmarks:
            raise DataFileError(f"{where}: no landmark {name!r}.")
        return np.array(self.atlas.manifest.landmarks[key], dtype=float)

    def __getitem__(self, zone_id: str) -> Zone:
        try:
            return self.zones[zone_id]
        except KeyError:
            raise NotFoundError(zone_id, self.zones, kind="zone") from None

    def __contains__(self, zone_id: object) -> bool:
        return zone_id in self.zones

    @property
    def ids(self) -> list[str]:
        return list(self.zones)

    def surface(self, region: str, side: str | None) -> trimesh.Trimesh:
        """The region's envelope on one side: hull of its structures, grown, subdivided; of
        those whose mesh loads (a broken one is left out, as the dashboard leaves it out)."""
        key = (region, side)
        if key not in self._surfaces:
            spec = self.spec.regions[region]
            ids = []
            for stem in spec.structures:
                both = self.atlas.expand(stem)
                ids += both if spec.midline or len(both) == 1 else [side_id(stem, side)]
            ids = [i for i in ids if i not in self.atlas.broken]
            if not ids:
                raise MeshFileError(
                    f"No mesh of region {region!r} ({', '.join(spec.structures)}) loads, so "
                    "its pain zones cannot be drawn; run `make meshes` to rebuild meshes/."
                )
            points = np.vstack([self.atlas.mesh(i).vertices for i in ids])
            axis = np.linalg.svd(points - points.mean(axis=0), full_matrices=False)[2][0]
            if spec.axis == "vertical":
                axis = np.array([0.0, 0.0, 1.0])
            self._surfaces[key] = geometry.radial_envelope(points, axis, grow_mm=spec.grow_mm)
        return self._surfaces[key]

    def mesh(self, zone_id: str) -> trimesh.Trimesh:
        """The zone's surface patches, standing, lifted 1.5 mm off the envelope."""
        if zone_id not in self._meshes:
            zone = self.zones[zone_id]
            parts = [self._patch(p, zone) for p in self._patches[zone_id]]
            mesh = trimesh.util.concatenate([p for p in parts if len(p.faces)])
            mesh.vertices = mesh.vertices + mesh.vertex_normals * 1.5
            self._meshes[zone_id] = mesh
        return self._meshes[zone_id]

    def _patch(self, patch: Patch, zone: Zone) -> trimesh.Trimesh:
        side = zone.side
        surface = self.surface(
            patch.region, None if self.spec.regions[patch.region].midline else side
        )
        c, n = surface.triangles_center, surface.face_normals
        keep = np.zeros(len(c), dtype=bool)
        for facing in patch.facing:
            keep |= n @ _direction(facing, side) > 0.35
        out = 1.0 if side != "l" else -1.0

        def at(bound: Bound) -> np.ndarray:
            return self._landmark(bound[0], side, zone.id)

        if patch.above:
            keep &= c[:, 2] > at(patch.above)[2] + patch.above[1]
        if patch.below:
            keep &= c[:, 2] < at(patch.below)[2] + patch.below[1]
        if patch.lateral_of:
            keep &= c[:, 0] * out > at(patch.lateral_of)[0] * out + patch.lateral_of[1]
        if patch.medial_of:
            keep &= c[:, 0] * out < at(patch.medial_of)[0] * out + patch.medial_of[1]
        if patch.behind:
            keep &= c[:, 1] < at(patch.behind)[1] + patch.behind[1]
        if side is not None:
            keep &= c[:, 0] * out > 8.0  # a sided zone stays on its own side of the midline
        caps = np.flatnonzero(surface.vertex_degree > 12)  # the envelope's end-cap centres
        keep &= ~np.isin(surface.faces, caps).any(axis=1)
        part = surface.submesh([np.flatnonzero(keep)], append=True)
        return part if isinstance(part, trimesh.Trimesh) else trimesh.Trimesh()


__all__ = ["Zone", "Zones"]
