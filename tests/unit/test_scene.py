"""Scene state changes, the figure drawn from a state, and the smallest-update sync."""

from __future__ import annotations

import copy
import dataclasses
import html

import numpy as np
import plotly.graph_objects as go
import pytest

from glutelib import StructureNotFoundError, drawing, labels, view
from glutelib.app import vendor
from glutelib.app.figure_widget import FigureSync
from glutelib.atlas import SKIN_KEY
from glutelib.cameras import load_cameras
from glutelib.drawing import (
    CONTEXT_GREY,
    HIGHLIGHT,
    build_figure,
    strain_colour,
)
from glutelib.errors import NotFoundError
from glutelib.fibres import FIBRES_KEY
from glutelib.pain import DRAWING_KEY, PATTERN_KEY
from glutelib.palpation import OUTLINE_KEY, SITES_KEY
from glutelib.scene import Scene
from glutelib.zones import ZONE_PREFIX

IDS = ["sacrum", "hip_bone_r", "hip_bone_l", "femur_r"]


@pytest.fixture
def scene(library):
    return Scene(library, structures=IDS)


def widget_of(scene):
    """A FigureWidget of the scene and the FigureSync that keeps it in step."""
    sync = FigureSync(scene.library)
    return sync.widget(scene.state), sync


def meshes(fig) -> list[go.Mesh3d]:
    """The structures' traces (not the pain zones, the skin, the fibre arrows, palpation's
    outline and sites or a pain drawing and its pattern)."""
    others = (SKIN_KEY, FIBRES_KEY, OUTLINE_KEY, SITES_KEY, DRAWING_KEY, PATTERN_KEY)
    return [t for t in fig.data if isinstance(t, go.Mesh3d)
            and not t.name.startswith(ZONE_PREFIX) and t.name not in others]  # fmt: skip


def test_one_named_trace_per_structure(scene):
    fig = scene.figure()
    assert [t.name for t in meshes(fig)] == IDS
    assert all(isinstance(t, go.Mesh3d) for t in meshes(fig))
    # then the zones, the skin, a picked muscle's fibre arrows, palpation's outline and
    # sites, a pain drawing's pattern and the drawing; names are annotations
    on_skin = (SKIN_KEY, FIBRES_KEY, OUTLINE_KEY, SITES_KEY, PATTERN_KEY, DRAWING_KEY)
    assert len(fig.data) == len(IDS) + len(scene.library.zones.ids) + len(on_skin)
    last = [(t.name, t.visible) for t in fig.data[-len(on_skin) :]]
    assert last == [(k, False) for k in on_skin]
    assert fig.layout.scene.annotations == ()  # labels start off
    assert fig.layout.scene.camera.eye.y < 0  # opens from behind


def test_the_skin_is_drawn_faint_over_everything_when_asked_and_sent_once(scene):
    figure, sync = widget_of(scene)
    skin = next(t for t in figure.data if t.name == SKIN_KEY)
    assert skin.visible is False and len(skin.i) == 0  # off: the page holds none of it
    scene.highlight("sacrum").show_skin()
    sent = sync.sync(figure, scene.state)
    assert sent["vertices"] == 1  # the skin (the sacrum held its full mesh already)
    assert skin.visible is True and skin.opacity < 0.5 and skin.hoverinfo == "skip"
    assert len(skin.i) == len(scene.library.atlas.skin_mesh().faces)
    lo, hi = view.scene_box(scene.state, scene.library)
    assert lo[0] <= np.min(skin.x) and hi[2] >= np.max(skin.z)  # the box takes the skin in
    assert figure.layout.meta["skin"] is True
    scene.show_skin(False)
    assert sync.sync(figure, scene.state)["vertices"] == 0 and skin.visible is False


def test_a_step_turns_the_skin_off_but_shows_a_client_where_it_hurts_on_a_body(library):
    from glutelib.present import show_step

    scene = Scene(library).show_skin()
    show_step(scene, library.conditions["low_back_sitting"].steps[0])
    assert scene.state.skin is False
    zoned = next(s for s in library.conditions["sciatica_vs_piriformis"].steps if s.zones)
    show_step(scene, zoned)
    assert scene.state.zones and scene.state.skin is False  # a student's: the parts
    show_step(scene.use_plain_words(True), zoned)
    assert scene.state.skin is True  # a client's: the zone on a body, not on bones


