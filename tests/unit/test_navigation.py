"""The page's state machine without widgets (glutelib/app/navigation.py): addresses read and
written, every key that moves the page, and Back."""

from __future__ import annotations

import dataclasses

import pytest

from glutelib.app import navigation
from glutelib.app.keys import load_keymap
from glutelib.app.navigation import PageState, Places, parse, to_query
from glutelib.joints import load_joints

JOINTS = load_joints()


def read_pose(code: str) -> tuple[str, list]:
    pose, said = JOINTS.read_code(code)
    return JOINTS.code_of(pose), said


PLACES = Places(
    modes=("student", "client", "instructor"),
    quiz_modes=frozenset({"student", "instructor"}),
    notes_modes=frozenset({"instructor"}),
    steps={"low_back_sitting": 5, "pregnancy": 6},
    find={"piriformis": "piriformis", "right piriformis": "piriformis_r",
          "piriformis_r": "piriformis_r", "psis_r": "psis_r"}.get,
    read_pose=read_pose,
)  # fmt: skip
START = PageState(mode="student", condition="low_back_sitting")


def test_the_real_places_know_the_library(library):
    places = Places.of(library, library.atlas.ids)
    assert next(iter(places.steps)) == next(iter(library.conditions))
    assert places.find("right piriformis") == "piriformis_r"
    assert places.find("piriformis") == "piriformis"  # a pair: both sides
    assert places.find("ischial_tuberosity_r") == "ischial_tuberosity_r"  # a landmark
    assert places.find("qqqq") is None
    assert places.quiz_modes == {"student", "instructor"} and places.notes_modes == {"instructor"}


@pytest.mark.parametrize(
    "query",
    ["?mode=student", "?mode=client&condition=pregnancy&step=3", "?mode=student&quiz=find_it",
     "?mode=instructor&structure=piriformis_r", "?mode=student&structure=piriformis",
     "?mode=client&condition=low_back_sitting&step=5",
     "?mode=student&pose=hip_flexion_r%3A90%2Cknee_flexion_r%3A45", "?mode=client&pose="],
)  # fmt: skip
def test_an_address_round_trips(query):
    state, said = parse(query, PLACES, START)
    assert said == [] and to_query(state) == query


def test_bad_values_are_named_and_the_rest_applies():
    state, said = parse("?mode=teacher&condition=pregnancy&step=9", PLACES, START)
    assert state.mode == "student" and (state.condition, state.step) == ("pregnancy", 0)
    assert said == [
        (
            "no_mode",
            {"mode": "teacher", "shown": "student", "modes": "student, client, instructor"},
        ),
        ("step_range", {"name": "pregnancy", "total": 6, "step": "9"}),
    ]
    state, said = parse("?condition=nothing&structure=zzz", PLACES, START)
    assert state.section == "explore" and state.structure is None
    assert said == [
        ("no_walkthrough", {"name": "nothing", "known": "low_back_sitting, pregnancy"}),
        ("nothing_called", {"name": "zzz"}),
    ]
    state, said = parse("?mode=client&quiz=name_it", PLACES, START)
    assert state.section == "explore" and said == [("quiz_not_for_mode", {})]


def test_a_pose_in_the_address_opens_move_tidied_and_a_bad_angle_is_named():
    state, said = parse("?mode=student&pose=knee_flexion_r:45,hip_flexion_r:90.0", PLACES, START)
    assert (state.section, state.pose, said) == ("move", "hip_flexion_r:90,knee_flexion_r:45", [])
    state, said = parse("?pose=knee_flexion_r:200,hip_twist_r:4,pelvic_tilt:abc", PLACES, START)
    assert state.section == "move" and state.pose == "knee_flexion_r:135"
    assert [key for key, _ in said] == ["angle_clamped", "no_joint", "bad_angle"]
    back, _ = parse("?mode=student", PLACES, state)  # Back from Move: exploring again
    assert back.section == "explore"


def test_control_characters_are_dropped_before_a_value_is_read():
    state, said = parse("?mode=cli%00ent&condition=pregnancy%1B&step=2%0A", PLACES, START)
    assert said == [] and (state.mode, state.condition, state.step) == ("client", "pregnancy", 1)


