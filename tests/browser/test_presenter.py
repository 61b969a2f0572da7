"""An instructor's presenter view: the walkthrough in two windows of one browser, the laptop's
(the notes, the next step, a clock) and the projector's (the slide). A clicker on either
window moves both; each window shows what its person needs and no more."""

from __future__ import annotations

import re

import pytest

from glutelib.conditions import load_conditions
from glutelib.testing.browser import local_only
from tests.browser.conftest import FIGURE_TIMEOUT_MS, open_dashboard, plot_fills_its_view

pytestmark = pytest.mark.browser
WALKTHROUGH = "pregnancy"


def shows_step(page, number: int) -> None:
    """Until the window shows step `number` of the walkthrough (its words and its figure)."""
    page.wait_for_selector(f'.t-step-shown[data-step="{WALKTHROUGH}/{number}"]', state="attached")


def fully_seen(page, selector: str) -> list[str]:
    """What keeps `selector` from being read at a glance: off the screen, or cut off inside a
    box that would have to scroll."""
    return page.evaluate(
        """(selector) => {
          const node = document.querySelector(selector), problems = [];
          if (!node) return [selector + ' is missing'];
          const box = node.getBoundingClientRect();
          if (box.height < 1 || box.bottom > innerHeight || box.top < 0 || box.right > innerWidth)
            problems.push(`${selector} is off the screen (${JSON.stringify(box)})`);
          for (let p = node.parentElement; p; p = p.parentElement) {
            const outer = p.getBoundingClientRect();
            if (p.scrollHeight > p.clientHeight + 1 && box.bottom > outer.bottom + 1)
              problems.push(`${selector} is cut off in .${p.className.split(' ').join('.')}`);
          }
          return problems;
        }""",
        selector,
    )


def test_the_presenter_and_the_slide_move_together_and_each_shows_its_own(
    desktop_page, voila_url, screenshot, atlas
):
    steps = load_conditions(atlas=atlas)[WALKTHROUGH].steps
    laptop = desktop_page
    laptop.context.route("**/*", local_only)  # the slide's window too
    open_dashboard(laptop, voila_url, f"?mode=instructor&condition={WALKTHROUGH}&step=1")
    shows_step(laptop, 1)
    with laptop.context.expect_page() as opened:
        laptop.click(".t-present")
    projector = opened.value
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.set_default_timeout(FIGURE_TIMEOUT_MS)
    projector.wait_for_selector(".js-plotly-plot .gl-container canvas", state="visible")
    shows_step(projector, 1)
    assert "screen=slide" in projector.url
    laptop.wait_for_function("() => location.search.includes('screen=presenter')")

    projector.keyboard.press("PageDown")  # the clicker, aimed at the projector's window
    shows_step(projector, 2)
    shows_step(laptop, 2)
    laptop.keyboard.press("PageDown")  # and at the laptop's
    shows_step(laptop, 3)
    shows_step(projector, 3)
    projector.keyboard.press("PageUp")
    shows_step(laptop, 2)
    laptop.keyboard.press("PageDown")
    shows_step(projector, 3)

    # The laptop: the notes read without scrolling, the next step, a clock that runs.
    notes = laptop.inner_text(".t-speaker-notes")
    assert steps[2].text.instructor in notes
    assert fully_seen(laptop, ".t-speaker-notes") == []
    assert steps[3].heading(False) in laptop.inner_text(".t-next-step")
    laptop.wait_for_function(
        "() => /^\\d\\d:\\d\\d · \\d+:\\d\\d$/.test(document.querySelector('.t-clock').innerText)"
    )
    assert re.search(r"\d\d:\d\d", laptop.inner_text(".t-clock"))
    # The projector: the slide and the model, no notes, none of the presenter's controls.
    assert projector.locator(".t-speaker-notes").count() == 0 or not projector.is_visible(
        ".t-speaker-notes"
    )
    for control in (".t-present", ".t-notes-toggle", ".t-next-step"):
        assert not projector.is_visible(control), control
    assert plot_fills_its_view(projector) == []
    screenshot(laptop, "laptop")
    screenshot(projector, "projector")
    projector.close()

    # Without a second window, on a 1280x720 projector: the notes still read unscrolled.
    laptop.set_viewport_size({"width": 1280, "height": 720})
    problems = []
    for number in range(1, len(steps) + 1):
        # One evaluate, as Back does: an address the kernel writes for the step before cannot
        # land between the new entry and its popstate and be read in its place.
        laptop.evaluate(f"() => {{ history.pushState(null, '', '?mode=instructor&condition="
                        f"{WALKTHROUGH}&step={number}&screen=');"
                        " dispatchEvent(new PopStateEvent('popstate')); }")  # fmt: skip
        shows_step(laptop, number)
        laptop.wait_for_function(f"() => location.search.includes('step={number}')")
        laptop.wait_for_selector(".t-speaker-notes")
        problems += [f"step {number}: {p}" for p in fully_seen(laptop, ".t-speaker-notes")]
        problems += [f"step {number}: {p}" for p in fully_seen(laptop, ".t-next")]
    screenshot(laptop, "notes-1280x720")
    assert not problems, "\n".join(problems)
