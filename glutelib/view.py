"""Where things are seen from: visibility, the scene's box, cameras and close-ups.

Pure functions of a SceneState and the Library (numpy, no plotly). plotly's scene box spans
-ratio/2..ratio/2 in camera units on each axis, ratio being the axis' share of the longest
extent (checked in rendered pictures: tests/anatomy/test_framing.py).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

import numpy as np

from glutelib import fibres, pain, palpation, shading
from glutelib.atlas import SKIN_KEY
from glutelib.cameras import Camera
from glutelib.joints import is_code
from glutelib.library import Library
from glutelib.state import SceneState
from glutelib.zones import zone_in

BOX_MARGIN_MM = 15.0
FLESH_MM = 40.0  # room round posed bones for the soft tissue on them
MIN_FIT_DISTANCE = 0.35  # camera units: a close-up never puts the eye inside the part
HALF_FOV_TAN = 0.4142  # tan(22.5 deg): plotly's perspective camera sees 45 deg top to bottom
VIEW_FILL = 0.86  # a named view: what is shown spans this much of the view's limiting side
CLOSE_UP_FILL = 0.5  # a close-up: the framed parts span this much (their surroundings may crop)
MIN_ZOOM, MAX_ZOOM = 0.5, 6.0  # how far +/-, the wheel and a pinch may go from the framing
ZOOM_STEP = 1.4  # one press of + or − (the dashboard's and the lesson's)
FRAME_POINTS = 6000  # vertices looked at to frame a view (every k-th of those shown)
RECENT_FRAMED = ("framed", "recent moved poses")  # library.derived's key for those kept
RECENT_KEPT = 8  # ... how many


# Traces drawn in one flat colour at one level, besides the zones: the skin, the fibre
# arrows, palpation's outline and endangerment sites, and a pain drawing and pattern.
ON_THE_SKIN = (SKIN_KEY, fibres.FIBRES_KEY, palpation.OUTLINE_KEY, palpation.SITES_KEY,
               pain.DRAWING_KEY, pain.PATTERN_KEY)  # fmt: skip


def visible(structure_id: str, state: SceneState, library: Library) -> bool:
    """Shown, and not peeled away; a named (highlighted) part is never peeled: peeling takes
    away what covers it, not the part itself. A palpate-it question draws the skin alone."""
    if structure_id not in state.shown or state.touch:
        return False
    if structure_id in state.highlighted:
        return True
    return not library.atlas.layers.hides(library.atlas[structure_id], state.peel)


def vertices(key: str, state: SceneState, library: Library) -> np.ndarray:
    """(n, 3) float32 vertices of a structure (or `zone:<id>`) in the state's pose."""
    posed = library.rig.vertices(key, library.pose(state.pose))
    return np.asarray(posed, dtype=np.float32)


def light(key: str, state: SceneState) -> bool:
    """Drawn at the light level of detail: grey context beside something highlighted.
    Whatever is highlighted (so picked or labelled too) keeps its full mesh; zones have one."""
    if zone_in(key) or key in ON_THE_SKIN:
        return False
    return bool(state.highlighted) and key not in state.highlighted


def drawn(key: str, state: SceneState, library: Library) -> tuple[np.ndarray, np.ndarray]:
    """(k, 3) float32 vertices and (m, 3) int32 faces of a structure (or `zone:<id>`) as
    drawn: in the state's pose, at the state's level of detail."""
    if key == fibres.FIBRES_KEY:
        if state.fibres is None:
            return np.zeros((0, 3), np.float32), np.zeros((0, 3), np.int32)
        return fibres.arrows(library, state.fibres, library.pose(state.pose), state.camera)
    if key in (palpation.OUTLINE_KEY, palpation.SITES_KEY):
        ids = state.palpate if key == palpation.OUTLINE_KEY else state.sites
        return palpation.drawn(library, key, ids, library.pose(state.pose))
    if key in (pain.DRAWING_KEY, pain.PATTERN_KEY):
        return pain.drawn(library, key, state.drawing, state.pattern)
    posed = vertices(key, state, library)
    if key == SKIN_KEY:
        return posed, np.asarray(library.atlas.skin_mesh().faces, dtype=np.int32)
    zone = zone_in(key)
    if zone:
        faces = library.zones.mesh(zone).faces
        return posed, np.asarray(faces, dtype=np.int32)
    level = library.atlas.level(key, light=light(key, state))
    return posed[level.vertices], level.faces


