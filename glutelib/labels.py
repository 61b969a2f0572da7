"""Names in the 3D view: plotly scene annotations, each with a leader to its structure.

A scene annotation is drawn as SVG over the 3D canvas: its text keeps its size after every
update (plotly's 3D text traces drew restyled names at ~11 px), nothing hides it or its
leader, and it follows its 3D point when the view is turned. Its text stands a fixed
offset in pixels from that point, worked out here for the state's camera and the view's size
(`state.view_px` high, `state.view_aspect` wide): names go into two columns beside what is
named, spread so none covers another, and each leader ends on its own structure where it is
seen: on the part of it that nothing else shown covers, well inside that part's outline.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from glutelib import view
from glutelib.library import Library
from glutelib.state import DEFAULT_VIEW_ASPECT, DEFAULT_VIEW_PX, SceneState

CHAR_EM = 0.55  # width of an average character of the labels' sans-serif, in em
# A name is at most this many lines, of at least this many characters: a narrow column (a
# close-up, a narrow view) crowds the view's edge, over the model, rather than stack a name
# five lines high.
MAX_NAME_LINES, MIN_LINE_CHARS = 3, 16
LINE_EM = 1.25  # height of a line of a name, in em
APART_PX = 6  # between two names in a column
GAP_PX = 18  # between the named parts' outline and a column of names
EDGE_PX = 6  # names keep this far inside the view
TEXT_COLOUR = "#1b1b1b"
LEADER_COLOUR = "#3d3d3d"
LEADER_WIDTH = 2
BOX_COLOUR = "rgba(255, 255, 255, 0.8)"  # a name stays readable over the model
FOCUS_BORDER_PX = 3  # the keyboard walk's part: its name boxed in the focus ring's colour
LIFT_MM = 1.5  # a leader ends just off its structure's surface, not inside it
FRONT_MM = 6.0  # how deep into a structure's front its leader may end
MARK_DOT = 2.5  # a landmark's dot, times a leader's
TAP_OFFSET_PX = 40  # a tap's words sit this far up and right of its dot
OUTLINE_POINTS = 4000  # vertices looked at for the named parts' outline on screen
CELLS_PER_VIEW = 140  # the depth grid's cells down the view's height (4 px at 560 px)
COVER_CELLS = 1  # a vertex covers the cells this far round its own (meshes have gaps)
SURFACE_MM = 4.0  # a vertex this near its part's front in its cell is on the seen surface
SAMPLE_STEPS = 8  # at most this many points along a face's edge
CLEAR_CELLS = 3  # an end is chosen where most of the cells this far round show the part


@dataclass(frozen=True)
class Projection:
    """plotly's perspective camera for a state, from mm to CSS px in its view."""

    lo: np.ndarray  # (3,) the scene box's corners, mm
    hi: np.ndarray
    eye: np.ndarray  # (3,) camera units
    toward: np.ndarray  # (3,) unit: from the centre to the eye
    right: np.ndarray  # (3,) unit: the screen's right
    up: np.ndarray  # (3,) unit: the screen's up
    height_px: float
    width_px: float

    @classmethod
    def of(cls, state: SceneState, library: Library) -> Projection:
        lo, hi = view.scene_box(state, library)
        cam = view.camera_of(state, library)
        eye = np.asarray(cam.eye, dtype=float)
        toward, right, up = view.screen_axes(cam)
        h = float(state.view_px)
        return cls(lo, hi, eye, toward, right, up, h, h * state.view_aspect)

    def toward_mm(self) -> np.ndarray:
        """(3,) unit direction to the eye in mm space (the axes' scales differ)."""
        t = self.toward / view.domain_scale(self.lo, self.hi)
        return t / np.linalg.norm(t)

    def screen(self, points: np.ndarray) -> np.ndarray:
        """(n, 2) CSS px (x right, y down, from the view's top left) of points (n, 3) mm."""
        rel = (points - (self.lo + self.hi) / 2) * view.domain_scale(self.lo, self.hi) - self.eye
        depth = np.maximum(-rel @ self.toward, 1e-6)
        half = self.height_px / 2 / view.HALF_FOV_TAN  # px per unit of (offset / depth)
        x = self.width_px / 2 + (rel @ self.right) / depth * half
        y = self.height_px / 2 - (rel @ self.up) / depth * half
        return np.stack([x, y], axis=1)

    def depth_mm(self, points: np.ndarray) -> np.ndarray:
        """(n,) mm from the eye along the view of points (n, 3) mm (the axes' scale is one)."""
        rel = (points - (self.lo + self.hi) / 2) * view.domain_scale(self.lo, self.hi) - self.eye
        return -(rel @ self.toward) / view.domain_scale(self.lo, self.hi)[0]


