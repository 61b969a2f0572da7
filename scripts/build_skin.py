#!/usr/bin/env python
"""Build `meshes/skin.ply`: one smooth, closed body surface from the lower ribs to the feet.

Made from the committed meshes, standing, in the atlas frame (RAS mm), on a voxel grid:

1. The body is every voxel within a soft-tissue thickness of the atlas' tissue. Over muscle
   the thickness is SUBCUTANEOUS_MM (a lean adult's buttock, thigh and low back); where bone
   lies under the skin it falls to OVER_BONE_MM (sacrum, PSIS, iliac crest, greater
   trochanter): it ramps between the two with the depth of muscle over the bone.
2. Where the atlas has no muscle, the body an adult has there is added as stated shapes
   round the bones (`ENVELOPES`): the quadriceps' and adductors' side of the thigh, the calf,
   the belly. They stop short of the bony landmarks that lie under the skin.
3. Hollows inside the body are filled; the outside is what a marching-cubes surface wraps,
   smoothed (Taubin, keeping its volume) and reduced to about TARGET_FACES triangles.

Deterministic: two runs give identical bytes. Run with `make meshes` (needs the `build`
extra: scikit-image's marching cubes). The manifest keeps its checksum (`skin`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import fast_simplification
import numpy as np
import trimesh
from scipy import ndimage
from skimage.measure import marching_cubes

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from glutelib import load_atlas  # noqa: E402
from glutelib.atlas import Atlas  # noqa: E402

SKIN_FILE = "skin.ply"
VOXEL_MM = 2.5
SUBCUTANEOUS_MM = 14.0  # over muscle: injection studies measure 1-3 cm at the buttock
OVER_BONE_MM = 7.0  # where bone lies under the skin (the PSIS dimples, the sacrum's crest)
OVER_FOOT_MM = 10.0  # the foot's sole pad and the skin round the toes (no foot muscle here)
FOOT_BONES = ("talus", "foot_bones", "toe_bones")
DEPTH_RAMP_MM = 40.0  # muscle over bone at which the thickness reaches SUBCUTANEOUS_MM
SMOOTH_MM = 3.0  # the Gaussian that rounds the voxel surface before it is wrapped
TAUBIN_STEPS = 20
UNFOLD_STEPS = 60
SHARPEST_DEG = 45.0  # the most one face's normal turns from a neighbour's (tests/data)
TARGET_FACES = 24_000
CAP_MM = 40.0  # an envelope's rounded ends
CHANNEL_MM = 5.0  # narrower ways in from outside are closed (see `outside`)
CLOSE_MM = 15.0  # grooves narrower than twice this between parts are filled
TOP_ROUND_MM = 10.0  # how round the trunk's top edge is (it stops above the highest part)


@dataclass(frozen=True)
class Envelope:
    """A section of limb or trunk the atlas has no muscle for, on the right side (the left is
    its mirror): an ellipse swept along the line from landmark `top` to landmark `bottom`,
    from share `start` to share `end` of it. At each end its half-widths (mm) across the
    body (`across`) and front to back (`deep`; `back` behind the centre if it differs), and its
    centre's offset from the line
    (`shift`, (right, forward) mm in RAS); in between they change linearly."""

    top: str
    bottom: str
    start: float
    end: float
    across: tuple[float, float]
    deep: tuple[float, float]
    shift: tuple[tuple[float, float], tuple[float, float]]
    back: tuple[float, float] | None = None  # half-depths behind the centre, if not `deep`


# The body an adult has where the atlas has no muscle: the front and inner thigh (quadriceps,
# adductors but magnus, gracilis, sartorius), the calf (triceps surae), the belly. Sized for a
# slim adult of the source model's build (170 cm, 75 kg): upper thigh ~45 cm round, calf ~33
# cm, waist ~75 cm. Each stops short of the bony points that lie under the skin: the greater
# trochanter (the thigh's outer edge reaches its line), the ASIS, the PSIS and the iliac crest
# (outside the belly's ellipse), the tibia's front (~8 mm of cover).
ENVELOPES = (
    Envelope("hip_joint_centre", "knee_joint_centre", 0.08, 0.55, (62, 55), (78, 66),
             ((-8, 2), (-6, 2))),
    Envelope("hip_joint_centre", "knee_joint_centre", 0.55, 0.95, (55, 46), (66, 48),
             ((-6, 2), (-2, -4))),
    Envelope("knee_joint_centre", "ankle", 0.0, 0.3, (46, 48), (46, 54), ((0, -12), (0, -25))),
    Envelope("knee_joint_centre", "ankle", 0.3, 0.95, (48, 28), (54, 28), ((0, -25), (0, -8))),
    Envelope("pubis", "asis_level", 0.0, 1.0, (70, 112), (58, 80), ((-77, 34), (-77, 26)),
             back=(85, 50)),  # behind: the pelvic floor and the organs the pelvis holds
    Envelope("asis_level", "top", 0.0, 1.0, (112, 118), (80, 80), ((-77, 26), (-77, 20)),
             back=(40, 40)),
)  # fmt: skip


def _top(atlas: Atlas) -> float:
    """z (mm) where the trunk stops: just above the highest structure (L1, the lumbar
    muscles: the level of the lower ribs)."""
    return max(s.bounds_mm[1][2] for s in atlas.manifest.structures.values()) + 2 * TOP_ROUND_MM


def grid(atlas: Atlas, margin: float = 40.0) -> tuple[np.ndarray, tuple[int, int, int]]:
    """The grid's origin (3,) mm and shape, round every structure plus a margin."""
    bounds = np.array([s.bounds_mm for s in atlas.manifest.structures.values()])
    lo, hi = bounds[:, 0].min(axis=0) - margin, bounds[:, 1].max(axis=0) + margin
    shape = tuple(int(n) for n in np.ceil((hi - lo) / VOXEL_MM) + 1)
    return lo, shape


