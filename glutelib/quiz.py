"""Test yourself: questions generated from the atlas, the rig and the zones, and a session
that brings back what was missed.

`questions(library, kind, rng)` makes every question of a kind that data/quiz.yaml asks for;
each answer is worked out from the data when the quiz loads (a name from structures.yaml,
a length from the rig, a reach from a zone's mesh), so changing the data changes the answer.
`QuizSession` asks them in turn: a missed question comes back after a few others until it is
answered right (a small Leitner scheme), and the session ends with what to review.

>>> session = QuizSession(questions(library, "name_it", random.Random(1)), length=8)
>>> session.current.prompt, session.current.choices
>>> session.answer(2)                       # -> Feedback(right=..., answer=..., ...)
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import ConfigDict, Field
from scipy.spatial import cKDTree

from glutelib import lengths, palpation, view
from glutelib.atlas import Structure, in_sentence
from glutelib.datafiles import DataModel, data_path, read_data_file
from glutelib.errors import DataFileError, suggest
from glutelib.library import Library
from glutelib.poses import Pose
from glutelib.sides import first_of, side_id, stem_of
from glutelib.state import SceneState

QUIZ = "quiz.yaml"
# The prompts each kind's rule gives (quiz.yaml), and the {fields} each fills in.
PROMPTS = {
    "name_it": {"ask": ("view",)},
    "find_it": {"ask": ("name", "view")},
    "attachments": {"which": ("field",), "what": ("field", "name")},
    "mechanisms": {"lengthens": ("pose",), "reach": ("zone",), "above": ("muscle",)},
    "predict": {"move": ("move",), "stretch": ("stretch",)},
    "palpate_it": {"start": ("name",), "over": ("name",)},
}
Kind = Literal["name_it", "find_it", "attachments", "mechanisms", "predict", "palpate_it"]
KINDS: tuple[Kind, ...] = ("name_it", "find_it", "attachments", "mechanisms", "predict",
                           "palpate_it")  # fmt: skip
LENGTH_MARGIN = 0.03  # the longest must beat the others by this ratio: a clear answer
PREDICTED = 0.10, 0.05  # a prediction's answer lengthens this much, its rivals this much less
NEAR_MM = 20.0  # a nerve this close to a muscle passes it (above or below)
ASK_FROM = "posterior"  # the view a question keeps unless another shows its part clearly more
MOVE_EVERY = 20  # every k-th vertex of a bone says how far the bones move across a view
MOVE_BINS = 10  # ... and two views within a tenth of the most are as good
OTHER_VIEW_GAIN = 1.25  # ... this much more of it (seen mm², in front of everything else)
PIXEL_MM = 3.0  # a pixel of the depth picture that measures what a view shows of a part
MIN_SEEN_MM2 = 300.0  # a part seen less than this in its best view is not asked to name or find
TAP_GRID_MM = 6.0  # a palpate-it answer's area, kept as one point per cube this size
MIN_FACING = 0.3  # nor one seen edge-on: its seen area over a quarter of its surface (the mean
# projected area of a convex body), 1 for an average view, 2 for a flat sheet face-on
NAME_IT_SHARE = 0.45  # a part to name, or an answer, spans this share of the view at least
FIND_IT_SHARE = 0.2  # a part to find, among its neighbours
NEIGHBOURS_MM = 90.0  # ... the parts whose middles lie this close to its own
# Words too common in attachments to tell two apart.
VAGUE_WORDS = {
    "about",
    "along",
    "above",
    "below",
    "between",
    "border",
    "surface",
    "sources",
    "nerve",
    "nerves",
    "branch",
    "branches",
    "muscle",
    "inserts",
    "from",
    "front",
    "upper",
    "lower",
    "inner",
    "outer",
    "behind",
    "assists",
    "there",
    "which",
    "other",
    "their",
    "through",
    "where",
    "commonly",
    "described",
    "anterior",
    "posterior",
    "lateral",
    "medial",
    "spinal",
    "also",
    "bent",
    "bone",
    "bony",
    "both",
    "edge",
    "ends",
    "face",
    "help",
    "into",
    "just",
    "main",
    "only",
    "part",
    "some",
    "that",
    "when",
    "with",
}
SUFFIXES = ("ions", "ion", "ors", "or", "ing", "ed", "es", "s")  # flexion, flexor, flexes: flex


# --------------------------------------------------------------------------- rules
class ReachBand(DataModel):
    """An answer to "how far down does it reach": a zone reaches it when its lowest point
    standing lies below the landmark `below` plus `offset_mm` (None: any zone)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    words: str
    below: str | None = None
    offset_mm: float = 0.0


