"""One colour language (issue 30 items 2 and 3): every colour on every screen means one thing,
from data/colours.yaml; parts named together are told apart; each leader ends on its own
part where it is seen."""

from __future__ import annotations

import itertools
import random
import re
import shutil

import numpy as np
import pytest
import trimesh

from glutelib import drawing, labels, view
from glutelib.atlas import SKIN_KEY
from glutelib.colours import (
    COLOURS,
    MIN_UNCHANGED_CONTRAST,
    NEAR_DELTA_E,
    contrast,
    load_colours,
    seen_delta_e,
)
from glutelib.datafiles import DATA_DIR, data_path
from glutelib.errors import DataFileError
from glutelib.fibres import FIBRES_KEY
from glutelib.palpation import OUTLINE_KEY, SITES_KEY
from glutelib.present import (
    show_palpation,
    show_question,
    show_step,
    strain_legend_html,
    zone_legend_rows,
)
from glutelib.quiz import KINDS, load_rules, questions
from glutelib.scene import Scene
from glutelib.view import ON_THE_SKIN
from glutelib.zones import zone_in

DEEP_SIX = ["piriformis", "gemellus_superior", "obturator_internus", "gemellus_inferior",
            "quadratus_femoris", "obturator_externus"]  # fmt: skip
NAMED_APART = 15.0  # the named palette's colours, pairwise, for every viewer (Okabe-Ito's own)


def fresh(library) -> Scene:
    """A scene as the dashboard opens it."""
    ids = list(library.atlas.ids)
    home = [i for i in ids if i not in library.opening_hidden]
    return Scene(library, structures=ids, shown=home, camera=library.settings.opening_view.camera)


def meanings(state, library) -> dict[str, set[str]]:
    """{colour: what it stands for} over the traces the state shows."""
    lang, atlas = library.colours, library.atlas
    out: dict[str, set[str]] = {}
    for name, style in drawing.styles(state, library).items():
        if not style["visible"]:
            continue
        zone = zone_in(name)
        if zone:
            meaning = f"zone {library.zones[zone].role}"
        elif name in ON_THE_SKIN:  # the skin, the fibres, palpation's outline and sites
            outline = f"named {atlas[state.palpate or 'sacrum'].stem}"
            meaning = {OUTLINE_KEY: outline, SITES_KEY: "caution", SKIN_KEY: "skin",
                       FIBRES_KEY: "fibres"}[name]  # fmt: skip
        elif (
            state.strain
            and atlas[name].kind == "muscle"
            and (not state.highlighted or name in state.highlighted)
        ):
            ratio = library.rig.length_ratio(name, library.pose(state.pose))
            meaning = "strain" if style["color"] == lang.strain_colour(ratio) else "strain?"
        elif name in state.highlighted and state.strain:
            meaning = "named beside strain"  # one colour: the muscles' tell the length
        elif name in state.highlighted:
            meaning = f"named {atlas[name].stem}"
        elif state.highlighted or state.zones:
            meaning = "nerve" if style["color"] == lang.nerve else "context"
        else:
            meaning = f"atlas {atlas[name].kind}"
        out.setdefault(style["color"], set()).add(meaning)
    return out


