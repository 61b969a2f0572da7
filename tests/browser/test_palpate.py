"""Palpate in a real browser (issue 34): a student opens a structure's route from the
section button, steps it with Next and the arrow keys and reads the layers, the depth and
the sites near it, all on screen, with the outline and the sites drawn on the skin; an
instructor on the 1280x720 projector steps the route with a clicker; a client on the tablet
reads where the therapist works and the areas treated gently, in plain words."""

from __future__ import annotations

import numpy as np
import pytest

from glutelib.palpation import skin_nearest, surface_projection
from tests.browser.conftest import graph, open_dashboard, tap_until, unseen, wcag_violations

pytestmark = pytest.mark.browser
NEEDED = (".t-title", ".t-palpate-heading", ".t-palpate-route", ".t-palpate-facts",
          ".t-palpate-sites")  # fmt: skip
STEPPED = (*NEEDED, ".t-palpate .t-back", ".t-palpate .t-next")
# how many vertices the page draws of a trace (0 when hidden)
DRAWN = """(name) => { const g = document.querySelector('.js-plotly-plot');
  const t = g._fullData.find((d) => d.name === name);
  return t && t.visible ? t.x.length : 0; }"""


def wait_for_route_step(page, marker: str) -> None:
    page.wait_for_selector(f".t-palpate-shown[data-palpate='{marker}']", state="attached")
    page.wait_for_function(
        f"() => (document.querySelector('.js-plotly-plot').layout.meta || {{}}).palpate"
        f" === '{marker.split('/')[0]}'"
    )


def test_a_student_steps_a_route_and_reads_layers_depth_and_the_sites_near(
    desktop_page, voila_url, screenshot
):
    page = desktop_page
    open_dashboard(page, voila_url, "?mode=student")
    page.get_by_role("button", name="Palpate").click()
    wait_for_route_step(page, "gluteus_maximus_r/1")  # the guide's first part
    page.select_option(".t-palpate-picker select", label="Piriformis")
    wait_for_route_step(page, "piriformis_r/1")
    assert page.evaluate(DRAWN, "palpate:outline") > 20
    assert page.evaluate(DRAWN, "palpate:sites") > 20  # the sciatic nerve's course
    assert "step 1 of 4" in page.inner_text(".t-palpate-route")
    page.click(".t-palpate .t-next")
    wait_for_route_step(page, "piriformis_r/2")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_for_route_step(page, "piriformis_r/4")
    assert "step=4&palpate=piriformis_r" in page.evaluate("location.search")
    facts = page.inner_text(".t-palpate-facts")
    assert "Skin → gluteus maximus" in facts and "cm under the skin" in facts
    assert "Sciatic nerve" in page.inner_text(".t-palpate-sites")
    marks = graph(page, "g.layout.scene.annotations.map((a) => a.text).join(' | ')")
    assert "Greater trochanter" in marks and "Posterior superior iliac spine" in marks
    assert unseen(page, STEPPED) == []
    assert wcag_violations(page) == []
    screenshot(page, "piriformis")
    page.locator(".t-palpate-side").get_by_role("button", name="Left").click()
    wait_for_route_step(page, "piriformis_l/1")


def test_an_instructor_steps_a_route_with_the_clicker_on_a_small_projector(
    projector_page, voila_url, screenshot
):
    page = projector_page
    page.set_viewport_size({"width": 1280, "height": 720})
    open_dashboard(page, voila_url, "?mode=instructor&step=1&palpate=sciatic_nerve_r")
    wait_for_route_step(page, "sciatic_nerve_r/1")
    problems = unseen(page, STEPPED)
    for number in (2, 3):
        page.keyboard.press("PageDown")  # a presentation clicker's next
        wait_for_route_step(page, f"sciatic_nerve_r/{number}")
        problems += [f"step {number}: {p}" for p in unseen(page, STEPPED)]
    assert problems == []
    assert "Do not press" in page.inner_text(".t-palpate-route")
    page.keyboard.press("PageUp")
    wait_for_route_step(page, "sciatic_nerve_r/2")
    assert wcag_violations(page) == []
    screenshot(page, "sciatic")


