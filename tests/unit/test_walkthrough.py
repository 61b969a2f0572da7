"""The walkthrough panel without a browser: steps drive the scene, and send only changes."""

from __future__ import annotations

import html
import logging

import numpy as np
import pytest

from glutelib.app.dashboard import Dashboard
from glutelib.present import show_step, strain_rows
from glutelib.scene import Scene


@pytest.fixture
def dashboard(library):
    """A new dashboard per test (the library's data is shared: it is only read)."""
    return Dashboard(library)


def test_a_step_with_the_same_pose_sends_vertices_only_for_what_changes_level(dashboard):
    dashboard.open_condition("low_back_sitting", "3")
    assert dashboard.scene.state.pose == "seated"
    before = set(dashboard.scene.state.highlighted)
    dashboard.on_key("ArrowRight")  # step 4: same pose, new highlight and zone
    after, sent = dashboard.scene.state.highlighted, dashboard.view.last_sync
    # the newly shown low-back zone, and each newly highlighted part the page holds light
    # (the parts turning grey keep the full mesh they have until their vertices go anyway)
    upgraded = {i for i in after - before if dashboard.scene.visible(i)}
    assert 1 < sent["vertices"] <= 1 + len(upgraded)
    assert 0 < sent["traces"] < len(dashboard.scene.ids) / 2
    dashboard.on_key("ArrowLeft")
    dashboard.on_key("ArrowRight")  # back and forth: the page holds all it needs
    assert dashboard.view.last_sync["vertices"] == 0
    dashboard.on_key("ArrowRight")  # step 5: standing again, so vertices move
    assert dashboard.view.last_sync["vertices"] > 0
    assert dashboard.walkthrough.index == 4


def test_keys_move_through_steps_and_stop_at_the_ends(dashboard):
    dashboard.open_condition("pregnancy")
    for key, index in [("PageDown", 1), (" ", 2), ("PageUp", 1), ("End", 5), ("ArrowRight", 5),
                       ("Home", 0), ("ArrowLeft", 0), ("4", 3)]:  # fmt: skip
        dashboard.on_key(key)
        assert dashboard.walkthrough.index == index, key
    assert "drawn x6" in dashboard.walkthrough.note.value  # the widening is said, with how much


def test_text_follows_the_mode(dashboard):
    dashboard.open_condition("sciatica_vs_piriformis", "6")
    dashboard.set_mode("client")
    assert "bladder" in dashboard.walkthrough.text.value
    assert "Notes:" not in dashboard.walkthrough.text.value
    dashboard.set_mode("instructor")
    assert "Notes:" not in dashboard.walkthrough.text.value  # projected: off until asked for
    dashboard.on_key("n")
    assert "Notes:" in dashboard.walkthrough.text.value
    dashboard.on_key("ArrowRight")  # the notes stay on from step to step
    assert "Notes:" in dashboard.walkthrough.text.value
    assert dashboard.section.value == "conditions"  # changing mode keeps the walkthrough open


def test_bad_deep_links_are_named_and_change_nothing(dashboard):
    dashboard.open_condition("hip_rotators", "2")
    dashboard.apply_query("?condition=%3Cscript%3E&step=2")
    assert "&lt;script&gt;" in dashboard.message.value  # escaped, shown as text
    assert dashboard.walkthrough.condition.id == "hip_rotators"
    dashboard.apply_query("?condition=hip_rotators&step=-1")
    assert "steps 1 to 6" in dashboard.message.value and dashboard.walkthrough.index == 0


def test_control_characters_in_the_address_are_dropped_before_a_value_is_read_or_named(
    dashboard,
):
    dashboard.apply_query("?mode=client%00")
    assert dashboard.mode == "client" and "There is no" not in dashboard.message.value
    dashboard.apply_query("?mode=client&condition=pregnancy%00%1B%E2%80%AE&step=2%0A")
    assert dashboard.walkthrough.condition.id == "pregnancy" and dashboard.walkthrough.index == 1
    dashboard.apply_query("?mode=stu%00dent%7F&structure=zzzz%00qqqq%08")
    assert dashboard.mode == "student"
    assert "Nothing called “zzzzqqqq”" in dashboard.message.value


