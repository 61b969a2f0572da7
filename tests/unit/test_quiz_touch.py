"""Palpate it: a question answered by two taps on the skin alone (the landmark a route starts
from, then over the structure), judged on the geometry, shown in the dashboard as a person
meets it: the skin solid with nothing under it, each tap marked, the Palpate view after."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
import trimesh
from plotly.callbacks import Points

from glutelib import drawing, quiz, view
from glutelib.app.dashboard import Dashboard
from glutelib.atlas import SKIN_KEY
from glutelib.labels import Projection
from glutelib.palpation import reach
from glutelib.present import show_question
from glutelib.scene import Scene

ASKED = ("gluteus_maximus_r", "piriformis_r", "tensor_fasciae_latae_r", "sciatic_nerve_r")


@pytest.fixture(scope="module")
def pool(library) -> dict[str, quiz.Question]:
    return {q.review: q for q in quiz.questions(library, "palpate_it", random.Random(3))}


def skin_towards_finger(library, point: np.ndarray, press: np.ndarray) -> np.ndarray:
    """(3,) where a line from `point` back toward the finger (against `press`) leaves the
    skin: the skin over it, found by trimesh's ray test (not the depth pictures the quiz
    uses)."""
    skin = library.atlas.skin_mesh()
    hits, _, _ = trimesh.ray.ray_triangle.RayMeshIntersector(skin).intersects_location(
        [point], [-press]
    )
    return hits[np.argmin(np.linalg.norm(hits - point, axis=1))]


def test_the_structures_a_therapist_finds_by_touch_are_asked_each_with_two_taps(pool, library):
    assert set(ASKED) <= set(pool)
    skin = library.atlas.skin_mesh()
    for sid, q in pool.items():
        label = library.atlas[sid].label
        name = label[:1].lower() + label[1:]
        assert [t.prompt for t in q.taps] == [
            f"Tap where you would start to find the {name}.",
            f"Now tap over the {name}.",
        ]
        assert q.taps[1].answer == label
        assert q.prompt == q.taps[0].prompt and not q.choices and q.target is None
        for tap in q.taps:  # every answer is skin a finger can touch
            points = np.asarray(tap.points)
            _, gap, _ = trimesh.proximity.closest_point(skin, points)
            assert gap.max() < 3.0, (sid, tap.answer, gap.max())
    # a route that starts at two landmarks takes either
    assert " or " in pool["sciatic_nerve_r"].taps[0].answer


@pytest.mark.parametrize("sid", ASKED)
def test_a_tap_on_the_skin_over_the_start_and_over_the_structure_is_right(pool, library, sid):
    """Right: the skin's vertex nearest the route's first landmark, and the skin over the
    structure's middle (found by a ray, independently of the quiz's depth pictures).
    Wrong, by about how far: the other side's landmark, and the skin over the other hip."""
    q, atlas = pool[sid], library.atlas
    press = library.palpation.press(sid)
    route = library.palpation.entry(sid).route
    stem = next(s.landmarks[0] for s in route if s.landmarks)
    key = f"{stem}_r" if f"{stem}_r" in atlas.manifest.landmarks else stem
    landmark = np.asarray(atlas.manifest.landmarks[key])
    skin = library.atlas.skin_mesh().vertices  # plotly reports a tap as a mesh's vertex
    assert q.taps[0].miss_mm(skin[np.argmin(np.linalg.norm(skin - landmark, axis=1))]) == 0
    middle = reach(library, sid).projection.mean(axis=0)  # on the skin over it, roughly
    over = skin_towards_finger(library, middle + 40 * press, press)
    assert q.taps[1].miss_mm(over) == 0, sid
    mirrored = over * [-1, 1, 1]  # the same place on the other side of the body
    assert q.taps[1].miss_mm(mirrored) > 20, sid
    other_side = landmark * [-1, 1, 1]
    if abs(landmark[0]) > 40:  # a landmark off the midline
        miss = q.taps[0].miss_mm(other_side)
        assert miss > 2 * abs(landmark[0]) - 3 * q.taps[0].within_mm - 20, (sid, miss)
    assert q.taps[0].miss_mm(None) == float("inf")