def label_text(structure_id: str, state: SceneState, library: Library) -> str:
    return library.atlas[structure_id].label_in(state.plain_words)


def labelled(state: SceneState, library: Library) -> list[str]:
    """Ids named in the view: the highlighted ones still visible when labels are on, and
    the part the keyboard walk is on."""
    named = set(state.highlighted) if state.labels else set()
    if state.pointed is not None:
        named.add(state.pointed)
    return sorted(i for i in named if view.visible(i, state, library))


def annotations(state: SceneState, library: Library) -> list[dict[str, Any]]:
    """plotly `layout.scene.annotations`: one per labelled structure, then one per marked
    landmark (a larger dot); texts escaped (names come from data files: no markup, no links)."""
    taps = [tap_annotation(t, state, library) for t in state.taps]
    ids = labelled(state, library)
    marks = sorted(state.marks)
    if not ids and not marks:
        return taps
    projection = Projection.of(state, library)
    anchors = np.array(
        leader_ends(ids, state, library) + [view.mark_point(k, state, library) for k in marks]
    ).reshape(-1, 3)
    texts = [label_text(i, state, library) for i in ids]
    texts += [library.landmarks[k].label_in(state.plain_words) for k in marks]
    lines, offsets = place(
        anchors, texts, state.label_px, projection, _outline_points(ids, state, library)
    )
    font = dict(size=state.label_px, color=TEXT_COLOUR)
    focus = dict(bordercolor=library.colours.focus, borderwidth=FOCUS_BORDER_PX)
    return [
        dict(x=float(a[0]), y=float(a[1]), z=float(a[2]),
             text="<br>".join(html.escape(part) for part in line),
             ax=float(o[0]), ay=float(o[1]), showarrow=True, arrowhead=6,
             arrowsize=MARK_DOT if n >= len(ids) else 1, standoff=0,
             arrowcolor=library.colours.mark if n >= len(ids) else LEADER_COLOUR,
             arrowwidth=LEADER_WIDTH, font=font,
             bgcolor=BOX_COLOUR, borderpad=2, name=key,
             **(focus if key == state.pointed else {}))
        for n, (key, a, line, o) in enumerate(zip(ids + marks, anchors, lines, offsets,
                                                  strict=True))
    ] + taps  # fmt: skip


def tap_annotation(tap: tuple[str, float, float, float], state: SceneState,
                   library: Library) -> dict[str, Any]:  # fmt: skip
    """A point tapped on the skin (words, x, y, z) as a marked dot with its words up and to
    the right (a palpate-it answer; the lesson's page fills in its own taps from this)."""
    words, *xyz = tap
    return dict(x=xyz[0], y=xyz[1], z=xyz[2], text=html.escape(words), ax=TAP_OFFSET_PX,
                ay=-TAP_OFFSET_PX, showarrow=True, arrowhead=6, arrowsize=MARK_DOT, standoff=0,
                arrowcolor=LEADER_COLOUR, arrowwidth=LEADER_WIDTH,
                font=dict(size=state.label_px, color=TEXT_COLOUR), bgcolor=BOX_COLOUR,
                borderpad=2, name="tap")  # fmt: skip