class _Rule(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    groups: tuple[str, ...] = ()
    fields: tuple[Literal["origin", "insertion", "action", "innervation"], ...] = ()
    back_fields: tuple[Literal["origin", "insertion", "action", "innervation"], ...] = ()
    lengthens_in: tuple[str, ...] = ()
    lengthening_groups: tuple[str, ...] = ()
    zone_reach: tuple[str, ...] = ()
    nerve_above: dict[str, str | tuple[str, ...]] = Field(default_factory=dict)
    prompts: dict[str, str] = Field(default_factory=dict)  # PROMPTS[kind]: {fields} filled in
    reach_bands: tuple[ReachBand, ...] = ()  # foot to head; the last has no `below`
    moves: tuple[dict[str, float], ...] = ()  # joint angles (joints.yaml ids) to predict
    stretches: bool = False  # ... and every stretch of stretches.yaml, on its own side
    frames: int = Field(default=6, ge=1, le=30)  # a prediction's answer moves in this many
    dwell_ms: int = Field(default=250, ge=0, le=2000)  # ... each held this long once drawn
    start_within_mm: float = Field(default=30.0, gt=0)  # a tap this near a start landmark is on it
    over_within_mm: float = Field(default=10.0, ge=0)  # ... this near the projection, over it


class QuizWords(DataModel):
    """The quiz panel's fixed words ({...} filled in by glutelib/app/quiz.py)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: str
    unknown_kind: str
    right: str
    was: str
    tapped: str
    tap_right: str
    tap_missed: str
    tap_none: str
    tap_mark: str
    shown: str
    answer: str
    measured: str
    done: str
    review: str
    nothing_to_review: str
    class_done: str
    next: str
    reveal: str
    again: str
    asked_again: str
    number: str
    score: str
    leave: str
    leave_tip: str


class QuizRules(DataModel):
    """data/quiz.yaml: the kinds of question and what they ask about."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1]
    session_length: int = Field(ge=1, le=50)
    choices: int = Field(ge=2, le=4)
    come_back_after: int = Field(ge=1, le=10)
    kinds: dict[str, _Rule]
    words: QuizWords


def load_rules(library: Library, path: Path | None = None) -> QuizRules:
    """Read and check data/quiz.yaml against the library: an unknown kind, group, structure,
    pose or zone is named with the file, the rule and the fix."""
    path = Path(path or data_path(QUIZ))
    rules = read_data_file(path, QuizRules, "Quiz rules file")

    def refuse(rule: str, what: str, name: str, known) -> None:
        close = suggest(name, known)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise DataFileError(
            f"Quiz rules file {path}, rule {rule!r}: there is no {what} {name!r}.{hint} "
            f"Use one of structures.yaml / poses.yaml / zones.yaml / joints.yaml's names, or "
            "restore the "
            "file from git."
        )

    atlas = library.atlas
    groups = {s.group for s in atlas}
    stems = {s.stem for s in atlas}
    for kind, rule in rules.kinds.items():
        if kind not in KINDS:
            refuse(kind, "kind of question", kind, KINDS)
        for prompt, fields in PROMPTS[kind].items():
            text = rule.prompts.get(prompt)
            if text is None or not all(f"{{{f}}}" in text for f in fields):
                raise DataFileError(
                    f"Quiz rules file {path}, rule {kind!r}: prompts.{prompt} must be words "
                    f"with {', '.join('{' + f + '}' for f in fields) or 'no fields'}; "
                    "restore the file from git."
                )
        for g in (*rule.groups, *rule.lengthening_groups):
            if g not in groups:
                refuse(kind, "group", g, groups)
        for pose in rule.lengthens_in:
            if pose not in library.poses:
                refuse(kind, "pose", pose, library.poses)
        for zone in rule.zone_reach:
            if first_of(zone, library.zones.ids) is None:
                refuse(kind, "zone", zone, library.zones.ids)
        if rule.zone_reach and (not rule.reach_bands or rule.reach_bands[-1].below is not None):
            raise DataFileError(
                f"Quiz rules file {path}, rule {kind!r}: reach_bands must end with a band "
                "without `below` (any zone); restore the file from git."
            )
        for band in rule.reach_bands:
            if band.below is not None and first_of(band.below, atlas.manifest.landmarks) is None:
                refuse(kind, "landmark", band.below, atlas.manifest.landmarks)
        for move in rule.moves:
            for jid in move:
                try:
                    library.joints.joint(jid)
                except KeyError:
                    refuse(kind, "joint", jid, library.joints.ids())
        above = rule.nerve_above
        for stem in [above.get("muscle", ""), *above.get("nerves", ())] if above else []:
            if stem not in stems:
                refuse(kind, "structure", stem, stems)
    return rules


# --------------------------------------------------------------------------- questions
@dataclass(frozen=True)
class Question:
    """One question. `answer` indexes `choices`; a find-it question has no choices and is
    answered with `target`, the structure to click. After the answer the 3D view highlights
    `show` (structure ids); `review` is what the end list offers: a structure id, or
    ('condition', id, step). `clue` is what the prompt asks about (an origin's words), read
    at body size under the short prompt, so the longest question fits beside its answers.
    `camera` is the named view its part faces the viewer from (None: ASK_FROM); a find-it
    question's view frames `frame` (the part among its neighbours), an answer's close-up
    `fit`. `others` is every wrong answer it may offer (`choices` holds a sample)."""

    kind: Kind
    prompt: str
    choices: tuple[str, ...]
    answer: int
    show: tuple[str, ...]
    review: str
    key: str  # unique within a kind: the same question made twice is one question
    target: str | None = None
    peel: str | None = None  # the layer the view is peeled to, so the part shows
    zones: tuple[str, ...] = ()  # drawn with the answer (how far a zone reaches)
    pose: str | None = None  # the pose the answer is shown in, coloured by lengthening
    measured: tuple[str, ...] = ()  # a prediction's choices' ids: their lengths shown with it
    clue: str = ""
    camera: str | None = None
    frame: tuple[str, ...] = ()
    fit: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    taps: tuple[Tap, ...] = ()  # a palpate-it question: tapped on the skin, in this order


@dataclass(frozen=True)
class Tap:
    """One tap a palpate-it question asks for: right within `within_mm` of one of `points`
    ((m, 3) mm on the standing skin, as tuples so a question stays comparable); `answer` says
    what is there ('the PSIS (right)')."""

    prompt: str
    answer: str
    points: tuple[tuple[float, float, float], ...]
    within_mm: float

    def miss_mm(self, point: np.ndarray | list[float] | None) -> float:
        """How far outside the answer a tap at `point` (3,) landed: 0 when right; inf for
        no tap."""
        if point is None:
            return float("inf")
        gap = np.linalg.norm(np.asarray(self.points) - np.asarray(point, dtype=float), axis=1)
        return max(0.0, float(gap.min()) - self.within_mm)


def _rng_choice_set(pool: list, n: int, rng: random.Random) -> list:
    return rng.sample(pool, min(n, len(pool)))


def _options(right: str, wrong: list[str], n: int, rng: random.Random) -> tuple[tuple, int]:
    """`right` among n - 1 of `wrong` (distinct texts), shuffled: (choices, index of right)."""
    picked = [right, *_rng_choice_set(_wrong(right, wrong), n - 1, rng)]
    rng.shuffle(picked)
    return tuple(picked), picked.index(right)


def _wrong(right: str, wrong: list[str]) -> tuple[str, ...]:
    """The distinct wrong answers, without the right one's words."""
    return tuple(w for w in dict.fromkeys(wrong) if w != right)


# --------------------------------------------------------------------------- views
def seen_from(
    library: Library, camera: str, peel: str | None, pose: str = "standing"
) -> dict[str, float]:
    """mm² of each structure that the named view shows in front of everything else a
    question's scene draws (every structure but the variants, peeled to `peel`): a depth
    picture of PIXEL_MM pixels, each owned by the structure nearest the eye there (vertices
    and faces' middles splatted; orthographic, as the view is from its side)."""
    key = ("quiz-seen", camera, peel, pose)
    if key not in library.derived:
        atlas, posed = library.atlas, library.pose(pose)
        ids = [s.id for s in atlas if not s.variant and s.id not in atlas.broken
               and not atlas.layers.hides(s, peel)]  # fmt: skip
        points = []
        for i in ids:
            vertices = np.asarray(library.rig.vertices(i, posed), dtype=float)
            faces = np.asarray(atlas.mesh(i).faces)
            points.append(np.vstack([vertices, vertices[faces].mean(axis=1)]))
        owner = np.repeat(np.arange(len(ids)), [len(p) for p in points])
        xyz = np.vstack(points)
        toward, right, up = view.screen_axes(library.camera(camera))
        u, v = (np.floor(xyz @ axis / PIXEL_MM).astype(np.int64) for axis in (right, up))
        pixel = (u - u.min()) * (int(v.max() - v.min()) + 1) + (v - v.min())
        order = np.lexsort((-(xyz @ toward), pixel))  # each pixel's nearest point first
        first = np.r_[True, pixel[order][1:] != pixel[order][:-1]]
        counts = np.bincount(owner[order][first], minlength=len(ids)) * PIXEL_MM**2
        library.derived[key] = dict(zip(ids, counts.tolist(), strict=True))
    return library.derived[key]


def view_of(
    library: Library, ids: list[str] | tuple[str, ...], peel: str | None, pose: str = "standing"
) -> tuple[str, float]:
    """The named view (cameras.yaml) that shows `ids` best, and the mm² it shows of them:
    ASK_FROM unless another shows OTHER_VIEW_GAIN times more (a student keeps one side);
    only views with the body upright on the screen (from above or below, a seated body or a
    vertebra is hard to recognise)."""
    upright = [name for name, c in library.cameras.items() if tuple(c.up) == (0.0, 0.0, 1.0)]
    seen = {name: sum(seen_from(library, name, peel, pose).get(i, 0.0) for i in ids)
            for name in upright}  # fmt: skip
    best = max(seen, key=seen.get)
    if ASK_FROM in seen and seen[best] < OTHER_VIEW_GAIN * seen[ASK_FROM]:
        best = ASK_FROM
    return best, seen[best]


def facing(library: Library, structure_id: str, seen_mm2: float) -> float:
    """How face-on a view shows a part: what it sees of it over a quarter of its surface (a
    convex body's mean projected area); a thin sheet seen edge-on is near 0."""
    return seen_mm2 / (library.atlas.mesh(structure_id).area / 4)


def in_view(state: SceneState, library: Library, ids: list[str] | tuple[str, ...]) -> np.ndarray:
    """(n, 2) where these parts' vertices fall in the state's view, as plotly draws it (in
    perspective): -1..1 from the middle to the left/right and bottom/top edges."""
    camera = view.camera_of(state, library)
    lo, hi = view.scene_box(state, library)
    points = np.vstack([view.vertices(i, state, library) for i in ids])
    rel = (points - (lo + hi) / 2) * view.domain_scale(lo, hi) - np.asarray(camera.eye)
    toward, right, up = view.screen_axes(camera)
    depth = np.maximum(-(rel @ toward), 1e-6)
    x = (rel @ right) / depth / (view.HALF_FOV_TAN * state.view_aspect)
    return np.column_stack([x, (rel @ up) / depth / view.HALF_FOV_TAN])


def zoom_to_share(
    state: SceneState, library: Library, ids: list[str] | tuple[str, ...], share: float
) -> float:
    """The zoom (about the view's middle) at which `ids` span `share` of the view, keeping
    them inside it; 1 when they already do (a close-up of a small part stops where the eye
    keeps out of the rest, so it needs this)."""
    if not ids:
        return 1.0
    where = in_view(state, library, ids)
    span = float(np.ptp(where, axis=0).max() / 2)
    edge = float(np.abs(where).max())
    return max(1.0, min(share * 1.05 / max(span, 1e-6), 0.95 / max(edge, 1e-6)))


def _in_sight(library: Library, s: Structure, peel: str | None) -> str | None:
    """The view to ask about `s` from; None when even that shows it too little or edge-on
    (it is not asked to name or find)."""
    camera, seen = view_of(library, (s.id,), peel)
    if seen < MIN_SEEN_MM2 or facing(library, s.id, seen) < MIN_FACING:
        return None
    return camera


def _neighbours(library: Library, s: Structure, peel: str | None, camera: str) -> tuple:
    """What a find-it view frames: `s` among the parts the view shows whose middles lie
    within NEIGHBOURS_MM of its own, so it is large but neither alone nor in the middle."""
    seen = seen_from(library, camera, peel)
    middle = {i: np.asarray(library.atlas.mesh(i).vertices).mean(axis=0) for i in seen}
    return tuple(sorted(
        i for i, mm2 in seen.items()
        if i == s.id or (mm2 > 0 and np.linalg.norm(middle[i] - middle[s.id]) < NEIGHBOURS_MM)
    ))  # fmt: skip


def _askable(library: Library, groups: tuple[str, ...]) -> list[Structure]:
    broken = library.atlas.broken
    return [s for s in library.atlas if s.group in groups and not s.variant and s.id not in broken]


def name_it(library: Library, rule: _Rule, n: int, rng: random.Random) -> list[Question]:
    """A part highlighted, peeled to and framed close from the view it faces: pick its name.
    Distractors: the other side of a pair, then the same group, then the same layer."""
    pool = _askable(library, rule.groups)
    out = []
    for s in pool:
        peel = library.atlas.layers.revealing(s)
        camera = _in_sight(library, s, peel)
        if camera is None:
            continue
        twin = [o.label for o in pool if o.stem == s.stem and o.id != s.id]
        twin = twin if rng.random() < 0.5 else []  # the other side, in half the questions
        group = [o.label for o in pool if o.group == s.group and o.stem != s.stem]
        layer = [o.label for o in pool if o.layer == s.layer and o.group != s.group]
        rng.shuffle(group)
        rng.shuffle(layer)
        rest = [o.label for o in pool if o.label not in (s.label, *twin, *group, *layer)]
        rng.shuffle(rest)
        closest = list(dict.fromkeys([*twin, *group, *layer, *rest]))[: n - 1]
        choices, answer = _options(s.label, closest, n, rng)
        prompt = rule.prompts["ask"].format(view=view_words(library, camera))
        others = _wrong(s.label, [o.label for o in pool])
        out.append(Question("name_it", prompt, choices, answer, (s.id,), s.id, s.id, peel=peel,
                            camera=camera, fit=(s.id,), others=others))  # fmt: skip
    return out


def view_words(library: Library, camera: str) -> str:
    """Where a view is from, inside a sentence ('from behind', 'right side')."""
    words = library.camera(camera).plain_label
    return in_sentence(words)


def find_it(library: Library, rule: _Rule, n: int, rng: random.Random) -> list[Question]:
    """A name: click or tap that part on the model, seen from the view it faces, peeled to
    it, among its neighbours."""
    out = []
    for s in _askable(library, rule.groups):
        peel = library.atlas.layers.revealing(s)
        camera = _in_sight(library, s, peel)
        if camera is None:
            continue
        prompt = rule.prompts["ask"].format(name=s.label, view=view_words(library, camera))
        out.append(Question("find_it", prompt, (), -1, (s.id,), s.id, s.id, target=s.id,
                            peel=peel, camera=camera, fit=(s.id,),
                            frame=_neighbours(library, s, peel, camera)))  # fmt: skip
    return out


def _terms(text: str) -> set[str]:
    """The words that say what a text is about (4+ letters, by their stem): two attachments
    sharing one (both 'ischial tuberosity', 'hip flexion' and 'strongest hip flexor') are not
    told apart by a student."""
    return {_stem(w) for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in VAGUE_WORDS}


def _stem(word: str) -> str:
    """A word without its ending, to five letters: flexion, flexor, flexes and flexed are
    'flex'; extension, extends and extensor 'exten', external 'exter'."""
    for ending in SUFFIXES:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)][:5]
    return word[:5]


