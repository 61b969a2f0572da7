"""Pure geometry on triangle meshes: numpy and trimesh in, numpy and trimesh out, no state.

Shaping: what the mesh build makes muscles and bones with (sweeps, sheets, smoothing, how
far a surface strays) and the zones' body envelopes. What posing reads is in `rigging`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import trimesh

from glutelib.nearest import surface_index


def neighbour_sum(mesh: trimesh.Trimesh, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(n,) the sum of `values` (n,) over each vertex's neighbours (its edges' other ends),
    and (n,) how many neighbours each has."""
    edges = np.asarray(mesh.edges_unique)
    n = len(values)
    total = np.bincount(edges[:, 0], weights=values[edges[:, 1]], minlength=n) + np.bincount(
        edges[:, 1], weights=values[edges[:, 0]], minlength=n
    )
    return total, np.bincount(edges.ravel(), minlength=n)


def neighbour_mean(mesh: trimesh.Trimesh, values: np.ndarray) -> np.ndarray:
    """(n,) the mean of `values` (n,) over each vertex's neighbours; nan for a vertex on no
    edge."""
    total, count = neighbour_sum(mesh, values)
    with np.errstate(invalid="ignore"):
        return total / count


@dataclass(frozen=True)
class Deviation:
    """How far a processed surface strays from its source, in millimetres."""

    mean_mm: float
    max_mm: float


def surface_deviation(mesh: trimesh.Trimesh, source: trimesh.Trimesh) -> Deviation:
    """Distance from each vertex of `mesh` to the surface of `source` (one-sided)."""
    _, dist, _ = surface_index(source).closest(mesh.vertices)
    return Deviation(mean_mm=float(np.mean(dist)), max_mm=float(np.max(dist)))


def surface_gap(
    a: trimesh.Trimesh, b: trimesh.Trimesh, samples: int = 4000, seed: int = 0
) -> float:
    """Largest distance (mm) between two surfaces, both ways: from each one's vertices and
    `samples` points spread over its faces to the other's surface (a sampled Hausdorff
    distance; flat triangles stray most inside, so vertices alone are not enough)."""
    gaps = []
    for near, far in ((a, b), (b, a)):
        spread = trimesh.sample.sample_surface(near, samples, seed=seed)[0]
        _, dist, _ = surface_index(far).closest(np.vstack([near.vertices, spread]))
        gaps.append(float(dist.max()))
    return max(gaps)


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
    closest, dist, _ = surface_index(surface).closest(points)
    far = dist > max_distance
    out = np.array(points, dtype=float, copy=True)
    direction = points[far] - closest[far]
    out[far] = closest[far] + direction * (max_distance / dist[far])[:, None]
    return out


# --------------------------------------------------------------------------- paths
def resample_path(points: np.ndarray, n: int) -> np.ndarray:
    """A smooth curve through `points`, resampled to `n` points evenly spaced by arc length.

    points : (k, 3) float, k >= 2  ->  (n, 3) float. Uses a centripetal-free Catmull-Rom
    spline (uniform) so the curve passes through every given point.
    """
    pts = np.asarray(points, dtype=float)
    if len(pts) > 2:
        padded = np.vstack([2 * pts[0] - pts[1], pts, 2 * pts[-1] - pts[-2]])
        dense = []
        for i in range(1, len(padded) - 2):
            p0, p1, p2, p3 = padded[i - 1 : i + 3]
            s = np.linspace(0, 1, 24, endpoint=False)[:, None]
            dense.append(
                0.5
                * (
                    2 * p1
                    + (-p0 + p2) * s
                    + (2 * p0 - 5 * p1 + 4 * p2 - p3) * s**2
                    + (-p0 + 3 * p1 - 3 * p2 + p3) * s**3
                )
            )
        pts = np.vstack([*dense, pts[-1]])
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    arc = np.concatenate([[0.0], np.cumsum(seg)])
    target = np.linspace(0.0, arc[-1], n)
    return np.column_stack([np.interp(target, arc, pts[:, k]) for k in range(3)])