def test_highlight_greys_the_rest(scene, atlas):
    scene.highlight("sacrum")
    fig = scene.figure()
    colours = {t.name: t.color for t in meshes(fig)}
    assert colours["sacrum"] == HIGHLIGHT  # bone is nearly grey: it takes the highlight colour
    assert {colours[i] for i in IDS[1:]} == {CONTEXT_GREY}
    assert all(t.opacity in (None, 1) for t in meshes(fig))  # grey, never translucent


def test_hide_and_show(scene):
    scene.hide("femur_r")
    assert not next(t for t in scene.figure().data if t.name == "femur_r").visible
    scene.show("femur_r")
    assert next(t for t in scene.figure().data if t.name == "femur_r").visible


def test_unknown_names_are_refused_naming_their_kind(scene):
    with pytest.raises(StructureNotFoundError, match=r"No structure called 'sacrun'.*'sacrum'"):
        scene.highlight("sacrun")
    with pytest.raises(
        NotFoundError, match=r"No camera called 'posterier'. Did you mean 'posterior'"
    ):
        scene.set_camera("posterier")
    with pytest.raises(NotFoundError, match=r"No pose called 'seatd'.*'seated'"):
        scene.set_pose("seatd")
    with pytest.raises(NotFoundError, match="No layer called 'skin'"):
        scene.peel("skin")


def test_the_figure_is_a_pure_function_of_the_state(scene):
    scene.highlight("femur_r").set_camera("anterior")
    before = copy.deepcopy(scene.state)
    first = build_figure(scene.state, scene.library).to_json()
    assert scene.figure().to_json() == first  # the same state draws the same figure
    assert scene.state == before  # and drawing changes nothing
    other = dataclasses.replace(scene.state, highlighted={"sacrum"})
    assert build_figure(other, scene.library).to_json() != first


def test_cameras_file_is_complete():
    cameras = load_cameras()
    assert {"posterior", "anterior", "right_lateral", "left_lateral", "superior"} <= set(cameras)
    assert cameras["right_lateral"].eye[0] > 0 and cameras["posterior"].eye[1] < 0


def _sent_messages(widget):
    """Record what the widget would send to the browser."""
    sent = []
    original = widget._send_restyle_msg, widget._send_relayout_msg, widget._send_update_msg
    widget._send_restyle_msg = lambda *a, **k: sent.append(("restyle", a, k))
    widget._send_relayout_msg = lambda *a, **k: sent.append(("relayout", a, k))
    widget._send_update_msg = lambda *a, **k: sent.append(("update", a, k))
    return sent, original


def test_grey_context_goes_light_with_its_next_vertices_and_a_highlight_goes_full(scene, library):
    widget, sync = widget_of(scene)
    by_name = {t.name: t for t in widget.data}
    full = {i: len(library.atlas.mesh(i).faces) for i in IDS}
    light = {i: len(library.atlas.level(i, light=True).faces) for i in IDS}
    assert all(light[i] < full[i] for i in IDS)
    scene.highlight("sacrum")  # a colour change only: the full meshes on the page stay
    assert sync.sync(widget, scene.state) == {"traces": 4, "vertices": 0, "camera": 0}
    assert by_name["sacrum"].color == HIGHLIGHT and by_name["femur_r"].color == CONTEXT_GREY
    scene.set_pose("seated")  # vertices go anyway: the grey ones go at the light level
    assert sync.sync(widget, scene.state)["vertices"] == 4
    assert len(by_name["sacrum"].i) == full["sacrum"]
    for i in IDS[1:]:
        assert len(by_name[i].i) == light[i]
        assert len(by_name[i].x) == len(library.atlas.level(i, light=True).vertices)
    scene.highlight("femur_r")  # the newly highlighted one needs its full mesh back
    assert sync.sync(widget, scene.state)["vertices"] == 1
    assert len(by_name["femur_r"].i) == full["femur_r"]
    assert len(by_name["sacrum"].i) == full["sacrum"]  # held full until its next vertices
    scene.highlight()  # nothing highlighted: everything full again
    sync.sync(widget, scene.state)
    assert all(len(by_name[i].i) == full[i] for i in IDS)


