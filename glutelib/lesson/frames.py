"""Every figure state a lesson shows, worked out in Python by the dashboard's own code.

A step (`conditions.show_step`) or a quiz question (`quiz.show_question`) is put into a
Scene for each audience; its state is drawn by `drawing.styles` and `drawing.layout`, the
functions `build_figure` draws with. A *frame* keeps that result as indices into shared
tables: each trace's style, whether it is at the light level, and for each view shape the
player may meet (ASPECTS x HEIGHTS) the camera, the names and the zoom limits. The page's
player only looks these up; it knows nothing of anatomy, poses or framing.
"""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from glutelib import drawing, labels, palpation, view
from glutelib.atlas import SKIN_KEY, SUGGESTIONS, Atlas
from glutelib.audiences import Audience
from glutelib.cards import card_html, list_name
from glutelib.described import view_said, walked
from glutelib.lengths import lengthening, listed, row_colours, said
from glutelib.library import Library
from glutelib.pain import page_data
from glutelib.poses import Pose
from glutelib.present import (
    PAIN_CAMERA,
    ahead_words,
    pain_opens,
    pain_page_words,
    palpation_words,
    review_target,
    show_moved,
    show_pain,
    show_palpation,
    show_part,
    show_question,
    show_step,
    step_words,
)
from glutelib.quiz import KINDS, load_rules, measured_words, questions
from glutelib.scene import Scene
from glutelib.sides import side_id
from glutelib.state import SceneState
from glutelib.zones import zone_in, zone_key

# View shapes the framing is worked out for (width / height; the player takes the widest
# not wider than its view, so the model never crops) and view heights (CSS px) the names
# are spaced for (likewise the tallest not taller). Together they span the round's screens:
# a phone held upright to a projector.
ASPECTS = (0.6, 0.8, 1.0, 1.25, 1.5, 1.8, 2.2)
HEIGHTS = (360, 520, 700, 900)
# The views a pain drawing turns to in the lesson (a drag paints there, so buttons turn it),
# the first the one it opens in.
PAIN_VIEWS = (PAIN_CAMERA, "anterior", "right_lateral", "left_lateral")
SCENE_PARTS = ("xaxis", "yaxis", "zaxis", "aspectratio", "dragmode")  # dragmode: off to paint


def _plain(value: Any) -> Any:
    """JSON-ready: numpy numbers to Python ones, tuples to lists, sets sorted."""
    return json.loads(json.dumps(value, default=_default))


def _default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


@dataclass
class Table:
    """Values kept once each; `put` gives a value's index."""

    values: list[Any] = field(default_factory=list)
    _seen: dict[str, int] = field(default_factory=dict)

    def put(self, value: Any) -> int:
        key = json.dumps(value, sort_keys=True)
        if key not in self._seen:
            self._seen[key] = len(self.values)
            self.values.append(value)
        return self._seen[key]


def split_layout(layout: dict) -> tuple[dict, dict, dict, list, dict]:
    """drawing.layout's dict as (the rest, axes, camera, names, meta): what varies apart."""
    layout = _plain(layout)
    scene = layout["scene"]
    camera, names = scene.pop("camera"), scene.pop("annotations", [])
    axes = {k: scene.pop(k) for k in SCENE_PARTS}
    meta = layout.pop("meta")
    return layout, axes, camera, names, meta


def state_key(state: SceneState) -> str:
    return json.dumps(state.__dict__, sort_keys=True, default=_default)


