"""Finding structures by touch, from the skin inward: what the guide (palpation.yaml, read
by glutelib/palpation_guide.py as the library loads) stands on, measured on the meshes and
the skin.

The file says how the client lies, the route from bony landmarks, the layers the sources say
a finger presses through, the fibres and the stroke, and the endangerment sites. The
geometry says the rest (`reach`): the skin over the structure as a finger pressing from the
position's side meets it (its surface projection), how deep it lies under that skin, what
lies between, and which endangerment sites are near. Nothing measured is typed in the file.

>>> guide = library.palpation
>>> guide.entry("piriformis_r").route[0].words
>>> surface_projection(library, "piriformis_r")      # (n, 3) points on the skin
>>> depth_mm(library, "piriformis_r")                # typical depth under the skin, mm
>>> reach(library, "piriformis_r").layers            # ids a finger presses through, in order
>>> endangerment_sites(library)[0].protects          # ('sciatic_nerve_r',)
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import trimesh

from glutelib import projection
from glutelib.palpation_guide import Site
from glutelib.poses import derived_path
from glutelib.projection import Look, skin_over
from glutelib.zones import cut_at_half, soften

if TYPE_CHECKING:
    from glutelib.library import Library

WINDOW_MM = 30.0  # the look covers the structure's box this much wider each way
LAYER_SHARE = 0.3  # a structure lies between the skin and the target over this much of it
NEAR_SITE_MM = 20.0  # an endangerment site this close to a projection is near it
SIDE_BY_SIDE = 0.25  # two layers overlapping on less of the smaller are side by side
# Drawn on the skin, each as one trace (glutelib.drawing): the picked structure's surface
# projection as a soft outline (the band of its field between these), and the sites shown.
OUTLINE_KEY = "palpate:outline"
SITES_KEY = "palpate:sites"
OUTLINE_BAND = (0.25, 0.6)
LIFT_MM = 2.0  # above the skin and a zone's 1.5 mm
# An endangerment site is hatched: bands HATCH_MM wide, their planes across the body's
# diagonal (about 55 degrees to each axis: slanting in every named view), so it reads as a
# warning without its colour too.
HATCH_MM = 8.0
HATCH_ACROSS = np.array([1.0, 1.0, 1.0]) / np.sqrt(3.0)


@dataclass(frozen=True)
class Reach:
    """A structure as a finger meets it from its position's side, measured on the standing
    meshes and skin (2 mm pixels across the press).

    projection: (n, 3) the skin over it where no bone lies in front (a point per pixel)
    depths: (n,) mm from that skin to the structure along the press
    layers: ids lying between the skin and it over at least LAYER_SHARE of the projection,
        the shallowest first, each with the share it covers
    stages: the layers as a finger meets them: those side by side over different parts of
        the outline (gluteus maximus over the buttock, biceps femoris over the thigh) share a
        stage
    behind_bone: the share of its outline a bone hides (no finger reaches there)
    """

    structure_id: str
    press: np.ndarray
    projection: np.ndarray
    depths: np.ndarray
    layers: tuple[tuple[str, float], ...]
    behind_bone: float
    stages: tuple[tuple[str, ...], ...] = ()

    @property
    def shallowest_mm(self) -> float:
        return float(self.depths.min())

    @property
    def typical_mm(self) -> float:
        return float(np.median(self.depths))


def reach(library: Library, structure_id: str) -> Reach:
    """The structure's `Reach`: kept in the library and on disk beside the posed vertices,
    since measuring one takes a few tenths of a second and a quiz or a lesson asks for
    twenty (each kernel, each lesson build)."""
    return library.kept(("palpation reach", structure_id), lambda: _stored(library, structure_id))


def _stored(library: Library, structure_id: str) -> Reach:
    """`_measure`'s answer, read from the cache folder when there (`poses.derived_path`: the
    checksums of the meshes in its window and the skin's, the press and this module's and
    projection's code), else measured and written there (a cache it cannot read or write
    only costs time). Keyed by its window, not every mesh: a part that does not load far
    away (a broken-mesh lesson, another side) leaves the measure as it was."""
    atlas, rig = library.atlas, library.rig
    press = library.palpation.press(structure_id)
    skin = atlas.manifest.skin.sha256 if atlas.manifest.skin else ""
    _, around = _window(library, structure_id)
    kinds = [(i, atlas[i].kind) for i in around]  # ids and which are bone: in the answer
    extra = f"{structure_id}|{skin}|{press.tolist()}|{kinds}|{_measuring_code()}"
    path = derived_path(rig.cache_dir, atlas, [structure_id, *around], "reach", extra)
    if path is not None and path.is_file():
        try:
            with np.load(path) as stored:
                return _read_reach(structure_id, stored)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            pass  # unreadable: measured again
    found = _measure(library, structure_id)
    if path is not None:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
            np.savez(tmp, press=found.press, projection=found.projection, depths=found.depths,
                     behind_bone=found.behind_bone,
                     layers=json.dumps(found.layers), stages=json.dumps(found.stages))  # fmt: skip
            os.replace(tmp, path)
    return found


@cache
def _measuring_code() -> str:
    """The code a reach stands on (this module and projection's), read once a process."""
    return "".join(Path(m.__file__).read_text() for m in (sys.modules[__name__], projection))


def _read_reach(structure_id: str, stored) -> Reach:
    return Reach(
        structure_id=structure_id,
        press=stored["press"],
        projection=stored["projection"].reshape(-1, 3),
        depths=stored["depths"],
        layers=tuple((i, float(share)) for i, share in json.loads(str(stored["layers"]))),
        behind_bone=float(stored["behind_bone"]),
        stages=tuple(tuple(stage) for stage in json.loads(str(stored["stages"]))),
    )


def _window(library: Library, structure_id: str) -> tuple[np.ndarray, list[str]]:
    """(2, 3) the box a reach looks through (the structure's, WINDOW_MM wider each way) and
    the other parts that load and reach into it: all a reach's answer depends on."""
    atlas = library.atlas
    bounds = atlas.mesh(structure_id).bounds
    box = np.array([bounds[0] - WINDOW_MM, bounds[1] + WINDOW_MM])
    around = []
    for other in atlas.ids:
        if other != structure_id and other not in atlas.broken:
            low, high = atlas.mesh(other).bounds
            if not ((high < box[0]).any() or (low > box[1]).any()):
                around.append(other)
    return box, around


def _measure(library: Library, structure_id: str) -> Reach:
    atlas = library.atlas
    press = library.palpation.press(structure_id)
    mesh = atlas.mesh(structure_id)
    box, around = _window(library, structure_id)
    look = Look.round(press, box)
    target, _ = look.near_far(mesh.triangles)
    skin = atlas.skin_mesh()
    skin_near, _ = look.near_far(look.triangles_of(skin))
    outline = np.isfinite(target) & np.isfinite(skin_near)
    # id -> its nearest depth per pixel, for what lies in the window
    fronts = {other: look.near_far(atlas.mesh(other).triangles)[0] for other in around}
    bone = np.full(look.shape, np.inf)
    for other, near in fronts.items():
        if atlas[other].kind == "bone":
            bone = np.minimum(bone, near)
    free = outline & (target <= bone + 1.0)  # a bone in front: no finger gets there
    layers, masks = [], {}
    for other, near in fronts.items():
        if atlas[other].kind == "bone":
            continue
        between = free & (near < target - 1.0) & (near > skin_near - 1.0)
        share = between.sum() / max(free.sum(), 1)
        if share >= LAYER_SHARE:
            layers.append((float(np.median(near[between] - skin_near[between])), other, share))
            masks[other] = between
    layers.sort()  # the shallowest first
    stages: list[list[str]] = []
    for _, other, _ in layers:
        beside = stages and all(
            (masks[other] & masks[o]).sum() < SIDE_BY_SIDE * min(masks[other].sum(), masks[o].sum())
            for o in stages[-1])  # fmt: skip
        stages[-1:] = [[*stages[-1], other]] if beside else [*stages[-1:], [other]]
    return Reach(
        structure_id=structure_id,
        press=press,
        projection=look.points(free, skin_near),
        depths=target[free] - skin_near[free],
        layers=tuple((other, float(share)) for _, other, share in layers),
        behind_bone=float(1 - free.sum() / max(outline.sum(), 1)),
        stages=tuple(map(tuple, stages)),
    )


def surface_projection(library: Library, structure_id: str) -> np.ndarray:
    """(n, 3) points on the standing skin over the structure, as a finger pressing from its
    position's side meets it (where no bone lies in front)."""
    return reach(library, structure_id).projection


def depth_mm(library: Library, structure_id: str) -> float:
    """The structure's typical depth under the skin (the median over its projection), mm."""
    return reach(library, structure_id).typical_mm


def skin_nearest(library: Library, point: np.ndarray) -> np.ndarray:
    """(3,) the standing skin nearest `point` (3,): where a finger finds a bony landmark
    (over a prominence the skin is thinnest; the ASIS and PSIS are markers on the skin)."""
    closest, _, _ = trimesh.proximity.closest_point(library.atlas.skin_mesh(), [point])
    return closest[0]


def skin_in_line(library: Library, point: np.ndarray, press: np.ndarray) -> np.ndarray:
    """(3,) the standing skin a finger pressing along `press` (3,) first meets in line with
    `point` (3,): where a landmark lies under the skin as seen from the side pressed from
    (behind the greater trochanter, not beside it)."""
    press = np.asarray(press, dtype=float) / np.linalg.norm(press)
    skin = library.atlas.skin_mesh()
    origin = np.asarray(point, dtype=float) - press * (skin.scale + 1.0)  # outside the body
    hits, _, _ = trimesh.ray.ray_triangle.RayMeshIntersector(skin).intersects_location(
        [origin], [press]
    )
    if not len(hits):  # off the skin across the press: its nearest point
        return skin_nearest(library, point)
    return hits[np.argmin((hits - origin) @ press)]


def endangerment_sites(library: Library) -> list[Site]:
    """Every endangerment site, each side: `id`, `protects` (structure ids), `spec`."""
    return list(library.palpation.sites.values())


def site_field(library: Library, site_id: str) -> np.ndarray:
    """(n,) 0..1 over the skin's vertices: the site, soft at its edge (as a zone's field)."""
    site = library.palpation.sites[site_id]  # kept: every Palpate view near it asks
    return library.kept(("endangerment site field", site_id), lambda: library.zones.skin_field(
        list(site.spec.patches), site.side, site_id))  # fmt: skip


def sites_near(library: Library, structure_id: str) -> list[Site]:
    """The endangerment sites within NEAR_SITE_MM of the structure's projection."""
    projection = surface_projection(library, structure_id)
    skin = library.atlas.skin_mesh().vertices
    out = []
    for site in endangerment_sites(library):
        on = skin[site_field(library, site.id) >= 0.5]
        if len(on) and len(projection):
            gap = np.linalg.norm(projection[:, None, :] - on[None, ::4, :], axis=2).min()
            if gap <= NEAR_SITE_MM:
                out.append(site)
    return out


def outline_field(library: Library, structure_id: str) -> np.ndarray:
    """(n,) 0..1 over the skin's vertices: the structure's surface projection from its
    position's side (bone in front or not: where it lies under the skin), soft at its edge."""
    skin = library.atlas.skin_mesh()
    press = library.palpation.press(structure_id)
    return soften(skin, skin_over(skin, library.atlas.mesh(structure_id).triangles, press))


def _covering(library: Library, key: str, make) -> trimesh.Trimesh:
    """A mesh over the skin, made once and posed by the rig with the skin (`Rig.add_mesh`)."""

    def lifted() -> trimesh.Trimesh:
        mesh = make()
        mesh.vertices = mesh.vertices + mesh.vertex_normals * LIFT_MM
        library.rig.add_mesh(key, mesh, covering=True)
        return mesh

    return library.kept((key,), lifted)


def outline_mesh(library: Library, structure_id: str) -> trimesh.Trimesh:
    """The structure's outline on the standing skin: the band of `outline_field` between
    OUTLINE_BAND of its highest value, cut smoothly through the faces, lifted LIFT_MM off
    the skin."""
    low, high = OUTLINE_BAND

    def make() -> trimesh.Trimesh:
        field = outline_field(library, structure_id)
        top = float(field.max())  # a narrow part's field never reaches 1: a ring of its own
        band = 0.5 + np.minimum(field - low * top, high * top - field)  # >= 0.5 in the band
        return cut_at_half(library.atlas.skin_mesh(), band)

    return _covering(library, f"{OUTLINE_KEY}:{structure_id}", make)


def site_mesh(library: Library, site_id: str) -> trimesh.Trimesh:
    """An endangerment site on the standing skin, cut at its field's half line, split once
    (edges about half the skin's, so its hatching's bands have clean edges), lifted."""
    return _covering(
        library,
        f"{SITES_KEY}:{site_id}",
        lambda: cut_at_half(library.atlas.skin_mesh(), site_field(library, site_id)).subdivide(),
    )


def hatching(library: Library, site_ids) -> np.ndarray:
    """(k,) uint8 for the sites' vertices, stacked as `drawn` stacks them: 0 and 255 in
    bands HATCH_MM wide across HATCH_ACROSS on the standing mesh (the bands follow a pose)."""
    parts = [
        np.asarray(site_mesh(library, one).vertices) @ HATCH_ACROSS for one in sorted(site_ids)
    ]
    if not parts:
        return np.zeros(0, np.uint8)
    return np.where(np.floor(np.concatenate(parts) / HATCH_MM) % 2 == 0, 0, 255).astype(np.uint8)


def covering(library: Library, name: str) -> trimesh.Trimesh:
    """The mesh of one outline or site by its rig name ('palpate:outline:piriformis_r',
    'palpate:sites:sciatic_course_r'), made (and given to the rig) if not yet."""
    key, one = name.rsplit(":", 1)
    if key not in (OUTLINE_KEY, SITES_KEY):
        raise KeyError(f"{name!r} is not an outline or a site on the skin")
    return (outline_mesh if key == OUTLINE_KEY else site_mesh)(library, one)


def drawn(library: Library, key: str, ids, pose) -> tuple[np.ndarray, np.ndarray]:
    """(k, 3) float32 vertices and (m, 3) int32 faces of OUTLINE_KEY (ids: the structure, or
    None) or SITES_KEY (ids: the sites) in `pose`, following the body over the tissue."""
    if key == OUTLINE_KEY:
        ids = [ids] if ids else []
    parts, faces, start = [], [], 0
    for one in sorted(ids):
        mesh = (outline_mesh if key == OUTLINE_KEY else site_mesh)(library, one)
        parts.append(library.rig.vertices(f"{key}:{one}", pose))
        faces.append(np.asarray(mesh.faces) + start)
        start += len(mesh.vertices)
    if not parts:
        return np.zeros((0, 3), np.float32), np.zeros((0, 3), np.int32)
    return np.vstack(parts).astype(np.float32), np.vstack(faces).astype(np.int32)


__all__ = ["OUTLINE_KEY", "SITES_KEY", "Reach", "Site", "covering", "depth_mm", "drawn",
           "endangerment_sites", "hatching", "outline_field", "outline_mesh", "reach", "site_field",
           "site_mesh", "sites_near", "skin_nearest", "surface_projection"]  # fmt: skip