def check_screen(state, library, where: str) -> None:
    """Every colour from the language, one meaning each, different meanings apart for every
    viewer, and parts named together each in their own colour where the palette allows."""
    lang = library.colours
    roles = set(lang.roles().values())
    by_colour = meanings(state, library)
    for colour, what in by_colour.items():
        assert "strain?" not in what, f"{where}: {colour} is not the scale's for its length"
        if what != {"strain"} and not any(w.startswith("atlas") for w in what):
            assert colour in roles, f"{where}: {colour} ({what}) is not in {COLOURS}"
        assert len(what) == 1, f"{where}: {colour} means {sorted(what)}"
    named = [c for c, w in by_colour.items() if next(iter(w)).startswith("named")]
    if state.highlighted or state.zones:  # the atlas' own colours only where nothing is named
        assert not any(w.startswith("atlas") for ws in by_colour.values() for w in ws), where
    for a, b in itertools.combinations(by_colour, 2):
        kinds = {next(iter(by_colour[a])).split()[0], next(iter(by_colour[b])).split()[0]}
        if kinds == {"fibres", "named"}:  # the arrows stand out from the muscle they lie on
            assert seen_delta_e(a, b) >= NEAR_DELTA_E, f"{where}: the arrows on their muscle"
        if kinds in ({"strain"}, {"atlas"}, {"context"}) or kinds & {"skin", "fibres"}:
            continue  # the scale's own steps; the tissues' own colours when nothing is named;
            # the context, muted in each tissue's colour; the skin, faint over everything;
            # the fibre arrows, lying on their own muscle only
        least = NAMED_APART if kinds == {"named"} else NEAR_DELTA_E
        assert seen_delta_e(a, b) >= least, f"{where}: {by_colour[a]} {a} ~ {by_colour[b]} {b}"
    stems = {library.atlas[i].stem for i in drawing.named_colours(state, library)
             if view.visible(i, state, library)}  # fmt: skip
    if not state.strain:
        assert len(named) == len(stems), f"{where}: {len(stems)} named parts in {len(named)}"


def test_the_language_gives_each_role_its_own_colour():
    lang = load_colours()
    roles = lang.roles()
    assert len(set(roles.values())) == len(roles)
    for a, b in itertools.combinations(lang.named, 2):
        assert seen_delta_e(a, b) >= NAMED_APART, (a, b)
    for c in lang.named:  # a named part stands out from the grey for every viewer
        assert seen_delta_e(c, lang.context) >= NEAR_DELTA_E, c


def test_unchanged_is_visible_on_the_page_and_darker_than_the_context():
    lang = load_colours()
    assert contrast(lang.strain.unchanged, lang.page) >= MIN_UNCHANGED_CONTRAST  # WCAG non-text
    assert seen_delta_e(lang.strain.unchanged, lang.context) >= NEAR_DELTA_E
    assert lang.strain_colour(1.0) == lang.strain.unchanged
    assert lang.strain_colour(2.0) == lang.strain.longer.lower()
    assert lang.strain_colour(0.5) == lang.strain.shorter.lower()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('referral: "#ef8a62"', 'referral: "#b2182b"'), "zone_referral and zone_pain .*one"),
        (('unchanged: "#767676"', 'unchanged: "#f7f7f7"'), r"#f7f7f7 has only 1.1:1 .*3:1"),
        (('mark: "#000000"', 'mark: "black"'), "mark: String should match"),
        (('  nerve_root: "#2166ac"\n', ""), "zones must give exactly pain, referral"),
    ],
)  # fmt: skip
def test_a_bad_colour_file_is_named_with_its_field_and_fix(tmp_path, change, message):
    shutil.copy(data_path(COLOURS), tmp_path / COLOURS)
    text = (tmp_path / COLOURS).read_text()
    assert change[0] in text
    (tmp_path / COLOURS).write_text(text.replace(change[0], change[1]))
    with pytest.raises(
        DataFileError, match=f"(?s)Colour file {re.escape(str(tmp_path))}.*{message}"
    ):
        load_colours(tmp_path / COLOURS)


def test_zones_name_a_role_and_take_its_colour(library):
    raw = (DATA_DIR / "zones.yaml").read_text()
    assert not re.search(r"#[0-9a-fA-F]{6}", raw)  # no colour in zones.yaml: roles only
    state = fresh(library).show_zones(*library.zones.ids).state
    styles = drawing.styles(state, library)
    for zid in library.zones.ids:
        role = library.zones[zid].role
        assert styles[f"zone:{zid}"]["color"] == library.colours.zone(role)
    pain = {library.colours.zone(r) for r in ("pain", "referral")}
    root = library.colours.zone("nerve_root")
    for c in pain:  # one hue family for pain and referral, apart from the nerve roots'
        assert seen_delta_e(c, root) >= NEAR_DELTA_E