def shares_fact(text: str, other: str) -> bool:
    """Whether two attachments, actions or nerves say something the same (a telling word):
    then a muscle with `other` is not offered as wrong when `text` is asked."""
    return bool(_terms(text) & _terms(other))


def _answer_view(library: Library, stem_or_ids: list[str], s: Structure,
                 pose: str = "standing") -> dict:  # fmt: skip
    """How an answer about `s` is shown: peeled to it, from the view its parts face, close on
    those that view shows."""
    peel = library.atlas.layers.revealing(s)
    camera, _ = view_of(library, stem_or_ids, peel, pose)
    seen = seen_from(library, camera, peel, pose)
    fit = tuple(i for i in stem_or_ids if seen.get(i, 0.0) >= MIN_SEEN_MM2) or tuple(stem_or_ids)
    return {"peel": peel, "camera": camera, "fit": fit}


def attachments(library: Library, rule: _Rule, n: int, rng: random.Random) -> list[Question]:
    """Which muscle has this origin / insertion / action; and back: a muscle's innervation.
    A wrong choice shares no telling word with the right one, so there is one right answer
    (several deep rotators rotate externally; the hamstrings all start on the ischial
    tuberosity). Muscles are named without a side (both sides attach alike)."""
    muscles = {s.stem: s for s in _askable(library, rule.groups) if s.kind == "muscle"}
    out = []
    for field_name in rule.fields:
        texts = {stem: getattr(s, field_name) for stem, s in muscles.items()}
        for stem, text in texts.items():
            if not text:
                continue
            s = muscles[stem]
            wrong = [m.name for o, m in muscles.items()
                     if o != stem and texts[o] and not shares_fact(text, texts[o])]  # fmt: skip
            if len(wrong) < n - 1:
                continue  # not enough choices that are plainly wrong: not asked
            choices, answer = _options(s.name, wrong, n, rng)
            ids = library.atlas.expand(stem)
            out.append(Question("attachments", rule.prompts["which"].format(field=field_name),
                                choices, answer, tuple(ids), s.id, f"{field_name}:{stem}",
                                clue=text, others=_wrong(s.name, wrong),
                                **_answer_view(library, ids, s)))  # fmt: skip
    for field_name in rule.back_fields:
        for stem, s in muscles.items():
            text = getattr(s, field_name)
            if not text:
                continue
            wrong = [getattr(o, field_name) for o in muscles.values() if o.stem != stem]
            wrong = [w for w in wrong if w and not shares_fact(text, w)]
            if len(set(wrong)) < n - 1:
                continue
            choices, answer = _options(text, wrong, n, rng)
            prompt = rule.prompts["what"].format(field=field_name, name=s.name)
            ids = library.atlas.expand(stem)
            out.append(Question("attachments", prompt, choices, answer, tuple(ids), s.id,
                                f"back-{field_name}:{stem}", others=_wrong(text, wrong),
                                **_answer_view(library, ids, s)))  # fmt: skip
    return out