def mark_surfaces(meshes: list[trimesh.Trimesh], origin: np.ndarray, shape) -> np.ndarray:
    """(shape) bool: the voxels the meshes' surfaces pass through (sampled every half voxel)."""
    marks = np.zeros(shape, dtype=bool)
    tri = np.vstack([np.asarray(m.triangles) for m in meshes])
    # barycentric samples dense enough that no voxel a triangle crosses is missed: each
    # triangle as many as its longest edge needs
    longest = np.linalg.norm(tri - np.roll(tri, 1, axis=1), axis=2).max(axis=1)
    need = np.maximum(2, np.ceil(longest / (VOXEL_MM / 2)).astype(int))
    for n in np.unique(need):
        a, b = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
        keep = a + b <= n
        u, v = a[keep] / n, b[keep] / n
        w = 1 - u - v
        these = tri[need == n]
        points = (these[:, None, 0] * w[None, :, None] + these[:, None, 1] * u[None, :, None]
                  + these[:, None, 2] * v[None, :, None]).reshape(-1, 3)  # fmt: skip
        idx = np.round((points - origin) / VOXEL_MM).astype(int)
        marks[idx[:, 0], idx[:, 1], idx[:, 2]] = True
    return marks


def filled(marks: np.ndarray) -> np.ndarray:
    """The marked voxels and every voxel they enclose (a closed surface's inside)."""
    return ndimage.binary_fill_holes(ndimage.binary_closing(marks, iterations=1))


def within(marks: np.ndarray, reach: float) -> np.ndarray:
    """(shape) bool: the voxels within `reach` mm of the marked surfaces' filled insides.
    Worked out in a box round the marks, reach and a margin wider (the rest of the grid lies
    farther): the same voxels as over the whole grid, for a small part (the feet) at a
    fraction of the cost."""
    out = np.zeros(marks.shape, dtype=bool)
    where = np.argwhere(marks)
    if not len(where):
        return out
    pad = int(np.ceil(reach / VOXEL_MM)) + 4  # the closing's reach beside the distance's
    box = tuple(slice(max(lo - pad, 0), hi + pad + 1)
                for lo, hi in zip(where.min(axis=0), where.max(axis=0), strict=True))  # fmt: skip
    out[box] = ndimage.distance_transform_edt(~filled(marks[box])) * VOXEL_MM <= reach
    return out


