"""The instructor's projector: every walkthrough stepped through by keyboard, each step
checked at 1920x1080 and 1280x720.

A file of its own (the walkthrough module's helpers): the suite's workers take a file each,
and this is the longest single walk of the suite.
"""

from __future__ import annotations

import pytest

from tests.browser import test_walkthrough as walkthrough
from tests.browser.conftest import open_dashboard, plot_fills_its_view, unseen_at
from tests.browser.test_walkthrough import NEXT_KEYS, check_figure, wait_for_step

pytestmark = pytest.mark.browser
conditions, femur_front = walkthrough.conditions, walkthrough.femur_front  # its fixtures
LARGE, SMALL = (1920, 1080), (1280, 720)  # the instructor's two projectors


def test_projector_steps_through_every_walkthrough_by_keyboard(
    projector_page, voila_url, screenshot, conditions, femur_front
):
    page = projector_page
    open_dashboard(page, voila_url, "?mode=instructor&condition=low_back_sitting")
    wait_for_step(page, conditions["low_back_sitting"], 1)
    problems = plot_fills_its_view(page)
    # Each step is checked on both of the instructor's projectors (audiences.yaml): drawn on
    # one, the window resized to the other, the next step drawn there.
    other = {LARGE: SMALL, SMALL: LARGE}
    page.set_viewport_size(dict(zip(("width", "height"), SMALL, strict=True)))
    problems += [f"at 1280x720: {p}" for p in plot_fills_its_view(page)]
    page.set_viewport_size(dict(zip(("width", "height"), LARGE, strict=True)))
    screen = LARGE
    for cid, condition in conditions.items():
        page.select_option(".t-condition-picker select", label=condition.title)
        wait_for_step(page, condition, 1)
        for number in range(1, len(condition.steps) + 1):
            if number > 1:
                page.keyboard.press(NEXT_KEYS[number % 3])
                wait_for_step(page, condition, number)
            check_figure(page, condition, number, femur_front)
            for size in (screen, other[screen]):
                problems += [f"{cid} step {number}: {p}" for p in unseen_at(page, size)]
                if size == LARGE:
                    text = page.eval_on_selector(".t-step-text p",
                                                 "p => getComputedStyle(p).fontSize")  # fmt: skip
                    assert float(text.removesuffix("px")) >= 28  # read from the back of a room
                if size == screen:
                    screenshot(page, f"{cid}-{number}")
            screen = other[screen]
        # Projected: the speaker notes start off; N shows them and hides them again.
        assert "Notes:" not in page.inner_text(".t-step-text")
        page.keyboard.press("n")
        page.wait_for_selector(".t-speaker-notes")
        assert "Notes:" in page.inner_text(".t-step-text")
        page.keyboard.press("n")
        page.wait_for_selector(".t-speaker-notes", state="detached")
        page.keyboard.press("Home")
        wait_for_step(page, condition, 1)
    page.keyboard.press("3")  # digits jump to a step
    wait_for_step(page, condition, 3)
    page.keyboard.press("PageUp")
    wait_for_step(page, condition, 2)
    assert not problems, "instructor on the projectors:\n" + "\n".join(problems)
