"""Real-browser harness: Voila on 127.0.0.1 and Debian's Chromium driven by Playwright.

Never `playwright install`: the browser is Debian's /usr/bin/chromium (`make test` installs it).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from glutelib.app import serve  # the dashboard's own Voila command

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    # WebGL through SwiftShader: without these two, --disable-gpu leaves plotly's 3D no WebGL.
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    # The machine has no internet: stop Chromium phoning home (and failing) at every start.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "desktop": dict(viewport={"width": 1366, "height": 768}),
    "tablet": dict(viewport={"width": 1024, "height": 768}, has_touch=True, is_mobile=True),
    "projector": dict(viewport={"width": 1920, "height": 1080}),
}
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
READY_TIMEOUT_S = 60
FIGURE_TIMEOUT_MS = 90_000

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_voila(
    notebook: Path,
    tmp: Path,
    extra: list[str] = (),
    env_extra: dict[str, str] | None = None,
    max_kernels: int = 0,
) -> tuple[subprocess.Popen, str]:
    """Start Voila on a free loopback port; return the process and its base URL once it answers."""
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "IPYTHONDIR": str(tmp / "ipython"),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        **serve.kernel_env(tmp / "web"),
        **(env_extra or {}),
    }
    # The command `make dashboard` runs (glutelib-dashboard), so the tests see what users get.
    cmd = [*serve.voila_command("127.0.0.1", port, notebook, tmp / "web", max_kernels),
           "--show_tracebacks=True", *extra]  # fmt: skip
    log = open(tmp / "voila.log", "w")  # noqa: SIM115 - closed by the fixture
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Voila exited with {proc.returncode}; see {tmp / 'voila.log'}")
        try:  # a static file: answers without starting a kernel
            urllib.request.urlopen(url + "voila/static/voila.js", timeout=2).close()
            return proc, url
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    stop_voila(proc)
    raise RuntimeError(f"Voila did not answer on {url} within {READY_TIMEOUT_S} s")


def kernels_rss_mb(voila: subprocess.Popen) -> list[float]:
    """Resident memory (MB) of each kernel the Voila process started."""
    out = subprocess.run(["ps", "-o", "rss=,args=", "--ppid", str(voila.pid)],
                         capture_output=True, text=True, check=False).stdout  # fmt: skip
    return [int(line.split()[0]) / 1024 for line in out.splitlines() if "ipykernel" in line]


def stop_voila(proc: subprocess.Popen) -> None:
    """SIGTERM (Voila shuts its kernels down), then SIGKILL after a timeout."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


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
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _local_only(route) -> None:
    """Block every request that leaves 127.0.0.1 (e.g. Voila's Font Awesome CDN)."""
    host = re.match(r"^[a-z]+://([^/:]+)", route.request.url)
    if host and host.group(1) not in ("127.0.0.1", "localhost"):
        route.abort()
    else:
        route.continue_()


def _page_factory(browser: Browser, kind: str) -> Iterator[Page]:
    context = browser.new_context(**VIEWPORTS[kind])
    page = context.new_page()
    page.route("**/*", _local_only)
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


class KernelTraffic:
    """What a page and its kernels say over their websockets: bytes of each frame both ways,
    and every error the kernel reports (an exception in a widget callback shows nowhere on
    the page). Watch before the page loads."""

    def __init__(self, page: Page):
        self.up: list[int] = []  # bytes of each frame the page sent
        self.down: list[int] = []
        self.errors: list[str] = []
        page.on("websocket", self._watch)

    def _watch(self, ws) -> None:
        ws.on("framesent", lambda payload: self.up.append(len(payload)))
        ws.on("framereceived", self._received)

    def _received(self, payload: str | bytes) -> None:
        self.down.append(len(payload))
        data = payload if isinstance(payload, bytes) else payload.encode()
        if re.search(rb'"msg_type": ?"error"', data[:2000]):
            found = re.search(rb'"ename": ?"([^"]*)", ?"evalue": ?"([^"]{0,200})', data)
            self.errors.append(b": ".join(found.groups()).decode() if found else "error")

    def mark(self) -> tuple[int, int]:
        """Frames so far each way, to count what comes after."""
        return len(self.up), len(self.down)

    def since(self, mark: tuple[int, int]) -> tuple[int, int]:
        """Bytes up and down since `mark`."""
        return sum(self.up[mark[0] :]), sum(self.down[mark[1] :])


def open_dashboard(page: Page, url: str, query: str = "") -> None:
    """Load the dashboard and wait until plotly has drawn the 3D scene."""
    page.goto(url + query, wait_until="commit")
    page.wait_for_selector(".js-plotly-plot .gl-container canvas", state="visible")
    page.wait_for_function(
        "() => { const g = document.querySelector('.js-plotly-plot');"
        " return g && g._fullData && g._fullData.length > 0; }"
    )


def graph(page: Page, expression: str):
    """Evaluate `expression` with `g` bound to the plotly graph div, in the page."""
    return page.evaluate(
        f"() => {{ const g = document.querySelector('.js-plotly-plot'); return {expression}; }}"
    )


def unseen(page: Page, needed: tuple[str, ...] = NEEDED) -> list[str]:
    """What a person needs (default: in a walkthrough step) that is not wholly on screen, or
    page scrolling."""
    return page.evaluate(_UNSEEN, list(needed))


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
