"""The offline lesson (issue 18): one file, opened from file:// with every network request
aborted, stepped through every walkthrough in each audience (keys, a clicker, taps), the
quiz run, the address followed both ways, and the figure state the same as the dashboard's.

What the words name, the picture shows (issue 30), measured in the real page: at every
walkthrough step each audience's frame is drawn once more as an ID pass (each opaque trace
one flat colour, no shading, no names, see-through zones left out) whose pixels are counted
per structure. Every thing a step names (glutelib.visibility's named_in: a highlighted
structure or pair, a marked landmark's bone) covers at least visibility.MIN_SHARE of the 3D
view, and a view that is not a close-up leaves the top row clear (the body runs on below the
view, never off its top). The zones, see-through, are measured in Python
(tests/anatomy/test_visibility.py).
"""

from __future__ import annotations

import base64
import dataclasses
import gzip
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from glutelib import lengths
from glutelib.app.dashboard import Dashboard
from glutelib.app.figure_widget import PIXEL_RATIO_CAP
from glutelib.atlas import SKIN_KEY
from glutelib.cards import card_said
from glutelib.described import view_said, walk_said, walked
from glutelib.drawing import build_figure
from glutelib.fibres import FIBRES_KEY
from glutelib.lesson import plotly_bundle, write_lesson
from glutelib.lesson.frames import audience_scene, seen_from
from glutelib.lesson.packing import STEP_MM
from glutelib.library import load_library
from glutelib.pain import DRAWING_KEY, PATTERN_KEY, decode_strokes, encode_strokes, strokes_of
from glutelib.palpation import OUTLINE_KEY, SITES_KEY
from glutelib.poses import Pose
from glutelib.present import pain_words, show_step
from glutelib.quiz import load_rules
from glutelib.scene import Scene
from glutelib.view import MAX_ZOOM, MIN_ZOOM, ZOOM_STEP
from glutelib.visibility import MIN_SHARE, named_in
from glutelib.zones import zone_in
from tests.browser.conftest import (
    ARTIFACTS,
    TO_SCREEN,
    click_part,
    graph,
    longest_shown_is_the_answer,
    plot_fills_its_view,
    tap_until,
    unseen,
    wait_until_moved,
    watch_the_move,
    wcag_violations,
)
from tests.browser.test_pain import STROKES, back_of_the_calf, drag_with_mouse, paint
from tests.unit.test_pain_panel import over_the_buttock

pytestmark = pytest.mark.browser
MAX_BYTES, MAX_GZIP_BYTES = 8 * 2**20, 3 * 2**20
# Who steps how, at the size they use (audiences.yaml screens).
PEOPLE = {
    "student": dict(viewport={"width": 1366, "height": 768}, key="ArrowRight"),
    "client": dict(viewport={"width": 1024, "height": 768}, has_touch=True, is_mobile=True,
                   tap=".t-next"),
    "instructor": dict(viewport={"width": 1920, "height": 1080}, key="PageDown"),  # a clicker
}  # fmt: skip


def lesson_data(path: Path) -> dict:
    """The data the export put in the page, read back as the page reads it."""
    text = re.search(r'id="glutelib-data"[^>]*>([^<]*)<', path.read_text("utf-8")).group(1)
    return json.loads(gzip.decompress(base64.b64decode(text)))


