"""The math posing stands on: rigid transforms, linear-blend skinning, which points lie
inside a bone, a structure's centre line and length. Pure numpy and trimesh, no state.

Posed vertices are cached on disk under a key that covers this module and poses.py (and
the meshes), so an edit here recomputes every pose and an edit to the mesh build does not.
"""

from __future__ import annotations

import numpy as np
import trimesh


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


def blend(vertices: np.ndarray, weights: np.ndarray, transforms: np.ndarray) -> np.ndarray:
    """Linear-blend skinning: vertices (n, 3), weights (n, k), transforms (k, 4, 4) -> (n, 3)."""
    mixed = np.einsum("nk,kij->nij", weights, transforms)  # (n, 4, 4)
    return np.einsum("nij,nj->ni", mixed[:, :3, :3], vertices) + mixed[:, :3, 3]


def centre_line(vertices: np.ndarray, along: np.ndarray, bins: int = 10) -> np.ndarray:
    """A structure's centre line: centroids of `bins` equal-count slices ordered by `along`.

    vertices : (n, 3); along : (n,) a coordinate that grows from origin to insertion (here the
    skinning weights' position along the bone chain). Returns (bins, 3).
    """
    order = np.argsort(along, kind="stable")
    return np.array([vertices[chunk].mean(axis=0) for chunk in np.array_split(order, bins)])