def test_sync_sends_nothing_when_nothing_changed(scene):
    widget, sync = widget_of(scene)
    sent, _ = _sent_messages(widget)
    assert sync.sync(widget, scene.state) == {"traces": 0, "vertices": 0, "camera": 0}
    assert sent == []


def test_sync_camera_is_one_relayout(scene):
    widget, sync = widget_of(scene)
    sent, _ = _sent_messages(widget)
    scene.set_camera("anterior")
    assert sync.sync(widget, scene.state) == {"traces": 0, "vertices": 0, "camera": 1}
    assert widget.layout.scene.camera.eye.y > 0
    assert [kind for kind, *_ in sent] in (["relayout"], ["update"])


def test_peel_hides_layers_from_the_surface_down(library):
    ids = ["gluteus_maximus_r", "erector_spinae_r", "piriformis_r", "sciatic_nerve_r", "sacrum"]
    scene = Scene(library, structures=ids)
    seen = []
    for layer in (None, "superficial", "intermediate", "deep"):
        scene.peel(layer)
        seen.append({i for i in ids if scene.visible(i)})
    assert seen[0] == set(ids)
    assert seen[1] == set(ids) - {"gluteus_maximus_r"}
    assert seen[2] == {"piriformis_r", "sciatic_nerve_r", "sacrum"}
    assert seen[3] == {"sciatic_nerve_r", "sacrum"}  # bones and nerves stay


def test_isolate_shows_only_those(scene):
    scene.isolate("femur_r")
    assert [i for i in IDS if scene.visible(i)] == ["femur_r"]


def test_fit_frames_the_structure_from_the_current_side(library):
    scene = Scene(library, structures=["piriformis_r", "sacrum", "hip_bone_r", "hip_bone_l"])
    whole = scene.highlight("piriformis_r").camera()
    cam = scene.fit().camera()
    assert cam.center[0] > 0.05  # right piriformis lies right of the middle
    assert cam.eye[1] < cam.center[1]  # still looking from behind
    assert abs(cam.eye[1] - cam.center[1]) < abs(whole.eye[1] - whole.center[1])  # closer
    scene.set_camera("anterior")
    assert not scene.state.close_up and scene.camera().eye[1] > scene.camera().center[1]


def _distance(camera) -> float:
    return float(np.linalg.norm(np.subtract(camera.eye, camera.center)))


def test_named_views_frame_what_is_shown_for_the_views_shape(library):
    """Whatever is hidden, each view comes as close as lets the shown parts fill the view,
    and a wide view can come closer than a tall one."""
    scene = Scene(library)
    full = _distance(scene.camera())
    scene.hide(*library.opening_hidden)  # below the knee
    assert _distance(scene.camera()) < 0.8 * full  # less to show: nearer
    scene.set_view_size(1600, 400)  # wide and low: height limits, the eye stands back
    low = _distance(scene.camera())
    scene.set_view_size(400, 1600)  # tall and narrow: width limits
    assert low != pytest.approx(_distance(scene.camera()))


def test_zoom_moves_the_eye_about_the_framed_centre_and_is_bounded(scene):
    framed = scene.camera()
    scene.zoom(2.0)
    assert _distance(scene.camera()) == pytest.approx(_distance(framed) / 2)
    assert scene.camera().center == framed.center
    scene.zoom(100)
    assert _distance(scene.camera()) == pytest.approx(_distance(framed) / 6)


def test_labels_name_the_highlighted_structures(scene, atlas):
    scene.highlight("femur_r").show_labels()
    assert texts(scene.state, scene.library) == [atlas["femur_r"].label]
    widget, sync = widget_of(scene)
    assert [a.text for a in widget.layout.scene.annotations] == [atlas["femur_r"].label]
    sent, _ = _sent_messages(widget)
    scene.show_labels(False)
    assert sync.sync(widget, scene.state)["traces"] == 1
    assert widget.layout.scene.annotations == ()
    assert len(sent) == 1 and "annotations" in repr(sent) and "'x'" not in repr(sent)


def _simulate(rgb: np.ndarray, deficiency: str) -> np.ndarray:
    """Machado et al. 2009 (severity 1.0) simulation, on linear RGB in 0..1."""
    m = {
        "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                       [-0.003882, -0.048116, 1.051998]],
        "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]],
        "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                       [0.004733, 0.691367, 0.303900]],
    }[deficiency]  # fmt: skip
    return np.clip(np.asarray(m) @ rgb, 0, 1)