def test_a_deep_link_is_settled_before_the_first_frame_and_applied_once(monkeypatch):
    """Voila gives the kernel the address: the first figure sent is already the linked step,
    and the same address arriving again from the page does not jump back."""
    import IPython.display

    from glutelib.app import dashboard as module

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append(a))
    monkeypatch.setenv("QUERY_STRING", "mode=instructor&condition=hip_rotators&step=3")
    board = module.show()
    assert shown and board.walkthrough.index == 2 and board.mode == "instructor"
    first_state = board.figure.get_state()["_widget_layout"]  # what a connecting page draws
    assert first_state["meta"]["pose"] == board.walkthrough.condition.steps[2].pose
    assert board.figure in board.main.children
    board.on_key("ArrowRight")
    board.bridge.query = "?mode=instructor&condition=hip_rotators&step=3"  # from the page
    assert board.walkthrough.index == 3
    board.bridge.query = "?condition=pregnancy"  # a different address is still followed
    assert board.walkthrough.condition.id == "pregnancy"


def test_a_figure_whose_widget_never_started_is_replaced_by_one_showing_the_current_step(
    library,
):
    """anywidget drops every message to a widget whose code took over 2 s to load; when the
    page says so, the kernel shows a new figure built from the scene as it is now (once per
    failure, and at most MAX_FIGURE_RESTARTS times, then a plain message)."""
    from glutelib.app.view_panel import MAX_FIGURE_RESTARTS

    board = Dashboard(library)
    board.open_condition("low_back_sitting", "3")  # sent to the dead figure, so lost
    dead, dead_id = board.figure, board.figure.model_id
    board.bridge._receive(None, {"type": "figure-failed", "model_id": dead_id}, [])
    new = board.figure
    assert new is not dead and dead.comm is None  # closed: the page drops its view
    assert board.main.children == (board.toolbar.widget, new, board.view.said)
    assert board.bridge.figure is new
    meta = new.get_state()["_widget_layout"]["meta"]  # what the page draws first
    assert meta["pose"] == "seated" and meta["highlighted"] == sorted(board.scene.state.highlighted)
    shown = {t.name for t in new.data if t.visible is not False}
    assert set(board.scene.state.shown) <= shown
    board.bridge._receive(None, {"type": "figure-failed", "model_id": dead_id}, [])
    assert board.figure is new  # a late report about the old figure changes nothing
    board.walkthrough.go(3)  # the new figure follows the steps
    assert new.layout.meta["highlighted"] == sorted(board.scene.state.highlighted)
    for _ in range(MAX_FIGURE_RESTARTS):
        board.bridge._receive(
            None, {"type": "figure-failed", "model_id": board.figure.model_id}, []
        )
    last = board.figure
    board.bridge._receive(None, {"type": "figure-failed", "model_id": last.model_id}, [])
    assert board.figure is last and "Reload the page" in board.message.value


def test_a_close_up_step_frames_its_highlighted_parts_and_the_next_step_stands_back(
    library,
):
    board = Dashboard(library)
    board.open_condition("sciatica_vs_piriformis", "2")  # the nerve through the muscle
    step = board.walkthrough.step
    assert step.close_up and board.scene.state.close_up
    close = board.scene.camera()
    named = board.scene.cameras[step.camera]
    assert abs(close.eye[1] - close.center[1]) < abs(named.eye[1])  # nearer than the whole view
    assert close.center[0] > 0  # on the right side, where the highlighted piriformis is
    board.walkthrough.go(2)  # a referral zone down the thigh: further back again
    back = board.scene.camera()
    assert not board.walkthrough.step.close_up
    assert np.linalg.norm(np.subtract(back.eye, back.center)) > np.linalg.norm(
        np.subtract(close.eye, close.center)
    )


def test_keys_the_keymap_does_not_name_do_nothing(dashboard):
    """An empty key is no key (`"" in "+-"` is true in Python: not a zoom)."""
    dashboard.open_condition("pregnancy", "2")
    before = dashboard.scene.camera()
    for key in ("", "x", "F5", "Enter"):
        dashboard.on_key(key)
    assert dashboard.scene.camera() == before and dashboard.walkthrough.index == 1


def test_a_digit_past_the_last_step_picks_a_view(dashboard):
    dashboard.open_condition("pregnancy")  # six steps
    dashboard.on_key("3")
    assert dashboard.walkthrough.index == 2
    dashboard.on_key("9")  # no step 9: there is no view 9 either, so nothing happens
    assert dashboard.walkthrough.index == 2
    dashboard.set_section("explore")
    dashboard.on_key("2")
    assert dashboard.scene.state.camera == list(dashboard.library.cameras)[1]


