"""Every step fits its person's screen: no page scrolling, and the title, the step's title,
its words, the progress and Back / Next all inside the viewport together, for every step of
every walkthrough, in each audience at each of its screens (audiences.yaml `screens`; the
client's tablet both ways round and the instructor's two projectors are checked by the
walkthrough tests as they step).

Read from bounding boxes, not screenshots, so it stays cheap; a step whose words do not fit
is a content bug to fix in its condition file. The 3D view fills its place on each screen too."""

from __future__ import annotations

import pytest

from glutelib.audiences import load_audiences
from glutelib.conditions import load_conditions
from tests.browser.conftest import (
    CHROMIUM,
    local_only,
    open_dashboard,
    plot_fills_its_view,
    unseen,
)

pytestmark = pytest.mark.browser
# The walkthrough tests check the projectors and the tablet both ways round as they step
# through every walkthrough (test_walkthrough.py, test_projector_walkthrough.py); here, the
# other screens.
STEPPED_THERE = {("instructor", 1920, 1080), ("instructor", 1280, 720),
                 ("client", 1024, 768), ("client", 768, 1024)}  # fmt: skip
SCREENS = [
    (mode, width, height)
    for mode, audience in load_audiences().audiences.items()
    for width, height in audience.screens
    if (mode, width, height) not in STEPPED_THERE
]


def wait_for_step_shown(page, cid: str, number: int) -> None:
    """Until the whole step is on the page: its marker is set last, after title and words."""
    page.wait_for_selector(f".t-step-shown[data-step='{cid}/{number}']", state="attached")


@pytest.mark.parametrize(("mode", "width", "height"), SCREENS)
def test_every_step_fits_without_scrolling(browser, voila_url, mode, width, height):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing")
    touch = mode == "client"
    context = browser.new_context(viewport={"width": width, "height": height},
                                  has_touch=touch, is_mobile=touch)  # fmt: skip
    page = context.new_page()
    page.route("**/*", local_only)
    page.set_default_timeout(30_000)
    conditions = load_conditions()
    problems = []
    try:
        first = next(iter(conditions))
        open_dashboard(page, voila_url, f"?mode={mode}&condition={first}")
        problems += plot_fills_its_view(page)
        for cid, condition in conditions.items():
            picked = condition.plain_title if mode == "client" else condition.title
            page.select_option(".t-condition-picker select", label=picked, timeout=10_000)
            for number in range(1, len(condition.steps) + 1):
                if number > 1:
                    page.keyboard.press("ArrowRight")
                wait_for_step_shown(page, cid, number)
                for problem in unseen(page):
                    problems.append(f"{cid} step {number}: {problem}")
    finally:
        context.close()
    assert not problems, f"{mode} at {width}x{height}:\n" + "\n".join(problems)