def test_every_step_in_every_audience_speaks_the_colour_language(library):
    for cid, condition in library.conditions.items():
        for n, step in enumerate(condition.steps, 1):
            scene = fresh(library)
            show_step(scene, step)
            check_screen(scene.state, library, f"{cid} step {n}")


def test_every_palpate_view_speaks_the_colour_language(library):
    """The outline on the skin is its part's colour; the sites' caution colour stands apart
    from every other colour on the screen, for every viewer: a part of each kind (a muscle,
    a nerve, the SI joint, a fascia) from each side a finger presses (right: the left
    mirrors)."""
    for sid in ("piriformis_r", "sciatic_nerve_r", "sacroiliac_joint_r", "iliotibial_band_r",
                "psoas_major_r"):  # fmt: skip
        scene = fresh(library)
        show_palpation(scene, sid, 0)
        check_screen(scene.state, library, f"palpate {sid}")


def test_every_pick_at_every_layer_speaks_the_colour_language(library):
    layers = (None, *library.atlas.layers.order)
    for stem, every in library.atlas.stems.items():
        ids = [i for i in every if i in fresh(library).state.shown]  # as the list offers them
        for peel in layers if ids else ():
            scene = fresh(library)
            scene.highlight(*ids).peel(peel).show_labels(True)
            check_screen(scene.state, library, f"{stem} at {peel}")
            assert all(view.visible(i, scene.state, library) for i in ids)  # never peeled away
            assert labels.labelled(scene.state, library) == sorted(ids)


def test_every_quiz_answer_speaks_the_colour_language(library):
    rules = load_rules(library)
    rng = random.Random(7)
    for kind in KINDS:
        if kind not in rules.kinds:
            continue
        for q in questions(library, kind, rng, rules):
            scene = fresh(library)
            show_question(scene, q, answered=True)
            check_screen(scene.state, library, f"{kind}: {q.prompt if hasattr(q, 'prompt') else q}")


def test_the_deep_six_are_six_colours(library):
    scene = fresh(library).peel("superficial")
    scene.highlight(*(i for stem in DEEP_SIX for i in library.atlas.stems[stem]))
    named = drawing.named_colours(scene.state, library)
    by_stem = {library.atlas[i].stem: c for i, c in named.items()}
    assert len(set(by_stem.values())) == 6
    for a, b in itertools.combinations(by_stem.values(), 2):
        assert seen_delta_e(a, b) >= NAMED_APART
    assert named["piriformis_r"] == named["piriformis_l"]  # a part's two sides alike


def test_bones_and_nerves_draws_nerves_as_nerves_and_keeps_the_pick(library):
    scene = fresh(library).highlight("piriformis_r", "piriformis_l").show_labels(True)
    deepest = library.atlas.layers.order[-1]
    scene.peel(deepest)
    styles = drawing.styles(scene.state, library)
    lang = library.colours
    nerves = [s.id for s in library.atlas if s.kind == "nerve" and s.id in scene.state.shown]
    assert nerves and all(styles[i]["color"] == lang.nerve and styles[i]["visible"] for i in nerves)
    assert styles["piriformis_r"]["visible"] and styles["piriformis_r"]["color"] == lang.named[0]
    assert styles["hip_bone_r"]["color"] == lang.context
    assert not styles["gluteus_maximus_r"]["visible"]  # the rest of the soft tissue is peeled
    names = [a["name"] for a in labels.annotations(scene.state, library)]
    assert names == ["piriformis_l", "piriformis_r"]
    scene.highlight("sciatic_nerve_r")  # a nerve named: the other nerves go grey
    styles = drawing.styles(scene.state, library)
    assert styles["sciatic_nerve_r"]["color"] == lang.nerve
    assert styles["sciatic_nerve_l"]["color"] == lang.context