def body_volume(atlas: Atlas) -> tuple[np.ndarray, np.ndarray]:
    """(shape) float32 in 0..1, the body smoothed, and the grid's origin (3,) mm."""
    origin, shape = grid(atlas)
    kinds = {sid: atlas[sid].kind for sid in atlas.ids}
    bones = [atlas.mesh(s) for s, k in kinds.items() if k == "bone"]
    soft = [atlas.mesh(s) for s, k in kinds.items() if k != "bone" and not atlas[s].variant]
    bone_marks = filled(mark_surfaces(bones, origin, shape))
    soft_marks = filled(mark_surfaces(soft, origin, shape))
    to_bone = ndimage.distance_transform_edt(~bone_marks) * VOXEL_MM
    to_soft = ndimage.distance_transform_edt(~soft_marks) * VOXEL_MM
    # muscle between a point and the bone under it: how far the bone lies beyond the muscle
    depth = np.clip((to_bone - to_soft) / DEPTH_RAMP_MM, 0.0, 1.0)
    thickness = OVER_BONE_MM + (SUBCUTANEOUS_MM - OVER_BONE_MM) * depth * depth * (3 - 2 * depth)
    body = (to_bone <= OVER_BONE_MM) | (to_soft <= thickness)
    feet = [atlas.mesh(s) for s in atlas.ids if s.startswith(FOOT_BONES)]
    body |= within(mark_surfaces(feet, origin, shape), OVER_FOOT_MM)
    body |= envelopes(atlas, origin, shape)
    # each side closed on its own, so the thighs are not webbed together
    x = origin[0] + np.arange(shape[0]) * VOXEL_MM
    reach = x.searchsorted  # the grid's columns on a side, with room for the ball's reach
    for half, cols in ((x >= 0, slice(reach(-2 * CLOSE_MM), None)),
                       (x <= 0, slice(None, reach(2 * CLOSE_MM, side="right")))):  # fmt: skip
        body[cols] |= closed((body & half[:, None, None])[cols], CLOSE_MM)
    z = origin[2] + np.arange(shape[2]) * VOXEL_MM
    body[:, :, z > _top(atlas)] = False
    body = ~outside(body, CHANNEL_MM)
    smooth = ndimage.gaussian_filter(body.astype(np.float32), SMOOTH_MM / VOXEL_MM)
    # the cut across the trunk's top, rounded: blurred more toward it
    rounder = ndimage.gaussian_filter(body.astype(np.float32), TOP_ROUND_MM / VOXEL_MM)
    near_top = np.clip((z - (_top(atlas) - 3 * TOP_ROUND_MM)) / (2 * TOP_ROUND_MM), 0, 1)
    smooth = smooth + (rounder - smooth) * near_top[None, None, :]
    smooth[[0, -1], :, :] = smooth[:, [0, -1], :] = smooth[:, :, [0, -1]] = 0  # closed
    return smooth, origin


def _point(atlas: Atlas, name: str, side: str) -> np.ndarray:
    """(3,) mm: a landmark, or a level the envelopes use on the right side's hip line."""
    hip = atlas.landmark("hip_joint_centre", side)
    if name == "ankle":
        return (atlas.landmark("lateral_malleolus", side)
                + atlas.landmark("medial_malleolus", side)) / 2  # fmt: skip
    levels = {"pubis": atlas.mesh(f"hip_bone_{side}").bounds[0, 2] + 25,
              "asis_level": atlas.landmark("asis", side)[2],
              "top": _top(atlas)}  # fmt: skip
    if name in levels:
        return np.array([hip[0], 0.0, levels[name]])
    return atlas.landmark(name, side)


def closed(volume: np.ndarray, radius: float) -> np.ndarray:
    """Morphological closing by a ball of `radius` mm (two distance transforms): fills
    grooves and gaps narrower than twice it, leaves convex shapes as they are."""
    grown = ndimage.distance_transform_edt(~volume) * VOXEL_MM <= radius
    return ndimage.distance_transform_edt(grown) * VOXEL_MM > radius


def outside(body: np.ndarray, radius: float) -> np.ndarray:
    """The voxels outside the body that a ball of `radius` mm reaches from the grid's edge:
    hollows inside it and channels into it narrower than twice that are body. The atlas has
    no pelvic floor, so without this the outside ran up into the pelvis."""
    free = ~body
    roomy = ndimage.distance_transform_edt(free) * VOXEL_MM > radius
    labels, _ = ndimage.label(roomy)
    edge = np.unique(np.concatenate([labels[[0, -1]].ravel(), labels[:, [0, -1]].ravel(),
                                     labels[:, :, [0, -1]].ravel()]))  # fmt: skip
    reached = np.isin(labels, edge[edge > 0])
    return (ndimage.distance_transform_edt(~reached) * VOXEL_MM <= radius) & free


def envelopes(atlas: Atlas, origin: np.ndarray, shape) -> np.ndarray:
    """(shape) bool: the voxels inside any of ENVELOPES, on both sides."""
    out = np.zeros(shape, dtype=bool)
    axes = [origin[n] + np.arange(shape[n]) * VOXEL_MM for n in range(3)]
    for side, outward in (("r", 1.0), ("l", -1.0)):
        for e in ENVELOPES:
            a, b = _point(atlas, e.top, side), _point(atlas, e.bottom, side)
            along = (b - a) / np.linalg.norm(b - a)
            right = np.array([1.0, 0.0, 0.0]) - along[0] * along  # the lines run near upright
            right /= np.linalg.norm(right)
            forward = np.array([0.0, 1.0, 0.0]) - along[1] * along - right[1] * right
            forward /= np.linalg.norm(forward)
            p0, p1 = a + e.start * (b - a), a + e.end * (b - a)
            lo = np.minimum(p0, p1) - 150
            hi = np.maximum(p0, p1) + 150
            box = [np.flatnonzero((ax >= lo[n]) & (ax <= hi[n])) for n, ax in enumerate(axes)]
            if not all(len(i) for i in box):
                continue
            x, y, z = np.meshgrid(axes[0][box[0]], axes[1][box[1]], axes[2][box[2]],
                                  indexing="ij")  # fmt: skip
            rel = np.stack([x, y, z], axis=-1) - p0
            span = np.linalg.norm(p1 - p0)
            at = rel @ ((p1 - p0) / span)  # mm along the section from its start
            t = np.clip(at / span, 0.0, 1.0)
            # rounded ends: past either end the ellipse shrinks to nothing over CAP_MM
            past = np.maximum(-at, at - span) / CAP_MM
            scale = np.sqrt(np.clip(1 - np.maximum(past, 0.0) ** 2, 0.0, 1.0))
            across = e.across[0] + t * (e.across[1] - e.across[0])
            deep = e.deep[0] + t * (e.deep[1] - e.deep[0])
            dx = e.shift[0][0] + t * (e.shift[1][0] - e.shift[0][0])
            dy = e.shift[0][1] + t * (e.shift[1][1] - e.shift[0][1])
            u = rel @ (right * outward) - dx
            v = rel @ forward - dy
            if e.back is not None:  # behind the centre: the back's half-depth
                back = e.back[0] + t * (e.back[1] - e.back[0])
                deep = np.where(v < 0, back, deep)
            inside = (u / across) ** 2 + (v / deep) ** 2 <= scale**2
            out[np.ix_(*box)] |= inside
    return out


