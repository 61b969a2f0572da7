"""Where it hurts: the pain patterns of pain.yaml on the skin, and the one rule that ranks
them against a pain drawing.

A pattern is where pain from a structure (a muscle's trigger-point referral, a joint's
referral map) or from a nerve root (a dermatome) is felt: patches of skin in zones.yaml's
words, smoothed into a field over the skin's vertices as a zone is. A drawing is a set of
skin vertices too: each point snaps to its nearest skin vertex and a brush paints round it.
Both being areas of one skin, a drawing and a pattern compare by the area they share.
Nothing here draws; the dashboard and the lesson show what it finds.

>>> pattern(library, "piriformis_referral_r")            # (m, 3) skin points, standing
>>> best = candidates(library, points)[0]                # points: (n, 3) on the skin
>>> best.id, best.explained, best.covered, best.score
>>> decode(library, encode(library, points))             # the drawing, from an address
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import trimesh
from scipy.spatial import cKDTree

from glutelib.errors import GlutelibError
from glutelib.nearest import surface_samples
from glutelib.pain_patterns import Kind, Pain, Pattern, load_pain
from glutelib.zones import cut_at_half, soften

if TYPE_CHECKING:
    from glutelib.library import Library

# The ranking rule (`rule()` hands it to the lesson as JSON). A drawing's points snap to the
# skin and a brush paints every skin vertex within BRUSH_MM that faces the same way (within
# 90 degrees: a stroke on one thigh does not paint the other across the gap between them).
# Euclidean, not geodesic: within 2 cm the two differ little on this skin.
BRUSH_MM = 20.0
BRUSH_FACING = 0.0  # least cosine between a painted vertex's normal and the stroke's
# score = explained ** EXPLAINED_POWER * covered ** COVERED_POWER: the geometric mean of the
# two fractions shown beside each match. Equal powers, since either alone misleads: a pattern
# as big as the leg explains every drawing, and any drawing covers a small one. The mean is
# the shared area over the geometric mean of the two areas (Ochiai's coefficient, the cosine
# of two sets), so a large pattern and a small one compete on equal terms.
EXPLAINED_POWER = 0.5
COVERED_POWER = 0.5
# The drawing and the pattern shown beside it: a trace each on the skin (glutelib.drawing).
DRAWING_KEY = "pain:drawing"
PATTERN_KEY = "pain:pattern"
LIFT_MM = 2.5  # the drawing over the skin, a zone and a pattern (half as far)
# How it feels moves the ranking: each feeling ticked multiplies the score of the kinds of
# pattern it is typical of by FEEL_GAIN. A nerve root's pain is typically sharp, shooting or
# burning, with pins and needles or numbness (radiculopathy); a trigger point's or a joint's
# referral is a deep, dull ache (SOURCES.md "Pain patterns"). A gain, not a verdict: it
# reorders patterns the drawing matches about equally (four feelings of one kind double a
# score); the red flags are decided on the drawing alone (glutelib.present.pain_flags).
FEELINGS: dict[str, tuple[Kind, ...]] = {
    "ache": ("referral", "joint"),
    "sharp": ("dermatome",),
    "burning": ("dermatome",),
    "tingling": ("dermatome",),
    "numb": ("dermatome",),
}
FEEL_GAIN = 1.2
NERVE_FEELINGS = ("tingling", "numb")  # with the red flags, as a root's pattern leading
# A pattern explaining less of the drawing than this is no match: a drawing on the belly is
# not "a knot in the deep low-back muscle" because one brush-stroke's edge touches its field.
MIN_EXPLAINED = 0.05
HALF = 0.5  # a pattern's points: the skin where its field reaches one half (a zone's edge)
# What a drawing may be: points on the skin (to within SAMPLE_MM), at most MAX_POINTS of them.
# The skin has about 12,000 vertices and the brush paints round each point, so a drawing of
# the whole body needs far fewer; a bigger array is refused rather than thinned, so what is
# ranked is always what was sent.
OFF_SKIN_MM = 25.0
SAMPLE_MM = 4.0
MAX_POINTS = 50_000
# A drawing in an address: "<FORMAT>.<skin tag>.<base64url of the drawn vertices' indices,
# sorted, each as the gap from the one before, in LEB128 varints>"; the skin tag (the start
# of the skin's checksum) refuses a drawing made on another skin.
FORMAT = "1"
SKIN_TAG_CHARS = 6
MAX_CODE_CHARS = 20_000  # the whole skin painted (~12k vertices) fits; an address holds it
BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
DAMAGED = "The pain drawing in this address is damaged"
AGAIN = "draw it again (or ask for the link again)"
OTHER_SKIN = ("The pain drawing in this address was made on another version of the body's "
              f"skin, so it cannot be placed on this one; {AGAIN}.")  # fmt: skip


class PainDrawingError(GlutelibError):
    """A pain drawing (points, or the text of an address) that cannot be ranked; the message
    says what is wrong with it and what to do."""


@dataclass(frozen=True)
class Candidate:
    """A pattern as it matches a drawing. `explained`: the share of the drawing's skin area
    inside the pattern; `covered`: the share of the pattern's skin area drawn (both weigh
    the pattern's soft edge by its field); `score`: the rule's (`rule()`) of the two."""

    id: str
    kind: Kind
    structure: str | None  # a stem of structures.yaml; None for a dermatome
    root: str | None  # a dermatome's root ('L5'); None otherwise
    side: str
    explained: float
    covered: float
    score: float


def rule() -> dict[str, float | str]:
    """The ranking rule's constants, as JSON for the lesson, whose page ranks as this does."""
    return {
        "score": "explained ** explained_power * covered ** covered_power"
        " * feel_gain ** (feelings ticked that point to the pattern's kind)",
        "explained_power": EXPLAINED_POWER,
        "covered_power": COVERED_POWER,
        "brush_mm": BRUSH_MM,
        "brush_facing": BRUSH_FACING,
        "half": HALF,
        "min_explained": MIN_EXPLAINED,
        "nerve_feelings": list(NERVE_FEELINGS),
        "feelings": {k: list(v) for k, v in FEELINGS.items()},
        "feel_gain": FEEL_GAIN,
        "off_skin_mm": OFF_SKIN_MM,
        "max_points": MAX_POINTS,
    }


