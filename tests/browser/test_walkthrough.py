"""The five condition walkthroughs in a real browser: keyboard on the projector, taps on the
tablet in client mode. Each step's figure is read back from the graph div and compared with
the step's own data: the pose it names (down to the femur's vertices) and what it highlights,
as `present.show_step` makes it visible (one side of a pair over a pair may be dissected away:
tests/anatomy/test_visibility.py checks that rule).
"""

from __future__ import annotations

import functools
import json
import time

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from glutelib.conditions import load_conditions
from glutelib.described import view_said
from glutelib.lesson.frames import audience_scene
from glutelib.library import load_library
from glutelib.poses import Rig, load_poses
from glutelib.present import show_step
from glutelib.scene import Scene
from tests.browser.conftest import (
    KernelTraffic,
    graph,
    open_dashboard,
    plot_fills_its_view,
    unseen_at,
    wcag_violations,
)

pytestmark = pytest.mark.browser
NEXT_KEYS = ("ArrowRight", "PageDown", " ")  # a clicker sends PageDown; Space as in slides
LANDSCAPE, UPRIGHT = (1024, 768), (768, 1024)  # the client's tablet, both ways round


@pytest.fixture(scope="module")
def conditions(atlas):
    return load_conditions(atlas=atlas)


@pytest.fixture(scope="module")
def femur_front(atlas):
    """Pose name -> the right femur's most anterior y (mm), computed here, not in the page."""
    rig, poses = Rig(atlas), load_poses()
    return lambda pose: float(rig.vertices("femur_r", poses[pose])[:, 1].max())


_library = functools.cache(load_library)


@functools.cache
def highlighted(condition_id: str, number: int) -> tuple[str, ...]:
    """What step `number` (1-based) highlights once shown: its highlight, less a side that
    make_visible dissected away (computed here from the library, not read from the page)."""
    library = _library()  # one per worker: its rig builds its bone fields once (~1.5 s)
    scene = Scene(library)
    show_step(scene, library.conditions[condition_id].steps[number - 1])
    return tuple(sorted(scene.state.highlighted))


def wait_for_step(page, condition, number: int) -> None:
    """Until the page shows step `number` (1-based) and its figure matches the step."""
    step = condition.steps[number - 1]
    wanted = highlighted(condition.id, number)
    try:
        _wait_for_step(page, step.pose, wanted, number, len(condition.steps))
    except PlaywrightTimeout:
        seen = graph(page, "g && g.layout.meta")
        progress = page.locator(".t-progress").all_inner_texts()
        said = f"pose {step.pose}, highlight {list(wanted)}"
        pytest.fail(f"{condition.id} step {number} ({said}) not shown; page: {seen} {progress}")


def _wait_for_step(page, pose: str, wanted: tuple[str, ...], number: int, total: int) -> None:
    page.wait_for_function(
        "([pose, hl, label]) => { const g = document.querySelector('.js-plotly-plot');"
        " const m = g && g.layout.meta; if (!m) return false;"
        " const p = document.querySelector('.t-progress');"
        " return m.pose === pose && JSON.stringify(m.highlighted) === hl"
        "   && p && p.innerText.includes(label); }",
        arg=[pose, json.dumps(list(wanted), separators=(",", ":")), f"Step {number} of {total}"],
        timeout=60_000,
    )  # fmt: skip


def check_figure(page, condition, number: int, femur_front) -> None:
    step = condition.steps[number - 1]
    page.wait_for_function(
        "([y]) => { const g = document.querySelector('.js-plotly-plot');"
        " const t = g.data.find(t => t.name === 'femur_r');"
        " return Math.abs(Math.max(...t.y) - y) < 0.5; }",
        arg=[femur_front(step.pose)],
        timeout=30_000,
    )
    shown = graph(page, "g.data.filter(t => t.visible !== false).map(t => t.name)")
    assert set(highlighted(condition.id, number)) <= set(shown) | set(step.hide)
    zones = graph(page, "g.data.filter(t => t.name.startsWith('zone:') && t.visible)"
                        ".map(t => t.name.slice(5))")  # fmt: skip
    assert sorted(zones) == sorted(step.zones)


