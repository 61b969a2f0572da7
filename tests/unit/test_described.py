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
from glutelib.described import MAX_NAMED, view_said
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