class Offline:
    """A page on the lesson that may load the file and nothing else: every other request is
    aborted and kept, for the test to fail on."""

    def __init__(self, browser, lesson: Path, **context):
        context = {k: v for k, v in context.items() if k not in ("key", "tap")}
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.asked: list[str] = []
        self.page.route("**/*", self._route)
        self.page.set_default_timeout(30_000)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.blocked: list[str] = []  # what the page's policy refused (its own code: nothing)
        self.page.on("console", lambda m: self.blocked.append(m.text)
                     if "Content Security Policy" in m.text else None)  # fmt: skip
        self.url = lesson.as_uri()

    def _route(self, route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.asked.append(route.request.url)
            route.abort()

    def open(self, address: str = "") -> None:
        self.page.goto(self.url + address)
        self.page.wait_for_selector("#glutelib[data-ready=true]", timeout=60_000)
        self.page.wait_for_selector(".js-plotly-plot .gl-container canvas", state="visible")

    def close(self) -> None:
        self.context.close()
        assert not self.asked, f"the lesson asked the network for {self.asked[:3]}"
        assert not self.errors, self.errors
        assert not self.blocked, self.blocked


# The shown frame drawn once more in place, each opaque trace in a flat colour coding its place
# (r: 40 + 10 * (n % 20), g: 40 + 40 * (n // 20), b: 128), see-through ones and the names
# left out, read back from WebGL straight after the draw; returns {trace name: pixels}, the
# pixels in all, and those of the top row a part covers. The player's next frame restyles
# every trace and the names again.
ID_PASS = """async () => {
  const gd = document.getElementById('glutelib-figure');
  const names = [], colours = [], visible = [];
  gd.data.forEach((t) => {
    const opaque = t.visible !== false && !(t.opacity < 1);
    const n = opaque ? names.push(t.name) - 1 : -1;
    colours.push(`rgb(${40 + 10 * (n % 20)}, ${40 + 40 * Math.floor(n / 20)}, 128)`);
    visible.push(opaque);
  });
  const flat = { ambient: 1, diffuse: 0, specular: 0, roughness: 1, fresnel: 0 };
  const flatScales = colours.map((c) => [[0, c], [1, c]]);  // each shade in the id colour
  await Plotly.update(gd, { color: colours, colorscale: flatScales, visible, flatshading: true,
    lighting: flat },
    { 'scene.annotations': [] });
  const scene = gd._fullLayout.scene._scene;
  scene.glplot.redraw();
  const gl = scene.glplot.gl;
  const w = gl.drawingBufferWidth, h = gl.drawingBufferHeight;
  const px = new Uint8Array(w * h * 4);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
  const counts = {};
  let top = 0;  // pixels of the top row (WebGL's rows run bottom up) an opaque part covers
  for (let i = 0; i < px.length; i += 4) {
    if (Math.abs(px[i + 2] - 128) > 2) continue;
    const col = (px[i] - 40) / 10, row = (px[i + 1] - 40) / 40;
    const [c, q] = [Math.round(col), Math.round(row)];
    if (Math.abs(col - c) > 0.2 || Math.abs(row - q) > 0.05 || c < 0 || c > 19) continue;
    const name = names[q * 20 + c];
    if (name !== undefined) counts[name] = (counts[name] || 0) + 1;
    if (name !== undefined && i >= (h - 1) * w * 4) top += 1;
  }
  return { counts, total: w * h, top };
}"""


DRAWN = "() => Number(document.getElementById('glutelib').dataset.drawn || 0)"


def not_seen(page, library, cid: str, number: int) -> list[str]:
    """What of a walkthrough step's words the drawn frame does not show: a named thing
    under MIN_SHARE of the view, a view (not a close-up) that runs off the top."""
    step = library.conditions[cid].steps[number - 1]
    named = named_in(library, step.highlight, (), step.marks)
    close_up = "close up" in page.inner_text(".t-seen").lower()
    if not named and close_up:
        return []
    found = page.evaluate(ID_PASS)
    faults = [] if close_up or not found["top"] else [f"runs off the top ({found['top']} px)"]
    for group in named:
        if any(zone_in(k) for k in group):
            continue
        share = max(found["counts"].get(k, 0) for k in group) / found["total"]
        if share < MIN_SHARE:
            faults.append(f"{' / '.join(group)} covers {share:.3%} of the view")
    return faults


@pytest.fixture
def offline(browser, lesson) -> Iterator:
    opened: list[Offline] = []

    def make(**context) -> Offline:
        opened.append(Offline(browser, lesson, **context))
        return opened[-1]

    yield make
    for o in opened:
        o.close()


def test_the_file_is_small_and_holds_everything(lesson):
    data = lesson.read_bytes()
    print(f"lesson {len(data) / 2**20:.2f} MB, gzipped {len(gzip.compress(data)) / 2**20:.2f} MB")
    assert len(data) <= MAX_BYTES
    assert len(gzip.compress(data)) <= MAX_GZIP_BYTES
    markup = re.sub(r"<script[^>]*>.*?</script>", "", data.decode(), flags=re.S)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", markup)  # nothing to fetch
    assert "default-src 'none'" in markup  # and the page may fetch nothing (its policy)
    # plotly's 3D-only bundle (`make test` installs it from npm), the version plotly pins:
    # the walkthrough and quiz tests below draw with it.
    assert lesson_data(lesson)["plotly"].startswith("plotly.js-gl3d-dist-min ")


@pytest.mark.parametrize("mode", list(PEOPLE))
def test_every_walkthrough_steps_offline_in_each_audience(offline, lesson, library, mode):
    """Stepped as each person steps, every step's controls on the screen and its named parts
    in the picture (the ID pass above). Each step's picture is read in one of the three
    audiences, in turn, so every step and every audience's frames are read: an ID pass costs
    two redraws of every trace, and tests/anatomy/test_visibility.py measures every step of
    every audience on its screen in Python."""
    how = PEOPLE[mode]
    reads = list(PEOPLE).index(mode)  # this audience reads steps reads, reads + 3, ...
    o = offline(**how)
    page = o.page
    conditions = list(library.conditions.values())
    o.open(f"#mode={mode}&condition={conditions[0].id}&step=1")
    assert plot_fills_its_view(page) == []
    problems, stepped = [], 0
    for condition in conditions:
        title = condition.plain_title if mode == "client" else condition.title
        page.select_option(".t-condition-picker select", label=title)
        page.locator(".t-condition-picker select").blur()  # keys step, not pick
        for number in range(1, len(condition.steps) + 1):
            read = stepped % len(PEOPLE) == reads
            stepped += 1
            drawn = page.evaluate(DRAWN)
            if number > 1:
                if "tap" in how:
                    page.tap(how["tap"])
                else:
                    page.keyboard.press(how["key"])
            page.wait_for_selector(f".t-step-shown[data-step='{condition.id}/{number}']",
                                   state="attached")  # fmt: skip
            page.wait_for_function(f"() => location.hash.includes('step={number}')")
            if number > 1:  # the picker's pick drew step 1
                page.wait_for_function(f"() => ({DRAWN})() > {drawn}")  # this step's frame
            problems += [f"{condition.id} {number}: {p}" for p in unseen(page)]
            if condition.id == "sciatica_vs_piriformis" and number == len(condition.steps):
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=ARTIFACTS / f"lesson-{mode}.png")
            if read:
                problems += [f"{condition.id} {number}: {p}"
                             for p in not_seen(page, library, condition.id, number)]  # fmt: skip
    assert not problems, "\n".join(problems)


def _question(data: dict, kind: str, prompt: str, choices: list[str]) -> dict:
    (found,) = [q for k in data["quiz"]["kinds"] if k["id"] == kind for q in k["questions"]
                if q["prompt"] == prompt and (q["target"] or q["choices"] == choices)]  # fmt: skip
    return found


def _asked(page) -> tuple[str, list[str]]:
    prompt = page.inner_text(".t-quiz-prompt h3")
    labels = page.locator(".t-choice:visible").all_inner_texts()
    return prompt, [re.sub(r"^\d\s+", "", t) for t in labels]


def test_the_quiz_runs_offline_and_a_missed_question_comes_back(offline, lesson):
    data = lesson_data(lesson)
    o = offline(viewport={"width": 1366, "height": 768})
    page = o.page
    o.open("#quiz=name_it&mode=student")
    page.wait_for_selector(".t-choice-1:visible")
    prompt, choices = _asked(page)
    missed = _question(data, "name_it", prompt, choices)
    wrong = next(n for n in range(len(choices)) if n != missed["answer"])
    page.keyboard.press(str(wrong + 1))
    page.wait_for_selector(".t-quiz-feedback .t-wrong")
    assert page.locator(".t-choice.mod-success").inner_text().endswith(choices[missed["answer"]])
    back = False
    for _ in range(data["quiz"]["come_back_after"] + 1):
        page.keyboard.press("Enter")
        page.wait_for_selector(".t-choice-1:visible:not([disabled])")
        if "Again" in page.inner_text(".t-quiz-progress"):
            back = _asked(page) == (prompt, choices)
            break
        now = _question(data, "name_it", *_asked(page))
        page.keyboard.press(str(now["answer"] + 1))
        page.wait_for_selector(".t-quiz-feedback .t-right")
    assert back, "the missed question did not come back"
    assert "Score 2 of 3" in page.inner_text(".t-quiz-progress")
    assert wcag_violations(page) == []
    stop = page.locator(".t-quiz-leave")  # stop part-way: back to the kinds
    assert stop.is_visible() and round(stop.bounding_box()["height"]) >= 40
    stop.click()
    page.wait_for_selector(".t-quiz-kind-find-it:visible")
    assert page.evaluate("location.hash").startswith("#quiz=&")

    page.evaluate("() => { location.hash = '#quiz=find_it&mode=student'; }")
    page.wait_for_selector(".t-quiz-prompt:has-text('Click or tap the')")
    asked = page.inner_text(".t-quiz-prompt h3")
    target = _question(data, "find_it", asked, [])["target"]
    click_part(page, target)
    page.wait_for_selector(".t-quiz-feedback p")
    words = page.inner_text(".t-quiz-feedback")
    assert words.startswith("Right") or words.startswith("That was the"), words

    o.open("#quiz=predict&mode=instructor")  # the class quiz: the answer on a key
    page.wait_for_selector(".t-choice-1:visible")
    assert "%" not in page.inner_text(".t-choices")  # a prediction: nothing given away
    watch_the_move(page)
    page.keyboard.press("Enter")
    page.wait_for_selector(".t-quiz-feedback:has-text('Answer:')")
    assert "Score" not in page.inner_text(".t-quiz-progress")
    assert wait_until_moved(page) >= 1  # drawn in the position, each choice's length beside it
    assert longest_shown_is_the_answer(page), page.inner_text(".t-quiz")


