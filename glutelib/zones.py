"""Pain and referral zones painted on the skin, from `data/zones.yaml`.

A zone is made of patches: the skin over a body region (the skin whose nearest bone or
muscle is one of the region's) facing a given way between landmark heights. The patches'
vertices are smoothed into a field over the skin (`field`, 0..1, soft at its edges), and the
zone is the skin where the field passes one half, cut along that line and lifted just off
the skin. Where the skin does not load, each region falls back to a smooth envelope round its
structures (`geometry.radial_envelope`). Zones are meshes like any structure and follow
poses over the tissue, as the skin does (`Rig.add_mesh`).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

import numpy as np
import trimesh
from pydantic import ConfigDict, Field
from scipy.spatial import cKDTree

from glutelib import geometry
from glutelib.atlas import Atlas
from glutelib.colours import ZONE_ROLES
from glutelib.datafiles import ZONES, DataModel, data_path, read_data_file
from glutelib.errors import DataFileError, MeshFileError, NotFoundError, StructureNotFoundError
from glutelib.projection import skin_over
from glutelib.sides import side_id

# Zones are drawn and posed beside structures under keys of their own (rig keys, trace names).
ZONE_PREFIX = "zone:"
LIFT_MM = 1.5  # a zone sits this far off the skin, so the skin never shows through it
SOFT_STEPS = 3  # neighbour averagings that soften a zone's edge on the skin (~1 cm)


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
    # the skin over a structure (a stem or id) as a finger pressing from `facing[0]` meets
    # it (glutelib/projection.py), `margin_mm` wider: an endangerment site over a nerve
    over: str | None = None
    margin_mm: float = Field(0.0, ge=0, le=40)


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
            self.check_patches(patches, self.zones[zid].side, f"{self.path}: zone {zid!r}")
        for name, region in self.spec.regions.items():
            for stem in region.structures:
                try:
                    self.atlas.expand(stem)
                except StructureNotFoundError as exc:
                    raise DataFileError(f"{self.path}: region {name!r}: {exc}") from None

    def check_patches(self, patches: list[Patch], side: str | None, where: str) -> None:
        """Every patch's region, landmarks and `over` exist (zones.yaml's or another file's
        patches, `where` naming the file and the entry); DataFileError otherwise."""
        for n, p in enumerate(patches):
            here = f"{where}, patch {n + 1}"
            if p.region not in self.spec.regions:
                raise DataFileError(
                    f"{here}: no region {p.region!r}; regions are "
                    f"{', '.join(self.spec.regions)} (zones.yaml)."
                )
            for bound in (p.above, p.below, p.lateral_of, p.medial_of, p.behind):
                if bound:
                    self._landmark(bound[0], side, here)
            if p.over:
                try:
                    self.atlas.expand(p.over)
                except StructureNotFoundError as exc:
                    raise DataFileError(f"{here}: over: {exc}") from None

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
            ids = [i for i in self._region_ids(region, side) if i not in self.atlas.broken]
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
        """The zone standing: on the skin, its smooth field's half line as its edge, lifted
        LIFT_MM off it (or, with no skin, patches of the regions' envelopes)."""
        if zone_id not in self._meshes:
            zone = self.zones[zone_id]
            if self._skin() is not None:
                mesh = cut_at_half(self._skin(), self.field(zone_id))
            else:
                parts = [self._patch(p, zone) for p in self._patches[zone_id]]
                mesh = trimesh.util.concatenate([p for p in parts if len(p.faces)])
            mesh.vertices = mesh.vertices + mesh.vertex_normals * LIFT_MM
            self._meshes[zone_id] = mesh
        return self._meshes[zone_id]

    def _skin(self) -> trimesh.Trimesh | None:
        try:
            return self.atlas.skin_mesh()
        except MeshFileError:
            return None

    def field(self, zone_id: str) -> np.ndarray:
        """(n,) 0..1 over the skin's vertices: 1 well inside the zone, 0 outside it, soft
        over about a centimetre at its edge (SOFT_STEPS of neighbour averaging)."""
        return self.skin_field(self._patches[zone_id], self.zones[zone_id].side, zone_id)

    def skin_field(self, patches: list[Patch], side: str | None, key: str) -> np.ndarray:
        """`field` of any patches on `side` (`key` names them in a message)."""
        skin = self._skin()
        inside = np.zeros(len(skin.vertices), dtype=bool)
        for patch in patches:
            inside |= self._skin_patch(patch, side, key)
        return soften(skin, inside)

    def _skin_patch(self, patch: Patch, side: str | None, key: str) -> np.ndarray:
        """(n,) bool: the skin's vertices in one patch."""
        skin = self._skin()
        midline = self.spec.regions[patch.region].midline
        region = self._skin_regions.get((patch.region, None if midline else side))
        keep = np.zeros(len(skin.vertices), dtype=bool) if region is None else region.copy()
        normals = skin.vertex_normals
        facing = np.zeros_like(keep)
        for way in patch.facing:
            facing |= normals @ _direction(way, side) > 0.35
        if patch.over:  # the skin a finger meets, however it turns (under the buttock's fold)
            ids = self.atlas.expand(patch.over)
            target = next((i for i in ids if self.atlas[i].side in (side, None)), ids[0])
            press = -_direction(patch.facing[0], side)
            facing = normals @ press < 0
            facing &= skin_over(skin, self.atlas.mesh(target).triangles, press, patch.margin_mm)
        return keep & facing & self._within(patch, side, key, skin.vertices)

    def _within(self, patch: Patch, side: str | None, key: str, c: np.ndarray) -> np.ndarray:
        """(n,) bool: points c (n, 3) within the patch's landmark bounds, on its side."""
        out = 1.0 if side != "l" else -1.0
        keep = np.ones(len(c), dtype=bool)

        def at(bound: Bound) -> np.ndarray:
            return self._landmark(bound[0], side, key)

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
        return keep

    def _region_ids(self, region: str, side: str | None) -> list[str]:
        """The structures of a region on one side (both, for a midline region)."""
        spec, ids = self.spec.regions[region], []
        for stem in spec.structures:
            both = self.atlas.expand(stem)
            ids += both if spec.midline or len(both) == 1 else [side_id(stem, side)]
        return ids

    @cached_property
    def _skin_regions(self) -> dict[tuple[str, str | None], np.ndarray]:
        """{(region, side or None): (n,) bool}: the skin's vertices whose nearest bone or
        muscle (nerves aside: they run inside) is one of the region's structures."""
        ids = [i for i in self.atlas.ids if i not in self.atlas.broken
               and self.atlas[i].kind in ("bone", "muscle", "fascia")]  # fmt: skip
        owner = np.concatenate([[n] * len(self.atlas.mesh(i).vertices)
                                for n, i in enumerate(ids)])  # fmt: skip
        points = np.vstack([self.atlas.mesh(i).vertices for i in ids])
        nearest = owner[cKDTree(points).query(self._skin().vertices)[1]]
        out = {}
        for name, spec in self.spec.regions.items():
            for side in (None,) if spec.midline else ("r", "l"):
                wanted = [ids.index(i) for i in self._region_ids(name, side) if i in ids]
                out[(name, side)] = np.isin(nearest, wanted)
        return out

    def _patch(self, patch: Patch, zone: Zone) -> trimesh.Trimesh:
        side = zone.side
        surface = self.surface(
            patch.region, None if self.spec.regions[patch.region].midline else side
        )
        c, n = surface.triangles_center, surface.face_normals
        keep = np.zeros(len(c), dtype=bool)
        for facing in patch.facing:
            keep |= n @ _direction(facing, side) > 0.35
        keep &= self._within(patch, side, zone.id, c)
        caps = np.flatnonzero(surface.vertex_degree > 12)  # the envelope's end-cap centres
        keep &= ~np.isin(surface.faces, caps).any(axis=1)
        part = surface.submesh([np.flatnonzero(keep)], append=True)
        return part if isinstance(part, trimesh.Trimesh) else trimesh.Trimesh()


def soften(surface: trimesh.Trimesh, inside: np.ndarray) -> np.ndarray:
    """(n,) 0..1 over the surface's vertices from (n,) bool `inside`: 1 well inside, 0 well
    outside, soft over about a centimetre at the edge (SOFT_STEPS neighbour averagings)."""
    value = inside.astype(float)
    for _ in range(SOFT_STEPS):
        value = 0.5 * value + 0.5 * geometry.neighbour_mean(surface, value)
    return value


def cut_at_half(surface: trimesh.Trimesh, field: np.ndarray) -> trimesh.Trimesh:
    """The part of `surface` where `field` (n,) is at least one half, its edge cut along
    that line through the faces (not stepped along whole faces): a smooth outline."""
    faces = np.asarray(surface.faces)
    v = np.asarray(surface.vertices)
    above = field[faces] >= 0.5  # (m, 3)
    count = above.sum(axis=1)
    pieces = [faces[count == 3]]
    new_points: list[np.ndarray] = []
    start = len(v)

    def crossing(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Indices of new points where the field crosses one half on edges a-b."""
        nonlocal start
        t = (0.5 - field[a]) / (field[b] - field[a])
        new_points.append(v[a] + (v[b] - v[a]) * t[:, None])
        index = np.arange(start, start + len(a))
        start += len(a)
        return index

    for kept in (1, 2):
        rows = faces[count == kept]
        flags = above[count == kept]
        # turn each face so its odd vertex (the one kept alone, or dropped alone) comes first
        odd = np.argmax(flags if kept == 1 else ~flags, axis=1)
        rolled = np.stack([np.roll(r, -k) for r, k in zip(rows, odd, strict=True)]) if len(
            rows) else rows.reshape(0, 3)  # fmt: skip
        a, b, c = rolled.T
        ab, ac = crossing(a, b), crossing(a, c)
        if kept == 1:  # a corner: a, ab, ac
            pieces.append(np.column_stack([a, ab, ac]))
        else:  # a quad: ab, b, c, ac
            pieces += [np.column_stack([ab, b, c]), np.column_stack([ab, c, ac])]
    points = np.vstack([v, *new_points]) if new_points else v
    cut = trimesh.Trimesh(points, np.vstack(pieces), process=False)
    cut.remove_unreferenced_vertices()
    return cut


__all__ = ["Zone", "Zones", "cut_at_half", "soften"]