def test_steps_in_digits_that_are_not_ascii_are_named_not_raised(dashboard):
    for odd in ("%C2%B2", "%E2%91%A0", "%D9%A3"):  # superscript two, circled one, Arabic three
        dashboard.apply_query(f"?condition=low_back_sitting&step={odd}")
        assert "has steps 1 to" in dashboard.message.value
        assert dashboard.walkthrough.index == 0
    dashboard.on_key("²")
    assert dashboard.walkthrough.index == 0


def test_the_help_lists_every_binding_of_the_keymap(dashboard):
    for binding in dashboard.keymap.bindings:
        assert binding.help.split(":")[0] in html.unescape(dashboard.help.value)  # as read
    keymap = dashboard.keymap
    sent = set(dashboard.bridge.focus_keys)
    for section in ("explore", "conditions", "quiz"):  # the page passes on what means something
        dashboard.set_section(section)
        assert dashboard.bridge.kernel_keys == keymap.keys_for(page=False, section=section)
        sent |= set(dashboard.bridge.kernel_keys)
    assert sent == {k for b in keymap.bindings for k in b.keys}
    assert "Enter" in keymap.keys_for(False, "quiz") and "Enter" not in keymap.keys_for(
        False, "explore"
    )


def test_untested_package_versions_are_said_on_the_page_not_raised(library, monkeypatch):
    from glutelib.app import dashboard as module

    warning = "plotly 9.0.0 is installed; glutelib is tested with plotly~=7.1.0."
    monkeypatch.setattr(module, "version_warnings", lambda: [warning])
    board = Dashboard(library)
    assert "plotly 9.0.0 is installed" in board.message.value
    board.open_condition("pregnancy", "2")  # and the dashboard works on
    assert board.walkthrough.index == 1


def test_the_strain_legend_lists_changes_of_3_percent_or_more_a_row_per_pair(dashboard):
    dashboard.open_condition("low_back_sitting", "2")  # seated: the glutes lengthen
    note = dashboard.walkthrough.note.value
    assert "Gluteus maximus (both sides): +30 %" in note and "(right)" not in note
    dashboard.open_condition("low_back_sitting", "5")  # standing again: nothing changes
    note = dashboard.walkthrough.note.value
    assert "No change of 3 % or more" in note and "+0 %" not in note
    dashboard.set_mode("client")
    dashboard.open_condition("hip_rotators", "2")
    rows = dashboard.walkthrough.note.value.split("<li>")[1:]
    assert rows and not any("left" in r.lower() or "right" in r.lower() for r in rows)


def test_the_labels_toggle_always_says_what_is_drawn(dashboard):
    dashboard.open_condition("hip_rotators", "1")  # a step that names its parts
    assert dashboard.scene.state.labels and dashboard.toolbar.labels.value
    dashboard.on_key("PageDown")  # the next step does not
    assert not dashboard.scene.state.labels and not dashboard.toolbar.labels.value
    dashboard.on_key("l")  # a clicker or keyboard turns them on: the toggle follows
    assert dashboard.scene.state.labels and dashboard.toolbar.labels.value
    dashboard.toolbar.labels.value = False  # and the toggle turns them off
    assert not dashboard.scene.state.labels


def test_client_list_items_are_plain_words_written_as_written(dashboard):
    """'Low-back bone L1', not 'Low-back bone l1' (str.capitalize lowers the rest)."""
    dashboard.set_mode("client")
    labels = [b.description for row in dashboard.explorer.list_box.children
              for b in getattr(row, "children", ())]  # fmt: skip
    assert "Low-back bone L1" in labels and "Low-back bone l1" not in labels
    assert not any("fascia" in label.lower() for label in labels)


def test_picking_a_small_part_frames_it_and_a_large_one_shows_the_whole_view(dashboard):
    dashboard.explorer.select("quadratus_femoris_r")
    close = dashboard.scene.camera()
    assert dashboard.scene.state.close_up and close.center[0] > 0  # on the right side
    dashboard.explorer.select("gluteus_maximus_r")
    assert not dashboard.scene.state.close_up


def test_save_picture_frames_for_the_pictures_shape(dashboard, monkeypatch):
    from glutelib import export

    drawn = []
    monkeypatch.setattr(export, "png_bytes", lambda fig, w, h: drawn.append((fig, w, h)) or b"")
    dashboard.view.set_view_size(400, 1600)  # a tall, narrow view on the page: width limits it
    dashboard.view.save_picture()
    fig, width, height = drawn[0]
    page_camera = dashboard.scene.camera()
    eye, centre = fig.layout.scene.camera.eye, fig.layout.scene.camera.center
    distance = ((eye.x - centre.x) ** 2 + (eye.y - centre.y) ** 2 + (eye.z - centre.z) ** 2) ** 0.5
    page = sum((a - b) ** 2 for a, b in zip(page_camera.eye, page_camera.center, strict=True))
    assert (width, height) == (1600, 1200) and abs(distance - page**0.5) > 0.05  # its own
    assert "saved" in dashboard.message.value