def _lab(hex_colour: str, deficiency: str | None) -> np.ndarray:
    srgb = np.array([int(hex_colour[k : k + 2], 16) / 255 for k in (1, 3, 5)])
    rgb = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    if deficiency:
        rgb = _simulate(rgb, deficiency)
    xyz = (
        np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
        @ rgb
        / np.array([0.9505, 1.0, 1.089])
    )
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("deficiency", [None, "protanopia", "deuteranopia", "tritanopia"])
def test_highlight_stands_out_from_context_with_colour_vision_deficiency(
    library, atlas, deficiency
):
    """Every highlight colour differs from the context grey by a clearly visible Delta E."""
    grey = _lab(CONTEXT_GREY, deficiency)
    scene = Scene(library)
    for s in atlas:
        scene.highlight(s.id)
        delta = np.linalg.norm(_lab(scene.colour(s.id), deficiency) - grey)
        assert delta >= 20, f"{s.id} highlighted is only Delta E {delta:.0f} from the grey"


def test_hide_and_show_by_group_and_side(library):
    scene = Scene(library)
    rotators = scene.matching(group="deep rotators")
    assert "piriformis_r" in rotators and "piriformis_l" in rotators and "sacrum" not in rotators
    scene.hide(*scene.matching(side="l"))
    assert not scene.visible("gluteus_maximus_l") and scene.visible("gluteus_maximus_r")
    assert scene.visible("sacrum")  # midline structures belong to neither side
    scene.show(*scene.matching(group="gluteal", side="l"))
    assert scene.visible("gluteus_medius_l") and not scene.visible("piriformis_l")


def test_pose_sends_vertices_of_the_shown_structures_only(library):
    scene = Scene(library, structures=["sacrum", "femur_r", "femur_l", "gluteus_maximus_r"])
    widget, sync = widget_of(scene)
    scene.hide("femur_l").set_pose("seated")
    report = sync.sync(widget, scene.state)
    assert report["vertices"] == 3  # sacrum (tilted), femur_r, gluteus maximus; not femur_l
    femur = next(t for t in widget.data if t.name == "femur_r")
    assert np.allclose(femur.z, scene.rig.vertices("femur_r", scene.pose)[:, 2], atol=1e-3)
    assert widget.layout.meta["pose"] == "seated"
    assert widget.layout.scene.yaxis.range[1] > 400  # the box grew to hold the knees
    scene.show("femur_l")
    assert sync.sync(widget, scene.state)["vertices"] == 1  # the hidden femur catches up
    assert sync.sync(widget, scene.state) == {"traces": 0, "vertices": 0, "camera": 0}


def test_vertices_reach_the_page_as_plotly_sends_them_unchecked(library):
    """vendor.set_trace_values (the drag's way, without plotly checking the arrays again)
    sends the page the message plotly's own `update` sends, and leaves the same figure."""
    scene = Scene(library, structures=["sacrum", "femur_r"])
    sent = []
    for way in ("update", "vendor"):
        widget = widget_of(scene)[0]
        messages: list = []
        widget.observe(messages.append, names=["_py2js_update"])
        v = np.asarray(scene.rig.vertices("femur_r", library.pose("seated")))
        with widget.batch_update():
            femur = next(t for t in widget.data if t.name == "femur_r")
            if way == "update":
                femur.update(x=v[:, 0], y=v[:, 1], z=v[:, 2])
            else:
                vendor.set_trace_values(femur, x=v[:, 0], y=v[:, 1], z=v[:, 2])
        messages = [m["new"] for m in messages if m["new"]]
        assert len(messages) == 1 and np.array_equal(femur.z, v[:, 2])
        sent.append(messages[0])
    (update, unchecked) = sent
    assert update.keys() == unchecked.keys()
    assert update["style_data"].keys() == unchecked["style_data"].keys() == {"y", "z"}
    for axis in "yz":  # the hip flexes about x: the femur's x stays, and is not sent
        pairs = zip(update["style_data"][axis], unchecked["style_data"][axis], strict=True)
        assert all(np.array_equal(a, b) for a, b in pairs)
    assert update["style_traces"] == unchecked["style_traces"]