def test_a_screen_reader_hears_what_python_says_the_view_shows(offline, library):
    """The view's text alternative (glutelib.described), in its live region, for a step in
    each audience's words: the very sentences the dashboard says for the same step."""
    o = offline(viewport={"width": 1366, "height": 768})
    page = o.page
    step = library.conditions["low_back_sitting"].steps[2]
    for mode, region in (
        ("student", "What the 3D view shows"),
        ("client", "What the picture shows"),
    ):
        o.open(f"#condition=low_back_sitting&step=3&mode={mode}")
        page.wait_for_selector(".t-step-shown[data-step='low_back_sitting/3']", state="attached")
        said = page.locator(".t-view-said")
        assert (
            said.get_attribute("aria-live") == "polite" and said.get_attribute("role") == "region"
        )
        assert said.get_attribute("aria-label") == region
        scene = audience_scene(library, list(library.atlas.ids), library.audiences.audiences[mode])
        show_step(scene, step)
        assert said.inner_text() == view_said(scene.state, library)
        box = said.bounding_box()  # read, not drawn: a pixel, out of the way
        assert box is None or (box["width"] <= 1 and box["height"] <= 1)
        # `]` twice: the second part the dashboard's walk reaches, read with its card
        audience = library.audiences.audiences[mode]
        second = walked(scene.state, library)[1]
        page.keyboard.press("]")
        page.keyboard.press("]")
        page.wait_for_function("() => document.querySelector('.t-view-said').innerText"
                               ".startsWith('Part 2 of')")  # fmt: skip
        assert said.inner_text() == walk_said(
            dataclasses.replace(scene.state, pointed=second), library,
            lambda i, a=audience: card_said(library.atlas[i], a, library.audiences))  # fmt: skip


def test_the_address_opens_any_step_follows_it_and_names_what_is_not_there(offline, library):
    o = offline(viewport={"width": 1024, "height": 768}, has_touch=True, is_mobile=True)
    page = o.page
    o.open("#condition=pregnancy&step=3")  # no mode named: a tablet opens in a client's words
    page.wait_for_selector(".t-step-shown[data-step='pregnancy/3']", state="attached")
    assert "mod-active" in page.get_attribute(".t-mode button:has-text('Client')", "class")
    scene = Scene(library)
    show_step(scene, library.conditions["pregnancy"].steps[2])
    said = seen_from(library, scene.state.camera, True, scene.state.close_up)  # as Python says
    assert said.startswith("View: From behind")  # where the step is seen from
    assert page.inner_text(".t-toolbar .t-seen") == said
    page.tap(".t-next")
    page.wait_for_function("() => location.hash === '#condition=pregnancy&step=4&mode=client'")
    page.go_back()  # Back goes a step back
    page.wait_for_selector(".t-step-shown[data-step='pregnancy/3']", state="attached")
    page.evaluate("() => { location.hash = '#condition=no_such_walkthrough&step=%C2%B2'; }")
    page.wait_for_selector(".t-message:has-text('no walkthrough called')")
    page.wait_for_selector(".t-step-shown[data-step='low_back_sitting/1']", state="attached")
    page.evaluate("() => { location.hash = '#condition=pregnancy&step=%C2%B2'; }")
    page.wait_for_selector(".t-message:has-text('starting at step 1')")
    page.evaluate("() => { location.hash = '#quiz=no_such_quiz&mode=student'; }")
    page.wait_for_selector(".t-quiz-note:has-text('There is no quiz called')")
    assert page.locator(".t-quiz-menu button:visible").count() == len(load_rules(library).kinds)


DRAWN = "() => Number(document.querySelector('#glutelib').dataset.drawn || 0)"
SAMPLE = [
    ("low_back_sitting", 3, "student"),
    ("pregnancy", 2, "client"),
    ("runners_cyclists", 4, "instructor"),
    ("sciatica_vs_piriformis", 5, "student"),
]


