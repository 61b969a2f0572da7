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

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from glutelib.palpation_guide import Site
from glutelib.projection import Look

if TYPE_CHECKING:
    from glutelib.library import Library

WINDOW_MM = 30.0  # the look covers the structure's box this much wider each way
LAYER_SHARE = 0.3  # a structure lies between the skin and the target over this much of it
NEAR_SITE_MM = 20.0  # an endangerment site this close to a projection is near it


@dataclass(frozen=True)
class Reach:
    """A structure as a finger meets it from its position's side, measured on the standing
    meshes and skin (2 mm pixels across the press).

    projection: (n, 3) the skin over it where no bone lies in front (a point per pixel)
    depths: (n,) mm from that skin to the structure along the press
    layers: ids lying between the skin and it over at least LAYER_SHARE of the projection,
        the shallowest first, each with the share it covers
    behind_bone: the share of its outline a bone hides (no finger reaches there)
    """

    structure_id: str
    press: np.ndarray
    projection: np.ndarray
    depths: np.ndarray
    layers: tuple[tuple[str, float], ...]
    behind_bone: float

    @property
    def shallowest_mm(self) -> float:
        return float(self.depths.min())

    @property
    def typical_mm(self) -> float:
        return float(np.median(self.depths))


def reach(library: Library, structure_id: str) -> Reach:
    """The structure's `Reach` (kept: a few tenths of a second to measure)."""
    key = ("palpation reach", structure_id)
    if key not in library.derived:
        library.derived[key] = _measure(library, structure_id)
    return library.derived[key]


def _measure(library: Library, structure_id: str) -> Reach:
    atlas = library.atlas
    press = library.palpation.press(structure_id)
    mesh = atlas.mesh(structure_id)
    box = np.array([mesh.bounds[0] - WINDOW_MM, mesh.bounds[1] + WINDOW_MM])
    look = Look.round(press, box)
    target, _ = look.near_far(mesh.triangles)
    skin = atlas.skin_mesh()
    on_grid = look.cells(skin.vertices)[2][skin.faces].any(axis=1)
    skin_near, _ = look.near_far(skin.triangles[on_grid])
    outline = np.isfinite(target) & np.isfinite(skin_near)
    fronts = {}  # id -> its nearest depth per pixel, for what lies in the window
    for other in atlas.ids:
        if other == structure_id or other in atlas.broken:
            continue
        bounds = atlas.mesh(other).bounds
        if (bounds[1] < box[0]).any() or (bounds[0] > box[1]).any():
            continue
        fronts[other] = look.near_far(atlas.mesh(other).triangles)[0]
    bone = np.full(look.shape, np.inf)
    for other, near in fronts.items():
        if atlas[other].kind == "bone":
            bone = np.minimum(bone, near)
    free = outline & (target <= bone + 1.0)  # a bone in front: no finger gets there
    layers = []
    for other, near in fronts.items():
        if atlas[other].kind == "bone":
            continue
        between = free & (near < target - 1.0) & (near > skin_near - 1.0)
        share = between.sum() / max(free.sum(), 1)
        if share >= LAYER_SHARE:
            layers.append((float(np.median(near[between] - skin_near[between])), other, share))
    return Reach(
        structure_id=structure_id,
        press=press,
        projection=look.points(free, skin_near),
        depths=target[free] - skin_near[free],
        layers=tuple((other, float(share)) for _, other, share in sorted(layers)),
        behind_bone=float(1 - free.sum() / max(outline.sum(), 1)),
    )


def surface_projection(library: Library, structure_id: str) -> np.ndarray:
    """(n, 3) points on the standing skin over the structure, as a finger pressing from its
    position's side meets it (where no bone lies in front)."""
    return reach(library, structure_id).projection


def depth_mm(library: Library, structure_id: str) -> float:
    """The structure's typical depth under the skin (the median over its projection), mm."""
    return reach(library, structure_id).typical_mm


def endangerment_sites(library: Library) -> list[Site]:
    """Every endangerment site, each side: `id`, `protects` (structure ids), `spec`."""
    return list(library.palpation.sites.values())


def site_field(library: Library, site_id: str) -> np.ndarray:
    """(n,) 0..1 over the skin's vertices: the site, soft at its edge (as a zone's field)."""
    site = library.palpation.sites[site_id]
    return library.zones.skin_field(list(site.spec.patches), site.side, site_id)


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


__all__ = ["Reach", "Site", "depth_mm", "endangerment_sites", "reach", "site_field",
           "sites_near", "surface_projection"]  # fmt: skip