def leader_ends(ids: list[str], state: SceneState, library: Library) -> list[np.ndarray]:
    """(3,) mm for each of `ids`: where its leader ends (SeenSurface.anchor). Worked out from
    the state's camera at the default view size and no zoom, so every size and zoom of one
    scene (the lesson draws each step at several) shares them; kept in library.derived."""
    shown = frozenset(i for i in state.structures if view.visible(i, state, library))
    key = ("leader_ends", tuple(ids), shown, state.structures, state.pose, state.camera,
           state.focus, state.close_up, state.close_up_fill)  # fmt: skip
    if key not in library.derived:
        canonical = replace(state, view_px=DEFAULT_VIEW_PX, view_aspect=DEFAULT_VIEW_ASPECT,
                            zoom=1.0)  # fmt: skip
        seen = SeenSurface.of(ids, canonical, library, Projection.of(canonical, library))
        library.derived[key] = [seen.anchor(n) for n in range(len(ids))]
    return library.derived[key]


def _nearest(v: np.ndarray, projection: Projection) -> np.ndarray:
    """(3,) mm: where a leader meets the structure of vertices `v` (n, 3) when no part of it
    is seen: of its front (within FRONT_MM of its point nearest the eye), the vertex nearest
    its middle as seen on screen, lifted off the surface."""
    toward = projection.toward_mm()
    depth = v @ toward
    front = v[depth >= depth.max() - FRONT_MM]
    flat = front - np.outer(front @ toward, toward)  # on the screen's plane
    middle = v.mean(axis=0) - (v.mean(axis=0) @ toward) * toward
    return front[np.argmin(np.linalg.norm(flat - middle, axis=1))] + toward * LIFT_MM


@dataclass(frozen=True)
class SeenSurface:
    """Which points of each labelled part are seen from the state's camera: a coarse depth
    grid on screen (the nearest depth per cell) of every other shown part's surface, against
    which each labelled part's own front is tested."""

    projection: Projection
    parts: list[np.ndarray]  # (n_k, 3) mm points on each labelled part's drawn surface
    cells: list[np.ndarray]  # (n_k, 2) int row, column of each point's cell
    depths: list[np.ndarray]  # (n_k,) mm from the eye
    nearest: list[np.ndarray]  # (rows, cols) the part's own nearest depth per cell
    rest: np.ndarray  # (rows, cols) nearest depth of every shown part not labelled

    @classmethod
    def of(cls, ids: list[str], state: SceneState, library: Library,
           projection: Projection) -> SeenSurface:  # fmt: skip
        cell = projection.height_px / CELLS_PER_VIEW
        shape = np.array([CELLS_PER_VIEW + 1, int(projection.width_px / cell) + 1])

        def grid(rc: np.ndarray, depth: np.ndarray) -> np.ndarray:
            inside = (rc >= 0).all(axis=1) & (rc < shape).all(axis=1)
            out = np.full(shape, np.inf)
            np.minimum.at(out, (rc[inside, 0], rc[inside, 1]), depth[inside])
            return out

        def on_screen(v: np.ndarray) -> np.ndarray:
            """(n, 3): row and column (in cells) and depth (mm) of points v (n, 3)."""
            return np.column_stack([projection.screen(v)[:, ::-1] / cell, projection.depth_mm(v)])

        parts, cells, depths, nearest = [], [], [], []
        for i in ids:  # a labelled part: points on its surface, in 3D and on screen
            v, faces = view.drawn(i, state, library)
            points = _samples(np.column_stack([on_screen(v), v]), faces)
            rc = np.floor(points[:, :2]).astype(int)
            parts.append(points[:, 3:])
            cells.append(rc.clip(0, shape - 1))
            depths.append(points[:, 2])
            nearest.append(grid(rc, points[:, 2]))
        covering = [np.zeros((0, 3))]
        if parts:  # only what lies over the labelled parts on screen can cover them
            lo = np.vstack(cells).min(axis=0) - 2 * COVER_CELLS
            hi = np.vstack(cells).max(axis=0) + 2 * COVER_CELLS
        for i in state.structures if parts else ():
            if i in ids or not view.visible(i, state, library):
                continue
            v, faces = view.drawn(i, state, library)
            flat = on_screen(v)
            corners = flat[faces][:, :, :2]  # (f, 3, 2)
            over = ((corners.max(axis=1) >= lo) & (corners.min(axis=1) <= hi)).all(axis=1)
            if over.any():
                covering.append(_samples(flat, faces[over]))
        near = np.vstack(covering)
        rest = grid(np.floor(near[:, :2]).astype(int), near[:, 2])
        return cls(projection, parts, cells, depths, nearest, rest)

    def seen(self, n: int, spread: bool = True) -> np.ndarray:
        """(n_k,) bool: which points of labelled part `n` are seen: on its front in their
        cell, and nothing else shown (another labelled part included) in front of them;
        `spread`: nor within COVER_CELLS of them (clear of the others' edges)."""
        covers = self.rest
        for k, own in enumerate(self.nearest):
            if k != n:
                covers = np.minimum(covers, own)
        if spread:
            covers = _spread_min(covers)
        r, c = self.cells[n][:, 0], self.cells[n][:, 1]
        depth = self.depths[n]
        return (depth <= self.nearest[n][r, c] + SURFACE_MM) & (depth < covers[r, c])

    def anchor(self, n: int) -> np.ndarray:
        """(3,) mm: where the leader of labelled part `n` ends: the seen point with the most
        seen cells of the part round it (well inside what shows of it; the nearer to the
        eye of equals), lifted off the surface; a sliver between others' edges when that is
        all that shows; its front's middle when none is seen."""
        v, seen = self.parts[n], self.seen(n)
        if not seen.any():
            seen = self.seen(n, spread=False)
        if not seen.any():
            return _nearest(v, self.projection)
        shown = np.zeros(self.nearest[n].shape)
        rc = self.cells[n][seen]
        shown[rc[:, 0], rc[:, 1]] = 1
        clear = _box_sum(shown, CLEAR_CELLS)[rc[:, 0], rc[:, 1]]
        best = np.flatnonzero(clear == clear.max())
        pick = best[np.argmin(self.depths[n][seen][best])]
        return v[seen][pick] + self.projection.toward_mm() * LIFT_MM


