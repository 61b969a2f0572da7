"""Names in the 3D view: beside their structures, none covering another, none hidden.

Placement works in screen terms for a view `state.view_px` CSS px high: a line of text
spans a known number of mm at the camera's distance, so names can be spread on screen and
then slid towards the eye until no surface is in front of them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from glutelib import view
from glutelib.geometry import spread_labels
from glutelib.library import Library
from glutelib.state import SceneState

CHAR_EM = 0.55  # width of an average character of the labels' sans-serif, in em
LINE_EM = 1.25  # height of a line, in em
# A view shows 2 tan(fov/2) = 0.83 scene units per unit of distance, over its height.
VIEW_HEIGHT_PER_DISTANCE = 0.83
IN_FRONT_MM = 12.0  # a name's first place: this far in front of its structure
INSIDE_BOX_MM = 2.0  # plotly drops a text point outside its scene box
TEXT_COLOUR = "#1b1b1b"
LEADER_COLOUR = "#3d3d3d"
LEADER_WIDTH = 2
LEADER_LIFT_MM = 1.5  # a leader ends just off its structure's surface, not inside it


def label_text(structure_id: str, state: SceneState, library: Library) -> str:
    return library.atlas[structure_id].label_in(state.plain_words)


def labelled(state: SceneState, library: Library) -> list[str]:
    """Ids named in the view: the highlighted ones still visible, when labels are on."""
    if not state.labels:
        return []
    return sorted(i for i in state.highlighted if view.visible(i, state, library))


def label_points(state: SceneState, library: Library) -> dict[str, Any]:
    """The label trace's data: x, y, z (n,) float32, the texts and their font."""
    return label_traces(state, library)[0]


def label_traces(state: SceneState, library: Library) -> tuple[dict[str, Any], dict[str, Any]]:
    """The names' trace data (x, y, z (n,) float32, texts, font) and their leaders' (a line
    from each name to its structure's nearest visible point, None between lines)."""
    ids = labelled(state, library)
    texts = [label_text(i, state, library) for i in ids]
    points, starts, ends = place(ids, texts, state, library) if ids else (np.zeros((0, 3)),) * 3
    p = points.astype(np.float32)
    font = dict(size=state.label_px, color=TEXT_COLOUR)
    names = dict(x=p[:, 0], y=p[:, 1], z=p[:, 2], text=texts, mode="text", hoverinfo="skip",
                 showlegend=False, textfont=font)  # fmt: skip
    line = np.full((3 * len(ids), 3), np.nan)
    line[0::3], line[1::3] = starts, ends
    xyz = [[None if np.isnan(c) else round(float(c), 1) for c in line[:, k]] for k in range(3)]
    pen = dict(color=LEADER_COLOUR, width=LEADER_WIDTH)
    leaders = dict(x=xyz[0], y=xyz[1], z=xyz[2], mode="lines", hoverinfo="skip",
                   showlegend=False, line=pen)  # fmt: skip
    return names, leaders


def place(
    ids: list[str], texts: list[str], state: SceneState, library: Library
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(n, 3) each: where each name goes (in front of its structure, then moved on screen),
    where its leader starts (the name's end towards its structure) and where it ends (the
    structure's point nearest the eye)."""
    lo, hi = view.scene_box(state, library)
    cam = view.camera_of(state, library)
    scale = view.domain_scale(lo, hi)
    eye, centre = ((lo + hi) / 2 + np.asarray(v) / scale for v in (cam.eye, cam.center))
    toward = (np.asarray(cam.eye) - np.asarray(cam.center)) / scale  # in mm directions
    toward /= np.linalg.norm(toward)
    nearest = np.array([_nearest(view.vertices(i, state, library), toward) for i in ids])
    anchors = nearest + toward * IN_FRONT_MM
    up = np.asarray(cam.up, dtype=float)
    right = np.cross(-toward, up)
    right /= np.linalg.norm(right)
    up = np.cross(right, -toward)
    distance = np.linalg.norm(np.asarray(cam.eye) - np.asarray(cam.center))
    mm_per_px = VIEW_HEIGHT_PER_DISTANCE * distance / scale.max() / state.view_px
    px = state.label_px
    widths = np.array([len(t) * CHAR_EM * px for t in texts]) * mm_per_px
    # Names right of the middle run rightwards, the others leftwards: away from each other.
    # Each is centred on a point half its width out (plotly's 3D text misplaces a per-point
    # textposition), kept below the top of the view and inside the box.
    sides = np.where((anchors - centre) @ right >= 0, 1, -1)
    above = (anchors - centre) @ up - (0.42 * state.view_px - 2 * px) * mm_per_px
    anchors -= np.maximum(above, 0)[:, None] * up
    anchors += (sides * (widths / 2 + 4 * mm_per_px))[:, None] * right
    anchors = np.clip(anchors, lo + INSIDE_BOX_MM, hi - INSIDE_BOX_MM)
    # `up` leans with the camera, so spreading down can leave the box: clip again after.
    spread = spread_labels(anchors, widths, LINE_EM * px * mm_per_px, right, up)
    edges = spread - (sides * widths / 2)[:, None] * right  # each name's end nearest its part
    front, edges = (
        np.clip(_in_front(p, state, library, eye, toward, (lo, hi)), lo + INSIDE_BOX_MM,
                hi - INSIDE_BOX_MM)
        for p in (spread, edges)
    )  # fmt: skip
    return front, edges, nearest + toward * LEADER_LIFT_MM


def _nearest(v: np.ndarray, toward: np.ndarray) -> np.ndarray:
    """(3,) the vertex of `v` (n, 3) nearest the eye, seen from `toward`."""
    return v[np.argmax(v @ toward)]


def _in_front(
    points: np.ndarray,
    state: SceneState,
    library: Library,
    eye: np.ndarray,
    toward: np.ndarray,
    box: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """Slide each point (n, 3) towards the eye along its line of sight (so it keeps its place
    on screen) until nothing shown is in front of it, or as far as the box allows: plotly
    hides text behind a surface. eye, toward (3,) in mm; box: the scene's (lo, hi)."""
    lo, hi = box
    shown = [i for i in state.structures if view.visible(i, state, library)]
    front = max(float((view.vertices(i, state, library) @ toward).max()) for i in shown) + 5.0
    sight = eye - points  # (n, 3) from each point to the eye
    ahead = np.maximum(front - points @ toward, 0.0) / np.maximum(sight @ toward, 1e-6)
    with np.errstate(divide="ignore", invalid="ignore"):  # how far the box lets it go
        room = np.where(
            sight > 0, (hi - INSIDE_BOX_MM - points) / sight, (lo + INSIDE_BOX_MM - points) / sight
        )
    room = np.nan_to_num(room, nan=np.inf, posinf=np.inf, neginf=np.inf).min(axis=1)
    return points + np.clip(np.minimum(ahead, room), 0.0, 1.0)[:, None] * sight