def test_strain_colours_follow_measured_length(library, atlas):
    scene = Scene(library, structures=["sacrum", "hip_bone_r", "femur_r", "gluteus_maximus_r",
                                     "iliacus_r"])  # fmt: skip
    scene.set_pose("seated").show_strain()
    longer, shorter = scene.length_ratio("gluteus_maximus_r"), scene.length_ratio("iliacus_r")
    assert longer > 1.1 and shorter < 0.9
    assert scene.colour("gluteus_maximus_r") == strain_colour(longer) == strain_colour(2.0)
    assert scene.colour("iliacus_r") == strain_colour(0.5)  # saturated purple
    assert scene.colour("femur_r") == library.colours.bone  # bones keep their colour
    assert strain_colour(1.0) == library.colours.strain.unchanged  # seen on the white page


def test_zones_are_named_traces_that_follow_the_pose(library):
    scene = Scene(library, structures=["sacrum", "femur_r"])
    fig = scene.figure()
    names = [t.name for t in fig.data]
    assert "zone:piriformis_referral_r" in names
    assert not any(t.visible for t in fig.data if t.name.startswith(ZONE_PREFIX))
    widget, sync = widget_of(scene)
    scene.show_zones("piriformis_referral_r").set_pose("seated")
    sync.sync(widget, scene.state)
    zone = next(t for t in widget.data if t.name == "zone:piriformis_referral_r")
    assert zone.visible and max(zone.y) > 250  # the thigh part came forward with the thigh
    with pytest.raises(NotFoundError, match=r"No zone called .*piriformis_referral_r"):
        scene.show_zones("piriformis_referal_r")


def test_labels_use_plain_words_for_clients(library, atlas):
    scene = Scene(library, structures=["sacrum", "piriformis_r"])
    scene.highlight("piriformis_r").show_labels()
    assert texts(scene.state, library) == ["Piriformis (right)"]
    scene.use_plain_words()
    plain = atlas["piriformis_r"].plain_label.capitalize()
    assert texts(scene.state, library) == [plain]
    assert scene.reset().state.plain_words  # starting again keeps the audience's words


def texts(state, library) -> list[str]:
    """The names in the view, as one line each."""
    return [a["text"].replace("<br>", " ") for a in labels.annotations(state, library)]


def name_boxes(state, library) -> np.ndarray:
    """(n, 4) each name's box on screen, px: left, top, right, bottom."""
    out = []
    projection = labels.Projection.of(state, library)
    for a in labels.annotations(state, library):
        x, y = projection.screen(np.array([[a["x"], a["y"], a["z"]]]))[0]
        lines = a["text"].split("<br>")
        wide = max(map(len, lines)) * labels.CHAR_EM * state.label_px
        tall = len(lines) * labels.LINE_EM * state.label_px
        cx, cy = x + a["ax"], y + a["ay"]
        out.append([cx - wide / 2, cy - tall / 2, cx + wide / 2, cy + tall / 2])
    return np.array(out)


# The deep six less obturator externus, which lies in front of the others.
DEEP_SIX = ("piriformis_r", "gemellus_superior_r", "obturator_internus_r",
            "gemellus_inferior_r", "quadratus_femoris_r")  # fmt: skip


@pytest.mark.parametrize(("view_px", "aspect", "px"), [(560, 1.2, 20), (1000, 1.5, 26),
                                                       (700, 0.8, 16)])  # fmt: skip
def test_names_cover_neither_each_other_nor_what_they_name_and_stay_in_view(
    library, view_px, aspect, px
):
    scene = Scene(library).peel("superficial").show_labels().highlight(*DEEP_SIX).fit()
    scene.state.view_px, scene.state.view_aspect, scene.state.label_px = view_px, aspect, px
    boxes = name_boxes(scene.state, library)
    assert len(boxes) == len(DEEP_SIX)
    assert boxes[:, :2].min() >= 0 and boxes[:, 2].max() <= view_px * aspect
    assert boxes[:, 3].max() <= view_px
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            apart = (boxes[a, 2] <= boxes[b, 0] or boxes[b, 2] <= boxes[a, 0]
                     or boxes[a, 3] <= boxes[b, 1] or boxes[b, 3] <= boxes[a, 1])  # fmt: skip
            assert apart, (a, b, boxes[a], boxes[b])
    projection = labels.Projection.of(scene.state, library)
    named = np.vstack([view.vertices(i, scene.state, library) for i in DEEP_SIX])
    on_screen = projection.screen(named[::10])
    for left, top, right, bottom in boxes:
        inside = ((on_screen[:, 0] > left) & (on_screen[:, 0] < right)
                  & (on_screen[:, 1] > top) & (on_screen[:, 1] < bottom))  # fmt: skip
        assert inside.mean() < 0.01


