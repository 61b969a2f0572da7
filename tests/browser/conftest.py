"""Real-browser tests' fixtures and checks of what a person sees; the harness they drive
(Voila on 127.0.0.1, Debian's Chromium, page helpers) is glutelib.testing, which the
benchmarks use too."""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from glutelib.testing.browser import (  # noqa: F401 - the browser tests import these from here
    CHROMIUM,
    ROOT,
    TEST_CHROMIUM_ARGS,
    VIEWPORTS,
    KernelTraffic,
    free_port,
    graph,
    kernels_rss_mb,
    local_only,
    open_dashboard,
    start_voila,
    stop_voila,
)

ARTIFACTS = ROOT / "tests" / "artifacts"
# What a person needs in a step, each wholly on screen.
NEEDED = (".t-title", ".t-step-title", ".t-progress", ".t-step-text", ".t-back", ".t-next")

_UNSEEN = """(needed) => {
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
FIGURE_TIMEOUT_MS = 90_000
AXE = ROOT / "build/testing/node_modules/axe-core/axe.min.js"  # make test installs it (npm)
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # WCAG 2.0-2.2, A and AA
_AXE_RUN = """async (tags) => (await axe.run(document, { runOnly: { type: "tag", values: tags },
  resultTypes: ["violations"] })).violations.map((v) => `${v.impact} ${v.id}: ${v.help} at `
  + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "))"""

# Every target a person taps or clicks, at least 24 px each way (WCAG 2.5.8 without its
# spacing exception), a client's 48 (plain words): links inside a sentence are exempt.
_SMALL_TARGETS = """() => {
  const least = document.querySelector('.glutelib.words-plain') ? 48 : 24, out = [];
  const targets = 'button, input:not([type=hidden]), select, textarea, a[href], [role=button],'
    + ' [role=slider], [role=checkbox], [role=tab], .noUi-handle';
  for (const el of document.querySelectorAll(targets)) {
    const r = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (r.width < 1 || r.height < 1 || style.visibility === 'hidden') continue;
    if (el.closest('.t-view-said') || (el.tagName === 'A' && el.closest('p, li, dd, td'))) continue;
    if (r.width < least - 0.5 || r.height < least - 0.5) {
      const name = (el.getAttribute('aria-label') || el.innerText || el.value || '').trim();
      out.push(`target-size: ${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 2)
        .join('.')} "${name.slice(0, 30)}" is ${Math.round(r.width)}x${Math.round(r.height)} px,`
        + ` under ${least}`);
    }
  }
  return out;
}"""

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def lesson(tmp_path_factory, library) -> Path:
    """The whole offline lesson (every walkthrough, audience and the quiz), written once for
    the run: the first test worker to ask writes it, under a lock, and the others read it
    (writing it takes ~20 s of a core)."""
    from glutelib.lesson import write_lesson

    here = tmp_path_factory.getbasetemp()  # under xdist a worker's: its parent is the run's
    shared = here.parent if os.environ.get("PYTEST_XDIST_WORKER") else here
    path = shared / "glutelib-lesson.html"
    with open(shared / "glutelib-lesson.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.is_file():
            part = path.with_suffix(".part")
            write_lesson(part, library=library)
            part.replace(path)  # whole or not at all
    return path


@pytest.fixture(scope="session")
def voila_url(tmp_path_factory) -> Iterator[str]:
    """Base URL of a Voila server serving the dashboard, for the whole session."""
    tmp = tmp_path_factory.mktemp("voila")
    proc, url = start_voila(ROOT / "notebooks" / "dashboard.ipynb", tmp)
    yield url
    stop_voila(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=TEST_CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _page_factory(browser: Browser, kind: str) -> Iterator[Page]:
    context = browser.new_context(**VIEWPORTS[kind])
    page = context.new_page()
    page.route("**/*", local_only)
    page.set_default_timeout(FIGURE_TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser) -> Iterator[Page]:
    yield from _page_factory(browser, "desktop")


@pytest.fixture
def tablet_page(browser) -> Iterator[Page]:
    yield from _page_factory(browser, "tablet")


@pytest.fixture
def projector_page(browser) -> Iterator[Page]:
    yield from _page_factory(browser, "projector")


@pytest.fixture
def screenshot(request) -> Callable[[Page, str], Path]:
    """screenshot(page, suffix='') saves tests/artifacts/<test name>[-suffix].png."""

    def take(page: Page, suffix: str = "") -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        path = ARTIFACTS / f"{name}{'-' + suffix if suffix else ''}.png"
        page.screenshot(path=str(path))
        return path

    return take


def wcag_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it is now, each with where (the
    first three elements), then every target under 24 px (a client's under 48). axe is put
    in by evaluation, which a page's script policy (the lesson's) does not stop and its own
    checks do not see."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text("utf-8") + "\n;0")
    return page.evaluate(_AXE_RUN, WCAG) + page.evaluate(_SMALL_TARGETS)


def unseen(page: Page, needed: tuple[str, ...] = NEEDED) -> list[str]:
    """What a person needs (default: in a walkthrough step) that is not wholly on screen, or
    page scrolling."""
    return page.evaluate(_UNSEEN, list(needed))


def unseen_at(page: Page, size: tuple[int, int]) -> list[str]:
    """`unseen` with the window turned or resized to `size` (width, height), which it keeps:
    a walk that steps every step checks a second screen of its audience as it goes (the
    layout is CSS; two frames let resize observers settle)."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return [f"at {size[0]}x{size[1]}: {p}" for p in unseen(page)]


def go(page: Page, query: str) -> None:
    """The address goes to `query` as Back and Forward take it, without a new page (and a
    new kernel): the page applies it as it applies an address it opens with."""
    page.evaluate("(q) => { history.pushState(null, '', q);"
                  " dispatchEvent(new PopStateEvent('popstate')); }", query)  # fmt: skip


def plot_fills_its_view(page: Page) -> list[str]:
    """What is wrong with the 3D view's size once it settles (plotly draws its first frame
    small, then follows its box): it fills its column (plotly's width within 3 % of its box)
    and is large on the screen (over half the width and half the height on a landscape
    screen, beside the panel; the width and a third of the height on an upright one, the panel
    below it)."""
    screen = page.viewport_size
    upright = screen["height"] > screen["width"]  # the view stacks over the panel
    wide, tall = (0.95, 0.33) if upright else (0.5, 0.5)
    sized = (
        "([w, h]) => { const g = document.querySelector('.js-plotly-plot');"
        " const box = document.querySelector('.t-figure').getBoundingClientRect();"
        " const f = g && g._fullLayout; return f"
        "   && Math.abs(f.width - box.width) < 0.03 * box.width && f.width >= w && f.height >= h; }"
    )
    try:
        page.wait_for_function(sized, arg=[wide * screen["width"], tall * screen["height"]],
                               timeout=20_000)  # fmt: skip
        return []
    except PlaywrightTimeout:
        width, height = page.evaluate(
            "() => { const g = document.querySelector('.js-plotly-plot');"
            " return [g._fullLayout.width, g._fullLayout.height]; }"
        )
        return [f"the 3D view is {width:.0f}x{height:.0f} px on a "
                f"{screen['width']}x{screen['height']} screen"]  # fmt: skip


# Points of a structure on the screen, nearest the eye first, through plotly's own camera
# (gl-plot3d's matrices): where a person would look for it.
# In the page: `toScreen(x, y, z)` (mm) -> [page x, page y, depth, in view], through the
# scene's own camera (plotly's projection, view and model matrices).
TO_SCREEN = """
  const g = document.querySelector('.js-plotly-plot');
  const s = g._fullLayout.scene._scene, p = s.glplot.cameraParams, k = s.dataScale;
  const mul = (a, b) => { const o = new Array(16).fill(0);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let r = 0; r < 4; r++)
      o[j * 4 + i] += a[r * 4 + i] * b[j * 4 + r];
    return o; };
  const m = mul(p.projection, mul(p.view, p.model));
  const box = s.container.getBoundingClientRect();
  const toScreen = (x0, y0, z0) => {
    const v = [x0 * k[0], y0 * k[1], z0 * k[2]];
    const c = [0, 1, 2, 3].map((r) => m[r] * v[0] + m[4 + r] * v[1] + m[8 + r] * v[2] + m[12 + r]);
    const [x, y, z] = [c[0] / c[3], c[1] / c[3], c[2] / c[3]];
    return [box.left + (x + 1) / 2 * box.width, box.top + (1 - y) / 2 * box.height, z,
      Math.abs(x) < 0.95 && Math.abs(y) < 0.95];
  };"""

NEAREST_ON_SCREEN = (
    """(name) => {"""
    + TO_SCREEN
    + """
  const t = g._fullData.find((d) => d.name === name);
  const out = [];
  for (let i = 0; i < t.x.length; i++) {
    const [x, y, z, seen] = toScreen(t.x[i], t.y[i], t.z[i]);
    if (seen) out.push([x, y, z]);
  }
  out.sort((a, b) => a[2] - b[2]);  // nearest the eye first, spread over the part
  return out.filter((_, i) => i % Math.max(1, Math.floor(out.length / 12)) === 0).slice(0, 8);
}"""
)
ON_SCREEN = "(xyz) => {" + TO_SCREEN + "\n  return toScreen(...xyz).slice(0, 2);\n}"


WATCH_HOVER = """() => { const g = document.querySelector('.js-plotly-plot');
  window.__hovered = undefined;
  if (!g.__watched) { g.__watched = true;
    g.on('plotly_hover', (e) => { window.__hovered = e.points[0].data.name; }); } }"""


def click_part(page: Page, name: str) -> None:
    """Click the trace `name` where it is in sight, as a person clicks: the pointer goes to
    its points nearest the eye until plotly says that part is under it, then a press a
    frame long (plotly sees it, as a finger's)."""
    page.wait_for_function(  # drawn: a step's figure update may still be on its way
        "(n) => { const g = document.querySelector('.js-plotly-plot');"
        " const t = g && g._fullData && g._fullData.find((d) => d.name === n);"
        " return t && t.visible === true && t.x && t.x.length > 0; }", arg=name)  # fmt: skip
    page.evaluate(WATCH_HOVER)
    for x, y, _depth in page.evaluate(NEAREST_ON_SCREEN, name):
        page.mouse.move(x, y)  # plotly picks what is under the pointer (slowly here)
        try:
            page.wait_for_function("() => window.__hovered !== undefined", timeout=10_000)
        except PlaywrightTimeout:
            continue  # nothing picked here (an edge): the next point
        if page.evaluate("() => window.__hovered") == name:
            break  # in sight here; else something lies over this point of it
        page.evaluate("() => { window.__hovered = undefined; }")
    page.mouse.down()
    page.wait_for_timeout(100)
    page.mouse.up()


def tap_point(page: Page, xyz) -> tuple[float, float]:
    """Tap the model where the point `xyz` (mm) shows on the screen, as a person taps the
    skin there: the pointer rests until plotly picks what is under it (moved off and back
    when a busy machine's software WebGL has not picked in 20 s), then a press a frame long
    (plotly sees it, as a finger's); where on the page it tapped."""
    x, y = page.evaluate(ON_SCREEN, [float(v) for v in xyz])
    page.evaluate(WATCH_HOVER)
    for attempt in range(3):
        page.mouse.move(x + 4, y + 4)  # from beside it: a pointer already there would not move
        page.mouse.move(x, y)
        try:
            page.wait_for_function("() => window.__hovered !== undefined", timeout=20_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    page.mouse.down()
    page.wait_for_timeout(100)
    page.mouse.up()
    return x, y


def tap_until(page: Page, xyz, shown: str, tries: int = 3) -> None:
    """Tap the point `xyz` until the page shows `shown` (a selector), as a person taps
    again when nothing happens: software WebGL here sometimes misses a pick."""
    for attempt in range(tries):
        tap_point(page, xyz)
        try:
            page.wait_for_selector(shown, timeout=30_000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


# the right thigh's and shin's vertices (mm), as the figure draws them
LEG = ("['femur_r', 'tibia_r'].map((n) => g._fullData.find((t) => t.name === n))"
       ".map((t) => [...t.x, ...t.y, ...t.z])")  # fmt: skip


def watch_the_move(page) -> None:
    """Keep the leg where it is, and every text a quiz's first choice shows from now on."""
    page.evaluate(
        f"() => {{ const g = document.querySelector('.js-plotly-plot'); window.heldLeg = {LEG};"
        " window.choiceTexts = new Set(); const c = document.querySelector('.t-choices');"
        " if (c) new MutationObserver(() => window.choiceTexts.add("
        "document.querySelector('.t-choice-1').innerText)).observe(c,"
        " {subtree: true, childList: true, characterData: true}); }"
    )


def wait_until_moved(page, mm: float = 20) -> int:
    """Until some vertex of the leg has moved `mm` from where it stood; how many texts with
    a length the first choice showed on the way."""
    page.wait_for_function(
        f"(mm) => {{ const g = document.querySelector('.js-plotly-plot'); const now = {LEG};"
        " return now.some((a, k) => a.some((v, i) => Math.abs(v - window.heldLeg[k][i]) > mm));"
        " }", arg=mm)  # fmt: skip
    return page.evaluate("() => [...window.choiceTexts].filter((t) => t.includes('%')).length")


def longest_shown_is_the_answer(page) -> bool:
    """Whether the choice showing the greatest length is the one the feedback names."""
    shown = {}
    for text in page.locator(".t-choice:visible").all_inner_texts():
        name, length = re.fullmatch(r"\d\s+(.+?)\s+\(([+-]\d+) %\)", text.strip()).groups()
        shown[name] = float(length)
    said = re.search(r"(?:Answer|Right|It was): ([^.]+)", page.inner_text(".t-quiz-feedback"))
    return bool(said) and max(shown, key=shown.get) == said.group(1).strip()
