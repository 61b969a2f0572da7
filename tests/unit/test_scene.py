"""Scene state changes and the smallest-update sync to a FigureWidget."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from glutelib import StructureNotFoundError
from glutelib.scene import CONTEXT_GREY, Scene, load_cameras

IDS = ["sacrum", "hip_bone_r", "hip_bone_l", "femur_r"]


@pytest.fixture
def scene(atlas):
    return Scene(atlas, structures=IDS)


def test_one_named_trace_per_structure(scene):
    fig = scene.figure()
    assert [t.name for t in fig.data] == IDS
    assert all(isinstance(t, go.Mesh3d) for t in fig.data)
    assert fig.layout.scene.camera.eye.y < 0  # opens from behind


def test_highlight_greys_the_rest(scene, atlas):
    scene.highlight("sacrum")
    fig = scene.figure()
    colours = {t.name: t.color for t in fig.data}
    assert colours["sacrum"] == atlas["sacrum"].colour
    assert {colours[i] for i in IDS[1:]} == {CONTEXT_GREY}
    assert all(t.opacity in (None, 1) for t in fig.data)  # grey, never translucent


def test_hide_and_show(scene):
    scene.hide("femur_r")
    assert not next(t for t in scene.figure().data if t.name == "femur_r").visible
    scene.show("femur_r")
    assert next(t for t in scene.figure().data if t.name == "femur_r").visible


def test_unknown_ids_and_cameras_are_refused(scene):
    with pytest.raises(StructureNotFoundError, match="Did you mean 'sacrum'"):
        scene.highlight("sacrun")
    with pytest.raises(StructureNotFoundError, match="posterior"):
        scene.set_camera("posterier")


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


def test_sync_sends_colours_without_vertices(scene):
    widget = scene.widget()
    sent, _ = _sent_messages(widget)
    scene.highlight("sacrum")
    report = scene.sync(widget)
    assert report == {"traces": 3, "camera": 0}
    text = repr(sent)
    assert sent and "color" in text
    for key in ("'x'", "'y'", "'z'", "'i'", "'j'", "'k'"):
        assert key not in text, f"a colour change re-sent {key}"


def test_sync_sends_nothing_when_nothing_changed(scene):
    widget = scene.widget()
    sent, _ = _sent_messages(widget)
    assert scene.sync(widget) == {"traces": 0, "camera": 0}
    assert sent == []


def test_sync_camera_is_one_relayout(scene):
    widget = scene.widget()
    sent, _ = _sent_messages(widget)
    scene.set_camera("anterior")
    assert scene.sync(widget) == {"traces": 0, "camera": 1}
    assert widget.layout.scene.camera.eye.y > 0
    assert [kind for kind, *_ in sent] in (["relayout"], ["update"])