def test_the_screen_projection_matches_the_framing(library):
    """The framed parts span VIEW_FILL of the view's limiting side, seen through Projection."""
    scene = Scene(library).highlight("piriformis_r")
    scene.state.view_px, scene.state.view_aspect = 600, 1.5
    points = np.vstack([view.vertices(i, scene.state, library) for i in scene.state.shown
                        if view.visible(i, scene.state, library)])  # fmt: skip
    xy = labels.Projection.of(scene.state, library).screen(points)
    span = np.ptp(xy, axis=0) / np.array([900, 600])
    assert span.max() == pytest.approx(view.VIEW_FILL, abs=0.03)
    assert np.all(xy.min(axis=0) > 0) and np.all(xy.max(axis=0) < [900, 600])


def test_names_from_data_are_shown_as_text_not_markup(library):
    atlas = library.atlas
    scene = Scene(library).highlight("piriformis_r").show_labels()
    original = atlas["piriformis_r"]
    atlas.structures["piriformis_r"] = original.model_copy(
        update={"name": "<a href='https://example.org'>Piri</a> & co"}
    )
    try:
        (text,) = [a["text"] for a in labels.annotations(scene.state, library)]
    finally:
        atlas.structures["piriformis_r"] = original
    text = text.replace("<br>", " ")  # plotly's line break, between words
    assert "<" not in text and "&lt;a href=" in text and "&amp; co" in text


@pytest.mark.parametrize("deficiency", [None, "protanopia", "deuteranopia", "tritanopia"])
def test_highlighted_parts_beside_strain_colours_read_as_neither_end(library, deficiency):
    """In a step coloured by length, what is highlighted but not coloured by length (bones,
    nerves, fascia) differs from both ends of the strain scale: orange would read as
    'longer'."""
    stops = [strain_colour(r) for r in (0.85, 0.925, 1.075, 1.15)]
    for condition in library.conditions.values():
        for step in (s for s in condition.steps if s.strain):
            scene = Scene(library).set_pose(step.pose).show_strain()
            scene.highlight(*step.highlight)
            for sid in step.highlight:
                if library.atlas[sid].kind == "muscle":
                    continue
                colour = scene.colour(sid)
                for stop in stops:
                    delta = np.linalg.norm(_lab(colour, deficiency) - _lab(stop, deficiency))
                    assert delta >= 20, (condition.id, sid, stop, round(delta))


def test_clients_get_no_hover_popups_and_a_mode_switch_sends_it(scene):
    widget, sync = widget_of(scene)
    assert {t.hoverinfo for t in meshes(widget)} == {"text"}
    scene.use_plain_words()
    sync.sync(widget, scene.state)
    assert {t.hoverinfo for t in meshes(widget)} == {"none"}


def test_each_label_has_a_leader_to_the_front_of_its_structure(library):
    scene = Scene(library).peel("superficial").show_labels()
    scene.highlight("piriformis_r", "quadratus_femoris_r").fit()  # as labelled steps do
    fig = scene.figure()
    names = fig.layout.scene.annotations
    assert [a.name for a in names] == sorted(scene.state.highlighted)
    toward = labels.Projection.of(scene.state, library).toward_mm()
    for a in names:
        assert a.showarrow and (a.ax, a.ay) != (0, 0)  # a leader from the name to a point
        surface = view.vertices(a.name, scene.state, library)
        end = np.array([a.x, a.y, a.z])
        assert np.linalg.norm(surface - end, axis=1).min() < 3.0  # on its structure
        depth = surface @ toward
        assert end @ toward > depth.max() - labels.FRONT_MM - 1  # on the side facing the eye