def test_the_lesson_draws_what_the_dashboard_draws(offline, library):
    """For a sample of steps: each trace's style, vertices (within the grid) and faces, and
    the camera and the names, against build_figure of the dashboard's own state."""
    o = offline(viewport={"width": 1366, "height": 768})
    page = o.page
    board = Dashboard(library)
    for cid, number, mode in SAMPLE:
        # The first opening draws twice (small, then at its box); a new hash draws once more.
        before = page.evaluate(DRAWN) if page.url.startswith("file:") else 0
        o.open(f"#condition={cid}&step={number}&mode={mode}")
        page.wait_for_selector(f".t-step-shown[data-step='{cid}/{number}']", state="attached")
        page.wait_for_function(f"() => ({DRAWN})() >= {before + 1 if before else 2}")
        aspect, height = map(float, page.get_attribute("#glutelib", "data-view").split(","))
        drawn = page.evaluate(
            "() => { const g = document.querySelector('.js-plotly-plot');"
            " return { layout: { camera: g.layout.scene.camera, names: g.layout.scene.annotations"
            " .map((a) => a.text) }, data: g.data.map((t) => ({ name: t.name, visible: t.visible,"
            " color: t.color, hoverinfo: t.hoverinfo, x: Array.from(t.x), y: Array.from(t.y),"
            " z: Array.from(t.z), i: Array.from(t.i),"
            " intensity: t.intensity ? Array.from(t.intensity) : null })) }; }"
        )
        board.set_mode(mode)
        board.open_condition(cid, str(number))
        state = dataclasses.replace(board.scene.state, view_aspect=aspect, view_px=int(height))
        figure = build_figure(state, library)
        # a pick's, Palpate's and a pain drawing's, not a step's
        not_a_step = (FIBRES_KEY, OUTLINE_KEY, SITES_KEY, DRAWING_KEY, PATTERN_KEY)
        want = {t.name: t for t in figure.data if t.name not in not_a_step}
        on_skin = [t for t in drawn["data"] if t["name"].startswith("palpate:")]
        assert on_skin and not any(t["visible"] for t in on_skin)  # each outline and site: hidden
        drawn["data"] = [t for t in drawn["data"] if t not in on_skin]
        assert [t["name"] for t in drawn["data"]] == list(want), cid
        for t in drawn["data"]:
            w = want[t["name"]]
            assert (t["visible"], t["color"], t["hoverinfo"]) == (w.visible, w.color, w.hoverinfo)
            assert len(t["x"]) == len(w.x) and t["i"] == list(w.i), t["name"]
            shaded = w.intensity is not None and len(w.intensity)  # a hidden trace holds none
            shades = [int(s) for s in w.intensity] if shaded else None
            assert t["intensity"] == shades, t["name"]  # the same depth cues and stripes
            if len(w.x):
                got = np.column_stack([t["x"], t["y"], t["z"]])
                err = np.abs(got - np.column_stack([w.x, w.y, w.z])).max()
                assert err <= STEP_MM + 1e-3, (t["name"], err)
        camera = figure.layout.scene.camera.to_plotly_json()
        for part in ("eye", "center", "up"):
            for axis in "xyz":
                assert drawn["layout"]["camera"][part][axis] == pytest.approx(camera[part][axis])
        assert drawn["layout"]["names"] == [a.text for a in figure.layout.scene.annotations]

    turned = (
        "() => document.querySelector('.js-plotly-plot')._fullLayout.scene._scene.getCamera().eye"
    )
    step_eye = page.evaluate(turned)
    box = page.locator(".js-plotly-plot").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 150, y + 40, steps=8)  # a drag turns the model
    page.mouse.up()
    page.wait_for_function(f"() => ({turned})().x !== {step_eye['x']}")
    page.keyboard.press("Escape")  # back to the step's own view
    page.wait_for_function(f"() => Math.abs(({turned})().x - {step_eye['x']}) < 1e-9")


def test_a_lesson_built_with_a_broken_mesh_leaves_it_out_and_says_so_on_its_first_screen(
    browser, mesh_copy
):
    """The quiz too: its questions about a part that does not load are not asked. Both on
    the left: the right side's palpation measures stand as the session's lesson kept them."""
    (mesh_copy / "piriformis_l.ply").write_bytes(b"ply\nnot a mesh")
    (mesh_copy / "sciatic_nerve_l.ply").write_bytes(b"ply\nnot a mesh")
    library = load_library(mesh_dir=mesh_copy)
    path = write_lesson(mesh_copy.parent / "broken.html", conditions=["sciatica_vs_piriformis"],
                        audiences=["student"], library=library)  # fmt: skip
    data = lesson_data(path)
    assert "piriformis_l" not in data["traces"] and "piriformis_r" in data["traces"]
    asked = [q for k in data["quiz"]["kinds"] for q in k["questions"]]
    assert asked and all(q["target"] not in ("piriformis_l", "sciatic_nerve_l") for q in asked)
    steps = library.conditions["sciatica_vs_piriformis"].steps
    assert len(data["conditions"][0]["steps"]) == len(steps)
    o = Offline(browser, path, viewport={"width": 1366, "height": 768})
    try:
        o.open()
        note = o.page.inner_text(".t-message")
        assert "piriformis_l" in note and "left out" in note
        assert "meshes/piriformis_l.ply" in note and str(mesh_copy) not in note  # no folder
        assert unseen(o.page) == []
        o.page.click(".t-next")  # and it steps
        o.page.wait_for_selector(".t-step-shown[data-step='sciatica_vs_piriformis/2']",
                                 state="attached")  # fmt: skip
    finally:
        o.close()


@pytest.mark.parametrize("ratio", [1, 3])
def test_the_3d_view_is_drawn_at_the_screens_pixel_ratio_up_to_the_dashboards_cap(offline, ratio):
    """figure_widget.PIXEL_RATIO_CAP, from Python: a tablet with a sharp screen (3) gets the
    cap, a plain screen its own 1."""
    o = offline(viewport={"width": 1024, "height": 768}, device_scale_factor=ratio,
                has_touch=True, is_mobile=True)  # fmt: skip
    o.open("#condition=pregnancy&step=2&mode=client")
    assert o.page.evaluate("document.getElementById('glutelib-figure')._context.plotGlPixelRatio"
                           ) == min(ratio, PIXEL_RATIO_CAP)  # fmt: skip


def test_zoom_steps_are_the_dashboards(offline):
    """The lesson's + and − zoom by the dashboard's step within its limits (view.ZOOM_STEP,
    MIN_ZOOM, MAX_ZOOM): the numbers come from Python."""
    o = offline(viewport={"width": 1920, "height": 1080})
    page = o.page
    o.open("#condition=pregnancy&step=2&mode=instructor")
    eye = """() => { const c = document.getElementById('glutelib-figure').layout.scene.camera;
                     return Math.hypot(c.eye.x - c.center.x, c.eye.y - c.center.y,
                                       c.eye.z - c.center.z); }"""  # fmt: skip

    def press(key: str) -> float:
        drawn = page.get_attribute("#glutelib", "data-drawn")
        page.keyboard.press(key)
        page.wait_for_function(f"document.getElementById('glutelib').dataset.drawn !== '{drawn}'")
        return page.evaluate(eye)

    framed = page.evaluate(eye)
    assert framed / press("+") == pytest.approx(ZOOM_STEP)
    assert framed / press("-") == pytest.approx(1)
    page.click(".t-zoom-out")
    page.wait_for_function(f"Math.abs(({eye})() - {framed * ZOOM_STEP}) < 1e-6")
    while framed / page.evaluate(eye) < MAX_ZOOM / ZOOM_STEP:
        press("+")
    assert framed / press("+") == pytest.approx(MAX_ZOOM)
    page.keyboard.press("+")  # no further: nothing to draw
    page.wait_for_timeout(300)
    assert framed / page.evaluate(eye) == pytest.approx(MAX_ZOOM)
    while framed / page.evaluate(eye) > MIN_ZOOM * ZOOM_STEP:
        press("-")
    assert framed / press("-") == pytest.approx(MIN_ZOOM)