def test_a_broken_bone_is_left_out_and_said_and_its_steps_still_step(mesh_copy, caplog):
    """The rig skins with the sacrum and the low-back zone wraps it: the strain legend and
    the zones are worked out without it (test_zones: a muscle a zone wraps)."""
    from glutelib.library import load_library

    gone = "sacrum"
    (mesh_copy / f"{gone}.ply").unlink()
    with caplog.at_level(logging.WARNING, logger="glutelib.app.dashboard"):
        dashboard = Dashboard(load_library(mesh_dir=mesh_copy))
    assert gone in dashboard.message.value and "make meshes" in dashboard.message.value
    # A visitor sees the file in the meshes folder, never the server's folders (the log does).
    assert "meshes/sacrum.ply" in dashboard.message.value
    assert str(mesh_copy.parent) not in dashboard.message.value
    assert str(mesh_copy / "sacrum.ply") in caplog.text
    dashboard.open_condition("low_back_sitting", "2")  # seated, coloured by lengthening
    assert "Gluteus maximus" in dashboard.walkthrough.note.value
    dashboard.on_key("ArrowRight")
    dashboard.on_key("ArrowRight")  # step 4 shows the low-back pain zone
    assert dashboard.walkthrough.index == 3 and not dashboard.walkthrough.back.disabled
    assert dashboard.scene.state.zones and gone not in dashboard.scene.ids


def test_download_lesson_hands_the_page_the_open_walkthrough_as_one_file(dashboard, monkeypatch):
    sent = []
    monkeypatch.setattr(dashboard.bridge, "download", lambda *a, **k: sent.append((a, k)))
    dashboard.set_mode("client")
    dashboard.open_condition("pregnancy", "2")
    dashboard.lesson.widget.click()
    ((name, data), kwargs) = sent[0]
    assert name == "glutelib-pregnancy-client.html" and kwargs["mime"] == "text/html"
    assert data.startswith(b"<!doctype html>") and len(data) < 8 * 2**20
    assert "glutelib-pregnancy-client.html" in dashboard.message.value
    import glutelib.lesson

    said, asked = [], []
    made = glutelib.lesson.lesson_html
    dashboard.message.observe(lambda change: said.append(change["new"]), names="value")
    monkeypatch.setattr(glutelib.lesson, "lesson_html",
                        lambda *a, **k: asked.append(k['conditions']) or made(*a, **k))  # fmt: skip
    dashboard.set_section("explore")  # from Explore: every walkthrough
    dashboard.lesson.widget.click()
    ((name, data), _) = sent[1]
    assert name == "glutelib-lesson-client.html" and not dashboard.lesson.widget.disabled
    assert said[0].startswith("<p>Making the lesson") and name in said[-1]
    assert asked == [list(dashboard.walkthrough.conditions)]


def test_a_dashboard_that_cannot_start_names_the_file_not_the_servers_folders(
    tmp_path, monkeypatch, caplog
):
    from IPython import display

    from glutelib.app.dashboard import show

    meshes = tmp_path / "meshes"
    meshes.mkdir()
    monkeypatch.setenv("GLUTELIB_MESHES", str(meshes))
    shown = []
    monkeypatch.setattr(display, "display", lambda *objects: shown.extend(objects))
    with caplog.at_level(logging.ERROR, logger="glutelib.app.dashboard"):
        assert show() is None
    (page,) = [o.data for o in shown]
    assert "meshes/manifest.json is missing" in page and "make meshes" in page
    assert str(tmp_path) not in page and str(meshes / "manifest.json") in caplog.text


def panels_show(board: Dashboard) -> dict[str, object]:
    """Where the page is, as a person sees it in the widgets."""
    return dict(mode=board.header.mode_buttons.value, section=board.section.value,
                help=board.help.layout.display != "none", **board.panels_say())  # fmt: skip