def test_back_from_a_step_or_a_quiz_to_an_address_without_one_explores():
    inside, _ = parse("?mode=student&condition=pregnancy&step=4", PLACES, START)
    back, _ = parse("?mode=student&structure=piriformis_r", PLACES, inside)
    assert (back.section, back.structure) == ("explore", "piriformis_r")
    quiz, _ = parse("?mode=student&quiz=name_it", PLACES, back)
    home, _ = parse("?mode=student", PLACES, quiz)
    assert (home.section, home.structure, home.quiz) == ("explore", None, "name_it")


def walkthrough(step: int = 2) -> PageState:
    return dataclasses.replace(START, section="conditions", condition="pregnancy", step=step)


@pytest.mark.parametrize(
    "action, key, step",
    [("next_step", "", 3), ("previous_step", "", 1), ("first_step", "", 0),
     ("last_step", "", 5), ("step_number", "5", 4), ("step_number", "6", 5)],
)  # fmt: skip
def test_every_step_key_moves_the_walkthrough(action, key, step):
    assert navigation.apply(walkthrough(), action, PLACES, key).step == step


def test_steps_stop_at_the_ends_and_a_digit_past_the_last_is_not_a_step():
    assert navigation.apply(walkthrough(5), "next_step", PLACES).step == 5
    assert navigation.apply(walkthrough(0), "previous_step", PLACES).step == 0
    assert navigation.apply(walkthrough(), "step_number", PLACES, "7") is None  # a view, then
    assert navigation.apply(walkthrough(), "step_number", PLACES, "²") is None


def test_notes_help_and_test_yourself_keys_follow_the_mode():
    teacher = dataclasses.replace(walkthrough(), mode="instructor")
    assert navigation.apply(teacher, "toggle_notes", PLACES).notes is True
    assert navigation.apply(walkthrough(), "toggle_notes", PLACES) is None  # a student's N
    assert navigation.apply(START, "toggle_help", PLACES).help is True
    assert navigation.apply(START, "open_quiz", PLACES).section == "quiz"
    client = dataclasses.replace(START, mode="client")
    assert navigation.apply(client, "open_quiz", PLACES) is None


def test_every_keymap_action_is_a_page_action_or_a_shortcut():
    from glutelib.app.keys import PAGE_ACTIONS
    from glutelib.app.shortcuts import Shortcuts

    for binding in load_keymap().bindings:
        action = binding.action
        assert action in navigation.ACTIONS or hasattr(Shortcuts, action) or \
            action in PAGE_ACTIONS, action  # fmt: skip
    with pytest.raises(ValueError, match="not a page action"):
        navigation.apply(START, "zoom", PLACES, "+")


def test_every_message_is_in_the_words_and_says_what_it_names(library):
    words = library.audiences.page
    said = words.say("no_walkthrough", name="nothing", known="pregnancy")
    assert said == "There is no walkthrough called “nothing”. Pick one of: pregnancy."
    _, told = parse("?mode=teacher&condition=pregnancy&step=9&structure=zzz", PLACES, START)
    assert [words.say(key, **fields) for key, fields in told]  # every key has its words


def test_an_instructors_two_windows_keep_their_screen_through_every_address():
    presenter, said = parse("?mode=instructor&condition=pregnancy&step=2&screen=presenter",
                            PLACES, START)  # fmt: skip
    assert presenter.screen == "presenter" and not said
    assert to_query(presenter) == "?mode=instructor&condition=pregnancy&step=2&screen=presenter"
    moved, _ = parse("?mode=instructor&condition=pregnancy&step=4", PLACES, presenter)
    assert moved.screen == "presenter" and moved.step == 3  # the slide's step, this window's screen
    bad, said = parse("?screen=projector", PLACES, presenter)
    assert bad.screen == "presenter" and said[0][0] == "no_screen"
    assert said[0][1]["screens"] == "presenter, slide"


def test_a_presenters_window_shows_the_notes_and_only_an_instructor_has_one():
    presenter = PageState(mode="instructor", condition="pregnancy", screen="presenter")
    assert navigation.settle(presenter, PLACES).notes is True
    slide = dataclasses.replace(presenter, screen="slide")
    assert navigation.settle(slide, PLACES).notes is False
    client = dataclasses.replace(presenter, mode="client")
    assert navigation.settle(client, PLACES).screen == ""
    assert "screen" not in to_query(navigation.settle(client, PLACES))