def test_client_taps_through_every_walkthrough_on_a_tablet(
    tablet_page, voila_url, screenshot, conditions, femur_front
):
    page = tablet_page
    traffic = KernelTraffic(page)
    open_dashboard(page, voila_url, "?mode=client&condition=pregnancy")
    page.wait_for_selector(".glutelib.mode-client")
    # The scene comes through the kernel (~2.8 MB); plotly's 5 MB of code comes as a file the
    # browser keeps (glutelib/app/figure_widget.py), not inside the figure's state.
    assert sum(traffic.down) < 4_000_000, sum(traffic.down)
    uploads = []  # what each tap made the page send its kernel
    problems = plot_fills_its_view(page)  # and what of a step is off the screen (test_fit.py)
    # The tablet's screen is for the model: the toolbar one row, the 3D view 80 % of the height.
    tops = "[...document.querySelector('.t-toolbar').children].filter((c) => c.offsetParent)"
    rows = page.evaluate(f"() => new Set({tops}.map((c) => c.offsetTop)).size")
    assert rows == 1
    assert page.locator(".t-figure").bounding_box()["height"] >= 0.8 * 768
    # Each step is checked on the tablet both ways round: held sideways, then turned upright
    # (the other screen of audiences.yaml's client), then sideways again at the next step.
    turned = {LANDSCAPE: UPRIGHT, UPRIGHT: LANDSCAPE}
    page.set_viewport_size(dict(zip(("width", "height"), UPRIGHT, strict=True)))
    problems += [f"upright: {p}" for p in plot_fills_its_view(page)]
    page.set_viewport_size(dict(zip(("width", "height"), LANDSCAPE, strict=True)))
    size = LANDSCAPE
    zone_checked = False
    for cid, condition in conditions.items():
        page.select_option(".t-condition-picker select", label=condition.plain_title)
        wait_for_step(page, condition, 1)
        for number in range(1, len(condition.steps) + 1):
            if number > 1:
                mark = traffic.mark()
                page.tap(".t-next")
                wait_for_step(page, condition, number)
                uploads.append(traffic.since(mark)[0])
            check_figure(page, condition, number, femur_front)
            step = condition.steps[number - 1]
            assert step.plain_title in page.inner_text(".t-step-title")
            text = page.inner_text(".t-walkthrough").lower()
            assert "notes:" not in text and "innervation" not in text
            for button in (".t-next", ".t-back"):
                box = page.locator(button).bounding_box()
                assert box["height"] >= 48 and box["width"] >= 48
            problems += [f"{cid} step {number}: {p}" for p in unseen_at(page, size)]
            if step.zones and not zone_checked:  # a zone on the skin, its legend beside
                assert wcag_violations(page) == []
                zone_checked = True
            screenshot(page, f"{cid}-{number}")
            size = turned[size]
            problems += [f"{cid} step {number}: {p}" for p in unseen_at(page, size)]
    assert not problems, "client on the tablet:\n" + "\n".join(problems)
    assert page.locator(".t-next").is_disabled()  # the last step of the last walkthrough
    page.tap(".t-back")
    wait_for_step(page, condition, len(condition.steps) - 1)
    # A tap sends a click and plotly's small reply, not the posed vertices back (~1 MB each
    # step before the bridge trimmed them) nor every default of the figure (~65 kB), and the
    # kernel raised no exception on the way.
    assert traffic.errors == []
    assert max(uploads) < 10_000, uploads


def test_deep_link_to_a_step_and_bad_links_are_named(desktop_page, voila_url, conditions,
                                                     library):  # fmt: skip
    page = desktop_page
    open_dashboard(page, voila_url, "?mode=instructor&condition=hip_rotators&step=3")
    wait_for_step(page, conditions["hip_rotators"], 3)
    strain = conditions["hip_rotators"].steps[2].strain  # the step's own strain colouring
    assert bool(graph(page, "g.layout.meta.strain")) is strain
    # a screen reader: the picker has a name, the view a live region saying what it shows
    page.wait_for_selector(".t-condition-picker select[aria-label='Walkthrough']")
    page.wait_for_selector(".t-view-said[role=region][aria-live=polite]")
    scene = audience_scene(library, list(library.atlas.ids),
                           library.audiences.audiences["instructor"])  # fmt: skip
    show_step(scene, conditions["hip_rotators"].steps[2])
    page.wait_for_function("(t) => document.querySelector('.t-view-said').innerText === t",
                           arg=view_said(scene.state, library))  # fmt: skip
    open_dashboard(page, voila_url, "?condition=../../etc/passwd&step=999")
    page.wait_for_selector(".t-message:has-text('no walkthrough called')")
    assert "low_back_sitting" in page.inner_text(".t-message")
    page.click(".t-section >> text=Conditions")
    wait_for_step(page, conditions["low_back_sitting"], 1)  # and the page still works


def test_a_figure_that_loads_too_slowly_is_replaced_and_follows_the_steps(
    desktop_page, voila_url, conditions
):
    page = desktop_page
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    slowed = []

    # plotly's code takes 3 s to arrive the first time, as on a slow tablet or a busy class
    # server: anywidget gives a widget 2 s, then drops every message to it for good.
    def slow_first_load(route) -> None:
        if not slowed:
            slowed.append(route.request.url)
            time.sleep(3)
        route.fallback()

    page.route("**/plotly-widget-*.js", slow_first_load)
    condition = conditions["runners_cyclists"]
    open_dashboard(page, voila_url, "?condition=runners_cyclists")
    wait_for_step(page, condition, 1)
    for number in (2, 3):
        page.click(".t-next")
        wait_for_step(page, condition, number)  # without the new figure: step 1's, forever
    assert slowed and any("the 3D view did not start" in w for w in warnings), warnings
    assert page.locator(".js-plotly-plot").count() == 1  # the dead one is gone


