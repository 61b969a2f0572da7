"""The walkthrough panel without a browser: steps drive the scene, and send only changes."""

from __future__ import annotations

import pytest

from glutelib.app.dashboard import Dashboard


@pytest.fixture(scope="module")
def dashboard(atlas):
    return Dashboard(atlas)


def test_a_step_with_the_same_pose_sends_no_vertices(dashboard):
    dashboard.open_condition("low_back_sitting", "3")
    assert dashboard.scene.state.pose == "seated"
    dashboard.on_key("ArrowRight")  # step 4: same pose, new highlight and zone
    sent = dashboard.last_sync
    # only the newly shown low-back zone gets vertices (in this pose for the first time)
    assert sent["vertices"] == 1 and 0 < sent["traces"] < len(dashboard.scene.ids) / 2
    dashboard.on_key("ArrowLeft")
    dashboard.on_key("ArrowRight")  # back and forth: nothing new to draw
    assert dashboard.last_sync["vertices"] == 0
    dashboard.on_key("ArrowRight")  # step 5: standing again, so vertices move
    assert dashboard.last_sync["vertices"] > 0
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
    assert "Notes:" in dashboard.walkthrough.text.value
    assert dashboard.section.value == "conditions"  # changing mode keeps the walkthrough open


def test_bad_deep_links_are_named_and_change_nothing(dashboard):
    dashboard.open_condition("hip_rotators", "2")
    dashboard.apply_query("?condition=%3Cscript%3E&step=2")
    assert "&lt;script&gt;" in dashboard.message.value  # escaped, shown as text
    assert dashboard.walkthrough.condition.id == "hip_rotators"
    dashboard.apply_query("?condition=hip_rotators&step=-1")
    assert "steps 1 to 6" in dashboard.message.value and dashboard.walkthrough.index == 0


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


def test_once_the_page_has_drawn_the_figure_changes_since_it_was_built_are_sent_again(atlas):
    """A Next pressed while plotly is still drawing can be lost in the page; when the page
    says it has drawn, the kernel sends again all that changed since the figure was built."""
    board = Dashboard(atlas)
    board.bridge._receive(None, {"type": "drawn"}, [])
    assert board.last_sync["traces"] == 0  # nothing changed since it was built: nothing sent
    board.open_condition("low_back_sitting", "3")  # seated: a new pose
    assert board.last_sync["vertices"] == 0  # already sent
    board.bridge._receive(None, {"type": "drawn"}, [])
    again = board.last_sync
    state = board.scene.state  # every shown part and zone, in the seated pose
    assert again["vertices"] == len(state.shown) + len(state.zones) > 0 and again["traces"] > 0
    board.bridge._receive(None, {"type": "drawn"}, [])  # harmless when the page had it all
    assert board.last_sync == again
    assert board.scene.state.pose == "seated" and board.walkthrough.index == 2