class Frames:
    """The frames of one lesson, and what they draw (for the mesh store). `palpated`: the
    structures whose outline on the skin some frame draws (a Palpate view): the dashboard
    draws the outline shown, and the sites, as one trace each (their meshes made as they
    are shown); here each outline and each site is a trace of its own, so the page need only
    hide and show them."""

    def __init__(self, library: Library, structures: tuple[str, ...],
                 palpated: tuple[str, ...] = ()):  # fmt: skip
        self.library = library
        self.traces = [*structures, *(zone_key(z) for z in library.zones.ids)]
        self.traces += [SKIN_KEY] if library.has_skin else []  # as drawing.styles has them
        self.on_skin = {f"{palpation.OUTLINE_KEY}:{i}": i for i in palpated}
        if palpated:
            self.on_skin |= {f"{palpation.SITES_KEY}:{s}": s for s in library.palpation.sites}
        self.traces += list(self.on_skin)
        self.styles = {name: Table() for name in self.traces}
        self.base: dict | None = None
        self.parts = {k: Table() for k in ("axes", "cameras", "names", "meta", "said", "walk")}
        self.poses = Table()
        self.frames = Table()
        self.drawn: set[tuple[str, str]] = set()  # (trace, pose) some frame shows
        self._by_state: dict[str, int] = {}

    def add(self, state: SceneState) -> int:
        """The frame of `state` (worked out once per distinct state)."""
        key = state_key(state)
        if key not in self._by_state:
            self._by_state[key] = self.frames.put(self._frame(state))
        return self._by_state[key]

    def _frame(self, state: SceneState) -> dict:
        library = self.library
        styles = drawing.styles(state, library) | self._on_skin_styles(state)
        light = []
        for name in self.traces:
            if styles[name]["visible"]:
                self.drawn.add((name, state.pose))
            light.append(
                int(view.light(name, state) and not zone_in(name) and name not in self.on_skin)
            )
        views = []
        for aspect in ASPECTS:
            # the view's shape moves the camera; its height only the names (labels.py)
            shaped = replace(state, view_aspect=aspect, view_px=HEIGHTS[0])
            base, axes, camera, names, meta = split_layout(drawing.layout(shaped, library))
            if self.base is None:
                self.base = base
            assert base == self.base, "a layout part the player does not swap changed"
            axes_at, camera_at, meta_at = (
                self.parts[kind].put(value)
                for kind, value in (("axes", axes), ("cameras", camera), ("meta", meta))
            )
            row = []
            for height in HEIGHTS:
                if height != HEIGHTS[0] and names:  # nothing named: the height changes nothing
                    names = _plain(labels.annotations(replace(shaped, view_px=height), library))
                row.append([axes_at, camera_at, self.parts["names"].put(names), meta_at])
            views.append(row)
        return {
            "said": self.parts["said"].put(view_said(state, library)),  # a screen reader's
            "walk": self.parts["walk"].put(self._walk(state)),  # the keyboard's, through parts
            "pose": self.poses.put(state.pose),
            "style": [self.styles[n].put(_plain(styles[n])) for n in self.traces],
            "light": light,
            "views": views,
        }

    def _walk(self, state: SceneState) -> list[int]:
        """The parts the keyboard walks through (described.walked), as trace indices, then
        how many of them come first as highlighted (-1 alone: a question asks the names)."""
        if state.names_hidden and not state.touch:  # the skin alone: no part, nothing asked
            return [-1]
        parts = walked(state, self.library)
        return [*(self.traces.index(i) for i in parts),
                sum(i in state.highlighted for i in parts)]  # fmt: skip

    def _on_skin_styles(self, state: SceneState) -> dict[str, dict]:
        """The style of each outline and site trace: drawn as the dashboard's one trace of
        them is, shown when the state shows that one."""
        out = {}
        for name, one in self.on_skin.items():
            if name.startswith(palpation.OUTLINE_KEY):
                out[name] = {**drawing.outline_style(state, self.library),
                             "visible": state.palpate == one}  # fmt: skip
            else:
                alone = replace(state, sites=state.sites & {one})
                out[name] = drawing.sites_style(alone, self.library)
        return out


def audience_scene(library: Library, ids: list[str], audience: Audience) -> Scene:
    """A Scene set up as the dashboard's is for this audience (its words, its names' size)."""
    home = [i for i in ids if i not in library.opening_hidden]
    scene = Scene(library, structures=ids, shown=home,
                  camera=library.settings.opening_view.camera)  # fmt: skip
    return scene.use_plain_words(audience.plain).set_label_size(audience.label_px)


def walkthroughs(frames: Frames, scenes: dict[str, Scene], condition_ids: list[str]) -> list:
    """Each condition's steps: per audience, its frame and its words (HTML)."""
    library = frames.library
    audiences = library.audiences.audiences
    out = []
    for cid in condition_ids:
        condition = library.conditions[cid]
        steps = []
        for index, step in enumerate(condition.steps):
            entry: dict[str, dict] = {"frame": {}, "words": {}}
            for mode, scene in scenes.items():
                show_step(scene, step)
                entry["frame"][mode] = frames.add(copy.deepcopy(scene.state))
                words = step_words(scene, condition, index, audiences[mode]).__dict__
                words["seen"] = seen_from(library, scene.state.camera, audiences[mode].plain,
                                          scene.state.close_up)  # fmt: skip
                if audiences[mode].speaker_notes:
                    words["with_notes"] = step_words(scene, condition, index, audiences[mode],
                                                     show_notes=True).text  # fmt: skip
                    words["ahead"] = ahead_words(condition, index, audiences[mode],
                                                 library.audiences.page)  # fmt: skip
                entry["words"][mode] = words
            steps.append(entry)
        out.append({"id": cid, "title": condition.title, "plain_title": condition.plain_title,
                    "steps": steps})  # fmt: skip
    return out