def field(library: Library, pattern_id: str) -> np.ndarray:
    """(n,) 0..1 over the skin's vertices: the pattern, soft at its edge (as a zone's
    field); kept, since every drawing is compared with every pattern."""
    found = library.pain[pattern_id]
    return library.kept(
        ("pain pattern field", pattern_id),
        lambda: library.zones.skin_field(list(found.spec.patches), found.side, pattern_id),
    )


def fields(library: Library) -> np.ndarray:
    """(p, n) every pattern's field, in `library.pain.ids` order: one matrix to rank with."""
    return library.kept(
        ("pain pattern fields",), lambda: np.vstack([field(library, i) for i in library.pain.ids])
    )


def vertex_areas(library: Library) -> np.ndarray:
    """(n,) mm²: a third of the area of each face round each skin vertex, so that a set of
    vertices weighs as the skin it stands for, however finely the mesh is cut there."""

    def make() -> np.ndarray:
        skin = library.atlas.skin_mesh()
        share = np.repeat(skin.area_faces / 3.0, 3)
        return np.bincount(skin.faces.ravel(), weights=share, minlength=len(skin.vertices))

    return library.kept(("skin vertex areas",), make)


def pattern(library: Library, pattern_id: str) -> np.ndarray:
    """(m, 3) the skin vertices inside a pattern (its field at least HALF), standing, atlas
    frame (RAS mm): what is shown, and a drawing that matches it best."""
    return np.asarray(library.atlas.skin_mesh().vertices)[field(library, pattern_id) >= HALF]


