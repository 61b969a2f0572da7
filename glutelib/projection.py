"""The body seen the way a finger presses into it: depth maps of surfaces on a grid across
that direction. What palpation measures from the skin inward (glutelib/palpation.py) and
what a zone drawn over a structure is cut by (glutelib/zones.py, a patch's `over`).

A `Look` is an orthographic view along `press` (a unit vector pointing into the body, e.g.
anterior for a client lying face down). `near_far` samples a surface finely
(`nearest.surface_samples`) and keeps, per pixel, the nearest and furthest depth along
`press`: a z-buffer without a renderer, exact to about a pixel. Pure numpy, no state.

>>> look = Look.round(PRESS["posterior"], box)        # box: (2, 3) mm to cover
>>> near, far = look.near_far(mesh.triangles)        # (rows, cols) mm, +inf / -inf where absent
>>> look.points(mask, near)                          # (k, 3) the surface points under a mask
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import trimesh
from scipy import ndimage

from glutelib.nearest import surface_samples

PIXEL_MM = 2.0
FIRST_SKIN_MM = 4.0  # a skin vertex this close behind the nearest skin in its pixel is on it
# Which way a finger presses (RAS: +x to the body's right, +y anterior, +z superior). A
# lateral press is into the right side; the left side's is mirrored (`press_for`).
PRESS = {
    "posterior": np.array([0.0, 1.0, 0.0]),  # from behind, pressing forward
    "anterior": np.array([0.0, -1.0, 0.0]),  # from the front, pressing back
    "lateral": np.array([-1.0, 0.0, 0.0]),  # from the right side, pressing in
}


def press_for(side_up: str, side: str | None) -> np.ndarray:
    """(3,) the unit direction a finger presses for a structure on `side` ('r', 'l', None)
    reached from `side_up` ('posterior', 'anterior', 'lateral')."""
    press = PRESS[side_up].copy()
    if side_up == "lateral" and side == "l":
        press[0] = -press[0]
    return press


@dataclass(frozen=True)
class Look:
    """An orthographic look along `press`: pixels `pixel` mm square on axes `across` (2, 3),
    `corner` (2,) mm the grid's low corner in those axes, `shape` (rows, cols)."""

    press: np.ndarray  # (3,) unit, into the body
    across: np.ndarray  # (2, 3) unit, perpendicular to press and to each other
    corner: np.ndarray  # (2,)
    shape: tuple[int, int]
    pixel: float = PIXEL_MM

    @classmethod
    def round(cls, press: np.ndarray, box: np.ndarray, pixel: float = PIXEL_MM) -> Look:
        """A look along `press` whose grid covers the box (2, 3) as seen from there. The
        grid's rows run down the body (superior first) where the press is horizontal."""
        press = np.asarray(press, dtype=float) / np.linalg.norm(press)
        up = np.array([0.0, 0.0, 1.0])
        if abs(press @ up) > 0.9:  # looking up or down: rows run from front to back
            up = np.array([0.0, 1.0, 0.0])
        across_1 = up - (up @ press) * press
        across_1 /= np.linalg.norm(across_1)
        across_0 = np.cross(across_1, press)
        across = np.stack([across_0, across_1])
        corners = np.array(np.meshgrid(*np.asarray(box, dtype=float).T)).T.reshape(-1, 3)
        flat = corners @ across.T
        lo, hi = flat.min(axis=0), flat.max(axis=0)
        cols, rows = (np.ceil((hi - lo) / pixel).astype(int) + 1).tolist()
        return cls(press, across, lo, (rows, cols), pixel)

    def cells(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(n,) row and column of each point (n, 3), and (n,) bool: on the grid."""
        flat = (np.asarray(points, dtype=float) @ self.across.T - self.corner) / self.pixel
        col, row = np.floor(flat[:, 0]).astype(np.intp), np.floor(flat[:, 1]).astype(np.intp)
        row = self.shape[0] - 1 - row  # superior first
        on = (row >= 0) & (row < self.shape[0]) & (col >= 0) & (col < self.shape[1])
        return row, col, on

    def depth(self, points: np.ndarray) -> np.ndarray:
        """(n,) mm of each point along `press` (deeper: larger)."""
        return np.asarray(points, dtype=float) @ self.press

    def near_far(self, triangles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows, cols) the nearest and furthest depth of the surface (triangles (f, 3, 3))
        in each pixel; +inf and -inf where the surface does not cross it."""
        near = np.full(self.shape, np.inf)
        far = np.full(self.shape, -np.inf)
        triangles = np.asarray(triangles, dtype=float)
        if not len(triangles):
            return near, far
        # a sample within 0.4 px of every surface point: every pixel the surface covers gets one
        samples, _ = surface_samples(triangles, 0.4 * self.pixel)
        row, col, on = self.cells(samples)
        depth = self.depth(samples)[on]
        np.minimum.at(near, (row[on], col[on]), depth)
        np.maximum.at(far, (row[on], col[on]), depth)
        return near, far

    def triangles_of(self, mesh: trimesh.Trimesh) -> np.ndarray:
        """(f, 3, 3) the mesh's triangles with a corner on the grid (the rest cannot cover
        it; sampling the whole skin would cost ten times as much)."""
        on = self.cells(mesh.vertices)[2]
        return np.asarray(mesh.triangles)[on[mesh.faces].any(axis=1)]

    def points(self, mask: np.ndarray, depth: np.ndarray) -> np.ndarray:
        """(k, 3) the points at `depth` (rows, cols) under the pixels of `mask` (rows, cols)
        (their centres)."""
        row, col = np.nonzero(mask)
        flat = np.column_stack([col + 0.5, self.shape[0] - 1 - row + 0.5]) * self.pixel
        flat += self.corner
        return flat @ self.across + depth[row, col][:, None] * self.press


def skin_over(skin: trimesh.Trimesh, triangles: np.ndarray, press: np.ndarray,
              margin_mm: float = 0.0, pixel: float = PIXEL_MM) -> np.ndarray:  # fmt: skip
    """(n,) bool over the skin's vertices: the skin a finger pressing along `press` meets
    first over the surface `triangles` (f, 3, 3) (its surface projection), widened by
    `margin_mm` across the press."""
    look = Look.round(press, _box(triangles, margin_mm + 4 * pixel), pixel)
    under = np.isfinite(look.near_far(triangles)[0])
    if margin_mm > 0:
        under = ndimage.binary_dilation(under, iterations=max(1, round(margin_mm / pixel)))
    near, _ = look.near_far(look.triangles_of(skin))
    row, col, on = look.cells(skin.vertices)
    out = np.zeros(len(skin.vertices), dtype=bool)
    first = look.depth(skin.vertices[on]) <= near[row[on], col[on]] + FIRST_SKIN_MM
    out[np.flatnonzero(on)] = under[row[on], col[on]] & first
    return out


def _box(triangles: np.ndarray, grow: float) -> np.ndarray:
    """(2, 3) the box round triangles (f, 3, 3), `grow` mm wider each way."""
    points = np.asarray(triangles, dtype=float).reshape(-1, 3)
    return np.array([points.min(axis=0) - grow, points.max(axis=0) + grow])


__all__ = ["PIXEL_MM", "PRESS", "Look", "press_for", "skin_over"]