def explore(frames: Frames, scenes: dict[str, Scene]) -> dict:
    """Explore in the lesson: its parts (a structure's two sides are one part, as the
    dashboard's list shows them), each with its frame (`present.show_part`, from the view
    that shows it most) and card per audience; the list's groups; and the search index."""
    library = frames.library
    atlas, audiences = library.atlas, library.audiences
    in_lesson = set(frames.traces)
    stems = [stem for stem, ids in atlas.stems.items() if any(i in in_lesson for i in ids)]
    parts = []
    for stem in stems:
        ids = [i for i in atlas.stems[stem] if i in in_lesson]
        first = atlas[ids[0]]
        part: dict[str, Any] = {
            "id": stem,
            "ids": ids,
            "frame": {},
            "name": {},
            "card": {},
            "seen": {},
        }
        for mode, home in scenes.items():
            audience = audiences.audiences[mode]
            scene = audience_scene(library, list(home.ids), audience)
            show_part(scene, ids)
            scene.show_fibres(None)  # the lesson draws no fibre arrows: a mesh per muscle and pose
            part["frame"][mode] = frames.add(copy.deepcopy(scene.state))
            part["name"][mode] = list_name(first, audience.plain)
            part["card"][mode] = card_html(first, audience, audiences, len(ids) > 1)
            part["seen"][mode] = seen_from(library, scene.state.camera, audience.plain,
                                           scene.state.close_up)  # fmt: skip
        parts.append(part)
    at = {stem: n for n, stem in enumerate(stems)}
    groups = []
    for group in audiences.groups:
        members = list(dict.fromkeys(at[s.stem] for s in atlas.select(group=group)
                                     if s.stem in at))  # fmt: skip
        if members:
            heading = {m: audiences.group_heading(group, audiences.audiences[m].words)
                       for m in scenes}  # fmt: skip
            groups.append({"heading": heading, "parts": members})
    home, home_seen = {}, {}
    for mode, scene in scenes.items():
        audience = audiences.audiences[mode]
        state = audience_scene(library, list(scene.ids), audience).state
        home[mode] = frames.add(copy.deepcopy(state))
        home_seen[mode] = seen_from(library, state.camera, audience.plain)
    return {"parts": parts, "groups": groups, "home": home, "home_seen": home_seen,
            "index": search_index(atlas, at)}  # fmt: skip


def move(frames: Frames, scenes: dict[str, Scene]) -> dict:
    """Move in the lesson: each stretch of stretches.yaml on its own side, per audience, as
    the dashboard's Move shows it (`present.show_moved`: the body in it from the side, each
    muscle coloured by its length), with how it is taken and the muscles it lengthens and
    shortens most, measured here and listed as Move lists them (`lengths.listed`). The
    lesson has no sliders: it can draw only the poses given to it."""
    library = frames.library
    joints, audiences = library.joints, library.audiences
    stretches, home, home_seen = [], {}, {}
    for mode, scene in scenes.items():
        show_moved(scene, "")
        home[mode] = frames.add(copy.deepcopy(scene.state))
        home_seen[mode] = seen_from(library, scene.state.camera, audiences.audiences[mode].plain)
    for name, stretch in library.stretches.items():
        side = stretch.side_for()
        pose = joints.posed(Pose(), stretch.angles(joints, side))
        code, found = joints.code_of(pose), lengthening(library, pose)
        shown = {}
        for mode, scene in scenes.items():
            audience = audiences.audiences[mode]
            plain, words = audience.plain, audiences.words_for(audience).move
            show_moved(scene, code)
            lying = library.stretches.position(stretch, plain)
            lists = listed(library, found, plain, audience.lengths_listed)
            shown[mode] = {
                "frame": frames.add(copy.deepcopy(scene.state)),
                "label": stretch.words(plain).label,
                "how": stretch.how(plain, side),
                "upright": "" if stretch.lying == "standing"
                else words.drawn_upright.format(lying=lying),
                "missing": "" if plain else stretch.missing.strip(),
                "lists": {kind: [[said(library, n, plain), *row_colours(library, n)]
                                 for n in lengths] for kind, lengths in lists.items()},
            }  # fmt: skip
        stretches.append({"id": name, "code": code, "modes": shown})
    words = {mode: {k: getattr(audiences.words_for(audiences.audiences[mode]).move, k)
                    for k in ("section", "hint", "longer", "shorter", "pick_stretch", "approx")}
             for mode in scenes}  # fmt: skip
    return {"stretches": stretches, "home": home, "home_seen": home_seen, "words": words}


