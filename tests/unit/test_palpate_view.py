"""Palpate (issue 34 items 1, 2 and 4): the address, the keys that step a route, the scene a
route step draws and its words in each audience."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from glutelib import drawing, view
from glutelib.app import Dashboard, navigation
from glutelib.app.figure_widget import FigureSync
from glutelib.app.navigation import PageState, Places, parse, to_query
from glutelib.palpation import OUTLINE_KEY, SITES_KEY
from glutelib.present import palpation_marks, show_palpation
from glutelib.scene import Scene

PLACES = Places(
    modes=("student", "client", "instructor"),
    quiz_modes=frozenset({"student", "instructor"}),
    notes_modes=frozenset({"instructor"}),
    steps={"low_back_sitting": 5},
    find={}.get,
    read_pose=lambda code: (code, []),
    routes={"piriformis_r": 4, "piriformis_l": 4, "sacroiliac_joint_r": 2},
)  # fmt: skip
START = PageState(mode="student", condition="low_back_sitting", step=3)


def test_an_address_opens_a_route_step_and_round_trips():
    state, said = parse("?mode=instructor&step=3&palpate=piriformis_l", PLACES, START)
    assert said == [] and (state.section, state.palpate, state.route_step) == (
        "palpate", "piriformis_l", 2)  # fmt: skip
    assert to_query(state) == "?mode=instructor&step=3&palpate=piriformis_l"
    assert parse("?palpate=piriformis", PLACES, START)[0].palpate == "piriformis_r"  # a pair


def test_an_unknown_structure_or_step_is_named_and_the_route_starts():
    state, said = parse("?palpate=piriformus&step=2", PLACES, START)
    assert said[0][0] == "nothing_to_palpate" and "piriformis" in said[0][1]["known"]
    assert navigation.settle(state, PLACES).palpate == "piriformis_r"
    state, said = parse("?palpate=sacroiliac_joint_r&step=7", PLACES, START)
    assert said == [("route_range", {"name": "sacroiliac_joint_r", "total": 2, "step": "7"})]
    assert state.route_step == 0


@pytest.mark.parametrize(("action", "step"), [("next_step", 2), ("previous_step", 0),
                                              ("first_step", 0), ("last_step", 3)])  # fmt: skip
def test_the_step_keys_move_the_route_and_leave_the_walkthrough(action, step):
    state = dataclasses.replace(START, section="palpate", palpate="piriformis_r", route_step=1)
    moved = navigation.apply(state, action, PLACES)
    assert moved.route_step == step and moved.step == START.step
    at_end = dataclasses.replace(state, route_step=3)
    assert navigation.apply(at_end, "next_step", PLACES).route_step == 3


def test_a_route_step_draws_the_outline_the_sites_near_and_the_landmarks_so_far(library):
    ids = [i for i in library.atlas.ids if i not in library.atlas.broken]
    scene = Scene(library, structures=ids, shown=ids)
    show_palpation(scene, "piriformis_r", 0)
    state = scene.state
    assert state.palpate == "piriformis_r" and state.skin and state.camera == "posterior"
    assert "sciatic_course_r" in state.sites and state.highlighted == {"piriformis_r"}
    assert state.marks == {"psis_r"}
    assert palpation_marks(library, "piriformis_r", 3) == ["psis_r", "greater_trochanter_r"]
    styles = drawing.styles(state, library)
    assert styles[OUTLINE_KEY]["visible"] and styles[SITES_KEY]["visible"]
    assert styles[OUTLINE_KEY]["color"] == styles["piriformis_r"]["color"]  # one meaning
    assert styles[SITES_KEY]["color"] == library.colours.caution
    show_palpation(scene, "gluteus_medius_l", 1)
    assert scene.state.camera == "left_lateral" and not scene.state.sites


@pytest.fixture(scope="module")
def board(library):
    return Dashboard(library, query="?mode=student&step=2&palpate=piriformis_r")


def test_the_dashboard_steps_a_route_by_key_and_its_words_follow(board):
    assert board.state.section == "palpate" and board.palpate.step == 1
    assert "step 2 of 4" in board.palpate.route.value
    board.on_key("ArrowRight")
    assert board.state.route_step == 2 and "step 3 of 4" in board.palpate.route.value
    assert "Skin → gluteus maximus" in board.palpate.facts.value
    assert "cm under the skin" in board.palpate.facts.value
    assert "Sciatic nerve" in board.palpate.sites.value
    assert to_query(board.state).endswith("step=3&palpate=piriformis_r")


def test_a_client_reads_where_the_therapist_works_and_the_areas_treated_gently(board):
    board.set_mode("client")
    try:
        words = board.palpate.route.value + board.palpate.facts.value
        assert "Your therapist works" in words and "cm" not in words and "Route" not in words
        assert "Areas we treat gently" in board.palpate.sites.value
        assert board.palpate.nav.layout.display == "none"
        assert set(board.scene.state.marks) == {"psis_r", "greater_trochanter_r"}  # all of them
    finally:
        board.set_mode("student")


def test_picking_another_part_and_side_opens_its_route(board):
    board.palpate.picker.value = "tensor_fasciae_latae"
    assert (board.state.palpate, board.state.route_step) == ("tensor_fasciae_latae_r", 0)
    board.palpate.side.value = "l"
    assert board.state.palpate == "tensor_fasciae_latae_l"
    assert board.scene.state.camera == "left_lateral"


def test_another_parts_outline_reaches_the_page_with_its_own_triangles(library):
    """The outline and the sites are meshes made for what they show: another part's (or
    other sites) go to the page with their own faces, not only new vertices."""
    ids = [i for i in library.atlas.ids if i not in library.atlas.broken]
    scene = Scene(library, structures=ids, shown=ids)
    show_palpation(scene, "piriformis_r", 0)
    sync = FigureSync(library)
    widget = sync.widget(scene.state)
    show_palpation(scene, "sciatic_nerve_r", 0)  # two sites, not one
    sync.sync(widget, scene.state)
    for key in (OUTLINE_KEY, SITES_KEY):
        trace = next(t for t in widget.data if t.name == key)
        v, f = view.drawn(key, scene.state, library)
        assert len(trace.x) == len(v) and np.array_equal(trace.k, f[:, 2]), key