def drawn_vertices(library: Library, points: np.ndarray) -> np.ndarray:
    """(k,) the sorted skin vertices nearest the drawing's points (n, 3), each once, after
    checking them (`PainDrawingError`): what the address stores."""
    p = _checked(points)
    skin = library.atlas.skin_mesh()
    gap, _ = _skin_samples(library).query(p)
    off = np.flatnonzero(gap > OFF_SKIN_MM)
    if len(off):
        far = p[off[np.argmax(gap[off])]].round(0).tolist()
        raise PainDrawingError(
            f"{len(off)} of the drawing's {len(p)} points lie outside the model, more than "
            f"{OFF_SKIN_MM:g} mm from its skin (the farthest at {far}, mm); the model has no "
            "arms, and its skin stops below the chest. Draw on the body's skin, standing, in "
            "the atlas frame (RAS mm)."
        )
    _, nearest = _vertex_tree(library, skin).query(p)
    return np.unique(nearest)


def brush(library: Library, vertices: np.ndarray) -> np.ndarray:
    """(k',) sorted: the skin vertices a brush paints round the drawn ones (k,): within
    BRUSH_MM, facing within 90 degrees of the drawn vertex's way."""
    skin = library.atlas.skin_mesh()
    v, normals = np.asarray(skin.vertices), np.asarray(skin.vertex_normals)
    near = _vertex_tree(library, skin).query_ball_point(v[vertices], BRUSH_MM)
    start = np.repeat(vertices, [len(n) for n in near])
    end = np.concatenate([np.asarray(n, dtype=np.intp) for n in near])
    facing = np.einsum("ij,ij->i", normals[start], normals[end]) > BRUSH_FACING
    return np.unique(np.concatenate([vertices, end[facing]]))


def candidates(library: Library, points: np.ndarray,
               feelings: tuple[str, ...] | list[str] = ()) -> list[Candidate]:  # fmt: skip
    """The patterns that share skin with a drawing, best first (by score, then id).

    `points` (n, 3): the drawing on the skin, standing, atlas frame (RAS mm), at most
    MAX_POINTS, none more than OFF_SKIN_MM off the skin; else `PainDrawingError`. Each point
    snaps to its nearest skin vertex and the brush paints round it (`brush`); the painted
    vertices weigh by their skin area. For each pattern (its field f over the skin):
    explained = sum(area * f over the drawing) / the drawing's area,
    covered = the same sum / sum(area * f over the skin),
    score = explained ** EXPLAINED_POWER * covered ** COVERED_POWER (see the constants),
    times FEEL_GAIN for each of `feelings` (FEELINGS' keys) typical of the pattern's kind.
    Patterns of both sides compete; one explaining less than MIN_EXPLAINED of the drawing is
    left out (an empty list: the drawing lies where no pattern of the data reaches). With
    feelings a score can pass 1: it ranks, it is no fraction.
    """
    return ranked(library, drawn_vertices(library, points), feelings)


def ranked(library: Library, strokes, feelings: tuple[str, ...] | list[str] = ()
           ) -> list[Candidate]:  # fmt: skip
    """`candidates` of a drawing already on the skin: the skin vertices stroked (k,), as a
    scene and an address hold them (no snapping or checking again)."""
    painted = brush(library, np.asarray(strokes, dtype=np.intp))
    area = vertex_areas(library)
    shared = fields(library)[:, painted] @ area[painted]  # (p,)
    explained = shared / area[painted].sum()
    covered = shared / (fields(library) @ area)
    score = explained**EXPLAINED_POWER * covered**COVERED_POWER
    score = score * feel_gains(library, feelings)
    found = []
    for n in np.flatnonzero((score > 0) & (explained >= MIN_EXPLAINED)):
        one = library.pain[library.pain.ids[n]]
        found.append(
            Candidate(
                id=one.id,
                kind=one.kind,
                structure=one.structure,
                root=one.spec.root,
                side=one.side,
                explained=float(explained[n]),
                covered=float(covered[n]),
                score=float(score[n]),
            )
        )
    return sorted(found, key=lambda c: (-c.score, c.id))