def test_the_page_state_is_what_the_panels_show_after_every_kind_of_event(library):
    """The page's state is kept, not read back from widgets: after a button, a key, a picker,
    an address or a pick it is what the widgets show, and the address is its address."""
    from glutelib.app.navigation import to_query

    board = Dashboard(library)
    wt = board.walkthrough
    events = [
        ("section button", lambda: setattr(board.section, "value", "conditions")),
        ("Next", wt.next.click), ("Next", wt.next.click), ("Back", wt.back.click),
        ("picker", lambda: setattr(wt.picker, "value", "pregnancy")),
        ("End key", lambda: board.on_key("End")), ("digit", lambda: board.on_key("2")),
        ("mode button", lambda: setattr(board.header.mode_buttons, "value", "instructor")),
        ("notes toggle", lambda: setattr(wt.notes_toggle, "value", True)),
        ("help", lambda: board.on_key("?")), ("Escape", lambda: board.on_key("Escape")),
        ("address", lambda: board.apply_query("condition=runners_cyclists&step=3")),
        ("Explore", lambda: setattr(board.section, "value", "explore")),
        ("list pick", lambda: board.explorer.select_stem("piriformis")),
        ("figure tap", lambda: board._on_figure_click("gluteus_medius_r", (0.0, 0.0, 0.0))),
        ("quiz section", lambda: setattr(board.section, "value", "quiz")),
        ("quiz kind", lambda: next(iter(board.quiz.kind_buttons.values())).click()),
        ("to a client", lambda: setattr(board.header.mode_buttons, "value", "client")),
        ("Back in history", lambda: board.apply_query("mode=client&structure=sacrum")),
    ]  # fmt: skip
    for name, event in events:
        event()
        state = board.page
        shown = panels_show(board)
        kept = {k: getattr(state, k) for k in shown}
        if state.section != "explore":
            kept.pop("structure"), shown.pop("structure")  # kept for Explore's return
        assert kept == shown, name
        assert board.bridge.address == to_query(state), name
    assert board.page.section == "explore" and board.page.structure == "sacrum"


def test_the_view_shown_is_always_said_by_its_button_or_on_a_tablet_by_its_menu(library):
    board = Dashboard(library)
    bar = board.toolbar
    board.view.set_view("anterior")
    assert "mod-active" in bar.views["anterior"]._dom_classes
    assert not any("mod-active" in b._dom_classes for n, b in bar.views.items() if n != "anterior")
    assert bar.view_menu.layout.display == "none"  # a student's screen has room for buttons
    board.set_mode("client")  # the tablet: one menu, in plain words
    assert all(b.layout.display == "none" for b in bar.views.values())
    assert bar.view_menu.layout.display is None
    assert dict(bar.view_menu.options)[library.cameras["anterior"].plain_label] == "anterior"
    board.open_condition("pregnancy", "2")  # a step's own view
    assert bar.view_menu.value == board.scene.state.camera
    bar.view_menu.value = "right_lateral"  # picked from the menu
    assert board.scene.state.camera == "right_lateral"
    assert "mod-active" in bar.views["right_lateral"]._dom_classes


def test_the_strain_legend_names_only_the_sides_the_picture_shows(library):
    """A side taken out to show what lies under it (make_visible) is not in the legend: a
    row says "(both sides)" only when both are drawn."""
    scene, rows_seen = Scene(library), 0
    for condition in library.conditions.values():
        for step in condition.steps:
            show_step(scene, step)
            for name, _change in strain_rows(scene, step, plain=False):
                rows_seen += 1
                stem = next(s for s in library.atlas if name.startswith(s.name)).stem
                drawn = [i for i in library.atlas.stems[stem] if scene.visible(i)]
                if name.endswith("(both sides)") or "(right / left)" in name:
                    assert len(drawn) == 2, (condition.id, name)
    assert rows_seen > 5
    show_step(scene, library.conditions["hip_rotators"].steps[1])  # the left one taken out
    names = [name for name, _ in strain_rows(scene, library.conditions["hip_rotators"].steps[1],
                                              plain=False)]  # fmt: skip
    assert "Obturator internus (right)" in names and "Piriformis (both sides)" in names


def test_close_up_pressed_again_shows_the_whole_view_from_the_same_side(library):
    board = Dashboard(library)
    board.set_section("explore")
    board.explorer.select("piriformis_r")  # a small part: Explore closes up on it
    assert board.scene.state.close_up
    board.view.fit()  # pressed again: the whole view, from the same side
    assert not board.scene.state.close_up and board.scene.state.highlighted == {"piriformis_r"}
    assert "mod-active" not in board.view.toolbar.fit._dom_classes
    board.view.fit()
    assert board.scene.state.close_up and "mod-active" in board.view.toolbar.fit._dom_classes
