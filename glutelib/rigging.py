"""The math posing stands on: rigid transforms, linear-blend skinning, which points lie
inside a bone, a structure's centre line and length. Pure numpy and trimesh, no state.

Posed vertices are cached on disk under a key that covers this module and poses.py (and
the meshes), so an edit here recomputes every pose and an edit to the mesh build does not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import trimesh
from scipy import ndimage

from glutelib.nearest import SurfaceIndex, surface_index, surface_samples


def path_length(points: np.ndarray) -> float:
    """Length of a polyline, points : (n, 3)."""
    return float(np.linalg.norm(np.diff(np.asarray(points), axis=0), axis=1).sum())


def push_out_of(
    points: np.ndarray,
    bones: list[trimesh.Trimesh],
    clearance: float = 0.5,
    near_surface: bool = False,
) -> np.ndarray:
    """Move points that lie inside a bone to just outside its surface.

    points : (n, 3) -> (n, 3). See `_inside` for how inside is judged; `near_surface=True`
    skips the (slow) ray test for points known to lie within a few mm of the surface.
    """
    out = np.array(points, dtype=float, copy=True)
    for bone in bones:
        inside, closest, normal = _inside(out, bone, exact=not near_surface)
        out[inside] = closest[inside] + normal[inside] * clearance
    return out


def _inside(points: np.ndarray, bone: trimesh.Trimesh, reach: float = 12.0, exact: bool = True):
    """(n,) bool inside, (n, 3) closest surface points, (n, 3) outward normals there.

    Watertight bones use a proper inside test (unless `exact` is False); open ones (the
    model's hip bone) trust the outward normal of the closest face, only within `reach` mm of
    the surface, where it holds.
    """
    n = len(points)
    inside = np.zeros(n, dtype=bool)
    closest = np.zeros((n, 3))
    normal = np.zeros((n, 3))
    lo, hi = bone.bounds
    near = np.all((points > lo - 1) & (points < hi + 1), axis=1)
    if not near.any():
        return inside, closest, normal
    cp, dist, tri = trimesh.proximity.closest_point(bone, points[near])
    closest[near], normal[near] = cp, bone.face_normals[tri]
    if exact and bone.is_watertight:
        inside[near] = bone.contains(points[near])
    else:
        facing = np.einsum("ij,ij->i", points[near] - cp, bone.face_normals[tri]) < 0
        inside[near] = facing & (dist < reach)
    return inside, closest, normal


def depth_inside(points: np.ndarray, bone: trimesh.Trimesh) -> np.ndarray:
    """How far each point lies inside `bone` (0 outside), (n,) mm."""
    inside, closest, _ = _inside(np.asarray(points, dtype=float), bone)
    return np.where(inside, np.linalg.norm(points - closest, axis=1), 0.0)


# --------------------------------------------------------------------------- bone fields
# A point inside an open bone mesh (hip bone, tibia, foot) counts as inside only this close
# to the surface, where the nearest face's normal can be trusted (see `_inside`).
OPEN_REACH_MM = 12.0
OUTSIDE, NEAR, INSIDE = 0, 1, 2  # a bone field's voxel classes
DEEP_SAMPLES = 16  # samples whose faces are searched for a point deep in a closed bone


@dataclass(frozen=True)
class BoneField(SurfaceIndex):
    """One rigid bone, in its own standing frame, made quick to ask "is this point inside,
    and where is the nearest surface?".

    A voxel grid sorts points at once: OUTSIDE (no point of the voxel is in the bone),
    INSIDE (every point is: the voxels the surface encloses, holes of an open mesh plugged by
    the voxels), or NEAR the surface, where the exact closest face decides (`closest`).
    """

    corner: np.ndarray  # (3,) the grid's low corner
    voxel: float  # mm
    grid: np.ndarray  # (i, j, k) int8 OUTSIDE / NEAR / INSIDE
    face_normals: np.ndarray  # (f, 3)
    closed: bool  # watertight: the voxels and the faces' sides agree everywhere
    rim: np.ndarray  # (r, 3) points along an open mesh's open edges, `spacing` apart
    rim_reach: float  # mm: how far into its hole a point can go unseen by the faces (0 closed)

    @property
    def bounds(self) -> np.ndarray:
        """(2, 3) the bone's box."""
        return np.array([self.triangles.min(axis=(0, 1)), self.triangles.max(axis=(0, 1))])

    def classify(self, points: np.ndarray) -> np.ndarray:
        """(n,) int8 voxel class of points (n, 3); OUTSIDE beyond the grid."""
        idx = np.floor((points - self.corner) / self.voxel).astype(np.intp)
        i, j, k = idx.T
        shape = self.grid.shape
        ok = (i >= 0) & (i < shape[0]) & (j >= 0) & (j < shape[1]) & (k >= 0) & (k < shape[2])
        out = np.zeros(len(points), dtype=np.int8)
        out[ok] = self.grid[idx[ok, 0], idx[ok, 1], idx[ok, 2]]
        return out

    def push_out(self, points: np.ndarray, clearance: float = 0.5
                 ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
        """Which points (n, 3) lie inside the bone, (n,) bool, and where they go: `clearance`
        mm outside the nearest surface point, (n_inside, 3).

        Inside a closed bone means an INSIDE voxel, or a NEAR one behind the closest face.
        A point deep in a closed bone (INSIDE) is sure to be inside; its way out is taken to
        the nearest face among its DEEP_SAMPLES nearest samples, without the certificate that
        costs a deep point four times as much (on the benchmark's worst pose, 2,236 deep
        points, it is the exact closest point for every one).
        An open mesh (the model's tibia is 71 pieces, some inside others) keeps `_inside`'s
        judgement: behind the closest face and within OPEN_REACH_MM of it; its voxels only
        rule out the points far outside.
        """
        kind = self.classify(points)
        check = np.flatnonzero(kind != OUTSIDE)
        inside = np.zeros(len(points), dtype=bool)
        if not len(check):
            return inside, np.zeros((0, 3))
        p = points[check]
        closest, distance = np.zeros((len(p), 3)), np.zeros(len(p))
        face = np.zeros(len(p), dtype=np.intp)
        deep = (kind[check] == INSIDE) if self.closed else np.zeros(len(p), dtype=bool)
        for part, sure, k in ((~deep, True, (32, 128)), (deep, False, (DEEP_SAMPLES,))):
            closest[part], distance[part], face[part] = self.closest(p[part], k, sure)
        normal = self.face_normals[face]
        behind = np.einsum("ij,ij->i", p - closest, normal) < 0
        if self.closed:
            hit = (kind[check] == INSIDE) | behind
        else:
            hit = behind & (distance < OPEN_REACH_MM)
        inside[check[hit]] = True
        p, closest, distance, normal = p[hit], closest[hit], distance[hit], normal[hit]
        away = closest - p
        far = distance > 1e-6  # the way out is towards the nearest surface point
        away[far] /= distance[far, None]
        away[~far] = normal[~far]
        return inside, closest + away * clearance


def bone_field(mesh: trimesh.Trimesh, voxel: float = 1.5, spacing: float = 2.0) -> BoneField:
    """A `BoneField` of `mesh` (in its own frame): about a second for the largest bone.

    The surface's voxels are found from samples finer than a voxel, then widened by one voxel
    (a surface point lies within a voxel of a sample), so NEAR covers every voxel the surface
    touches; what they enclose is INSIDE.
    """
    triangles = np.asarray(mesh.triangles, dtype=float)
    fine, _ = surface_samples(triangles, voxel)
    corner = np.asarray(mesh.bounds[0]) - 2 * voxel
    shape = np.ceil((np.asarray(mesh.bounds[1]) + 2 * voxel - corner) / voxel).astype(int) + 1
    surface = np.zeros(shape, dtype=bool)
    idx = np.floor((fine - corner) / voxel).astype(np.intp)
    surface[idx[:, 0], idx[:, 1], idx[:, 2]] = True
    surface = ndimage.binary_dilation(surface, np.ones((3, 3, 3), dtype=bool))
    enclosed = ndimage.binary_fill_holes(surface) & ~surface
    grid = np.where(enclosed, INSIDE, np.where(surface, NEAR, OUTSIDE)).astype(np.int8)
    edges = mesh.edges_sorted[trimesh.grouping.group_rows(mesh.edges_sorted, require_count=1)]
    ends = np.asarray(mesh.vertices)[edges]  # (e, 2, 3)
    lengths = np.linalg.norm(ends[:, 1] - ends[:, 0], axis=1)
    parts = np.ceil(lengths / spacing).astype(int) + 1
    t = np.concatenate([np.linspace(0, 1, n) for n in parts]) if len(parts) else np.zeros(0)
    start = np.repeat(ends[:, 0], parts, axis=0)
    rim = start + t[:, None] * (np.repeat(ends[:, 1], parts, axis=0) - start)
    index = surface_index(mesh, spacing)
    return BoneField(corner=corner, voxel=voxel, grid=grid, tree=index.tree,
                     sample_face=index.sample_face, spacing=spacing, triangles=index.triangles,
                     face_normals=np.asarray(mesh.face_normals, dtype=float),
                     closed=bool(mesh.is_watertight), rim=rim.reshape(-1, 3),
                     rim_reach=float(lengths.sum() / 2))  # fmt: skip


# --------------------------------------------------------------------------- skinning
def rotation(axis: np.ndarray, degrees: float) -> np.ndarray:
    """(3, 3) rotation by `degrees` about unit-izable `axis` (right-hand rule)."""
    return trimesh.transformations.rotation_matrix(np.radians(degrees), axis)[:3, :3]


def about(centre: np.ndarray, rot: np.ndarray, moved_to: np.ndarray | None = None) -> np.ndarray:
    """(4, 4) transform rotating by `rot` (3, 3) about `centre` (3,), then carrying the centre
    to `moved_to` (default: it stays)."""
    centre = np.asarray(centre, dtype=float)
    target = centre if moved_to is None else np.asarray(moved_to, dtype=float)
    out = np.eye(4)
    out[:3, :3] = rot
    out[:3, 3] = target - rot @ centre
    return out


def apply(transform: np.ndarray, points: np.ndarray) -> np.ndarray:
    """points : (n, 3) through a (4, 4) transform -> (n, 3)."""
    return points @ transform[:3, :3].T + transform[:3, 3]


def skinning_weights(
    vertices: np.ndarray, distances: np.ndarray, power: float = 4.0, reach_mm: float = 25.0
) -> np.ndarray:
    """Linear-blend skinning weights from each vertex's distance to each bone segment.

    vertices : (n, 3); distances : (n, k) mm to the nearest point of segment k's bones.
    Only segments the structure comes within `reach_mm` of (its attachments, in practice)
    take part; among those a vertex follows the nearer bones more, as 1 / (d + 2)^power,
    which changes smoothly along a muscle from its origin to its insertion.
    Returns (n, k) weights, each row summing to 1.
    """
    d = np.asarray(distances, dtype=float)
    near = d.min(axis=0) <= max(reach_mm, d.min() + 1e-6)
    w = np.where(near[None, :], 1.0 / (d + 2.0) ** power, 0.0)
    return w / w.sum(axis=1, keepdims=True)


def split_at_joint(
    vertices: np.ndarray, weights: np.ndarray, upper: int, lower: int,
    centre: np.ndarray, axis: np.ndarray, blend_mm: float,
) -> np.ndarray:  # fmt: skip
    """Share each vertex's weight on two segments meeting at a hinge by the side of the joint
    it lies on: all on `upper` more than `blend_mm` above the plane through `centre` across
    `axis` (unit, (3,), pointing up the upper segment), all on `lower` as far below, and a
    smooth ramp between. Only when the structure reaches both (both columns in use).

    vertices : (n, 3); weights : (n, k) -> (n, k), rows still summing to 1.
    """
    w = np.array(weights, dtype=float, copy=True)
    if not (w[:, upper].any() and w[:, lower].any()):
        return w
    height = (np.asarray(vertices) - centre) @ axis
    t = np.clip(0.5 - height / (2 * blend_mm), 0.0, 1.0)
    below = t * t * (3 - 2 * t)  # smoothstep
    both = w[:, upper] + w[:, lower]
    w[:, upper], w[:, lower] = both * (1 - below), both * below
    return w


def blend(vertices: np.ndarray, weights: np.ndarray, transforms: np.ndarray) -> np.ndarray:
    """Linear-blend skinning: vertices (n, 3), weights (n, k), transforms (k, 4, 4) -> (n, 3)."""
    # einsum, not BLAS: threaded BLAS stalls on a busy shared machine
    mixed = np.einsum("nk,kj->nj", weights, np.asarray(transforms)[:, :3, :].reshape(-1, 12))
    mixed = mixed.reshape(-1, 3, 4)  # each vertex's blended (3, 4) transform
    v = np.asarray(vertices, dtype=float)
    out = mixed[:, :, 3] + mixed[:, :, 0] * v[:, :1]
    out += mixed[:, :, 1] * v[:, 1:2]
    out += mixed[:, :, 2] * v[:, 2:]
    return out


def centre_line(vertices: np.ndarray, along: np.ndarray, bins: int = 10) -> np.ndarray:
    """A structure's centre line: centroids of `bins` equal-count slices ordered by `along`.

    vertices : (n, 3); along : (n,) a coordinate that grows from origin to insertion (here the
    skinning weights' position along the bone chain). Returns (bins, 3).
    """
    return centroids(vertices, centre_slices(along, bins))


def centre_slices(along: np.ndarray, bins: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """`centre_line`'s slices, worked out once for a structure: (n,) its vertices in order
    of `along` and (bins,) where each slice starts in that order."""
    order = np.argsort(along, kind="stable")
    sizes = [len(chunk) for chunk in np.array_split(order, bins)]
    return order, np.cumsum([0, *sizes[:-1]])


def centroids(vertices: np.ndarray, slices: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """(bins, 3) the centroids of `centre_slices`' slices of vertices (n, 3)."""
    order, starts = slices
    counts = np.diff(np.r_[starts, len(order)])
    return np.add.reduceat(np.asarray(vertices)[order], starts, axis=0) / counts[:, None]
