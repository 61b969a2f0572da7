"""Pure geometry on triangle meshes: numpy and trimesh in, numpy and trimesh out, no state.

Used by the mesh build (smoothing bones) and at run time (nearest-surface queries).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import trimesh


@dataclass(frozen=True)
class Deviation:
    """How far a processed surface strays from its source, in millimetres."""

    mean_mm: float
    max_mm: float


def surface_deviation(mesh: trimesh.Trimesh, source: trimesh.Trimesh) -> Deviation:
    """Distance from each vertex of `mesh` to the surface of `source` (one-sided)."""
    _, dist, _ = trimesh.proximity.closest_point(source, mesh.vertices)
    return Deviation(mean_mm=float(np.mean(dist)), max_mm=float(np.max(dist)))


def smooth_bone(
    source: trimesh.Trimesh,
    target_edge_mm: float = 6.0,
    iterations: int = 10,
    max_deviation_mm: float = 2.0,
) -> tuple[trimesh.Trimesh, Deviation]:
    """Turn a coarse, faceted bone into one that reads as bone, staying close to the source.

    The source is subdivided until its edges are about `target_edge_mm` long, Taubin-smoothed
    (which, unlike plain Laplacian smoothing, does not shrink the bone), and every vertex that
    drifted more than `max_deviation_mm` from the source surface is pulled back to that distance.

    Returns the new mesh and its deviation from `source`.
    """
    mesh = source.copy()
    mesh.merge_vertices()
    mesh.update_faces(mesh.nondegenerate_faces())
    mesh.remove_unreferenced_vertices()
    vertices, faces = trimesh.remesh.subdivide_to_size(
        mesh.vertices, mesh.faces, max_edge=target_edge_mm, max_iter=6
    )
    mesh = trimesh.Trimesh(vertices, faces, process=True)
    trimesh.smoothing.filter_taubin(mesh, lamb=0.5, nu=0.53, iterations=iterations)
    mesh.vertices = clamp_to_surface(mesh.vertices, source, max_deviation_mm)
    mesh.fix_normals()
    return mesh, surface_deviation(mesh, source)


def clamp_to_surface(
    points: np.ndarray, surface: trimesh.Trimesh, max_distance: float
) -> np.ndarray:
    """Pull points that lie further than `max_distance` from `surface` back to that distance.

    points : (n, 3) float  ->  (n, 3) float
    """
    closest, dist, _ = trimesh.proximity.closest_point(surface, points)
    far = dist > max_distance
    out = np.array(points, dtype=float, copy=True)
    direction = points[far] - closest[far]
    out[far] = closest[far] + direction * (max_distance / dist[far])[:, None]
    return out
