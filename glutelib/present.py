"""Presentation: what a walkthrough step, a quiz question or a review puts into a Scene, and
the words a step is shown with.

The data modules (conditions.py, quiz.py) hold what a step or a question is; this module
holds how each is shown, once, for every delivery: the dashboard's panels, the lesson's
precomputed frames and pictures all call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from glutelib.atlas import in_sentence, sentence_case
from glutelib.audiences import Audience, PageWords, StrainWords
from glutelib.conditions import Condition, Step
from glutelib.library import Library
from glutelib.pain import NERVE_FEELINGS, Candidate, below_knee, ranked
from glutelib.palpation import reach, sites_near
from glutelib.quiz import (
    ASK_FROM,
    FIND_IT_SHARE,
    NAME_IT_SHARE,
    Question,
    view_of,
    zoom_to_share,
)
from glutelib.scene import Scene
from glutelib.sides import side_id
from glutelib.templates import macros, render
from glutelib.visibility import make_visible, named_in
from glutelib.zones import zone_key

MAX_STRAIN_ROWS = 6
SMALL_MM = 115  # mm: a picked part smaller than this (piriformis, TFL, a rotator) gets a close-up
MIN_STRAIN_PERCENT = 3  # smaller changes are within what the model can tell apart
PALPATE_CAMERA = {"posterior": "posterior", "anterior": "anterior"}  # lateral: the side's
PALPATE_VIEW_MM = 330  # a Palpate view spans at least this: a part and its landmarks
MAX_PALPATE_FILL = 0.85
MOVE_CAMERA = "right_lateral"  # Move's view: from the side, where flexion and extension read best
STANDING = "standing"
STEP = macros("html/step.html")  # a step's parts: title, progress, text, shown
PALPATE = macros("html/palpate.html")  # a Palpate view's parts


def strain_rows(scene: Scene, step: Step, plain: bool) -> list[tuple[str, str]]:
    """(name, change) for each highlighted muscle the picture draws that changes by
    MIN_STRAIN_PERCENT or more; a pair makes one row (one side when the other is taken out
    to show what lies under it; a side behind the body is drawn). Clients see one side."""
    changes: dict[str, dict[str, int]] = {}
    for sid in step.highlight:
        s = scene.atlas[sid]
        if s.kind == "muscle" and sid in scene.ids and scene.visible(sid):
            changes.setdefault(s.stem, {})[sid] = round((scene.length_ratio(sid) - 1) * 100)
    rows = []
    for sides in changes.values():
        first, change = next(iter(sides.items()))  # the right side comes first
        s = scene.atlas[first]
        values = list(sides.values())
        if plain:
            rows.append((sentence_case(s.plain_name), f"{change:+d} %", change))
        elif len(values) == 1:
            rows.append((s.label, f"{change:+d} %", change))
        elif values[0] == values[1]:
            rows.append((f"{s.name} (both sides)", f"{change:+d} %", change))
        else:
            rows.append((f"{s.name} (right / left)", f"{values[0]:+d} / {values[1]:+d} %",
                         max(values, key=abs)))  # fmt: skip
    shown = [(name, text) for name, text, most in rows if abs(most) >= MIN_STRAIN_PERCENT]
    return shown[:MAX_STRAIN_ROWS]


def strain_legend_html(scene: Scene, step: Step, plain: bool, words: StrainWords) -> str:
    """A colour bar (purple shorter, grey unchanged, orange longer: the colour language's)
    and the highlighted muscles' changes (app/static/strain_legend.html)."""
    colours = scene.library.colours
    return render(
        "app/static/strain_legend.html", stops=colours.strain_stops(), words=words,
        rows=strain_rows(scene, step, plain), unchanged=colours.strain.unchanged,
    )  # fmt: skip


def zone_legend_rows(library: Library, zone_ids: list[str], plain: bool) -> list[tuple[str, str]]:
    """(colour, name) of each zone drawn, in order, each name once (a zone drawn on both sides
    is one row): the colour is its role's."""
    rows: dict[tuple[str, str], None] = {}
    for zone in (library.zones[z] for z in zone_ids):
        rows[library.colours.zone(zone.role), zone.plain_label if plain else zone.label] = None
    return list(rows)


def show_step(scene: Scene, step: Step) -> None:
    """Put a step into the scene as a whole state: what is shown, highlighted, peeled,
    posed, framed, zoned and coloured (the dashboard and the lesson both step through this)."""
    known = set(scene.ids)  # a structure whose mesh failed to load is left out
    variants = {i for i in known if scene.atlas[i].variant and i not in step.highlight}
    scene.ask_touch(False).mark_taps()  # a palpate-it question left half-way: not here
    scene.isolate(*(known - set(step.hide) - variants))  # variants: where a step is about them
    scene.highlight(*(i for i in step.highlight if i in known))
    scene.peel(step.peel).set_pose(step.pose)
    scene.set_camera(step.camera).zoom(scene.library.settings.walkthrough.step_zoom)
    if step.close_up:
        scene.fit()  # the highlighted parts, seen from the step's side
    else:
        scene.frame_on(*framed_on(step, scene))
    scene.show_zones(*step.zones).show_strain(step.strain).show_labels(step.labels)
    # where it hurts, for a client: the zone on a body, not floating over the bones
    scene.show_skin(bool(step.zones) and scene.state.plain_words).show_fibres(None)
    scene.mark(*step.marks)
    highlight = [i for i in step.highlight if i in known]
    make_visible(scene, named_in(scene.library, highlight, step.zones, step.marks))


def show_moved(scene: Scene, pose: str) -> None:
    """Move it yourself (the dashboard's, a stretch in the lesson): the whole body, the legs
    to the feet (a knee bends), from the side, nothing picked, in `pose` (a name or a code;
    '' standing), every muscle coloured by its length."""
    atlas = scene.library.atlas
    whole = [i for i in scene.ids if not atlas[i].variant]  # a variant is a step's
    scene.reset().isolate(*whole).set_camera(MOVE_CAMERA)
    scene.set_pose(pose or STANDING).show_strain(True)


def show_part(scene: Scene, ids: list[str], camera: str | None = None) -> str | None:
    """Pick parts as Explore does (the dashboard's and the lesson's): highlighted, the layers
    over a soft part peeled away (a bone keeps the peel it has), the whole view from `camera`
    (None: the named view that shows them most), or a close-up when they are small enough
    to be lost in it; then what still hides them is taken out (`make_visible`). Returns the
    layer peeled to (None: none)."""
    atlas = scene.library.atlas
    scene.state.shown = set(scene.home)  # what an earlier pick took out comes back
    scene.show(*ids).highlight(*ids).mark()  # a part the opening view leaves out is drawn
    scene.show_fibres(ids[0] if ids else None)  # the way a stroke follows, on a muscle
    if not ids:  # nothing picked: the whole view, no close-up
        scene.set_camera(camera or scene.state.camera)
        return scene.state.peel
    first = atlas[ids[0]]
    if first.kind != "bone":  # a deep muscle shows, not its cover
        scene.peel(atlas.layers.revealing(first))
    peel = scene.state.peel
    scene.set_camera(camera or view_of(scene.library, tuple(ids), peel)[0])
    bounds = [atlas.manifest.structures[i].bounds_mm for i in ids]
    if max(max(b[1][k] - b[0][k] for k in range(3)) for b in bounds) < SMALL_MM:
        scene.fit(*ids)
    make_visible(scene, [tuple(ids)])  # a nerve through a muscle: the muscle is taken out
    return peel


def palpation_marks(library: Library, structure_id: str, step: int) -> list[str]:
    """The landmark keys a Palpate view marks at route step `step` (0-based): every one
    named up to it, on the structure's side."""
    entry = library.palpation.entry(structure_id)
    side = library.atlas[structure_id].side
    marks = library.landmarks.marks
    out = []
    for route_step in entry.route[: step + 1]:
        for stem in route_step.landmarks:
            key = side_id(stem, side) if side_id(stem, side) in marks else stem
            out += [key] if key in marks and key not in out else []
    return out


def show_palpation(scene: Scene, structure_id: str, step: int = 0) -> None:
    """The Palpate view of a structure at route step `step` (0-based): the body from the side
    a finger presses (the client's position in palpation.yaml), standing; the skin faint
    over it with the structure's surface projection outlined on it and the endangerment
    sites near it; the structure named and drawn through what covers it (peeled as Explore
    peels a pick); the route's landmarks up to this step marked."""
    library = scene.library
    atlas = library.atlas
    press_from = library.palpation.position(structure_id).press_from
    side = atlas[structure_id].side
    camera = PALPATE_CAMERA[press_from] if press_from != "lateral" else (
        "left_lateral" if side == "l" else "right_lateral")  # fmt: skip
    scene.isolate(*(i for i in scene.ids if not atlas[i].variant))
    scene.ask_touch(False).mark_taps().hide_names(False)  # its own view names on hover
    scene.set_pose(STANDING).show_strain(False).show_zones()
    scene.show(structure_id).highlight(structure_id).peel(
        atlas.layers.revealing(atlas[structure_id])
    )
    marks = palpation_marks(library, structure_id, step)
    scene.mark(*marks).show_skin(True).show_labels(True).set_camera(camera)
    scene.show_fibres(structure_id)  # arrows the way its fibres run, toward the finger
    scene.show_palpation(structure_id).show_sites(
        *(s.id for s in sites_near(library, structure_id))
    )
    lo, hi = np.asarray(atlas.manifest.structures[structure_id].bounds_mm)
    scene.fit(structure_id)  # close up, wide enough for the landmarks round it
    scene.state.close_up_fill = min(MAX_PALPATE_FILL, float(np.max(hi - lo)) / PALPATE_VIEW_MM)
    make_visible(scene, [(structure_id,)])


@dataclass(frozen=True)
class PalpationWords:
    """A Palpate view's words as HTML parts (glutelib/html/palpate.html)."""

    heading: str
    route: str
    facts: str
    sites: str


def palpation_words(library: Library, structure_id: str, step: int, audience: Audience
                    ) -> PalpationWords:  # fmt: skip
    """The words beside a Palpate view in the audience's words: students and instructors
    the route's step, the layers, the depth and the fibres (measured: glutelib.palpation),
    clients where their therapist works and why; the endangerment sites near it (clients:
    "areas we treat gently")."""
    guide, atlas, plain = library.palpation, library.atlas, audience.plain
    words = library.audiences.words_for(audience).palpate
    entry, position = guide.entry(structure_id), guide.position(structure_id)
    part = atlas[structure_id]
    name = sentence_case(part.plain_name) if plain else part.label
    where = position.plain_label if plain else in_sentence(position.label)
    heading = PALPATE.heading(name, words.position.format(
        position=where, side=words.press_from[position.press_from]))  # fmt: skip
    near = sites_near(library, structure_id)
    site_rows = [s.spec.plain if plain else (s.spec.label, s.spec.why) for s in near]
    marker = f"{structure_id}/{step + 1}"
    sites = PALPATE.sites(words.sites, site_rows, marker, library.colours.caution)
    if plain:
        return PalpationWords(heading, PALPATE.route("", entry.client),
                              PALPATE.facts([words.drawn]), sites)  # fmt: skip
    total = len(entry.route)
    route = PALPATE.route(words.step.format(n=step + 1, total=total), entry.route[step].words)
    measured = reach(library, structure_id)
    layers = [" / ".join(atlas[i].name.lower() for i in stage) for stage in measured.stages]
    layers.append(part.name.lower())
    depth = words.depth.format(typical=f"{measured.typical_mm / 10:.1f}",
                               shallowest=f"{measured.shallowest_mm / 10:.1f}")  # fmt: skip
    if measured.behind_bone >= 0.1:
        depth += words.behind_bone.format(percent=round(measured.behind_bone * 100))
    facts = [words.layers.format(layers=" → ".join(layers)), depth,
             words.fibres.format(fibres=entry.fibres, stroke=words.stroke[entry.stroke]),
             words.not_palpable if entry.reach == "not_palpable" else ""]  # fmt: skip
    return PalpationWords(heading, route, PALPATE.facts(facts), sites)


PAIN_CAMERA = "posterior"  # a pain drawing opens from behind: most a glute guide meets is there
FLAG_MATCHES = 3  # the first few matches a root's pattern below the knee flags among


def show_pain(scene: Scene, strokes: tuple[int, ...], pattern: str | None,
              tool: str = "paint") -> None:  # fmt: skip
    """Where does it hurt: the body's skin alone, standing and solid, taking taps and drags
    (`tool`: 'paint' or 'erase'); the drawing on it and a pattern beside it (None: none).
    The camera is the person's."""
    scene.set_pose("standing").highlight().show_zones().mark().show_labels(False)
    scene.show_palpation(None).show_sites().show_fibres(None).mark_taps()
    scene.ask_touch(True).draw_pain(strokes, pattern, tool)


@dataclass(frozen=True)
class PainWords:
    """What the panel says of a drawing: the matches (id, words) best first, what each
    covers (id -> words), whether it reaches below the knee, the red flags (none unless a
    root's pattern leads or a nerve's feeling is ticked), in the audience's words."""

    matches: tuple[tuple[str, str], ...]
    covers: dict[str, str]
    summary: str  # nothing drawn, no match, or above / below the knee
    flags: tuple[str, ...]


def pain_matches(library: Library, strokes: tuple[int, ...], feelings: tuple[str, ...],
                 shown: int) -> list[Candidate]:  # fmt: skip
    """The patterns that match a drawing (skin vertices stroked), best first, at most
    `shown`; none for no drawing."""
    return ranked(library, strokes, feelings)[:shown] if strokes else []


def pain_flags(library: Library, strokes: tuple[int, ...], feelings: tuple[str, ...],
               below: bool) -> bool:  # fmt: skip
    """Whether a drawing and its feelings bring the red flags: numbness or tingling ticked,
    or a nerve root's pattern first on the drawing alone (feelings aside: an ache ticked
    must not hide them) or among the first few where it goes below the knee (`below`)."""
    if set(feelings) & set(NERVE_FEELINGS):
        return True
    plain = pain_matches(library, strokes, (), FLAG_MATCHES)
    return bool(plain) and (plain[0].kind == "dermatome"
                            or (below and any(c.kind == "dermatome" for c in plain)))  # fmt: skip


def pain_words(library: Library, strokes: tuple[int, ...], feelings: tuple[str, ...],
               audience: Audience) -> PainWords:  # fmt: skip
    """The words beside a pain drawing (see PainWords): the audience's `pain_matches` best.
    Clients read each match's plain name alone; students its name with how much of the
    drawing it explains and how much of it is drawn."""
    words = library.audiences.words_for(audience).pain
    found = pain_matches(library, strokes, feelings, audience.pain_matches)
    matches, covers = [], {}
    for c in found:
        spec = library.pain[c.id].spec
        name = spec.plain_name if audience.plain else spec.name
        matches.append((c.id, words.match.format(name=sentence_case(name),
                                                 explained=round(100 * c.explained),
                                                 covered=round(100 * c.covered))))  # fmt: skip
        covers[c.id] = sentence_case(spec.plain_label if audience.plain else spec.label)
    below = bool(strokes) and below_knee(library, strokes)  # once: the words and the flags
    if not strokes:
        summary = words.none_drawn
    elif not found:
        summary = words.no_match
    else:
        summary = words.below_knee if below else words.above_knee
    flags = words.flag_items if pain_flags(library, strokes, feelings, below) else ()
    return PainWords(matches=tuple(matches), covers=covers, summary=summary, flags=tuple(flags))


def pain_page_words(library: Library, audience: Audience) -> dict:
    """What a page with no kernel says of a drawing with (glutelib/js/pain.js `painWords`,
    the rule of `pain_words`), for one audience: its pain words, each pattern's name and
    what it covers (in `pain.page_data`'s order), how many matches it lists and whether
    it says what the one drawn covers."""
    plain = audience.plain
    specs = [library.pain[i].spec for i in library.pain.ids]
    return {
        "words": library.audiences.words_for(audience).pain.model_dump(),
        "names": [sentence_case(s.plain_name if plain else s.name) for s in specs],
        "labels": [sentence_case(s.plain_label if plain else s.label) for s in specs],
        "matches": audience.pain_matches,
        "covers": audience.pain_covers,
        "flag_matches": FLAG_MATCHES,
    }


def pain_opens(library: Library, pattern_id: str) -> tuple[str, str] | None:
    """What a pain match opens, as the quiz's review does (`open_review`'s kind, value): a
    muscle's or a joint's card in Explore ("structure", its id on the pattern's side), or
    for a nerve root the first walkthrough step that draws a root's pain on that side
    ("step", "<condition>:<n>"); None when neither is there."""
    found = library.pain[pattern_id]
    if found.structure is not None:
        ids = library.atlas.expand(found.structure)
        on_side = [i for i in ids if library.atlas[i].side in (found.side, None)]
        sid = (on_side or ids)[0]
        return None if sid in library.atlas.broken else ("structure", sid)
    for cid, condition in library.conditions.items():
        for n, step in enumerate(condition.steps, 1):
            roots = [z for z in step.zones if library.zones[z].role == "nerve_root"
                     and found.spec.root in library.zones[z].label]  # fmt: skip
            if any(library.zones[z].side in (found.side, None) for z in roots):
                return "step", f"{cid}:{n}"
    return None


def framed_on(step: Step, scene: Scene) -> set[str]:
    """What a step's view is framed on: what it shows above the knee (as the opening view),
    and whatever it highlights or marks below it (the feet of a gait, a pain zone to the
    foot, a marked landmark's bone)."""
    shown = scene.state.shown
    zones = {zone_key(z) for z in step.zones}
    marked = {scene.library.landmarks[k].bone for k in step.marks}
    named = (set(step.highlight) | marked) & shown
    return (shown - scene.library.opening_hidden) | named | zones


def show_question(
    scene: Scene,
    q: Question | None,
    answered: bool,
    tapped: list[str] | tuple[str, ...] = (),
    on_the_way: str | None = None,
    taps: list[tuple[str, float, float, float]] | tuple = (),
) -> None:
    """Put a question (or, `answered`, its answer) into the scene; None: the whole body from
    behind, as the menu shows it. A part to name or find, and an answer, are seen from the
    question's view (the one its part faces), peeled to it: a name-it part and an answer
    close up, a find-it part among its neighbours; other questions are asked on the whole
    body from behind, giving nothing away. `tapped`: the part a missed find-it click landed
    on, shown beside the answer (the dashboard and the lesson both show questions through
    this). A prediction's answer shows the whole body in its pose, the answer coloured by
    its length; `on_the_way` (a pose) draws the body on its way there, the view held still.
    A palpate-it question (`show_touch`) marks `taps` (words, x, y, z) on the skin."""
    library = scene.library
    known = set(scene.ids)
    scene.ask_touch(False).mark_taps().show_skin(False).show_palpation(None).show_sites()
    if q is not None and q.taps:
        show_touch(scene, q, answered, taps)
        return
    scene.isolate(*(i for i in known if not library.atlas[i].variant))
    scene.set_pose("standing").show_strain(False).show_zones().mark().show_labels(False)
    scene.show_fibres(None)
    body = scene.state.shown - library.opening_hidden
    looks = q is not None and (answered or q.kind in ("name_it", "find_it"))
    camera = (q.camera or ASK_FROM) if looks else ASK_FROM
    if looks and answered and q.pose and q.camera is None:  # the view it faces in the pose
        camera = view_of(library, q.show, q.peel, q.pose)[0]
    scene.set_camera(camera).highlight()
    scene.hide_names(q is not None and not answered).peel(q.peel if looks else None)
    if not looks:
        scene.frame_on(*body)
        return
    shown = [i for i in q.show if i in known]
    if q.kind == "predict":  # answered: the body moves there, framed whole
        scene.set_pose(q.pose).show_strain(True).highlight(*shown).frame_on(*body)
        if on_the_way:
            scene.set_pose(on_the_way).hold_frame(q.pose)
        scene.show_labels(True)
        return
    if q.kind == "find_it" and not answered:
        scene.close_up_on_region(*([i for i in q.frame if i in known] or body))
        scene.zoom(zoom_to_share(scene.state, library, shown, FIND_IT_SHARE))
        return
    scene.highlight(*shown, *tapped)
    if answered and q.pose:
        scene.set_pose(q.pose).show_strain(True)
    if answered and q.zones:
        scene.show_zones(*q.zones)
        scene.frame_on(*body, *(zone_key(z) for z in q.zones))
    elif shown:
        fit = [i for i in q.fit if i in known] or shown
        scene.fit(*fit, *tapped)
        scene.zoom(zoom_to_share(scene.state, library, [*fit, *tapped], NAME_IT_SHARE))
    scene.show_labels(answered and bool(shown))


def show_touch(scene: Scene, q: Question, answered: bool,
               taps: list[tuple[str, float, float, float]] | tuple = ()) -> None:  # fmt: skip
    """A palpate-it question: asked, the skin alone, solid, from the side a finger presses
    and framed as the structure's Palpate view; answered, that view at the route's last
    step (its landmarks marked, its projection outlined on the skin). `taps` (words, x, y,
    z) are marked either way."""
    route = scene.library.palpation.entry(q.review).route
    show_palpation(scene, q.review, len(route) - 1)
    scene.mark_taps(*taps)
    if not answered:
        scene.mark().show_labels(False).show_palpation(None).show_sites().show_fibres(None)
        scene.highlight().ask_touch(True)


def review_target(
    library: Library, q: Question, ids: list[str] | tuple[str, ...]
) -> tuple[str, str, str] | None:
    """What a missed question's review opens, as (kind, value, label): its structure
    ("structure", id), or the first walkthrough step that draws its zone ("step",
    "<condition>:<n>"); None when it is neither among `ids` nor drawn by a step."""
    if q.taps:
        return "palpate", q.review, library.atlas[q.review].label
    if q.review in ids:
        return "structure", q.review, library.atlas[q.review].label
    for cid, condition in library.conditions.items():
        for n, step in enumerate(condition.steps, 1):
            if q.review in step.zones:
                return "step", f"{cid}:{n}", f"{condition.title}, step {n}"
    return None


@dataclass(frozen=True)
class StepWords:
    """A step on the page, as HTML: its title, progress, words and notes below them."""

    title: str
    progress: str
    text: str
    notes: str


def step_words(
    scene: Scene, condition: Condition, index: int, audience: Audience, show_notes: bool = False
) -> StepWords:
    """Step `index` (0-based) of `condition` in the audience's words, the scene showing it
    (the strain legend reads its pose); the speaker notes when asked for and the audience
    has them. The dashboard's panel and the lesson both show these."""
    step, plain = condition.steps[index], audience.plain
    total, page = len(condition.steps), scene.library.audiences.page
    notes = step.text.instructor if audience.speaker_notes and show_notes else ""
    words = step.text.client if plain else step.text.student
    return StepWords(
        title=STEP.title(step.heading(plain)),
        progress=STEP.progress(index, total, page.progress.format(n=index + 1, total=total)),
        text=STEP.text(words, page.say("notes_heading"), notes),
        notes=_notes(scene, condition, index, audience),
    )


def ahead_words(condition: Condition, index: int, audience: Audience, page: PageWords) -> str:
    """What a presenter's window shows under the notes: the next step's heading (or that this
    is the last), and a clock the page keeps."""
    steps = condition.steps
    following = index + 1 < len(steps)
    next_words = (page.say("next_step", title=steps[index + 1].heading(audience.plain))
                  if following else page.say("last_step"))  # fmt: skip
    return STEP.ahead(next_words)


def _notes(scene: Scene, condition: Condition, index: int, audience: Audience) -> str:
    """Below the text: the widening note, the strain legend, the zones' legend; and which step
    this is, for the page to read (set last, so the rest of the step is shown)."""
    step, plain, library = condition.steps[index], audience.plain, scene.library
    widening = scene.pose.widening_note(plain=plain)
    notes = [STEP.shown(f"{condition.id}/{index + 1}", widening)]
    if step.strain:
        words = library.audiences.words_for(audience).strain
        notes.append(strain_legend_html(scene, step, plain, words))
    if step.zones:
        rows = zone_legend_rows(library, list(step.zones), plain)
        notes.append(render("app/static/zone_legend.html", rows=rows))
    return "".join(notes)


__all__ = ["ASK_FROM", "MOVE_CAMERA", "StepWords", "framed_on", "review_target", "show_moved",
           "show_question", "show_step", "show_touch", "step_words", "strain_legend_html",
           "strain_rows", "zone_legend_rows"]  # fmt: skip