def test_a_name_every_object_has_is_no_mode_walkthrough_or_quiz(offline):
    """`constructor`, `__proto__`, `toString` are in every JavaScript object: the address's
    names are looked up as the lesson's own (they once stopped it)."""
    o = offline(viewport={"width": 1366, "height": 768})
    page = o.page
    o.open("#mode=constructor")
    assert "There is no “constructor” mode in this lesson; showing Student" in page.inner_text(
        ".t-message"
    )
    assert plot_fills_its_view(page) == []
    for address, said in [
        ("#condition=toString&mode=__proto__", "no walkthrough called “toString”"),
        ("#condition=hasOwnProperty&step=2&mode=valueOf", "There is no “valueOf” mode"),
        ("#quiz=__proto__&mode=student", "There is no quiz called"),
    ]:
        page.evaluate("(a) => { location.hash = a; }", address)
        page.wait_for_selector(f".t-message:has-text('{said}'), .t-quiz-note:has-text('{said}')")
    page.evaluate("() => { location.hash = '#condition=pregnancy&step=2&mode=client'; }")
    page.wait_for_selector(".t-step-shown[data-step='pregnancy/2']", state="attached")


def test_address_values_are_read_as_the_dashboard_reads_them_cut_and_printable(offline):
    """A 3000-word value is cut where the dashboard cuts it (deeplink.MAX_LENGTH): the
    message quotes a few words and the 3D view keeps its room; control characters are
    dropped; markup is shown as text."""
    o = offline(viewport={"width": 1366, "height": 768})
    page = o.page
    words = " ".join(f"word{n}" for n in range(3000))
    o.open("#condition=" + quote(words) + "&mode=" + "x" * 3000)
    message = page.inner_text(".t-message")
    assert f"no walkthrough called “{words[:60]}”" in message
    assert f"There is no “{'x' * 40}” mode" in message and len(message) < 600
    page.wait_for_selector(".t-step-shown[data-step='low_back_sitting/1']", state="attached")
    assert plot_fills_its_view(page) == [] and unseen(page) == []
    page.evaluate("() => { location.hash = '#condition=pregnancy%00&step=3%1B&mode=client%00'; }")
    page.wait_for_selector(".t-step-shown[data-step='pregnancy/3']", state="attached")
    assert "mod-active" in page.get_attribute(".t-mode button:has-text('Client')", "class")
    assert page.inner_text(".t-message") == ""
    markup = '<img src="data:," onerror="window.__pwned = 1">'
    page.evaluate("(m) => { location.hash = '#condition=' + encodeURIComponent(m); }", markup)
    page.wait_for_selector(".t-message:has-text('<img src=')")
    assert page.locator(".t-message img").count() == 0


def test_the_lessons_modules_leave_no_name_on_the_page(offline, tmp_path):
    """No implicit globals: beside what plotly.js itself puts on `window`, the page holds no
    name of the player's or its modules' (glutelib/js/, lesson/static/), as a property of
    `window` or as a top-level declaration another script could see."""
    plotly_only = tmp_path / "plotly.html"
    plotly_only.write_text(f"<!doctype html><script>{plotly_bundle()[0]}</script>", "utf-8")
    o = offline(viewport={"width": 1366, "height": 768})
    page, names = o.page, "Object.getOwnPropertyNames(window)"
    page.goto(plotly_only.as_uri())
    plotly_names = set(page.evaluate(names))
    o.open("#condition=pregnancy&step=2&mode=student")
    assert set(page.evaluate(names)) - plotly_names == set()
    root = Path(__file__).resolve().parents[2] / "glutelib"
    top_level = r"^(?:export )?(?:async )?(?:const|let|var|function|class) (\w+)"
    declared = {name for path in [*root.glob("js/*.js"), *root.glob("lesson/static/*.js")]
                for name in re.findall(top_level, path.read_text("utf-8"), re.M)}  # fmt: skip
    assert {"QuizSession", "readAddress", "quizPanel", "touchGestures"} <= declared
    # Each evaluated as the page's own code would name it (the test's evaluation is no eval).
    seen = [name for name in sorted(declared) if page.evaluate(f"typeof {name}") != "undefined"]
    assert seen == []


def test_only_the_lessons_own_scripts_run_and_no_form_posts_anywhere(offline):
    """What markup that got into the page could do: no handler, script or link of its own
    runs (so it can open no window and navigate nowhere: no policy Chromium honours limits
    those), and a form posts nothing (form-action 'none'). The network stays untouched."""
    o = offline(viewport={"width": 1366, "height": 768})
    page = o.page
    o.open("#condition=pregnancy&step=1&mode=student")
    page.evaluate("""() => {
        document.body.insertAdjacentHTML('beforeend',
          '<img src="data:," onerror="window.__pwned = 1">' +
          '<a id="x-link" href="javascript:window.__pwned = 2">x</a>' +
          '<form id="x-form" method="post" action="https://example.org/steal">' +
          '<input name="a" value="b"></form>');
        const s = document.createElement('script');
        s.textContent = 'window.__pwned = 3';
        document.body.append(s);
    }""")
    page.evaluate("() => document.getElementById('x-link').click()")  # below the page's fold
    page.evaluate("() => document.getElementById('x-form').submit()")
    page.wait_for_timeout(1000)
    assert page.evaluate("() => window.__pwned") is None
    assert page.url.startswith("file://") and "#condition=pregnancy" in page.url
    assert o.asked == []  # and close() checks it again
    assert len(o.blocked) >= 4, o.blocked  # the policy refused them: handler, link, form, script
    o.blocked.clear()


def _damaged(lesson: Path) -> dict[str, bytes]:
    """The lesson cut short inside each part, and with one character changed in each (a
    base64 letter for another: gzip's checksum; a script's letter: its hash in the policy)."""
    data = lesson.read_bytes()
    starts = {
        "data": data.index(b'id="glutelib-data"'),
        "arrays": data.index(b'id="glutelib-arrays"'),
    }
    starts["plotly"] = data.index(b"<script>", starts["arrays"])
    starts["player"] = data.rindex(b"<script>")
    ends = [*list(starts.values())[1:], data.rindex(b"</script>")]
    files = {}
    for (part, start), end in zip(starts.items(), ends, strict=True):
        middle = (start + end) // 2
        files[f"cut in {part}"] = data[:middle]
        changed = bytearray(data)
        changed[middle] = ord("B") if data[middle] == ord("A") else ord("A")
        files[f"changed in {part}"] = bytes(changed)
    return files