def drawn_shade(key: str, state: SceneState, library: Library) -> np.ndarray | None:
    """(k,) uint8 shade of a structure's drawn vertices (glutelib.shading), or the sites'
    hatching; None for a zone, the skin, an outline and the fibre arrows, drawn in one flat
    colour."""
    if key == palpation.SITES_KEY:
        return palpation.hatching(library, state.sites)
    if key in ON_THE_SKIN or zone_in(key):
        return None
    return shading.drawn_shade(library, key, light(key, state))


def mark_point(key: str, state: SceneState, library: Library) -> np.ndarray:
    """(3,) mm: where a landmark is in the state's pose (on its bone's nearest vertex)."""
    mark = library.landmarks[key]
    return vertices(mark.bone, state, library)[library.landmarks.vertex(key)]


def scene_box(state: SceneState, library: Library) -> tuple[np.ndarray, np.ndarray]:
    """(3,), (3,) corners of the box round every structure of the state in its pose, plus a
    margin: the figure's fixed axes, so a step does not rescale the view. Kept for named
    poses (every layout asks for it, twice)."""
    poses = frozenset({state.pose, state.framed_in or state.pose})
    key = ("scene box", state.structures, poses, state.skin)
    if key in library.derived:
        return library.derived[key]
    structures = library.atlas.manifest.structures
    boxes = np.array([structures[i].bounds_mm for i in state.structures])
    if state.skin and library.has_skin:  # it lies a little outside everything
        boxes = np.vstack([boxes, [library.atlas.manifest.skin.bounds_mm]])
    lo, hi = boxes[:, 0].min(axis=0), boxes[:, 1].max(axis=0)
    for name in poses:
        pose = library.pose(name)
        if not pose.is_neutral:
            bones = library.rig.posed_bounds(list(state.structures), pose)
            lo, hi = np.minimum(lo, bones[0] - FLESH_MM), np.maximum(hi, bones[1] + FLESH_MM)
    box = lo - BOX_MARGIN_MM, hi + BOX_MARGIN_MM
    if not any(map(is_code, poses)):  # a slider's poses have no end: not kept
        library.derived[key] = box
    return box


