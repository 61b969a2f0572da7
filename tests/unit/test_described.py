"""The 3D view in words (glutelib.described): what a screen reader hears names what the
picture shows, in the audience's words, never a quiz's answer; the dashboard keeps it in a
live region and names what its widgets cannot."""

from __future__ import annotations

import html
import random
import re

import pytest

from glutelib import quiz, view
from glutelib.app.aria import SAID
from glutelib.app.dashboard import Dashboard
from glutelib.cards import card_said
from glutelib.described import MAX_NAMED, view_said, walked
from glutelib.lengths import percent
from glutelib.lesson.frames import audience_scene
from glutelib.present import show_question, show_step


def scene_for(library, mode):
    return audience_scene(library, list(library.atlas.ids), library.audiences.audiences[mode])


@pytest.mark.parametrize("mode", ["student", "client"])
def test_every_step_names_what_it_shows_and_only_that(library, mode):
    scene = scene_for(library, mode)
    plain = mode == "client"
    for condition in library.conditions.values():
        for n, step in enumerate(condition.steps):
            show_step(scene, step)
            state, said = scene.state, view_said(scene.state, library)
            where = library.camera(state.camera).plain_label
            assert said.startswith(where), (condition.id, n, said)
            shown = [i for i in state.structures if view.visible(i, state, library)]
            named = [i for i in shown if i in state.highlighted]
            for i in named[:MAX_NAMED]:
                assert library.atlas[i].label_in(plain) in said, (condition.id, n, i)
            hidden = [i for i in state.highlighted if i not in shown]  # peeled or off: unsaid
            for i in hidden:
                label = library.atlas[i].label_in(plain)
                assert not any(label == library.atlas[j].label_in(plain) for j in named)
                assert f" {label}," not in said and f" {label}." not in said, (condition.id, n, i)
            for z in state.zones:
                zone = library.zones[z]
                assert (zone.plain_label if plain else zone.label) in said


def test_a_position_says_the_highlighted_muscles_lengths_as_the_rig_measures_them(library):
    scene = scene_for(library, "student")
    step = library.conditions["low_back_sitting"].steps[2]
    show_step(scene, step)
    said = view_said(scene.state, library)
    assert "From behind, sitting (hips and knees at 90 degrees" in said
    ratio = library.rig.length_ratio("gluteus_maximus_r", library.pose("seated"))
    assert f"Longer than standing: Gluteus maximus (right) {percent(ratio):+.0f} %" in said
    scene.set_pose("hip_flexion_r:90,hip_rotation_r:30")
    said = view_said(scene.state, library)
    assert "the right hip flexed 90° and externally rotated 30°" in said
    fair = library.conditions["sciatica_vs_piriformis"].steps[4]
    show_step(scene, fair)
    assert "Right side, FAIR position" in view_said(scene.state, library)  # an acronym kept


def test_a_client_hears_plain_words(library):
    scene = scene_for(library, "client")
    show_step(scene, library.conditions["sciatica_vs_piriformis"].steps[0])
    said = view_said(scene.state, library)
    assert said.startswith("From behind") and "In colour: Right pear-shaped muscle" in said
    assert "Piriformis" not in said and "Highlighted" not in said


def test_a_question_never_gives_its_answer_away(library):
    """Asked (not yet answered), no kind's right answer is heard, unless the question itself
    says it (Find it names the part to find); answered, Name it's is."""
    scene = scene_for(library, "student")
    names = {i: library.atlas[i].label for i in library.atlas.ids}
    for kind in quiz.KINDS:
        for q in quiz.questions(library, kind, random.Random(2)):
            show_question(scene, q, answered=False)
            said = view_said(scene.state, library)
            answer = quiz.answer_words(q, names)
            if answer not in q.prompt:
                assert answer not in said, (kind, q.key, said)
            if kind == "name_it":
                assert "question asks its name" in said and names[q.review] not in said
    show_question(scene, q, answered=True)  # the last palpate-it, answered: named
    assert library.atlas[q.review].label in view_said(scene.state, library)


def test_the_dashboard_keeps_it_in_a_live_region_and_names_the_walkthrough_picker(library):
    board = Dashboard(library)
    board.open_condition("low_back_sitting", "3")
    said = board.view.said
    assert SAID in said._dom_classes
    assert said.value == html.escape(view_said(board.scene.state, library))
    assert re.search(r"From behind, sitting .*Gluteus maximus \(right\) \+\d+ %", said.value)
    region = board.bridge.aria[f".{SAID}"]
    assert region == {"role": "region", "aria-live": "polite",
                      "aria-label": "What the 3D view shows"}  # fmt: skip
    assert board.bridge.aria[".t-condition-picker select"]["aria-label"] == "Walkthrough"
    board.set_mode("client")
    assert board.bridge.aria[f".{SAID}"]["aria-label"] == "What the picture shows"
    assert "In colour:" in said.value


def test_the_keyboard_walks_every_part_shown_highlighted_first_and_reads_its_card(library):
    """`]` goes through what a step shows one by one, round at the end, `[` back; each is
    named in the view in the focus ring's colour and read out with its card; a new step
    starts the walk again; a question asking names has nothing to walk through."""
    board = Dashboard(library)
    board.open_condition("sciatica_vs_piriformis", "2")
    state = board.scene.state
    parts = walked(state, library)
    shown = [i for i in state.structures if view.visible(i, state, library)]
    assert sorted(parts) == sorted(shown) and len(parts) == len(set(parts))
    highlighted = [i for i in shown if i in state.highlighted]
    assert highlighted and parts[: len(highlighted)] == highlighted
    student = library.audiences.audiences["student"]
    for number, part in enumerate(parts[:3], 1):
        board.on_key("]")
        assert board.scene.state.pointed == part
        said = html.unescape(board.view.said.value)
        card = card_said(library.atlas[part], student, library.audiences)
        assert said.startswith(f"Part {number} of {len(parts)}")
        assert said.endswith(card) and library.atlas[part].origin in said
        boxed = [a for a in board.view.figure.layout.scene.annotations if a.borderwidth]
        assert [a.name for a in boxed] == [part]
        assert boxed[0].bordercolor == library.colours.focus
    board.on_key("[")
    assert board.scene.state.pointed == parts[1]
    board.on_key("?")  # the help (and the notes, the mode's words) leave the walk where it is
    board.on_key("?")
    assert board.scene.state.pointed == parts[1]
    for _ in range(len(parts) - 1):
        board.on_key("]")
    assert board.scene.state.pointed == parts[0]  # round at the end
    board.on_key("ArrowRight")  # the next step: the walk starts again, its name goes
    assert board.scene.state.pointed is None
    assert not any(a.borderwidth for a in board.view.figure.layout.scene.annotations)
    assert html.unescape(board.view.said.value) == view_said(board.scene.state, library)
    board.set_mode("client")
    board.on_key("]")
    said = html.unescape(board.view.said.value)
    assert ", in colour: " in said and "In plain words:" in said and "Origin" not in said
    board.set_mode("student")
    board.open_quiz("name_it")
    board.on_key("]")
    assert board.scene.state.pointed is None and "question asks" in board.view.said.value
    board.set_section("pain")  # the skin alone: no part shown to walk through
    board.on_key("]")
    assert html.unescape(board.view.said.value) == "No parts are shown here to go through."
