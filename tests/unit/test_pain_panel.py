"""Where does it hurt in the dashboard: taps on the skin paint a drawing, the matches and the
red flags follow it, the drawing survives the address, a bad one is named and the page
goes on. Driven through the figure's own click callbacks, as plotly reports a tap."""

from __future__ import annotations

import numpy as np
import pytest

from glutelib import drawing
from glutelib.app.dashboard import Dashboard
from glutelib.app.navigation import PageState, Places, parse, to_query
from glutelib.atlas import SKIN_KEY
from glutelib.pain import BRUSH_MM, DRAWING_KEY, PATTERN_KEY, encode_strokes, erased, strokes_of
from glutelib.present import pain_opens, pain_words
from tests.unit.test_pain import mark, skin_facing
from tests.unit.test_quiz_touch import tap  # as plotly reports a tap on a mesh


def matches_of(board: Dashboard) -> list:
    """The match buttons, best first (the one shown sits in a row with its Open button)."""
    rows = board.pain.matches.children
    return [r.children[0] if "t-pain-shown-row" in r._dom_classes else r for r in rows]


def shown(board: Dashboard, name: str) -> int:
    """Triangles the figure draws for the trace `name` (0 when hidden)."""
    trace = next(t for t in board.view.figure.data if t.name == name)
    return len(trace.i) if trace.visible is not False else 0


def over_the_buttock(library) -> list[np.ndarray]:
    """Points on the skin of the right buttock, between the PSIS and the trochanter."""
    psis, trochanter = mark(library, "psis", "r"), mark(library, "greater_trochanter", "r")
    skin = np.asarray(library.atlas.skin_mesh().vertices)
    out = []
    for t in (0.3, 0.5, 0.7):
        at = psis + t * (trochanter - psis) + (0, -60, -20)  # behind: the back's skin
        out.append(skin[np.argmin(np.linalg.norm(skin - at, axis=1))])
    return out


def test_the_address_opens_it_with_the_drawing_and_names_a_feeling_it_does_not_know(library):
    places = Places.of(library, library.atlas.ids)
    now = PageState(mode="client")
    state, said = parse("?mode=client&pain=1.abc.AA&feel=numb,itchy,ache", places, now)
    assert (state.section, state.pain, state.feel) == ("pain", "1.abc.AA", ("ache", "numb"))
    assert said == [("no_feeling", {"name": "itchy", "known": "ache, sharp, burning, "
                                                              "tingling, numb"})]  # fmt: skip
    assert parse(to_query(state), places, now)[0] == state
    back, _ = parse("?mode=client", places, state)
    assert back.section == "explore"


def test_taps_paint_the_skin_the_matches_follow_and_the_address_keeps_it(library):
    board = Dashboard(library, query="?mode=client")
    board.explorer.open_pain.click()  # a client's way in: Explore's first button
    assert board.state.section == "pain"
    assert shown(board, DRAWING_KEY) == 0  # nothing drawn yet
    points = over_the_buttock(library)
    tap(board, SKIN_KEY, points[0])
    tap(board, SKIN_KEY, points[1])
    tap(board, DRAWING_KEY, points[2])  # a tap on the drawing paints too
    assert len(board.pain.strokes) == 3
    assert shown(board, DRAWING_KEY) > 0 and shown(board, PATTERN_KEY) > 0
    matches = matches_of(board)
    assert matches and "t-shown" in matches[0]._dom_classes
    first = board.pain.pattern
    assert first is not None and first.endswith("_r")
    assert "above the knee" in board.pain.summary.value
    assert board.pain.flags.value == ""  # a buttock's ache: no red flags
    # another match, tapped, is the one drawn
    matches[-1].click()
    assert board.pain.pattern != first and "t-shown" in matches_of(board)[-1]._dom_classes
    # the address holds the drawing: a new page (a reload, a link sent) draws the same
    query = to_query(board.state)
    assert "pain=" in query
    again = Dashboard(library, query=query)
    assert again.pain.strokes == board.pain.strokes
    assert [b.description for b in matches_of(again)] == [
        b.description for b in matches_of(board)]  # fmt: skip
    # the eraser takes the strokes near its tap; Start again takes the rest
    board.pain.tool.value = "erase"
    tap(board, DRAWING_KEY, points[0])
    assert len(board.pain.strokes) < 3
    board.pain.clear_button.click()
    assert board.pain.strokes == () and shown(board, DRAWING_KEY) == 0
    # leaving it leaves no drawing on the body, and the body under the skin is back
    board.set_section("explore")
    assert not board.scene.state.drawing and not board.scene.state.touch


