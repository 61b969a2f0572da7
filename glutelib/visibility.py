"""How much of each structure a person sees: a small z-buffer of a SceneState's picture.

Pure numpy: the state's drawn meshes (`view.drawn`: posed, at their level of detail) are
projected with the camera plotly uses (`labels.Projection`) onto a grid a quarter of the
view's size and rasterised triangle by triangle; the nearest opaque surface wins each
pixel. See-through traces (the zones, drawn at `drawing.ZONE_OPACITY`) hide nothing; they
are seen where they lie in front of the opaque surface.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass, field, replace

import numpy as np

from glutelib import view
from glutelib.labels import Projection
from glutelib.library import Library
from glutelib.scene import Scene
from glutelib.sides import stem_of
from glutelib.state import DEFAULT_VIEW_ASPECT, SceneState
from glutelib.zones import zone_in, zone_key

# The measuring grid is this many pixels high, for every screen: a student's 768 px view over
# 4 (shares of the view do not depend on its size in pixels; a part under ~4 CSS px high
# there is not counted).
GRID_PX = 192
MAX_CANDIDATES = 4_000_000  # pixel tests per batch of triangles (bounds the memory used)
ON_TOP_MM = 3.0  # a zone is seen where it lies no further than this behind the opaque surface


@dataclass(frozen=True)
class Seen:
    """What the picture of a state shows: for each measured key (structure id or
    `zone:<id>`), the pixels it wins and the pixels of its own outline."""

    won: dict[str, int]  # pixels where it is the surface seen
    area: dict[str, int]  # pixels it covers on its own (drawn alone from the same camera)
    total: int  # pixels of the view's grid
    cover: dict[str, dict[str, int]] = field(default_factory=dict)  # key: {in front: pixels}
    edges: frozenset[str] = frozenset()  # the view's sides ("top", ...) an opaque part touches

    def share(self, key: str) -> float:
        """Its share of the whole view (0..1)."""
        return self.won.get(key, 0) / self.total

    def unhidden(self, key: str) -> float:
        """The share of its own outline that is not hidden (0..1; 0 when not drawn)."""
        area = self.area.get(key, 0)
        return self.won.get(key, 0) / area if area else 0.0


def grid_projection(state: SceneState, library: Library) -> Projection:
    """plotly's camera for the state onto the measuring grid (GRID_PX high, the view's shape)."""
    p = Projection.of(state, library)
    return replace(p, height_px=float(GRID_PX), width_px=GRID_PX * state.view_aspect)


def _project(points: np.ndarray, p: Projection) -> np.ndarray:
    """(n, 3) grid x, y (px from the top left) and depth (camera units) of points (n, 3) mm."""
    rel = (points - (p.lo + p.hi) / 2) * view.domain_scale(p.lo, p.hi) - p.eye
    depth = -rel @ p.toward
    safe = np.maximum(depth, 1e-6)
    half = p.height_px / 2 / view.HALF_FOV_TAN
    x = p.width_px / 2 + (rel @ p.right) / safe * half
    y = p.height_px / 2 - (rel @ p.up) / safe * half
    return np.stack([x, y, depth], axis=1)


def rasterise(
    corners: np.ndarray, width: int, height: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fragments of triangles `corners` (m, 3, 3): each corner's grid x, y and depth.

    Returns (f,) int64 pixel index (row * width + column), (f,) float32 depth and (f,)
    int64 triangle index, one per pixel centre inside a triangle; depth is interpolated
    perspective-correctly (1/depth is linear on screen). Triangles with a corner behind the
    eye are dropped."""
    if corners.ndim != 3 or corners.shape[1:] != (3, 3):
        raise ValueError(f"corners must be (m, 3, 3), not {corners.shape}")
    a, b, c = corners[:, 0], corners[:, 1], corners[:, 2]  # (m, 3) each: fast along m
    keep = np.minimum(np.minimum(a[:, 2], b[:, 2]), c[:, 2]) > 1e-6
    lo = np.ceil(np.minimum(np.minimum(a[:, :2], b[:, :2]), c[:, :2]) - 0.5).astype(np.int64)
    hi = np.floor(np.maximum(np.maximum(a[:, :2], b[:, :2]), c[:, :2]) - 0.5).astype(np.int64)
    lo, hi = np.maximum(lo, 0), np.minimum(hi, [width - 1, height - 1])
    span = hi - lo + 1
    size = np.maximum(span[:, 0], span[:, 1])
    keep &= (span[:, 0] > 0) & (span[:, 1] > 0)
    pix, depth, tri = [np.zeros(0, np.int64)], [np.zeros(0, np.float32)], [np.zeros(0, np.int64)]
    k = 1
    while True:
        batch = np.flatnonzero(keep & (size <= k) & (size > k // 2))
        for start in range(0, len(batch), max(1, MAX_CANDIDATES // (k * k))):
            found = _fragments(corners, lo, hi, batch[start : start + MAX_CANDIDATES // (k * k)],
                               k, width)  # fmt: skip
            for out, part in zip((pix, depth, tri), found, strict=True):
                out.append(part)
        if k >= size[keep].max(initial=0):
            break
        k *= 2
    return np.concatenate(pix), np.concatenate(depth), np.concatenate(tri)


def _fragments(
    corners: np.ndarray, lo: np.ndarray, hi: np.ndarray, tris: np.ndarray, k: int, width: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fragments of the triangles `tris` (t,), whose pixel boxes lo..hi (m, 2) are at most
    k wide: every box pixel tested against its triangle at once, (t, k * k). The barycentric
    weights and 1/depth are affine on screen: a value at the box's first pixel centre plus
    steps along x and y."""
    c = corners[tris].astype(np.float64)  # (t, 3, 3)
    x, y, z = c[:, :, 0], c[:, :, 1], c[:, :, 2]
    area = (x[:, 1] - x[:, 0]) * (y[:, 2] - y[:, 0]) - (y[:, 1] - y[:, 0]) * (x[:, 2] - x[:, 0])
    ok = area != 0
    x, y, z, area, tris = x[ok], y[ok], z[ok], area[ok], tris[ok]
    first = lo[tris] + 0.5  # (t, 2) the box's first pixel centre
    weights = []
    for i, j in ((1, 2), (2, 0)):  # w0 from the edge 1-2, w1 from the edge 2-0
        ex, ey = x[:, j] - x[:, i], y[:, j] - y[:, i]
        at = (ex * (first[:, 1] - y[:, i]) - ey * (first[:, 0] - x[:, i])) / area
        weights.append((at, -ey / area, ex / area))  # value, step along x, step along y
    (w0, w0x, w0y), (w1, w1x, w1y) = weights
    inv = 1 / z
    d0, d1 = inv[:, 0] - inv[:, 2], inv[:, 1] - inv[:, 2]
    i0, ix, iy = inv[:, 2] + w0 * d0 + w1 * d1, w0x * d0 + w1x * d1, w0y * d0 + w1y * d1
    ox = np.tile(np.arange(k, dtype=np.float32), k)[None]  # (1, k*k)
    oy = np.repeat(np.arange(k, dtype=np.float32), k)[None]

    def affine(v: np.ndarray, vx: np.ndarray, vy: np.ndarray) -> np.ndarray:
        v, vx, vy = (a.astype(np.float32)[:, None] for a in (v, vx, vy))
        return v + vx * ox + vy * oy

    a, b = affine(w0, w0x, w0y), affine(w1, w1x, w1y)
    span = (hi[tris] - lo[tris]).astype(np.float32)  # (t, 2)
    inside = (a >= 0) & (b >= 0) & (a + b <= 1)
    inside &= (ox <= span[:, :1]) & (oy <= span[:, 1:])
    t, n = np.nonzero(inside)
    depth = 1 / (i0[t] + ix[t] * ox[0, n] + iy[t] * oy[0, n])
    col = lo[tris[t], 0] + ox[0, n].astype(np.int64)
    row = lo[tris[t], 1] + oy[0, n].astype(np.int64)
    return row * width + col, depth.astype(np.float32), tris[t]


def drawn_keys(state: SceneState, library: Library) -> tuple[list[str], list[str]]:
    """(opaque, see-through) keys the state's picture draws: visible structures, and the
    zones it shows."""
    opaque = [i for i in state.structures if view.visible(i, state, library)]
    return opaque, [zone_key(z) for z in sorted(state.zones)]


def measure(state: SceneState, library: Library, keys: Iterable[str] = ()) -> Seen:
    """What the state's picture shows of every drawn key, and of `keys` (ids or
    `zone:<id>`) drawn or not (a key not drawn wins nothing; its area is what it would
    cover). For each of `keys`, `Seen.cover` says which keys win its outline's pixels.
    Takes 0.02-0.3 s a state (`make bench`: "visibility, whole body")."""
    p = grid_projection(state, library)
    width, height = max(1, round(p.width_px)), max(1, round(p.height_px))
    opaque, clear = drawn_keys(state, library)
    keys = list(dict.fromkeys(keys))
    order = opaque + clear + [k for k in keys if k not in opaque and k not in clear]
    corners, owner = [], []
    for n, key in enumerate(order):
        v, f = view.drawn(key, state, library)
        corners.append(_project(v, p)[f])
        owner.append(np.full(len(f), n, np.int64))
    pix, depth, tri = rasterise(np.concatenate(corners), width, height)
    who = np.concatenate(owner)[tri]
    total = width * height
    covered = np.zeros((len(order), total), bool)  # (keys, pixels): its own outline
    covered[who, pix] = True
    area = covered.sum(axis=1)
    solid = who < len(opaque)
    nearest = np.full(total, np.inf, np.float32)
    np.minimum.at(nearest, pix[solid], depth[solid])
    front = np.full(total, -1, np.int64)  # the key seen at each pixel (the nearest opaque)
    wins = solid & (depth == nearest[pix])
    front[pix[wins]] = who[wins]
    won = np.bincount(front[front >= 0], minlength=len(order))
    zone = (who >= len(opaque)) & (who < len(opaque) + len(clear))
    tolerance = ON_TOP_MM * view.domain_scale(p.lo, p.hi).max()
    on_top = np.zeros_like(covered)
    seen = zone & (depth <= nearest[pix] + tolerance)
    on_top[who[seen], pix[seen]] = True
    zones = slice(len(opaque), len(opaque) + len(clear))
    won[zones] = on_top[zones].sum(axis=1)
    drawn = len(opaque) + len(clear)
    solid_at = (front >= 0).reshape(height, width)
    sides = {"top": solid_at[0], "bottom": solid_at[-1], "left": solid_at[:, 0],
             "right": solid_at[:, -1]}  # fmt: skip
    cover = {}
    for key in keys:
        n = order.index(key)
        over = front[covered[n]]
        counts = np.bincount(over[(over >= 0) & (over != n)], minlength=len(order))
        cover[key] = {order[m]: int(counts[m]) for m in np.flatnonzero(counts)}
    return Seen(
        won={k: int(won[n]) for n, k in enumerate(order) if n < drawn},
        area={k: int(area[n]) for n, k in enumerate(order)},
        total=total,
        cover=cover,
        edges=frozenset(side for side, row in sides.items() if row.any()),
    )


# What "seen" means for a part the words name. Shares are of the measuring grid, so of the
# view: 0.05 % of a student's 3D view (about 950 x 700 CSS px) is 330 px, an 18 px square, a
# patch a label's leader can end on and a finger can cover; a part is also at least a quarter
# unhidden, so a named part is not a stub poking out from behind another, unless what shows
# of it is large (0.2 %: a 36 px square; a long bone behind a band still shows both ends).
MIN_SHARE = 0.0005
MIN_UNHIDDEN = 0.25
LARGE_SHARE = 0.002
COVERS = 0.05  # a part in front hiding this share of a named part's outline is moved
HIDEABLE = ("muscle", "fascia", "nerve")  # may be taken out; bones and joints orient
# The policy aims at twice MIN_SHARE: the page loses a thin part's antialiased edges, and the
# lesson frames each step's state for the nearest of its view shapes (lesson.frames.ASPECTS).
AIM = 2.0
AIM_UNHIDDEN = 1.05  # and 5 % over MIN_UNHIDDEN: another shape hides a part a little more
ROUNDS = 4  # taking a part out can show another one behind it
CHANGED = ("shown", "highlighted", "camera", "focus", "close_up", "close_up_fill")  # it sets


def named_in(library: Library, highlight: Iterable[str], zones: Iterable[str] = (),
             marks: Iterable[str] = ()) -> list[tuple[str, ...]]:  # fmt: skip
    """The things a step's words name, each as the keys that can show it: a structure's
    sides (a pair seen from one side shows its near one), a zone's sides (`zone:<id>`), a
    marked landmark's bone."""
    groups: dict[str, list[str]] = {}
    for sid in highlight:
        groups.setdefault(library.atlas[sid].stem, []).append(sid)
    for z in zones:
        zone = library.zones[z]
        groups.setdefault(zone_key(stem_of(z, zone.side)), []).append(zone_key(z))
    for k in marks:
        groups.setdefault(library.landmarks[k].bone, []).append(library.landmarks[k].bone)
    return [tuple(dict.fromkeys(g)) for g in groups.values()]


def seen_enough(seen: Seen, key: str, framed: bool = True, aim: float = 1.0) -> bool:
    """Over both minimums (`framed`: the share of the view too, `aim` times MIN_SHARE; else
    only unhidden); aiming (`aim` > 1), unhidden by AIM_UNHIDDEN times its minimum."""
    if seen.share(key) >= LARGE_SHARE:
        return True
    share = seen.share(key) >= MIN_SHARE * aim
    unhidden = MIN_UNHIDDEN * (AIM_UNHIDDEN if aim > 1 else 1.0)
    return seen.unhidden(key) >= unhidden and (not framed or share)


def unseen(
    seen: Seen, named: list[tuple[str, ...]], framed: bool = True, aim: float = 1.0
) -> list[tuple[str, ...]]:
    """The named things none of whose keys is seen enough."""
    return [g for g in named if not any(seen_enough(seen, k, framed, aim) for k in g)]


def make_visible(scene: Scene, named: list[tuple[str, ...]]) -> None:
    """Change the scene so a person sees each named thing (groups as `named_in` gives them).

    In this order: soft tissue in front of a named part is taken out (of a named pair in
    front of another named pair, the left one: one side dissected, the right as it is); when
    bone still hides it, another named view that shows them all is taken; then, if a named
    part is under the aim (AIM times MIN_SHARE of the view, AIM_UNHIDDEN times MIN_UNHIDDEN
    of it unhidden), the view is framed on the named parts in view (with all shown above
    them), or closes up on them at a view's fill (what is above may crop), or (that not
    enough) closes up on the ones too small. A key of a named thing
    left too small or hidden beside one seen is no longer highlighted (so not labelled).
    Worked out for the default view shape (as the lesson's frames are: a dashboard of any
    shape shows the step as the lesson does) and kept per state and names."""
    library = scene.library
    if not named:
        return
    state = scene.state
    key = ("visible", tuple(named), state.structures, frozenset(state.shown),
           frozenset(state.highlighted), state.camera, state.focus, state.close_up,
           state.close_up_fill, state.zoom,
           state.peel, state.pose, frozenset(state.zones))  # fmt: skip
    if key not in library.derived:
        best = _made_visible(replace(state, view_aspect=DEFAULT_VIEW_ASPECT), library, named)
        library.derived[key] = {f: getattr(best, f) for f in CHANGED}
    changed = library.derived[key]
    scene.state = replace(state, **{f: copy(v) for f, v in changed.items()})


def _made_visible(state: SceneState, library: Library, named: list[tuple[str, ...]]) -> SceneState:
    """`make_visible`'s work, on a copy of `state`."""
    keys = [k for g in named for k in g]
    best, best_left = _revealed(state, library, named)
    if best_left:
        for name in library.cameras:
            if name == state.camera:
                continue
            tried, left = _revealed(replace(state, camera=name), library, named)
            if not left:
                best, best_left = tried, left
                break
    seen = measure(best, library, keys)
    failing = unseen(seen, named, aim=AIM)
    if failing:  # framed on what is in view, closer on it, then closer on what is too small
        in_view = [k for g in named for k in g if seen_enough(seen, k, framed=False)]
        small = [k for g in failing for k in g if k in in_view]
        tries = ((in_view, False, None), (in_view, True, view.VIEW_FILL), (small, True, None))
        for focus, close_up, fill in tries:
            if not focus or (fill is None and close_up and set(focus) == set(in_view)):
                continue  # a close-up looser than the one tried on the same parts
            closer = replace(best, focus=tuple(sorted(focus)), close_up=close_up,
                             close_up_fill=fill)  # fmt: skip
            tried = _revealed(closer, library, named)[0]  # small parts show more up close
            tried_seen = measure(tried, library, keys)
            if _shortfall(tried_seen, named) < _shortfall(seen, named):
                best, seen, failing = tried, tried_seen, unseen(tried_seen, named, aim=AIM)
            if not failing:
                break
    best.highlighted -= _unseen_beside_seen(seen, named)
    return best


def _shortfall(seen: Seen, named: list[tuple[str, ...]]) -> tuple[int, int, float]:
    """How far a picture falls short, to compare two (less is better): the named things
    under the aim, those under the minimums, and the least share among the first."""
    failing = unseen(seen, named, aim=AIM)
    least = min((max(seen.share(k) for k in g) for g in failing), default=1.0)
    return len(failing), len(unseen(seen, named)), -least


def _unseen_beside_seen(seen: Seen, named: list[tuple[str, ...]]) -> set[str]:
    """Keys under the aim whose named thing has a key over it (no longer highlighted, so not
    labelled: a name points only at a part seen on every screen)."""
    out: set[str] = set()
    for group in named:
        over = [k for k in group if seen_enough(seen, k, aim=AIM)]
        if over:
            out |= set(group) - set(over)
    return out


def _revealed(
    state: SceneState, library: Library, named: list[tuple[str, ...]]
) -> tuple[SceneState, list[tuple[str, ...]]]:
    """A copy of `state` with the soft tissue in front of named parts taken out, and the
    named things still unseen in it (by the unhidden share: the framing comes after)."""
    state = replace(state, shown=set(state.shown), highlighted=set(state.highlighted))
    keys = [k for g in named for k in g]
    wanted = set(keys)
    left = named
    for _ in range(ROUNDS):
        seen = measure(state, library, keys)
        left = unseen(seen, named, framed=False, aim=AIM)
        out: set[str] = set()
        for group in left:
            out |= _in_front(seen, group, wanted, library)
        out &= state.shown
        for group in named:  # every named thing keeps a key shown
            if not any(k in state.shown and k not in out for k in group):
                out -= set(group)
        if not out:
            break
        state.shown -= out
    return state, left


def _in_front(seen: Seen, group: tuple[str, ...], wanted: set[str], library: Library) -> set[str]:
    """What to take out to show a named thing: the soft tissue covering its most seen key
    (the left one when a named pair covers it: one side dissected)."""
    member = max(group, key=lambda k: seen.won.get(k, 0))
    over = [o for o, n in seen.cover.get(member, {}).items()
            if n >= COVERS * seen.area.get(member, 0)]  # fmt: skip
    if any(o in wanted for o in over) and len(group) > 1:
        member = group[-1]  # the left of a pair
        over = [o for o, n in seen.cover.get(member, {}).items()
                if n >= COVERS * seen.area.get(member, 0)]  # fmt: skip
    out = set()
    for o in over:
        if zone_in(o) or library.atlas[o].kind not in HIDEABLE:
            continue
        out.add(o)
    return out


__all__ = ["GRID_PX", "MIN_SHARE", "MIN_UNHIDDEN", "Seen", "drawn_keys", "grid_projection",
           "make_visible", "measure", "named_in", "rasterise", "seen_enough", "unseen"]  # fmt: skip