def mechanisms(library: Library, rule: _Rule, n: int, rng: random.Random) -> list[Question]:
    """From the geometry: the muscle that lengthens most in a pose (the rig's measured
    length ratios), how far down a zone reaches (its mesh against bony landmarks), and the
    nerve that leaves the pelvis above a muscle (the meshes, standing)."""
    return [*_lengthens_most(library, rule, n, rng), *_zone_reach(library, rule, n, rng),
            *_nerve_above(library, rule, n, rng)]  # fmt: skip


def _lengthens_most(library: Library, rule: _Rule, n: int, rng: random.Random) -> list[Question]:
    muscles = [s for s in _askable(library, rule.lengthening_groups)
               if s.kind == "muscle" and s.side in (None, "r")]  # fmt: skip
    out = []
    for pose_name in rule.lengthens_in:
        pose = library.pose(pose_name)
        ratio = {s.id: library.rig.length_ratio(s.id, pose) for s in muscles}
        ranked = sorted(muscles, key=lambda s: -ratio[s.id])
        top = ranked[0]
        rivals = [s for s in ranked if ratio[s.id] < ratio[top.id] - LENGTH_MARGIN]
        if len(rivals) < n - 1 or ratio[top.id] <= 1 + LENGTH_MARGIN:
            continue  # no clear longest: not asked
        choices, answer = _options(top.name, [s.name for s in rivals], n, rng)
        label = pose.label or pose_name.replace("_", " ")
        out.append(Question("mechanisms", rule.prompts["lengthens"].format(pose=label),
                            choices, answer, (top.id,), top.id, f"lengthens:{pose_name}",
                            pose=pose_name, others=_wrong(top.name, [s.name for s in rivals]),
                            peel=library.atlas.layers.revealing(top), fit=(top.id,)))  # fmt: skip
        # its camera is worked out when the answer is first shown (present.show_question):
        # seeing it in the pose means posing every part, seconds for each pose
    return out


