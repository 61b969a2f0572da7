"""The nearest point on a triangle surface, exactly and quickly: what posing asks of every
bone for every vertex (`rigging.BoneField`) and the mesh build asks of every surface it
compares. Pure numpy, scipy and trimesh, no state.

Posing's disk cache covers this module (poses.derived_path): an edit here recomputes poses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import trimesh
from scipy.spatial import cKDTree


def surface_samples(triangles: np.ndarray, spacing: float) -> tuple[np.ndarray, np.ndarray]:
    """Points on triangles (f, 3, 3) such that every point of a triangle lies within
    `spacing` of a sample on the same triangle. Returns (m, 3) points and (m,) their faces.

    Rows run across the triangle parallel to its shortest edge, each row sampled as finely
    as its own length needs (a long sliver costs its length, not its square), at the middles
    of equal parts, so no two faces share a sample. A point lies within half a row gap of a
    row (along the line from the opposite vertex) and then within half a part of a sample:
    gaps and parts of at most `spacing` keep it within.
    """
    tri = np.asarray(triangles, dtype=float)
    lengths = np.linalg.norm(tri[:, [1, 2, 0]] - tri[:, [2, 0, 1]], axis=2)  # edge opposite v
    apex = lengths.argmin(axis=1)
    order = np.stack([apex, (apex + 1) % 3, (apex + 2) % 3], axis=1)
    a, b, c = (tri[np.arange(len(tri)), order[:, i]] for i in range(3))
    sides = np.maximum(np.linalg.norm(b - a, axis=1), np.linalg.norm(c - a, axis=1))
    rows = np.maximum(1, np.ceil(sides / spacing))
    across = np.maximum(1, np.ceil(lengths.min(axis=1) / spacing))
    points, faces = [], []
    for n_rows, n_across in np.unique(np.column_stack([rows, across]), axis=0).astype(int):
        sel = np.flatnonzero((rows == n_rows) & (across == n_across))
        u, v = _rows_pattern(int(n_rows), int(n_across))
        p = a[sel, None] + u[None, :, None] * (
            (b - a)[sel, None] + v[None, :, None] * (c - b)[sel, None]
        )
        points.append(p.reshape(-1, 3))
        faces.append(np.repeat(sel, len(u)))
    return np.vstack(points), np.concatenate(faces)


@cache
def _rows_pattern(n_rows: int, n_across: int) -> tuple[np.ndarray, np.ndarray]:
    """(k,) u and v of a triangle's samples in `surface_samples`' rows: the same for every
    triangle with as many rows and parts (asked thousands of times for a depth picture)."""
    uv = []
    for i in range(n_rows):
        u = (i + 0.5) / n_rows
        m = int(np.ceil(u * n_across))
        uv += [(u, (j + 0.5) / m) for j in range(m)]
    u, v = np.array(uv).T
    u.flags.writeable = v.flags.writeable = False  # shared: never changed in place
    return u, v


@dataclass(frozen=True)
class SurfaceIndex:
    """A triangle surface made quick to ask "where is the nearest point on it?", exactly:
    surface samples in a k-d tree find the closest face, since the true closest face has a
    sample within (distance + `spacing`), so when the k nearest samples reach that far, one
    of them is on it. Several times quicker than `trimesh.proximity.closest_point`, with the
    same answer (the same faces' closest points)."""

    tree: cKDTree  # over the samples
    sample_face: np.ndarray  # (m,) each sample's face
    spacing: float  # mm: every surface point lies this close to a sample of its own face
    triangles: np.ndarray  # (f, 3, 3)

    def closest(self, points: np.ndarray, k: tuple[int, ...] = (32, 128), sure: bool = True
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
        """Exact closest surface points (n, 3), their distances (n,) and faces (n,).

        The faces of the `k[0]` nearest samples; for points those samples do not reach far
        enough around (deeper ones), of the next `k`; then of every sample within reach.
        `sure=False` stops after the first `k`: the nearest face among those, exact unless
        another stretch of surface lies within `spacing` as far (see `push_out`).
        """
        points = np.asarray(points, dtype=float)
        closest, distance = np.zeros((len(points), 3)), np.full(len(points), np.inf)
        face = np.zeros(len(points), dtype=np.intp)
        todo = np.arange(len(points))
        for count in k:
            if not len(todo):
                break
            count = min(count, len(self.sample_face))
            reach, nearest = self.tree.query(points[todo], count)
            reach, nearest = reach.reshape(len(todo), -1), nearest.reshape(len(todo), -1)
            faces = self.sample_face[nearest]
            p = points[todo]
            # the nearest sample's face bounds the distance; only faces with a sample
            # within that bound plus `spacing` can hold a nearer point
            bound = np.linalg.norm(trimesh.triangles.closest_point(self.triangles[faces[:, 0]], p)
                                   - p, axis=1)  # fmt: skip
            faces = np.where(reach < (bound + self.spacing)[:, None], faces, faces[:, :1])
            faces.sort(axis=1)
            first = np.ones(faces.shape, dtype=bool)
            first[:, 1:] = faces[:, 1:] != faces[:, :-1]
            rows, column = np.nonzero(first)
            found = self._nearest_face(p, rows, faces[rows, column])
            closest[todo], distance[todo], face[todo] = found
            todo = todo[reach[:, -1] < distance[todo] + self.spacing] if sure else todo[:0]
        if len(todo):  # rare: every sample within reach
            groups = self.tree.query_ball_point(points[todo], distance[todo] + self.spacing)
            rows = np.repeat(np.arange(len(todo)), [len(g) for g in groups])
            faces = self.sample_face[np.concatenate(groups).astype(np.intp)]
            closest[todo], distance[todo], face[todo] = self._nearest_face(points[todo], rows,
                                                                           faces)  # fmt: skip
        return closest, distance, face

    def _nearest_face(self, points: np.ndarray, owner: np.ndarray, faces: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
        """Of the pairs (points[owner], faces), each point's nearest face: closest points
        (n, 3), distances (n,), faces (n,); every point has a pair, `owner` ascending."""
        on = trimesh.triangles.closest_point(self.triangles[faces], points[owner])
        dist = np.linalg.norm(on - points[owner], axis=1)
        starts = np.flatnonzero(np.diff(owner, prepend=-1))
        lowest = np.minimum.reduceat(dist, starts)
        hit = np.flatnonzero(dist == np.repeat(lowest, np.diff(np.append(starts, len(dist)))))
        best = hit[np.flatnonzero(np.diff(owner[hit], prepend=-1))]  # the first lowest
        closest, distance = np.zeros((len(points), 3)), np.zeros(len(points))
        face = np.zeros(len(points), dtype=np.intp)
        closest[owner[best]], distance[owner[best]], face[owner[best]] = (
            on[best],
            dist[best],
            faces[best],
        )
        return closest, distance, face


def surface_index(mesh: trimesh.Trimesh, spacing: float = 2.0) -> SurfaceIndex:
    """A `SurfaceIndex` of `mesh`, sampled every `spacing` mm (finer asks more of memory and
    less of each query)."""
    triangles = np.asarray(mesh.triangles, dtype=float)
    samples, faces = surface_samples(triangles, spacing)
    return SurfaceIndex(tree=cKDTree(samples), sample_face=faces, spacing=spacing,
                        triangles=triangles)  # fmt: skip