def palpated(library: Library, condition_ids: list[str], quiz: bool,
             modes: list[str]) -> tuple[str, ...]:  # fmt: skip
    """What the lesson's Palpate shows: the structures its walkthroughs highlight that
    palpation.yaml covers, then (with the quiz) those a palpate-it question asks about; of
    a pair the right one (the other is its mirror, and the file has a size budget). None
    for a lesson only for clients, who have no Palpate (`palpate`)."""
    if all(library.audiences.audiences[m].plain for m in modes):
        return ()
    guide, atlas = library.palpation, library.atlas
    right = {i: side_id(atlas[i].stem, "r") if atlas[i].side == "l" else i for i in atlas.ids}
    ids = [right[i] for cid in condition_ids for step in library.conditions[cid].steps
           for i in step.highlight if right[i] in guide.entries
           and right[i] not in atlas.broken]  # fmt: skip
    if quiz and "palpate_it" in load_rules(library).kinds:
        ids += [q.review for q in questions(library, "palpate_it", random.Random(0))]
    return tuple(dict.fromkeys(ids))


def palpate(frames: Frames, scenes: dict[str, Scene], structure_ids: tuple[str, ...]) -> dict:
    """Palpate in the lesson, for the audiences the dashboard offers it to (not clients,
    who meet it through a card there): each structure's route, a step at a time, as the
    dashboard's Palpate shows it (`present.show_palpation`, `present.palpation_words`)."""
    library = frames.library
    audiences = library.audiences.audiences
    modes = {m: s for m, s in scenes.items() if not audiences[m].plain}
    parts = []
    for sid in structure_ids:
        route = library.palpation.entry(sid).route
        steps = []
        for n in range(len(route)):
            step: dict[str, dict] = {"frame": {}, "words": {}}
            for mode, scene in modes.items():
                show_palpation(scene, sid, n)
                step["frame"][mode] = frames.add(copy.deepcopy(scene.state))
                words = palpation_words(library, sid, n, audiences[mode]).__dict__
                words["seen"] = seen_from(library, scene.state.camera, False,
                                          scene.state.close_up)  # fmt: skip
                step["words"][mode] = words
            steps.append(step)
        parts.append({"id": sid, "name": library.atlas[sid].label, "steps": steps})
    words = {m: library.audiences.words_for(audiences[m]).palpate.section for m in modes}
    return {"parts": parts, "words": words}


def pain(frames: Frames, scenes: dict[str, Scene], explored: dict, steps: list) -> dict | None:
    """Where does it hurt in the lesson, as the dashboard's (`present.show_pain`): the skin
    alone, standing, from each of PAIN_VIEWS, per audience, with the words its page says a
    drawing with (`present.pain_page_words`) and how the audience reaches it
    (`Audience.pain_way_in`); the numbers the page ranks with (`pain.page_data`, but for
    the skin's vertices); the colours it paints in; and what each pattern opens in this
    lesson (its part in Explore or a walkthrough's step; None where the lesson lacks it).
    None when the body has no skin or no patterns."""
    library = frames.library
    if not library.has_skin or not library.pain.ids:
        return None
    audiences = library.audiences.audiences
    modes = {}
    for mode, scene in scenes.items():
        audience = audiences[mode]
        views = {}
        for camera in PAIN_VIEWS:
            scene.set_camera(camera)
            show_pain(scene, (), None)
            views[camera] = {"frame": frames.add(copy.deepcopy(scene.state)),
                             "seen": seen_from(library, camera, audience.plain)}  # fmt: skip
        modes[mode] = {"views": views, "way_in": audience.pain_way_in,
                       **pain_page_words(library, audience)}  # fmt: skip
    parts = {part["id"]: n for n, part in enumerate(explored["parts"])}
    walked = {c["id"]: n for n, c in enumerate(steps)}
    opens = []
    for pid in library.pain.ids:
        kind, value = pain_opens(library, pid) or (None, "")
        if kind == "structure" and library.atlas[value].stem in parts:
            opens.append({"section": "explore", "part": parts[library.atlas[value].stem]})
        elif kind == "step" and value.split(":")[0] in walked:
            cid, number = value.split(":")
            opens.append({"section": "conditions", "condition": walked[cid],
                          "step": int(number) - 1})  # fmt: skip
        else:
            opens.append(None)
    colours = library.colours
    kinds = {kind: colours.zone(role) for kind, role in drawing.PATTERN_ROLES.items()}
    messages = {k: library.audiences.page.messages[k] for k in ("no_feeling", "pain_drawing")}
    page = page_data(library)
    del page["vertices"]  # the skin's standing vertices are in the mesh store already
    return {"page": page, "modes": modes, "opens": opens, "messages": messages,
            "colours": {"skin": colours.skin, "drawing": colours.zone("pain"),
                        "kinds": kinds}}  # fmt: skip


