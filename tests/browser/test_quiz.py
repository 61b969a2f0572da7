"""Test yourself in a real browser: each kind of question as a student answers it on a laptop
(keys, a click on an answer, a click on the model), stopping part-way and changing kind, a
whole session to its review list, and the class quiz on the projector (the answer on a key,
no score)."""

from __future__ import annotations

import math
import random

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from glutelib import quiz
from glutelib.colours import default_colours
from glutelib.lengths import percent, region_muscles
from tests.browser.conftest import (
    click_part,
    go,
    graph,
    longest_shown_is_the_answer,
    open_dashboard,
    plot_fills_its_view,
    unseen,
    wait_until_moved,
    watch_the_move,
    wcag_violations,
)

pytestmark = pytest.mark.browser
ASKING = (".t-quiz-progress", ".t-quiz-prompt")
CHOICES = tuple(f".t-choice-{n}" for n in range(1, 5))
STOP = ".t-quiz-leave"


CONTEXTS = default_colours().contexts()  # the context: grey bones, each tissue muted
COLOURED = (f"g.data.filter(t => t.visible !== false && t.i && t.i.length"
            f" && !{CONTEXTS}.includes(t.color)).map(t => t.name)")  # fmt: skip


def highlighted(page) -> set[str]:
    return set(graph(page, COLOURED))


def wait_until_highlighted(page) -> None:
    """Until the model shows a part in colour (the figure follows the words a moment later)."""
    page.wait_for_function(f"() => {{ const g = document.querySelector('.js-plotly-plot');"
                           f" return {COLOURED}.length > 0; }}")  # fmt: skip


def answer_with_key(page, key: str) -> str:
    """Press a key 1-4; the feedback the page shows."""
    page.keyboard.press(key)
    page.wait_for_selector(".t-quiz-feedback p")
    return page.inner_text(".t-quiz-feedback")


def tallest(pool: list[quiz.Question], line: int = 34) -> quiz.Question:
    """The question whose words take the most lines in a panel `line` characters wide (the
    prompt is a heading: larger type, fewer characters a line)."""

    def lines(text: str, width: float) -> int:
        return math.ceil(len(text) / width) if text else 0

    return max(pool, key=lambda q: lines(q.prompt, line / 1.4) + lines(q.clue, line)
               + sum(lines(c, line - 3) for c in q.choices))  # fmt: skip


def ask_tallest(page, library, kind: str, mode: str = "student", url: str = "") -> None:
    """Open `kind`'s question with the most words (the hardest to fit) by its link, and wait
    until the page asks it (the last question's answers stay on screen until then)."""
    q = tallest(quiz.questions(library, kind, random.Random(0), quiz.load_rules(library)))
    link = f"?mode={mode}&quiz={kind}&question={q.key}"
    if url:
        open_dashboard(page, url, link)
    else:
        go(page, link)
    page.wait_for_function(
        "(p) => document.querySelector('.t-quiz-prompt').innerText.includes(p)"
        " && !document.querySelector('.t-quiz-feedback p')", arg=q.prompt)  # fmt: skip
    page.wait_for_selector(".t-choice-4:visible")


PREDICTED = "predict:hip_flexion_r:90,hip_rotation_r:-30"  # the issue's own example


def assert_the_answer_lengthens_most(page, library) -> None:
    """Once the body has reached the position, each choice shows its length there as the rig
    measures it, and the answer shown is the one that lengthens most."""
    pose = library.pose(PREDICTED.removeprefix("predict:"))
    ratio = {library.atlas[i].name: library.rig.length_ratio(i, pose, alone=True)
             for i in region_muscles(library) if library.atlas[i].side == "r"}  # fmt: skip
    final = {name: f"({percent(r):+.0f} %)" for name, r in ratio.items()}
    page.wait_for_function(
        "(final) => [...document.querySelectorAll('.t-choice')].filter((b) => b.offsetParent)"
        ".every((b) => Object.entries(final).some(([n, p]) => b.innerText.endsWith(n + '  ' + p)"
        " || b.innerText.endsWith(n + ' ' + p)))", arg=final)  # fmt: skip
    assert longest_shown_is_the_answer(page), page.inner_text(".t-quiz")


def stopped(page) -> None:
    """Until the panel is back at the kinds of question, with nothing asked."""
    page.wait_for_selector(".t-quiz-kind-find-it:visible")
    page.wait_for_selector(f"{STOP}", state="hidden")
    page.wait_for_function("() => location.search.endsWith('quiz=')")  # the address follows
    assert page.locator(".t-quiz-prompt h3").count() == 0


