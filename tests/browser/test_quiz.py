"""Test yourself in a real browser: each kind of question as a student answers it on a laptop
(keys, a click on an answer, a click on the model), a whole session to its review list, and
the class quiz on the projector (the answer on a key, no score)."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from glutelib.drawing import CONTEXT_GREY
from tests.browser.conftest import graph, open_dashboard, unseen

pytestmark = pytest.mark.browser
ASKING = (".t-quiz-progress", ".t-quiz-prompt")
CHOICES = tuple(f".t-choice-{n}" for n in range(1, 5))
# Points of a structure on the screen, nearest the eye first, through plotly's own camera
# (gl-plot3d's matrices): where a person would look for it.
NEAREST_ON_SCREEN = """(name) => {
  const g = document.querySelector('.js-plotly-plot');
  const t = g._fullData.find((d) => d.name === name);
  const s = g._fullLayout.scene._scene, p = s.glplot.cameraParams, k = s.dataScale;
  const mul = (a, b) => { const o = new Array(16).fill(0);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let r = 0; r < 4; r++)
      o[j * 4 + i] += a[r * 4 + i] * b[j * 4 + r];
    return o; };
  const m = mul(p.projection, mul(p.view, p.model));
  const box = s.container.getBoundingClientRect();
  const out = [];
  for (let i = 0; i < t.x.length; i++) {
    const v = [t.x[i] * k[0], t.y[i] * k[1], t.z[i] * k[2]];
    const c = [0, 1, 2, 3].map((r) => m[r] * v[0] + m[4 + r] * v[1] + m[8 + r] * v[2] + m[12 + r]);
    const [x, y, z] = [c[0] / c[3], c[1] / c[3], c[2] / c[3]];
    if (Math.abs(x) < 0.95 && Math.abs(y) < 0.95)
      out.push([box.left + (x + 1) / 2 * box.width, box.top + (1 - y) / 2 * box.height, z]);
  }
  out.sort((a, b) => a[2] - b[2]);  // nearest the eye first, spread over the part
  return out.filter((_, i) => i % Math.max(1, Math.floor(out.length / 12)) === 0).slice(0, 8);
}"""


WATCH_HOVER = """() => { const g = document.querySelector('.js-plotly-plot');
  window.__hovered = undefined;
  if (!g.__watched) { g.__watched = true;
    g.on('plotly_hover', (e) => { window.__hovered = e.points[0].data.name; }); } }"""


def go(page, query: str) -> None:
    """Where the address goes, as Back and Forward take it (the page reports it)."""
    page.evaluate("(q) => { history.pushState(null, '', q);"
                  " dispatchEvent(new PopStateEvent('popstate')); }", query)  # fmt: skip


def highlighted(page) -> set[str]:
    return set(graph(page, f"g.data.filter(t => t.visible !== false && t.i && t.i.length"
                           f" && t.color !== '{CONTEXT_GREY}').map(t => t.name)"))  # fmt: skip


def answer_with_key(page, key: str) -> str:
    """Press a key 1-4; the feedback the page shows."""
    page.keyboard.press(key)
    page.wait_for_selector(".t-quiz-feedback p")
    return page.inner_text(".t-quiz-feedback")


def test_a_student_runs_every_kind_and_sees_the_score_and_the_review(desktop_page, voila_url,
                                                                     screenshot):  # fmt: skip
    page = desktop_page
    open_dashboard(page, voila_url, "?quiz=name_it")
    page.wait_for_selector(".t-choice-1:visible")
    assert unseen(page, (*ASKING, *CHOICES)) == [], "the question does not fit the laptop"
    assert graph(page, "g.data[0].hoverinfo") == "none"  # no name on hover while it asks
    screenshot(page, "name-it")
    feedback = answer_with_key(page, "1")  # a miss or a hit, as a person answers
    if feedback.startswith("It was: "):  # the answer is drawn: the part it names
        assert highlighted(page)
    page.keyboard.press("Enter")
    learnt: dict[str, str] = {}  # what the page said the answer was, by question
    for _ in range(40):
        if page.locator(".t-quiz-prompt:has-text('Done:')").count():
            break
        page.wait_for_selector(".t-choice-2:visible")
        texts = [page.inner_text(c) for c in CHOICES]
        question = page.inner_text(".t-quiz-prompt") + "|".join(sorted(texts))
        known = learnt.get(question)
        pick = next((c for c, t in zip(CHOICES, texts, strict=True) if known and known in t),
                    ".t-choice-2")  # fmt: skip
        page.click(pick)  # taps on the answers themselves
        page.wait_for_selector(".t-quiz-feedback p")
        words = page.inner_text(".t-quiz-feedback")
        if words.startswith("It was: "):
            learnt[question] = words.removeprefix("It was: ").split(". It comes back")[0]
        page.click(".t-quiz-next")
        page.wait_for_function("() => !document.querySelector('.t-quiz-feedback p')")
    else:
        pytest.fail("the session never ended")
    summary = page.inner_text(".t-quiz")
    assert "right first time" in summary
    screenshot(page, "review")
    review = page.locator(".t-review-item")
    if review.count():  # the first missed part opens in the explorer, with its card
        name = review.first.inner_text()
        review.first.click()
        page.wait_for_selector(f".t-card-title:has-text('{name.split(' (')[0]}')")
        assert "quiz" not in page.url

    go(page, "?quiz=find_it")
    page.wait_for_selector(".t-quiz-prompt:has-text('Click or tap the')")
    hits = 0
    for _ in range(3):  # the named part, clicked where it is nearest, as a person clicks
        prompt = page.inner_text(".t-quiz-prompt")
        label = prompt.split("Click or tap the ", 1)[1].split(" on the model")[0]
        target = page.evaluate(
            "(l) => document.querySelector('.js-plotly-plot').data"
            ".find((t) => t.hovertext === l).name", label)  # fmt: skip
        page.evaluate(WATCH_HOVER)
        for x, y, _depth in page.evaluate(NEAREST_ON_SCREEN, target):
            page.mouse.move(x, y)  # plotly picks what is under the pointer (slowly here)
            try:
                page.wait_for_function("() => window.__hovered !== undefined", timeout=10_000)
            except PlaywrightTimeout:
                continue  # nothing picked here (an edge): the next point
            if page.evaluate("() => window.__hovered") == target:
                break  # in sight here; else something lies over this point of it
            page.evaluate("() => { window.__hovered = undefined; }")
        page.mouse.down()
        page.wait_for_timeout(100)  # a press a frame long: plotly sees it, as a finger's
        page.mouse.up()
        page.wait_for_selector(".t-quiz-feedback p")
        words = page.inner_text(".t-quiz-feedback")
        assert words.startswith("Right") or words.startswith("That was the"), words
        hits += words.startswith("Right")
        page.keyboard.press("Enter")
        page.wait_for_function("() => !document.querySelector('.t-quiz-feedback p')")
    assert hits >= 1, "no click on a named part counted as finding it"

    for kind in ("attachments", "mechanisms"):
        go(page, f"?quiz={kind}")
        page.wait_for_selector(".t-choice-1:visible")
        assert unseen(page, (*ASKING, *CHOICES)) == [], kind
        assert answer_with_key(page, "3")
        screenshot(page, kind)


def test_a_class_quiz_on_the_projector_shows_the_answer_on_a_key_and_no_score(
    projector_page, voila_url, screenshot
):
    page = projector_page
    open_dashboard(page, voila_url, "?mode=instructor&quiz=mechanisms")
    page.wait_for_selector(".t-choice-1:visible")
    assert "Score" not in page.inner_text(".t-quiz-progress")
    assert unseen(page, (*ASKING, *CHOICES, ".t-quiz-next")) == []
    first = page.inner_text(".t-quiz-prompt")
    page.keyboard.press("Enter")  # a clicker's key: the answer, on the model too
    page.wait_for_selector(".t-quiz-feedback:has-text('Answer:')")
    screenshot(page)
    page.keyboard.press("Enter")
    page.wait_for_function("(t) => document.querySelector('.t-quiz-prompt').innerText !== t",
                           arg=first)  # fmt: skip
    assert "Score" not in page.inner_text(".t-quiz-progress")
    page.set_viewport_size({"width": 1280, "height": 720})  # the smaller projector
    page.wait_for_timeout(1000)
    assert unseen(page, (*ASKING, *CHOICES, ".t-quiz-next")) == [], "1280x720"


def test_an_unknown_quiz_in_the_address_opens_the_menu_with_a_note(desktop_page, voila_url):
    page = desktop_page
    open_dashboard(page, voila_url, "?quiz=spot_the_muscle")
    page.wait_for_selector(".t-quiz-note:has-text('There is no quiz called')")
    assert page.locator(".t-quiz-kind-name-it").is_visible()
