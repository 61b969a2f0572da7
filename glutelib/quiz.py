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

import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import ConfigDict, Field
from scipy.spatial import cKDTree

from glutelib.atlas import Structure
from glutelib.datafiles import DataModel, data_path, read_data_file
from glutelib.errors import DataFileError, suggest
from glutelib.library import Library
from glutelib.sides import first_of

QUIZ = "quiz.yaml"
# The prompts each kind's rule gives (quiz.yaml), and the {fields} each fills in.
PROMPTS = {
    "name_it": {"ask": ()},
    "find_it": {"ask": ("name",)},
    "attachments": {"which": ("field",), "what": ("field", "name")},
    "mechanisms": {"lengthens": ("pose",), "reach": ("zone",), "above": ("muscle",)},
}
Kind = Literal["name_it", "find_it", "attachments", "mechanisms"]
KINDS: tuple[Kind, ...] = ("name_it", "find_it", "attachments", "mechanisms")
LENGTH_MARGIN = 0.03  # the longest must beat the others by this ratio: a clear answer
NEAR_MM = 20.0  # a nerve this close to a muscle passes it (above or below)
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
}


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


class QuizWords(DataModel):
    """The quiz panel's fixed words ({...} filled in by glutelib/app/quiz.py)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: str
    unknown_kind: str
    right: str
    was: str
    tapped: str
    shown: str
    answer: str
    done: str
    review: str
    nothing_to_review: str
    class_done: str
    next: str
    reveal: str
    again: str


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
            f"Use one of structures.yaml / poses.yaml / zones.yaml's names, or restore the "
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
    at body size under the short prompt, so the longest question fits beside its answers."""

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
    clue: str = ""


def _rng_choice_set(pool: list, n: int, rng: random.Random) -> list:
    return rng.sample(pool, min(n, len(pool)))


def _options(right: str, wrong: list[str], n: int, rng: random.Random) -> tuple[tuple, int]:
    """`right` among n - 1 of `wrong` (distinct texts), shuffled: (choices, index of right)."""
    others = [w for w in dict.fromkeys(wrong) if w != right]
    picked = [right, *_rng_choice_set(others, n - 1, rng)]
    rng.shuffle(picked)
    return tuple(picked), picked.index(right)


def _askable(library: Library, groups: tuple[str, ...]) -> list[Structure]:
    broken = library.atlas.broken
    return [s for s in library.atlas if s.group in groups and not s.variant and s.id not in broken]


def name_it(library: Library, rule: _Rule, n: int, rng: random.Random) -> list[Question]:
    """A part highlighted from behind: pick its name. Distractors: the other side of a pair,
    then the same group, then the same layer."""
    pool = _askable(library, rule.groups)
    out = []
    for s in pool:
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
        peel = library.atlas.layers.revealing(s)
        out.append(Question("name_it", rule.prompts["ask"], choices, answer, (s.id,), s.id,
                            s.id, peel=peel))  # fmt: skip
    return out


def find_it(library: Library, rule: _Rule, n: int, rng: random.Random) -> list[Question]:
    """A name: click or tap that part on the model (seen from behind)."""
    out = []
    for s in _askable(library, rule.groups):
        prompt = rule.prompts["ask"].format(name=s.label)
        out.append(Question("find_it", prompt, (), -1, (s.id,), s.id, s.id, target=s.id,
                            peel=library.atlas.layers.revealing(s)))  # fmt: skip
    return out


def _terms(text: str) -> set[str]:
    """The words that say what a text is about (5+ letters): two attachments sharing one
    (both 'ischial tuberosity', both 'external rotation') are not told apart by a student."""
    words = re.findall(r"[a-z]{5,}", text.lower())
    return {w[:6] for w in words if w not in VAGUE_WORDS}  # 'extensor' and 'extension' alike


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
                     if o != stem and texts[o] and not _terms(texts[o]) & _terms(text)]  # fmt: skip
            if len(wrong) < n - 1:
                continue  # not enough choices that are plainly wrong: not asked
            choices, answer = _options(s.name, wrong, n, rng)
            out.append(Question("attachments", rule.prompts["which"].format(field=field_name),
                                choices, answer, tuple(library.atlas.expand(stem)), s.id,
                                f"{field_name}:{stem}", clue=text))  # fmt: skip
    for field_name in rule.back_fields:
        for stem, s in muscles.items():
            text = getattr(s, field_name)
            if not text:
                continue
            wrong = [getattr(o, field_name) for o in muscles.values() if o.stem != stem]
            wrong = [w for w in wrong if w and not _terms(w) & _terms(text)]
            if len(set(wrong)) < n - 1:
                continue
            choices, answer = _options(text, wrong, n, rng)
            prompt = rule.prompts["what"].format(field=field_name, name=s.name)
            out.append(Question("attachments", prompt, choices, answer,
                                tuple(library.atlas.expand(stem)), s.id,
                                f"back-{field_name}:{stem}"))  # fmt: skip
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
                            choices, answer, (top.id,), top.id,
                            f"lengthens:{pose_name}", pose=pose_name))  # fmt: skip
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
                            f"reach:{stem}", zones=(zone_id,)))  # fmt: skip
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
    choices, answer = _options(names[above[0]], list(names.values()), n, rng)
    return [Question("mechanisms",
                     rule.prompts["above"].format(muscle=library.atlas[muscle].name),
                     choices, answer, (above[0], muscle), above[0],
                     f"above:{spec['muscle']}")]  # fmt: skip


MAKERS = {"name_it": name_it, "find_it": find_it, "attachments": attachments,
          "mechanisms": mechanisms}  # fmt: skip


def questions(library: Library, kind: Kind, rng: random.Random,
              rules: QuizRules | None = None) -> list[Question]:  # fmt: skip
    """Every question of `kind` the rules ask for, choices shuffled by `rng`."""
    rules = rules or load_rules(library)
    if kind not in rules.kinds:
        return []
    return MAKERS[kind](library, rules.kinds[kind], rules.choices, rng)


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

    def answer(self, choice: int | str, names: dict[str, str] | None = None) -> Feedback:
        """Answer the current question: a choice's index, or the id of the part clicked (a
        find-it question; `names` gives what to call it)."""
        q = self.current
        if q is None or self.feedback is not None:
            raise ValueError("no question is waiting for an answer")
        if q.target is not None:
            right, chose = choice == q.target, (names or {}).get(str(choice), str(choice))
            words = (names or {}).get(q.target, q.target)
        else:
            right, chose, words = choice == q.answer, q.choices[int(choice)], q.choices[q.answer]
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


__all__ = ["KINDS", "Feedback", "Question", "QuizRules", "QuizSession", "load_rules",
           "passes_above", "questions", "zone_reach_answer"]  # fmt: skip