def test_numbness_ticked_or_a_roots_pattern_first_brings_the_red_flags(library):
    audience = library.audiences.audiences["client"]
    buttock = strokes_of(library, np.array(over_the_buttock(library)))
    assert pain_words(library, buttock, (), audience).flags == ()
    numb = pain_words(library, buttock, ("numb",), audience)
    assert numb.flags and any("bladder" in f for f in numb.flags)
    ankle = mark(library, "lateral_malleolus", "r")
    side_of_leg = skin_facing(library, "r", "out", low=ankle[2],
                              high=mark(library, "knee_joint_centre", "r")[2] - 40)  # fmt: skip
    top_of_foot = skin_facing(library, "r", "up", high=ankle[2],
                              keep=lambda v: v[:, 1] > ankle[1] + 20)  # fmt: skip
    leg = strokes_of(library, np.vstack([side_of_leg, top_of_foot])[::6])
    said = pain_words(library, leg, (), audience)
    assert said.matches[0][0] == "l5_dermatome_r" and said.flags
    assert "below the knee" in said.summary
    student = pain_words(library, leg, (), library.audiences.audiences["student"])
    assert "% of the drawing" in student.matches[0][1]  # students read the fractions
    assert "%" not in said.matches[0][1]  # clients the plain words alone


@pytest.mark.parametrize("mode", ["student", "client", "instructor"])
def test_each_audience_lists_as_many_matches_as_it_has_room_for(library, mode):
    """A student reads three and what the one drawn covers; a client two plain names; an
    instructor two, beside the red flags on a 1280x720 projector (the class sees the rest)."""
    audience = library.audiences.audiences[mode]
    buttock = strokes_of(library, np.array(over_the_buttock(library)))
    assert len(pain_words(library, buttock, (), audience).matches) == audience.pain_matches
    board = Dashboard(library, query=f"?mode={mode}&pain={encode_strokes(library, buttock)}")
    assert len(matches_of(board)) == audience.pain_matches
    assert bool(board.pain.covers.value) is (mode == "student")


def test_a_damaged_drawing_in_the_address_is_named_and_the_page_goes_on(library):
    board = Dashboard(library, query="?mode=student&pain=1.zzzzzz.AAAA")
    assert board.state.section == "pain"
    assert "another version" in board.message.value
    assert board.pain.strokes == ()
    tap(board, SKIN_KEY, over_the_buttock(library)[1])  # and it still paints
    assert len(board.pain.strokes) == 1


@pytest.mark.parametrize(("mode", "button", "in_explore"), [
    ("student", True, False), ("client", False, True), ("instructor", False, False)])  # fmt: skip
def test_students_have_a_section_button_and_clients_explores_first(library, mode, button,
                                                                    in_explore):  # fmt: skip
    """A client's section bar has room for three; an instructor reaches it by a link."""
    board = Dashboard(library, query=f"?mode={mode}")
    assert ("pain" in dict(board.section.options).values()) is button
    assert (board.explorer.open_pain.layout.display != "none") is in_explore


def test_a_drawing_is_drawn_in_pains_colour_and_a_pattern_in_its_kinds(library):
    board = Dashboard(library, query="?mode=student&pain=")
    tap(board, SKIN_KEY, over_the_buttock(library)[1])
    styles = drawing.styles(board.scene.state, library)
    assert styles[DRAWING_KEY]["color"] == library.colours.zone("pain")
    kind = library.pain[board.scene.state.pattern].kind
    assert styles[PATTERN_KEY]["color"] == library.colours.zone(drawing.PATTERN_ROLES[kind])
    assert styles[SKIN_KEY]["opacity"] == 1.0  # the skin alone, solid: what is tapped


def test_a_match_opens_its_muscles_card_or_the_step_that_shows_a_roots_pain(library):
    assert pain_opens(library, "piriformis_referral_l") == ("structure", "piriformis_l")
    kind, value = pain_opens(library, "s1_dermatome_r")
    condition, number = value.rsplit(":", 1)
    step = library.conditions[condition].steps[int(number) - 1]
    assert kind == "step" and any(library.zones[z].role == "nerve_root" for z in step.zones)
    assert pain_opens(library, "l4_dermatome_r") is None  # no step shows an L4 root's pain
    board = Dashboard(library, query="?mode=client&pain=")
    tap(board, SKIN_KEY, over_the_buttock(library)[1])
    drawn = to_query(board.state)
    shown = board.pain.pattern
    board.pain.open_button.click()  # "More about it": the muscle's card, in Explore
    assert board.state.section == "explore"
    assert board.state.structure == pain_opens(library, shown)[1]
    board.explorer.open_pain.click()  # and back from Explore's button: the drawing kept
    assert board.state.section == "pain" and len(board.pain.strokes) == 1
    board.set_section("conditions")
    board.apply_query(drawn)  # Back through the address: the drawing again
    assert board.state.section == "pain" and len(board.pain.strokes) == 1