def page_data(library: Library) -> dict:
    """What a page with no kernel ranks a drawing with (glutelib/js/pain.js `rank`, the same
    rule): the rule's constants, the address's format, which skin vertices are below the
    knee (n,), each pattern's id, kind and field as bytes (0..255, (p, n)) with its
    area-weighted total, and the skin's vertex areas (n,), positions and normals (flat
    (3n,)). Python works out every number; the page only multiplies and adds."""
    skin = library.atlas.skin_mesh()
    field_bytes = np.round(fields(library) * 255).astype(np.uint8)
    area = vertex_areas(library)
    return {
        "rule": rule(),
        "format": FORMAT,  # an address's drawing: FORMAT.<skin tag>.<vertex gaps>
        "skin_tag": _skin_tag(library),
        "max_chars": MAX_CODE_CHARS,
        "refused": {"damaged": f"{DAMAGED}; {AGAIN}.", "other_skin": OTHER_SKIN},
        # (n,) 1 where the skin is below the knee (below_knee's line)
        "below": (np.asarray(skin.vertices)[:, 2] < knee_height(library)).astype(int).tolist(),
        "ids": library.pain.ids,
        "kinds": [library.pain[i].kind for i in library.pain.ids],
        "fields": field_bytes.tolist(),
        "totals": (field_bytes.astype(float) @ area).tolist(),
        "areas": area.round(4).tolist(),
        "vertices": np.asarray(skin.vertices).round(3).ravel().tolist(),
        "normals": np.asarray(skin.vertex_normals).round(5).ravel().tolist(),
    }


def feel_gains(library: Library, feelings: tuple[str, ...] | list[str]) -> np.ndarray:
    """(p,) each pattern's gain from the feelings ticked (1 when none points to its kind);
    an unknown feeling raises `PainDrawingError` naming those there are."""
    gains = np.ones(len(library.pain.ids))
    kinds = np.array([library.pain[i].kind for i in library.pain.ids])
    for feeling in feelings:
        if feeling not in FEELINGS:
            raise PainDrawingError(
                f"There is no feeling called {feeling!r}; the feelings are {', '.join(FEELINGS)}."
            )
        gains[np.isin(kinds, FEELINGS[feeling])] *= FEEL_GAIN
    return gains


def below_knee(library: Library, strokes) -> bool:
    """Whether any of the drawing (the skin vertices stroked, (k,)), painted, reaches below
    the knee joint's centre (either knee): the seed's sign between a piriformis referral
    and a root's pain."""
    painted = brush(library, np.asarray(strokes, dtype=np.intp))
    return bool(np.asarray(library.atlas.skin_mesh().vertices)[painted, 2].min()
                < knee_height(library))  # fmt: skip


def knee_height(library: Library) -> float:
    """The height (mm) below which a drawing reaches below the knee: the higher of the two
    knee joints' centres."""
    landmarks = library.atlas.manifest.landmarks
    return max(landmarks[f"knee_joint_centre_{s}"][2] for s in "rl")


def drawing_mesh(library: Library, strokes: tuple[int, ...]) -> trimesh.Trimesh:
    """The drawing on the standing skin: the brush round the stroked skin vertices (k,),
    softened and cut at its half line as a zone is, lifted LIFT_MM off the skin (empty for
    no strokes)."""
    skin = library.atlas.skin_mesh()
    if not len(strokes):
        return trimesh.Trimesh(np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int64))
    inside = np.zeros(len(skin.vertices), dtype=bool)
    inside[brush(library, np.asarray(strokes, dtype=np.intp))] = True
    return _lifted(cut_at_half(skin, soften(skin, inside)), LIFT_MM)