def test_a_tap_in_line_with_the_start_and_the_middle_as_the_question_shows_them_is_right(
    library,
):
    """Every question, in its own view (1366x768): the skin the eye sees in line with each
    landmark the route starts from, and with the middle of the structure's skin over it, is
    right whichever corner of the face under the finger plotly reports. (The trochanter seen
    from behind: its nearest skin is round the side, the finger presses behind it.)"""
    skin = library.atlas.skin_mesh()
    ray = trimesh.ray.ray_triangle.RayMeshIntersector(skin)
    marks = library.landmarks.marks
    for q in quiz.questions(library, "palpate_it", random.Random(5)):
        scene = Scene(library)
        scene.set_view_size(1366, 768)
        show_question(scene, q, answered=False)
        p = Projection.of(scene.state, library)
        eye = (p.lo + p.hi) / 2 + p.eye / view.domain_scale(p.lo, p.hi)
        stems = next(s.landmarks for s in library.palpation.entry(q.review).route if s.landmarks)
        keys = [quiz.side_id(m, "r") if quiz.side_id(m, "r") in marks else m for m in stems]
        projection = reach(library, q.review).projection
        middle = projection[np.argmin(np.linalg.norm(projection - np.median(projection, axis=0),
                                                     axis=1))]  # fmt: skip
        aims = [(q.taps[0], library.atlas.manifest.landmarks[k]) for k in keys]
        for tap, aim in [*aims, (q.taps[1], middle)]:
            towards = (aim - eye) / np.linalg.norm(aim - eye)
            hits, _, faces = ray.intersects_location([eye], [towards])
            first = np.argmin(np.linalg.norm(hits - eye, axis=1))
            corners = skin.vertices[skin.faces[faces[first]]]
            assert [tap.miss_mm(c) for c in corners] == [0.0] * 3, (q.review, tap.answer)


def test_a_question_is_right_only_when_both_taps_are_and_a_miss_comes_back(pool):
    questions = list(pool.values())
    session = quiz.QuizSession(questions, length=3, rng=random.Random(2))
    first = session.current
    said = session.answer((0.0, 12.5))
    assert not said.right and said.answer == f"{first.taps[0].answer}, then {first.taps[1].answer}"
    session.next()
    assert session.answer((0.0, 0.0)).right
    session.next()
    session.answer((0.0, 0.0))
    session.next()
    assert session.current is first  # back, until right
    assert (session.asked, session.right_first_time) == (3, 2)


def test_asked_the_skin_alone_is_drawn_solid_and_takes_taps_answered_the_palpate_view(
    pool, library
):
    scene = Scene(library)
    q = pool["piriformis_r"]
    show_question(scene, q, answered=False)
    state = scene.state
    assert state.touch and state.skin and state.names_hidden
    assert not any(view.visible(i, state, library) for i in state.structures)
    assert not (state.marks or state.labels or state.palpate or state.sites or state.fibres)
    skin = drawing.styles(state, library)[SKIN_KEY]
    assert (skin["opacity"], skin["hoverinfo"], skin["visible"]) == (1.0, "none", True)
    assert state.camera == "posterior"  # prone: a finger presses from behind
    show_question(scene, q, answered=True, taps=[("Tap 1", 1.0, 2.0, 3.0)])
    state = scene.state
    assert not state.touch and state.palpate == "piriformis_r" and state.skin
    assert view.visible("piriformis_r", state, library) and {"psis_r"} <= state.marks
    skin = drawing.styles(state, library)[SKIN_KEY]
    assert skin["opacity"] < 0.5 and skin["hoverinfo"] == "skip"
    tap = [a for a in drawing.layout(state, library)["scene"]["annotations"] if a["name"] == "tap"]
    assert [(a["text"], a["x"], a["y"], a["z"]) for a in tap] == [("Tap 1", 1.0, 2.0, 3.0)]
    show_question(scene, None, answered=False)  # the menu: no skin, no taps left over
    assert not (scene.state.touch or scene.state.skin or scene.state.taps)