def test_a_drag_paints_the_vertices_the_page_picked_and_turns_nothing(library):
    """The page sends the skin vertices a drag passed over (glutelib/js/paint.js); the
    kernel paints or erases them, ignores what is not a vertex, and answers each batch."""
    board = Dashboard(library, query="?mode=student&pain=")
    sent = []
    board.bridge.send = lambda content, *a, **k: sent.append(content)
    skin = np.asarray(library.atlas.skin_mesh().vertices)
    stroke = [int(v) for v in np.argsort(np.linalg.norm(skin - over_the_buttock(library)[1],
                                                       axis=1))[:6]]  # fmt: skip
    assert board.figure.layout.scene.dragmode is False  # a drag paints: it does not turn
    assert board.figure.layout.meta["paint"] == "paint"
    board.bridge._receive(None, {"type": "paint", "vertices": [*stroke, -4, 10**9, "x"],
                                 "tool": "paint"}, [])  # fmt: skip
    assert board.pain.strokes == tuple(sorted(stroke)) and {"type": "painted"} in sent
    assert shown(board, DRAWING_KEY) > 0
    board.bridge._receive(None, {"type": "paint", "vertices": stroke[:1], "tool": "erase"}, [])
    assert board.pain.strokes == ()  # the eraser takes the strokes within its reach
    board.bridge._receive(None, {"type": "paint", "vertices": "all"}, [])  # not a list: none
    assert board.pain.strokes == () and sent.count({"type": "painted"}) == 3
    board.set_section("explore")  # elsewhere a late batch paints nothing, and a drag turns
    board.bridge._receive(None, {"type": "paint", "vertices": stroke, "tool": "paint"}, [])
    assert board.pain.strokes == () and board.figure.layout.scene.dragmode == "orbit"


def test_save_picture_carries_the_drawing_and_its_matches_in_one_image(library, monkeypatch):
    """The picture is the body with the drawing and the pattern shown, and over its corner
    the matches best first and the safety line (a therapist's record, or one to send)."""
    import glutelib.export

    made = []
    monkeypatch.setattr(glutelib.export, "png_bytes",
                        lambda figure, w, h: made.append(figure) or b"png")  # fmt: skip
    board = Dashboard(library, query="?mode=client")
    board.explorer.open_pain.click()
    tap(board, SKIN_KEY, over_the_buttock(library)[1])
    board.bridge.download = lambda name, data: made.append((name, data))
    board.view.save_picture()
    figure, saved = made
    assert saved == ("glutelib.png", b"png")
    text = figure.layout.annotations[-1].text
    for button in matches_of(board):
        assert button.description in text
    assert "not a diagnosis" in text and "Where does it hurt?" in text
    drawn = {t.name: t for t in figure.data}
    assert drawn[DRAWING_KEY].visible and len(drawn[DRAWING_KEY].i) > 0
    board.set_section("explore")  # elsewhere a picture is the view alone
    made.clear()
    board.view.save_picture()
    assert not [a for a in made[0].layout.annotations if "diagnosis" in (a.text or "")]


def test_an_ache_ticked_does_not_hide_the_red_flags_of_a_roots_pattern(library):
    """The flags are decided on the drawing alone: an ache ticked may reorder the matches,
    not take the flags away from a drawing down the side of the leg to the foot."""
    audience = library.audiences.audiences["client"]
    ankle = mark(library, "lateral_malleolus", "r")
    side = skin_facing(library, "r", "out", low=ankle[2],
                       high=mark(library, "greater_trochanter", "r")[2] - 60)  # fmt: skip
    foot = skin_facing(library, "r", "up", high=ankle[2], keep=lambda v: v[:, 1] > ankle[1] + 20)
    leg = strokes_of(library, np.vstack([side, foot])[::5])
    assert pain_words(library, leg, ("ache",), audience).flags


def test_a_drawing_no_pattern_reaches_lists_none_and_says_so(library):
    """The belly: no pattern explains a twentieth of it, so none is offered."""
    skin = np.asarray(library.atlas.skin_mesh().vertices)
    navel = mark(library, "asis", "r") * (0, 1, 1) + (0, 30, 60)  # the front, mid-line
    belly = strokes_of(library, skin[np.linalg.norm(skin - navel, axis=1) < 40])
    said = pain_words(library, belly, (), library.audiences.audiences["client"])
    assert said.matches == () and "nothing that sends pain" in said.summary


def test_the_eraser_takes_what_faces_it_not_the_other_inner_thigh(library):
    skin = library.atlas.skin_mesh()
    v, n = np.asarray(skin.vertices), np.asarray(skin.vertex_normals)
    right = np.flatnonzero((v[:, 0] > 0) & (n[:, 0] < -0.7))  # inner right thigh, facing in
    left = np.flatnonzero((v[:, 0] < 0) & (n[:, 0] > 0.7))
    gaps = np.linalg.norm(v[right][:, None] - v[left][None], axis=2)
    a, b = np.unravel_index(np.argmin(gaps), gaps.shape)
    assert gaps[a, b] < BRUSH_MM  # the two thighs lie within a brush of each other here
    kept = erased(library, (int(right[a]), int(left[b])), [right[a]])
    assert kept == (int(left[b]),)


def test_a_drawing_too_long_for_an_address_is_named_not_read_short(library):
    board = Dashboard(library, query="?mode=student&pain=1.abcdef." + "A" * 30_000)
    assert board.state.section == "pain" and board.pain.strokes == ()
    assert "longer than any drawing" in board.message.value
    assert "pain=&" in to_query(board.state) or to_query(board.state).endswith("pain=")
