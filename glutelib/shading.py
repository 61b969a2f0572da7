"""Each vertex's shade: depth cues and fibre direction drawn in the colour a part already has.

Two things make a still picture read as anatomy without costing the page a triangle:

- **ambient light**, baked once at mesh-build time (`scripts/build_occlusion.py`,
  `meshes/occlusion.npy`): a vertex in a fold or under a muscle's edge is drawn darker, so
  what lies in front of what shows without turning the model;
- **fibre stripes** on each muscle: faint bands that run the way its fibres run (from its
  origin to its insertion along the centre line the rig measures lengths on), fanning where
  the muscle fans, which is the way a massage stroke follows.

A trace draws its colour through a three-stop colour scale (`colorscale`) indexed by the
vertex's shade (`shade`, 0-255): the colour itself at NEUTRAL, darker below, lighter above.
The shade depends only on the structure and its level of detail, never on the pose or the
colour, so the page is sent it once with the mesh, and a change of colour stays a restyle.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import trimesh

from glutelib.atlas import occlusion
from glutelib.colours import hex_of_lab, lab_of
from glutelib.errors import GlutelibError
from glutelib.geometry import neighbour_sum
from glutelib.library import Library
from glutelib.poses import Pose, cached_arrays, derived_path

log = logging.getLogger(__name__)

DARKEST, LIGHTEST = 0.55, 1.12  # a vertex's lightness, times its colour's, at shade 0 and 255
AMBIENT_DEPTH = 0.42  # how much darker a vertex shut in on every side is drawn
STRIPE_DEPTH = 0.12  # the fibre stripes: this much lighter and darker than the colour
STRIPE_MM = 12.0  # the narrowest band; coarse meshes draw them wider (STRIPE_EDGES)
STRIPE_EDGES = 3.5  # a band spans at least this many of the mesh's median edges
SMOOTHING = 2  # passes averaging each vertex's ambient light with its neighbours' (ray noise)
MAX_STRIPES = 14
CENTRE_POINTS = 10  # points on a muscle's centre line (the rig's own paths)
NEUTRAL = round(255 * (1 - DARKEST) / (LIGHTEST - DARKEST))  # shade of the colour itself


@cache  # every sync styles every trace: a few colours, asked for again and again
def colorscale(colour: str) -> tuple[tuple[float, str], ...]:
    """plotly's colour scale for a part in `colour`: DARKEST to LIGHTEST times its CIE Lab,
    through `colour` itself at shade NEUTRAL (tuples, as plotly keeps them: a restyle
    compares)."""
    lab = lab_of(colour)
    dark, bright = (hex_of_lab(lab * f) for f in (DARKEST, LIGHTEST))
    return ((0.0, dark), (round(NEUTRAL / 255, 4), colour), (1.0, bright))


def ambient_light(library: Library) -> dict[str, np.ndarray]:
    """{id: (n,) float 0..1} each structure's baked ambient light per full-mesh vertex; all
    ones (no depth cue, said in the log) when the file is missing or fails its checks."""
    key = ("ambient light",)
    if key not in library.derived:
        try:
            library.derived[key] = occlusion(library.atlas)
        except GlutelibError as error:
            log.warning("Drawing without depth shading: %s", error)
            library.derived[key] = {}
    return library.derived[key]


def fibre_line(library: Library, key: str, pose: Pose | None = None) -> np.ndarray:
    """(CENTRE_POINTS, 3) mm: the muscle's centre line in `pose` (standing), origin end
    first: the rig's path where the muscle crosses a joint, smoothed (a parabola through its
    slices' centres, which zigzag where a slice is thin), else its longest axis."""
    rig, pose = library.rig, pose or Pose()
    if rig.crosses_joint(key):
        path = rig.path(key, pose)
        t = np.linspace(0, 1, len(path))
        fit = np.polynomial.polynomial.polyfit(t, path, 2)  # (3, 3) per coordinate
        return np.polynomial.polynomial.polyval(np.linspace(0, 1, CENTRE_POINTS), fit).T
    v = np.asarray(rig.vertices(key, pose))
    centre = v.mean(axis=0)
    axis = np.linalg.svd(v - centre, full_matrices=False)[2][0]
    t = (v - centre) @ axis
    return centre + np.linspace(t.min(), t.max(), CENTRE_POINTS)[:, None] * axis


@dataclass(frozen=True)
class FibreFrame:
    """Where each full-mesh vertex of a muscle lies on it, standing."""

    along: np.ndarray  # (n,) along its centre line: 0 origin end, 1 insertion end
    across: np.ndarray  # (n,) offset across its breadth over the half-breadth there (about
    # -1..1): the same all along a fibre, converging where the muscle narrows to its tendon
    tangent: np.ndarray  # (n, 3) the centre line's direction nearest the vertex
    breadth_mm: float  # the muscle's typical breadth


def fibre_frame(library: Library, key: str) -> FibreFrame:
    """The muscle's FibreFrame (kept: stripes and arrows both read it)."""
    return library.kept(("fibre frame", key), lambda: _fibre_frame(library, key))