def test_a_student_runs_every_kind_and_sees_the_score_and_the_review(
    desktop_page, voila_url, library, screenshot
):
    page = desktop_page
    open_dashboard(page, voila_url, "?quiz=name_it")
    page.wait_for_selector(".t-choice-1:visible")
    assert unseen(page, (*ASKING, *CHOICES, STOP)) == [], "the question does not fit the laptop"
    assert graph(page, "g.data[0].hoverinfo") == "none"  # no name on hover while it asks
    stop = page.locator(STOP)
    assert stop.inner_text().startswith("◀ Stop") and round(stop.bounding_box()["height"]) >= 40
    assert wcag_violations(page) == []
    screenshot(page, "name-it")
    feedback = answer_with_key(page, "1")  # a miss or a hit, as a person answers
    if feedback.startswith("It was: "):  # the answer is drawn: the part it names
        assert highlighted(page)
    for _ in range(30):  # Stop from the keyboard: Tab to it, Space presses it
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches('{STOP}')"):
            break
    else:
        pytest.fail("Tab never reaches Stop")
    page.keyboard.press("Space")
    stopped(page)
    page.click(".t-quiz-kind-find-it")  # another kind, then Stop while it asks (a tap)
    page.wait_for_selector(".t-quiz-prompt:has-text('Click or tap the')")
    page.wait_for_function("() => location.search.endsWith('quiz=find_it')")
    page.click(STOP)
    stopped(page)
    page.wait_for_function(  # the menu's model: names on hover again, nothing peeled
        "() => { const g = document.querySelector('.js-plotly-plot'); return g.data[0].hoverinfo"
        " !== 'none' && g.data.find((t) => t.name === 'gluteus_maximus_r').visible !== false; }"
    )
    go(page, "?quiz=spot_the_muscle")  # an address naming no quiz: the menu, with a note
    page.wait_for_selector(".t-quiz-note:has-text('There is no quiz called')")
    assert page.locator(".t-quiz-kind-name-it").is_visible()
    page.click(".t-quiz-kind-name-it")
    asked = 0
    for _ in range(40):
        if page.locator(".t-quiz-prompt:has-text('Done:')").count():
            break
        page.wait_for_selector(".t-choice-2:visible")
        texts = [page.inner_text(c).split(None, 1)[1] for c in CHOICES]
        # the part the model shows while it asks (no names on hover), as a person sees it:
        # answered right but for the first, missed on purpose (it comes back, then is reviewed)
        asking = f"g.data[0].hoverinfo === 'none' && {COLOURED}.length"
        page.wait_for_function(f"() => {{ const g = document.querySelector('.js-plotly-plot');"
                               f" return {asking}; }}")  # fmt: skip
        part = graph(page, f"g.data.find((t) => t.name === {COLOURED}[0]).hovertext")
        right = [c for c, t in zip(CHOICES, texts, strict=True) if t == part]
        wrong = [c for c, t in zip(CHOICES, texts, strict=True) if t != part]
        page.click(wrong[0] if asked == 0 or not right else right[0])  # taps on the answers
        asked += 1
        page.wait_for_selector(".t-quiz-feedback p")
        page.click(".t-quiz-next")
        page.wait_for_function("() => !document.querySelector('.t-quiz-feedback p')")
    else:
        pytest.fail("the session never ended")
    summary = page.inner_text(".t-quiz")
    assert "right first time" in summary and asked <= 10  # a miss comes back once
    assert wcag_violations(page) == []
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
    for _ in range(4):  # the named part, clicked where it is nearest, as a person clicks
        prompt = page.inner_text(".t-quiz-prompt")
        label = prompt.split("Click or tap the ", 1)[1].split(" on the model")[0]
        target = page.evaluate(
            "(l) => document.querySelector('.js-plotly-plot').data"
            ".find((t) => t.hovertext === l).name", label)  # fmt: skip
        click_part(page, target)
        try:
            page.wait_for_selector(".t-quiz-feedback p", timeout=20_000)
        except PlaywrightTimeout:  # software WebGL sometimes misses a pick: Enter shows it
            page.keyboard.press("Enter")
            page.wait_for_selector(".t-quiz-feedback p")
        words = page.inner_text(".t-quiz-feedback")
        assert words.startswith(("Right", "That was the", "The ")), words
        hits += words.startswith("Right")
        page.keyboard.press("Enter")
        page.wait_for_function("() => !document.querySelector('.t-quiz-feedback p')")
    assert hits >= 1, "no click on a named part counted as finding it"

    for kind in ("attachments", "mechanisms"):  # the question with the most words in each
        ask_tallest(page, library, kind)
        assert unseen(page, (*ASKING, *CHOICES)) == [], kind
        assert answer_with_key(page, "3")
        assert unseen(page, (*ASKING, *CHOICES, ".t-quiz-feedback", ".t-quiz-next")) == [], kind
        screenshot(page, kind)
    # predict, then see: answered first, then the leg moves there with the lengths beside it
    go(page, f"?quiz=predict&question={PREDICTED}")
    page.wait_for_selector(".t-quiz-prompt:has-text('flexed 90° and internally rotated 30°')")
    page.wait_for_selector(".t-choice-4:visible")
    assert "%" not in page.inner_text(".t-choices")  # nothing given away before the answer
    watch_the_move(page)
    answer_with_key(page, "2")
    assert wait_until_moved(page) >= 1
    assert_the_answer_lengthens_most(page, library)
    assert unseen(page, (*ASKING, *CHOICES, ".t-quiz-feedback", ".t-quiz-next")) == []
    assert wcag_violations(page) == []
    screenshot(page, "predicted")
    page.set_viewport_size({"width": 1024, "height": 768})  # a student's tablet
    assert plot_fills_its_view(page) == []
    needed = (*ASKING, *CHOICES, ".t-quiz-feedback", ".t-quiz-next", STOP)
    assert unseen(page, needed) == [], "tablet"
    screenshot(page, "tablet")
    ask_tallest(page, library, "name_it")  # the part to name, face-on and large, on the tablet
    screenshot(page, "tablet-name-it")