def _frames(path: np.ndarray, flat: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Two unit normals per path point, (n, 3) each; the first as close to `flat` as it can be."""
    tangent = np.gradient(path, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
    ref = np.asarray(flat if flat is not None else (0.0, 1.0, 0.0), dtype=float)
    u = np.cross(tangent, ref)
    bad = np.linalg.norm(u, axis=1) < 1e-6
    u[bad] = np.cross(tangent[bad], (1.0, 0.0, 0.0))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    v = np.cross(tangent, u)
    return u, v


def sweep(
    path: np.ndarray,
    width: np.ndarray,
    depth: np.ndarray,
    flat: np.ndarray | None = None,
    sections: int = 14,
) -> trimesh.Trimesh:
    """A closed tube along `path` with elliptical sections `width` x `depth` (full axes, mm).

    path : (n, 3); width, depth : (n,). The section's depth axis lies along `flat` (e.g. the
    direction a flat muscle faces), so a fan can be thin front-to-back and wide across.
    """
    path = np.asarray(path, dtype=float)
    n = len(path)
    u, v = _frames(path, flat)
    theta = np.linspace(0, 2 * np.pi, sections, endpoint=False)
    ring = (
        path[:, None, :]
        + (np.asarray(width)[:, None, None] / 2) * np.cos(theta)[None, :, None] * u[:, None, :]
        + (np.asarray(depth)[:, None, None] / 2) * np.sin(theta)[None, :, None] * v[:, None, :]
    )
    vertices = np.vstack([ring.reshape(-1, 3), path[0], path[-1]])
    faces = []
    for i in range(n - 1):
        for j in range(sections):
            a, b = i * sections + j, i * sections + (j + 1) % sections
            c, d = a + sections, b + sections
            faces += [[a, c, b], [b, c, d]]
    start, end = n * sections, n * sections + 1
    for j in range(sections):
        faces.append([start, (j + 1) % sections, j])
        last = (n - 1) * sections
        faces.append([end, last + j, last + (j + 1) % sections])
    mesh = trimesh.Trimesh(vertices, np.array(faces), process=True)
    mesh.fix_normals()
    return mesh


def loft_sheet(
    paths: list[np.ndarray],
    thickness: np.ndarray,
    outward: np.ndarray,
    columns: int = 16,
    rows: int = 24,
    spread: float = 0.0,
) -> trimesh.Trimesh:
    """A closed slab lofted across several bundle paths: one continuous muscle, no gaps.

    paths : list of (k_i, 3) bundle paths ordered across the muscle, all running origin ->
    insertion. thickness : (rows,) slab thickness along the muscle (mm). `outward` (3,) is
    roughly where the surface faces (e.g. posterior for gluteus maximus). `spread` extends the
    sheet beyond the outer bundles by that fraction of its width on each side.
    """
    lines = np.array([resample_path(p, rows) for p in paths])  # (b, rows, 3)
    b = len(lines)
    s = np.linspace(-spread, 1 + spread, columns) * (b - 1)
    grid = np.empty((columns, rows, 3))
    for c, x in enumerate(s):
        i = int(np.clip(np.floor(x), 0, b - 2))
        t = x - i
        grid[c] = (1 - t) * lines[i] + t * lines[i + 1]
    # surface normals of the mid-sheet, turned to face `outward`
    du = np.gradient(grid, axis=0)
    dv = np.gradient(grid, axis=1)
    normal = np.cross(du, dv)
    normal /= np.linalg.norm(normal, axis=2, keepdims=True)
    if np.sum(normal * np.asarray(outward)) < 0:
        normal = -normal
    # thickness tapers to the free edges across the sheet
    across = np.sin(np.linspace(0.12, 1 - 0.12, columns) * np.pi)[:, None] ** 0.5
    half = 0.5 * across * np.asarray(thickness)[None, :]
    top = grid + normal * half[..., None]
    bottom = grid - normal * half[..., None]
    vertices = np.vstack([top.reshape(-1, 3), bottom.reshape(-1, 3)])
    faces = _slab_faces(columns, rows)
    mesh = trimesh.Trimesh(vertices, np.array(faces), process=True)
    mesh.fix_normals()
    return mesh


def _slab_faces(columns: int, rows: int) -> list[list[int]]:
    """Faces of a closed slab over a columns x rows grid: top, bottom, the two ends and the
    two free borders (vertices: the top grid, then the bottom one, column-major)."""
    off = columns * rows

    def idx(c: int, r: int, layer: int) -> int:
        return layer * off + c * rows + r

    faces = []
    for c in range(columns - 1):
        for r in range(rows - 1):
            a, bb, cc, d = idx(c, r, 0), idx(c + 1, r, 0), idx(c, r + 1, 0), idx(c + 1, r + 1, 0)
            faces += [[a, bb, cc], [bb, d, cc]]
            a, bb, cc, d = idx(c, r, 1), idx(c + 1, r, 1), idx(c, r + 1, 1), idx(c + 1, r + 1, 1)
            faces += [[a, cc, bb], [bb, cc, d]]
    for c in range(columns - 1):  # edges at the origin and at the insertion
        for r in (0, rows - 1):
            a, bb = idx(c, r, 0), idx(c + 1, r, 0)
            cc, d = idx(c, r, 1), idx(c + 1, r, 1)
            faces += [[a, cc, bb], [bb, cc, d]]
    for r in range(rows - 1):  # the two free borders
        for c in (0, columns - 1):
            a, bb = idx(c, r, 0), idx(c, r + 1, 0)
            cc, d = idx(c, r, 1), idx(c, r + 1, 1)
            faces += [[a, cc, bb], [bb, cc, d]]
    return faces


# --------------------------------------------------------------------------- envelopes
def radial_envelope(
    points: np.ndarray,
    axis: np.ndarray,
    grow_mm: float = 5.0,
    step_mm: float = 10.0,
    sectors: int = 40,
) -> trimesh.Trimesh:
    """A smooth closed surface around `points` (n, 3), star-shaped about a line along `axis`.

    Stands in for skin: for slices `step_mm` thick along the axis and `sectors` angles round
    it, the radius is the furthest point's, spread to neighbours (so no point pokes out),
    smoothed, then grown by `grow_mm`. Triangles are even, unlike a convex hull's slivers.
    """
    from scipy import ndimage

    p = np.asarray(points, dtype=float)
    a = np.asarray(axis, dtype=float) / np.linalg.norm(axis)
    centre = p.mean(axis=0)
    u = np.cross(a, [1.0, 0.0, 0.0] if abs(a[0]) < 0.9 else [0.0, 1.0, 0.0])
    u /= np.linalg.norm(u)
    v = np.cross(a, u)
    rel = p - centre
    h = rel @ a
    centre = centre + a * (h.min() + h.max()) / 2  # centre the axis on the points' middle
    rel = p - centre
    h, x, y = rel @ a, rel @ u, rel @ v
    centre = centre + u * (x.min() + x.max()) / 2 + v * (y.min() + y.max()) / 2
    rel = p - centre
    h, x, y = rel @ a, rel @ u, rel @ v
    rows = max(3, int(np.ceil((h.max() - h.min()) / step_mm)) + 1)
    hi = np.clip(
        ((h - h.min()) / (h.max() - h.min()) * (rows - 1)).round().astype(int), 0, rows - 1
    )
    ti = (((np.arctan2(y, x) + np.pi) / (2 * np.pi)) * sectors).astype(int) % sectors
    radius = np.zeros((rows, sectors))
    np.maximum.at(radius, (hi, ti), np.hypot(x, y))
    radius = ndimage.maximum_filter(radius, size=(3, 5), mode=("nearest", "wrap"))
    radius = ndimage.gaussian_filter(radius, sigma=(1.0, 1.2), mode=("nearest", "wrap"))
    radius = np.maximum(radius, 0.3 * radius.max()) + grow_mm
    heights = np.linspace(h.min(), h.max(), rows)
    angles = np.arange(sectors) / sectors * 2 * np.pi - np.pi + np.pi / sectors
    ring = np.cos(angles)[None, :, None] * u + np.sin(angles)[None, :, None] * v  # (1, s, 3)
    grid = centre + heights[:, None, None] * a + radius[:, :, None] * ring  # (rows, s, 3)
    ends = [centre + (h.min() - grow_mm) * a, centre + (h.max() + grow_mm) * a]
    verts = np.vstack([grid.reshape(-1, 3), *ends])
    faces = []
    idx = np.arange(rows * sectors).reshape(rows, sectors)
    for r in range(rows - 1):
        for s in range(sectors):
            a0, a1 = idx[r, s], idx[r, (s + 1) % sectors]
            b0, b1 = idx[r + 1, s], idx[r + 1, (s + 1) % sectors]
            faces += [(a0, a1, b1), (a0, b1, b0)]
    bottom, top = rows * sectors, rows * sectors + 1
    for s in range(sectors):
        faces.append((bottom, idx[0, (s + 1) % sectors], idx[0, s]))
        faces.append((top, idx[-1, s], idx[-1, (s + 1) % sectors]))
    mesh = trimesh.Trimesh(verts, np.array(faces), process=True)
    mesh.fix_normals()
    return mesh
