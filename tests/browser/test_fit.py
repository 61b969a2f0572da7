"""Every step fits its person's screen: no page scrolling, and the title, the step's title,
its words, the progress and Back / Next all inside the viewport together, for every step of
every walkthrough, in each audience at each of its screens (audiences.yaml `screens`).

Read from bounding boxes, not screenshots, so it stays cheap; a step whose words do not fit
is a content bug to fix in its condition file."""

from __future__ import annotations

import pytest

from glutelib.audiences import load_audiences
from glutelib.conditions import load_conditions
from tests.browser.conftest import CHROMIUM, _local_only, open_dashboard

pytestmark = pytest.mark.browser
SCREENS = [
    (mode, width, height)
    for mode, audience in load_audiences().audiences.items()
    for width, height in audience.screens
]
# What a person needs in a step, each wholly on screen.
NEEDED = (".t-title", ".t-step-title", ".t-progress", ".t-step-text", ".t-back", ".t-next")

UNSEEN = """(needed) => {
  const out = [];
  const page = document.scrollingElement;
  if (page.scrollHeight > innerHeight + 1 || page.scrollWidth > innerWidth + 1)
    out.push(`the page scrolls (${page.scrollWidth}x${page.scrollHeight})`);
  for (const selector of needed) {
    const el = document.querySelector(selector);
    if (!el) { out.push(`${selector} missing`); continue; }
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) out.push(`${selector} not shown`);
    else if (r.top < -1 || r.left < -1 || r.bottom > innerHeight + 1 || r.right > innerWidth + 1)
      out.push(`${selector} off screen (${Math.round(r.top)}..${Math.round(r.bottom)})`);
    if (el.scrollHeight > el.clientHeight + 2)
      out.push(`${selector} cut (${el.scrollHeight} px of words in ${el.clientHeight} px)`);
  }
  return out;
}"""


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
    page.route("**/*", _local_only)
    page.set_default_timeout(30_000)
    conditions = load_conditions()
    problems = []
    try:
        first = next(iter(conditions))
        open_dashboard(page, voila_url, f"?mode={mode}&condition={first}")
        for cid, condition in conditions.items():
            picked = condition.plain_title if mode == "client" else condition.title
            page.select_option(".t-condition-picker select", label=picked, timeout=10_000)
            for number in range(1, len(condition.steps) + 1):
                if number > 1:
                    page.keyboard.press("ArrowRight")
                wait_for_step_shown(page, cid, number)
                for problem in page.evaluate(UNSEEN, list(NEEDED)):
                    problems.append(f"{cid} step {number}: {problem}")
    finally:
        context.close()
    assert not problems, f"{mode} at {width}x{height}:\n" + "\n".join(problems)