def zone_reach_answer(library: Library, zone_id: str,
                      bands: tuple[ReachBand, ...] | None = None) -> str:  # fmt: skip
    """How far down a zone reaches, read off its mesh standing against the landmarks (the
    bands of quiz.yaml's mechanisms unless given)."""
    bands = bands or load_rules(library).kinds["mechanisms"].reach_bands
    zone = library.zones[zone_id]
    lowest = float(np.asarray(library.zones.mesh(zone_id).vertices)[:, 2].min())
    side = zone.side or "r"
    for band in bands:
        if (
            band.below is None
            or lowest < library.atlas.landmark(band.below, side)[2] + band.offset_mm
        ):
            return band.words
    raise AssertionError("load_rules checks that the last band takes any zone")


def _zone_reach(library: Library, rule: _Rule, n: int, rng: random.Random) -> list[Question]:
    out = []
    for stem in rule.zone_reach:
        zone_id = first_of(stem, library.zones.ids)
        right = zone_reach_answer(library, zone_id, rule.reach_bands)
        words = [band.words for band in rule.reach_bands]
        choices = _options(right, words, n, rng)[0]
        choices = tuple(sorted(choices, key=words.index))  # foot to head
        what = library.zones[zone_id].label.split(" (")[0]
        out.append(Question("mechanisms", rule.prompts["reach"].format(zone=what),
                            choices[::-1], choices[::-1].index(right), (), zone_id,
                            f"reach:{stem}", zones=(zone_id,),
                            others=_wrong(right, words)))  # fmt: skip
    return out