def domain_scale(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """(3,) factors from mm to plotly's camera units for the box lo..hi."""
    extent = hi - lo
    return (extent / extent.max()) / extent


def camera_of(state: SceneState, library: Library) -> Camera:
    """The camera in effect: the named view framed on the state's focus (all that is shown
    by default) for the view's shape, closer for a close-up, with the zoom applied (about the
    framed centre). A view that is not a close-up also takes in what is shown above the
    focus: the body runs on below the view's bottom edge, never off its top."""
    shown = frozenset(i for i in state.structures if visible(i, state, library))
    focus = frozenset(state.focus) or shown
    above = frozenset() if state.close_up else shown - focus
    fill = (state.close_up_fill or CLOSE_UP_FILL) if state.close_up else VIEW_FILL
    base = _framed_view(state.camera, focus, above, state.structures,
                        state.framed_in or state.pose,
                        round(state.view_aspect, 2), fill, library)  # fmt: skip
    if state.zoom == 1.0:
        return base
    centre = np.asarray(base.center)
    eye = centre + (np.asarray(base.eye) - centre) / state.zoom
    return base.model_copy(update={"eye": tuple(float(v) for v in eye)})


def zoom_reach(state: SceneState, library: Library) -> tuple[float, float]:
    """The nearest and furthest the eye may be from the centre (camera units): the framed
    distance zoomed to MAX_ZOOM and to MIN_ZOOM, so the model is never lost."""
    framed = camera_of(replace(state, zoom=1.0), library)
    distance = float(np.linalg.norm(np.subtract(framed.eye, framed.center)))
    return round(distance / MAX_ZOOM, 6), round(distance / MIN_ZOOM, 6)


def _framed_view(
    name: str, focus: frozenset[str], above: frozenset[str], structures: tuple[str, ...],
    pose: str, aspect: float, fill: float, library: Library,
) -> Camera:  # fmt: skip
    """The named camera moved to look at the focus' middle from its side, as close as lets it
    span `fill` of the view, with whatever of `above` lies higher on the screen than the
    focus' top (kept: a step asks for it several times)."""
    key = ("framed", name, focus, above, structures, pose, aspect, fill)
    if key in library.derived:
        return library.derived[key]
    recent = library.derived.setdefault(RECENT_FRAMED, OrderedDict())
    if key in recent:  # a moved pose framed again (the last sync's, a move's end)
        return recent[key]
    base = library.camera(name)
    state = SceneState(structures=structures, pose=pose, view_aspect=aspect)
    points = _posed_points(sorted(focus), pose, library) if focus else np.empty((0, 3))
    if above and len(points):
        others = _posed_points(sorted(above), pose, library)
        up = screen_axes(base)[2] * domain_scale(*scene_box(state, library))
        points = np.vstack([points, others[others @ up > (points @ up).max()]])
    framed = _frame(base, points, state, library, fill) if focus else base
    if not is_code(pose):
        library.derived[key] = framed
    else:  # a moved pose (a slider's): only the last few are kept, there is no end to them
        recent[key] = framed
        while len(recent) > RECENT_KEPT:
            recent.popitem(last=False)
    return framed


def screen_axes(camera: Camera) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(3,) unit vectors in camera units: toward the eye, the screen's right, its up."""
    toward = np.asarray(camera.eye, dtype=float) - np.asarray(camera.center, dtype=float)
    toward /= np.linalg.norm(toward)
    right = np.cross(-toward, np.asarray(camera.up, dtype=float))
    right /= np.linalg.norm(right)
    return toward, right, np.cross(right, -toward)


def _posed_points(ids: list[str], pose: str, library: Library) -> np.ndarray:
    """(n, 3) mm: these structures' vertices in the pose, thinned to at most FRAME_POINTS."""
    posed = library.pose(pose)
    points = np.vstack([library.rig.vertices(i, posed) for i in ids])
    step = max(1, len(points) // FRAME_POINTS)
    return points[::step]


def _frame(
    base: Camera, points: np.ndarray, state: SceneState, library: Library, fill: float
) -> Camera:
    """`base` moved to look at the middle of `points` (n, 3) mm from its side, at the
    distance where they, in perspective, span `fill` of the view's height or width."""
    lo, hi = scene_box(state, library)
    scale = domain_scale(lo, hi)
    mid = (points.min(axis=0) + points.max(axis=0)) / 2
    centre = (mid - (lo + hi) / 2) * scale
    toward, right, up = screen_axes(base)
    rel = (points - (lo + hi) / 2) * scale - centre  # (n, 3) camera units from the centre
    depth = rel @ toward  # nearer points look bigger
    tall = np.abs(rel @ up) / (HALF_FOV_TAN * fill) + depth
    wide = np.abs(rel @ right) / (HALF_FOV_TAN * fill * state.view_aspect) + depth
    distance = max(MIN_FIT_DISTANCE, float(max(tall.max(), wide.max())))
    return Camera(
        label=base.label,
        plain_label=base.plain_label,
        eye=tuple(float(v) for v in centre + toward * distance),
        up=base.up,
        center=tuple(float(v) for v in centre),
    )