def _samples(values: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """(m, k) per-vertex `values` (n, k), whose first two are a row and column on screen in
    cells, at points on the surface of `faces` (f, 3) about a cell apart: the vertices, and a
    barycentric grid on each face as fine as its size on screen asks."""
    if not len(faces):
        return values
    corners = values[faces]  # (f, 3, k)
    flat = corners[:, :, :2]
    edge = np.linalg.norm(flat - np.roll(flat, 1, axis=1), axis=2).max(axis=1)
    steps = np.clip(np.ceil(edge), 1, SAMPLE_STEPS).astype(int)
    out = [values]
    for n in np.unique(steps[steps > 1]):  # a face within a cell: its corners are enough
        i, j = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
        keep = i + j <= n
        weights = np.stack([i[keep], j[keep], n - i[keep] - j[keep]], axis=1) / n  # (w, 3)
        out.append(
            np.einsum("wc,fck->fwk", weights, corners[steps == n]).reshape(-1, len(values[0]))
        )
    return np.vstack(out)


def _spread_min(grid: np.ndarray) -> np.ndarray:
    """Each cell's smallest depth within COVER_CELLS of it: a surface covers the gaps
    between its vertices on screen."""
    out = grid.copy()
    k = COVER_CELLS
    padded = np.pad(grid, k, constant_values=np.inf)
    for dr in range(-k, k + 1):
        for dc in range(-k, k + 1):
            out = np.minimum(out, padded[k + dr : k + dr + grid.shape[0],
                                         k + dc : k + dc + grid.shape[1]])  # fmt: skip
    return out


def _box_sum(grid: np.ndarray, k: int) -> np.ndarray:
    """Each cell's sum over the (2k+1)-square round it."""
    c = np.pad(grid, ((k + 1, k), (k + 1, k))).cumsum(axis=0).cumsum(axis=1)
    n = 2 * k + 1
    return c[n:, n:] - c[:-n, n:] - c[n:, :-n] + c[:-n, :-n]


def place(
    anchors: np.ndarray, texts: list[str], px: int, projection: Projection,
    outline_points: np.ndarray,
) -> tuple[list[list[str]], np.ndarray]:  # fmt: skip
    """Each name's lines (a name too wide for its column is broken) and its text's centre
    as an offset (n, 2) px from its anchor (n, 3) mm; names `px` high, beside the outline
    of `outline_points` (m, 3) mm and the anchors.

    Names left of the named parts' middle go into a column left of their outline, the others
    right of it; a column too narrow for a name crowds the view's edge instead. Down each
    column, a name that would cover the one above moves down; a column that would run off
    the bottom moves up."""
    at = projection.screen(anchors)  # (n, 2)
    outline = projection.screen(np.vstack([outline_points, anchors]))
    width_px = projection.width_px
    left = max(float(outline[:, 0].min()), 0.0)
    right = min(float(outline[:, 0].max()), width_px)
    middle = (left + right) / 2
    lines, centres = [], np.zeros_like(at)
    for n, text in enumerate(texts):
        rightwards = at[n, 0] >= middle
        room = (width_px - EDGE_PX - right - GAP_PX) if rightwards else (left - GAP_PX - EDGE_PX)
        line = _lines(text, room, px)
        lines.append(line)
        wide = max(len(part) for part in line) * CHAR_EM * px
        if rightwards:
            x = min(right + GAP_PX, width_px - EDGE_PX - wide) + wide / 2
        else:
            x = max(left - GAP_PX, EDGE_PX + wide) - wide / 2
        centres[n] = x, at[n, 1]
    tall = np.array([len(line) * LINE_EM * px + APART_PX for line in lines])
    for column in (centres[:, 0] >= middle, centres[:, 0] < middle):
        centres[column, 1] = _spread(centres[column, 1], tall[column], projection.height_px)
    return lines, centres - at


def _outline_points(ids: list[str], state: SceneState, library: Library) -> np.ndarray:
    """(n, 3) mm: vertices of the labelled parts `ids`, thinned, to find their outline on
    screen."""
    if not ids:
        return np.zeros((0, 3))
    points = np.vstack([view.vertices(i, state, library) for i in ids])
    return points[:: max(1, len(points) // OUTLINE_POINTS)]


def _lines(text: str, room: float, px: int) -> list[str]:
    """The name in lines no wider than `room` px where it can be: broken between words,
    keeping a bracket together ("(posterior layer)", "(right)"); wider lines where that
    would take more than MAX_NAME_LINES or lines under MIN_LINE_CHARS."""
    words = re.findall(r"\([^)]*\)|[^\s(]+", text)
    per_line = max(MIN_LINE_CHARS, int(room // (CHAR_EM * px)))
    while True:
        lines: list[str] = []
        for word in words:
            if lines and len(lines[-1]) + 1 + len(word) <= per_line:
                lines[-1] += " " + word
            else:
                lines.append(word)
        if len(lines) <= MAX_NAME_LINES or per_line >= len(text):
            return lines or [text]
        per_line += 1


def _spread(y: np.ndarray, tall: np.ndarray, height: float) -> np.ndarray:
    """Centres y (n,) px moved apart so boxes `tall` (n,) px high do not overlap, inside
    0..height (as far as they fit), keeping their order down the screen."""
    if not len(y):
        return y
    order = np.argsort(y, kind="stable")
    top = y[order] - tall[order] / 2
    top[0] = max(top[0], EDGE_PX)
    for k in range(1, len(top)):  # down: each below the one above
        top[k] = max(top[k], top[k - 1] + tall[order[k - 1]])
    bottom = height - EDGE_PX
    for k in range(len(top) - 1, -1, -1):  # up: none off the bottom
        limit = bottom - tall[order[k]] if k == len(top) - 1 else top[k + 1] - tall[order[k]]
        top[k] = min(top[k], limit)
    out = np.empty_like(y)
    out[order] = top + tall[order] / 2
    return out