def passes_above(library: Library, nerve_id: str, muscle_id: str) -> bool | None:
    """Whether the nerve passes above the muscle where they meet (None: they do not meet):
    the nerve's points within NEAR_MM of the muscle against the muscle's points near them."""
    nerve = np.asarray(library.atlas.mesh(nerve_id).vertices)
    muscle = np.asarray(library.atlas.mesh(muscle_id).vertices)
    near = cKDTree(muscle).query(nerve, distance_upper_bound=NEAR_MM)[0] < NEAR_MM
    if not near.any():
        return None
    meeting = nerve[near]
    beside = muscle[cKDTree(meeting).query(muscle, distance_upper_bound=NEAR_MM)[0] < NEAR_MM]
    return bool(np.median(meeting[:, 2]) > np.median(beside[:, 2]))


def _nerve_above(library: Library, rule: _Rule, n: int, rng: random.Random) -> list[Question]:
    spec = rule.nerve_above
    if not spec:
        return []
    muscle = library.atlas.expand(spec["muscle"])[0]
    nerves = [library.atlas.expand(stem)[0] for stem in spec["nerves"]]
    if {muscle, *nerves} & set(library.atlas.broken):  # a mesh that does not load: not asked
        return []
    above = [v for v in nerves if passes_above(library, v, muscle)]
    if len(above) != 1:  # no single right answer in this geometry: not asked
        return []
    names = {v: library.atlas[v].name for v in nerves}
    right = names[above[0]]
    choices, answer = _options(right, list(names.values()), n, rng)
    shown = [above[0], muscle]
    return [Question("mechanisms",
                     rule.prompts["above"].format(muscle=library.atlas[muscle].name),
                     choices, answer, tuple(shown), above[0], f"above:{spec['muscle']}",
                     others=_wrong(right, list(names.values())),
                     **_answer_view(library, shown, library.atlas[above[0]]))]  # fmt: skip


def predict(library: Library, rule: _Rule, n: int, rng: random.Random) -> list[Question]:
    """Asked before the body moves: which of these muscles lengthens most in a position (a
    move of joints, or a stretch on its side), from the rig's paths; the answer moves the
    body there (`Joints.frames`) with each choice's measured length beside it."""
    joints = library.joints
    region = set(lengths.region_muscles(library))
    muscles = {s.id: s for s in _askable(library, rule.groups)
               if s.kind == "muscle" and s.id in region}  # fmt: skip
    positions = [(joints.posed(Pose(), move), "move", {}, None) for move in rule.moves]
    if rule.stretches:
        positions += [(joints.posed(Pose(), s.angles(joints)), "stretch",
                       {"stretch": s.anatomical.label}, s.side_for())
                      for s in library.stretches.stretches.values()]  # fmt: skip
    out = []
    for pose, prompt, fill, side in positions:
        ratio = _trusted_lengths(library, list(muscles.values()), pose, side)
        ranked = sorted(ratio, key=lambda i: (-ratio[i], i))
        rivals = {i: [r for r in ranked if ratio[r] < ratio[i] - PREDICTED[1]][: 2 * n]
                  for i in ranked}  # fmt: skip  # the next ones down, each clearly shorter
        # any clearly lengthened muscle with enough clearly shorter rivals can be the answer
        able = [i for i in ranked if ratio[i] > 1 + PREDICTED[0] and len(rivals[i]) >= n - 1]
        if not able:
            continue  # no clear longest: not asked
        top = rng.choice(able)
        name = {i: muscles[i].name for i in (top, *rivals[top])}
        wrong = [name[i] for i in rivals[top]]
        choices, answer = _options(name[top], wrong, n, rng)
        by_name = {v: k for k, v in name.items()}
        measured = tuple(by_name[c] for c in choices)
        code = joints.code_of(pose)
        words = rule.prompts[prompt].format(move=joints.describe(pose), **fill)
        peel = library.atlas.layers.revealing(muscles[top])
        out.append(Question("predict", words, choices, answer, (top,), top, f"predict:{code}",
                            pose=code, measured=measured, fit=(top,), peel=peel,
                            camera=_move_view(library, muscles[top], peel, code),
                            others=_wrong(name[top], wrong)))  # fmt: skip
    return out