def test_a_file_cut_short_or_changed_says_it_is_damaged_within_seconds(browser, lesson, tmp_path):
    o = Offline(browser, lesson, viewport={"width": 1024, "height": 768})
    page = o.page
    wrong = {}
    for name, data in _damaged(lesson).items():
        path = tmp_path / (name.replace(" ", "-") + ".html")
        path.write_bytes(data)
        start = time.monotonic()
        page.goto(path.as_uri(), wait_until="commit")
        try:
            page.wait_for_selector(".t-message:has-text('This lesson file is damaged or "
                                   "incomplete: download it again.')", timeout=5_000)  # fmt: skip
        except PlaywrightTimeout:
            wrong[name] = page.inner_text("body")[:200]
            continue
        took = time.monotonic() - start
        text = page.inner_text(".t-message")
        if took > 5 or "Opening" in text or "fetch" in text:
            wrong[name] = f"{took:.1f} s: {text}"
    # A script cut short is a syntax error, a changed one refused by the policy: expected,
    # and said on the page.
    o.errors.clear()
    o.blocked.clear()
    o.close()
    assert wrong == {}


def test_an_instructor_presents_the_lesson_from_two_windows(offline, library):
    """The lesson file as a presenter's two windows: the laptop's (notes, the next step, a
    clock) opens the projector's (the slide); a clicker at either moves both."""
    steps = library.conditions["pregnancy"].steps
    o = offline(viewport={"width": 1366, "height": 768})
    o.context.route("**/*", o._route)  # the slide's window may load the file and nothing else
    o.open("#mode=instructor&condition=pregnancy&step=1")
    laptop = o.page
    with o.context.expect_page() as opened:
        laptop.click(".t-present")
    projector = opened.value
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.wait_for_selector("#glutelib[data-ready=true]", timeout=60_000)
    at = "() => location.hash.includes('step={}')"
    projector.keyboard.press("PageDown")
    laptop.wait_for_function(at.format(2))
    laptop.keyboard.press("PageDown")
    projector.wait_for_function(at.format(3))
    assert "screen=slide" in projector.url and "screen=presenter" in laptop.url
    assert steps[2].text.instructor in laptop.inner_text(".t-speaker-notes")
    assert steps[3].heading(False) in laptop.inner_text(".t-next-step")
    laptop.wait_for_function("() => /\\d\\d:\\d\\d · \\d+:\\d\\d/.test("
                             "document.querySelector('.t-clock').textContent)")  # fmt: skip
    for hidden in (".t-speaker-notes", ".t-present", ".t-notes-toggle", ".t-next-step"):
        assert not projector.is_visible(hidden), hidden
    assert plot_fills_its_view(projector) == []
    projector.close()


def _drawn_after(page, before: int) -> None:
    page.wait_for_function(f"() => ({DRAWN})() > {before}")


def test_explore_searches_picks_and_shows_the_part_offline(offline, library):
    """Explore in the lesson, as the dashboard's: a student searches and picks from the
    suggestions, a client taps a name in the list; each pick is drawn seen (the ID pass),
    described in the audience's words, and kept in the address; an unknown part is said."""
    o = offline(viewport={"width": 1366, "height": 768})
    page = o.page
    o.open("#structure=&mode=student")
    assert unseen(page, (".t-title", ".t-search", ".t-card")) == []
    page.locator(".t-search").press_sequentially("gluteus")  # letters, not shortcuts: t, ?
    assert page.input_value(".t-search") == "gluteus" and page.is_hidden(".t-quiz")
    page.fill(".t-search", "pirif")
    before = page.evaluate(DRAWN)
    page.click(".t-suggestion-piriformis")
    _drawn_after(page, before)
    assert "Piriformis (both sides)" in page.inner_text(".t-card")
    assert "Origin" in page.inner_text(".t-card")
    assert "structure=piriformis" in page.evaluate("location.hash")
    found = page.evaluate(ID_PASS)
    share = max(found["counts"].get(i, 0) for i in ("piriformis_r", "piriformis_l"))
    assert share / found["total"] >= MIN_SHARE
    assert "close up" in page.inner_text(".t-seen").lower()  # a small part: cropped, and said
    before = page.evaluate(DRAWN)
    page.keyboard.press("Escape")  # nothing picked: the whole body again
    _drawn_after(page, before)
    assert page.evaluate("location.hash").startswith("#structure=&")
    assert "Origin" not in page.inner_text(".t-card")
    tablet = offline(**{k: v for k, v in PEOPLE["client"].items() if k != "tap"})
    page = tablet.page
    tablet.open("#structure=spleen&mode=client")
    assert "spleen" in page.inner_text(".t-message")
    before = page.evaluate(DRAWN)
    page.tap(".t-item-iliacus")
    _drawn_after(page, before)
    card = page.inner_text(".t-card")
    assert "Inner hip muscle" in card and "Origin" not in card  # plain words only
    assert page.inner_text(".t-seen") == "View: From the front"  # where it is seen: in front
    found = page.evaluate(ID_PASS)
    share = max(found["counts"].get(i, 0) for i in ("iliacus_r", "iliacus_l"))
    assert share / found["total"] >= MIN_SHARE
    assert unseen(page, (".t-title", ".t-search", ".t-card")) == []


def stretch_code(library, name: str) -> str:
    """A stretch's pose code on its own side, as the dashboard's address writes it."""
    joints, stretch = library.joints, library.stretches[name]
    return joints.code_of(joints.posed(Pose(), stretch.angles(joints, stretch.side_for())))


def test_the_stretches_pose_the_body_offline_with_what_they_lengthen(offline, library):
    """Move in the lesson: the dashboard's address of a stretch opens it, the body drawn in
    it, how it is taken said and the muscles it lengthens and shortens most listed as Move
    lists them (measured by Python); another stretch moves the body and the address; a
    client reads plain words and only lengths the source model backs; a pose the lesson was
    not given is said."""
    o = offline(viewport={"width": 1366, "height": 768})
    page = o.page
    pigeon = stretch_code(library, "pigeon")
    o.open(f"#pose={quote(pigeon)}&mode=student")
    page.wait_for_selector(".t-stretches .t-stretch-lengths .t-length")
    stretch, student = library.stretches["pigeon"], library.audiences.audiences["student"]
    shown = page.eval_on_selector(".t-stretch-picker select", "(s) => s.selectedOptions[0].text")
    assert shown == stretch.anatomical.label
    assert stretch.how(False) in page.inner_text(".t-stretch-words")
    pose = library.pose(pigeon)
    lists = lengths.listed(
        library, lengths.lengthening(library, pose), False, student.lengths_listed
    )
    for kind in ("longer", "shorter"):
        rows = page.locator(f".t-stretch-lengths .t-{kind} .t-length").all_inner_texts()
        assert rows == [lengths.said(library, n, False) for n in lists[kind]], kind
    assert unseen(page, (".t-stretch-picker", ".t-stretch-words", ".t-stretch-lengths")) == []
    assert wcag_violations(page) == []
    watch_the_move(page)
    quad = library.stretches["standing_quad"].anatomical.label
    page.select_option(".t-stretch-picker select", label=quad)
    assert wait_until_moved(page, 40) == 0  # the leg moves to the quad stretch
    code = quote(stretch_code(library, "standing_quad"))
    page.wait_for_function("(c) => location.hash.includes('pose=' + c)", arg=code)
    go = "(h) => { location.hash = h; }"
    page.evaluate(go, f"#pose={quote(pigeon)}&mode=client")  # plain words, backed lengths
    page.wait_for_selector(f".t-stretch-words:has-text('{stretch.how(True)[:30]}')")
    assert not any(t.endswith("≈") for t in page.locator(".t-length").all_inner_texts())
    page.evaluate(go, "#pose=knee_flexion_r:45&mode=student")  # no stretch: said, standing
    page.wait_for_selector(".t-message:has-text('stretch positions only')")
    assert page.locator(".t-stretch-lengths .t-length").count() == 0