def _fibre_frame(library: Library, key: str) -> FibreFrame:
    v = np.asarray(library.atlas.mesh(key).vertices, dtype=float)
    line = fibre_line(library, key)
    a, b = line[:-1], line[1:]  # (s, 3) segments
    ab = b - a
    seg_len = np.maximum(np.linalg.norm(ab, axis=1), 1e-9)
    t = np.clip(np.einsum("nsk,sk->ns", v[:, None] - a[None], ab) / seg_len**2, 0, 1)
    foot = a[None] + t[..., None] * ab[None]  # (n, s, 3)
    nearest = np.linalg.norm(v[:, None] - foot, axis=2).argmin(axis=1)
    rows = np.arange(len(v))
    along = (nearest + t[rows, nearest]) / len(ab)  # 0 origin end .. 1 insertion end
    tangent = (ab / seg_len[:, None])[nearest]
    offset = v - foot[rows, nearest]
    offset -= np.einsum("nk,nk->n", offset, tangent)[:, None] * tangent
    breadth = np.linalg.svd(offset - offset.mean(axis=0), full_matrices=False)[2][0]
    across_dir = breadth - np.einsum("nk,k->n", tangent, breadth)[:, None] * tangent
    across_dir /= np.maximum(np.linalg.norm(across_dir, axis=1), 1e-9)[:, None]
    across = np.einsum("nk,nk->n", offset, across_dir)
    bins = np.minimum((along * CENTRE_POINTS).astype(int), CENTRE_POINTS - 1)
    width = np.array([np.percentile(np.abs(across[bins == k]), 95) if np.any(bins == k)
                      else np.nan for k in range(CENTRE_POINTS)])  # fmt: skip
    width = np.maximum(np.where(np.isnan(width), np.nanmedian(width), width), 3.0)
    centres = (np.arange(CENTRE_POINTS) + 0.5) / CENTRE_POINTS
    half = np.interp(along, centres, width)
    return FibreFrame(along, across / half, tangent, 2 * float(np.median(width)))


def fibre_stripes(library: Library, key: str) -> np.ndarray:
    """(n,) in -1..1 per full-mesh vertex: bands along the muscle's fibres (`fibre_frame`),
    as many as its breadth holds bands of STRIPE_MM (wider on a coarse mesh)."""
    mesh, frame = library.atlas.mesh(key), fibre_frame(library, key)
    band = max(STRIPE_MM, STRIPE_EDGES * float(np.median(mesh.edges_unique_length)))
    count = int(np.clip(round(frame.breadth_mm / band), 2, MAX_STRIPES))
    return np.sin(np.pi * count * np.clip(frame.across, -1.2, 1.2))


def smoothed(mesh: trimesh.Trimesh, values: np.ndarray, passes: int = SMOOTHING) -> np.ndarray:
    """(n,) values per vertex of `mesh`, each averaged with its neighbours `passes` times."""
    for _ in range(passes):
        total, count = neighbour_sum(mesh, values)
        values = (values + total) / (count + 1.0)
    return values


def shade(library: Library, key: str, stripes: bool = True) -> np.ndarray:
    """(n,) uint8 per full-mesh vertex: ambient light and, on a muscle with `stripes`, its
    fibre stripes."""
    striped = stripes and library.atlas[key].kind == "muscle"
    return shade_table(library)[f"{key}/{'striped' if striped else 'plain'}"]


def shade_table(library: Library) -> dict[str, np.ndarray]:
    """{"<id>/plain" and, for a muscle, "<id>/striped": (n,) uint8} every loadable
    structure's shades (`_shade`), kept on disk beside the poses: the stripes follow the
    rig's paths, which a new kernel would otherwise work out before its first figure. The
    file's name covers the meshes, the baked light and this module."""
    if ("shades",) not in library.derived:
        rig = library.rig
        names = {f"{sid}/{kind}": len(library.atlas.mesh(sid).vertices)
                 for sid in rig.loadable
                 for kind in (("plain", "striped") if library.atlas[sid].kind == "muscle"
                              else ("plain",))}  # fmt: skip

        def compute() -> dict[str, np.ndarray]:
            return {n: _shade(library, n.split("/")[0], n.endswith("striped")).astype(
                np.float32) for n in names}  # fmt: skip

        # A damaged light file warns (ambient_light) and draws without depth cues, never
        # with an old file's.
        light = library.atlas.manifest.occlusion.sha256 if ambient_light(library) else "none"
        path = derived_path(rig.cache_dir, library.atlas, rig.loadable, "shades",
                            light + Path(__file__).read_text())  # fmt: skip
        arrays = cached_arrays(path, compute, {n: (count,) for n, count in names.items()})
        library.derived[("shades",)] = {n: a.astype(np.uint8) for n, a in arrays.items()}
    return library.derived[("shades",)]


def _shade(library: Library, key: str, stripes: bool) -> np.ndarray:
    mesh = library.atlas.mesh(key)
    light = ambient_light(library).get(key)
    if light is None or len(light) != len(mesh.vertices):  # rebuilt since: no depth cue
        light = np.ones(len(mesh.vertices))
    value = 1 - AMBIENT_DEPTH * (1 - smoothed(mesh, light))
    if stripes:
        value = value * (1 + STRIPE_DEPTH * fibre_stripes(library, key))
    scaled = (value - DARKEST) / (LIGHTEST - DARKEST)
    return np.round(np.clip(scaled, 0, 1) * 255).astype(np.uint8)


def drawn_shade(library: Library, key: str, light: bool) -> np.ndarray:
    """(k,) uint8: the shade of the vertices drawn at the level `light`. The light level is
    the muted context (on some of the full mesh's vertices, too few for stripes): depth cues
    only, so the stripes mark what is named."""
    level = library.atlas.level(key, light=light)
    return shade(library, key, stripes=not light)[level.vertices]