def test_a_client_reads_where_the_therapist_works_and_the_areas_treated_gently(
    tablet_page, voila_url, screenshot
):
    page = tablet_page
    open_dashboard(page, voila_url, "?mode=client&palpate=piriformis_r")
    wait_for_route_step(page, "piriformis_r/1")
    words = page.inner_text(".t-palpate")
    assert "Your therapist works" in words and "Areas we treat gently" in words
    assert "cm" not in words and "Route" not in words and "Endangerment" not in words
    assert page.locator(".t-palpate .t-next").is_hidden()
    assert unseen(page, NEEDED) == []
    picker = page.locator(".t-palpate-picker select").bounding_box()
    assert picker["height"] >= 44  # a finger's target
    assert wcag_violations(page) == []
    screenshot(page, "client")


def inside(points: np.ndarray) -> np.ndarray:
    """(3,) the point of an area (n, 3) with the most of it within 15 mm: well inside it."""
    near = np.linalg.norm(points[:, None] - points[None], axis=2) < 15
    return points[np.argmax(near.sum(axis=1))]


def test_a_student_palpates_it_by_tapping_where_to_start_then_over_the_muscle(
    desktop_page, voila_url, library, screenshot
):
    """Palpate it: the skin alone, solid, nothing under it; a tap on the PSIS is marked and
    asks for the next; a tap over piriformis answers, and the Palpate view is drawn with both
    taps marked and each judged in words."""
    page = desktop_page
    open_dashboard(page, voila_url, "?mode=student&quiz=palpate_it&question=palpate:piriformis_r")
    page.wait_for_selector(".t-quiz-prompt:has-text('start to find the piriformis (right)')")
    drawn = graph(page, "g._fullData.filter((t) => t.visible === true).map((t) => t.name)")
    assert drawn == ["skin"] and graph(page, "g._fullData.find((t) => t.name === 'skin')"
                                              ".opacity") == 1  # fmt: skip
    assert unseen(page, (".t-quiz-prompt", ".t-quiz-next")) == []
    assert wcag_violations(page) == []
    screenshot(page, "palpate-it-asked")
    start = skin_nearest(library, library.atlas.landmark("psis", "r"))
    tap_until(page, start, ".t-quiz-prompt:has-text('Now tap over the piriformis (right)')")
    taps = "(g.layout.scene.annotations || []).filter((a) => a.name === 'tap').map((a) => a.text)"
    page.wait_for_function(f"() => {{ const g = document.querySelector('.js-plotly-plot');"
                           f" return {taps}.join() === 'Tap 1'; }}")  # fmt: skip
    assert page.locator(".annotation-text:has-text('Tap 1')").is_visible()
    tap_until(page, inside(surface_projection(library, "piriformis_r")), ".t-quiz-feedback p")
    said = page.inner_text(".t-quiz-feedback")
    assert "Right: Posterior superior iliac spine (right)." in said, said
    assert "Right: Piriformis (right)." in said, said
    assert "Score 1 of 1" in page.inner_text(".t-quiz-progress")
    page.wait_for_function(  # the answer: its Palpate view, the whole route
        "() => (document.querySelector('.js-plotly-plot').layout.meta || {}).palpate"
        " === 'piriformis_r'"
    )
    assert page.evaluate(DRAWN, "palpate:outline") > 20
    assert graph(page, taps) == ["Tap 1", "Tap 2"]
    assert unseen(page, (".t-quiz-feedback", ".t-quiz-next")) == []
    screenshot(page, "palpate-it-answered")
    page.keyboard.press("Enter")  # the next question, untapped
    page.wait_for_function("() => !document.querySelector('.t-quiz-feedback p')")
    page.wait_for_selector(".t-quiz-prompt:has-text('Tap where you would start')")
    page.wait_for_function(f"() => {{ const g = document.querySelector('.js-plotly-plot');"
                           f" return {taps}.length === 0; }}")  # fmt: skip