def first_hits(state, library, anchors: np.ndarray) -> list[str]:
    """What each ray from the eye to an anchor (n, 3) mm first meets among the shown parts:
    the drawn meshes, intersected by trimesh (apart from the labels' own depth grid)."""
    names, meshes = [], []
    for i in state.structures:
        if view.visible(i, state, library):
            v, f = view.drawn(i, state, library)
            meshes.append(trimesh.Trimesh(v, f, process=False))
            names += [i] * len(f)
    whole = trimesh.util.concatenate(meshes)
    p = labels.Projection.of(state, library)
    scale = view.domain_scale(p.lo, p.hi)
    eye = p.eye / scale + (p.lo + p.hi) / 2
    hit = whole.ray.intersects_first(np.repeat(eye[None], len(anchors), 0), anchors - eye)
    return [names[k] if k >= 0 else "" for k in hit]


@pytest.mark.parametrize("screen", [(1366, 768), (1024, 768), (1920, 1080)])
def test_each_leader_ends_on_its_own_part_where_it_is_seen(library, screen):
    scene = fresh(library).peel("superficial").show_labels(True).set_camera("posterior")
    scene.highlight(*(i for stem in DEEP_SIX for i in library.atlas.stems[stem]))
    scene.fit(*scene.state.highlighted)
    w, h = screen
    scene.state.view_px, scene.state.view_aspect = int(h * 0.8), round(w * 0.68 / (h * 0.8), 2)
    notes = labels.annotations(scene.state, library)
    toward = labels.Projection.of(scene.state, library).toward_mm()
    ends = np.array([[a["x"], a["y"], a["z"]] for a in notes]) - toward * labels.LIFT_MM
    # a hair nearer the eye than the surface point, so the ray meets it first when it is seen
    hits = first_hits(scene.state, library, ends + toward * 0.5)
    seen = [a["name"] for a, hit in zip(notes, hits, strict=True) if hit == a["name"]]
    hidden = labels.labelled(scene.state, library)
    # every part with any of itself in sight has its leader end on itself
    assert len(seen) >= len(notes) - 1, list(zip(notes, hits, strict=True))
    assert set(hidden) == {a["name"] for a in notes}


def test_a_zone_legend_lists_each_zone_once_in_its_role_colour(library):
    for cid, condition in library.conditions.items():
        for n, step in enumerate(condition.steps, 1):
            for plain in (False, True):
                rows = zone_legend_rows(library, list(step.zones), plain)
                names = [name for _, name in rows]
                assert len(names) == len(set(names)), (cid, n, names)
                for colour, _ in rows:
                    assert colour in library.colours.zones.values()
    rows = zone_legend_rows(library, ["sacroiliac_region_r", "sacroiliac_region_l"], False)
    assert rows == [(library.colours.zone("pain"), "Sacroiliac joint region (over the dimple)")]


def test_the_strain_legend_shows_the_scale_and_unchanged_in_a_visible_tint(library):
    lang = library.colours
    words = library.audiences.words_for(library.audiences.audiences["student"]).strain
    words = words.model_copy(update={"unchanged": "<b>same</b> & steady"})
    condition = library.conditions["hip_rotators"]
    step = condition.steps[0].model_copy(update={"strain": True, "highlight": ["femur_r"]})
    scene = fresh(library)
    show_step(scene, step)
    html = strain_legend_html(scene, step, False, words)
    assert f"linear-gradient(to right, {', '.join(lang.strain_stops())})" in html
    assert f'<span class="t-swatch" style="background:{lang.strain.unchanged}"></span>' in html
    assert "&lt;b&gt;same&lt;/b&gt; &amp; steady" in html  # words are escaped
    assert "#f7f7f7" not in html and "#ffffff" not in html