def _move_view(library: Library, s: Structure, peel: str | None, pose: str) -> str:
    """The view a move to `pose` is watched from: of the upright views that show the answer
    `s` in the pose, the one across which the bones move most (a hip flexing from the side,
    a leg taken out from behind), of two nearly alike the one that shows more of `s` (its
    own side); else the view that shows `s` best."""
    atlas, rig, posed = library.atlas, library.rig, library.pose(pose)
    bones = [b.id for b in atlas if b.kind == "bone" and b.id not in atlas.broken]
    moved = np.vstack([rig.vertices(b, posed)[::MOVE_EVERY] - rig.vertices(b, Pose())[::MOVE_EVERY]
                       for b in bones])  # fmt: skip  # (n, 3) mm each vertex moves
    across, seen = {}, {}
    for name, camera in library.cameras.items():
        if tuple(camera.up) != (0.0, 0.0, 1.0):
            continue  # as view_of: the body upright on the screen
        seen[name] = seen_from(library, name, peel, pose).get(s.id, 0.0)
        if seen[name] >= MIN_SEEN_MM2:
            _, right, up = view.screen_axes(camera)
            across[name] = float(np.hypot(moved @ right, moved @ up).sum())
    if not across:
        return view_of(library, (s.id,), peel, pose)[0]
    most = max(across.values())
    return max(across, key=lambda n: (round(across[n] / most * MOVE_BINS), seen[n]))


def _trusted_lengths(library: Library, muscles: list[Structure], pose: Pose,
                     side: str | None) -> dict[str, float]:  # fmt: skip
    """{id: length over standing} in `pose` of those `muscles` on its side (`side`, else the
    side of the first leg it moves, else the right) whose lengths agree with the source
    model's as the joints it moves move (length_checks.yaml)."""
    joints, checks = library.joints, library.length_checks
    sides = {jid: joints.joint(jid)[1] for jid in joints.moved(pose)}
    side = side or next((s for s in sides.values() if s), "r")
    names = {stem_of(jid, s) for jid, s in sides.items()}
    asked = [s.id for s in muscles if s.side in (None, side) and checks.trusted_in(s.stem, names)]
    return {i: library.rig.length_ratio(i, pose, alone=True) for i in asked}


def measured_words(library: Library, q: Question, words: str, pose: str | None = None) -> list[str]:
    """A prediction's choices' lengths over standing in `pose` (its position by default), in
    quiz.yaml's `words.measured` ([] for another question): shown beside the choices once
    answered, as the body moves there (the dashboard) or in the position (the lesson)."""
    if not q.measured:
        return []
    posed = library.pose(pose or q.pose)
    ratios = [library.rig.length_ratio(i, posed, alone=True) for i in q.measured]
    return [words.format(percent=f"{lengths.percent(r):+.0f}") for r in ratios]


def palpate_it(library: Library, rule: _Rule, n: int, rng: random.Random) -> list[Question]:
    """By touch, on the skin alone: tap the landmark a structure's route starts from, then
    tap over the structure (within its surface projection), from the side a finger presses
    in its position (palpation.yaml; glutelib.palpation measures the rest). One side of a
    pair is asked: the right."""
    guide, marks = library.palpation, library.landmarks.marks
    out = []
    for s in _askable(library, rule.groups):
        if s.side == "l" or s.id not in guide.entries or guide.entry(s.id).reach == "not_palpable":
            continue
        route = guide.entry(s.id).route
        stems = next((step.landmarks for step in route if step.landmarks), ())
        keys = [k for k in (side_id(stem, s.side) for stem in stems) if k in marks]
        keys = list(dict.fromkeys([*keys, *(stem for stem in stems if stem in marks)]))
        over = palpation.surface_projection(library, s.id)
        if not keys or not len(over):
            continue
        # a landmark is found at the skin nearest it or in line with it from the side the
        # finger presses (the question's view): behind the trochanter as well as beside it
        press = guide.press(s.id)
        found = [np.asarray(library.atlas.manifest.landmarks[k]) for k in keys]
        starts = [*(palpation.skin_nearest(library, m) for m in found),
                  *(palpation.skin_in_line(library, m, press) for m in found)]  # fmt: skip
        start_words = " or ".join(marks[k].label_in(False) for k in keys)
        name = in_sentence(s.label)
        taps = (
            Tap(rule.prompts["start"].format(name=name), start_words, _points(starts),
                rule.start_within_mm),
            Tap(rule.prompts["over"].format(name=name), s.label, _points(over),
                rule.over_within_mm),
        )  # fmt: skip
        out.append(Question("palpate_it", taps[0].prompt, (), -1, (s.id,), s.id,
                            f"palpate:{s.id}", taps=taps))  # fmt: skip
    return out


def _points(points: np.ndarray | list[np.ndarray]) -> tuple[tuple[float, float, float], ...]:
    """An area's points (n, 3) as one point per TAP_GRID_MM cube (its first), rounded to a
    tenth of a mm: small enough to ship in a lesson, close enough to judge a fingertip."""
    points = np.asarray(points, dtype=float).reshape(-1, 3)
    _, first = np.unique(np.floor(points / TAP_GRID_MM), axis=0, return_index=True)
    return tuple(tuple(round(float(v), 1) for v in p) for p in points[np.sort(first)])