def surface(volume: np.ndarray, origin: np.ndarray) -> trimesh.Trimesh:
    """The 0.5 level of `volume` as a smooth, closed mesh of about TARGET_FACES triangles."""
    verts, faces, _, _ = marching_cubes(volume, level=0.5, spacing=(VOXEL_MM,) * 3)
    mesh = trimesh.Trimesh(verts + origin, faces, process=True)
    mesh = max(mesh.split(only_watertight=False), key=lambda part: len(part.faces))
    reduced_v, reduced_f = fast_simplification.simplify(
        np.asarray(mesh.vertices, dtype=np.float32),
        np.asarray(mesh.faces, dtype=np.int32),
        target_reduction=max(0.0, 1 - TARGET_FACES / len(mesh.faces)),
    )
    mesh = trimesh.Trimesh(reduced_v, reduced_f, process=True)
    trimesh.smoothing.filter_taubin(mesh, iterations=TAUBIN_STEPS)
    unfold(mesh)
    mesh.fix_normals()
    return mesh


def unfold(mesh: trimesh.Trimesh) -> None:
    """Smooth out, in place, the few creases decimating leaves (two neighbouring faces
    turned more than SHARPEST_DEG apart): each crease's vertices move to the middle of their
    neighbours, until none is left or UNFOLD_STEPS passes."""
    neighbours = mesh.vertex_neighbors
    for _ in range(UNFOLD_STEPS):
        sharp = np.degrees(mesh.face_adjacency_angles) > SHARPEST_DEG
        if not sharp.any():
            return
        ring = np.unique(mesh.faces[mesh.face_adjacency[sharp]].ravel())
        ring = np.unique(np.concatenate([ring, *(neighbours[i] for i in ring)]))
        v = np.array(mesh.vertices)
        v[ring] = [v[neighbours[i]].mean(axis=0) for i in ring]
        mesh.vertices = v


def build(atlas_dir: Path, out_dir: Path) -> dict:
    """Write out_dir/skin.ply from the atlas in `atlas_dir`; add its row to
    out_dir/manifest.json where there is one; return the row."""
    atlas = load_atlas(atlas_dir)
    volume, origin = body_volume(atlas)
    mesh = surface(volume, origin)
    mesh.vertices = np.round(mesh.vertices, 2)
    data = trimesh.exchange.ply.export_ply(mesh, encoding="binary")
    (out_dir / SKIN_FILE).write_bytes(data)
    entry = {
        "file": SKIN_FILE,
        "sha256": hashlib.sha256(data).hexdigest(),
        "triangles": len(mesh.faces),
        "bounds_mm": np.round(mesh.bounds, 1).tolist(),
        "provenance": {
            "built_by": "scripts/build_skin.py, from the structures' meshes standing",
            "voxel_mm": VOXEL_MM, "subcutaneous_mm": SUBCUTANEOUS_MM,
            "over_bone_mm": OVER_BONE_MM, "over_foot_mm": OVER_FOOT_MM,
            "envelopes": len(ENVELOPES), "scikit-image": metadata.version("scikit-image"),
            "volume_l": round(float(mesh.volume) / 1e6, 2),
        },
        "licence": "Apache-2.0 (made from the meshes; see ATTRIBUTION.md)",
    }  # fmt: skip
    manifest_path = out_dir / "manifest.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        manifest["skin"] = entry
        manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    return entry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--atlas", type=Path, default=ROOT / "meshes", help="meshes to wrap")
    parser.add_argument("--out", type=Path, default=ROOT / "meshes", help="output folder")
    args = parser.parse_args(argv)
    print(json.dumps(build(args.atlas, args.out), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