def test_a_first_figure_carries_only_what_it_shows_and_a_shown_part_gets_its_triangles_once(
    library,
):
    scene = Scene(library).hide(*library.opening_hidden)  # the opening view: below the knee
    widget, sync = widget_of(scene)
    tibia = next(t for t in widget.data if t.name == "tibia_r")
    assert tibia.visible is False and len(tibia.x) == 0 and len(tibia.i) == 0
    femur = next(t for t in widget.data if t.name == "femur_r")
    assert len(femur.i) == len(library.atlas.mesh("femur_r").faces)
    sent, _ = _sent_messages(widget)
    scene.show("tibia_r")
    sync.sync(widget, scene.state)
    assert len(tibia.x) == len(library.atlas.mesh("tibia_r").vertices)
    assert len(tibia.i) == len(library.atlas.mesh("tibia_r").faces) and tibia.visible
    sent.clear()
    scene.set_pose("seated")
    sync.sync(widget, scene.state)
    assert sent and "'i'" not in repr(sent)  # a pose moves vertices; the triangles went once


def test_names_from_data_reach_plotly_as_text_not_markup(tmp_path, mesh_copy):
    """plotly turns <a href> in hover text into a live link and <b> into bold."""
    import shutil

    import yaml

    from glutelib import load_atlas
    from glutelib.datafiles import DATA_DIR
    from glutelib.drawing import structure_trace, zone_trace
    from glutelib.library import load_library

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    rows = yaml.safe_load((data / "structures.yaml").read_text())
    rows["structures"]["piriformis"]["name"] = '<a href="https://example.org">Piri</a><b>x</b>'
    (data / "structures.yaml").write_text(yaml.safe_dump(rows, allow_unicode=True))
    zones = yaml.safe_load((data / "zones.yaml").read_text())
    zone_key = next(iter(zones["zones"]))
    zones["zones"][zone_key]["label"] = "<b>Bold</b> & <br>"
    (data / "zones.yaml").write_text(yaml.safe_dump(zones, allow_unicode=True))
    atlas = load_atlas(mesh_copy, data / "structures.yaml")
    library = load_library(atlas, data_dir=data)
    state = Scene(library).state
    zone_id = next(z for z in library.zones.ids if z.startswith(zone_key))
    hover = structure_trace("piriformis_r", state, library).hovertext
    assert hover.startswith('&lt;a href="https://example.org"&gt;Piri&lt;/a&gt;&lt;b&gt;')
    zone_hover = zone_trace(zone_id, state, library).hovertext
    assert zone_hover.startswith("&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;br&gt;")


def test_a_synced_widget_shows_what_drawing_styles_says_after_every_change(scene):
    """FigureSync sends the difference of drawing.styles(), the styles build_figure and the
    lesson draw: after a highlight, zones, strain in a pose and a quiz hiding names, every
    trace of the widget has its state's style."""
    widget, sync = widget_of(scene)
    changes = [
        lambda: scene.highlight("femur_r"),
        lambda: scene.show_zones("piriformis_referral_r"),
        lambda: scene.set_pose("seated").show_strain(True),
        lambda: scene.hide_names(True),
        lambda: scene.use_plain_words(True).highlight(),
    ]
    for change in changes:
        change()
        sync.sync(widget, scene.state)
        by_name = {t.name: t for t in widget.data}
        for name, style in drawing.styles(scene.state, scene.library).items():
            for key, value in style.items():
                shown = by_name[name][key]
                shown = shown.to_plotly_json() if hasattr(shown, "to_plotly_json") else shown
                assert shown == value, (name, key)
    assert sync.sync(widget, scene.state)["traces"] == 0  # nothing new: nothing sent


def test_a_name_in_a_narrow_column_is_at_most_three_lines_and_never_cut_in_a_word(library):
    """The longest plain name in a close-up of a narrow view (the lesson's tallest shape):
    at most labels.MAX_NAME_LINES lines, words and brackets whole."""
    scene = Scene(library)
    longest = max(library.atlas, key=lambda s: len(s.label_in(True)))
    scene.use_plain_words().highlight(longest.id).show_labels().fit(longest.id)
    scene.set_view_size(360, 600)
    (name,) = drawing.layout(scene.state, library)["scene"]["annotations"]
    lines = name["text"].split("<br>")
    assert len(lines) <= labels.MAX_NAME_LINES, lines
    assert " ".join(lines) == html.escape(longest.label_in(True))