def tap(board: Dashboard, name: str, near: np.ndarray) -> np.ndarray:
    """Tap the figure's trace `name` at its vertex nearest `near` (3,), as plotly reports a
    tap on a mesh (the vertex's index, no z); the point tapped."""
    trace = next(t for t in board.view.figure.data if t.name == name)
    drawn = np.column_stack([trace.x, trace.y, trace.z])
    at = int(np.argmin(np.linalg.norm(drawn - near, axis=1)))
    for callback in trace._click_callbacks:
        callback(trace, Points(point_inds=[at], xs=[0.0], ys=[0.0], trace_name=name,
                               trace_index=0), None)  # fmt: skip
    return drawn[at]


def test_the_dashboard_asks_by_taps_marks_each_and_says_how_far_off_each_was(pool, library):
    board = Dashboard(library)
    panel = board.quiz
    board.open_quiz("palpate_it", first="palpate:piriformis_r")
    q = panel.session.current
    assert q.key == "palpate:piriformis_r"
    assert "start to find the piriformis" in panel.prompt.value
    psis = np.asarray(q.taps[0].points[0])
    tap(board, "gluteus_maximus_r", psis)  # a part's trace takes no tap here
    assert panel._taps == []
    tapped = tap(board, SKIN_KEY, psis + np.array([3.0, 0, 0]))
    assert np.allclose(panel._taps, [tapped])
    assert "Now tap over the piriformis" in panel.prompt.value
    assert [t[0] for t in board.scene.state.taps] == ["Tap 1"] and board.scene.state.touch
    far = tap(board, SKIN_KEY, np.mean(q.taps[1].points, axis=0) + np.array([0, 0, 150.0]))
    assert panel.session.feedback is not None and not panel.session.feedback.right
    said = panel.feedback.value
    assert "Right: Posterior superior iliac spine (right)." in said
    miss = q.taps[1].miss_mm(far)
    assert (
        f"{math.ceil(miss) / 10:.1f} cm off: Piriformis (right) is shown on the body now." in said
    )
    assert board.scene.state.palpate == "piriformis_r" and not board.scene.state.touch
    assert [t[0] for t in board.scene.state.taps] == ["Tap 1", "Tap 2"]
    names = [a["name"] for a in board.view.figure.layout.scene.annotations]
    assert names.count("tap") == 2
    panel.go_on()  # the next question starts untapped
    assert panel._taps == [] and not board.scene.state.taps and board.scene.state.touch
    panel.stop()
    board._on_figure_click(SKIN_KEY, (0.0, 0.0, 0.0))  # no question: the tap changes nothing
    assert panel.session is None and not board.scene.state.taps


def test_a_question_left_half_way_leaves_nothing_behind_and_a_class_quiz_ends(library):
    """Tapped once, then a walkthrough: the body and its names are back, no tap marked. The
    answer's Palpate view names on hover. In class (the instructor's clicker: Enter only)
    each question is shown once and the quiz ends."""
    board = Dashboard(library)
    board.open_quiz("palpate_it", first="palpate:piriformis_r")
    q = board.quiz.session.current
    tap(board, SKIN_KEY, np.asarray(q.taps[0].points[0]))
    assert board.scene.state.taps and board.scene.state.touch
    board.open_condition("sciatica_vs_piriformis", "2")
    state = board.scene.state
    assert not (state.touch or state.taps or state.names_hidden)
    assert any(view.visible(i, state, library) for i in state.structures)
    board.open_quiz("palpate_it", first="palpate:piriformis_r")
    board.quiz.go_on()  # shown without a tap: the Palpate view, names on hover
    assert not board.scene.state.names_hidden and board.scene.state.palpate == "piriformis_r"
    board.set_mode("instructor")
    board.open_quiz("palpate_it")
    session = board.quiz.session
    for _ in range(2 * session.total + 1):
        if session.done:
            break
        board.quiz.go_on()
    assert session.done and session.asked == session.total  # each once, none back