def test_the_address_follows_the_lesson_reload_restores_it_and_back_goes_a_step_back(
    desktop_page, voila_url, conditions
):
    page = desktop_page
    condition = conditions["pregnancy"]
    open_dashboard(page, voila_url, "?mode=instructor&condition=pregnancy")
    wait_for_step(page, condition, 1)
    page.wait_for_url("**step=1*")  # the opening address, completed
    for number in (2, 3):
        page.keyboard.press("PageDown")
        wait_for_step(page, condition, number)
        page.wait_for_url(f"**condition=pregnancy&step={number}")
    assert "mode=instructor" in page.url
    page.reload(wait_until="commit")  # a reload opens the same step, in the same mode
    page.wait_for_selector(".glutelib.mode-instructor")
    wait_for_step(page, condition, 3)
    page.go_back(wait_until="commit")  # Back: the step before, not away from the lesson
    wait_for_step(page, condition, 2)
    assert page.url.endswith("step=2") and "voila" not in page.url


NAME = ".js-plotly-plot g.annotation-scene"  # plotly's SVG group of one scene annotation
NAMES = """() => [...document.querySelectorAll('.js-plotly-plot g.annotation-scene')].map(a => {
  const box = a.querySelector('rect.bg').getBoundingClientRect();
  const text = a.querySelector('text.annotation-text');
  const leader = a.querySelector('.annotation-arrow-g path');
  return { text: text.textContent, size: parseFloat(getComputedStyle(text).fontSize),
           box: [box.left, box.top, box.right, box.bottom],
           leader: leader ? leader.getTotalLength() : 0 };
})"""


def coloured_under(page, boxes: list[list[float]]) -> list[float]:
    """For each box (page px), the share of its pixels that show a coloured (highlighted)
    part once the names are hidden: grey context and white background are not coloured."""
    import io

    from PIL import Image

    page.add_style_tag(content=".js-plotly-plot g.annotation-scene { visibility: hidden; }")
    page.wait_for_timeout(300)
    rgb = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB")).astype(int)
    coloured = (rgb.max(axis=2) - rgb.min(axis=2)) > 40  # saturated: not grey, not white
    shares = []
    for left, top, right, bottom in boxes:
        patch = coloured[int(top) : int(bottom), int(left) : int(right)]
        shares.append(float(patch.mean()) if patch.size else 0.0)
    page.evaluate("() => document.querySelectorAll('style').forEach(s => "
                  "s.textContent.includes('g.annotation-scene') && s.remove())")  # fmt: skip
    return shares


def test_names_keep_their_size_point_at_their_parts_and_cover_none(browser, voila_url, screenshot,
                                                                   conditions):  # fmt: skip
    """On a 1280x720 projector: after each labelled step the names are drawn at the
    instructor's size (plotly's 3D text shrank restyled names to ~11 px), each with a leader,
    none covering another or a highlighted part; L turns them off and on."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_dashboard(page, voila_url, "?mode=instructor&condition=hip_rotators")
        for cid in ("hip_rotators", "sciatica_vs_piriformis", "low_back_sitting"):
            condition = conditions[cid]
            page.select_option(".t-condition-picker select", label=condition.title)
            wait_for_step(page, condition, 1)
            assert condition.steps[0].labels
            wanted = graph(page, "g.layout.scene.annotations.length")
            page.wait_for_function(f"() => document.querySelectorAll({NAME!r}).length === {wanted}")
            page.wait_for_timeout(700)  # the frame drawn in software
            names = page.evaluate(NAMES)
            screenshot(page, cid)
            assert wanted >= 2 and len(names) == wanted
            for name in names:
                assert name["size"] == 26, name  # audiences.yaml: the instructor's label_px
                assert name["leader"] > 10, name
            boxes = [n["box"] for n in names]
            for a in range(len(boxes)):
                for b in range(a + 1, len(boxes)):
                    (l1, t1, r1, b1), (l2, t2, r2, b2) = boxes[a], boxes[b]
                    assert r1 <= l2 + 1 or r2 <= l1 + 1 or b1 <= t2 + 1 or b2 <= t1 + 1, (
                        names[a]["text"], names[b]["text"])  # fmt: skip
            for name, share in zip(names, coloured_under(page, boxes), strict=True):
                assert share < 0.05, f"{cid}: {name['text']} covers {share:.0%} coloured"
        page.keyboard.press("l")
        page.wait_for_function(f"() => !document.querySelector({NAME!r})")
        page.keyboard.press("l")
        page.wait_for_selector(NAME)
    finally:
        context.close()
