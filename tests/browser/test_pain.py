"""Where does it hurt, as people meet it: a student paints with the mouse on a laptop, a
client with a finger on the tablet; the drawing is on the body, the matches and the red
flags beside it in each one's words, everything on screen, and the address brings it back."""

from __future__ import annotations

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from glutelib.pain import DRAWING_KEY
from tests.browser.conftest import (
    ON_SCREEN,
    graph,
    open_dashboard,
    unseen,
    wcag_violations,
)
from tests.unit.test_pain import mark
from tests.unit.test_pain_panel import over_the_buttock

pytestmark = pytest.mark.browser
PANEL = (".t-pain-heading", ".t-pain-tools", ".t-pain-matches", ".t-pain-safety")
DRAWN = """(name) => { const g = document.querySelector('.js-plotly-plot');
  const t = g._fullData.find((d) => d.name === name);
  return t && t.visible ? t.x.length : 0; }"""
STROKES = "((document.querySelector('.js-plotly-plot').layout.meta || {}).drawing || 0)"
MATCHES = "() => [...document.querySelectorAll('.t-pain-match')].map((b) => b.innerText)"


def paint(page, points, finger: bool = False) -> None:
    """Tap each point (mm) where it shows on the screen, with the mouse or a finger, until
    the figure holds one more stroke each time (software WebGL here sometimes misses a
    pick: a person taps again)."""
    for n, xyz in enumerate(points, 1):
        for attempt in range(3):
            x, y = on_screen(page, xyz)
            if finger:
                page.touchscreen.tap(x, y)
            else:  # a click: while painting, a drag paints and nothing hovers (no names)
                page.mouse.move(x, y)
                page.mouse.down()
                page.mouse.up()
            try:
                page.wait_for_function(f"() => {STROKES} >= {n}", timeout=20_000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise


def on_screen(page, xyz) -> tuple[float, float]:
    return tuple(page.evaluate(ON_SCREEN, [float(v) for v in xyz]))


def drag_with_mouse(page, start, end, steps: int = 12) -> None:
    """Press at `start` (mm, where it shows), move to `end` and let go, as a hand paints."""
    (x0, y0), (x1, y1) = on_screen(page, start), on_screen(page, end)
    page.mouse.move(x0, y0)
    page.mouse.down()
    for k in range(1, steps + 1):
        page.mouse.move(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)
        page.wait_for_timeout(40)
    page.mouse.up()


def drag_with_finger(page, start, end, steps: int = 12) -> None:
    """A finger on the screen at `start` (mm, where it shows), drawn to `end`, lifted."""
    (x0, y0), (x1, y1) = on_screen(page, start), on_screen(page, end)
    finger = page.context.new_cdp_session(page)
    finger.send("Input.dispatchTouchEvent", {"type": "touchStart",
                                             "touchPoints": [{"x": x0, "y": y0}]})  # fmt: skip
    for k in range(1, steps + 1):
        at = {"x": x0 + (x1 - x0) * k / steps, "y": y0 + (y1 - y0) * k / steps}
        finger.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [at]})
        page.wait_for_timeout(40)
    finger.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def back_of_the_calf(library) -> list[np.ndarray]:
    """Five points down the back of the right calf, on the skin."""
    ankle, knee = mark(library, "lateral_malleolus", "r"), mark(library, "knee_joint_centre", "r")
    skin = np.asarray(library.atlas.skin_mesh().vertices)
    behind = [knee + t * (ankle - knee) + (0, -80, 0) for t in np.linspace(0.15, 0.85, 5)]
    return [skin[np.argmin(np.linalg.norm(skin - at, axis=1))] for at in behind]


