"""Arrows on a picked muscle's surface along its fibres: the line a massage stroke follows
("with the fibres") or crosses ("across the fibres").

A few flat, double-headed arrows (a line of fibres has no way of its own), sized to the
muscle, lie just above the side of it a named view looks at (the view the pick is seen from;
turning the model by hand leaves them where they are), spread from near its origin to near
its insertion and across its breadth. Each is pinned to the muscle's surface (`Pins`), which
gives its plane in every pose; in that plane it runs along the posed centre line the rig
measures lengths on (`shading.fibre_line`). All arrows are one mesh, one trace
(`FIBRES_KEY`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import trimesh

from glutelib import shading
from glutelib.library import Library
from glutelib.poses import Pose

FIBRES_KEY = "fibres"  # the arrows' trace
ARROWS = 5
ALONG = np.linspace(0.22, 0.78, ARROWS)  # where along the centre line the arrows lie
ACROSS = (0.0, -0.45, 0.45, -0.45, 0.0)  # and across its breadth (-1..1)
LENGTH = (0.3, 18.0, 42.0)  # an arrow's length: this share of the muscle's breadth, in mm limits
SHAFT = 0.06  # half the shaft's width, and each head's length and half-width, over its length
HEAD = (0.27, 0.17)
LIFT_MM = 2.0  # above the surface, so the surface never hides it
STEP_MM = 12.0  # how far the pinning vertices lie from the arrow's own


def _outline(length: float) -> tuple[np.ndarray, np.ndarray]:
    """(10, 2) one arrow `length` mm long in its own plane (along, across; mm, centred) and
    (4, 3) its faces."""
    half, head, wide, shaft = length / 2, HEAD[0] * length, HEAD[1] * length, SHAFT * length
    neck = half - head
    points = [(-neck, -shaft), (neck, -shaft), (neck, shaft), (-neck, shaft),
              (neck, -wide), (half, 0.0), (neck, wide),
              (-neck, wide), (-half, 0.0), (-neck, -wide)]  # fmt: skip
    return np.array(points), np.array([[0, 1, 2], [0, 2, 3], [4, 5, 6], [7, 8, 9]])


@dataclass(frozen=True)
class Pins:
    """Where each arrow is held on its muscle's full mesh: the vertex it lies on, and two
    points of the surface (three vertices each and their weights) a step along the fibres
    and a step across them: posed, they give its plane."""

    at: np.ndarray  # (ARROWS,) vertex indices
    ahead: tuple[np.ndarray, np.ndarray]  # (ARROWS, 3) vertex indices, (ARROWS, 3) weights
    beside: tuple[np.ndarray, np.ndarray]

    def points(self, vertices: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(ARROWS, 3) each of at, ahead and beside on the mesh `vertices` (n, 3)."""
        on = [np.einsum("ak,akd->ad", w, vertices[i]) for i, w in (self.ahead, self.beside)]
        return vertices[self.at], on[0], on[1]


def pins(library: Library, muscle: str, camera: str) -> Pins:
    """The muscle's arrows' Pins, on the side of it the named `camera` looks at."""
    cache = ("fibre pins", muscle, camera)
    if cache in library.derived:
        return library.derived[cache]
    mesh = library.atlas.mesh(muscle)
    v, normals = np.asarray(mesh.vertices, dtype=float), np.asarray(mesh.vertex_normals)
    frame = shading.fibre_frame(library, muscle)
    seen = library.camera(camera)
    toward_eye = _unit(np.subtract(seen.eye, seen.center))  # camera units: mm, uniformly scaled
    facing = normals @ toward_eye  # 1: squarely toward the eye
    at = np.array([int(np.argmax(facing - 0.6 * np.abs(frame.across - across)
                                 - 8 * np.abs(frame.along - along)))
                   for along, across in zip(ALONG, ACROSS, strict=True)])  # fmt: skip
    side = np.cross(normals[at], frame.tangent[at])
    held = []
    for step in (frame.tangent[at], side):
        points, _, faces = trimesh.proximity.closest_point(mesh, v[at] + STEP_MM * step)
        corners = np.asarray(mesh.faces)[faces]
        weights = trimesh.triangles.points_to_barycentric(v[corners], points)
        held.append((corners, weights))
    library.derived[cache] = Pins(at, held[0], held[1])
    return library.derived[cache]


def arrows(library: Library, muscle: str, pose: Pose, camera: str) -> tuple[np.ndarray, np.ndarray]:
    """(ARROWS * 10, 3) float32 vertices and (ARROWS * 4, 3) int32 faces of the muscle's
    fibre arrows in `pose`, on the side the named `camera` looks at."""
    held = pins(library, muscle, camera)
    at, ahead, beside = held.points(np.asarray(library.rig.vertices(muscle, pose), dtype=float))
    mesh = library.atlas.mesh(muscle)
    standing = held.points(np.asarray(mesh.vertices, dtype=float))
    up = _units(np.cross(ahead - at, beside - at))
    # the standing normal says which side is out: the same side in every pose
    out = np.cross(standing[1] - standing[0], standing[2] - standing[0])
    up[np.einsum("ak,ak->a", out, np.asarray(mesh.vertex_normals)[held.at]) < 0] *= -1
    # along the posed centre line where the arrow lies, laid into the surface there
    line = shading.fibre_line(library, muscle, pose)
    place = shading.fibre_frame(library, muscle).along[held.at] * (len(line) - 1)
    segment = np.minimum(place.astype(int), len(line) - 2)
    way = line[segment + 1] - line[segment]
    along = _units(way - np.einsum("ak,ak->a", way, up)[:, None] * up)
    across = np.cross(up, along)
    length = float(np.clip(LENGTH[0] * shading.fibre_frame(library, muscle).breadth_mm,
                           *LENGTH[1:]))  # fmt: skip
    outline, faces = _outline(length)
    centre = at + LIFT_MM * up  # (ARROWS, 3)
    vertices = (centre[:, None] + outline[None, :, :1] * along[:, None]
                + outline[None, :, 1:] * across[:, None])  # fmt: skip
    triangles = faces[None] + (np.arange(len(at)) * len(outline))[:, None, None]
    return vertices.reshape(-1, 3).astype(np.float32), triangles.reshape(-1, 3).astype(np.int32)


def _units(v: np.ndarray) -> np.ndarray:
    """(k, 3) rows of `v` (k, 3) made unit length."""
    return v / np.maximum(np.linalg.norm(v, axis=1), 1e-9)[:, None]


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-9)
