"""The dashboard as tests and benchmarks drive it: its Voila on a free loopback port, Debian's
Chromium launched for WebGL without a GPU, the screens people use, and what a page does.

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
from pathlib import Path

from playwright.sync_api import Page

from glutelib.app import serve  # the dashboard's own Voila command

ROOT = Path(__file__).resolve().parents[2]  # the checkout: Voila runs the notebook from it
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
# The test suite's browser draws WebGL without multisampling: software rendering spends a
# third less on each frame (the dashboard walked at 1366x768: 11 -> 7.7 s of the GPU
# process), and what a test reads (boxes, which part a pixel shows) does not depend on
# smoothed edges. Pictures for people (scripts/screens.py) and the benchmarks keep it.
TEST_CHROMIUM_ARGS = [*CHROMIUM_ARGS, "--webgl-antialiasing-mode=none"]
VIEWPORTS = {
    "desktop": dict(viewport={"width": 1366, "height": 768}),
    "tablet": dict(viewport={"width": 1024, "height": 768}, has_touch=True, is_mobile=True),
    "projector": dict(viewport={"width": 1920, "height": 1080}),
}
READY_TIMEOUT_S = 60


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


def local_only(route) -> None:
    """Block every request that leaves 127.0.0.1 (e.g. Voila's Font Awesome CDN)."""
    host = re.match(r"^[a-z]+://([^/:]+)", route.request.url)
    if host and host.group(1) not in ("127.0.0.1", "localhost"):
        route.abort()
    else:
        route.continue_()


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


# a widget's custom message in a kernel message's JSON: its type
CUSTOM = re.compile(rb'"method": ?"custom", ?"content": ?\{"type": ?"([a-z-]+)"')


class KernelTraffic:
    """What a page and its kernels say over their websockets: bytes of each frame both ways,
    and every error the kernel reports (an exception in a widget callback shows nowhere on
    the page). Watch before the page loads."""

    def __init__(self, page: Page):
        self.up: list[int] = []  # bytes of each frame the page sent
        self.down: list[int] = []
        self.errors: list[str] = []
        self.custom: list[tuple[str, str]] = []  # ("up"/"down", a widget's custom message type)
        page.on("websocket", self._watch)

    def _watch(self, ws) -> None:
        ws.on("framesent", self._sent)
        ws.on("framereceived", self._received)

    def _note_custom(self, way: str, data: bytes) -> None:
        found = CUSTOM.search(data[:4000])
        if found:
            self.custom.append((way, found.group(1).decode()))

    def _sent(self, payload: str | bytes) -> None:
        self.up.append(len(payload))
        self._note_custom("up", payload if isinstance(payload, bytes) else payload.encode())

    def _received(self, payload: str | bytes) -> None:
        self.down.append(len(payload))
        data = payload if isinstance(payload, bytes) else payload.encode()
        self._note_custom("down", data)
        if re.search(rb'"msg_type": ?"error"', data[:2000]):
            found = re.search(rb'"ename": ?"([^"]*)", ?"evalue": ?"([^"]{0,200})', data)
            self.errors.append(b": ".join(found.groups()).decode() if found else "error")

    def mark(self) -> tuple[int, int, int]:
        """Frames so far each way (and custom messages), to count what comes after."""
        return len(self.up), len(self.down), len(self.custom)

    def asked_since(
        self, mark: tuple[int, int, int], ask: str, answer: str
    ) -> tuple[int, int, int]:
        """Custom messages `ask` the page sent and `answer` it received since `mark`, and the
        most asks unanswered at once."""
        waiting = most = asked = answered = 0
        for way, kind in self.custom[mark[2] :]:
            if (way, kind) == ("up", ask):
                asked, waiting = asked + 1, waiting + 1
                most = max(most, waiting)
            elif (way, kind) == ("down", answer):
                answered, waiting = answered + 1, max(0, waiting - 1)
        return asked, answered, most

    def since(self, mark: tuple[int, int]) -> tuple[int, int]:
        """Bytes up and down since `mark`."""
        return sum(self.up[mark[0] :]), sum(self.down[mark[1] :])
