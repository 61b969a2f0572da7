"""Where things are seen from: visibility, the scene's box, cameras and close-ups.

Pure functions of a SceneState and the Library (numpy, no plotly). plotly's scene box spans
-ratio/2..ratio/2 in camera units on each axis, ratio being the axis' share of the longest
extent (checked in rendered pictures: tests/anatomy/test_framing.py).
"""

from __future__ import annotations

import numpy as np

from glutelib.cameras import Camera
from glutelib.library import Library
from glutelib.state import SceneState

BOX_MARGIN_MM = 15.0
FLESH_MM = 40.0  # room round posed bones for the soft tissue on them
MIN_FIT_DISTANCE = 0.35  # camera units: a close-up never puts the eye inside the part


def visible(structure_id: str, state: SceneState, library: Library) -> bool:
    """Shown, and not peeled away."""
    if structure_id not in state.shown:
        return False
    return not library.atlas.layers.hides(library.atlas[structure_id], state.peel)


def vertices(key: str, state: SceneState, library: Library) -> np.ndarray:
    """(n, 3) float32 vertices of a structure (or `zone:<id>`) in the state's pose."""
    posed = library.rig.vertices(key, library.pose(state.pose))
    return np.asarray(posed, dtype=np.float32)


def scene_box(state: SceneState, library: Library) -> tuple[np.ndarray, np.ndarray]:
    """(3,), (3,) corners of the box round every structure of the state in its pose, plus a
    margin: the figure's fixed axes, so a step does not rescale the view."""
    structures = library.atlas.manifest.structures
    boxes = np.array([structures[i].bounds_mm for i in state.structures])
    lo, hi = boxes[:, 0].min(axis=0), boxes[:, 1].max(axis=0)
    pose = library.pose(state.pose)
    if not pose.is_neutral:
        bones = library.rig.posed_bounds(list(state.structures), pose)
        lo, hi = np.minimum(lo, bones[0] - FLESH_MM), np.maximum(hi, bones[1] + FLESH_MM)
    return lo - BOX_MARGIN_MM, hi + BOX_MARGIN_MM


def domain_scale(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """(3,) factors from mm to plotly's camera units for the box lo..hi."""
    extent = hi - lo
    return (extent / extent.max()) / extent


def camera_of(state: SceneState, library: Library) -> Camera:
    """The camera in effect: the fitted one or the named one, with the zoom applied."""
    base = state.fit or library.camera(state.camera)
    if state.zoom == 1.0:
        return base
    centre = np.asarray(base.center)
    eye = centre + (np.asarray(base.eye) - centre) / state.zoom
    return base.model_copy(update={"eye": tuple(float(v) for v in eye)})


def fit_camera(
    ids: tuple[str, ...], state: SceneState, library: Library, closeness: float = 2.4
) -> Camera:
    """A camera framing `ids` from the state's named view's side.

    The centre moves onto their bounding box; the eye comes in along the view direction so
    their largest extent fills about 1/`closeness` of the view.
    """
    lo, hi = scene_box(state, library)
    structures = library.atlas.manifest.structures
    boxes = np.array([structures[i].bounds_mm for i in ids])
    mid = (boxes[:, 0].min(axis=0) + boxes[:, 1].max(axis=0)) / 2
    size = (boxes[:, 1].max(axis=0) - boxes[:, 0].min(axis=0)).max()
    scale = domain_scale(lo, hi)
    centre = (mid - (lo + hi) / 2) * scale
    base = library.camera(state.camera)
    direction = np.asarray(base.eye) / np.linalg.norm(base.eye)
    distance = max(MIN_FIT_DISTANCE, closeness * size * scale.max())
    return Camera(
        label="Fit",
        plain_label="Close up",
        eye=tuple(float(v) for v in centre + direction * distance),
        up=base.up,
        center=tuple(float(v) for v in centre),
    )
