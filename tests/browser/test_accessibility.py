"""WCAG 2.2 A and AA (axe-core) on the pages no other browser test opens: the class server's
refusals (full, wrong host, too long, not found); the dashboard at 200 % zoom. The dashboard's
and the lesson's screens are checked where their own tests reach them (`wcag_violations`)."""

from __future__ import annotations

import contextlib
import string

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from glutelib.app import doors
from tests.browser.conftest import (
    FIGURE_TIMEOUT_MS,
    NEEDED,
    local_only,
    open_dashboard,
    wcag_violations,
)

pytestmark = pytest.mark.browser


def test_every_page_the_class_server_turns_a_visitor_away_with_meets_wcag(browser):
    page = browser.new_page()
    try:
        for kind, words in doors._pages().items():
            fields = {f for text in (words.words, words.teacher)
                      for _, f, _, _ in string.Formatter().parse(text) if f}  # fmt: skip
            status, body = doors.server_page(kind, **{f: "example" for f in fields})
            assert status >= 400 or kind == "logged_out"  # the one that turns no one away
            page.set_content(body)
            assert wcag_violations(page) == [], kind
    finally:
        page.close()


# At 200 %: what of a step is not on the page whole (WCAG 1.4.4 and 1.4.10). The page may
# scroll down (content reflows into one column), never sideways; each needed part lies within
# the width, whole inside its own box; the 3D view stays at least half the window high.
_ZOOMED = """(needed) => {
  const out = [], page = document.scrollingElement;
  if (page.scrollWidth > innerWidth + 1)
    out.push(`the page scrolls sideways (${page.scrollWidth} px)`);
  for (const selector of [...needed, '.js-plotly-plot']) {
    const el = document.querySelector(selector);
    if (!el) { out.push(`${selector} missing`); continue; }
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) out.push(`${selector} not shown`);
    else if (r.left < -1 || r.right > innerWidth + 1)
      out.push(`${selector} off the side (${Math.round(r.left)}..${Math.round(r.right)})`);
    if (el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2)
      out.push(`${selector} cut (${el.scrollWidth}x${el.scrollHeight} px of it shown in `
        + `${el.clientWidth}x${el.clientHeight})`);
  }
  const view = document.querySelector('.js-plotly-plot');
  if (view && view.getBoundingClientRect().height < innerHeight / 2)
    out.push(`the 3D view is ${Math.round(view.getBoundingClientRect().height)} px high`);
  return out;
}"""


def settled(page) -> None:
    """Until plotly's drawing fits its box (its first frame is drawn before the box has its
    size), or 10 s: what is still wrong then is said."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function("() => { const p = document.querySelector('.js-plotly-plot');"
                               " return p && p.scrollHeight <= p.clientHeight + 2; }",
                               timeout=10_000)  # fmt: skip


@pytest.mark.parametrize("mode, steps", [("student", 6), ("client", 3)])
def test_at_200_percent_on_a_1280x720_screen_a_step_reflows_and_loses_nothing(
    browser, voila_url, screenshot, mode, steps
):
    """1280x720 zoomed to 200 % is a 640x360 window at twice the pixels: every step of a
    walkthrough (a client's first three) reads, steps by its Next button and shows its model,
    scrolling down only."""
    context = browser.new_context(viewport={"width": 640, "height": 360}, device_scale_factor=2)
    try:
        page = context.new_page()
        page.route("**/*", local_only)
        page.set_default_timeout(FIGURE_TIMEOUT_MS)
        open_dashboard(page, voila_url, f"?mode={mode}&condition=sciatica_vs_piriformis&step=1")
        problems = []
        for number in range(1, steps + 1):
            page.wait_for_selector(f".t-progress:has-text('Step {number} of')")
            settled(page)
            problems += [f"step {number}: {p}" for p in page.evaluate(_ZOOMED, list(NEEDED))]
            if number == 2:
                screenshot(page, mode)
            if number < steps:
                page.click(".t-next")  # scrolled to, as a person would
        assert not problems, "\n".join(problems)
    finally:
        context.close()