def search_index(atlas: Atlas, parts: dict[str, int]) -> dict[str, list[int]]:
    """What the dashboard's search (`Atlas.find`) answers for every beginning (two letters
    or more) of every name a part is found by, and of each word in it: normalised text ->
    the parts, best first (at most SUGGESTIONS). The page looks typed text up here (or a
    long enough beginning of it: explore_panel.js lookUp); it never matches names itself."""
    typed: set[str] = set()
    for name in atlas.search_names:
        for text in (name, *name.split()):
            typed.update(text[:k].strip() for k in range(2, len(text) + 1))
    index = {}
    for text in sorted(typed):
        found = list(dict.fromkeys(parts[s.stem] for s in atlas.find(text) if s.stem in parts))
        if found:
            index[text] = found[:SUGGESTIONS]
    return index


def seen_from(library: Library, camera: str, plain: bool, close_up: bool = False) -> str:
    """Where a step's view is seen from, as the toolbar says it ("View: From behind"; "View:
    From behind, close up" when the view crops the body)."""
    controls = library.audiences.page.controls
    view = library.cameras[camera].label_in(plain)
    if close_up:
        view = controls["view_close_up"].label.format(view=view)
    return controls["view"].tip.format(view=view)


def quiz(frames: Frames, scenes: dict[str, Scene], seed: int) -> dict:
    """Every question of every kind the rules ask for, with its asking and answered frames
    for each audience that has Test yourself; the rules' words and session sizes."""
    library = frames.library
    rules = load_rules(library)
    audiences = library.audiences.audiences
    quizzing = {m: s for m, s in scenes.items() if audiences[m].quiz != "none"}
    rng = random.Random(seed)
    kinds = []
    menu: dict[str, int] = {}
    for mode, scene in quizzing.items():
        show_question(scene, None, answered=False)
        menu[mode] = frames.add(copy.deepcopy(scene.state))
    for kind in KINDS:
        if kind not in rules.kinds:
            continue
        items = []
        for q in questions(library, kind, rng, rules):
            shown: dict[str, list[int]] = {}
            for mode, scene in quizzing.items():
                if q.target is not None and q.target not in scene.ids:
                    break  # its part was left out (a broken mesh): not asked
                pair = []
                for answered in (False, True):
                    show_question(scene, q, answered)
                    pair.append(frames.add(copy.deepcopy(scene.state)))
                shown[mode] = pair
            else:
                ids = next(iter(quizzing.values())).ids if quizzing else []
                items.append({"prompt": q.prompt, "clue": q.clue, "choices": list(q.choices),
                              "answer": q.answer, "target": q.target, "frames": shown,
                              "measured": measured_words(library, q, rules.words.measured),
                              "review": review_target(library, q, ids),
                              "taps": [t.__dict__ for t in q.taps]})  # fmt: skip
        kinds.append({"id": kind, "label": rules.kinds[kind].label, "questions": items})
    # a tap on the skin is marked as the dashboard marks it; the page fills in where and words
    tap_mark = {m: labels.tap_annotation(("", 0.0, 0.0, 0.0), s.state, library)
                for m, s in quizzing.items()}  # fmt: skip
    return {"kinds": kinds, "menu": menu, "words": rules.words.model_dump(),
            "length": rules.session_length, "come_back_after": rules.come_back_after,
            "tap_mark": tap_mark}  # fmt: skip


__all__ = ["ASPECTS", "HEIGHTS", "Frames", "audience_scene", "pain", "palpate", "palpated",
           "quiz", "walkthroughs"]  # fmt: skip