# For each point (mm): where it is on the screen, and how far (mm) behind the skin nearest
# the eye there (the skin vertices within 6 px) it is: far when it is hidden behind the body,
# where a tap lands on what hides it.
IN_SIGHT = (
    """(points) => {"""
    + TO_SCREEN
    + """
  const e = mul(p.view, p.model);
  const depth = (x, y, z) => -(e[2] * x * k[0] + e[6] * y * k[1] + e[10] * z * k[2] + e[14]) / k[0];
  const t = g._fullData.find((d) => d.name === 'skin');
  const skin = t.x.map((x, i) => [...toScreen(x, t.y[i], t.z[i]).slice(0, 2),
                                  depth(x, t.y[i], t.z[i])]);
  return points.map((p) => {
    const [x, y] = toScreen(...p);
    let front = Infinity;
    for (const v of skin) if (Math.hypot(v[0] - x, v[1] - y) < 6) front = Math.min(front, v[2]);
    return [x, y, depth(...p) - front];
  });
}"""
)


SKIN_VERTICES = ("() => { const t = document.querySelector('.js-plotly-plot')._fullData"
                 ".find((d) => d.name === 'skin');"
                 " return Array.from(t.x, (x, i) => [x, t.y[i], t.z[i]]); }")  # fmt: skip


def _inside(page, tap: dict, normals: np.ndarray) -> tuple[np.ndarray, bool]:
    """(3,) where to tap for a palpate-it tap (its `points` and `within_mm`): a skin vertex
    well within it (plotly reports a tap on a mesh as a vertex of the face under it, and the
    skin's faces are up to 10 cm across, so a tap between vertices may be judged from one
    far off), in the view and in front, facing the eye (`normals`: the skin's (n, 3); a face
    seen edge-on reports its far vertex) with the most of the area within 15 mm of it, else
    the one facing it most; and whether it faces the eye."""
    area = np.asarray(tap["points"])
    skin = np.array(page.evaluate(SKIN_VERTICES))
    camera = graph(page, "g._fullLayout.scene.camera")
    eye = np.subtract(*[[camera[k][a] for a in "xyz"] for k in ("eye", "center")])
    facing = normals @ (eye / np.linalg.norm(eye))
    near = np.linalg.norm(skin[:, None] - area[None], axis=2).min(axis=1)
    chosen = near < 0.5 * tap["within_mm"]
    within, facing = skin[chosen], facing[chosen]
    box = page.locator(".js-plotly-plot").bounding_box()
    seen = np.array([box["x"] + 20 < x < box["x"] + box["width"] - 20
                     and box["y"] + 20 < y < box["y"] + box["height"] - 20 and off < 10
                     for x, y, off in page.evaluate(IN_SIGHT, within.tolist())])  # fmt: skip
    assert len(within) and seen.any(), "no skin vertex well within the area is in sight"
    within, facing = within[seen], facing[seen]
    if (facing > 0.7).any():  # face on: the most of the area round it
        within = within[facing > 0.7]
        held = (np.linalg.norm(within[:, None] - area[None], axis=2) < 15).sum(axis=1)
        return within[np.argmax(held)], True
    return within[np.argmax(facing)], False  # aslant


def test_palpate_steps_a_route_offline_and_palpate_it_is_answered_by_taps(offline, lesson,
                                                                         library):  # fmt: skip
    """The lesson's Palpate: the dashboard's address of a route step opens it, its words and
    the outline on the skin drawn, a clicker steps it and the address follows; clients have
    no Palpate section (as in the dashboard). Palpate it: two taps on the skin alone, each
    marked, judged, and the answer drawn."""
    data = lesson_data(lesson)
    ids = [p["id"] for p in data["palpate"]["parts"]]
    assert "piriformis_r" in ids  # a walkthrough's structure
    o = offline(viewport={"width": 1280, "height": 720})  # the small projector
    page = o.page
    o.open("#palpate=piriformis_r&step=2&mode=instructor")
    page.wait_for_selector(".t-palpate-route:has-text('step 2 of 4')")
    outline = f"{OUTLINE_KEY}:piriformis_r"
    shown = ("(n) => { const t = document.getElementById('glutelib-figure').data"
             ".find((d) => d.name === n); return t.visible !== false && t.x.length; }")  # fmt: skip
    page.wait_for_function(shown, arg=outline)
    needed = (".t-palpate-heading", ".t-palpate-route", ".t-palpate-facts", ".t-route-next")
    assert unseen(page, needed) == []
    assert wcag_violations(page) == []
    bar = page.locator(".t-sidebar").bounding_box()
    for button in page.locator(".t-section button:visible").all():  # five: none cut off
        box = button.bounding_box()
        assert box["x"] >= bar["x"] and box["x"] + box["width"] <= bar["x"] + bar["width"] + 1
    assert "Skin → gluteus maximus" in page.inner_text(".t-palpate-facts")
    page.keyboard.press("PageDown")  # a clicker's next
    page.wait_for_selector(".t-palpate-route:has-text('step 3 of 4')")
    page.wait_for_function("() => location.hash.includes('step=3')")
    last = data["palpate"]["parts"][-1]
    page.select_option(".t-palpate-picker select", label=last["name"])
    page.wait_for_function("(i) => location.hash.includes('palpate=' + i)", arg=last["id"])
    o.open("#palpate=spleen&mode=student")
    page.wait_for_selector(".t-message:has-text('no “spleen” to palpate')")
    o.open("#palpate=piriformis_r&mode=client")  # no Palpate for clients: the walkthroughs
    page.wait_for_selector(".t-walkthrough:visible")
    assert not page.locator(".t-section button:has-text('Palpate')").is_visible()

    normals = np.asarray(library.atlas.skin_mesh().vertex_normals)
    drawn = ("() => document.getElementById('glutelib-figure')._fullData"
             ".filter((t) => t.visible === true).map((t) => t.name)")  # fmt: skip
    o.open("#quiz=palpate_it&mode=student")  # one of 14 at random: each starts face on
    page.wait_for_selector(".t-quiz-prompt:has-text('Tap where you would start')")
    asked = page.inner_text(".t-quiz-prompt h3")
    (q,) = [q for k in data["quiz"]["kinds"] if k["id"] == "palpate_it"
            for q in k["questions"] if q["prompt"] == asked]  # fmt: skip
    start, face_on = _inside(page, q["taps"][0], normals)
    assert face_on, f"{asked}: its start is seen only aslant"
    assert page.evaluate(drawn) == ["skin"]
    tap_until(page, start, ".t-quiz-prompt:has-text('Now tap over')")
    page.wait_for_selector(".annotation-text:has-text('Tap 1')")
    tap_until(page, _inside(page, q["taps"][1], normals)[0], ".t-quiz-feedback p")
    said = page.inner_text(".t-quiz-feedback")
    assert said.count("Right: ") == 2, said
    page.wait_for_selector(".annotation-text:has-text('Tap 2')")
    assert len(page.evaluate(drawn)) > 10  # the answer: the Palpate view, the body under the skin