def test_a_class_quiz_on_the_projector_shows_the_answer_on_a_key_and_no_score(
    projector_page, voila_url, library, screenshot
):
    page = projector_page
    open_dashboard(page, voila_url, f"?mode=instructor&quiz=predict&question={PREDICTED}")
    page.wait_for_selector(".t-choice-4:visible")
    assert "Score" not in page.inner_text(".t-quiz-progress")
    assert unseen(page, (*ASKING, *CHOICES, ".t-quiz-next")) == []
    first = page.inner_text(".t-quiz-prompt")
    watch_the_move(page)
    page.keyboard.press("Enter")  # a clicker's key: the answer, then the body moves there
    page.wait_for_selector(".t-quiz-feedback:has-text('Answer:')")
    assert wait_until_moved(page) >= 1
    assert_the_answer_lengthens_most(page, library)
    assert page.evaluate("() => window.choiceTexts.size") >= 3  # slowly: lengths on the way
    screenshot(page)
    page.keyboard.press("Enter")
    page.wait_for_function("(t) => document.querySelector('.t-quiz-prompt').innerText !== t",
                           arg=first)  # fmt: skip
    assert "Score" not in page.inner_text(".t-quiz-progress")
    page.set_viewport_size({"width": 1280, "height": 720})  # the smaller projector
    assert plot_fills_its_view(page) == []
    assert unseen(page, (*ASKING, *CHOICES, ".t-quiz-next")) == [], "1280x720"
    ask_tallest(page, library, "attachments", "instructor")
    page.keyboard.press("Enter")
    page.wait_for_selector(".t-quiz-feedback:has-text('Answer:')")
    assert unseen(page, (*ASKING, *CHOICES, ".t-quiz-feedback", ".t-quiz-next")) == [], "1280x720"
    assert wcag_violations(page) == []
    screenshot(page, "1280x720")
    for kind, asked in (("name_it", "Which part"), ("find_it", "Click or tap the")):
        go(page, f"?mode=instructor&quiz={kind}")  # the part, or its name; Enter tells
        page.wait_for_selector(f".t-quiz-prompt:has-text('{asked}')")
        page.wait_for_selector(".t-quiz-next:visible")
        page.keyboard.press("Enter")
        page.wait_for_selector(".t-quiz-feedback p")
        wait_until_highlighted(page)
        if kind == "find_it":  # the part it named, alone in colour
            label = page.inner_text(".t-quiz-prompt").split("Click or tap the ", 1)[1]
            label = label.split(" on the model")[0]
            page.wait_for_function(
                f"(l) => {{ const g = document.querySelector('.js-plotly-plot');"
                f" const c = {COLOURED};"
                " return c.length === 1 && g.data.find((t) => t.name === c[0]).hovertext === l; }",
                arg=label)  # fmt: skip
        assert unseen(page, (*ASKING, ".t-quiz-feedback", ".t-quiz-next", STOP)) == [], kind
        screenshot(page, f"1280x720-{kind}")
    # Reduced motion asked for (the system's setting): the body goes to the answer at once,
    # from where it stood, with no lengths on the way (above, without it: three or more).
    page.emulate_media(reduced_motion="reduce")
    go(page, f"?mode=instructor&quiz=predict&question={PREDICTED}")
    page.wait_for_selector(".t-choice-4:visible")
    watch_the_move(page)
    page.keyboard.press("Enter")
    page.wait_for_selector(".t-quiz-feedback:has-text('Answer:')")
    assert wait_until_moved(page) >= 1
    assert_the_answer_lengthens_most(page, library)
    assert page.evaluate("() => window.choiceTexts.size") <= 2  # where it stood, the end