def pattern_mesh(library: Library, pattern_id: str) -> trimesh.Trimesh:
    """A pattern on the standing skin, cut at its field's half line, lifted under the
    drawing (so a drawing over it shows): made once."""
    skin = library.atlas.skin_mesh()
    return library.kept(("pain pattern mesh", pattern_id), lambda: _lifted(
        cut_at_half(skin, field(library, pattern_id)), LIFT_MM / 2))  # fmt: skip


def _lifted(mesh: trimesh.Trimesh, mm: float) -> trimesh.Trimesh:
    mesh.vertices = mesh.vertices + mesh.vertex_normals * mm
    return mesh


def drawn(library: Library, key: str, strokes: tuple[int, ...], pattern_id: str | None
          ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(k, 3) float32 vertices and (m, 3) int32 faces of DRAWING_KEY (the strokes) or
    PATTERN_KEY (the pattern, or none), standing: the pain section draws the body so."""
    if key == DRAWING_KEY:
        mesh = drawing_mesh(library, strokes)
    elif pattern_id is not None:
        mesh = pattern_mesh(library, pattern_id)
    else:
        return np.zeros((0, 3), np.float32), np.zeros((0, 3), np.int32)
    return np.asarray(mesh.vertices, np.float32), np.asarray(mesh.faces, np.int32)


def strokes_of(library: Library, points: np.ndarray) -> tuple[int, ...]:
    """The skin vertices a drawing's points (n, 3) snap to, as a scene holds them."""
    return tuple(int(v) for v in drawn_vertices(library, points))


def erased(library: Library, strokes: tuple[int, ...], at) -> tuple[int, ...]:
    """The strokes without those an eraser on the skin vertices `at` (k,) takes: those its
    brush would paint (within BRUSH_MM, facing its way, so rubbing out one inner thigh
    leaves the other)."""
    if not strokes:
        return ()
    reach = set(brush(library, np.asarray(at, dtype=np.intp)).tolist())
    return tuple(s for s in strokes if s not in reach)


def encode(library: Library, points: np.ndarray) -> str:
    """A drawing (n, 3) as short text for an address: the skin vertices it snaps to (see
    FORMAT); `decode` gives them back, and they rank as the points do."""
    return encode_strokes(library, drawn_vertices(library, points))


def encode_strokes(library: Library, strokes) -> str:
    """`encode` of a drawing already on the skin: its stroked skin vertices (k,)."""
    gaps = np.diff(np.unique(np.asarray(strokes, dtype=np.int64)), prepend=-1) - 1  # >= 0
    out = bytearray()
    for gap in gaps.tolist():
        while gap >= 0x80:
            out.append(gap & 0x7F | 0x80)
            gap >>= 7
        out.append(gap)
    payload = base64.urlsafe_b64encode(bytes(out)).decode("ascii").rstrip("=")
    return f"{FORMAT}.{_skin_tag(library)}.{payload}"


def decode(library: Library, text: str) -> np.ndarray:
    """(n, 3) the skin vertices (standing, RAS mm) of a drawing `encode` wrote; a damaged or
    foreign text raises `PainDrawingError` saying so."""
    return np.asarray(library.atlas.skin_mesh().vertices)[decode_strokes(library, text)]


def decode_strokes(library: Library, text: str) -> np.ndarray:
    """(k,) the stroked skin vertices of a drawing `encode` wrote (see `decode`)."""
    if not isinstance(text, str) or not text:
        raise PainDrawingError(f"{DAMAGED} (it is empty); {AGAIN}.")
    if len(text) > MAX_CODE_CHARS:
        raise PainDrawingError(
            f"{DAMAGED} (longer than any drawing, {len(text)} characters); {AGAIN}."
        )
    parts = text.split(".")
    if len(parts) != 3 or parts[0] != FORMAT:
        raise PainDrawingError(
            f"{DAMAGED} (it is not a drawing of format {FORMAT}: "
            f"'<format>.<skin>.<vertices>'); {AGAIN}."
        )
    if parts[1] != _skin_tag(library):
        raise PainDrawingError(OTHER_SKIN)
    try:
        if not BASE64URL.fullmatch(parts[2]):
            raise ValueError(parts[2])
        raw = base64.urlsafe_b64decode(parts[2] + "=" * (-len(parts[2]) % 4))
    except (binascii.Error, ValueError):
        raise PainDrawingError(
            f"{DAMAGED} (its vertices are not base64url text); {AGAIN}."
        ) from None
    vertices = _read_varints(raw)
    count = len(library.atlas.skin_mesh().vertices)
    if not len(vertices) or vertices[-1] >= count:
        raise PainDrawingError(
            f"{DAMAGED} (it names no skin vertex, or one past the skin's {count}); {AGAIN}."
        )
    return vertices


def _read_varints(raw: bytes) -> np.ndarray:
    """(k,) sorted vertex indices from `encode`'s gaps."""
    gaps, value, shift = [], 0, 0
    for byte in raw:
        value |= (byte & 0x7F) << shift
        shift += 7
        if shift > 28:
            raise PainDrawingError(f"{DAMAGED} (a number in it runs on); {AGAIN}.")
        if not byte & 0x80:
            gaps.append(value)
            value, shift = 0, 0
    if shift:
        raise PainDrawingError(f"{DAMAGED} (it ends in the middle of a number); {AGAIN}.")
    return np.cumsum(np.asarray(gaps, dtype=np.int64) + 1) - 1


def _checked(points: np.ndarray) -> np.ndarray:
    """(n, 3) float points, or `PainDrawingError` naming what is wrong and the fix."""
    try:
        p = np.asarray(points, dtype=float)
    except (TypeError, ValueError):
        raise PainDrawingError(
            "A pain drawing is an (n, 3) array of numbers (x, y, z in mm, "
            "one row a point on the skin); this one is not."
        ) from None
    if p.size == 0:
        raise PainDrawingError("The pain drawing is empty: paint where it hurts on the body first.")
    if p.ndim != 2 or p.shape[1] != 3:
        raise PainDrawingError(
            f"A pain drawing is an (n, 3) array (x, y, z in mm, one row a "
            f"point); this one is shaped {p.shape}."
        )
    if len(p) > MAX_POINTS:
        raise PainDrawingError(
            f"The pain drawing has {len(p)} points, more than the "
            f"{MAX_POINTS} a drawing may have; thin it (the brush paints "
            f"{BRUSH_MM:g} mm round each point, so one every few mm is "
            "plenty)."
        )
    if not np.isfinite(p).all():
        raise PainDrawingError(
            "The pain drawing has points that are not numbers (NaN or infinite); leave them out."
        )
    return p


def _vertex_tree(library: Library, skin: trimesh.Trimesh) -> cKDTree:
    return library.kept(("skin vertex tree",), lambda: cKDTree(np.asarray(skin.vertices)))


def _skin_samples(library: Library) -> cKDTree:
    """Points every SAMPLE_MM over the skin's faces: a point's distance to the nearest is
    its distance to the skin to within SAMPLE_MM (its faces are up to 10 cm long)."""

    def make() -> cKDTree:
        triangles = np.asarray(library.atlas.skin_mesh().triangles, dtype=float)
        return cKDTree(surface_samples(triangles, SAMPLE_MM)[0])

    return library.kept(("skin samples",), make)


def _skin_tag(library: Library) -> str:
    entry = library.atlas.manifest.skin
    return entry.sha256[:SKIN_TAG_CHARS] if entry else "none"


__all__ = [
    "DRAWING_KEY", "FEELINGS", "PATTERN_KEY", "Candidate", "Pain", "PainDrawingError",
    "Pattern", "below_knee", "brush", "candidates", "decode", "decode_strokes", "drawing_mesh",
    "drawn", "drawn_vertices", "encode", "encode_strokes", "erased", "feel_gains", "field",
    "fields", "load_pain", "page_data", "pattern", "pattern_mesh", "ranked", "rule",
    "strokes_of", "vertex_areas",
]  # fmt: skip