def _painted(page, colour: str) -> int:
    """Skin vertices the page colours `colour`."""
    return page.evaluate("(c) => (document.querySelector('.js-plotly-plot').data"
                         ".find((t) => t.name === 'skin').vertexcolor || [])"
                         ".filter((v) => v === c).length", colour)  # fmt: skip


def _words_on_page(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('.t-pain-match')].map((b) => b.innerText)"
    )


def _drawn_strokes(page, library) -> tuple[int, ...]:
    """The drawing the page's address holds, read by Python."""
    code = parse_qs(page.evaluate("location.hash")[1:]).get("pain", [""])[0]
    return tuple(int(v) for v in decode_strokes(library, code)) if code else ()


def test_where_does_it_hurt_offline_paints_and_says_what_python_says(offline, lesson, library):
    """The lesson's pain map: an address's drawing reopens; the matches, the knee and the
    red flags are what Python says of the drawing (`present.pain_words`) for each audience;
    the mouse paints taps and a drag on the skin and the body does not turn; the body turns
    by the menu; a damaged drawing is named and the page goes on; the instructor's panel
    with the flags fits a 1280x720 projector."""
    audiences = library.audiences.audiences
    buttock = strokes_of(library, np.array(over_the_buttock(library)))
    o = offline(viewport={"width": 1366, "height": 768})
    page = o.page
    o.open(f"#pain={encode_strokes(library, buttock)}&mode=student")
    page.wait_for_selector(".t-pain-match")
    python = pain_words(library, buttock, (), audiences["student"])
    assert _words_on_page(page) == [text for _, text in python.matches]
    assert page.inner_text(".t-pain-said") == python.summary
    assert page.locator(".t-section button:has-text('Pain map')").is_visible()
    # painted on the skin: the drawing's colour on the skin's own vertices, the skin alone
    assert graph(page, "g._fullData.filter((t) => t.visible === true).map((t) => t.name)") == [
        SKIN_KEY]  # fmt: skip
    assert _painted(page, library.colours.zone("pain")) > 20
    page.click(".t-pain-clear")
    page.wait_for_selector(".t-pain-said:has-text('Nothing drawn yet')")
    calf = back_of_the_calf(library)
    paint(page, calf[:2])
    eye = graph(page, "g._fullLayout.scene.camera.eye")
    drag_with_mouse(page, calf[2], calf[4])
    page.wait_for_function(f"() => {STROKES} >= 4")
    assert graph(page, "g._fullLayout.scene.camera.eye") == eye  # a drag paints, not turns
    page.click(".t-pain-feel-numb")
    page.wait_for_function("() => location.hash.includes('feel=numb')")
    strokes = _drawn_strokes(page, library)
    assert len(strokes) >= 4
    python = pain_words(library, strokes, ("numb",), audiences["student"])
    assert _words_on_page(page) == [text for _, text in python.matches]
    assert page.inner_text(".t-pain-said") == python.summary  # below the knee
    flags = page.inner_text(".t-pain-flag-box")
    assert all(item in flags for item in python.flags) and python.flags
    # a client's plain words, for the same drawing
    page.click(".t-mode button:has-text('Client')")
    page.wait_for_selector(".t-pain-heading:has-text('Where does it hurt?')")
    python = pain_words(library, strokes, ("numb",), audiences["client"])
    page.wait_for_function("(n) => document.querySelectorAll('.t-pain-match').length === n",
                           arg=len(python.matches))  # fmt: skip
    assert _words_on_page(page) == [text for _, text in python.matches]
    # a zoom (the client's buttons) keeps the drawing on the body, and a drag still paints
    drawn = page.evaluate(DRAWN)
    page.click(".t-zoom-in")
    page.wait_for_function(f"() => ({DRAWN})() > {drawn}")
    assert _painted(page, library.colours.zone("pain")) > 20
    assert graph(page, "g.layout.meta.paint") == "paint"
    needed = (".t-pain-heading", ".t-pain-tools", ".t-pain-flags", ".t-pain-matches",
              ".t-pain-safety", ".t-pain-view")  # fmt: skip
    page.set_viewport_size({"width": 768, "height": 1024})  # the tablet upright: all there
    page.wait_for_function("() => document.querySelector('.t-figure').getBoundingClientRect()"
                           ".height > 800")  # fmt: skip
    assert unseen(page, needed) == []
    # the body turns by the menu (a drag paints): seen from the front
    page.select_option(".t-pain-view", "anterior")
    turned = ("(y) => Math.sign(document.querySelector('.js-plotly-plot')"
              "._fullLayout.scene.camera.eye.y) !== Math.sign(y)")  # fmt: skip
    page.wait_for_function(turned, arg=eye["y"])
    # an instructor on a small projector: the panel with its flags all on the screen
    page.set_viewport_size({"width": 1280, "height": 720})
    page.click(".t-mode button:has-text('Instructor')")
    page.wait_for_selector(".glutelib.mode-instructor .t-pain-flag-box")
    assert unseen(page, needed) == []
    # a damaged drawing is named; the page still paints
    o.open("#pain=1.abc.zz&mode=student")
    page.wait_for_selector(".t-message:has-text('another version')")
    paint(page, calf[:1])
    assert len(_drawn_strokes(page, library)) == 1