def test_a_student_paints_the_buttock_with_the_mouse_and_reads_the_matches(
    desktop_page, voila_url, library, screenshot
):
    page = desktop_page
    open_dashboard(page, voila_url, "?mode=student")
    page.click(".t-section >> text=Pain map")
    page.wait_for_selector(".t-pain-heading:has-text('Pain drawing')")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot').layout.meta"
                           ".paint === 'paint'")  # the body drawn to paint on  # fmt: skip
    drawn = graph(page, "g._fullData.filter((t) => t.visible === true).map((t) => t.name)")
    assert drawn == ["skin"]  # the body's skin alone, solid: what is painted on
    paint(page, over_the_buttock(library))
    assert page.evaluate(DRAWN, DRAWING_KEY) > 20
    # a drag paints along the way (the body does not turn): down the back of the thigh
    eye = graph(page, "g._fullLayout.scene.camera.eye")
    top, knee = mark(library, "ischial_tuberosity", "r"), mark(library, "knee_joint_centre", "r")
    drag_with_mouse(page, top + np.array([0, -40, -30]), knee + np.array([0, -60, 150]))
    page.wait_for_function(f"() => {STROKES} >= 10")
    assert graph(page, "g._fullLayout.scene.camera.eye") == eye
    matches = page.evaluate(MATCHES)
    assert matches and all("% of the drawing" in m for m in matches), matches
    assert "piriformis" in " ".join(matches).lower()
    shown = graph(page, "g.layout.meta.pattern")
    assert page.locator(f".t-pain-match-{shown}.t-shown").count() == 1
    assert "above the knee" in page.inner_text(".t-pain-said")
    assert page.locator(".t-pain-flag-box").count() == 0
    assert unseen(page, PANEL) == []
    assert wcag_violations(page) == []
    screenshot(page, "student-buttock")
    page.click(".t-pain-feel-numb")  # numbness ticked: the red flags, for a doctor
    page.wait_for_selector(".t-pain-flag-box:has-text('Saddle anaesthesia')")
    assert "feel=numb" in page.url and "pain=1." in page.url
    # the address brings the drawing back: a reload draws it and lists the same
    listed = page.evaluate(MATCHES)
    page.reload(wait_until="commit")
    page.wait_for_selector(".t-pain-match")
    assert page.evaluate(MATCHES) == listed
    assert page.locator(".t-pain-feel-numb.mod-active").count() == 1
    # an instructor shows it on the small projector: two matches, the flags, all on screen
    page.set_viewport_size({"width": 1280, "height": 720})
    page.click(".t-mode button:has-text('Instructor')")
    page.wait_for_selector(".glutelib.mode-instructor .t-pain-flag-box")
    page.wait_for_function("() => document.querySelectorAll('.t-pain-match').length === 2")
    assert unseen(page, (*PANEL, ".t-pain-flag-box")) == []
    assert wcag_violations(page) == []
    screenshot(page, "instructor-flags-1280")


def test_a_client_paints_the_calf_with_a_finger_and_reads_plain_words(
    tablet_page, voila_url, library, screenshot
):
    page = tablet_page
    open_dashboard(page, voila_url, "?mode=client")
    page.tap(".t-open-pain")  # Explore's first button: a consultation starts here
    page.wait_for_selector(".t-pain-heading:has-text('Where does it hurt?')")
    assert (
        unseen(page, (".t-pain-heading", ".t-pain-hint", ".t-pain-tools", ".t-pain-safety")) == []
    )
    calf = back_of_the_calf(library)
    paint(page, calf, finger=True)
    page.wait_for_selector(".t-pain-said:has-text('goes below the knee')")
    matches = page.evaluate(MATCHES)
    assert matches and not any("%" in m for m in matches), matches  # plain words alone
    assert matches[0] == "A nerve from the low back (S1)"
    # a nerve root's pattern leads: when to see a doctor, in plain, calm words
    flags = page.inner_text(".t-pain-flag-box").lower()
    assert "see a doctor" in flags and "straight away" in flags and "bladder" in flags
    for target in (".t-pain-match", ".t-pain-clear", ".t-pain-feel"):
        box = page.locator(target).first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, target
    assert unseen(page, (*PANEL, ".t-pain-flag-box")) == []
    assert wcag_violations(page) == []
    screenshot(page, "client-calf")
    # a finger drawn down the calf paints along the way, and the body does not turn
    eye = graph(page, "g._fullLayout.scene.camera.eye")
    drag_with_finger(page, calf[0] + np.array([15, 0, 0]), calf[-1] + np.array([15, 0, 0]))
    page.wait_for_function(f"() => {STROKES} >= 9")
    assert graph(page, "g._fullLayout.scene.camera.eye") == eye
    # turned upright, the body stays beside the panel and all of it is on the screen
    page.set_viewport_size({"width": 768, "height": 1024})
    page.wait_for_function("() => document.querySelector('.t-figure').getBoundingClientRect()"
                           ".height > 800")  # fmt: skip
    assert unseen(page, (*PANEL, ".t-pain-flag-box")) == []
    screenshot(page, "client-calf-upright")
    page.tap(".t-pain-clear")
    page.wait_for_selector(".t-pain-said:has-text('Tap the body')")