def touch_words(tap: Tap, miss_mm: float, words: QuizWords) -> str:
    """How one tap of a palpate-it question went, in quiz.yaml's words: right, how far off
    (cm), or not tapped."""
    if miss_mm == 0:
        return words.tap_right.format(answer=tap.answer)
    if not np.isfinite(miss_mm):
        return words.tap_none.format(answer=tap.answer)
    return words.tap_missed.format(answer=tap.answer, cm=f"{math.ceil(miss_mm) / 10:.1f}")


MAKERS = {"name_it": name_it, "find_it": find_it, "attachments": attachments,
          "mechanisms": mechanisms, "predict": predict, "palpate_it": palpate_it}  # fmt: skip


def questions(library: Library, kind: Kind, rng: random.Random,
              rules: QuizRules | None = None) -> list[Question]:  # fmt: skip
    """Every question of `kind` the rules ask for, choices shuffled by `rng`."""
    rules = rules or load_rules(library)
    if kind not in rules.kinds:
        return []
    return MAKERS[kind](library, rules.kinds[kind], rules.choices, rng)


def answer_words(q: Question, names: dict[str, str] | None = None) -> str:
    """A question's right answer in words: its right choice, the part to find (`names` says
    what to call it), or the taps in turn ('the PSIS (right), then Piriformis (right)')."""
    if q.taps:
        return ", then ".join(t.answer for t in q.taps)
    if q.target is not None:
        return (names or {}).get(q.target, q.target)
    return q.choices[q.answer]


# --------------------------------------------------------------------------- a session
@dataclass(frozen=True)
class Feedback:
    """What a person is told after answering."""

    right: bool
    answer: str  # the right answer in words
    chose: str  # what they chose (a name for a click)
    first_time: bool = True  # False for a missed question asked again


@dataclass
class QuizSession:
    """Questions asked in turn; a missed one comes back `come_back_after` questions later
    until answered right. `score` counts questions right the first time. `first` (a
    question's key) is asked first: a link to one question."""

    pool: list[Question]
    length: int = 8
    come_back_after: int = 2
    rng: random.Random = field(default_factory=random.Random)
    first: str | None = None
    queue: list[Question] = field(init=False)
    asked: int = field(init=False, default=0)
    right_first_time: int = field(init=False, default=0)
    missed: list[Question] = field(init=False, default_factory=list)
    feedback: Feedback | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.queue = self.rng.sample(self.pool, min(self.length, len(self.pool)))
        wanted = next((q for q in self.pool if q.key == self.first), None)
        if wanted is not None:
            rest = [q for q in self.queue if q is not wanted]
            self.queue = [wanted, *rest][: len(self.queue)]
        self.total = len(self.queue)

    @property
    def current(self) -> Question | None:
        return self.queue[0] if self.queue else None

    @property
    def done(self) -> bool:
        return not self.queue

    def answer(self, choice: int | str | tuple[float, ...],
               names: dict[str, str] | None = None) -> Feedback:  # fmt: skip
        """Answer the current question: a choice's index, the id of the part clicked (a
        find-it question; `names` gives what to call it), or how far each tap of a
        palpate-it question landed outside its answer (mm; `Tap.miss_mm`)."""
        q = self.current
        if q is None or self.feedback is not None:
            raise ValueError("no question is waiting for an answer")
        words = answer_words(q, names)
        if q.taps:
            right, chose = all(m == 0 for m in choice), ""
        elif q.target is not None:
            right, chose = choice == q.target, (names or {}).get(str(choice), str(choice))
        else:
            right, chose = choice == q.answer, q.choices[int(choice)]
        first_time = q not in self.missed
        self.asked += first_time
        self.right_first_time += right and first_time
        if not right and first_time:
            self.missed.append(q)
        self.feedback = Feedback(right, words, chose, first_time)
        return self.feedback

    @property
    def number(self) -> int | None:
        """The current question's number among the session's questions, answered or not;
        None for a missed one asked again."""
        if self.current is None:
            return None
        if self.feedback is None:
            return None if self.current in self.missed else self.asked + 1
        return self.asked if self.feedback.first_time else None

    def next(self) -> Question | None:
        """Go on: a missed question goes back into the queue a few places on."""
        if self.feedback is None:
            return self.current
        q = self.queue.pop(0)
        if not self.feedback.right:
            self.queue.insert(min(self.come_back_after, len(self.queue)), q)
        self.feedback = None
        return self.current

    @property
    def review(self) -> list[Question]:
        """What to look at again: every question missed at least once."""
        return list(self.missed)


__all__ = [
    "ASK_FROM",
    "KINDS",
    "Feedback",
    "Question",
    "QuizRules",
    "QuizSession",
    "Tap",
    "answer_words",
    "facing",
    "in_view",
    "load_rules",
    "measured_words",
    "passes_above",
    "questions",
    "seen_from",
    "shares_fact",
    "touch_words",
    "view_of",
    "view_words",
    "zone_reach_answer",
    "zoom_to_share",
]  # fmt: skip
